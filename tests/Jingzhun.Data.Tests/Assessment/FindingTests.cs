using System.IO.Compression;
using System.Security.Cryptography;
using CsCheck;
using Jingzhun.Data.Access;
using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Assessment;

/// <summary>
/// Supervision and rectification (督查巡查, 限期整改) on both engines: a finding the county raises against a village is
/// rectified by the village with evidence and signed off by the county; another goes past its deadline and is on the overdue
/// list of its township, county, city, province and nation but not of another county. Wrong roles and levels are refused with
/// nothing stored; evidence is a real file; a report is never edited and answered once; a withdrawal needs its reason; the
/// report by level adds up over random findings and dates.
/// </summary>
public sealed class FindingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = DemoGenerator.CountyCode;
    private const string Township = "990121001000";
    private const string Village = "990121001001";
    private const string Village2 = "990121001002";
    private const string OtherCounty = "990122000000";
    private const string OtherVillage = "990122001001";
    private static readonly DateTime March1 = new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);

    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    private static JingzhunDbContext As(TestDatabase database, string user) =>
        JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)));

    private static FindingInput Input(string area, string title = "危房改造不到位", DateOnly? foundOn = null, DateOnly? deadline = null,
        IReadOnlyList<long>? households = null) =>
        new(area, FindingSource.Inspection, FindingSeverity.Serious, title, "督查发现两户住房仍为C级危房", "某某村民委员会", foundOn ?? new DateOnly(2026, 3, 1), deadline, households);

    private static async Task<TestDatabase> DatabaseAsync(DatabaseProvider provider, TestFolder folder, string name, int households = 0)
    {
        var database = await (await TestDatabase.CreateAsync(provider, folder, name))
            .WithDemoAsync(new DemoOptions(households, 7, Townships: 2, VillagesPerTownship: 2));
        // A second county of the city, for "not on another county's list".
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        system.Regions.AddRange(
            new Region { Code = OtherCounty, Name = "另一县", Level = RegionLevel.County, ParentCode = DemoGenerator.CityCode, IsWestern = true },
            new Region { Code = "990122001000", Name = "另一镇", Level = RegionLevel.Township, ParentCode = OtherCounty, IsWestern = true },
            new Region { Code = OtherVillage, Name = "另一村", Level = RegionLevel.Village, ParentCode = "990122001000", IsWestern = true });
        await system.SaveChangesAsync(Ct);
        return database;
    }

    private static async Task<int> CountAsync(TestDatabase database)
    {
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        return await system.Findings.CountAsync(Ct) + await system.Rectifications.CountAsync(Ct) + await system.FindingSubjects.CountAsync(Ct);
    }

    private static async Task<string> StateAsync(TestDatabase database)
    {
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var findings = await system.Findings.OrderBy(f => f.Id).Select(f => $"{f.Id}:{f.State}:{f.Version}").ToListAsync(Ct);
        var reports = await system.Rectifications.OrderBy(r => r.Id).Select(r => $"{r.Id}:{r.Accepted}:{r.Measures}").ToListAsync(Ct);
        return string.Join(",", findings) + "|" + string.Join(",", reports);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_village_finding_is_rectified_and_signed_off_and_an_overdue_one_is_listed_at_every_level_above(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DatabaseAsync(provider, folder, "findings", households: 12);
        List<long> households;
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            households = await system.Households.Where(h => h.VillageCode == Village).OrderBy(h => h.Id).Select(h => h.Id).Take(2).ToListAsync(Ct);
        Assert.NotEmpty(households);
        // The demo has findings of its own (some overdue): the counts below are the demo's plus this test's.
        FindingCounts demoCounty, demoOther;
        await using (var city = As(database, "city"))
        {
            var before = (await Findings.ReportByLevelAsync(city, DemoGenerator.CityCode, new DateOnly(2026, 3, 11), Ct))!;
            demoCounty = before.Children.Single(c => c.Code == County).Counts;
            demoOther = before.Children.Single(c => c.Code == OtherCounty).Counts;
        }

        // The county raises a finding against the village, naming two of its households; the deadline is the rule set's 30 days.
        long rectified;
        await using (var county = As(database, "county"))
        {
            var finding = await Findings.RaiseAsync(county, Input(Village, households: households), March1, Ct);
            rectified = finding.Id;
            Assert.Equal("ZG2026990121-0001", finding.Number);
            Assert.Equal(County, finding.RaisedByCode);
            Assert.Equal(new DateOnly(2026, 3, 31), finding.Deadline);
            Assert.Equal("990121", finding.CountyCode);
            Assert.Equal(households.Count, finding.Subjects.Count);
        }

        // The village reports its rectification with a PDF before the deadline; the county signs it off.
        await using (var village = As(database, "village"))
        {
            var view = (await Findings.GetAsync(village, rectified, March1.AddDays(5), Ct))!;
            Assert.True(view.May.Report);
            Assert.False(view.May.Answer);
            var report = (await Findings.ReportAsync(village, rectified, "两户已完成危房改造并验收", "验收报告.pdf", Pdf, March1.AddDays(19), Ct))!;
            Assert.Equal("application/pdf", report.EvidenceType);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), report.EvidenceSha256);
            Assert.Equal(new DateOnly(2026, 3, 20), report.ReportedOn);
        }
        await using (var county = As(database, "county"))
        {
            var view = (await Findings.GetAsync(county, rectified, March1.AddDays(20), Ct))!;
            Assert.Equal(FindingState.Reported, view.Finding.State);
            Assert.True(view.May.Answer);
            var evidence = (await Findings.EvidenceAsync(county, view.Rectifications.Single().Id, Ct))!.Value;
            Assert.Equal(Pdf, evidence.Content);
            var finding = (await Findings.AnswerAsync(county, view.Rectifications.Single().Id, true, "经核查整改到位，同意销号", March1.AddDays(21), Ct))!;
            Assert.Equal(FindingState.SignedOff, finding.State);
            Assert.Equal("county", finding.ClosedBy);
            Assert.NotNull(finding.ClosedAt);
        }

        // A second finding of the other village with a short deadline, and the city's finding of another county.
        long overdue, elsewhere;
        await using (var county = As(database, "county"))
            overdue = (await Findings.RaiseAsync(county, Input(Village2, "低保未及时纳入", deadline: new DateOnly(2026, 3, 10)), March1, Ct)).Id;
        await using (var city = As(database, "city"))
            elsewhere = (await Findings.RaiseAsync(city, Input(OtherVillage, "项目资金闲置", deadline: new DateOnly(2026, 3, 10)), March1, Ct)).Id;

        // On its deadline it is not yet overdue; the day after it is, on every list from the township up, and not another county's.
        await using (var county = As(database, "county"))
            Assert.DoesNotContain((await Findings.OverdueAsync(county, County, new DateOnly(2026, 3, 10), ct: Ct))!.Rows, r => r.Id == overdue);
        var today = new DateOnly(2026, 3, 11);
        foreach (var (user, area) in new[] { ("township", Township), ("county", County), ("city", DemoGenerator.CityCode),
                     ("province", DemoGenerator.ProvinceCode), ("nation", "000000000000") })
        {
            await using var db = As(database, user);
            var list = (await Findings.OverdueAsync(db, area, today, ct: Ct))!;
            Assert.Contains(list.Rows, r => r.Id == overdue && r.Overdue && r.DaysOverdue == 1);
            Assert.DoesNotContain(list.Rows, r => r.Id == rectified);
            Assert.Equal(area is Township or County, list.Rows.All(r => r.Id != elsewhere));
            var report = (await Findings.ReportByLevelAsync(db, area, today, Ct))!;
            Assert.True(report.Area.Counts.Overdue >= 1);
        }
        await using (var city = As(database, "city"))
        {
            Assert.DoesNotContain((await Findings.OverdueAsync(city, County, today, ct: Ct))!.Rows, r => r.Id == elsewhere);
            Assert.Contains((await Findings.OverdueAsync(city, OtherCounty, today, ct: Ct))!.Rows, r => r.Id == elsewhere);
            var report = (await Findings.ReportByLevelAsync(city, DemoGenerator.CityCode, today, Ct))!;
            Assert.Equal(demoCounty + new FindingCounts(1, 0, 1, 0, 1), report.Children.Single(c => c.Code == County).Counts);
            Assert.Equal(demoOther + new FindingCounts(1, 0, 0, 0, 1), report.Children.Single(c => c.Code == OtherCounty).Counts);
        }
        // The county's list is not the other county's, and the county cannot read the other county at all.
        await using (var county = As(database, "county"))
        {
            Assert.Null(await Findings.OverdueAsync(county, OtherCounty, today, ct: Ct));
            Assert.Null(await Findings.GetAsync(county, elsewhere, March1, Ct));
            var xlsx = (await Findings.ExportOverdueAsync(county, County, new DateTime(2026, 3, 11, 8, 0, 0, DateTimeKind.Utc), Ct))!;
            var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
            var numbers = rows.Select(r => r["问题编号 Number"]?.ToString()).ToList();
            Assert.Contains("ZG2026990121-0002", numbers);
            Assert.DoesNotContain("ZG2026990121-0001", numbers);
        }
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            Assert.True(await system.AuditEntries.AnyAsync(a => a.EntityType == "FindingsOverdue" && a.Actor == "county", Ct));
        // The village sees its own finding and not its neighbour's.
        await using (var village = As(database, "village"))
            Assert.DoesNotContain((await Findings.OverdueAsync(village, Village, today, ct: Ct))!.Rows, r => r.Id == overdue || r.Id == elsewhere);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Wrong_roles_and_levels_are_refused_with_nothing_stored(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DatabaseAsync(provider, folder, "finding-roles");
        foreach (var user in new[] { "auditor", "assessor", "cadre", "village", "workteam", "admin" })
        {
            await using var db = As(database, user);
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Findings.RaiseAsync(db, Input(Village), March1, Ct));
        }
        // A township may not raise one about another township, nor the county about another county.
        await using (var township = As(database, "township"))
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Findings.RaiseAsync(township, Input("990121002001"), March1, Ct));
        await using (var county = As(database, "county"))
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Findings.RaiseAsync(county, Input(OtherVillage), March1, Ct));
        Assert.Equal(0, await CountAsync(database));

        long id;
        await using (var county = As(database, "county"))
            id = (await Findings.RaiseAsync(county, Input(Village), March1, Ct)).Id;
        var before = await StateAsync(database);
        // Only the village's own offices report: not the county above it, not the township, not another village.
        foreach (var user in new[] { "county", "township", "auditor", "cadre" })
        {
            await using var db = As(database, user);
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Findings.ReportAsync(db, id, "已整改", "a.pdf", Pdf, March1, Ct));
        }
        await using (var village2 = As(database, "village2"))
            Assert.Null(await Findings.ReportAsync(village2, id, "已整改", "a.pdf", Pdf, March1, Ct));
        Assert.Equal(before, await StateAsync(database));

        long report;
        await using (var workteam = As(database, "workteam"))
            report = (await Findings.ReportAsync(workteam, id, "已整改", "a.pdf", Pdf, March1, Ct))!.Id;
        before = await StateAsync(database);
        // The village may not sign off its own; a township below the county that raised it may not answer or withdraw it.
        await using (var village = As(database, "village"))
        {
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Findings.AnswerAsync(village, report, true, "", March1, Ct));
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Findings.WithdrawAsync(village, id, "错报", March1, Ct));
        }
        await using (var township = As(database, "township"))
        {
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Findings.AnswerAsync(township, report, true, "同意", March1, Ct));
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Findings.WithdrawAsync(township, id, "错报", March1, Ct));
            Assert.False((await Findings.GetAsync(township, id, March1, Ct))!.May.Answer);
        }
        await using (var auditor = As(database, "auditor"))
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Findings.AnswerAsync(auditor, report, true, "同意", March1, Ct));
        // Past the services: the village writing the finding's state itself is refused by the save rules.
        await using (var village = As(database, "village"))
        {
            var row = await village.Rectifications.SingleAsync(r => r.Id == report, Ct);
            row.Accepted = true;
            await Assert.ThrowsAsync<ScopeViolationException>(() => village.SaveChangesAsync(Ct));
        }
        Assert.Equal(before, await StateAsync(database));
        // The province above the county may answer it (the raising level or above).
        await using (var province = As(database, "province"))
            Assert.Equal(FindingState.Open, (await Findings.AnswerAsync(province, report, false, "佐证材料不全，请补充验收照片", March1, Ct))!.State);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Evidence_is_a_real_file_a_report_is_never_edited_and_answered_once_and_a_withdrawal_needs_its_reason(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DatabaseAsync(provider, folder, "finding-rules");
        long id;
        await using (var county = As(database, "county"))
        {
            await Assert.ThrowsAsync<AssessmentInputException>(() => Findings.RaiseAsync(county, Input(Village, title: " "), March1, Ct));
            await Assert.ThrowsAsync<AssessmentInputException>(() => Findings.RaiseAsync(county, Input(Village, deadline: new DateOnly(2026, 2, 1)), March1, Ct));
            await Assert.ThrowsAsync<AssessmentInputException>(() => Findings.RaiseAsync(county, Input("99012x"), March1, Ct));
            await Assert.ThrowsAsync<AssessmentInputException>(() => Findings.RaiseAsync(county, Input(Village, households: [long.MaxValue]), March1, Ct));
            id = (await Findings.RaiseAsync(county, Input(Village), March1, Ct)).Id;
        }
        var before = await StateAsync(database);
        await using (var village = As(database, "village"))
        {
            // Not a file of the five kinds by content, whatever its name; empty; too large; no measures.
            byte[] zipWithoutParts;
            using (var stream = new MemoryStream())
            {
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true)) zip.CreateEntry("readme.txt");
                zipWithoutParts = stream.ToArray();
            }
            foreach (var bad in new[] { "not a pdf"u8.ToArray(), zipWithoutParts, Array.Empty<byte>(), new byte[] { 0x89, 0x50, 0x4E } })
                await Assert.ThrowsAsync<AssessmentInputException>(() => Findings.ReportAsync(village, id, "已整改", "evidence.pdf", bad, March1, Ct));
            var huge = new byte[10 * 1024 * 1024 + 1];
            Pdf.CopyTo(huge, 0);
            await Assert.ThrowsAsync<AssessmentInputException>(() => Findings.ReportAsync(village, id, "已整改", "big.pdf", huge, March1, Ct));
            await Assert.ThrowsAsync<AssessmentInputException>(() => Findings.ReportAsync(village, id, "  ", "a.pdf", Pdf, March1, Ct));
        }
        Assert.Equal(before, await StateAsync(database));

        long report;
        await using (var village = As(database, "village"))
        {
            report = (await Findings.ReportAsync(village, id, "已整改", "照片.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], March1, Ct))!.Id;
            // A second report while the first waits is refused.
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => Findings.ReportAsync(village, id, "补充", "a.pdf", Pdf, March1, Ct));
            // The report is never edited, even through the context.
            var row = await village.Rectifications.SingleAsync(r => r.Id == report, Ct);
            row.Measures = "改写后的措施";
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => village.SaveChangesAsync(Ct));
        }
        await using (var county = As(database, "county"))
        {
            var row = await county.Rectifications.SingleAsync(r => r.Id == report, Ct);
            row.Measures = "上级改写";
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => county.SaveChangesAsync(Ct));
        }
        await using (var county = As(database, "county"))
        {
            // Sent back needs its reason; then it is answered once.
            await Assert.ThrowsAsync<AssessmentInputException>(() => Findings.AnswerAsync(county, report, false, " ", March1, Ct));
            Assert.Equal(FindingState.Open, (await Findings.AnswerAsync(county, report, false, "照片不清晰", March1, Ct))!.State);
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => Findings.AnswerAsync(county, report, true, "同意", March1, Ct));
        }
        await using (var county = As(database, "county"))
        {
            var row = await county.Rectifications.SingleAsync(r => r.Id == report, Ct);
            row.Accepted = true;
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => county.SaveChangesAsync(Ct));
        }
        await using (var county = As(database, "county"))
        {
            // A withdrawal needs its reason; a withdrawn finding takes no report and no second withdrawal.
            await Assert.ThrowsAsync<AssessmentInputException>(() => Findings.WithdrawAsync(county, id, "  ", March1, Ct));
            var withdrawn = (await Findings.WithdrawAsync(county, id, "经复核不属实", March1, Ct))!;
            Assert.Equal(FindingState.Withdrawn, withdrawn.State);
            Assert.Equal("经复核不属实", withdrawn.ClosedReason);
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => Findings.WithdrawAsync(county, id, "再次", March1, Ct));
        }
        await using (var village = As(database, "village"))
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => Findings.ReportAsync(village, id, "已整改", "a.pdf", Pdf, March1, Ct));
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            Assert.True(await system.AuditEntries.AnyAsync(a => a.Reason == "经复核不属实", Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_report_by_level_adds_up_over_random_findings_and_dates(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DatabaseAsync(provider, folder, "finding-levels");
        List<string> areas;
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            areas = await system.Regions.AsNoTracking().Where(r => r.Level >= RegionLevel.Province).Select(r => r.Code).OrderBy(c => c).ToListAsync(Ct);
        var serial = 0;
        // An area, a state, a deadline's day, and the day of "today".
        var findingGen = Gen.Select(Gen.Int[0, areas.Count - 1], Gen.Int[1, 4], Gen.Int[0, 60]);
        await Gen.Select(findingGen.List[1, 12], Gen.Int[0, 70]).SampleAsync(async (rows, day) =>
        {
            await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            {
                foreach (var (a, state, deadline) in rows)
                    system.Findings.Add(new Finding
                    {
                        Number = $"ZG-R-{++serial}", RegionCode = areas[a], RaisedByCode = "000000000000", Source = FindingSource.Patrol,
                        Severity = FindingSeverity.Minor, Title = "随机", Description = "随机", ResponsibleUnit = "随机", FoundOn = new DateOnly(2026, 1, 1),
                        Deadline = new DateOnly(2026, 1, 1).AddDays(deadline), State = (FindingState)state, RaisedBy = "test", RaisedAt = March1,
                    });
                await system.SaveChangesAsync(Ct);
            }
            var today = new DateOnly(2026, 1, 1).AddDays(day);
            await using var nation = As(database, "nation");
            var all = await nation.Findings.AsNoTracking().Select(f => new { f.RegionCode, f.State, f.Deadline }).ToListAsync(Ct);
            foreach (var area in areas.Append("000000000000"))
            {
                var code = RegionCode.Parse(area);
                var report = (await Findings.ReportByLevelAsync(nation, area, today, Ct))!;
                var mine = all.Where(f => f.RegionCode.StartsWith(code.Prefix, StringComparison.Ordinal)).ToList();
                var expectedOverdue = mine.Count(f => f.Deadline < today && f.State is FindingState.Open or FindingState.Reported);
                Assert.Equal(expectedOverdue, report.Area.Counts.Overdue);
                Assert.Equal(expectedOverdue, (await Findings.OverdueAsync(nation, area, today, ct: Ct))!.Total);
                Assert.Equal(mine.Count, report.Area.Counts.Total);
                Assert.Equal(mine.Count(f => f.State == FindingState.Open), report.Area.Counts.Open);
                Assert.Equal(report.Area.Counts, report.Children.Aggregate(FindingCounts.Zero, (s, c) => s + c.Counts));
                // Each child's line is that child's own report.
                foreach (var child in report.Children.Where(c => !c.OwnLevel))
                    Assert.Equal(child.Counts, (await Findings.ReportByLevelAsync(nation, child.Code, today, Ct))!.Area.Counts);
            }
        }, iter: provider == DatabaseProvider.Sqlite ? 20 : 10, threads: 1);
    }
}
