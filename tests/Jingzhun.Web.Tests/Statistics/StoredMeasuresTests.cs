using Jingzhun.Data.Registry;
using Jingzhun.Data.Rules;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;
using Jingzhun.Domain.Statistics;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Statistics;

/// <summary>
/// The poverty measures kept per area (<see cref="AreaMeasureSums"/>) equal the direct computation over the households at
/// every level and income year, under a province's own rule set as well as the nation's, and again after a registry edit
/// has been followed by the county's refresh.
/// </summary>
public abstract class StoredMeasuresTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string[] Areas = ["000000000000", "990000000000", "990100000000", "990121000000", "990121001000", CaseFixtures.Village];

    [Fact]
    public async Task Stored_measures_equal_the_direct_computation_at_every_level_before_and_after_an_edit()
    {
        await using var db = Host.OpenDatabase();
        // Households below the line (the demo has few poor ones now), and a province line above the nation's for the last year:
        // the province and every area in it are measured against 6,000 yuan, the nation against its own line.
        var poor = await CaseFixtures.CreateHouseholdAsync(db, HouseholdStatus.Poor, 2_500m, Ct);
        await CaseFixtures.CreateHouseholdAsync(db, HouseholdStatus.Returned, 4_800m, Ct);
        db.RuleSets.Add(new RuleSetVersion
        {
            Jurisdiction = "99", Year = CaseFixtures.Year, Version = 1, CreatedBy = "test", CreatedAt = DateTime.UtcNow, Note = "test",
            Content = RuleBook.Serialize(PovertyLines.NationalRuleSet(CaseFixtures.Year) with { Jurisdiction = "99", PovertyLine = 6_000m }),
        });
        await db.SaveChangesAsync(Ct);
        await AreaMeasures.RefreshAsync(db, null, DateTime.UtcNow, Ct);
        await AssertStoredEqualComputedAsync(db);

        // An income edit, then the county's refresh (what the live statistics run after it), and the same again.
        var edited = await RegistryEditing.SetIncomeAsync(db, poor.Id, new IncomeForm { Year = CaseFixtures.Year, MembersCounted = 1, Wages = 1_200m },
            DateTime.UtcNow, Ct);
        Assert.Equal(EditOutcome.Saved, edited.Outcome);
        await AreaMeasures.RefreshAsync(db, ["990121"], DateTime.UtcNow, Ct);
        await AssertStoredEqualComputedAsync(db);
    }

    private async Task AssertStoredEqualComputedAsync(Data.Database.JingzhunDbContext db)
    {
        var years = await db.Incomes.Select(i => i.Year).Distinct().OrderBy(y => y).ToListAsync(Ct);
        Assert.Contains(CaseFixtures.Year, years);
        foreach (var year in years)
            foreach (var area in Areas)
            {
                var computed = await AreaMeasures.ComputeAsync(db, area, year, null, AreaMeasureSums.StoredCutoff, Ct);
                if (computed is null) continue;
                // The stored path was taken: the area has its row under the rule set in force there.
                var key = AreaMeasures.RuleSetKey(await RuleBook.ForAsync(db, area, year, Ct));
                Assert.True(await db.MeasureSums.AnyAsync(m => m.RegionCode == area && m.Year == year && m.RuleSet == key, Ct), $"{area} {year}: no stored row");
                var stored = (await AreaMeasures.ForAsync(db, area, year, null, AreaMeasureSums.StoredCutoff, Ct))!;
                AssertEqual(computed, stored, $"{area} {year}");
            }
    }

    private static void AssertEqual(AreaMeasuresView expected, AreaMeasuresView actual, string what)
    {
        Assert.Equal(expected.Line, actual.Line);
        Assert.Equal(expected.LineSource, actual.LineSource);
        var (e, a) = (expected.Income, actual.Income);
        foreach (var (x, y, name) in new[]
                 {
                     (e.Population, a.Population, "population"), (e.PoorPopulation, a.PoorPopulation, "poor"), (e.Headcount, a.Headcount, "P0"),
                     (e.Gap, a.Gap, "P1"), (e.Severity, a.Severity, "P2"), (e.Watts, a.Watts, "Watts"), (e.WattsExcludedPopulation, a.WattsExcludedPopulation, "excluded"),
                     (expected.Guarantees.Population, actual.Guarantees.Population, "AF n"), (expected.Guarantees.PoorPopulation, actual.Guarantees.PoorPopulation, "AF q"),
                     (expected.Guarantees.H, actual.Guarantees.H, "H"), (expected.Guarantees.A, actual.Guarantees.A, "A"), (expected.Guarantees.M0, actual.Guarantees.M0, "M0"),
                 })
            Assert.True(Math.Abs(x - y) < 1e-9, $"{what} {name}: {x} computed, {y} stored");
        Assert.Equal(expected.Guarantees.ByIndicator.Count, actual.Guarantees.ByIndicator.Count);
        foreach (var (x, y) in expected.Guarantees.ByIndicator.Zip(actual.Guarantees.ByIndicator))
        {
            Assert.Equal(x.Indicator.Code, y.Indicator.Code);
            Assert.True(Math.Abs(x.UncensoredHeadcount - y.UncensoredHeadcount) < 1e-9 && Math.Abs(x.CensoredHeadcount - y.CensoredHeadcount) < 1e-9
                        && Math.Abs(x.Contribution - y.Contribution) < 1e-9, $"{what} {x.Indicator.Code}");
        }
        var groups = actual.Guarantees.ByArea.ToDictionary(g => g.Group);
        Assert.Equal(expected.Guarantees.ByArea.Select(g => g.Group).Order(), groups.Keys.Order());
        foreach (var x in expected.Guarantees.ByArea)
        {
            var y = groups[x.Group];
            Assert.True(Math.Abs(x.Population - y.Population) < 1e-9 && Math.Abs(x.H - y.H) < 1e-9 && Math.Abs(x.A - y.A) < 1e-9
                        && Math.Abs(x.M0 - y.M0) < 1e-9 && Math.Abs(x.PercentContribution - y.PercentContribution) < 1e-7, $"{what} group {x.Group}");
            Assert.Equal(expected.Guarantees.AreaNames[x.Group], actual.Guarantees.AreaNames[x.Group]);
        }
    }
}

public sealed class StoredMeasuresOnSqlite(SqliteHost host) : StoredMeasuresTests(host), IClassFixture<SqliteHost>;

public sealed class StoredMeasuresOnPostgres(PostgresHost host) : StoredMeasuresTests(host), IClassFixture<PostgresHost>;
