using Jingzhun.Data.Access;
using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Assessment;

/// <summary>
/// The nation approves a county's exit on the rates its closed special assessment computed, never on typed ones: the
/// move from the national assessment to the exit is refused without a closed assessment and when a rate fails its
/// limit (the failing decision is kept with its trace), and passes with good rates. The assessment's rows are built
/// directly, as the sampling and forms parts would leave them.
/// </summary>
public sealed class CountyExitAssessmentTests
{
    private const string County = "990121000000";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Clock(DateTime start) : TimeProvider
    {
        public DateTime Now { get; private set; } = start;
        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
        public void Advance(TimeSpan by) => Now += by;
    }

    private static readonly AccessScope Nation = AccessScope.For(DemoAccounts.All.Single(a => a.UserName == "nation"));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_nation_approves_the_exit_on_good_computed_rates_and_keeps_the_decision_with_the_intervals(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "exit-good")).WithRegionsAsync();
        var clock = new Clock(new DateTime(2026, 5, 4, 8, 0, 0, DateTimeKind.Utc));
        await SeedAssessmentAsync(database.Target, clock, wrongExits: 0, AssessmentState.Closed);
        var caseId = await CaseAtNationalAssessmentAsync(database.Target, clock);

        await using (var nation = JingzhunDb.Create(database.Target, Nation, clock))
            await CaseWorkflow.AdvanceAsync(nation, caseId, new StepInput("评估通过"), clock.Now, Ct);

        await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"), clock);
        Assert.Equal(Stage.CountyExited, (await check.Cases.SingleAsync(c => c.Id == caseId, Ct)).Stage);
        var stored = await check.Decisions.Where(d => d.RegionCode == County && d.Rule == AreaRules.CountyExitRule).SingleAsync(Ct);
        Assert.True(stored.Passed);
        Assert.Equal("nation", stored.Actor);
        var decision = RuleBook.ReadTrace(stored)!;
        var wrongExit = decision.Criteria.Single(c => c.Code == "wrong-exit");
        Assert.StartsWith("错退率0.00%（95%置信区间0.00%–0.00%，样本30户）", wrongExit.Chinese, StringComparison.Ordinal);
        Assert.Contains("样本30户", decision.Criteria.Single(c => c.Code == "recognition").Chinese, StringComparison.Ordinal);
        Assert.Contains("样本12户", decision.Criteria.Single(c => c.Code == "missed").Chinese, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_wrong_exit_rate_above_its_limit_refuses_the_exit_and_the_failing_decision_is_kept(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "exit-bad")).WithRegionsAsync();
        var clock = new Clock(new DateTime(2026, 5, 4, 8, 0, 0, DateTimeKind.Utc));
        await SeedAssessmentAsync(database.Target, clock, wrongExits: 3, AssessmentState.Closed); // 3 of 30 = 10%
        var caseId = await CaseAtNationalAssessmentAsync(database.Target, clock);

        await using (var nation = JingzhunDb.Create(database.Target, Nation, clock))
        {
            var refused = await Assert.ThrowsAsync<WorkflowBlockedException>(() =>
                CaseWorkflow.AdvanceAsync(nation, caseId, new StepInput("评估"), clock.Now, Ct));
            Assert.Contains("错退率10.00%", refused.Text.Chinese, StringComparison.Ordinal);
            Assert.Contains("Wrong-exit rate 10.00%", refused.Text.English, StringComparison.Ordinal);
            Assert.DoesNotContain("漏评率", refused.Text.Chinese, StringComparison.Ordinal); // only what failed is named
        }

        await using (var check = JingzhunDb.Create(database.Target, AccessScope.System("test"), clock))
        {
            Assert.Equal(Stage.NationalAssessment, (await check.Cases.SingleAsync(c => c.Id == caseId, Ct)).Stage);
            var stored = await check.Decisions.Where(d => d.RegionCode == County && d.Rule == AreaRules.CountyExitRule).SingleAsync(Ct);
            Assert.False(stored.Passed);
            Assert.Equal(["wrong-exit"], RuleBook.ReadTrace(stored)!.Failed.Select(c => c.Code));
            Assert.Null((await check.Regions.SingleAsync(r => r.Code == County && r.ValidTo == null, Ct)).ExitedYear);
        }

        // The national officer sends the case back, as for any failed check.
        await using (var nation = JingzhunDb.Create(database.Target, Nation, clock))
            await CaseWorkflow.ReturnAsync(nation, caseId, "错退率超标，退回省级核查", clock.Now, Ct);
        await using var after = JingzhunDb.Create(database.Target, AccessScope.System("test"), clock);
        Assert.Equal(WorkflowRules.ReturnStage(CaseKind.CountyExit), (await after.Cases.SingleAsync(c => c.Id == caseId, Ct)).Stage);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Without_a_closed_special_assessment_the_exit_is_refused(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "exit-none")).WithRegionsAsync();
        var clock = new Clock(new DateTime(2026, 5, 4, 8, 0, 0, DateTimeKind.Utc));
        await SeedAssessmentAsync(database.Target, clock, wrongExits: 0, AssessmentState.Visiting); // good forms, but not closed
        var caseId = await CaseAtNationalAssessmentAsync(database.Target, clock);

        await using var nation = JingzhunDb.Create(database.Target, Nation, clock);
        var refused = await Assert.ThrowsAsync<WorkflowBlockedException>(() =>
            CaseWorkflow.AdvanceAsync(nation, caseId, new StepInput("评估"), clock.Now, Ct));
        Assert.Contains("no closed national special assessment", refused.Text.English, StringComparison.Ordinal);
        Assert.Contains("国家专项评估检查", refused.Text.Chinese, StringComparison.Ordinal);
        await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"), clock);
        Assert.Equal(Stage.NationalAssessment, (await check.Cases.SingleAsync(c => c.Id == caseId, Ct)).Stage);
        Assert.False(await check.Decisions.AnyAsync(d => d.RegionCode == County && d.Rule == AreaRules.CountyExitRule, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_county_rates_are_computed_per_county_and_township_from_the_recorded_forms(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "exit-rates")).WithRegionsAsync();
        var clock = new Clock(new DateTime(2026, 5, 4, 8, 0, 0, DateTimeKind.Utc));
        await SeedAssessmentAsync(database.Target, clock, wrongExits: 3, AssessmentState.Closed);

        await using var nation = JingzhunDb.Create(database.Target, Nation, clock);
        var rates = (await AssessmentResults.CountyRatesAsync(nation, County, Ct))!;
        Assert.Equal(0.1m, rates.County.WrongExit!.Rate);
        Assert.Equal(30, rates.County.WrongExit.Households);
        Assert.Equal(6, rates.County.WrongExit.Clusters);
        Assert.Equal(0m, rates.County.Missed!.Rate);
        // One recorded household of each township's first village said 说不清: not recognising. 28 of 30.
        Assert.Equal(0.933333m, rates.County.Recognition!.Rate);
        Assert.True(rates.County.Recognition.Low < rates.County.Recognition.Rate);
        Assert.False(rates.Passed);
        Assert.Equal(2, rates.Townships.Count);
        // The three wrong exits are all in township 001: 3 of 15 there, none in 002.
        Assert.Equal(0.2m, rates.Townships.Single(t => t.Code == "990121001000").WrongExit!.Rate);
        Assert.Equal(0m, rates.Townships.Single(t => t.Code == "990121002000").WrongExit!.Rate);
        Assert.Equal(42, rates.County.Households);
        Assert.Equal(6, rates.County.Villages);

        // The county itself reads its results once closed; an assessor reads none; an unrecorded form counts nowhere.
        await using (var county = JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == "county")), clock))
            Assert.Equal(0.1m, (await AssessmentResults.CountyRatesAsync(county, County, Ct))!.County.WrongExit!.Rate);
        await using (var assessor = JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == "assessor")), clock))
            Assert.Null(await AssessmentResults.CountyRatesAsync(assessor, County, Ct));
    }

    /// <summary>
    /// A two-stage county-exit assessment of the demo county: townships 001 and 002, three villages each, five exited
    /// households (weight 20) and two unregistered households (weight 30) recorded per village; the first
    /// <paramref name="wrongExits"/> exited households of township 001 judged exited wrongly; one household
    /// cannot say whether it recognises its exit (in the first village of each township); one more drawn household per village is never recorded.
    /// </summary>
    private static async Task SeedAssessmentAsync(DatabaseTarget target, Clock clock, int wrongExits, AssessmentState state)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"), clock);
        var project = new AssessmentProject
        {
            Name = "2026年示例县退出专项评估检查", Year = 2025, Kind = AssessmentKind.CountyExit, Design = SampleDesign.TwoStageCluster, State = state,
            OrganiserCode = "000000000000", OrganiserPrefix = "", Seed = 1, CreatedBy = "nation", CreatedAt = clock.Now.AddDays(-30),
            SampledAt = clock.Now.AddDays(-29), VisitsStartedAt = clock.Now.AddDays(-20), ClosedAt = state == AssessmentState.Closed ? clock.Now.AddDays(-1) : null,
            ClosedReason = state == AssessmentState.Closed ? "核查完成" : null,
        };
        project.Counties.Add(new AssessmentCounty { CountyCode = County[..6], ExitedFrame = 600, VillageFrame = 12, VillagesDrawn = 6, SampleSize = 30 });
        db.AssessmentProjects.Add(project);
        await db.SaveChangesAsync(Ct);
        var phase = state == AssessmentState.Closed ? SamplePhase.Closed : SamplePhase.Visiting;
        var order = 0;
        var wrong = wrongExits;
        foreach (var township in new[] { "990121001", "990121002" })
            for (var v = 1; v <= 3; v++)
            {
                var village = $"{township}{v:000}";
                SampledHousehold Row(SampleFrame frame, decimal weight, bool recorded) => new()
                {
                    ProjectId = project.Id, CountyCode = County[..6], Stratum = township + "000", VillageCode = village, OrganiserPrefix = "", Phase = phase,
                    Frame = frame, FoundName = $"户{++order}", DrawOrder = order, Weight = weight,
                    RecordedAt = recorded ? clock.Now.AddDays(-5) : null, RecordedBy = recorded ? "assessor" : null,
                };
                for (var h = 0; h < 5; h++)
                {
                    var row = Row(SampleFrame.Exited, 20m, recorded: true);
                    row.Finding = township.EndsWith("001", StringComparison.Ordinal) && wrong-- > 0;
                    row.Recognition = h == 0 && v == 1 ? ExitRecognition.CannotSay : ExitRecognition.Recognises;
                    db.SampledHouseholds.Add(row);
                }
                for (var h = 0; h < 2; h++)
                {
                    var row = Row(SampleFrame.Unregistered, 30m, recorded: true);
                    row.Finding = false;
                    db.SampledHouseholds.Add(row);
                }
                db.SampledHouseholds.Add(Row(SampleFrame.Exited, 20m, recorded: false));
            }
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>The county's exit case, proposed and moved by the system up to the national assessment.</summary>
    private static async Task<long> CaseAtNationalAssessmentAsync(DatabaseTarget target, Clock clock)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"), clock);
        var figures = await Exit.AreaExit.CountyFiguresAsync(db, County, Ct);
        var proposal = RuleBook.Store(db, AreaRules.EvaluateCountyProposal(figures, await RuleBook.ForAsync(db, County, 2025, Ct)), null, clock.Now, County);
        await db.SaveChangesAsync(Ct);
        var c = await CaseWorkflow.OpenAreaCaseAsync(db, CaseKind.CountyExit, County, 2025, proposal.Id, "申请摘帽", clock.Now, Ct);
        while (c.Stage != Stage.NationalAssessment)
        {
            clock.Advance(TimeSpan.FromDays(WorkflowRules.IsNotice(c.Stage) ? 30 : 1));
            c = await CaseWorkflow.AdvanceAsync(db, c.Id, new StepInput("同意"), clock.Now, Ct);
        }
        return c.Id;
    }
}
