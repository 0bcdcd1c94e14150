using CsCheck;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Monitoring;

/// <summary>
/// The monitoring ledgers add up: Nagqu's published figures (003.md §3.8) come back from a county holding those objects,
/// and over random registers every area's monitored equals eliminated plus continuing, children sum to their parent and
/// the live ledger equals a year-end after every event. The what-if counts equal a count by hand.
/// </summary>
public sealed class LedgerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = DemoGenerator.CountyCode;

    /// <summary>Nagqu (L1153): by type, eliminated (实地核查评估) and continuing (继续动态监测), households and people.</summary>
    private static readonly (MonitoringCategory Type, (int H, int P) Eliminated, (int H, int P) Continuing)[] Nagqu =
    [
        (MonitoringCategory.UnstableExited, (351, 1547), (393, 1717)),
        (MonitoringCategory.Marginal, (216, 934), (274, 1341)),
        (MonitoringCategory.SuddenHardship, (1, 4), (33, 148)),
    ];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_Nagqu_figures_come_back_from_the_ledger_by_type_and_by_risk_class(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "nagqu")).WithDemoAsync(120);
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var households = await db.Households.AsNoTracking().OrderBy(h => h.Id).Select(h => new { h.Id, h.VillageCode }).ToListAsync(Ct);
            var n = 0;
            foreach (var (type, eliminated, continuing) in Nagqu)
                foreach (var (group, closed) in new[] { (eliminated, true), (continuing, false) })
                    foreach (var people in Split(group.H, group.P))
                    {
                        var h = households[n++ % households.Count];
                        var recognised = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(n * 5);
                        db.MonitoredObjects.Add(new MonitoredObject
                        {
                            HouseholdId = h.Id, VillageCode = h.VillageCode, Type = type, RiskClass = MonitoringRules.RiskClassOf(type), People = people,
                            Causes = PovertyCause.Illness, FoundAt = recognised.AddDays(-10), Channel = DiscoveryChannel.Screening,
                            RecognisedAt = recognised, RecognisedYear = 2024, RecognitionCaseId = 0,
                            State = closed ? RiskState.Eliminated : RiskState.Continuing,
                            EliminatedAt = closed ? new DateTime(2025, 6, 30, 0, 0, 0, DateTimeKind.Utc).AddHours(n) : null,
                        });
                    }
            await db.SaveChangesAsync(Ct);
        }

        await using var reader = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var (county, townships) = (await MonitoringLedger.FiguresAsync(reader, County, LedgerDate.YearEnd(2025), Ct))!.Value;
        var t = county.Tally;
        foreach (var (type, eliminated, continuing) in Nagqu)
        {
            var riskClass = MonitoringRules.RiskClassOf(type);
            Assert.Equal(new MonitoringTally.Line(eliminated.H, eliminated.P), t.Eliminated(type));
            Assert.Equal(new MonitoringTally.Line(continuing.H, continuing.P), t.Continuing(type));
            Assert.Equal(new MonitoringTally.Line(eliminated.H, eliminated.P), t.Eliminated(riskClass));
            Assert.Equal(new MonitoringTally.Line(continuing.H, continuing.P), t.Continuing(riskClass));
        }
        // Step 1 of the source: monitored by type (744 unstable with 3264 people: the source's 3265 is off by one).
        Assert.Equal(new MonitoringTally.Line(744, 3264), t.Monitored(MonitoringCategory.UnstableExited));
        Assert.Equal(new MonitoringTally.Line(490, 2275), t.Monitored(MonitoringCategory.Marginal));
        Assert.Equal(new MonitoringTally.Line(34, 152), t.Monitored(MonitoringCategory.SuddenHardship));
        Assert.Equal(new MonitoringTally.Line(744, 3264), t.Monitored(RiskClass.ReturnRisk));
        Assert.Equal(new MonitoringTally.Line(568, 2485), t.TotalEliminated);
        Assert.Equal(new MonitoringTally.Line(700, 3206), t.TotalContinuing);
        Assert.Equal(new MonitoringTally.Line(1268, 5691), t.TotalMonitored);
        Assert.Equal(8, townships.Count);
        Assert.Equal(t.TotalMonitored, Sum(townships.Select(c => c.Tally.TotalMonitored)));

        // A year earlier nothing had been eliminated yet: everything was continuing.
        var (before, _) = (await MonitoringLedger.FiguresAsync(reader, County, LedgerDate.YearEnd(2024), Ct))!.Value;
        Assert.Equal(new MonitoringTally.Line(0, 0), before.Tally.TotalEliminated);
        Assert.Equal(new MonitoringTally.Line(1268, 5691), before.Tally.TotalContinuing);

        // The ledger's rows, a page at a time, hold every object.
        var view = await MonitoringLedger.ForAsync(reader, County, LedgerDate.YearEnd(2025), page: 3, pageSize: 100, ct: Ct);
        Assert.Equal((1268, 100, 13), (view!.TotalRows, view.Rows.Count, view.Pages));
        Assert.All(view.Rows, r => Assert.False(string.IsNullOrEmpty(r.Number)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Over_random_registers_every_area_adds_up_and_live_equals_a_later_year_end(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await TestDatabase.CreateAsync(provider, folder, "ledger-random");
        await JingzhunDb.MigrateAsync(database.Target, Ct);
        await DemoSeeder.SeedAsync(database.Target, new DemoOptions(60, 11, Townships: 3, VillagesPerTownship: 3), cancellationToken: Ct);
        List<(long Id, string Village, int People)> households;
        List<string> areas;
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            households = (await db.Households.AsNoTracking().Select(h => new { h.Id, h.VillageCode, People = h.Members.Count }).ToListAsync(Ct))
                .Select(h => (h.Id, h.VillageCode, Math.Max(1, h.People))).ToList();
            areas = await db.Regions.AsNoTracking().Where(r => r.Code.StartsWith(DemoGenerator.CountyPrefix)).Select(r => r.Code).ToListAsync(Ct);
        }
        var start = new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var objectGen = Gen.Select(Gen.Int[0, households.Count - 1], Gen.Int[1, 3], Gen.Int[0, 365 * 4], Gen.Int[-1, 365 * 2], Gen.Int[0, 8]);
        var registerGen = Gen.Select(objectGen.List[0, 25], Gen.Int[0, 365 * 6].Array[4]);
        await registerGen.SampleAsync(async sample =>
        {
            var (objects, days) = sample;
            await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            {
                foreach (var (h, type, recognisedDay, eliminatedAfter, extra) in objects)
                {
                    var household = households[h];
                    var t = (MonitoringCategory)type;
                    // Some on the last microsecond of a year, which its year-end still counts.
                    var recognised = extra == 8 ? new DateTime(2021 + recognisedDay % 5, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990)
                        : start.AddDays(recognisedDay).AddMinutes(extra * 97);
                    db.MonitoredObjects.Add(new MonitoredObject
                    {
                        HouseholdId = household.Id, VillageCode = household.Village, Type = t, RiskClass = MonitoringRules.RiskClassOf(t), People = household.People + extra,
                        FoundAt = recognised.AddDays(-3), Channel = DiscoveryChannel.Application, RecognisedAt = recognised, RecognisedYear = recognised.Year,
                        State = eliminatedAfter < 0 ? RiskState.Monitoring : RiskState.Eliminated,
                        EliminatedAt = eliminatedAfter < 0 ? null : recognised.AddDays(eliminatedAfter),
                    });
                }
                await db.SaveChangesAsync(Ct);
            }
            await using var reader = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            var all = await reader.MonitoredObjects.AsNoTracking().ToListAsync(Ct);
            var dates = days.Select(d => LedgerDate.Live(start.AddDays(d).AddHours(13))).Append(LedgerDate.YearEnd(2023)).ToList();
            foreach (var date in dates)
                foreach (var area in areas)
                {
                    var (figures, children) = (await MonitoringLedger.FiguresAsync(reader, area, date, Ct))!.Value;
                    var tally = figures.Tally;
                    // Against a count by hand, one object at a time (the domain's own path).
                    var expected = new MonitoringTally();
                    foreach (var o in all.Where(o => o.VillageCode.StartsWith(RegionCode.Parse(area).Prefix, StringComparison.Ordinal)))
                        expected.Add(o.Type, o.RiskClass, o.People, o.RecognisedAt, o.EliminatedAt, date.AsOf);
                    foreach (var type in MonitoringTally.Types)
                    {
                        Assert.Equal(expected.Eliminated(type), tally.Eliminated(type));
                        Assert.Equal(expected.Continuing(type), tally.Continuing(type));
                        Assert.Equal(tally.Monitored(type), Sum([tally.Eliminated(type), tally.Continuing(type)]));
                        if (children.Count > 0) Assert.Equal(tally.Monitored(type), Sum(children.Select(c => c.Tally.Monitored(type))));
                        if (children.Count > 0) Assert.Equal(tally.Eliminated(type), Sum(children.Select(c => c.Tally.Eliminated(type))));
                    }
                    foreach (var riskClass in MonitoringTally.Classes)
                        Assert.Equal(tally.Monitored(riskClass), Sum([tally.Eliminated(riskClass), tally.Continuing(riskClass)]));
                    Assert.Equal(tally.TotalMonitored, Sum([tally.TotalEliminated, tally.TotalContinuing]));
                }
            // The trend of the dashboard, one query for every year-end and a live date, equals the tally at each date.
            foreach (var area in areas.Where(a => a.EndsWith("000", StringComparison.Ordinal) || a.EndsWith("1", StringComparison.Ordinal)))
                foreach (var date in dates.Where(d => d.IsLive))
                {
                    var (years, liveTally) = (await MonitoringLedger.TrendAsync(reader, area, [2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027], date.AsOf, Ct))!.Value;
                    AssertSame((await MonitoringLedger.TallyAsync(reader, area, date, Ct))!, liveTally);
                    foreach (var (year, tally) in years)
                        AssertSame((await MonitoringLedger.TallyAsync(reader, area, LedgerDate.YearEnd(year), Ct))!, tally);
                }
            // Live, after every event, equals the year-end of a year after every event.
            var (live, _) = (await MonitoringLedger.FiguresAsync(reader, County, LedgerDate.Live(new DateTime(2031, 3, 1, 0, 0, 0, DateTimeKind.Utc)), Ct))!.Value;
            var (yearEnd, _) = (await MonitoringLedger.FiguresAsync(reader, County, LedgerDate.YearEnd(2030), Ct))!.Value;
            foreach (var type in MonitoringTally.Types)
                Assert.Equal((live.Tally.Eliminated(type), live.Tally.Continuing(type)), (yearEnd.Tally.Eliminated(type), yearEnd.Tally.Continuing(type)));
            Assert.Equal(all.Count, live.Tally.TotalMonitored.Households);
            Assert.Equal(all.Count(o => o.EliminatedAt is not null), live.Tally.TotalEliminated.Households);
        }, iter: 4, threads: 1);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_what_if_counts_equal_a_count_by_hand(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "ledger-whatif")).WithDemoAsync(150);
        var now = new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var year = await db.Incomes.MaxAsync(i => i.Year, Ct);
        // Some households not registered poor are monitored already.
        var watched = await db.Households.AsNoTracking().Where(h => h.Status == HouseholdStatus.Exited || h.Status == HouseholdStatus.NotPoor)
            .OrderBy(h => h.Id).Take(10).Select(h => new { h.Id, h.VillageCode }).ToListAsync(Ct);
        foreach (var h in watched)
            db.MonitoredObjects.Add(new MonitoredObject
            {
                HouseholdId = h.Id, VillageCode = h.VillageCode, Type = MonitoringCategory.Marginal, RiskClass = RiskClass.EntryRisk, People = 3,
                FoundAt = now.AddDays(-40), Channel = DiscoveryChannel.DepartmentWarning, RecognisedAt = now.AddDays(-20), RecognisedYear = now.Year,
            });
        await db.SaveChangesAsync(Ct);
        var monitored = watched.Select(h => h.Id).ToHashSet();
        var households = await db.Households.AsNoTracking().Include(h => h.Incomes).Include(h => h.Members).ToListAsync(Ct);

        foreach (var factor in new[] { 1.0m, 1.5m, 2.5m, 4m })
            foreach (var area in new[] { County, DemoGenerator.CountyPrefix + "002000", DemoGenerator.CountyPrefix + "001003" })
            {
                var result = await MonitoringWhatIf.RunAsync(db, area, year, factor, null, now, Ct);
                Assert.NotNull(result);
                var rules = await Jingzhun.Data.Rules.RuleBook.ForAsync(db, area, year, Ct);
                Assert.Equal(decimal.Round(rules.PovertyLine * factor, 2), result.ProposedLine);
                var prefix = RegionCode.Parse(area).Prefix;
                var considered = households.Where(h => h.VillageCode.StartsWith(prefix, StringComparison.Ordinal)
                    && h.Status is HouseholdStatus.NotPoor or HouseholdStatus.Exited && h.IncomeIn(year) is not null).ToList();
                var below = considered.Where(h => h.IncomeIn(year)!.Value.PerCapitaNetIncome.Yuan < result.ProposedLine).ToList();
                var belowCurrent = considered.Count(h => h.IncomeIn(year)!.Value.PerCapitaNetIncome.Yuan < rules.MonitoringLine);
                Assert.Equal(considered.Count, result.Total.Considered);
                Assert.Equal(below.Count, result.Total.Below);
                Assert.Equal(below.Sum(h => h.PresentMembers.Count()), result.Total.BelowPeople);
                Assert.Equal(belowCurrent, result.Total.BelowCurrent);
                Assert.Equal(below.Count(h => monitored.Contains(h.Id)), result.Total.AlreadyMonitored);
                if (result.Children.Count > 0)
                {
                    Assert.Equal(result.Total.Below, result.Children.Sum(c => c.Below));
                    foreach (var child in result.Children)
                        Assert.Equal(below.Count(h => h.VillageCode.StartsWith(RegionCode.Parse(child.Code).Prefix, StringComparison.Ordinal)), child.Below);
                }
            }
        // A line in yuan instead of a factor.
        var byLine = await MonitoringWhatIf.RunAsync(db, County, year, null, 9_000m, now, Ct);
        Assert.Equal(9_000m, byLine!.ProposedLine);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_ledger_is_read_within_the_reader_scope_and_its_export_is_audited(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "ledger-scope")).WithDemoAsync(60);
        var now = new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            foreach (var h in await db.Households.AsNoTracking().OrderBy(h => h.Id).Take(30).ToListAsync(Ct))
                db.MonitoredObjects.Add(new MonitoredObject
                {
                    HouseholdId = h.Id, VillageCode = h.VillageCode, Type = MonitoringCategory.SuddenHardship, RiskClass = RiskClass.SuddenHardship, People = 2,
                    FoundAt = now.AddDays(-40), Channel = DiscoveryChannel.DepartmentWarning, RecognisedAt = now.AddDays(-20), RecognisedYear = now.Year,
                });
            await db.SaveChangesAsync(Ct);
        }
        var village = DemoAccounts.All.Single(a => a.UserName == "village");
        await using var clerk = JingzhunDb.Create(database.Target, AccessScope.For(village));
        Assert.Null(await MonitoringLedger.FiguresAsync(clerk, County, LedgerDate.Live(now), Ct));
        var own = await MonitoringLedger.ForAsync(clerk, village.RegionCode, LedgerDate.Live(now), ct: Ct);
        Assert.NotNull(own);
        Assert.All(own.Rows, r => Assert.Equal(village.RegionCode, r.VillageCode));
        Assert.Equal(own.TotalRows, own.Area.Tally.TotalMonitored.Households);
        var bytes = await MonitoringLedger.ExportAsync(clerk, village.RegionCode, LedgerDate.Live(now), now, Ct);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes!), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(own.TotalRows, rows.Count(r => r["户编号"] is not null));
        await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        Assert.Equal(1, await check.AuditEntries.CountAsync(a => a.EntityType == "MonitoringLedger", Ct));
    }

    /// <summary>Spreads <paramref name="people"/> over <paramref name="households"/> as evenly as whole people go.</summary>
    private static void AssertSame(MonitoringTally expected, MonitoringTally actual)
    {
        foreach (var type in MonitoringTally.Types)
            Assert.Equal((expected.Eliminated(type), expected.Continuing(type)), (actual.Eliminated(type), actual.Continuing(type)));
        foreach (var riskClass in MonitoringTally.Classes)
            Assert.Equal((expected.Eliminated(riskClass), expected.Continuing(riskClass)), (actual.Eliminated(riskClass), actual.Continuing(riskClass)));
    }

    private static IEnumerable<int> Split(int households, int people) =>
        Enumerable.Range(0, households).Select(i => people / households + (i < people % households ? 1 : 0));

    private static MonitoringTally.Line Sum(IEnumerable<MonitoringTally.Line> lines) =>
        lines.Aggregate(MonitoringTally.Line.Zero, (a, b) => new MonitoringTally.Line(a.Households + b.Households, a.People + b.People));
}
