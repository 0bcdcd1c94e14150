using System.Text;
using CsCheck;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Data.Tests.Exchange;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jingzhun.Data.Tests.Monitoring;

/// <summary>
/// Department early warning: a department's file is matched in bulk to households of the importer's region that have
/// consented, each matched row becomes a routed signal with its evidence, and a file with a bad row writes nothing
/// (or, with skip-invalid, only its good rows), every bad row reported by row and column.
/// </summary>
public sealed class FeedImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private const string Header = "身份证号,事项,金额,发生日期,说明";

    private sealed record Person(long HouseholdId, string Number, string ResidentId);

    private static JingzhunDbContext As(TestDatabase database, string user) =>
        JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)));

    /// <summary>Present members of households of the township free of monitoring work, one per household; the first <paramref name="consenting"/> consent.</summary>
    private static async Task<List<Person>> PeopleAsync(TestDatabase database, int count, int consenting)
    {
        List<Person> people;
        await using (var db = As(database, "township"))
            people = (await db.Members.Where(m => m.State == MemberState.Present && m.Household!.Status != HouseholdStatus.Poor && m.Household.Status != HouseholdStatus.Removed)
                    .Where(m => !db.Cases.Any(c => c.HouseholdId == m.HouseholdId && c.ClosedAt == null))
                    .Where(m => !db.MonitoredObjects.Any(o => o.HouseholdId == m.HouseholdId))
                    .Select(m => new { m.HouseholdId, m.Household!.Number, m.ResidentId }).ToListAsync(Ct))
                .GroupBy(m => m.HouseholdId).Select(g => g.First()).Take(count).Select(m => new Person(m.HouseholdId, m.Number, m.ResidentId)).ToList();
        Assert.Equal(count, people.Count);
        await using (var db = As(database, "township"))
            foreach (var p in people.Take(consenting))
                await MonitoringWork.RecordConsentAsync(db, p.HouseholdId, new DateOnly(2026, 1, 5), "授权书2026-001", Now, Ct);
        return people;
    }

    private static string Csv(TestFolder folder, string name, params string[] lines)
    {
        var path = folder.File(name);
        File.WriteAllText(path, string.Join("\n", [Header, .. lines]) + "\n", new UTF8Encoding(true));
        return path;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_good_feed_raises_routed_signals_with_evidence_for_consenting_households(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "feeds")).WithDemoAsync(120);
        var p = await PeopleAsync(database, 3, consenting: 3);

        // A workbook, the IDs as text cells; the kinds in Chinese and in English.
        var path = folder.File("医保局2026年2月.xlsx");
        await MiniExcel.SaveAsAsync(path, new[]
        {
            new Dictionary<string, object> { ["身份证号"] = p[0].ResidentId, ["事项"] = "大额医疗支出", ["金额"] = "38000.50", ["发生日期"] = "2026-02-10", ["说明"] = "住院自付" },
            new Dictionary<string, object> { ["身份证号"] = p[1].ResidentId, ["事项"] = "Owns a vehicle", ["金额"] = "", ["发生日期"] = "2026/2/11", ["说明"] = "" },
            new Dictionary<string, object> { ["身份证号"] = p[2].ResidentId, ["事项"] = "失业", ["金额"] = "", ["发生日期"] = "2026-02-12", ["说明"] = $"本人{p[2].ResidentId}失业" },
            new Dictionary<string, object> { ["身份证号"] = p[2].ResidentId, ["事项"] = "收入骤减", ["金额"] = "12000", ["发生日期"] = "2026-02-13", ["说明"] = "" },
        }, cancellationToken: Ct);

        // Only county officers import department data (a feed is a row of the county).
        foreach (var user in new[] { "village", "township", "city" })
            await using (var db = As(database, user))
                await Assert.ThrowsAsync<WorkflowRefusedException>(() => DepartmentFeeds.ImportAsync(db, path, new FeedOptions("医保局", CountyCode: "990121"), Now, Ct));

        FeedReport report;
        await using (var db = As(database, "county"))
            report = await DepartmentFeeds.ImportAsync(db, path, new FeedOptions("医保局"), Now, Ct);
        Assert.Empty(report.Errors);
        Assert.False(report.Rejected);
        Assert.Equal((4, 4, 4, 0), (report.Rows, report.Matched, report.Signals, report.Skipped));

        await using (var db = As(database, "county"))
        {
            var feed = await db.DepartmentFeeds.SingleAsync(f => f.Id == report.FeedId, Ct);
            Assert.Equal(("医保局", 4, 4, 4, 0, "990121"), (feed.Department, feed.Rows, feed.Matched, feed.Signals, feed.Skipped, feed.CountyCode));
            var signals = await db.RiskSignals.Where(s => s.FeedId == feed.Id).OrderBy(s => s.Id).ToListAsync(Ct);
            Assert.Equal(4, signals.Count);
            Assert.All(signals, s => Assert.Equal((DiscoveryChannel.DepartmentWarning, "医保局"), (s.Channel, s.Source)));

            var medical = signals[0];
            Assert.Equal((p[0].HouseholdId, RiskKind.MedicalExpense, 38000.50m, new DateOnly(2026, 2, 10)), (medical.HouseholdId!.Value, medical.Kind, medical.Amount!.Value.Yuan, medical.EventDate!.Value));
            Assert.Contains("住院自付", medical.Evidence);
            Assert.Equal(SignalState.Open, medical.State);
            var opened = await db.Cases.SingleAsync(c => c.Id == medical.CaseId, Ct);
            Assert.Equal((CaseKind.Monitoring, Stage.Signal, p[0].HouseholdId), (opened.Kind, opened.Stage, opened.HouseholdId!.Value));

            Assert.Equal((RiskKind.Vehicle, SignalState.ExclusionFlagged, (long?)null), (signals[1].Kind, signals[1].State, signals[1].CaseId));

            // Two rows of one household: one case, both signals on it; the ID in the evidence is masked.
            Assert.NotNull(signals[2].CaseId);
            Assert.Equal(signals[2].CaseId, signals[3].CaseId);
            Assert.DoesNotContain(p[2].ResidentId, signals[2].Evidence);
            Assert.Contains(Masking.ResidentId(p[2].ResidentId), signals[2].Evidence);
            Assert.Single(await db.Cases.Where(c => c.HouseholdId == p[2].HouseholdId && c.Kind == CaseKind.Monitoring).ToListAsync(Ct));

            // The audit names no full resident ID.
            var audit = await db.AuditEntries.Where(a => a.Actor == "county")
                .Select(a => a.EntityId + " " + a.OldValue + " " + a.NewValue + " " + a.Reason).ToListAsync(Ct);
            Assert.NotEmpty(audit);
            Assert.DoesNotContain(audit, t => p.Any(x => t.Contains(x.ResidentId, StringComparison.Ordinal)));

            Assert.Single(await DepartmentFeeds.ListAsync(db, ct: Ct));
        }

        // A second feed naming a household with open work joins it.
        var again = Csv(folder, "again.csv", $"{p[0].ResidentId},新增残疾,,2026-02-20,二级肢体残疾");
        await using (var db = As(database, "county"))
        {
            var second = await DepartmentFeeds.ImportAsync(db, again, new FeedOptions("残联"), Now, Ct);
            Assert.Equal((1, 1, 0), (second.Signals, second.Matched, second.CasesOpened));
            var signal = await db.RiskSignals.SingleAsync(s => s.FeedId == second.FeedId, Ct);
            Assert.Equal((await db.RiskSignals.OrderBy(s => s.Id).FirstAsync(s => s.FeedId == report.FeedId, Ct)).CaseId, signal.CaseId);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_file_with_bad_rows_writes_nothing_and_reports_each_row_and_skip_invalid_writes_only_the_good_rows(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "feedsbad")).WithDemoAsync(120);
        var p = await PeopleAsync(database, 2, consenting: 1);
        var good = p[0].ResidentId;
        var badChecksum = good[..17] + (good[17] == '0' ? '1' : '0');
        var stranger = ResidentId.Create("110101", new DateOnly(1980, 5, 6), 123).Value; // valid, but in no household
        var path = Csv(folder, "民政局.csv",
            $"{good},纳入低保,,2026-02-01,",                        // row 2: good
            $"{badChecksum},纳入低保,,2026-02-01,",                 // row 3: checksum
            $"{good},中彩票,,2026-02-01,",                          // row 4: unknown kind
            $"{good},受灾,十万,2026-02-01,",                        // row 5: bad amount
            $"{good},受灾,100,2026-13-45,",                         // row 6: bad date
            $"{stranger},失业,,2026-02-01,",                        // row 7: not in the registry
            $"{p[1].ResidentId},失业,,2026-02-01,",                 // row 8: no consent
            $"{good},受灾,100,2027-01-01,");                        // row 9: future date

        var before = await DatabaseChecksum.OfAsync(database.Target, Ct);
        FeedReport report;
        await using (var db = As(database, "county"))
            report = await DepartmentFeeds.ImportAsync(db, path, new FeedOptions("民政局"), Now, Ct);
        Assert.True(report.Rejected);
        Assert.Null(report.FeedId);
        Assert.Equal(before, await DatabaseChecksum.OfAsync(database.Target, Ct));
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], report.Errors.Select(e => e.Row).Distinct().Order());
        Assert.Equal([(3, "身份证号"), (4, "事项"), (5, "金额"), (6, "发生日期"), (7, "身份证号"), (8, "身份证号"), (9, "发生日期")],
            report.Errors.Select(e => (e.Row, e.Column)));
        Assert.All(report.Errors, e => Assert.True(e.Chinese.Length > 0 && e.English.Length > 0 && e.Chinese != e.English));
        var consent = report.Errors.Single(e => e.Row == 8);
        Assert.StartsWith("该户未签署数据核查授权", consent.Chinese);
        Assert.Equal(p[1].Number, consent.HouseholdNumber);
        // No message carries a full resident ID.
        Assert.DoesNotContain(report.Errors, e => new[] { good, badChecksum, stranger, p[1].ResidentId }.Any(id => e.Message.Contains(id, StringComparison.Ordinal)));

        // Skip-invalid: the good row is written, the bad ones are reported and counted.
        await using (var db = As(database, "county"))
            report = await DepartmentFeeds.ImportAsync(db, path, new FeedOptions("民政局", SkipInvalid: true), Now, Ct);
        Assert.False(report.Rejected);
        Assert.Equal((8, 1, 1, 7), (report.Rows, report.Matched, report.Signals, report.Skipped));
        Assert.Equal(7, report.Errors.Count);
        await using (var db = As(database, "county"))
        {
            var signal = await db.RiskSignals.SingleAsync(s => s.FeedId == report.FeedId, Ct);
            Assert.Equal((p[0].HouseholdId, RiskKind.Dibao), (signal.HouseholdId!.Value, signal.Kind));
            Assert.False(await db.RiskSignals.AnyAsync(s => s.HouseholdId == p[1].HouseholdId, Ct));
            var feed = await db.DepartmentFeeds.SingleAsync(f => f.Id == report.FeedId, Ct);
            Assert.Equal((8, 1, 1, 7), (feed.Rows, feed.Matched, feed.Signals, feed.Skipped));
        }

        // A withdrawn consent is no consent.
        await using (var db = As(database, "township")) await MonitoringWork.WithdrawConsentAsync(db, p[0].HouseholdId, Now, Ct);
        var one = Csv(folder, "one.csv", $"{good},纳入低保,,2026-02-01,");
        await using (var db = As(database, "county"))
        {
            var refused = await DepartmentFeeds.ImportAsync(db, one, new FeedOptions("民政局"), Now, Ct);
            Assert.True(refused.Rejected);
            Assert.StartsWith("该户未签署数据核查授权", Assert.Single(refused.Errors).Chinese);
        }

        // A file without the required columns is refused as a whole, even with skip-invalid.
        await using (var db = As(database, "county"))
        {
            var header = Csv(folder, "noheader.csv");
            File.WriteAllText(header, "姓名,金额\n张三,100\n");
            var refused = await DepartmentFeeds.ImportAsync(db, header, new FeedOptions("民政局", SkipInvalid: true), Now, Ct);
            Assert.True(refused.Rejected);
            Assert.Equal(["身份证号", "事项", "发生日期"], refused.Errors.Select(e => e.Column));
        }
    }

    private static readonly string[] Pieces =
    [
        "", " ", ",", "\"", "\"\"", "\n", "\r\n", "\0", "*", "X", "0", "1e17", "1.10105E+17", "110101198005061234", "11010119800506123X",
        "大额医疗支出", "Owns a vehicle", "失业", "受灾", "中彩票", "-5", "38000.505", "1,000", "2026-02-10", "2026/2/30", "20260210",
        "45678", "9999-99-99", "身份证号", "事项", "金额", "发生日期", "说明", "é", "🙂", new string('长', 600),
    ];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 60)]
    [InlineData(DatabaseProvider.Postgres, 25)]
    public async Task Generated_damaged_files_and_random_rows_never_throw_and_a_refused_file_changes_nothing(DatabaseProvider provider, int cases)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "feedsfuzz")).WithDemoAsync(120);
        var p = await PeopleAsync(database, 2, consenting: 1);
        string[] ids = [p[0].ResidentId, p[1].ResidentId, .. Pieces];
        var cell = Gen.OneOf(Gen.Int[0, ids.Length - 1].Select(i => ids[i]), Gen.String[Gen.Char.AlphaNumeric, 0, 20], Gen.String);
        var line = cell.Array[0, 7].Select(cells => string.Join(",", cells));
        var file = Gen.Select(Gen.Int[0, 3], line.Array[0, 12], Gen.Byte.Array[0, 300], Gen.Bool)
            .Select((kind, lines, bytes, skip) => (Kind: kind, Lines: lines, Bytes: bytes, Skip: skip));
        var count = 0;
        await file.SampleAsync(async f =>
        {
            var path = folder.File($"fuzz{++count}." + (f.Kind == 3 ? "xlsx" : "csv"));
            switch (f.Kind)
            {
                case 0: File.WriteAllText(path, string.Join("\n", [Header, .. f.Lines]), Encoding.UTF8); break;
                case 1: File.WriteAllText(path, string.Join("\r\n", f.Lines), Encoding.UTF8); break;
                case 2: File.WriteAllBytes(path, f.Bytes); break;
                default:
                    var xlsx = folder.File($"ok{count}.xlsx");
                    await MiniExcel.SaveAsAsync(xlsx, f.Lines.Select(l => l.Split(',')).Select(c => new Dictionary<string, object>
                    {
                        ["身份证号"] = c.ElementAtOrDefault(0) ?? "", ["事项"] = c.ElementAtOrDefault(1) ?? "", ["发生日期"] = c.ElementAtOrDefault(2) ?? "",
                    }).ToArray() is { Length: > 0 } rows ? rows : [new Dictionary<string, object> { ["身份证号"] = "" }], cancellationToken: Ct);
                    var bytes = await File.ReadAllBytesAsync(xlsx, Ct);
                    // Cut the workbook short sometimes: a broken upload.
                    await File.WriteAllBytesAsync(path, f.Bytes.Length % 3 == 0 ? bytes[..(bytes.Length * 2 / 3)] : bytes, Ct);
                    break;
            }
            var before = await DatabaseChecksum.OfAsync(database.Target, Ct);
            await using var db = As(database, "county");
            var report = await DepartmentFeeds.ImportAsync(db, path, new FeedOptions("测试局", f.Skip), Now, Ct);
            if (report.Rejected) Assert.Equal(before, await DatabaseChecksum.OfAsync(database.Target, Ct));
            else Assert.Equal(report.Rows - report.Skipped, report.Signals);
            Assert.True(report.Rejected || report.Errors.Count == 0 || f.Skip);
            Assert.DoesNotContain(report.Errors, e => e.Message.Contains(p[0].ResidentId, StringComparison.Ordinal) || e.Message.Contains(p[1].ResidentId, StringComparison.Ordinal));
        }, iter: cases, threads: 1);
    }
}
