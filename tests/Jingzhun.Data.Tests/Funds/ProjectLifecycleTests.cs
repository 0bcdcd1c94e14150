using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Funds;

/// <summary>
/// The project library on both engines: a project runs its whole lifecycle, each step by its own role (village proposes,
/// township reviews, county approves, the plan disclosure runs, township starts and completes, the completion disclosure
/// runs, county accepts and hands over once an asset exists, the village operates), and every wrong role is refused with
/// nothing changed; an open objection holds the start; the stage cannot be moved around the lifecycle.
/// </summary>
public sealed class ProjectLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Clock(DateTime start) : TimeProvider
    {
        public DateTime Now { get; private set; } = start;
        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
        public void Advance(TimeSpan by) => Now += by;
    }

    private sealed record World(TestDatabase Database, Clock Clock, string Village, string Township, string County, long Household, long OtherVillageHousehold)
    {
        private readonly List<JingzhunDbContext> _open = [];

        /// <summary>Each step reads the project afresh, as each web request does.</summary>
        public void ClearAll()
        {
            foreach (var db in _open)
            {
                try { db.ChangeTracker.Clear(); }
                catch (ObjectDisposedException) { /* a context of one block, done with */ }
            }
        }

        public JingzhunDbContext As(Role role, string region, string name)
        {
            var db = JingzhunDb.Create(Database.Target, AccessScope.For(new Account { UserName = name, DisplayName = name, Role = role, RegionCode = region }), Clock);
            _open.Add(db);
            return db;
        }
        public JingzhunDbContext Village_() => As(Role.VillageClerk, Village, "village");
        public JingzhunDbContext Township_() => As(Role.TownshipOfficer, Township, "township");
        public JingzhunDbContext County_() => As(Role.CountyOfficer, County, "county");
        public JingzhunDbContext Auditor_() => As(Role.Auditor, County, "auditor");
        public JingzhunDbContext System_() => JingzhunDb.Create(Database.Target, AccessScope.System("test"), Clock);
    }

    private static async Task<World> WorldAsync(TestDatabase database)
    {
        var clock = new Clock(new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc));
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"), clock);
        var households = await db.Households.AsNoTracking().OrderBy(h => h.Id).Select(h => new { h.Id, h.VillageCode }).ToListAsync(Ct);
        var first = households[0];
        var other = households.First(h => h.VillageCode != first.VillageCode);
        return new World(database, clock, first.VillageCode, first.VillageCode[..9] + "000", first.VillageCode[..6] + "000000", first.Id, other.Id);
    }

    private static ProjectProposal Proposal(string region, bool decision = true) => new(region, 2026, "高峰村蔬菜大棚", ProjectType.Industry, "新建蔬菜大棚20座",
        "高峰村股份经济合作社", "张三", "脱贫户务工和分红", 0, new DateOnly(2026, 4, 1), new DateOnly(2026, 9, 30),
        decision ? new DateOnly(2026, 2, 20) : null, decision ? 31 : null, decision ? 2 : null, decision ? "村民代表会议讨论通过" : "");

    private static async Task<(ProjectStage Stage, int Steps)> StateAsync(World w, long id)
    {
        w.ClearAll();
        await using var db = w.System_();
        var p = await db.Projects.AsNoTracking().FirstAsync(x => x.Id == id, Ct);
        return (p.Stage, await db.ProjectSteps.CountAsync(s => s.ProjectId == id, Ct));
    }

    private static async Task RefusedAsync(World w, long id, Func<Task> step)
    {
        var before = await StateAsync(w, id);
        await Assert.ThrowsAsync<WorkflowRefusedException>(step);
        Assert.Equal(before, await StateAsync(w, id));
    }

    private static async Task BlockedAsync(World w, long id, Func<Task> step)
    {
        var before = await StateAsync(w, id);
        await Assert.ThrowsAsync<WorkflowBlockedException>(step);
        Assert.Equal(before, await StateAsync(w, id));
    }

    private static async Task<Project> AdvanceAsync(JingzhunDbContext db, World w, long id, string comment = "", DateOnly? on = null)
    {
        w.ClearAll();
        var result = await ProjectLibrary.StepAsync(db, id, ProjectAction.Advance, comment, on, w.Clock.Now, Ct);
        Assert.True(result.Outcome == EditOutcome.Saved, string.Join("; ", result.Errors));
        db.ChangeTracker.Clear();
        return result.Value!;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_project_runs_its_lifecycle_with_the_right_roles_and_is_refused_by_the_wrong_ones(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "projects")).WithDemoAsync(60);
        var w = await WorldAsync(database);
        await using var village = w.Village_();
        await using var township = w.Township_();
        await using var county = w.County_();
        await using var auditor = w.Auditor_();

        // A village proposal needs its 四议两公开 decision; with it the project gets its number and a Propose step.
        var bare = await ProjectLibrary.ProposeAsync(village, Proposal(w.Village, decision: false), w.Clock.Now, Ct);
        Assert.Equal(EditOutcome.Invalid, bare.Outcome);
        Assert.Contains(bare.Errors, e => e.Field == "DeliberatedOn");
        Assert.Contains(bare.Errors, e => e.Field == "DeliberationMinutes");
        var future = await ProjectLibrary.ProposeAsync(village, Proposal(w.Village) with { DeliberatedOn = new DateOnly(2026, 3, 3) }, w.Clock.Now, Ct);
        Assert.Contains(future.Errors, e => e.Field == "DeliberatedOn");
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => ProjectLibrary.ProposeAsync(auditor, Proposal(w.Village), w.Clock.Now, Ct));
        var proposed = await ProjectLibrary.ProposeAsync(village, Proposal(w.Village), w.Clock.Now, Ct);
        Assert.True(proposed.Outcome == EditOutcome.Saved, string.Join("; ", proposed.Errors));
        var id = proposed.Value!.Id;
        Assert.Matches($"^XM2026{w.County[..6]}\\d{{4}}$", proposed.Value.Number);
        var second = (await ProjectLibrary.ProposeAsync(village, Proposal(w.Village) with { Name = "第二个项目" }, w.Clock.Now, Ct)).Value!;
        Assert.Equal(int.Parse(proposed.Value.Number[^4..]) + 1, int.Parse(second.Number[^4..]));
        village.ChangeTracker.Clear();

        // Edits by the proposing level; beneficiaries of the village only.
        var edit = new ProjectEdit("高峰村蔬菜大棚（一期）", ProjectType.Industry, "新建蔬菜大棚20座", "高峰村股份经济合作社", "张三", new DateOnly(2026, 4, 1),
            new DateOnly(2026, 9, 30), 120, "脱贫户务工和分红");
        Assert.Equal(EditOutcome.Saved, (await ProjectLibrary.EditAsync(village, id, edit, w.Clock.Now, Ct)).Outcome);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => ProjectLibrary.EditAsync(township, id, edit with { Name = "乡镇改名" }, w.Clock.Now, Ct));
        var added = await ProjectLibrary.AddBeneficiaryAsync(village, id, w.Household, null, w.Clock.Now, Ct);
        Assert.True(added.Outcome == EditOutcome.Saved, string.Join("; ", added.Errors));
        Assert.Equal(EditOutcome.Invalid, (await ProjectLibrary.AddBeneficiaryAsync(village, id, w.Household, null, w.Clock.Now, Ct)).Outcome);
        var outside = await ProjectLibrary.AddBeneficiaryAsync(county, id, w.OtherVillageHousehold, 3, w.Clock.Now, Ct);
        Assert.Equal(EditOutcome.Invalid, outside.Outcome);
        village.ChangeTracker.Clear();

        // The village may not review, nor the county skip the township.
        await RefusedAsync(w, id, () => ProjectLibrary.StepAsync(village, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        await RefusedAsync(w, id, () => ProjectLibrary.StepAsync(county, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        await RefusedAsync(w, id, () => ProjectLibrary.StepAsync(auditor, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        Assert.Equal(ProjectStage.Reviewed, (await AdvanceAsync(township, w, id, "审核通过")).Stage);
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => ProjectLibrary.EditAsync(village, id, edit, w.Clock.Now, Ct));

        // The county budgets on an allocation it received, within what is left, and approves; the village may not approve.
        await RefusedAsync(w, id, () => ProjectLibrary.StepAsync(village, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        await BlockedAsync(w, id, () => ProjectLibrary.StepAsync(county, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        county.ChangeTracker.Clear();
        long allocationId;
        await using (var system = w.System_())
        {
            var allocation = new FundAllocation
            {
                Year = 2026, Source = FundSource.CentralFiscal, FromCode = w.County[..4] + "00000000", ToCode = w.County, Amount = new Money(300_000m),
                IssuedOn = new DateOnly(2026, 1, 10), Purpose = "产业发展", DocumentNumber = "财农〔2026〕1号",
            };
            system.Allocations.Add(allocation);
            await system.SaveChangesAsync(Ct);
            allocationId = allocation.Id;
            // Another project already budgets 200 000 on it.
            var other = new Project { Name = "他项目", RegionCode = w.Village, Year = 2026, Number = "XM-other-" + provider };
            other.Steps.Add(new ProjectStep { RegionCode = w.Village, From = ProjectStage.Proposed, To = ProjectStage.Proposed, Action = ProjectAction.Propose, Actor = "test", At = w.Clock.Now });
            other.Funding.Add(new ProjectFunding { Source = FundSource.CentralFiscal, AllocationId = allocationId, Amount = new Money(200_000m), RegionCode = w.Village });
            system.Projects.Add(other);
            await system.SaveChangesAsync(Ct);
        }
        var tooMuch = await ProjectLibrary.FundAsync(county, id, new FundingInput(FundSource.CentralFiscal, allocationId, new Money(100_000.01m)), w.Clock.Now, Ct);
        Assert.Contains(tooMuch.Errors, e => e.Field == "Amount");
        var wrongSource = await ProjectLibrary.FundAsync(county, id, new FundingInput(FundSource.ProvinceFiscal, allocationId, new Money(1_000m)), w.Clock.Now, Ct);
        Assert.Contains(wrongSource.Errors, e => e.Field == "Source");
        var line = await ProjectLibrary.FundAsync(county, id, new FundingInput(FundSource.CentralFiscal, allocationId, new Money(100_000m)), w.Clock.Now, Ct);
        Assert.True(line.Outcome == EditOutcome.Saved, string.Join("; ", line.Errors));
        await Assert.ThrowsAsync<WorkflowRefusedException>(() =>
            ProjectLibrary.FundAsync(village, id, new FundingInput(FundSource.Society, null, new Money(5m)), w.Clock.Now, Ct));
        county.ChangeTracker.Clear();
        var approved = await AdvanceAsync(county, w, id, "同意入库");
        Assert.Equal(ProjectStage.Approved, approved.Stage);
        var plan = await county.Disclosures.AsNoTracking().SingleAsync(d => d.ProjectId == id && d.Kind == DisclosureKind.ProjectPlan, Ct);
        Assert.StartsWith("高峰村蔬菜大棚", PublishedContent.Read(plan.Content)!.Name, StringComparison.Ordinal);

        // The plan disclosure runs 10 days; an objection holds the start until it is resolved.
        await BlockedAsync(w, id, () => ProjectLibrary.StepAsync(township, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        township.ChangeTracker.Clear();
        var objection = new DisclosureObjection { DisclosureId = plan.Id, RegionCode = plan.RegionCode, SubmittedBy = "county", Text = "选址有异议" };
        county.DisclosureObjections.Add(objection);
        await county.SaveChangesAsync(Ct);
        w.Clock.Advance(TimeSpan.FromDays(11));
        await BlockedAsync(w, id, () => ProjectLibrary.StepAsync(township, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        township.ChangeTracker.Clear();
        objection = await county.DisclosureObjections.FirstAsync(o => o.Id == objection.Id, Ct);
        objection.Status = ObjectionStatus.Dismissed;
        objection.Outcome = "经核实选址合规";
        objection.ResolvedBy = "county";
        objection.ResolvedAt = w.Clock.Now;
        await county.SaveChangesAsync(Ct);
        county.ChangeTracker.Clear();
        await RefusedAsync(w, id, () => ProjectLibrary.StepAsync(county, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        var future1 = await ProjectLibrary.StepAsync(township, id, ProjectAction.Advance, "", ProjectLibrary.Today(w.Clock.Now).AddDays(1), w.Clock.Now, Ct);
        Assert.Contains(future1.Errors, e => e.Field == "On");
        township.ChangeTracker.Clear();
        var started = await AdvanceAsync(township, w, id, "开工", ProjectLibrary.Today(w.Clock.Now).AddDays(-1));
        Assert.Equal((ProjectStage.Started, ProjectLibrary.Today(w.Clock.Now).AddDays(-1)), (started.Stage, started.StartedOn));
        await using (var system = w.System_())
            Assert.NotNull((await system.Disclosures.AsNoTracking().SingleAsync(d => d.Id == plan.Id, Ct)).ClosedAt);

        // Completion by the township; the township may not accept, the auditor may do nothing.
        w.Clock.Advance(TimeSpan.FromDays(60));
        var completed = await AdvanceAsync(township, w, id, "完工");
        Assert.Equal((ProjectStage.Completed, ProjectLibrary.Today(w.Clock.Now)), (completed.Stage, completed.CompletedOn));
        Assert.True(await county.Disclosures.AnyAsync(d => d.ProjectId == id && d.Kind == DisclosureKind.ProjectCompletion, Ct));
        await RefusedAsync(w, id, () => ProjectLibrary.StepAsync(township, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        await RefusedAsync(w, id, () => ProjectLibrary.StepAsync(auditor, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        await RefusedAsync(w, id, () => ProjectLibrary.StepAsync(auditor, id, ProjectAction.Reject, "不行", null, w.Clock.Now, Ct));
        await BlockedAsync(w, id, () => ProjectLibrary.StepAsync(county, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        county.ChangeTracker.Clear();
        w.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(ProjectStage.Accepted, (await AdvanceAsync(county, w, id, "验收合格")).Stage);

        // Handover needs an asset.
        var blocked = await Assert.ThrowsAsync<WorkflowBlockedException>(() => ProjectLibrary.StepAsync(county, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        Assert.Contains("asset", blocked.Message, StringComparison.OrdinalIgnoreCase);
        county.ChangeTracker.Clear();
        county.Assets.Add(new ProjectAsset { ProjectId = id, RegionCode = w.Village, Name = "蔬菜大棚20座", Class = AssetClass.Operating, Ownership = AssetOwnership.VillageCollective, Value = new Money(100_000m) });
        await county.SaveChangesAsync(Ct);
        county.ChangeTracker.Clear();
        await RefusedAsync(w, id, () => ProjectLibrary.StepAsync(village, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        Assert.Equal(ProjectStage.HandedOver, (await AdvanceAsync(county, w, id, "移交村集体")).Stage);
        await RefusedAsync(w, id, () => ProjectLibrary.StepAsync(auditor, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        Assert.Equal(ProjectStage.Operating, (await AdvanceAsync(village, w, id, "投入运营")).Stage);
        await BlockedAsync(w, id, () => ProjectLibrary.StepAsync(village, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));

        await using (var system = w.System_())
        {
            var steps = await system.ProjectSteps.AsNoTracking().Where(s => s.ProjectId == id).OrderBy(s => s.Id).ToListAsync(Ct);
            Assert.Equal([ProjectStage.Proposed, ProjectStage.Reviewed, ProjectStage.Approved, ProjectStage.Started, ProjectStage.Completed,
                ProjectStage.Accepted, ProjectStage.HandedOver, ProjectStage.Operating], steps.Select(s => s.To));
            Assert.Equal(["village", "township", "county", "township", "township", "county", "county", "village"], steps.Select(s => s.Actor));
            Assert.Equal(nameof(Role.TownshipOfficer), steps[1].Role);
            Assert.Equal("审核通过", steps[1].Comment);
            var detail = (await ProjectLibrary.DetailAsync(w.County_(), id, w.Clock.Now, Ct))!;
            Assert.Equal(new Money(100_000m), detail.Budget);
            Assert.Single(detail.Beneficiaries);
            Assert.Equal(2, detail.Disclosures.Count);
        }

        // Side door: the stage changed through the context without a step is refused.
        await using (var side = w.County_())
        {
            var p = await side.Projects.FirstAsync(x => x.Id == id, Ct);
            p.Stage = ProjectStage.Proposed;
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => side.SaveChangesAsync(Ct));
        }
        Assert.Equal(ProjectStage.Operating, (await StateAsync(w, id)).Stage);

        // The list: the area's projects with budget, beneficiaries; filters by stage.
        var list = (await ProjectLibrary.ListAsync(w.County_(), w.County, 2026, ProjectStage.Operating, null, 1, 20, Ct))!;
        var row = Assert.Single(list.Rows, r => r.Id == id);
        Assert.Equal((new Money(100_000m), 1), (row.Budget, row.Households));
        Assert.DoesNotContain(list.Rows, r => r.Stage != ProjectStage.Operating);
        Assert.Null(await ProjectLibrary.ListAsync(w.Village_(), w.Township.Replace(w.Township[6..9], w.Township[6..9] == "001" ? "002" : "001"), null, null, null, 1, 20, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Return_and_reject_need_a_reason_and_a_rejected_project_is_final(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "projects-return")).WithDemoAsync(20);
        var w = await WorldAsync(database);
        await using var village = w.Village_();
        await using var township = w.Township_();
        var id = (await ProjectLibrary.ProposeAsync(village, Proposal(w.Village), w.Clock.Now, Ct)).Value!.Id;

        Assert.Contains((await ProjectLibrary.StepAsync(township, id, ProjectAction.Return, " ", null, w.Clock.Now, Ct)).Errors, e => e.Field == "Comment");
        await RefusedAsync(w, id, () => ProjectLibrary.StepAsync(village, id, ProjectAction.Return, "自己退回", null, w.Clock.Now, Ct));
        var back = await ProjectLibrary.StepAsync(township, id, ProjectAction.Return, "补充预算", null, w.Clock.Now, Ct);
        Assert.Equal(ProjectStage.Proposed, back.Value!.Stage);
        township.ChangeTracker.Clear();
        var rejected = await ProjectLibrary.StepAsync(township, id, ProjectAction.Reject, "不符合规划", null, w.Clock.Now, Ct);
        Assert.Equal(ProjectStage.Rejected, rejected.Value!.Stage);
        township.ChangeTracker.Clear();
        await BlockedAsync(w, id, () => ProjectLibrary.StepAsync(township, id, ProjectAction.Advance, "", null, w.Clock.Now, Ct));
        await using var system = w.System_();
        var steps = await system.ProjectSteps.AsNoTracking().Where(s => s.ProjectId == id).OrderBy(s => s.Id).ToListAsync(Ct);
        Assert.Equal([(ProjectAction.Propose, ""), (ProjectAction.Return, "补充预算"), (ProjectAction.Reject, "不符合规划")], steps.Select(s => (s.Action, s.Comment)));
    }
}
