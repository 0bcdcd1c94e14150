using Jingzhun.Data.Database;
using Jingzhun.Data.Regions;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Statistics;
using Jingzhun.Data.YearEnd;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;

namespace Jingzhun.Data.Tests.Regions;

/// <summary>Versioned region changes: households follow a merge with their history, past years keep their own tree, every change is audited.</summary>
public sealed class RegionChangeTests : IDisposable
{
    private const string County = "990121";
    private const string Township = "990121001000";
    private const string VillageA = "990121001001";
    private const string VillageB = "990121001002";
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime FrozenAt = new(2026, 1, 6, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly July1 = new(2026, 7, 1);

    private static AccessScope Province => new("99", true, true, "province") { Role = Role.ProvinceOfficer, Level = RegionLevel.Province };
    private static AccessScope CountyOfficer => new(County, true, true, "county") { Role = Role.CountyOfficer, Level = RegionLevel.County };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Two_villages_merged_after_a_frozen_year_keep_that_year_apart_and_are_one_village_live(DatabaseProvider provider)
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "merge")).WithDemoAsync(400);
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            await YearEndFreeze.FreezeAsync(system, 2025, FrozenAt, ct: Ct);
            await AreaStatistics.RefreshAsync(system, FrozenAt, Ct);
        }
        var (numbersA, numbersB) = await NumbersAsync(database);
        Assert.NotEmpty(numbersB);
        var frozenBefore = await YearEndAsync(database, 2025);
        var nameA = frozenBefore.Area(VillageA)!.Name;
        var nameB = frozenBefore.Area(VillageB)!.Name;

        RegionChangeResult result;
        await using (var province = JingzhunDb.Create(database.Target, Province))
            result = await RegionChanges.MergeAsync(province, VillageA, VillageB, July1, "县政府批复合村", Now, Ct);

        // The households moved with their numbers, each with a history line naming the change.
        Assert.Equal(numbersB.Count, result.HouseholdsMoved);
        var (afterA, afterB) = await NumbersAsync(database);
        Assert.Empty(afterB);
        Assert.Equal(numbersA.Concat(numbersB).Order(), afterA.Order());
        await using (var check = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var moved = await check.Households.Where(h => numbersB.Contains(h.Number)).ToListAsync(Ct);
            Assert.All(moved, h => Assert.Equal((VillageA, County), (h.VillageCode, h.CountyCode)));
            var ids = moved.Select(h => h.Id).ToList();
            // Rows that follow the household (its assessment-sample assignments, for one) have their own lines; one per household here.
            var lines = await check.AuditEntries.Where(a => a.HouseholdId != null && ids.Contains(a.HouseholdId.Value) && a.Field == "VillageCode" && a.EntityType == "Household").ToListAsync(Ct);
            Assert.Equal(moved.Count, lines.Count);
            Assert.All(lines, l => Assert.Equal((VillageB, VillageA, "province"), (l.OldValue, l.NewValue, l.Actor)));
            Assert.All(lines, l => Assert.Contains("区划调整", l.Reason));
            Assert.All(lines, l => Assert.Contains("县政府批复合村", l.Reason));

            // The old rows are kept, closed on the date; the survivor has a new row with both populations.
            var rowsB = await check.Regions.Where(r => r.Code == VillageB).ToListAsync(Ct);
            Assert.Equal(July1, Assert.Single(rowsB).ValidTo);
            var rowsA = await check.Regions.Where(r => r.Code == VillageA).OrderBy(r => r.ValidFrom).ToListAsync(Ct);
            Assert.Equal(2, rowsA.Count);
            Assert.Equal((July1, (DateOnly?)null), (rowsA[1].ValidFrom, rowsA[1].ValidTo));
            Assert.Equal(rowsA[0].RuralPopulation + rowsB[0].RuralPopulation, rowsA[1].RuralPopulation);
            var change = await check.RegionChanges.SingleAsync(Ct);
            Assert.Equal((RegionChangeKind.Merged, VillageB, VillageA, numbersB.Count, "province"), (change.Kind, change.FromCode, change.ToCode, change.HouseholdsMoved, change.Actor));

            // The region change itself is in the audit log, under the units' codes.
            Assert.True(await check.AuditEntries.AnyAsync(a => a.EntityType == "RegionChange" && a.RegionCode == VillageB && a.Actor == "province", Ct));
            Assert.True(await check.AuditEntries.AnyAsync(a => a.EntityType == "Region" && a.RegionCode == VillageB && a.Field == "ValidTo", Ct));
            Assert.True(await check.AuditEntries.AnyAsync(a => a.EntityType == "Region" && a.RegionCode == VillageA && a.Action == AuditAction.Create, Ct));
        }

        // The frozen year still shows two villages with their own counts and names.
        var frozenAfter = await YearEndAsync(database, 2025);
        Assert.Equal((nameA, frozenBefore.Area(VillageA)!.Households), (frozenAfter.Area(VillageA)!.Name, frozenAfter.Area(VillageA)!.Households));
        Assert.Equal((nameB, numbersB.Count), (frozenAfter.Area(VillageB)!.Name, frozenAfter.Area(VillageB)!.Households));

        // Live: one village with the sum; the statistics of 2025 still list both villages by name.
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await AreaStatistics.RefreshAsync(system, Now, Ct);
        await using (var county = JingzhunDb.Create(database.Target, CountyOfficer))
        {
            var live = (await StatisticsReport.ForAsync(county, Township, AreaAggregate.LiveYear, 2026, Ct))!;
            Assert.DoesNotContain(live.Children, c => c.Code == VillageB);
            Assert.Equal(numbersA.Count + numbersB.Count, live.Children.Single(c => c.Code == VillageA).Figures.TotalHouseholds());
            var past = (await StatisticsReport.ForAsync(county, Township, 2025, 2026, Ct))!;
            Assert.Equal((nameB, numbersB.Count), (past.Children.Single(c => c.Code == VillageB).Name, past.Children.Single(c => c.Code == VillageB).Figures.TotalHouseholds()));
            Assert.Equal(numbersA.Count, past.Children.Single(c => c.Code == VillageA).Figures.TotalHouseholds());
            Assert.True(past.Children.Single(c => c.Code == VillageB).Figures.RuralPopulation > 0);

            var tree = await RegionTree.BuildAsync(county, Ct);
            var township = Find(tree, Township)!;
            Assert.DoesNotContain(township.Children, v => v.Code == VillageB);
            Assert.Equal(numbersA.Count + numbersB.Count, township.Children.Single(v => v.Code == VillageA).Households);
        }
    }

    [Fact]
    public async Task A_rename_keeps_the_old_row_and_is_audited_under_the_village()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "rename").WithDemoAsync(20);
        await using (var province = JingzhunDb.Create(database.Target, Province))
            await RegionChanges.RenameAsync(province, VillageA, "幸福村", July1, "民政部门批复", Now, Ct);

        await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var rows = await check.Regions.Where(r => r.Code == VillageA).OrderBy(r => r.ValidFrom).ToListAsync(Ct);
        Assert.Equal(2, rows.Count);
        Assert.Equal((July1, "幸福村"), (rows[0].ValidTo!.Value, rows[1].Name));
        Assert.NotEqual("幸福村", rows[0].Name);
        var audit = await check.AuditEntries.Where(a => a.RegionCode == VillageA && a.Actor == "province").ToListAsync(Ct);
        Assert.Contains(audit, a => a.EntityType == "RegionChange" && a.NewValue!.Contains("幸福村") && a.Reason == "民政部门批复");
        Assert.Contains(audit, a => a.EntityType == "Region" && a.Field == "ValidTo" && a.Reason!.Contains("民政部门批复"));
        Assert.Equal("幸福村", (await RegionsAsOf.NamesAsync(check, [VillageA], null, Ct))[VillageA]);
        Assert.Equal(rows[0].Name, (await RegionsAsOf.NamesAsync(check, [VillageA], RegionsAsOf.YearEnd(2025), Ct))[VillageA]);
    }

    [Fact]
    public async Task A_village_moved_to_another_township_gets_a_new_code_and_takes_its_households()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "move").WithDemoAsync(160);
        var (_, numbersB) = await NumbersAsync(database);
        RegionChangeResult result;
        await using (var province = JingzhunDb.Create(database.Target, Province))
            result = await RegionChanges.MoveAsync(province, VillageB, "990121002000", null, July1, "调整隶属", Now, Ct);

        var change = Assert.Single(result.Changes);
        Assert.Equal("990121002011", change.ToCode); // 002 is taken under the new township: the next number after the highest used
        await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        Assert.Equal(numbersB.Order(), (await check.Households.Where(h => h.VillageCode == change.ToCode).Select(h => h.Number).ToListAsync(Ct)).Order());
        Assert.Equal("990121002000", (await check.Regions.SingleAsync(r => r.Code == change.ToCode, Ct)).ParentCode);
    }

    [Fact]
    public async Task A_split_village_gives_its_households_to_the_first_part()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "split").WithDemoAsync(160);
        var (_, numbersB) = await NumbersAsync(database);
        await using (var province = JingzhunDb.Create(database.Target, Province))
            await RegionChanges.SplitAsync(province, VillageB, [("990121001021", "东村"), ("990121001022", "西村")], July1, "拆分", Now, Ct);

        await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        Assert.Equal(numbersB.Count, await check.Households.CountAsync(h => h.VillageCode == "990121001021", Ct));
        Assert.Equal(2, await check.RegionChanges.CountAsync(c => c.Kind == RegionChangeKind.Split && c.FromCode == VillageB, Ct));
        Assert.Equal(2, await check.Regions.CountAsync(r => r.ParentCode == Township && r.ValidFrom == July1, Ct));
    }

    [Fact]
    public async Task A_merged_township_takes_its_villages_and_their_households_under_the_other_township()
    {
        const string other = "990121002000";
        await using var database = await TestDatabase.Sqlite(_folder, "merge-township").WithDemoAsync(160);
        List<string> before;
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            before = await system.Households.Where(h => h.VillageCode.StartsWith("990121002")).Select(h => h.Number).ToListAsync(Ct);
        Assert.NotEmpty(before);
        await using (var province = JingzhunDb.Create(database.Target, Province))
            await RegionChanges.MergeAsync(province, Township, other, July1, "撤乡并镇", Now, Ct);

        await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var moves = await check.RegionChanges.Where(c => c.Kind == RegionChangeKind.Moved && c.FromCode.StartsWith("990121002")).ToListAsync(Ct);
        Assert.NotEmpty(moves);
        Assert.All(moves, m => Assert.StartsWith("990121001", m.ToCode));
        Assert.Equal(before.Count, moves.Sum(m => m.HouseholdsMoved));
        Assert.Equal(before.Count, (await check.RegionChanges.SingleAsync(c => c.Kind == RegionChangeKind.Merged && c.FromCode == other, Ct)).HouseholdsMoved);
        Assert.Equal(before.Order(), (await check.Households.Where(h => before.Contains(h.Number)).Select(h => h.Number).ToListAsync(Ct)).Order());
        Assert.Equal(0, await check.Households.CountAsync(h => h.VillageCode.StartsWith("990121002"), Ct));
    }

    [Fact]
    public async Task Officers_below_province_may_not_change_regions_and_nothing_is_written()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "refused").WithDemoAsync(20);
        await using (var county = JingzhunDb.Create(database.Target, CountyOfficer))
        {
            await Assert.ThrowsAsync<ScopeViolationException>(() => RegionChanges.RenameAsync(county, VillageA, "幸福村", July1, "x", Now, Ct));
            // Straight through the context, as any page or endpoint would: refused on save.
            var village = await county.Regions.FirstAsync(r => r.Code == VillageA, Ct);
            village.Name = "幸福村";
            await Assert.ThrowsAsync<ScopeViolationException>(() => county.SaveChangesAsync(Ct));
        }
        await using (var otherProvince = JingzhunDb.Create(database.Target, Province with { RegionPrefix = "45" }))
            await Assert.ThrowsAsync<ScopeViolationException>(() => RegionChanges.RenameAsync(otherProvince, VillageA, "幸福村", July1, "x", Now, Ct));

        await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        Assert.Equal(1, await check.Regions.CountAsync(r => r.Code == VillageA, Ct));
        Assert.Equal(0, await check.RegionChanges.CountAsync(Ct));
    }

    [Fact]
    public async Task Future_dates_dates_inside_a_frozen_year_and_missing_reasons_are_refused_in_both_languages()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "dates").WithDemoAsync(20);
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await YearEndFreeze.FreezeAsync(system, 2025, FrozenAt, ct: Ct);
        await using var province = JingzhunDb.Create(database.Target, Province);

        var future = await Assert.ThrowsAsync<RegionChangeException>(() => RegionChanges.RenameAsync(province, VillageA, "幸福村", new DateOnly(2026, 10, 1), "x", Now, Ct));
        Assert.Contains(future.Errors, e => e.Field == "effective" && e.English.Contains("after today") && e.Chinese.Contains("今天"));
        var frozen = await Assert.ThrowsAsync<RegionChangeException>(() => RegionChanges.RenameAsync(province, VillageA, "幸福村", new DateOnly(2025, 6, 1), "x", Now, Ct));
        Assert.Contains(frozen.Errors, e => e.Field == "effective" && e.English.Contains("frozen"));
        var noReason = await Assert.ThrowsAsync<RegionChangeException>(() => RegionChanges.MergeAsync(province, VillageA, VillageA, July1, " ", Now, Ct));
        Assert.Contains(noReason.Errors, e => e.Field == "reason");
        Assert.Contains(noReason.Errors, e => e.Field == "merged");
        Assert.Equal(0, await province.RegionChanges.CountAsync(Ct));
    }

    [Fact]
    public async Task The_exit_year_written_by_a_completed_exit_case_stays_open_to_the_officers_of_the_area()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "exit").WithDemoAsync(20);
        await using var county = JingzhunDb.Create(database.Target, CountyOfficer);
        var village = await county.Regions.FirstAsync(r => r.Code == VillageA, Ct);
        village.ExitedYear = 2025;
        await county.SaveChangesAsync(Ct);

        Assert.True(await county.AuditEntries.AnyAsync(a => a.EntityType == "Region" && a.Field == "ExitedYear" && a.Actor == "county", Ct));
    }

    private static RegionNode? Find(IEnumerable<RegionNode> nodes, string code) =>
        nodes.Select(n => n.Code == code ? n : Find(n.Children, code)).FirstOrDefault(n => n is not null);

    private static async Task<(List<string> A, List<string> B)> NumbersAsync(TestDatabase database)
    {
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var a = await db.Households.Where(h => h.VillageCode == VillageA).Select(h => h.Number).ToListAsync(Ct);
        var b = await db.Households.Where(h => h.VillageCode == VillageB).Select(h => h.Number).ToListAsync(Ct);
        return (a, b);
    }

    private static async Task<YearEndCounts> YearEndAsync(TestDatabase database, int year)
    {
        await using var db = JingzhunDb.Create(database.Target, CountyOfficer);
        return await YearEndReport.CountsAsync(db, year, County, Ct);
    }

    public void Dispose() => _folder.Dispose();
}

internal static class AggregateTotals
{
    public static int TotalHouseholds(this AreaAggregate a) =>
        a.NotPoorHouseholds + a.PoorHouseholds + a.ExitedHouseholds + a.ReturnedHouseholds + a.MonitoredHouseholds + a.RemovedHouseholds;
}
