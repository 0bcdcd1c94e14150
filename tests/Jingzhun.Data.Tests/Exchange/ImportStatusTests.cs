using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Registry;

namespace Jingzhun.Data.Tests.Exchange;

/// <summary>
/// Status only through cases, for both importers (the web's <see cref="RegistryImporter"/> and the command
/// line's <see cref="RegistryBulkImporter"/>), on SQLite and PostgreSQL: an import never changes a registered
/// household's status or its years and never creates a household; only an initial load by a county officer
/// (or the operator) does, once per household, with its recorded status marked as the initial load.
/// </summary>
public sealed class ImportStatusTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public enum Importer { Web, Bulk }

    public static TheoryData<DatabaseProvider, Importer> Routes() => new()
    {
        { DatabaseProvider.Sqlite, Importer.Web }, { DatabaseProvider.Sqlite, Importer.Bulk },
        { DatabaseProvider.Postgres, Importer.Web }, { DatabaseProvider.Postgres, Importer.Bulk },
    };

    private static async Task<ImportReport> ImportAsync(Importer importer, DatabaseTarget target, AccessScope scope, string file, ImportOptions options)
    {
        if (importer == Importer.Bulk) return await RegistryBulkImporter.ImportAsync(target, scope, file, options, ct: Ct);
        await using var db = JingzhunDb.Create(target, scope);
        return await RegistryImporter.ImportAsync(db, file, options, ct: Ct);
    }

    /// <summary>Every household's number, status and years, and every status change, as the database holds them.</summary>
    private static async Task<string> StatusStateAsync(DatabaseTarget target)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        var households = await db.Households.AsNoTracking().OrderBy(h => h.Number)
            .Select(h => $"{h.Number}|{h.Status}|{h.StatusYear}|{h.IdentifiedYear}").ToListAsync(Ct);
        var history = await db.StatusChanges.AsNoTracking().OrderBy(s => s.Id)
            .Select(s => $"{s.HouseholdId}|{s.From}|{s.To}|{s.Year}|{s.Source}").ToListAsync(Ct);
        return string.Join("\n", households) + "\n--\n" + string.Join("\n", history);
    }

    private static async Task<(TestFolder Folder, TestDatabase Database, string File)> ExportedAsync(DatabaseProvider provider)
    {
        var folder = new TestFolder();
        var database = await (await TestDatabase.CreateAsync(provider, folder, "a")).WithDemoAsync(20);
        var file = folder.File("registry.xlsx");
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await RegistryExporter.ExportAsync(db, file, ExchangeFormat.Xlsx, ct: Ct);
        return (folder, database, file);
    }

    private static AccessScope Officer(Role role, string villageCode)
    {
        var level = role.OfficerLevel()!.Value;
        var prefix = level switch { RegionLevel.County => villageCode[..6], RegionLevel.Township => villageCode[..9], _ => villageCode };
        return new AccessScope(prefix, true, true, role.ToString()) { Role = role, Level = level };
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_row_that_changes_a_status_or_its_years_is_refused_and_nothing_changes(DatabaseProvider provider, Importer importer)
    {
        var (folder, database, file) = await ExportedAsync(provider);
        using var _ = folder;
        await using var __ = database;
        var book = Workbook.Read(file);
        // An exited household (the demo's poor exited by 2020) written back as poor.
        var poor = book["户"].FindIndex(h => (string)h["户状态"]! == "已脱贫");
        var other = book["户"].FindIndex(h => h != book["户"][poor]);
        book["户"][poor]["户状态"] = "贫困户";
        book["户"][poor]["住房面积"] = 77.5;
        book["户"][other]["识别年度"] = 2019 == Convert.ToInt32(book["户"][other]["识别年度"], System.Globalization.CultureInfo.InvariantCulture) ? 2018 : 2019;
        var changed = folder.File("changed.xlsx");
        book.Save(changed);
        var before = await StatusStateAsync(database.Target);
        var checksum = await RegistryDump.ChecksumAsync(database.Target);

        foreach (var skipInvalid in new[] { false, true })
        {
            var report = await ImportAsync(importer, database.Target, AccessScope.System("test"), changed, new ImportOptions { SkipInvalid = skipInvalid });

            var status = Assert.Single(report.Errors, e => e.Row == Workbook.ExcelRow(poor));
            Assert.Equal(("户状态", "户状态只能通过识别、退出或回头看程序改变"), (status.Column, status.Chinese));
            Assert.Contains("changes only through identification, exit or look-back", status.English);
            var year = Assert.Single(report.Errors, e => e.Row == Workbook.ExcelRow(other) && e.Column == "识别年度");
            Assert.Equal("识别年度由识别程序确定，不能直接修改", year.Chinese);
            Assert.Equal(before, await StatusStateAsync(database.Target));
            if (!skipInvalid) Assert.Equal(checksum, await RegistryDump.ChecksumAsync(database.Target));
        }
        // The unchanged export still goes in, changing nothing.
        var again = await ImportAsync(importer, database.Target, AccessScope.System("test"), file, new ImportOptions());
        Assert.Empty(again.Errors);
        Assert.Equal(before, await StatusStateAsync(database.Target));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_row_of_a_number_not_in_the_registry_is_refused_outside_an_initial_load(DatabaseProvider provider, Importer importer)
    {
        var (folder, database, file) = await ExportedAsync(provider);
        using var _ = folder;
        await using var __ = database;
        var book = Workbook.Read(file);
        var copy = new Dictionary<string, object?>(book["户"][0]) { ["户编号"] = (string)book["户"][0]["村代码"]! + "9876" };
        book["户"].Add(copy);
        var changed = folder.File("new.xlsx");
        book.Save(changed);
        var before = await StatusStateAsync(database.Target);

        foreach (var skipInvalid in new[] { false, true })
        {
            var report = await ImportAsync(importer, database.Target, AccessScope.System("test"), changed, new ImportOptions { SkipInvalid = skipInvalid });

            var error = Assert.Single(report.Errors);
            Assert.Equal(("户编号", Workbook.ExcelRow(book["户"].Count - 1)), (error.Column, error.Row));
            Assert.Contains("新户请在“新增建档立卡户”页面登记", error.Chinese);
            Assert.Contains("--initial-load", error.English);
            Assert.Equal(before, await StatusStateAsync(database.Target));
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_initial_load_by_a_township_or_village_officer_is_refused_with_nothing_written(DatabaseProvider provider, Importer importer)
    {
        var (folder, database, file) = await ExportedAsync(provider);
        using var _ = folder;
        await using var __ = database;
        await using var target = await (await TestDatabase.CreateAsync(provider, folder, "empty")).WithRegionsAsync();
        var village = (string)Workbook.Read(file)["户"][0]["村代码"]!;

        foreach (var role in new[] { Role.TownshipOfficer, Role.VillageClerk })
        {
            var report = await ImportAsync(importer, target.Target, Officer(role, village), file, new ImportOptions { InitialLoad = true, SkipInvalid = true });

            Assert.True(report.Rejected);
            var error = Assert.Single(report.Errors);
            Assert.Equal("首次导入只能由县级及以上扶贫干部或系统管理员执行", error.Chinese);
            Assert.Contains("county officers and above", error.English);
            await using var db = JingzhunDb.Create(target.Target, AccessScope.System("test"));
            Assert.Equal(0, await db.Households.CountAsync(Ct));
            Assert.Equal(0, await db.StatusChanges.CountAsync(Ct));
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_initial_load_creates_households_as_recorded_once_and_then_keeps_their_status(DatabaseProvider provider, Importer importer)
    {
        var (folder, database, file) = await ExportedAsync(provider);
        using var _ = folder;
        await using var __ = database;
        await using var target = await (await TestDatabase.CreateAsync(provider, folder, "county")).WithRegionsAsync();
        var book = Workbook.Read(file);
        var county = Officer(Role.CountyOfficer, (string)book["户"][0]["村代码"]!);
        Assert.All(book["户"], h => Assert.StartsWith(county.RegionPrefix, (string)h["村代码"]!));

        var report = await ImportAsync(importer, target.Target, county, file, new ImportOptions { InitialLoad = true });

        Assert.Empty(report.Errors);
        Assert.Equal(20, report.HouseholdsCreated);
        await using (var db = JingzhunDb.Create(target.Target, AccessScope.System("test")))
        {
            // Recorded number, status and years, as the source registry holds them.
            await using var source = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            var expected = await source.Households.OrderBy(h => h.Number).Select(h => new { h.Number, h.Status, h.StatusYear, h.IdentifiedYear }).ToListAsync(Ct);
            Assert.Equal(expected, await db.Households.OrderBy(h => h.Number).Select(h => new { h.Number, h.Status, h.StatusYear, h.IdentifiedYear }).ToListAsync(Ct));
            var history = await db.StatusChanges.ToListAsync(Ct);
            Assert.Equal(expected.Count(h => h.Status != HouseholdStatus.NotPoor), history.Count);
            Assert.All(history, s => Assert.Equal((StatusChangeSource.InitialLoad, RegistryStatusRules.InitialLoadReason, (long?)null), (s.Source, s.Reason, s.CaseId)));
            Assert.Contains(await db.AuditEntries.Select(a => a.Reason).ToListAsync(Ct), r => r != null && r.StartsWith("首次导入 / initial load", StringComparison.Ordinal));
        }
        var loaded = await StatusStateAsync(target.Target);

        // Run again (after an interruption): nothing changes.
        var again = await ImportAsync(importer, target.Target, county, file, new ImportOptions { InitialLoad = true });
        Assert.Empty(again.Errors);
        Assert.Equal(0, again.HouseholdsCreated);
        Assert.Equal(loaded, await StatusStateAsync(target.Target));

        // A second load that would give a loaded household another status is refused.
        var poor = book["户"].FindIndex(h => (string)h["户状态"]! == "已脱贫");
        book["户"][poor]["户状态"] = "贫困户";
        var changed = folder.File("second.xlsx");
        book.Save(changed);
        var refused = await ImportAsync(importer, target.Target, county, changed, new ImportOptions { InitialLoad = true, SkipInvalid = true });
        Assert.Equal(("户状态", Workbook.ExcelRow(poor)), (Assert.Single(refused.Errors).Column, refused.Errors[0].Row));
        Assert.Equal(loaded, await StatusStateAsync(target.Target));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_row_that_changes_the_monitoring_type_is_refused_and_only_an_initial_load_sets_it(DatabaseProvider provider, Importer importer)
    {
        var (folder, database, file) = await ExportedAsync(provider);
        using var _ = folder;
        await using var __ = database;
        var book = Workbook.Read(file);
        Assert.All(book["户"], h => Assert.Equal("无", (string)h["监测类型"]!));
        book["户"][3]["监测类型"] = "边缘易致贫户";
        var changed = folder.File("monitoring.xlsx");
        book.Save(changed);
        var checksum = await RegistryDump.ChecksumAsync(database.Target);

        // An ordinary import (the web's or the command line's) refuses the row at its field, in both languages; nothing changes.
        var report = await ImportAsync(importer, database.Target, AccessScope.System("test"), changed, new ImportOptions());
        var error = Assert.Single(report.Errors);
        Assert.Equal(("监测类型", "监测类型只能通过监测认定程序改变", Workbook.ExcelRow(3)), (error.Column, error.Chinese, error.Row));
        Assert.Contains("the monitoring type changes only through monitoring recognition", error.English);
        Assert.Equal(checksum, await RegistryDump.ChecksumAsync(database.Target));

        // A county's initial load moves its recorded monitoring type in, as it does its status.
        await using var target = await (await TestDatabase.CreateAsync(provider, folder, "county")).WithRegionsAsync();
        var county = Officer(Role.CountyOfficer, (string)book["户"][0]["村代码"]!);
        var loaded = await ImportAsync(importer, target.Target, county, changed, new ImportOptions { InitialLoad = true });
        Assert.Empty(loaded.Errors);
        await using var db = JingzhunDb.Create(target.Target, AccessScope.System("test"));
        Assert.Equal(MonitoringCategory.Marginal, (await db.Households.SingleAsync(h => h.Number == (string)book["户"][3]["户编号"]!, Ct)).Monitoring);
        Assert.Equal(1, await db.Households.CountAsync(h => h.Monitoring != MonitoringCategory.None, Ct));
    }

    [Fact]
    public void Initial_load_is_for_county_officers_and_above_system_administrators_and_the_operator()
    {
        var village = "990121001001";
        Assert.True(RegistryStatusRules.MayInitialLoad(AccessScope.System("cli")));
        foreach (var role in new[] { Role.NationalOfficer, Role.ProvinceOfficer, Role.CityOfficer, Role.CountyOfficer })
            Assert.True(RegistryStatusRules.MayInitialLoad(Officer(role, village)), role.ToString());
        Assert.True(RegistryStatusRules.MayInitialLoad(new AccessScope("", true, true, "admin") { Role = Role.SystemAdministrator, IsAdministrator = true }));
        foreach (var role in new[] { Role.TownshipOfficer, Role.VillageClerk, Role.WorkTeamMember })
            Assert.False(RegistryStatusRules.MayInitialLoad(Officer(role, village)), role.ToString());
        Assert.False(RegistryStatusRules.MayInitialLoad(new AccessScope(village, true, true, "cadre") { Role = Role.AssistanceCadre, WritesAssignedOnly = true }));
        Assert.False(RegistryStatusRules.MayInitialLoad(new AccessScope("", true, false, "auditor") { Role = Role.Auditor }));
    }

    [Fact]
    public void The_next_number_of_a_village_follows_the_highest_sequence_of_that_shape()
    {
        const string village = "990121001001";
        Assert.Equal(1, RegistryStatusRules.NextSequence(village, []));
        Assert.Equal(8, RegistryStatusRules.NextSequence(village, [village + "0007", village + "0003", village + "12345", "H0009", village + "00a9"]));
        Assert.Equal(village + "0042", RegistryStatusRules.NumberFor(village, 42));
    }
}
