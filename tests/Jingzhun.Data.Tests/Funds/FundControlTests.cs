using CsCheck;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Funds;

/// <summary>
/// Funds control (FundControl) on a crafted county ledger of a year no demo data reaches (2031): each misuse pattern flagged
/// and nothing else, a payment and its reversal not a duplicate, idle funds found after the rule set's days and not before,
/// overdue projects, the rates worked out by hand; and, over random ledgers, every area the sum of its children.
/// </summary>
public abstract class FundControlTests(DatabaseProvider provider) : IDisposable
{
    private const int Year = 2031;
    private const string County = "990121000000";
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(Year, 6, 1, 9, 0, 0, DateTimeKind.Utc);

    public void Dispose() => _folder.Dispose();

    private sealed class Clock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }

    private static JingzhunDbContext As(TestDatabase database, string user) =>
        JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)), new Clock(Now));

    private async Task<TestDatabase> CountyAsync(string name, int households = 24)
    {
        var database = await (await TestDatabase.CreateAsync(provider, _folder, name)).WithRegionsAsync();
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await DemoSeeder.AddHouseholdsAsync(db, new DemoGenerator(new DemoOptions(households, 3)).Households(), "test", cancellationToken: Ct);
        return database;
    }

    private static FundAllocation Allocation(FundSource source, decimal yuan, DateOnly issued) => new()
    {
        Year = Year, Source = source, FromCode = "990100000000", ToCode = County, Amount = new Money(yuan), IssuedOn = issued,
        DocumentNumber = $"示市扶〔{Year}〕{(int)source}号", Purpose = "测试",
    };

    private static Project Project(string number, string region, ProjectType type, ProjectStage stage, DateOnly? plannedEnd = null)
    {
        var project = new Project { Number = number, Name = "测试项目" + number, RegionCode = region, Type = type, Year = Year, Stage = stage, PlannedEnd = plannedEnd };
        if (stage != ProjectStage.Proposed)
            project.Steps.Add(new ProjectStep { From = ProjectStage.Approved, To = stage, Action = ProjectAction.Advance, RegionCode = region, Actor = "county", At = Now });
        return project;
    }

    private static FundPayment Pay(PaymentKind kind, string region, decimal yuan, ProjectType purpose, long? allocation = null, long? project = null,
        long? household = null, long? member = null, DateOnly? on = null) => new()
    {
        CountyCode = "990121", RegionCode = region, Year = Year, Kind = kind, PaidOn = on ?? new DateOnly(Year, 3, 1), Amount = new Money(yuan),
        Source = allocation is null ? null : FundSource.CentralFiscal, AllocationId = allocation, ProjectId = project, HouseholdId = household, MemberId = member,
        PurposeType = purpose, Payee = "收款人", Purpose = "测试",
    };

    private sealed record Ledger(Dictionary<string, long> Payments, long Idle1, long Idle3, long Recent, long Overdue);

    /// <summary>The crafted ledger: three allocations, three projects, payments clean and flagged (see the test for which).</summary>
    private static async Task<Ledger> CraftAsync(TestDatabase database)
    {
        List<(long Id, string Village, long Head, long Other)> hh;
        await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var rows = await sys.Households.AsNoTracking().Where(h => h.Members.Count(m => m.State == MemberState.Present) >= 2)
                .OrderBy(h => h.Id).Take(4)
                .Select(h => new { h.Id, h.VillageCode, Members = h.Members.Where(m => m.State == MemberState.Present).OrderBy(m => m.Id).Select(m => m.Id).ToList() })
                .ToListAsync(Ct);
            hh = rows.Select(r => (r.Id, r.VillageCode, r.Members[0], r.Members[1])).ToList();
            var deceased = hh[0].Other;
            await sys.Members.Where(m => m.Id == deceased).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, MemberState.Deceased), Ct);
        }
        var (a, b, c, d) = (hh[0], hh[1], hh[2], hh[3]);

        FundAllocation a1, a2, a3;
        await using (var city = As(database, "city"))
        {
            a1 = Allocation(FundSource.CentralFiscal, 100_000, new(Year, 1, 10));
            a2 = Allocation(FundSource.ProvinceFiscal, 50_000, new(Year, 5, 20));
            a3 = Allocation(FundSource.Society, 10_000, new(Year, 1, 5));
            city.Allocations.AddRange(a1, a2, a3);
            await city.SaveChangesAsync(Ct);
        }
        await using var county = As(database, "county");
        var p = Project("XM-T-P", a.Village, ProjectType.Industry, ProjectStage.Started, new(Year, 3, 1));
        p.Funding.Add(new ProjectFunding { Source = FundSource.CentralFiscal, AllocationId = a1.Id, Amount = new Money(60_000), RegionCode = a.Village });
        p.Beneficiaries.Add(new ProjectBeneficiary { HouseholdId = a.Id, People = 3, AddedBy = "county" });
        var q = Project("XM-T-Q", b.Village, ProjectType.Infrastructure, ProjectStage.Proposed);
        q.Funding.Add(new ProjectFunding { Source = FundSource.CentralFiscal, Amount = new Money(5_000), RegionCode = b.Village });
        var r = Project("XM-T-R", County, ProjectType.Industry, ProjectStage.Completed, new(Year, 2, 1));
        r.Funding.Add(new ProjectFunding { Source = FundSource.ProvinceFiscal, AllocationId = a2.Id, Amount = new Money(1_000), RegionCode = County });
        county.Projects.AddRange(p, q, r);
        await county.SaveChangesAsync(Ct);

        var pay = new Dictionary<string, FundPayment>
        {
            ["clean"] = Pay(PaymentKind.Household, a.Village, 1_000, ProjectType.Industry, a1.Id, p.Id, a.Id, a.Head),
            ["not-beneficiary"] = Pay(PaymentKind.Household, b.Village, 1_000, ProjectType.Industry, a1.Id, p.Id, b.Id, b.Head),
            ["deceased"] = Pay(PaymentKind.Household, a.Village, 200, ProjectType.Health, a1.Id, null, a.Id, a.Other),
            ["twice-1"] = Pay(PaymentKind.Household, c.Village, 300, ProjectType.Education, a1.Id, null, c.Id, c.Head, new(Year, 2, 1)),
            ["twice-2"] = Pay(PaymentKind.Household, c.Village, 300, ProjectType.Education, a1.Id, null, c.Id, c.Head, new(Year, 4, 1)),
            ["reversed"] = Pay(PaymentKind.Household, d.Village, 500, ProjectType.Employment, a1.Id, null, d.Id, d.Head, new(Year, 2, 1)),
            ["other-allocation"] = Pay(PaymentKind.Project, a.Village, 2_000, ProjectType.Industry, a3.Id, p.Id),
            ["not-in-library"] = Pay(PaymentKind.Project, b.Village, 100, ProjectType.Infrastructure, null, q.Id),
            ["wrong-purpose"] = Pay(PaymentKind.Household, a.Village, 400, ProjectType.Housing, a1.Id, p.Id, a.Id, a.Head),
            ["within-budget"] = Pay(PaymentKind.Project, County, 600, ProjectType.Industry, a2.Id, r.Id, on: new(Year, 2, 10)),
            ["beyond-budget"] = Pay(PaymentKind.Project, County, 600, ProjectType.Industry, a2.Id, r.Id, on: new(Year, 2, 20)),
        };
        county.Payments.AddRange(pay.Values);
        await county.SaveChangesAsync(Ct);
        // A payment and its reversal, then the right payment again: no duplicate.
        var reversal = Pay(PaymentKind.Household, d.Village, -500, ProjectType.Employment, a1.Id, null, d.Id, d.Head, new(Year, 2, 2));
        reversal.ReversesId = pay["reversed"].Id;
        reversal.Reason = "重复录入";
        var again = Pay(PaymentKind.Household, d.Village, 500, ProjectType.Employment, a1.Id, null, d.Id, d.Head, new(Year, 2, 3));
        county.Payments.AddRange(reversal, again);
        await county.SaveChangesAsync(Ct);
        pay["reversal"] = reversal;
        pay["again"] = again;
        return new Ledger(pay.ToDictionary(x => x.Key, x => x.Value.Id), a1.Id, a3.Id, a2.Id, p.Id);
    }

    [Fact]
    public async Task Each_misuse_pattern_is_flagged_and_a_payment_with_its_reversal_is_not_a_duplicate()
    {
        await using var database = await CountyAsync("flags");
        var ledger = await CraftAsync(database);
        await using var auditor = As(database, "auditor");
        var code = RegionCode.Parse(County);
        async Task<Dictionary<long, FlaggedPayment>> Flags(ControlList kind) =>
            (await FundControl.FlaggedPaymentsAsync(auditor, code, Year, kind, 1, 100, Ct)).Rows.ToDictionary(f => f.PaymentId);
        long Id(string name) => ledger.Payments[name];

        // 张冠李戴: a household outside the project's beneficiaries; a deceased member.
        var misdirected = await Flags(ControlList.Misdirected);
        Assert.Equal(new[] { Id("not-beneficiary"), Id("deceased") }.Order(), misdirected.Keys.Order());
        Assert.Contains("受益户", misdirected[Id("not-beneficiary")].Why.Chinese, StringComparison.Ordinal);
        Assert.Contains("beneficiary", misdirected[Id("not-beneficiary")].Why.English, StringComparison.Ordinal);
        Assert.Contains("死亡", misdirected[Id("deceased")].Why.Chinese, StringComparison.Ordinal);
        Assert.Equal("XM-T-P", misdirected[Id("not-beneficiary")].ProjectNumber);
        Assert.NotEqual("", misdirected[Id("not-beneficiary")].HouseholdNumber);

        // 虚报冒领: the household paid twice for education; not the one whose first payment was reversed and paid again.
        var duplicate = await Flags(ControlList.Duplicate);
        Assert.Equal(new[] { Id("twice-1"), Id("twice-2") }.Order(), duplicate.Keys.Order());

        // 挤占挪用: another allocation, a project outside the library, another purpose, beyond the budget.
        var diverted = await Flags(ControlList.Diverted);
        Assert.Equal(new[] { Id("other-allocation"), Id("not-in-library"), Id("wrong-purpose"), Id("beyond-budget") }.Order(), diverted.Keys.Order());
        Assert.Contains("预算", diverted[Id("beyond-budget")].Why.Chinese, StringComparison.Ordinal);
        Assert.Contains("funding lines", diverted[Id("other-allocation")].Why.English, StringComparison.Ordinal);

        var all = await FundControl.FlaggedPaymentsAsync(auditor, code, Year, null, 1, 3, Ct);
        Assert.Equal(8, all.Total);
        Assert.Equal(3, all.Rows.Count);

        // The counts by area: the county's, and its children's adding up to it.
        var view = (await FundControl.ForAsync(auditor, County, Year, Now, Ct))!;
        Assert.Equal((2, 2, 4), (view.Area.Figures.Misdirected, view.Area.Figures.Duplicate, view.Area.Figures.Diverted));
        Assert.Equal(8, view.Children.Sum(c => c.Figures.Flagged));
        // A village clerk reads the same flags of its own village, and none of another's.
        await using var village = As(database, "village");
        var own = (await FundControl.ForAsync(village, DemoAccounts.All.Single(a => a.UserName == "village").RegionCode, Year, Now, Ct))!;
        Assert.True(own.Area.Figures.Flagged <= 8);
        Assert.Null(await FundControl.ForAsync(village, County, Year, Now, Ct));
    }

    [Fact]
    public async Task Idle_funds_are_found_after_the_rule_sets_days_and_not_before_and_overdue_projects_are_listed()
    {
        await using var database = await CountyAsync("idle");
        var ledger = await CraftAsync(database);
        await using var auditor = As(database, "auditor");
        var code = RegionCode.Parse(County);
        var idle = await FundControl.IdleFundsAsync(auditor, code, Year, DateOnly.FromDateTime(Now), Ct);
        Assert.Equal(new[] { ledger.Idle1, ledger.Idle3 }.Order(), idle.Select(i => i.AllocationId).Order());
        var first = idle.Single(i => i.AllocationId == ledger.Idle3);
        Assert.Equal((10_000m, 2_000m, 8_000m), (first.Allocated.Yuan, first.Paid.Yuan, first.Unpaid.Yuan));
        Assert.Equal(90, first.IdleDays);
        Assert.Contains("闲置", first.Why.Chinese, StringComparison.Ordinal);

        // The province allocation of 20 May: idle after 90 days (18 August), not on the day itself.
        var issued = new DateOnly(Year, 5, 20);
        Assert.DoesNotContain(ledger.Recent, (await FundControl.IdleFundsAsync(auditor, code, Year, issued.AddDays(89), Ct)).Select(i => i.AllocationId));
        Assert.DoesNotContain(ledger.Recent, (await FundControl.IdleFundsAsync(auditor, code, Year, issued.AddDays(90), Ct)).Select(i => i.AllocationId));
        Assert.Contains(ledger.Recent, (await FundControl.IdleFundsAsync(auditor, code, Year, issued.AddDays(91), Ct)).Select(i => i.AllocationId));

        var overdue = await FundControl.OverdueProjectsAsync(auditor, code, Year, DateOnly.FromDateTime(Now), 1, 50, Ct);
        var row = Assert.Single(overdue.Rows);
        Assert.Equal(ledger.Overdue, row.ProjectId);
        Assert.Equal(new DateOnly(Year, 6, 1).DayNumber - new DateOnly(Year, 3, 1).DayNumber, row.DaysOverdue);
        Assert.Equal(60_000m, row.Budget.Yuan);
        // Before its planned end it is not overdue.
        Assert.Empty((await FundControl.OverdueProjectsAsync(auditor, code, Year, new DateOnly(Year, 2, 28), 1, 50, Ct)).Rows);

        var view = (await FundControl.ForAsync(auditor, County, Year, Now, Ct))!;
        Assert.Equal((2, 1), (view.IdleFunds, view.OverdueProjects));

        // The download holds the flagged rows and is audited.
        var bytes = (await FundControl.ExportAsync(auditor, County, Year, ControlList.Misdirected, Now, Ct))!;
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => Convert.ToInt64(r["支付ID Payment id"], System.Globalization.CultureInfo.InvariantCulture) == ledger.Payments["deceased"]);
        Assert.True(await auditor.AuditEntries.AnyAsync(e => e.EntityType == "FundControl" && e.Actor == "auditor", Ct));
    }

    [Fact]
    public async Task The_rates_of_a_crafted_county_are_worked_out_by_hand()
    {
        await using var database = await CountyAsync("rates");
        await CraftAsync(database);
        await using var auditor = As(database, "auditor");
        var f = (await FundControl.ForAsync(auditor, County, Year, Now, Ct))!.Area.Figures;
        Assert.Equal(160_000m, f.Allocated.Yuan);
        // Library projects P (started) and R (completed); Q is only proposed.
        Assert.Equal((2, 2, 1), (f.Projects, f.Started, f.Completed));
        Assert.Equal(61_000m, f.ToProjects.Yuan);
        Assert.Equal(61_000m, f.Budget.Yuan);
        // Paid from allocations: 1000 + 1000 + 200 + 300 + 300 + (500 − 500 + 500) + 2000 + 400 + 600 + 600.
        Assert.Equal(6_900m, f.Paid.Yuan);
        Assert.Equal(153_100m, f.Unpaid.Yuan);
        // Spent on library projects: P 1000 + 1000 + 2000 + 400, R 600 + 600.
        Assert.Equal(5_600m, f.Spent.Yuan);
        Assert.Equal(6_900d / 160_000, f.PaymentRate!.Value, 10);
        Assert.Equal(61_000d / 160_000, f.AllocationRate!.Value, 10);
        Assert.Equal((1d, 0.5d), (f.StartRate!.Value, f.CompletionRate!.Value));
        Assert.Equal(5_600d / 61_000, f.SpendingRate!.Value, 10);
    }

    [Fact]
    public async Task Every_area_is_the_sum_of_its_children_over_random_ledgers()
    {
        using var folder = new TestFolder();
        await using var database = await TestDatabase.CreateAsync(provider, folder, "funds-random");
        await JingzhunDb.MigrateAsync(database.Target, Ct);
        await DemoSeeder.SeedAsync(database.Target, new DemoOptions(40, 11, Townships: 3, VillagesPerTownship: 2), cancellationToken: Ct);
        List<(long Id, string Village)> households;
        List<string> areas;
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            households = (await db.Households.AsNoTracking().Select(h => new { h.Id, h.VillageCode }).ToListAsync(Ct)).Select(h => (h.Id, h.VillageCode)).ToList();
            areas = await db.Regions.AsNoTracking().Where(r => r.Code.StartsWith("99")).Select(r => r.Code).ToListAsync(Ct);
        }
        areas.Add("000000000000");
        var serial = 0;
        // A household, a kind of row, a stage, an amount, a purpose and a day.
        var rowGen = Gen.Select(Gen.Int[0, households.Count - 1], Gen.Int[0, 3], Gen.Int[1, 9], Gen.Int[-5, 60], Gen.Int[1, 4], Gen.Int[0, 500]);
        await rowGen.List[1, 25].SampleAsync(async rows =>
        {
            await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            {
                var allocations = await db.Allocations.Where(a => a.ReversesId == null).Select(a => a.Id).ToListAsync(Ct);
                var projects = await db.Projects.Select(p => p.Id).ToListAsync(Ct);
                foreach (var (h, kind, stage, amount, purpose, day) in rows)
                {
                    var (id, village) = households[h];
                    var on = new DateOnly(2030, 1, 1).AddDays(day);
                    var yuan = Math.Max(1, Math.Abs(amount)) * 100m;
                    switch (kind)
                    {
                        case 0:
                            db.Allocations.Add(new FundAllocation { Year = on.Year, Source = (FundSource)purpose, FromCode = "990100000000", ToCode = County, Amount = new Money(yuan * 10), IssuedOn = on });
                            break;
                        case 1:
                        {
                            var s = stage switch { 9 => ProjectStage.Rejected, _ => (ProjectStage)Math.Min(stage, 8) };
                            var region = amount % 3 == 0 ? village[..9] + "000" : amount % 5 == 0 ? County : village;
                            var project = new Project { Number = $"XM-R-{++serial}", Name = "随机", RegionCode = region, Type = (ProjectType)purpose, Year = on.Year, Stage = s, PlannedEnd = on.AddDays(amount) };
                            if (s != ProjectStage.Proposed)
                                project.Steps.Add(new ProjectStep { From = ProjectStage.Proposed, To = s, Action = ProjectAction.Advance, RegionCode = region, Actor = "test", At = Now });
                            project.Funding.Add(new ProjectFunding { Source = FundSource.CentralFiscal, RegionCode = region, Amount = new Money(yuan * 3),
                                AllocationId = allocations.Count > 0 && amount % 2 == 0 ? allocations[day % allocations.Count] : null });
                            if (amount % 4 == 0) project.Beneficiaries.Add(new ProjectBeneficiary { HouseholdId = id, People = 2 });
                            db.Projects.Add(project);
                            break;
                        }
                        default:
                            db.Payments.Add(new FundPayment
                            {
                                CountyCode = "990121", RegionCode = village, Year = on.Year, PaidOn = on, Amount = new Money(yuan),
                                Kind = kind == 2 ? PaymentKind.Household : PaymentKind.Project, PurposeType = (ProjectType)purpose,
                                HouseholdId = kind == 2 ? id : null, Source = FundSource.CentralFiscal,
                                AllocationId = allocations.Count > 0 && day % 3 != 0 ? allocations[day % allocations.Count] : null,
                                ProjectId = projects.Count > 0 && day % 2 == 0 ? projects[day % projects.Count] : null,
                            });
                            break;
                    }
                }
                await db.SaveChangesAsync(Ct);
            }
            await using var reader = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            foreach (var year in new int?[] { null, 2030 })
                foreach (var area in areas)
                {
                    var view = await FundControl.ForAsync(reader, area, year, Now, Ct);
                    Assert.NotNull(view);
                    if (view.Area.Level == RegionLevel.Village) continue;
                    Assert.Equal(view.Area.Figures, view.Children.Aggregate(ControlFigures.Zero, (s, c) => s + c.Figures));
                    foreach (var rate in new[] { view.Area.Figures.StartRate, view.Area.Figures.CompletionRate })
                        if (rate is { } r) Assert.InRange(r, 0, 1);
                }
        }, iter: 5, threads: 1);
    }
}

public sealed class FundControlOnSqlite() : FundControlTests(DatabaseProvider.Sqlite);

public sealed class FundControlOnPostgres() : FundControlTests(DatabaseProvider.Postgres);
