using System.Text.Json;
using CsCheck;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Statistics;

/// <summary>
/// The assistance figures (AssistanceFigures): a crafted village with every figure known by hand, at a year-end and live;
/// a year-end equal to the live figures of the same date's rows; every area equal to the sum of its children, with rates
/// between 0 and 1, over random small registers.
/// </summary>
public abstract class AssistanceFiguresTests(DatabaseProvider provider) : IDisposable
{
    private const string County = "990121";
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private static string Flat(AssistanceTally t) => JsonSerializer.Serialize(t, Json);

    /// <summary>A county with <paramref name="households"/> generated households and no assistance rows at all.</summary>
    private async Task<TestDatabase> BareCountyAsync(string name, int households, int seed)
    {
        var database = await (await TestDatabase.CreateAsync(provider, _folder, name)).WithRegionsAsync();
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await DemoSeeder.AddHouseholdsAsync(db, new DemoGenerator(new DemoOptions(households, seed)).Households(), "test", cancellationToken: Ct);
        return database;
    }

    [Fact]
    public async Task A_crafted_village_gives_the_figures_worked_out_by_hand()
    {
        await using var database = await BareCountyAsync("crafted", 12, 5);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        // Four households in one village: two poor, one returned, one not poor; everyone else not poor. Two poor villages.
        var ids = await db.Households.OrderBy(h => h.Id).Select(h => h.Id).Take(4).ToListAsync(Ct);
        var village = await db.Households.Where(h => h.Id == ids[0]).Select(h => h.VillageCode).SingleAsync(Ct);
        var other = await db.Regions.Where(r => r.Level == RegionLevel.Village && r.Code.StartsWith(County) && r.Code != village)
            .OrderBy(r => r.Code).Select(r => r.Code).FirstAsync(Ct);
        await db.Households.ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, HouseholdStatus.NotPoor), Ct);
        await db.Households.Where(h => ids.Contains(h.Id)).ExecuteUpdateAsync(s => s.SetProperty(h => h.VillageCode, village), Ct);
        var statuses = new[] { HouseholdStatus.Poor, HouseholdStatus.Poor, HouseholdStatus.Returned, HouseholdStatus.NotPoor };
        for (var i = 0; i < 4; i++)
        {
            var id = ids[i];
            await db.Households.Where(h => h.Id == id).ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, statuses[i]), Ct);
        }
        await db.Regions.Where(r => r.Code.StartsWith(County)).ExecuteUpdateAsync(s => s.SetProperty(r => r.IsPoorVillage, false), Ct);
        await db.Regions.Where(r => r.Code == village || r.Code == other).ExecuteUpdateAsync(s => s.SetProperty(r => r.IsPoorVillage, true), Ct);
        var (h1, h2, h3, h4) = (ids[0], ids[1], ids[2], ids[3]);

        var c1 = new Cadre { CountyCode = County, Name = "王伟" };
        var c2 = new Cadre { CountyCode = County, Name = "李芳" };
        db.Cadres.AddRange(c1, c2);
        await db.SaveChangesAsync(Ct);
        CadrePairing Pair(long h, Cadre c, DateOnly from, DateOnly? to = null) =>
            new() { HouseholdId = h, VillageCode = village, CadreId = c.Id, StartedOn = from, EndedOn = to, StartReason = "test" };
        db.CadrePairings.AddRange(Pair(h1, c1, new(2024, 1, 1)), Pair(h2, c1, new(2020, 1, 1), new(2025, 6, 30)), Pair(h2, c2, new(2025, 6, 30)),
            Pair(h4, c2, new(2020, 1, 1)));
        db.Plans.AddRange(
            new AssistancePlan { HouseholdId = h1, FromYear = 2024, ToYear = 2026, Deadline = new(2026, 12, 31), CreatedAt = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc) },
            new AssistancePlan { HouseholdId = h3, FromYear = 2026, ToYear = 2027, Deadline = new(2027, 12, 31), CreatedAt = new(2026, 1, 10, 0, 0, 0, DateTimeKind.Utc) });
        var production = new AssistanceMeasure { HouseholdId = h1, Type = MeasureType.Production, Year = 2024, State = MeasureState.Completed, Funds = new Money(3_000), PeopleReached = 3 };
        db.Measures.AddRange(production,
            new AssistanceMeasure { HouseholdId = h1, Type = MeasureType.Health, Year = 2025, State = MeasureState.Active, Funds = new Money(500), PeopleReached = 3 },
            new AssistanceMeasure { HouseholdId = h2, Type = MeasureType.Education, Year = 2025, State = MeasureState.Planned, Funds = new Money(800), PeopleReached = 2 },
            new AssistanceMeasure { HouseholdId = h3, Type = MeasureType.Employment, Year = 2026, State = MeasureState.Active, Funds = new Money(1_000), PeopleReached = 1 },
            new AssistanceMeasure { HouseholdId = h4, Type = MeasureType.Production, Year = 2023, State = MeasureState.Cancelled, Funds = new Money(900), PeopleReached = 4 });
        await db.SaveChangesAsync(Ct);
        db.MeasureFunding.AddRange(
            new MeasureFunding { MeasureId = production.Id, HouseholdId = h1, Source = FundSource.CentralFiscal, Amount = new Money(2_000) },
            new MeasureFunding { MeasureId = production.Id, HouseholdId = h1, Source = FundSource.OwnFunds, Amount = new Money(1_000) });
        var team = new WorkTeam { VillageCode = village, TermStart = new(2021, 5, 1) };
        var gone = new WorkTeam { VillageCode = other, TermStart = new(2021, 5, 1), State = WorkTeamState.Rotated, RotatedOn = new(2025, 5, 1) };
        db.WorkTeams.AddRange(team, gone);
        db.WorkTeamMembers.AddRange(
            new WorkTeamMember { Team = team, VillageCode = village, Name = "赵强", Role = TeamRole.FirstSecretary, JoinedOn = new(2021, 5, 1) },
            new WorkTeamMember { Team = gone, VillageCode = other, Name = "孙丽", Role = TeamRole.FirstSecretary, JoinedOn = new(2021, 5, 1), LeftOn = new(2025, 5, 1) });
        CreditRating Rating(long h, DateOnly on, int score, CreditGrade grade, decimal line) =>
            new() { HouseholdId = h, RatedOn = on, Score = score, Grade = grade, CreditLine = new Money(line) };
        var r1 = Rating(h1, new(2023, 4, 1), 92, CreditGrade.Good, 50_000);
        db.CreditRatings.AddRange(r1, Rating(h2, new(2022, 4, 1), 75, CreditGrade.Average, 10_000), Rating(h2, new(2025, 2, 1), 65, CreditGrade.Unrated, 0),
            Rating(h3, new(2026, 1, 5), 85, CreditGrade.FairlyGood, 30_000));
        var l1 = new MicroLoan { HouseholdId = h1, Amount = new Money(30_000), IssuedOn = new(2023, 5, 1), TermMonths = 24, DueOn = new(2025, 5, 1) };
        var l2 = new MicroLoan { HouseholdId = h1, Amount = new Money(20_000), IssuedOn = new(2025, 3, 1), TermMonths = 36, DueOn = new(2028, 3, 1) };
        var l3 = new MicroLoan { HouseholdId = h2, Amount = new Money(10_000), IssuedOn = new(2022, 1, 10), TermMonths = 36, DueOn = new(2025, 1, 10), State = LoanState.Repaid };
        db.Loans.AddRange(l1, l2, l3);
        LoanRepayment Repay(MicroLoan l, DateOnly on, decimal principal) => new() { Loan = l, HouseholdId = l.HouseholdId, PaidOn = on, Principal = new Money(principal) };
        db.Repayments.AddRange(Repay(l1, new(2024, 5, 1), 10_000), Repay(l1, new(2025, 5, 1), 5_000), Repay(l2, new(2026, 3, 1), 0), Repay(l3, new(2025, 1, 10), 10_000));
        db.Relocations.AddRange(
            new Relocation { HouseholdId = h1, People = 4, HousingArea = 96m, Year = 2019, MovedOn = new(2019, 10, 1), State = RelocationState.MovedIn },
            new Relocation { HouseholdId = h2, People = 3, HousingArea = 60m, Year = 2026, State = RelocationState.Planned });
        await db.SaveChangesAsync(Ct);

        await using var reader = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var view = (await AssistanceFigures.ForAsync(reader, village, AssistanceDate.YearEnd(2025), Ct))!;
        var t = view.Area.Tally;
        Assert.Equal((3, 2, 1), (t.PoorHouseholds, t.PairedHouseholds, t.PlannedHouseholds));
        Assert.Equal(2.0 / 3, t.PairedRate!.Value, 9);
        Assert.Equal((2, 1, 6, new Money(3_500)), (t.Measures, t.HouseholdsReached, t.PeopleReached, t.Funds));
        Assert.Equal([new(MeasureType.Production, 1, 1, 3, new Money(3_000)), new(MeasureType.Health, 1, 1, 3, new Money(500))], t.ByType);
        Assert.Equal([new(2024, 1, 3, new Money(3_000)), new(2025, 1, 3, new Money(500))], t.ByYear);
        Assert.Equal([new(FundSource.CentralFiscal, new Money(2_000)), new(FundSource.OwnFunds, new Money(1_000)), new AssistanceTally.SourceLine(null, new Money(500))], t.BySource);
        Assert.Equal((1, 1, 1), (t.PoorVillages, t.VillagesWithTeam, t.VillagesWithFirstSecretary));
        Assert.Equal((2, 1), (t.RatedHouseholds, t.HouseholdsWithLine));
        Assert.Equal((1, new Money(20_000), new Money(35_000), new Money(25_000), new Money(40_000)), (t.LoansInYear, t.IssuedInYear, t.Outstanding, t.Repaid, t.DuePrincipal));
        Assert.Equal(0.625, t.RepaymentRate!.Value, 9);
        Assert.Equal((new Money(15_000), 1), (t.Overdue, t.OverdueLoans));
        Assert.Equal(15_000.0 / 35_000, t.OverdueRate!.Value, 9);
        Assert.Equal((1, 4, 96m, 24m), (t.RelocatedHouseholds, t.RelocatedPeople, t.RelocationArea, t.AreaPerPerson));

        // The county: the same households, and the other poor village whose team rotated out in May.
        var county = (await AssistanceFigures.ForAsync(reader, County + "000000", AssistanceDate.YearEnd(2025), Ct))!.Area.Tally;
        Assert.Equal((2, 1, 1), (county.PoorVillages, county.VillagesWithTeam, county.VillagesWithFirstSecretary));
        Assert.Equal(0.5, county.TeamRate!.Value, 9);
        Assert.Equal(3, county.PoorHouseholds);

        // Live on 2 March 2026: H3's plan and 2026 measure, its rating and L2's repayment are now of the date.
        var live = (await AssistanceFigures.ForAsync(reader, village, AssistanceDate.Live(new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc)), Ct))!.Area.Tally;
        Assert.Equal((2, 3, 2, 7), (live.PlannedHouseholds, live.Measures, live.HouseholdsReached, live.PeopleReached));
        Assert.Equal((3, 2, 0), (live.RatedHouseholds, live.HouseholdsWithLine, live.LoansInYear));
        Assert.Equal(new Money(15_000), live.Overdue);
    }

    [Fact]
    public async Task A_year_end_equals_the_live_figures_of_the_same_dates_rows()
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "yearend-live")).WithDemoAsync(200, 9);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        foreach (var year in new[] { 2019, 2023, 2025 })
        foreach (var code in new[] { County + "000000", County + "001000", County + "001001" })
        {
            var yearEnd = (await AssistanceFigures.ForAsync(db, code, AssistanceDate.YearEnd(year), Ct))!;
            var live = (await AssistanceFigures.ForAsync(db, code, AssistanceDate.Live(new DateTime(year, 12, 31, 18, 0, 0, DateTimeKind.Utc)), Ct))!;
            Assert.Equal(Flat(yearEnd.Area.Tally), Flat(live.Area.Tally));
            Assert.Equal(yearEnd.Children.Select(c => Flat(c.Tally)), live.Children.Select(c => Flat(c.Tally)));
        }
        // The demo's figures are not empty: measures, coverage, microcredit and relocation all count.
        var now = (await AssistanceFigures.ForAsync(db, County + "000000", AssistanceDate.YearEnd(2025), Ct))!.Area.Tally;
        Assert.True(now.Measures > 0 && now.PairedHouseholds > 0 && now.PlannedHouseholds > 0 && now.RatedHouseholds > 0 && now.VillagesWithTeam > 0);
        AssertAddsUp(await AssistanceFigures.ForAsync(db, County + "000000", AssistanceDate.YearEnd(2025), Ct));
    }

    [Fact]
    public async Task Every_area_is_the_sum_of_its_children_over_random_registers()
    {
        using var folder = new TestFolder();
        await using var database = await TestDatabase.CreateAsync(provider, folder, "assistance-random");
        await JingzhunDb.MigrateAsync(database.Target, Ct);
        await DemoSeeder.SeedAsync(database.Target, new DemoOptions(60, 11, Townships: 3, VillagesPerTownship: 3), cancellationToken: Ct);
        List<(long Id, string Village)> households;
        List<string> areas;
        int cadre;
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            households = (await db.Households.AsNoTracking().Select(h => new { h.Id, h.VillageCode }).ToListAsync(Ct)).Select(h => (h.Id, h.VillageCode)).ToList();
            areas = await db.Regions.AsNoTracking().Where(r => r.Code.StartsWith(DemoGenerator.CountyPrefix) && r.Level != RegionLevel.Village).Select(r => r.Code).ToListAsync(Ct);
            var c = new Cadre { CountyCode = County, Name = "测试" };
            db.Cadres.Add(c);
            await db.SaveChangesAsync(Ct);
            cadre = c.Id;
        }
        var start = new DateOnly(2018, 1, 1);
        // A household, a kind of row, a day, a length and an amount.
        var rowGen = Gen.Select(Gen.Int[0, households.Count - 1], Gen.Int[0, 4], Gen.Int[0, 365 * 8], Gen.Int[-1, 365 * 3], Gen.Int[1, 50]);
        var registerGen = Gen.Select(rowGen.List[0, 20], Gen.Int[2018, 2026]);
        await registerGen.SampleAsync(async sample =>
        {
            var (rows, year) = sample;
            await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            {
                foreach (var (h, kind, day, length, amount) in rows)
                {
                    var (id, village) = households[h];
                    var on = start.AddDays(day);
                    DateOnly? end = length < 0 ? null : on.AddDays(length);
                    AssistanceRows.Add(db, kind, id, village, cadre, on, end, amount);
                    // With a relocation, a work team stationed in its village.
                    if (kind == 4)
                        db.WorkTeams.Add(new WorkTeam { VillageCode = village, TermStart = on, RotatedOn = end, State = end is null ? WorkTeamState.Stationed : WorkTeamState.Rotated });
                }
                await db.SaveChangesAsync(Ct);
            }
            await using var reader = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            foreach (var date in new[] { AssistanceDate.YearEnd(year), AssistanceDate.Live(new DateTime(year, 7, 1, 8, 0, 0, DateTimeKind.Utc)) })
                foreach (var area in areas)
                    AssertAddsUp(await AssistanceFigures.ForAsync(reader, area, date, Ct));
        }, iter: 6, threads: 1);
    }

    private static void AssertAddsUp(AssistanceView? view)
    {
        Assert.NotNull(view);
        var sum = new AssistanceTally();
        foreach (var child in view.Children) sum.Add(child.Tally);
        Assert.Equal(Flat(view.Area.Tally), Flat(sum));
        foreach (var t in view.Children.Select(c => c.Tally).Append(view.Area.Tally))
        {
            foreach (var rate in new[] { t.PairedRate, t.PlannedRate, t.TeamRate, t.FirstSecretaryRate, t.RepaymentRate, t.OverdueRate })
                if (rate is { } r) Assert.InRange(r, 0, 1);
            Assert.True(t.Outstanding >= Money.Zero && t.Overdue >= Money.Zero && t.Overdue <= t.Outstanding);
            Assert.Equal(t.Funds, t.BySource.Aggregate(Money.Zero, (a, s) => a + s.Funds));
            Assert.Equal(t.Measures, t.ByType.Sum(x => x.Measures));
            Assert.True(t.HouseholdsReached <= t.ByType.Sum(x => x.Households));
        }
    }
}

public sealed class AssistanceFiguresOnSqlite() : AssistanceFiguresTests(DatabaseProvider.Sqlite);

public sealed class AssistanceFiguresOnPostgres() : AssistanceFiguresTests(DatabaseProvider.Postgres);
