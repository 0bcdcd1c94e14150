using System.Text;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Regions;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Regions;

/// <summary>The region table file: export → import round trip, idempotent re-import, and every kind of bad row refused whole.</summary>
public sealed class RegionTableTests : IDisposable
{
    private const string Header = "区划代码,名称,级别,上级代码,城乡分类代码,西部,贫困县,贫困村,深度贫困,列为贫困年度,退出年度,生效日期,失效日期,农村户籍人口,农村户籍人口2019";
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    public static TheoryData<DatabaseProvider, ExchangeFormat> Engines => new()
    {
        { DatabaseProvider.Sqlite, ExchangeFormat.Xlsx },
        { DatabaseProvider.Sqlite, ExchangeFormat.Csv },
        { DatabaseProvider.Postgres, ExchangeFormat.Xlsx },
        { DatabaseProvider.Postgres, ExchangeFormat.Csv },
    };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_demo_export_reimports_into_an_empty_database_with_the_same_tree_history_and_populations(DatabaseProvider provider, ExchangeFormat format)
    {
        await using var source = await (await TestDatabase.CreateAsync(provider, _folder, "source")).WithDemoAsync(60);
        await AddHistoryAsync(source);
        var file = _folder.File(format == ExchangeFormat.Xlsx ? "regions.xlsx" : "regions.csv");
        await using (var db = JingzhunDb.Create(source.Target, AccessScope.System("test")))
            Assert.True(await RegionExporter.ExportAsync(db, file, format, Ct) > 90);

        await using var copy = await TestDatabase.CreateAsync(provider, _folder, "copy");
        await JingzhunDb.MigrateAsync(copy.Target, Ct);
        await using (var db = JingzhunDb.Create(copy.Target, AccessScope.System("test")))
        {
            var report = await RegionImporter.ImportAsync(db, file, format, Ct);
            Assert.Empty(report.Errors);
            Assert.Equal(0, report.Updated);
        }

        Assert.Equal(await DumpAsync(source), await DumpAsync(copy));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Reimporting_the_same_file_changes_nothing_and_writes_no_audit_entry(DatabaseProvider provider)
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "again")).WithDemoAsync(20);
        await AddHistoryAsync(database);
        var file = _folder.File("regions.xlsx");
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await RegionExporter.ExportAsync(db, file, ExchangeFormat.Xlsx, Ct);
        var before = await DumpAsync(database);
        var audit = await AuditCountAsync(database);

        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var report = await RegionImporter.ImportAsync(db, file, ct: Ct);
            Assert.Empty(report.Errors);
            Assert.Equal((0, 0, report.Rows), (report.Created, report.Updated, report.Unchanged));
            Assert.Equal((0, 0), (report.PopulationsCreated, report.PopulationsUpdated));
        }

        Assert.Equal(before, await DumpAsync(database));
        Assert.Equal(audit, await AuditCountAsync(database));
    }

    [Fact]
    public async Task An_import_that_changes_rows_writes_one_summary_audit_entry()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "summary").WithRegionsAsync();
        var file = Csv("changes.csv",
            "990121001001,新名村,村,990121001000,220,是,否,是,否,2014,2019,2014-01-01,,1500,1400",
            "990121001099,新设村,村,990121001000,220,是,否,否,否,,,2020-01-01,,300,");
        var audit = await AuditCountAsync(database);

        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var report = await RegionImporter.ImportAsync(db, file, ct: Ct);
            Assert.Empty(report.Errors);
            Assert.Equal((1, 1), (report.Created, report.Updated));
            Assert.Equal(1, report.PopulationsCreated);
        }

        await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        Assert.Equal(audit + 1, await AuditCountAsync(database));
        Assert.Contains("changes.csv", (await check.AuditEntries.OrderByDescending(a => a.Id).FirstAsync(Ct)).Reason);
        var village = await check.Regions.SingleAsync(r => r.Code == "990121001001", Ct);
        Assert.Equal(("新名村", 1500, 2014, 2019, "220"), (village.Name, village.RuralPopulation, village.PoorSinceYear, village.ExitedYear, village.UrbanRuralClass));
        Assert.Equal(1400, (await check.RegionPopulations.SingleAsync(p => p.RegionCode == "990121001001" && p.Year == 2019, Ct)).RuralPopulation);
    }

    public static TheoryData<string, string, string> BadRows => new()
    {
        // code not 12 digits
        { "9901210010011,长村,村,990121001000,,否,否,否,否,,,2014-01-01,,,", "区划代码", "12" },
        // code of another level than stated
        { "990121001000,某镇,村,990121000000,,否,否,否,否,,,2014-01-01,,,", "级别", "village" },
        // parent not the code's own parent
        { "990121001011,某村,村,990121002000,,否,否,否,否,,,2014-01-01,,,", "上级代码", "own parent" },
        // unknown parent, neither in the file nor in the database
        { "990121099001,某村,村,990121099000,,否,否,否,否,,,2014-01-01,,,", "上级代码", "neither in the file nor in the database" },
        // duplicate code with overlapping validity (the demo's row runs from 2014 and is still valid)
        { "990121001001,某村,村,990121001000,,否,否,否,否,,,2020-01-01,,,", "生效日期", "overlaps" },
        // a child under a village
        { "990121001011,某村,村,990121001001,,否,否,否,否,,,2014-01-01,,,", "上级代码", "nothing lies under a village" },
        // bad years
        { "990121001011,某村,村,990121001000,,否,否,否,否,20x5,,2014-01-01,,,", "列为贫困年度", "year" },
        { "990121001011,某村,村,990121001000,,否,否,否,否,2018,2016,2014-01-01,,,", "退出年度", "before" },
        { "990121001011,某村,村,990121001000,,否,否,否,否,,,2014-13-01,,,", "生效日期", "date" },
        { "990121001011,某村,村,990121001000,,否,否,否,否,,,2014-01-01,2013-01-01,,", "失效日期", "after" },
        // bad flags and numbers
        { "990121001011,某村,村,990121001000,,也许,否,否,否,,,2014-01-01,,,", "西部", "是/否" },
        { "990121001011,某村,村,990121001000,,否,否,否,否,,,2014-01-01,,-5,", "农村户籍人口", "whole number" },
        { "990121001011,某村,村,990121001000,,否,否,否,否,,,2014-01-01,,,many", "农村户籍人口2019", "whole number" },
        { "990121001011,某村,大队,990121001000,,否,否,否,否,,,2014-01-01,,,", "级别", "level" },
        { "990121001011,,村,990121001000,,否,否,否,否,,,2014-01-01,,,", "名称", "empty" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_row_is_reported_by_row_and_column_in_both_languages_and_nothing_is_written(string bad, string column, string english)
    {
        await using var database = await TestDatabase.Sqlite(_folder, "bad").WithRegionsAsync();
        var good = "990121001012,好村,村,990121001000,,否,否,否,否,,,2014-01-01,,100,90";
        var file = Csv("bad.csv", good, bad);
        var before = await DumpAsync(database);

        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var report = await RegionImporter.ImportAsync(db, file, ct: Ct);

        var error = Assert.Single(report.Errors);
        Assert.Equal((3, column), (error.Row, error.Column));
        Assert.Contains(english, error.English, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", error.Chinese);
        Assert.True(report.Rejected);
        Assert.Equal(before, await DumpAsync(database));
    }

    [Fact]
    public async Task Duplicate_rows_in_the_file_are_refused()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "dup").WithRegionsAsync();
        var row = "990121001011,某村,村,990121001000,,否,否,否,否,,,2014-01-01,,,";
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));

        var report = await RegionImporter.ImportAsync(db, Csv("dup.csv", row, row), ct: Ct);

        Assert.Equal((3, "区划代码"), (report.Errors[0].Row, report.Errors[0].Column));
        Assert.Contains("twice", report.Errors[0].English);
    }

    /// <summary>Generated codes of every wrong length and random digits: each is refused on its own row.</summary>
    [Fact]
    public async Task Generated_codes_that_are_not_12_digits_are_each_refused()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "generated").WithRegionsAsync();
        var random = new Random(11);
        var codes = Enumerable.Range(0, 60).Select(_ =>
        {
            var length = random.Next(1, 16);
            if (length == 12) length = 13;
            var digits = new string(Enumerable.Range(0, length).Select(_ => (char)('0' + random.Next(10))).ToArray());
            return random.Next(5) == 0 ? digits[..^1] + "x" : digits;
        }).Distinct().ToList();
        var file = Csv("generated.csv", codes.Select(c => $"{c},某村,村,990121001000,,否,否,否,否,,,2014-01-01,,,").ToArray());

        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var report = await RegionImporter.ImportAsync(db, file, ct: Ct);

        var codeErrors = report.Errors.Where(e => e.Column == "区划代码").Select(e => e.Row).ToList();
        Assert.Equal(Enumerable.Range(2, codes.Count), codeErrors);
        Assert.Equal(0, await db.Regions.CountAsync(r => r.Name == "某村", Ct));
    }

    [Fact]
    public async Task Officers_below_province_may_not_import_regions()
    {
        await using var database = await TestDatabase.Sqlite(_folder, "scope").WithRegionsAsync();
        var county = new AccessScope("990121", true, true, "county") { Role = Role.CountyOfficer };
        await using var db = JingzhunDb.Create(database.Target, county);

        var report = await RegionImporter.ImportAsync(db, Csv("scope.csv", "990121001011,某村,村,990121001000,,否,否,否,否,,,2014-01-01,,,"), ct: Ct);

        Assert.Contains("province officers", Assert.Single(report.Errors).English);
    }

    private string Csv(string name, params string[] rows)
    {
        var path = _folder.File(name);
        File.WriteAllText(path, string.Join("\n", rows.Prepend(Header)) + "\n", new UTF8Encoding(true));
        return path;
    }

    /// <summary>A renamed village (two rows of one code), two merged villages and populations by year.</summary>
    private static async Task AddHistoryAsync(TestDatabase database)
    {
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        foreach (var (code, year, people) in new[] { ("990121001002", 2019, 1200), ("990121001002", 2020, 1250), ("990121001003", 2019, 800), ("990121002001", 2020, 640) })
            await RegionChanges.SetPopulationAsync(db, code, year, people, "统计年报", Now, Ct);
        await RegionChanges.RenameAsync(db, "990121001001", "更名村", new DateOnly(2026, 3, 1), "更名批复", Now, Ct);
        await RegionChanges.MergeAsync(db, "990121001002", "990121001003", new DateOnly(2026, 7, 1), "合村并组", Now, Ct);
    }

    private static async Task<string> DumpAsync(TestDatabase database)
    {
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var regions = (await db.Regions.AsNoTracking().ToListAsync(Ct)).OrderBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.ValidFrom)
            .Select(r => string.Join("|", r.Code, r.Name, r.Level, r.ParentCode, r.UrbanRuralClass, r.IsWestern, r.IsPoorCounty, r.IsPoorVillage, r.IsDeepPoverty,
                r.PoorSinceYear, r.ExitedYear, r.ValidFrom, r.ValidTo, r.RuralPopulation));
        var populations = (await db.RegionPopulations.AsNoTracking().ToListAsync(Ct)).OrderBy(p => p.RegionCode, StringComparer.Ordinal).ThenBy(p => p.Year)
            .Select(p => $"{p.RegionCode}:{p.Year}={p.RuralPopulation}");
        return string.Join("\n", regions.Concat(populations));
    }

    private static async Task<int> AuditCountAsync(TestDatabase database)
    {
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        return await db.AuditEntries.CountAsync(Ct);
    }

    public void Dispose() => _folder.Dispose();
}
