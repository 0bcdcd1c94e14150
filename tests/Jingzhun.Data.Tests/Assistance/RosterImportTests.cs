using System.Text;
using CsCheck;
using Jingzhun.Data.Access;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Tests.Exchange;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jingzhun.Data.Tests.Assistance;

/// <summary>
/// The county's roster of assistance cadres: a roster file imported all or nothing with every bad row named by row and
/// column (or only its good rows with skip-invalid), steps refused to every role but the county's officers, a cadre who
/// leaves keeping their households until each is handed over, and a handover that keeps the history.
/// </summary>
public sealed class RosterImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static JingzhunDbContext As(TestDatabase database, string user) =>
        JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)));

    /// <summary>A county officer of the neighbouring county 990122.</summary>
    private static JingzhunDbContext OtherCounty(TestDatabase database) =>
        JingzhunDb.Create(database.Target, AccessScope.For(new Account { UserName = "county2", DisplayName = "邻县扶贫办", Role = Role.CountyOfficer, RegionCode = "990122000000" }));

    private static async Task<TestDatabase> DemoAsync(DatabaseProvider provider, TestFolder folder, string name)
    {
        var database = await (await TestDatabase.CreateAsync(provider, folder, name)).WithDemoAsync(120);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await DemoAccounts.EnsureAsync(db, Now, Ct);
        return database;
    }

    private static async Task<List<string>> NumbersAsync(TestDatabase database, int count)
    {
        await using var db = As(database, "county");
        return await db.Households.Where(h => h.Status != HouseholdStatus.Removed).OrderBy(h => h.Number).Select(h => h.Number).Take(count).ToListAsync(Ct);
    }

    /// <summary>What a roster import may change: the roster, the pairings and the audit.</summary>
    private static async Task<string> RosterChecksumAsync(TestDatabase database)
    {
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var cadres = await db.Cadres.OrderBy(c => c.Id).Select(c => new { c.Id, c.Version, c.Name, c.AccountId, c.State }).ToListAsync(Ct);
        var pairings = await db.CadrePairings.OrderBy(p => p.Id).Select(p => new { p.Id, p.Version, p.CadreId, p.EndedOn }).ToListAsync(Ct);
        return $"{string.Join(";", cadres)}|{string.Join(";", pairings)}|{await db.AuditEntries.CountAsync(Ct)}";
    }

    private static async Task<string> XlsxAsync(TestFolder folder, string name, params Dictionary<string, object>[] rows)
    {
        var path = folder.File(name);
        await MiniExcel.SaveAsAsync(path, rows, cancellationToken: Ct);
        return path;
    }

    private static Dictionary<string, object> Row(string name, string unit, string position, string phone, string level, string account = "", string households = "") => new()
    {
        ["姓名"] = name, ["工作单位"] = unit, ["职务"] = position, ["联系电话"] = phone, ["层级"] = level, ["账号"] = account, ["结对户编号"] = households,
    };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_roster_workbook_with_bad_rows_writes_nothing_and_names_each_row_and_column_and_skip_invalid_writes_the_good_rows(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "rosterbad");
        var n = await NumbersAsync(database, 3);
        // A second cadre account of the county, not yet on the roster.
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var account = new Account { UserName = "cadre2", DisplayName = "第二帮扶人", Role = Role.AssistanceCadre, RegionCode = "990121001002", CreatedAt = Now };
            Passwords.Set(account, "demo2025-x");
            system.Accounts.Add(account);
            await system.SaveChangesAsync(Ct);
        }
        var path = await XlsxAsync(folder, "花名册.xlsx",
            Row("张三", "县农业农村局", "科员", "13800001111", "县级", "cadre2", $"{n[0]}、{n[1]}"),   // row 2: good, linked, two households
            Row("李四", "县教育局", "副局长", "12345", "县级"),                                      // row 3: phone
            Row("王五", "", "科员", "13800002222", "县级"),                                          // row 4: unit
            Row("赵六", "县财政局", "科员", "13800003333", "部级"),                                  // row 5: level
            Row("钱七", "县财政局", "科员", "13800004444", "乡镇", "village"),                       // row 6: not a cadre account
            Row("孙八", "县财政局", "科员", "13800005555", "村级", "", "9901210010019999"),          // row 7: no such household
            Row("周九", "县财政局", "科员", "13800006666", "市级", "", $"{n[2]};12"));                // row 8: a number that is not one
        var before = await RosterChecksumAsync(database);

        RosterImportReport report;
        await using (var db = As(database, "county"))
            report = await RosterImport.ImportAsync(db, path, new RosterImportOptions(), Today, Ct);

        Assert.True(report.Rejected);
        Assert.Equal((7, 0, 0, 6), (report.Rows, report.Added, report.Paired, report.Skipped));
        Assert.Equal(
            [(3, "联系电话"), (4, "工作单位"), (5, "层级"), (6, "账号"), (7, "结对户编号"), (8, "结对户编号")],
            report.Errors.Select(e => (e.Row, e.Column)).ToList());
        Assert.All(report.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Chinese) || string.IsNullOrWhiteSpace(e.English)));
        Assert.Contains("帮扶责任人", report.Errors.Single(e => e.Row == 6).Chinese);
        Assert.Contains("9901210010019999", report.Errors.Single(e => e.Row == 7).English);
        Assert.Equal(before, await RosterChecksumAsync(database));

        await using (var db = As(database, "county"))
            report = await RosterImport.ImportAsync(db, path, new RosterImportOptions(SkipInvalid: true), Today, Ct);
        Assert.False(report.Rejected);
        Assert.Equal((7, 1, 1, 2, 6), (report.Rows, report.Added, report.Linked, report.Paired, report.Skipped));
        await using (var db = As(database, "county"))
        {
            var cadre = await db.Cadres.SingleAsync(c => c.Name == "张三", Ct);
            Assert.Equal(("990121", "县农业农村局", "13800001111", CadreLevel.County, CadreState.Serving), (cadre.CountyCode, cadre.Unit, cadre.Phone, cadre.Level, cadre.State));
            Assert.Equal(await db.Accounts.Where(a => a.UserName == "cadre2").Select(a => (int?)a.Id).SingleAsync(Ct), cadre.AccountId);
            var paired = await db.CadrePairings.Where(p => p.CadreId == cadre.Id).Select(p => new { p.Household!.Number, p.StartReason, p.StartedBy, p.EndedOn }).ToListAsync(Ct);
            Assert.Equal([n[0], n[1]], paired.Select(p => p.Number).Order());
            Assert.All(paired, p => Assert.Equal((RosterImport.PairReason, "county", (DateOnly?)null), (p.StartReason, p.StartedBy, p.EndedOn)));
            Assert.False(await db.Cadres.AnyAsync(c => c.Name == "李四" || c.Name == "周九", Ct));
            var roster = await CadreRoster.RosterAsync(db, "990121", new RosterFilter(), Today, Ct);
            Assert.Equal(2, roster.Cadres.Single(c => c.Name == "张三").Caseload);
        }

        // The same file again adds nobody twice: 张三 is on the roster now.
        await using (var db = As(database, "county"))
            report = await RosterImport.ImportAsync(db, path, new RosterImportOptions(SkipInvalid: true), Today, Ct);
        Assert.Equal(0, report.Added);
        Assert.Contains(report.Errors, e => e.Row == 2 && e.Column == "姓名");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Only_the_countys_officers_change_the_roster_and_another_countys_officer_neither_sees_nor_changes_it(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "rosterroles");
        int cadreId;
        await using (var db = As(database, "county"))
        {
            var added = await CadreRoster.AddAsync(db, "990121", new CadreForm { Name = "吴十", Unit = "县水利局", Position = "科员", Phone = "138 0000 7777", Level = CadreLevel.County }, ct: Ct);
            Assert.Equal(EditOutcome.Saved, added.Outcome);
            Assert.Equal("13800007777", added.Value!.Phone);
            cadreId = added.Value.Id;
        }
        var path = folder.File("roster.csv");
        await File.WriteAllTextAsync(path, "姓名,工作单位,职务,联系电话,层级\n郑一,县民政局,科员,13800008888,县级\n", new UTF8Encoding(true), Ct);
        var before = await RosterChecksumAsync(database);
        var form = new CadreForm { Name = "吴十", Unit = "改了", Phone = "13800007777", Level = CadreLevel.County };

        foreach (var user in new[] { "village", "cadre", "workteam", "township", "auditor", "assessor" })
        {
            await using var db = As(database, user);
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => CadreRoster.AddAsync(db, "990121", form, ct: Ct));
            Task<EditResult<Cadre>> Edit() => CadreRoster.EditAsync(db, cadreId, form, ct: Ct);
            Task<EditResult<LeaveResult>> Leave() => CadreRoster.LeaveAsync(db, cadreId, Today, "调走", Today, Ct);
            if (user is "assessor") // the roster is not even visible to an assessor
            {
                Assert.Equal(EditOutcome.NotFound, (await Edit()).Outcome);
                Assert.Equal(EditOutcome.NotFound, (await Leave()).Outcome);
            }
            else
            {
                await Assert.ThrowsAsync<WorkflowRefusedException>(Edit);
                await Assert.ThrowsAsync<WorkflowRefusedException>(Leave);
                await Assert.ThrowsAsync<WorkflowRefusedException>(() => CadreRoster.LinkAccountAsync(db, cadreId, "cadre", Ct));
                await Assert.ThrowsAsync<WorkflowRefusedException>(() => RosterImport.ImportAsync(db, path, new RosterImportOptions("990121"), Today, Ct));
            }
        }
        await using (var db = OtherCounty(database))
        {
            Assert.Null(await CadreRoster.FindAsync(db, cadreId, Today, Ct));
            Assert.Empty(await db.Cadres.Where(c => c.CountyCode == "990121").ToListAsync(Ct));
            Assert.Equal(EditOutcome.NotFound, (await CadreRoster.EditAsync(db, cadreId, form, ct: Ct)).Outcome);
            Assert.Equal(EditOutcome.NotFound, (await CadreRoster.LeaveAsync(db, cadreId, Today, "调走", Today, Ct)).Outcome);
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => CadreRoster.AddAsync(db, "990121", form, ct: Ct));
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => RosterImport.ImportAsync(db, path, new RosterImportOptions("990121"), Today, Ct));
        }
        Assert.Equal(before, await RosterChecksumAsync(database));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_cadre_who_leaves_keeps_their_households_until_each_is_handed_over_and_the_handover_keeps_the_history(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "rosterleave");
        int from, to;
        long householdId;
        await using (var db = As(database, "county"))
        {
            from = (await CadreRoster.AddAsync(db, "990121", new CadreForm { Name = "甲", Unit = "县交通局", Phone = "13800009991", Level = CadreLevel.County }, ct: Ct)).Value!.Id;
            to = (await CadreRoster.AddAsync(db, "990121", new CadreForm { Name = "乙", Unit = "县卫健局", Phone = "13800009992", Level = CadreLevel.Township }, ct: Ct)).Value!.Id;
            householdId = await db.Households.Where(h => h.VillageCode == "990121001002").OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
            Assert.Equal(EditOutcome.Saved, (await Pairings.PairAsync(db, householdId, from, "新识别结对", Today.AddDays(-30), Ct)).Outcome);
        }

        await using (var db = As(database, "county"))
        {
            var left = await CadreRoster.LeaveAsync(db, from, Today, "调回原单位", Today, Ct);
            Assert.Equal(EditOutcome.Saved, left.Outcome);
            Assert.Equal([householdId], left.Value!.NeedHandover.Select(p => p.HouseholdId));
            // Nothing ended silently; a left cadre is not offered for new pairings.
            Assert.Single(await db.CadrePairings.Where(p => p.CadreId == from && p.EndedOn == null).ToListAsync(Ct));
            Assert.DoesNotContain(await Pairings.CandidatesAsync(db, "990121001002", Ct), c => c.CadreId == from);
            Assert.Equal(EditOutcome.Invalid, (await CadreRoster.LeaveAsync(db, from, Today, "再次", Today, Ct)).Outcome);
        }

        // The village clerk hands the household over.
        await using (var db = As(database, "village2"))
        {
            var pairing = await db.CadrePairings.SingleAsync(p => p.HouseholdId == householdId && p.CadreId == from && p.EndedOn == null, Ct);
            var handed = await Jingzhun.Data.Registry.Pairings.HandOverAsync(db, householdId, pairing.Id, to, "原帮扶责任人调离", Today, Ct);
            Assert.Equal(EditOutcome.Saved, handed.Outcome);
        }
        await using (var db = As(database, "county"))
        {
            var history = await Pairings.HistoryAsync(db, householdId, Ct);
            var old = history.Single(p => p.CadreId == from);
            var next = history.Single(p => p.CadreId == to);
            Assert.Equal((Today, "原帮扶责任人调离", "village2", (long?)next.Id), (old.EndedOn!.Value, old.EndReason, old.EndedBy, old.HandedOverToId));
            Assert.Equal((Today, "原帮扶责任人调离", (DateOnly?)null), (next.StartedOn, next.StartReason, next.EndedOn));
            var fromHistory = await CadreRoster.PairingsAsync(db, from, Ct);
            Assert.Equal("乙", fromHistory.Single().HandedOverTo);
            Assert.Equal(1, (await CadreRoster.FindAsync(db, to, Today, Ct))!.Caseload);
            Assert.Equal(0, (await CadreRoster.FindAsync(db, from, Today, Ct))!.Caseload);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Caseload_over_the_rule_sets_limit_is_flagged(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "rosterlimit");
        await using var db = As(database, "county");
        var busy = (await CadreRoster.AddAsync(db, "990121", new CadreForm { Name = "忙", Unit = "县委办", Phone = "13800009993", Level = CadreLevel.County }, ct: Ct)).Value!.Id;
        var ids = await db.Households.OrderBy(h => h.Id).Select(h => h.Id).Take(6).ToListAsync(Ct);
        foreach (var id in ids) await Pairings.PairAsync(db, id, busy, "结对", Today, Ct);
        var roster = await CadreRoster.RosterAsync(db, "990121", new RosterFilter(OverLimitOnly: true), Today, Ct);
        Assert.Equal(5, roster.CaseloadLimit);
        Assert.Equal((busy, 6, true), (roster.Cadres.Single().Id, roster.Cadres.Single().Caseload, roster.Cadres.Single().OverLimit));
    }

    private static readonly string[] Pieces =
    [
        "", " ", ",", "\"", "\n", "\0", "张三", "县农业农村局", "科员", "13800001234", "0371-12345678", "1.38E+10", "13800001234.0", "县级", "乡镇", "Province",
        "部级", "cadre", "village", "9901210010010001", "9901210010010001、9901210010010002", "9.90121E+15", "姓名", "层级", "结对户编号", "🙂", new string('长', 300),
    ];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 60)]
    [InlineData(DatabaseProvider.Postgres, 25)]
    public async Task Generated_damaged_files_and_random_rows_never_throw_and_a_refused_file_changes_nothing(DatabaseProvider provider, int cases)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "rosterfuzz");
        var header = "姓名,工作单位,职务,联系电话,层级,账号,结对户编号";
        var cell = Gen.OneOf(Gen.Int[0, Pieces.Length - 1].Select(i => Pieces[i]), Gen.String[Gen.Char.AlphaNumeric, 0, 12], Gen.String);
        var line = cell.Array[0, 8].Select(cells => string.Join(",", cells));
        var file = Gen.Select(Gen.Int[0, 3], line.Array[0, 10], Gen.Byte.Array[0, 300], Gen.Bool)
            .Select((kind, lines, bytes, skip) => (Kind: kind, Lines: lines, Bytes: bytes, Skip: skip));
        var count = 0;
        await file.SampleAsync(async f =>
        {
            var path = folder.File($"fuzz{++count}." + (f.Kind == 3 ? "xlsx" : "csv"));
            switch (f.Kind)
            {
                case 0: File.WriteAllText(path, string.Join("\n", [header, .. f.Lines]), Encoding.UTF8); break;
                case 1: File.WriteAllText(path, string.Join("\r\n", f.Lines), Encoding.UTF8); break;
                case 2: File.WriteAllBytes(path, f.Bytes); break;
                default:
                    var xlsx = folder.File($"ok{count}.xlsx");
                    await MiniExcel.SaveAsAsync(xlsx, f.Lines.Select(l => l.Split(',')).Select(c => Row(c.ElementAtOrDefault(0) ?? "", c.ElementAtOrDefault(1) ?? "",
                        c.ElementAtOrDefault(2) ?? "", c.ElementAtOrDefault(3) ?? "", c.ElementAtOrDefault(4) ?? "", c.ElementAtOrDefault(5) ?? "", c.ElementAtOrDefault(6) ?? ""))
                        .ToArray() is { Length: > 0 } rows ? rows : [Row("", "", "", "", "")], cancellationToken: Ct);
                    var bytes = await File.ReadAllBytesAsync(xlsx, Ct);
                    await File.WriteAllBytesAsync(path, f.Bytes.Length % 3 == 0 ? bytes[..(bytes.Length * 2 / 3)] : bytes, Ct);
                    break;
            }
            var before = await RosterChecksumAsync(database);
            await using var db = As(database, "county");
            var report = await RosterImport.ImportAsync(db, path, new RosterImportOptions(SkipInvalid: f.Skip), Today, Ct);
            if (report.Rejected || report.Added == 0) Assert.Equal(before, await RosterChecksumAsync(database));
            else Assert.Equal(report.Rows - report.Skipped, report.Added);
            Assert.True(report.Rejected || report.Errors.Count == 0 || f.Skip);
            Assert.All(report.Errors, e => Assert.True(e.Chinese.Length > 0 && e.English.Length > 0));
        }, iter: cases, threads: 1);
    }
}
