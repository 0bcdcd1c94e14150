using Jingzhun.Data.Access;
using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Assessment;

/// <summary>
/// Assessment projects on both engines: the same seed draws the same households on SQLite and PostgreSQL; a project runs
/// from draft to close by the organiser alone (county officer, auditor, cadre refused at every step, a second draw
/// refused); the drawn sample is hidden from the county, township and village until the visits start; an assessor sees
/// only its own households, and nothing once the project closes.
/// </summary>
public sealed class SamplingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
    private const string County = "990121000000";

    private static async Task<TestDatabase> DemoAsync(DatabaseProvider provider, TestFolder folder, string name, int households = 120)
    {
        var database = await (await TestDatabase.CreateAsync(provider, folder, name)).WithDemoAsync(households);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await DemoAccounts.EnsureAsync(db, Now, Ct);
        // A second assessor, for one township only.
        db.Accounts.Add(new Account { UserName = "assessor2", DisplayName = "评估员二", Role = Role.Assessor, RegionCode = "990121001000", CreatedAt = Now });
        await db.SaveChangesAsync(Ct);
        return database;
    }

    private static async Task<Account> AccountAsync(TestDatabase database, string user)
    {
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        return await db.Accounts.AsNoTracking().SingleAsync(a => a.UserName == user, Ct);
    }

    private static async Task<JingzhunDbContext> AsAsync(TestDatabase database, string user) =>
        JingzhunDb.Create(database.Target, AccessScope.For(await AccountAsync(database, user)));

    private static JingzhunDbContext System(TestDatabase database) => JingzhunDb.Create(database.Target, AccessScope.System("test"));

    private static ProjectInput Input(long? seed = 20261203, SampleDesign design = SampleDesign.Stratified) =>
        new("示例县退出专项评估检查", 2026, AssessmentKind.CountyExit, design, [County], seed, 0.05m, 0.95m, 0.1m, 0.05m, 5, 2);

    private static async Task<List<string>> DrawnNumbersAsync(TestDatabase database, long projectId)
    {
        await using var db = System(database);
        return await db.SampledHouseholds.AsNoTracking().Where(s => s.ProjectId == projectId)
            .OrderBy(s => s.CountyCode).ThenBy(s => s.Frame).ThenBy(s => s.DrawOrder)
            .Select(s => new { s.Frame, s.Household!.Number }).ToListAsync(Ct) is var rows
            ? [.. rows.Select(r => $"{r.Frame}:{r.Number}")] : [];
    }

    private static async Task<long> DrawnProjectAsync(TestDatabase database, long seed, SampleDesign design = SampleDesign.Stratified)
    {
        await using var province = await AsAsync(database, "province");
        var project = await AssessmentProjects.CreateAsync(province, Input(seed, design), Now, Ct);
        province.ChangeTracker.Clear();
        await AssessmentProjects.DrawAsync(province, project.Id, Now, Ct);
        return project.Id;
    }

    [Theory]
    [InlineData(SampleDesign.Stratified)]
    [InlineData(SampleDesign.TwoStageCluster)]
    public async Task The_same_seed_draws_the_same_households_on_SQLite_and_on_PostgreSQL(SampleDesign design)
    {
        using var folder = new TestFolder();
        await using var postgres = await DemoAsync(DatabaseProvider.Postgres, folder, "pg");
        await using var sqlite = await DemoAsync(DatabaseProvider.Sqlite, folder, "lite");
        var onSqlite = await DrawnNumbersAsync(sqlite, await DrawnProjectAsync(sqlite, 4242, design));
        var onPostgres = await DrawnNumbersAsync(postgres, await DrawnProjectAsync(postgres, 4242, design));
        Assert.NotEmpty(onSqlite);
        Assert.Contains(onSqlite, n => n.StartsWith(nameof(SampleFrame.Exited)));
        Assert.Equal(onSqlite, onPostgres);
        // Another seed draws another sample from the same registry.
        Assert.NotEqual(onSqlite, await DrawnNumbersAsync(sqlite, await DrawnProjectAsync(sqlite, 4243, design)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_project_runs_from_draft_to_close_by_the_organiser_and_the_sample_stays_hidden_until_the_visits(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "lifecycle");
        await using var province = await AsAsync(database, "province");
        await using var county = await AsAsync(database, "county");
        await using var township = await AsAsync(database, "township");
        await using var village = await AsAsync(database, "village");
        await using var auditor = await AsAsync(database, "auditor");
        await using var cadre = await AsAsync(database, "cadre");
        await using var assessor = await AsAsync(database, "assessor");
        JingzhunDbContext[] wrong = [county, auditor, cadre];

        foreach (var db in wrong)
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => AssessmentProjects.CreateAsync(db, Input(), Now, Ct));
        await Assert.ThrowsAsync<AssessmentInputException>(() => AssessmentProjects.CreateAsync(province, Input() with { Margin = 0.5m }, Now, Ct));
        await Assert.ThrowsAsync<AssessmentInputException>(() => AssessmentProjects.CreateAsync(province, Input() with { Confidence = 0.5m }, Now, Ct));
        await Assert.ThrowsAsync<AssessmentInputException>(() => AssessmentProjects.CreateAsync(province, Input() with { Counties = ["990121001000"] }, Now, Ct));
        var id = (await AssessmentProjects.CreateAsync(province, Input(seed: null), Now, Ct)).Id;
        province.ChangeTracker.Clear();
        // The refused and invalid attempts stored nothing: one project of this name (the demo has its own, named otherwise).
        await using (var db = System(database)) Assert.Equal(1, await db.AssessmentProjects.CountAsync(p => p.Name == Input(null, SampleDesign.Stratified).Name, Ct));

        foreach (var db in wrong)
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => AssessmentProjects.DrawAsync(db, id, Now, Ct));
        Assert.Null(await AssessmentProjects.DrawAsync(assessor, id, Now, Ct));
        await AssessmentProjects.DrawAsync(province, id, Now, Ct);
        province.ChangeTracker.Clear();
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => AssessmentProjects.DrawAsync(province, id, Now, Ct));

        await using (var db = System(database))
        {
            var rows = await db.SampledHouseholds.AsNoTracking().Where(s => s.ProjectId == id).ToListAsync(Ct);
            var c = await db.AssessmentCounties.AsNoTracking().SingleAsync(x => x.ProjectId == id, Ct);
            var exited = await db.Households.CountAsync(h => h.CountyCode == "990121" && h.Status == HouseholdStatus.Exited, Ct);
            Assert.Equal(exited, c.ExitedFrame);
            Assert.Equal(c.SampleSize, rows.Count(r => r.Frame == SampleFrame.Exited));
            Assert.InRange(Math.Abs(rows.Where(r => r.Frame == SampleFrame.Exited).Sum(r => r.Weight) - exited), 0m, 0.01m);
            Assert.All(rows, r => Assert.Equal(SamplePhase.Drawn, r.Phase));
            Assert.All(rows, r => Assert.Equal("99", r.OrganiserPrefix));
            // Exited households are stratified by township; unregistered ones come from villages drawn county-wide (the county's stratum).
            Assert.All(rows, r => Assert.Equal(r.Frame == SampleFrame.Exited ? r.VillageCode[..9] + "000" : "990121000000", r.Stratum));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Reason != null && a.Reason.Contains("抽取评估样本"), Ct));
        }
        Assert.NotEmpty(await province.SampledHouseholds.Where(x => x.ProjectId == id).ToListAsync(Ct));
        foreach (var db in new[] { county, township, village, assessor })
            Assert.Empty(await db.SampledHouseholds.Where(x => x.ProjectId == id).ToListAsync(Ct));
        Assert.Empty(await AssessmentProjects.SampleAsync(county, id, Ct));

        // The visits wait for every household to be assigned.
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => AssessmentProjects.StartVisitsAsync(province, id, Now, Ct));
        province.ChangeTracker.Clear();
        var assessorId = (await AccountAsync(database, "assessor")).Id;
        var assessor2Id = (await AccountAsync(database, "assessor2")).Id;
        foreach (var db in wrong)
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => AssessmentProjects.AssignAsync(db, id, [assessorId], Now, Ct));
        var cadreId = (await AccountAsync(database, "cadre")).Id;
        await Assert.ThrowsAsync<AssessmentInputException>(() => AssessmentProjects.AssignAsync(province, id, [cadreId], Now, Ct));
        province.ChangeTracker.Clear();
        await AssessmentProjects.AssignAsync(province, id, [assessorId, assessor2Id], Now, Ct);
        province.ChangeTracker.Clear();
        await using (var db = System(database))
        {
            var rows = await db.SampledHouseholds.AsNoTracking().Where(s => s.ProjectId == id).ToListAsync(Ct);
            Assert.All(rows, r => Assert.NotNull(r.AssessorAccountId));
            Assert.All(rows.GroupBy(r => r.VillageCode), g => Assert.Single(g.Select(r => r.AssessorAccountId).Distinct()));
            Assert.All(rows.Where(r => r.AssessorAccountId == assessor2Id), r => Assert.StartsWith("990121001", r.VillageCode));
            foreach (var r in rows)
                Assert.True(await db.Assignments.AnyAsync(a => a.HouseholdId == r.HouseholdId && a.AccountId == r.AssessorAccountId
                    && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null, Ct));
        }

        foreach (var db in wrong)
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => AssessmentProjects.StartVisitsAsync(db, id, Now, Ct));
        await AssessmentProjects.StartVisitsAsync(province, id, Now, Ct);
        province.ChangeTracker.Clear();
        List<SampledHousehold> all;
        await using (var db = System(database)) all = await db.SampledHouseholds.AsNoTracking().Where(s => s.ProjectId == id).ToListAsync(Ct);
        Assert.All(all, r => Assert.Equal(SamplePhase.Visiting, r.Phase));
        Assert.Equal(all.Count, await county.SampledHouseholds.CountAsync(x => x.ProjectId == id, Ct));
        Assert.Equal(all.Count(r => r.VillageCode.StartsWith("990121001")), await township.SampledHouseholds.CountAsync(x => x.ProjectId == id, Ct));
        Assert.Equal(all.Count(r => r.VillageCode == "990121001001"), await village.SampledHouseholds.CountAsync(x => x.ProjectId == id, Ct));
        var mine = all.Where(r => r.AssessorAccountId == assessorId).Select(r => r.Id).Order().ToList();
        Assert.NotEmpty(mine);
        Assert.Equal(mine, await assessor.SampledHouseholds.Where(x => x.ProjectId == id).Select(s => s.Id).OrderBy(x => x).ToListAsync(Ct));
        var myHouseholds = all.Where(r => r.AssessorAccountId == assessorId).Select(r => r.HouseholdId!.Value).ToList();
        Assert.Equal(myHouseholds.Count, await assessor.Households.CountAsync(h => myHouseholds.Contains(h.Id), Ct));

        foreach (var db in wrong)
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => AssessmentProjects.CloseAsync(db, id, "评估结束", Now, Ct));
        await Assert.ThrowsAsync<AssessmentInputException>(() => AssessmentProjects.CloseAsync(province, id, " ", Now, Ct));
        province.ChangeTracker.Clear();
        await AssessmentProjects.CloseAsync(province, id, "入户核查完成", Now, Ct);
        Assert.Empty(await assessor.SampledHouseholds.Where(x => x.ProjectId == id).ToListAsync(Ct));
        // Households the demo's own assessment under way still gives the assessor are not this project's to end.
        List<long> stillAssigned;
        await using (var db = System(database))
            stillAssigned = await db.SampledHouseholds.Where(x => x.ProjectId != id && x.Phase == SamplePhase.Visiting && x.AssessorAccountId == assessorId && x.HouseholdId != null)
                .Select(x => x.HouseholdId!.Value).ToListAsync(Ct);
        Assert.Equal(0, await assessor.Households.CountAsync(h => myHouseholds.Contains(h.Id) && !stillAssigned.Contains(h.Id), Ct));
        Assert.Equal(all.Count, await county.SampledHouseholds.CountAsync(x => x.ProjectId == id, Ct));
        await using (var db = System(database))
        {
            Assert.Equal(AssessmentState.Closed, (await db.AssessmentProjects.SingleAsync(p => p.Id == id, Ct)).State);
            Assert.All(await db.SampledHouseholds.Where(s => s.ProjectId == id).ToListAsync(Ct), r => Assert.Equal(SamplePhase.Closed, r.Phase));
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_two_stage_sample_draws_whole_villages_and_unregistered_households_in_them(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "cluster", 200);
        var id = await DrawnProjectAsync(database, 99, SampleDesign.TwoStageCluster);
        await using var db = System(database);
        var rows = await db.SampledHouseholds.AsNoTracking().Include(s => s.Household).Where(s => s.ProjectId == id).ToListAsync(Ct);
        var c = await db.AssessmentCounties.AsNoTracking().SingleAsync(x => x.ProjectId == id, Ct);
        var exited = rows.Where(r => r.Frame == SampleFrame.Exited).ToList();
        Assert.Equal(c.VillagesDrawn, exited.Select(r => r.VillageCode).Distinct().Count());
        Assert.All(exited.GroupBy(r => r.VillageCode), g => Assert.InRange(g.Count(), 1, 5));
        Assert.All(exited, r => Assert.Equal(HouseholdStatus.Exited, r.Household!.Status));
        var unregistered = rows.Where(r => r.Frame == SampleFrame.Unregistered).ToList();
        Assert.All(unregistered, r => Assert.Equal(HouseholdStatus.NotPoor, r.Household!.Status));
        Assert.All(unregistered, r => Assert.Contains(r.VillageCode, exited.Select(e => e.VillageCode)));
        Assert.Equal(rows.Count, rows.Select(r => r.HouseholdId).Distinct().Count());
    }
}
