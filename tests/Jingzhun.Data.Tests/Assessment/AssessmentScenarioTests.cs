using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Rules;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Assessment;

/// <summary>
/// The whole of issue 17's county-exit path through the real services, on the demo county: the province draws a
/// special assessment, the assessor records a form for every household of its sample, the project closes, and the
/// nation's exit step reads the rates those forms give. Too many wrong exits refuse the exit; a second assessment whose
/// forms are good lets it pass. Nobody types a rate anywhere.
/// </summary>
public sealed class AssessmentScenarioTests
{
    private const string County = "990121000000";
    private const int Year = 2025;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Clock(DateTime start) : TimeProvider
    {
        public DateTime Now { get; private set; } = start;
        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
        public void Advance(TimeSpan by) => Now += by;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Forms_recorded_by_the_assessor_decide_the_county_exit_at_the_national_step(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        // The web host's demo size: households not registered as poor are rare in the demo (the registry is of the poor), and
        // at this size the drawn villages hold some for the missed-identification rate.
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "scenario")).WithDemoAsync(800);
        var clock = new Clock(new DateTime(2026, 5, 4, 8, 0, 0, DateTimeKind.Utc));
        var caseId = await CaseAtNationalAssessmentAsync(database.Target, clock);

        // One exited household in four found below the line: a wrong-exit rate far above 2%.
        var first = await AssessAsync(database.Target, clock, seed: 11, wrongEvery: 4);
        await using (var nation = As(database.Target, "nation", clock))
        {
            var rates = (await AssessmentResults.CountyRatesAsync(nation, County, Ct))!;
            Assert.Equal(first, rates.ProjectId);
            Assert.True(rates.County.WrongExit!.Rate > 0.02m, $"wrong-exit rate {rates.County.WrongExit.Rate}");
            Assert.True(rates.County.WrongExit.Low <= rates.County.WrongExit.Rate && rates.County.WrongExit.Rate <= rates.County.WrongExit.High);
            var refused = await Assert.ThrowsAsync<WorkflowBlockedException>(() =>
                CaseWorkflow.AdvanceAsync(nation, caseId, new StepInput("专项评估检查"), clock.Now, Ct));
            Assert.Contains("错退率", refused.Text.Chinese, StringComparison.Ordinal);
        }
        await using (var check = JingzhunDb.Create(database.Target, AccessScope.System("test"), clock))
        {
            Assert.Equal(Stage.NationalAssessment, (await check.Cases.SingleAsync(c => c.Id == caseId, Ct)).Stage);
            var failed = await check.Decisions.Where(d => d.RegionCode == County && d.Rule == AreaRules.CountyExitRule).SingleAsync(Ct);
            Assert.False(failed.Passed);
            Assert.Contains("wrong-exit", RuleBook.ReadTrace(failed)!.Failed.Select(c => c.Code));
        }

        // The county is checked again after rectification: every form good, the latest closed assessment passes.
        clock.Advance(TimeSpan.FromDays(40));
        var second = await AssessAsync(database.Target, clock, seed: 12, wrongEvery: 0);
        await using (var nation = As(database.Target, "nation", clock))
        {
            Assert.Equal(second, (await AssessmentResults.CountyRatesAsync(nation, County, Ct))!.ProjectId);
            await CaseWorkflow.AdvanceAsync(nation, caseId, new StepInput("专项评估检查通过"), clock.Now, Ct);
        }
        await using var after = JingzhunDb.Create(database.Target, AccessScope.System("test"), clock);
        Assert.Equal(Stage.CountyExited, (await after.Cases.SingleAsync(c => c.Id == caseId, Ct)).Stage);
        var decisions = await after.Decisions.Where(d => d.RegionCode == County && d.Rule == AreaRules.CountyExitRule).OrderBy(d => d.Id).ToListAsync(Ct);
        Assert.Equal([false, true], decisions.Select(d => d.Passed));
        // Every rate in the passing decision is the computed one, with its interval and sample.
        Assert.All(RuleBook.ReadTrace(decisions[1])!.Criteria.Where(c => c.Code != "incidence"),
            c => Assert.Contains("置信区间", c.Chinese, StringComparison.Ordinal));
    }

    /// <summary>
    /// One special assessment of the demo county from draft to close through the services, as the province and the demo
    /// assessor would run it; every <paramref name="wrongEvery"/>-th exited household (0: none) is found below the line.
    /// </summary>
    private static async Task<long> AssessAsync(DatabaseTarget target, Clock clock, long seed, int wrongEvery)
    {
        long id;
        await using (var province = As(target, "province", clock))
        {
            id = (await AssessmentProjects.CreateAsync(province, new ProjectInput($"示例县退出专项评估检查{seed}", Year, AssessmentKind.CountyExit,
                SampleDesign.TwoStageCluster, [County], seed, 0.05m, 0.95m, 0.1m, 0.05m, 3, 3), clock.Now, Ct)).Id;
            province.ChangeTracker.Clear();
            await AssessmentProjects.DrawAsync(province, id, clock.Now, Ct);
            province.ChangeTracker.Clear();
            var assessor = await province.Accounts.Where(a => a.UserName == "assessor").Select(a => a.Id).SingleAsync(Ct);
            await AssessmentProjects.AssignAsync(province, id, [assessor], clock.Now, Ct);
            province.ChangeTracker.Clear();
            await AssessmentProjects.StartVisitsAsync(province, id, clock.Now, Ct);
        }
        clock.Advance(TimeSpan.FromDays(3));
        await using (var assessor = As(target, "assessor", clock))
        {
            var mine = await assessor.SampledHouseholds.AsNoTracking().Where(s => s.ProjectId == id).OrderBy(s => s.Frame).ThenBy(s => s.DrawOrder).ToListAsync(Ct);
            Assert.NotEmpty(mine);
            // The drawn villages hold unregistered households to check as well.
            Assert.Contains(mine, m => m.Frame == SampleFrame.Unregistered);
            var today = DateOnly.FromDateTime(clock.Now);
            var exited = 0;
            foreach (var sample in mine)
            {
                var wrong = sample.Frame == SampleFrame.Exited && wrongEvery > 0 && ++exited % wrongEvery == 0;
                var form = new FormInput(today, wrong ? 900m : 25_000m, true, true, true, true, true,
                    sample.Frame == SampleFrame.Exited ? ExitRecognition.Recognises : null, wrong ? "收入低于标准" : null);
                Assert.NotNull(await AssessmentForms.RecordAsync(assessor, sample.Id, form, Guid.NewGuid(), clock.Now, Ct));
                assessor.ChangeTracker.Clear();
            }
        }
        clock.Advance(TimeSpan.FromDays(1));
        await using (var province = As(target, "province", clock))
            await AssessmentProjects.CloseAsync(province, id, "入户核查完成", clock.Now, Ct);
        clock.Advance(TimeSpan.FromDays(1));
        return id;
    }

    /// <summary>The demo county's exit case (the demo's own when it has one), moved by system work up to the national assessment.</summary>
    private static async Task<long> CaseAtNationalAssessmentAsync(DatabaseTarget target, Clock clock)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"), clock);
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Kind == CaseKind.CountyExit && x.RegionCode == County && x.ClosedAt == null, Ct);
        if (c is null)
        {
            var figures = await AreaExit.CountyFiguresAsync(db, County, Ct);
            var proposal = RuleBook.Store(db, AreaRules.EvaluateCountyProposal(figures, await RuleBook.ForAsync(db, County, Year, Ct)), null, clock.Now, County);
            await db.SaveChangesAsync(Ct);
            c = await CaseWorkflow.OpenAreaCaseAsync(db, CaseKind.CountyExit, County, Year, proposal.Id, "申请摘帽", clock.Now, Ct);
        }
        while (c.Stage != Stage.NationalAssessment)
        {
            clock.Advance(TimeSpan.FromDays(WorkflowRules.IsNotice(c.Stage) ? 30 : 1));
            c = await CaseWorkflow.AdvanceAsync(db, c.Id, new StepInput("同意"), clock.Now, Ct);
        }
        return c.Id;
    }

    /// <summary>A context as the demo account stored in the database (its id is the one the sample is assigned to).</summary>
    private static JingzhunDbContext As(DatabaseTarget target, string user, Clock clock)
    {
        using var system = JingzhunDb.Create(target, AccessScope.System("test"), clock);
        return JingzhunDb.Create(target, AccessScope.For(system.Accounts.AsNoTracking().Single(a => a.UserName == user)), clock);
    }
}
