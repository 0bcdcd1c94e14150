using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Workflows;
using Jingzhun.Data.YearEnd;

namespace Jingzhun.Data.Tests.YearEnd;

/// <summary>A frozen year's report reads only its snapshots: later registry edits and cases leave it as it was.</summary>
public sealed class YearEndFreezeTests : IDisposable
{
    private const string County = "990121";
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2025, 1, 6, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public Task A_frozen_year_keeps_its_counts_after_later_edits_on_sqlite() => FrozenYearKeepsItsCountsAsync(DatabaseProvider.Sqlite);

    [Fact]
    public Task A_frozen_year_keeps_its_counts_after_later_edits_on_postgres() => FrozenYearKeepsItsCountsAsync(DatabaseProvider.Postgres);

    private async Task FrozenYearKeepsItsCountsAsync(DatabaseProvider provider)
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "freeze")).WithDemoAsync(120);
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            Assert.Equal(120, await YearEndFreeze.FreezeAsync(system, 2024, Now, ct: Ct));
        var before = await CountsAsync(database, 2024);
        var liveBefore = await LivePoorAsync(database);
        Assert.Equal(120, before.Area(County + "000000")!.Households);
        Assert.Equal(liveBefore, before.Area(County + "000000")!.PoorHouseholds);

        await EditTheRegistryAsync(database);

        var after = await CountsAsync(database, 2024);
        Assert.Equal(Flatten(before), Flatten(after));
        Assert.NotEqual(liveBefore, await LivePoorAsync(database));
    }

    /// <summary>
    /// Snapshots are written straight into their table, in each engine's own way (binary COPY, a prepared insert): the same
    /// registry frozen on both gives the same rows, every column read back through the model.
    /// </summary>
    [Fact]
    public async Task Both_engines_freeze_the_same_registry_into_the_same_snapshots()
    {
        var rows = new List<List<string>>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "freeze-both")).WithDemoAsync(90);
            await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            var frozenAt = (int year) => new DateTime(year + 1, 1, 5, 8, 30, 0, DateTimeKind.Utc);
            Assert.Equal(90 * 3, await YearEndFreeze.FreezeYearsAsync(system, [2019, 2020, 2024], frozenAt, Now, ct: Ct));
            rows.Add(await system.Snapshots.AsNoTracking().Join(system.Households, s => s.HouseholdId, h => h.Id, (s, h) => new { s, h.Number })
                .OrderBy(x => x.s.Year).ThenBy(x => x.Number)
                .Select(x => $"{x.s.Year} {x.Number} {x.s.VillageCode} {x.s.CountyCode} {x.s.Status} {x.s.People} {x.s.PerCapitaNetIncomeFen} {x.s.ExitedInYear} {x.s.ReturnedInYear} {x.s.FrozenAt:yyyy-MM-dd HH:mm:ss}")
                .ToListAsync(Ct));
        }
        Assert.Equal(270, rows[0].Count);
        Assert.Equal(rows[0], rows[1]);
        // The generated history has exits and returns in these years, so both flags are written both ways.
        Assert.Contains(rows[0], r => r.Contains(" True False "));
        Assert.Contains(rows[0], r => r.EndsWith("2025-01-05 08:30:00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_year_is_frozen_once()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "twice").WithDemoAsync(20);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await YearEndFreeze.FreezeAsync(db, 2023, Now, ct: Ct);

        await Assert.ThrowsAsync<WorkflowBlockedException>(() => YearEndFreeze.FreezeAsync(db, 2023, Now, ct: Ct));
        Assert.Equal(20, await db.Snapshots.CountAsync(s => s.Year == 2023, Ct));
    }

    [Fact]
    public async Task Only_county_officers_and_system_work_may_freeze()
    {
        var township = new AccessScope("990121001", true, true, "township") { Role = Role.TownshipOfficer };
        var county = new AccessScope("990121", true, true, "county") { Role = Role.CountyOfficer };

        Assert.False(YearEndFreeze.MayFreeze(township));
        Assert.True(YearEndFreeze.MayFreeze(county));
        Assert.True(YearEndFreeze.MayFreeze(AccessScope.System()));
        await using var database = await TestDatabase.Sqlite(_folder, "township").WithDemoAsync(10);
        await using var db = JingzhunDb.Create(database.Target, township);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => YearEndFreeze.FreezeAsync(db, 2024, Now, ct: Ct));
    }

    [Fact]
    public async Task The_snapshot_takes_the_status_in_force_at_the_end_of_the_year()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "history").WithDemoAsync(60);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await YearEndFreeze.FreezeYearsAsync(db, [2013, 2025], _ => Now, Now, ct: Ct);

        Assert.True(await db.Snapshots.Where(s => s.Year == 2013).AllAsync(s => s.Status == HouseholdStatus.NotPoor, Ct));
        var live = await db.Households.Select(h => new { h.Id, h.Status }).ToDictionaryAsync(h => h.Id, h => h.Status, Ct);
        Assert.All(await db.Snapshots.Where(s => s.Year == 2025).ToListAsync(Ct), s => Assert.Equal(live[s.HouseholdId], s.Status));
        var exited = await db.StatusChanges.Where(c => c.To == HouseholdStatus.Exited && c.Year == 2025).Select(c => c.HouseholdId).ToListAsync(Ct);
        Assert.Equal(exited.Order(), await db.Snapshots.Where(s => s.Year == 2025 && s.ExitedInYear).Select(s => s.HouseholdId).OrderBy(i => i).ToListAsync(Ct));
    }

    /// <summary>Status changes (as a case's outcome writes them, through the data layer), a member moved out, a new household, and cases opened.</summary>
    private static async Task EditTheRegistryAsync(TestDatabase database)
    {
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("editor"));
        var exited = await db.Households.Where(h => h.Status == HouseholdStatus.Exited).OrderBy(h => h.Id).Take(3).ToListAsync(Ct);
        foreach (var household in exited)
            // even a change dated into the frozen year does not reach its report
            household.ChangeStatus(HouseholdStatus.Returned, 2024, "因病返贫", "editor", Now);
        await db.SaveChangesAsync(Ct);
        var withMembers = await db.Households.Include(h => h.Members).Where(h => h.Members.Count(m => m.State == MemberState.Present) > 1)
            .OrderBy(h => h.Id).FirstAsync(Ct);
        var member = withMembers.Members.Last(m => m.State == MemberState.Present && m.Relation != Relation.Head);
        var memberForm = MemberForm.From(member);
        memberForm.State = MemberState.MovedOut;
        Assert.Equal(EditOutcome.Saved, (await RegistryEditing.UpdateMemberAsync(db, withMembers.Id, member.Id, memberForm, Ct)).Outcome);
        db.ChangeTracker.Clear();
        var candidate = await db.Households.Where(h => h.Status == HouseholdStatus.Monitored || h.Status == HouseholdStatus.Exited)
            .OrderByDescending(h => h.Id).FirstAsync(Ct);
        await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.Identification, candidate.Id, 2025, "test", Now, ct: Ct);
    }

    private static async Task<YearEndCounts> CountsAsync(TestDatabase database, int year)
    {
        await using var county = JingzhunDb.Create(database.Target, new AccessScope(County, true, true, "county") { Role = Role.CountyOfficer });
        return await YearEndReport.CountsAsync(county, year, County, Ct);
    }

    private static async Task<int> LivePoorAsync(TestDatabase database)
    {
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        return await db.Households.CountAsync(h => h.Status == HouseholdStatus.Poor || h.Status == HouseholdStatus.Returned, Ct);
    }

    private static List<string> Flatten(YearEndCounts counts) => counts.Areas.Select(a =>
        $"{a.Code} {a.Level} {a.Households} {a.People} {a.PoorHouseholds} {a.PoorPeople} {a.ExitedHouseholds} {a.ExitedPeople} {a.ReturnedHouseholds} {a.ReturnedPeople} "
        + string.Join(",", a.HouseholdsByStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}/{a.PeopleByStatus[p.Key]}"))).ToList();

    public void Dispose() => _folder.Dispose();
}
