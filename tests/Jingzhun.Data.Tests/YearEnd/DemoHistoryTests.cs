using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.YearEnd;

/// <summary>
/// The living demo's history read back from the database (issue 18): year-ends whose incidence falls every year to none at
/// the end of 2020, year-ends after 2020 that differ, monitoring only after 2020, and no open case that contradicts its
/// household's status — over several seeds, since every seed must give a demo that makes sense.
/// </summary>
public sealed class DemoHistoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 800, 2014)]
    [InlineData(DatabaseProvider.Sqlite, 1_000, 7)]
    [InlineData(DatabaseProvider.Postgres, 800, 2014)]
    public async Task The_demo_history_follows_a_believable_path_and_no_open_case_contradicts_its_household(DatabaseProvider provider, int households, int seed)
    {
        using var folder = new TestFolder();
        var options = new DemoOptions(households, seed);
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "demo-history")).WithDemoAsync(households, seed);
        await DemoHistory.AddAsync(database.Target, options, Now, ct: Ct);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));

        // Incidence from the frozen year-ends: poor and returned people over the rural population, falling every year to 2020.
        var rural = await db.Regions.Where(r => r.Code.StartsWith(DemoGenerator.CountyPrefix) && r.ValidTo == null).SumAsync(r => r.RuralPopulation, Ct);
        var years = (await db.Snapshots.GroupBy(s => new { s.Year, s.Status })
                .Select(g => new { g.Key.Year, g.Key.Status, Households = g.Count(), People = g.Sum(s => s.People), Income = g.Sum(s => s.PerCapitaNetIncomeFen) })
                .ToListAsync(Ct))
            .GroupBy(g => g.Year).ToDictionary(g => g.Key, g => g.ToList());
        double Incidence(int year) => years[year].Where(g => g.Status is HouseholdStatus.Poor or HouseholdStatus.Returned).Sum(g => g.People) / (double)rural;
        for (var year = 2015; year <= 2020; year++)
            Assert.True(Incidence(year) < Incidence(year - 1), $"{year}: {Incidence(year):P2} after {Incidence(year - 1):P2}");
        Assert.Equal(0, Incidence(2020));

        // Exits spread over the years: no year holds more than a third of them.
        var exited = await db.Snapshots.Where(s => s.ExitedInYear).GroupBy(s => s.Year).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(Ct);
        Assert.All(exited, e => Assert.InRange(e.Key, 2014, 2020));
        Assert.All(exited, e => Assert.True(e.Count <= 0.35 * exited.Sum(x => x.Count), $"{e.Key}: {e.Count} of {exited.Sum(x => x.Count)}"));

        // Each year-end after 2020 differs from every other: returns, incomes.
        var after2020 = Enumerable.Range(2021, 5).Select(y => string.Join(";", years[y].OrderBy(g => g.Status).Select(g => $"{g.Status}:{g.Households}:{g.Income}"))).ToList();
        Assert.Equal(after2020.Count, after2020.Distinct().Count());

        // Monitoring only after 2020.
        Assert.All(await db.Cases.Where(c => c.Kind == CaseKind.Monitoring || c.Kind == CaseKind.RiskElimination).Select(c => c.OpenedAt).ToListAsync(Ct),
            at => Assert.True(at.Year >= 2021, $"{at}"));
        Assert.All(await db.MonitoredObjects.Select(o => o.RecognisedAt).ToListAsync(Ct), at => Assert.True(at.Year >= 2021, $"{at}"));

        // No open case contradicts its household's status.
        var open = await db.Cases.Where(c => c.ClosedAt == null && c.HouseholdId != null)
            .Select(c => new { c.Id, c.Kind, c.Stage, c.Household!.Number, c.Household.Status }).ToListAsync(Ct);
        Assert.All(open, c => Assert.True(c.Kind switch
        {
            CaseKind.Identification => c.Status is HouseholdStatus.NotPoor or HouseholdStatus.Monitored,
            CaseKind.HouseholdExit or CaseKind.LookBackRemoval => c.Status is HouseholdStatus.Poor or HouseholdStatus.Returned,
            CaseKind.Monitoring or CaseKind.RiskElimination => c.Status is HouseholdStatus.NotPoor or HouseholdStatus.Exited or HouseholdStatus.Monitored,
            _ => true,
        }, $"case {c.Id} ({c.Kind} at {c.Stage}) for {c.Number}, {c.Status}"));
        // A household is on one track at a time: never both proposed for identification and monitored, or both exiting and removed.
        Assert.All(open.GroupBy(c => c.Number), g => Assert.True(g.Select(c => c.Kind == CaseKind.RiskElimination ? CaseKind.Monitoring : c.Kind).Distinct().Count() == 1,
            $"{g.Key}: {string.Join(", ", g.Select(c => c.Kind))}"));

        // And the open work the demo accounts find is still there, in the two demo villages.
        Assert.Contains(open, c => c.Kind == CaseKind.Identification && c.Number.StartsWith(DemoHistory.Village));
        Assert.Contains(open, c => c.Kind == CaseKind.HouseholdExit && c.Number.StartsWith(DemoHistory.Village));
        Assert.Contains(open, c => c.Kind == CaseKind.LookBackRemoval);
    }
}
