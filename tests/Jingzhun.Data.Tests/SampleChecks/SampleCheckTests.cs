using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.SampleChecks;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.SampleChecks;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.SampleChecks;

/// <summary>
/// 抽检核查 on both engines: a village's identification list reaches 乡镇审核; the township draws its 20% sample from a
/// stored seed; while the check is open the list cannot pass the township, neither as a list decision nor case by case
/// (and nothing moves); once every sampled case has a finding and the check is closed with a conclusion, the list passes.
/// The county's check of the township's list holds 县级审定 the same way. Wrong roles are refused, with nothing stored.
/// </summary>
public sealed class SampleCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Township = "990121001000";
    private const string Village = "990121001001";
    private const int Year = 2026;
    private static readonly DateTime March1 = new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly StepInput Approve = new("同意", VotesFor: 9, VotesAgainst: 1);

    private static JingzhunDbContext As(TestDatabase database, string user) =>
        JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)));

    private static async Task<(TestDatabase Database, long BatchId)> ListAtTownshipReviewAsync(DatabaseProvider provider, TestFolder folder, int size)
    {
        var database = await (await TestDatabase.CreateAsync(provider, folder, "samplechecks"))
            .WithDemoAsync(new DemoOptions(40, 7, Townships: 1, VillagesPerTownship: 2));
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var ids = await system.Households.Where(h => h.VillageCode == Village && h.Status != HouseholdStatus.Poor && h.Status != HouseholdStatus.Returned
                && h.Status != HouseholdStatus.Removed && !system.Cases.Any(c => c.HouseholdId == h.Id && c.ClosedAt == null))
            .OrderBy(h => h.Id).Select(h => h.Id).Take(size).ToListAsync(Ct);
        Assert.Equal(size, ids.Count);
        var batch = await CaseWorkflow.OpenVillageListAsync(system, CaseKind.Identification, Village, Year, ids, "2026年贫困户识别名单", March1, Ct);
        // 申请 → 民主评议 → 入户核实 → 村级公示; after the notice has run, → 乡镇审核.
        for (var i = 0; i < 3; i++) await CaseWorkflow.DecideListAsync(system, batch.Id, new Dictionary<long, string?>(), Approve, March1, Ct);
        await CaseWorkflow.DecideListAsync(system, batch.Id, new Dictionary<long, string?>(), Approve, March1.AddDays(8), Ct);
        return (database, batch.Id);
    }

    private static async Task<List<Stage>> StagesAsync(TestDatabase database, long batchId)
    {
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        return await system.Cases.Where(c => c.BatchId == batchId).OrderBy(c => c.Id).Select(c => c.Stage).ToListAsync(Ct);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_townships_list_cannot_pass_while_its_sample_check_is_open_and_passes_after_it_is_closed(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        var (database, batchId) = await ListAtTownshipReviewAsync(provider, folder, 6);
        await using var _ = database;
        Assert.All(await StagesAsync(database, batchId), s => Assert.Equal(Stage.TownshipReview, s));
        var when = March1.AddDays(9);

        // A village clerk may not draw the township's sample; nothing is stored.
        await using (var village = As(database, "village"))
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => SampleCheckSteps.OpenAsync(village, SampleCheckLevel.Township, Village, Year, when, seed: 42, ct: Ct));

        long checkId;
        await using (var township = As(database, "township"))
        {
            var check = await SampleCheckSteps.OpenAsync(township, SampleCheckLevel.Township, Village, Year, when, seed: 42, ct: Ct);
            checkId = check.Id;
            Assert.Equal(6, check.Population);
            Assert.Equal(0.20m, check.Share);
            Assert.Equal(2, check.Items.Count); // 20% of 6, rounded up
            Assert.Equal(42, check.Seed);
        }
        // The same seed over the same list draws the same cases (a second check of another engine's ids would too: drawn by household number).
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var numbers = await system.Cases.Where(c => c.BatchId == batchId).Select(c => c.Household!.Number).ToListAsync(Ct);
            var drawn = await system.SampleCheckItems.Where(i => i.SampleCheckId == checkId).OrderBy(i => i.Id).Select(i => i.Case!.Household!.Number).ToListAsync(Ct);
            Assert.Equal(ListSample.Draw(numbers, 0.20m, 42), drawn);
        }

        // While the check is open, the list does not pass the township: not as a list, not case by case, and not for the system either.
        await using (var township = As(database, "township"))
        {
            var blocked = await Assert.ThrowsAsync<WorkflowBlockedException>(() =>
                CaseWorkflow.DecideListAsync(township, batchId, new Dictionary<long, string?>(), Approve, when, Ct));
            Assert.Contains("乡镇抽检", blocked.Chinese);
            var oneCase = await township.Cases.Where(c => c.BatchId == batchId).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(Ct);
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => CaseWorkflow.AdvanceAsync(township, oneCase, Approve, when, Ct));
            // Closing needs a finding on every sampled case and a conclusion.
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => SampleCheckSteps.CloseAsync(township, checkId, "抽检无问题", when, Ct));
        }
        Assert.All(await StagesAsync(database, batchId), s => Assert.Equal(Stage.TownshipReview, s));
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => CaseWorkflow.DecideListAsync(system, batchId, new Dictionary<long, string?>(), Approve, when, Ct));

        await using (var township = As(database, "township"))
        {
            var view = (await SampleCheckSteps.FindAsync(township, checkId, Ct))!;
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => SampleCheckSteps.RecordAsync(township, view.Items[0].Id, SampleFinding.Problem, " ", when, Ct));
            await SampleCheckSteps.RecordAsync(township, view.Items[0].Id, SampleFinding.Confirmed, "入户核实，情况属实", when, Ct);
            await SampleCheckSteps.RecordAsync(township, view.Items[1].Id, SampleFinding.Problem, "家庭收入漏报务工收入，已要求村里补正", when, Ct);
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => SampleCheckSteps.CloseAsync(township, checkId, "  ", when, Ct));
            await SampleCheckSteps.CloseAsync(township, checkId, "抽检2户，1户属实，1户收入漏报已补正", when, Ct);
            var lists = await SampleCheckSteps.ListsAsync(township, Township, Year, Ct);
            Assert.Equal("已抽检", lists.Single(l => l.RegionCode == Village && l.Level == SampleCheckLevel.Township).State.Chinese);

            await CaseWorkflow.DecideListAsync(township, batchId, new Dictionary<long, string?>(), Approve, when, Ct);
        }
        Assert.All(await StagesAsync(database, batchId), s => Assert.Equal(Stage.SecondNotice, s));

        // After the township's notice the list waits at 县级审定; the county's check of the township's list holds it there.
        await using (var township = As(database, "township"))
            await CaseWorkflow.DecideListAsync(township, batchId, new Dictionary<long, string?>(), Approve, when.AddDays(8), Ct);
        Assert.All(await StagesAsync(database, batchId), s => Assert.Equal(Stage.CountyApproval, s));
        await using (var township = As(database, "township"))
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => SampleCheckSteps.OpenAsync(township, SampleCheckLevel.County, Township, Year, when.AddDays(9), seed: 7, ct: Ct));
        await using (var county = As(database, "county"))
        {
            var check = await SampleCheckSteps.OpenAsync(county, SampleCheckLevel.County, Township, Year, when.AddDays(9), seed: 7, ct: Ct);
            Assert.Single(check.Items); // 10% of 6, rounded up
            await Assert.ThrowsAsync<WorkflowBlockedException>(() =>
                CaseWorkflow.DecideListAsync(county, batchId, new Dictionary<long, string?>(), Approve, when.AddDays(9), Ct));
            await SampleCheckSteps.RecordAsync(county, check.Items[0].Id, SampleFinding.Confirmed, "", when.AddDays(9), Ct);
            await SampleCheckSteps.CloseAsync(county, check.Id, "抽检1户，情况属实", when.AddDays(9), Ct);
            await CaseWorkflow.DecideListAsync(county, batchId, new Dictionary<long, string?>(), Approve, when.AddDays(9), Ct);
        }
        Assert.All(await StagesAsync(database, batchId), s => Assert.Equal(Stage.Announcement, s));

        // Every step is in the audit log.
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            Assert.True(await system.AuditEntries.CountAsync(a => a.EntityType == nameof(SampleCheck), Ct) >= 4);
            Assert.True(await system.AuditEntries.CountAsync(a => a.EntityType == nameof(SampleCheckItem), Ct) >= 3);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_list_that_passed_without_a_check_shows_as_not_sampled_and_the_context_is_no_side_door(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        var (database, batchId) = await ListAtTownshipReviewAsync(provider, folder, 3);
        await using var _ = database;
        await using (var township = As(database, "township"))
        {
            await CaseWorkflow.DecideListAsync(township, batchId, new Dictionary<long, string?>(), Approve, March1.AddDays(9), Ct);
            var row = (await SampleCheckSteps.ListsAsync(township, Township, Year, Ct)).Single(l => l.RegionCode == Village && l.Level == SampleCheckLevel.Township);
            Assert.Equal("未抽检", row.State.Chinese);
            Assert.Equal(3, row.Passed);
        }
        // A village clerk cannot write a check through the context either.
        await using (var village = As(database, "village"))
        {
            village.SampleChecks.Add(new SampleCheck { Level = SampleCheckLevel.Township, RegionCode = Village, Year = Year, Seed = 1, Share = 0.2m });
            await Assert.ThrowsAsync<ScopeViolationException>(() => village.SaveChangesAsync(Ct));
        }
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            Assert.Equal(0, await system.SampleChecks.CountAsync(Ct));
    }
}
