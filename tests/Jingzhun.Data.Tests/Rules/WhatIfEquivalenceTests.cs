using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Rules;

/// <summary>
/// Issue 19: the what-if reads the registry its own fast way (pages of projected columns); its changes must equal those of the
/// plain evaluation — every household loaded whole with its members and incomes and decided with its trace — for several rule
/// variants, over the whole registry and in a township's scope, on both engines.
/// </summary>
public sealed class WhatIfEquivalenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const int Year = 2025;

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_changes_equal_a_plain_evaluation_of_every_household_for_several_rule_variants(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "whatif-eq")).WithDemoAsync(3_000);
        await using (var setup = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            // The demo has almost no poor households since 2020: make every third one poor (and every seventh returned) so exit is tested too.
            await setup.Households.Where(h => h.Id % 3 == 0).ExecuteUpdateAsync(u => u.SetProperty(h => h.Status, HouseholdStatus.Poor), Ct);
            await setup.Households.Where(h => h.Id % 7 == 0).ExecuteUpdateAsync(u => u.SetProperty(h => h.Status, HouseholdStatus.Returned), Ct);
        }
        var national = PovertyLines.NationalRuleSet(Year);
        RuleSet[] variants =
        [
            national with { PovertyLine = national.PovertyLine + 500m },
            national with { PovertyLine = national.PovertyLine - 1_500m },
            national with { PovertyLine = national.PovertyLine + 3_000m, StableIncomeYears = 3 },
            national with { SafeHousingGrades = [HousingSafetyGrade.A], CompulsoryEducationToAge = 17 },
            national with { StableIncomeYears = 1, CompulsoryEducationFromAge = 7 },
        ];
        var township = AccessScope.For(new Account { UserName = "t", DisplayName = "t", Role = Role.TownshipOfficer, RegionCode = "990121001000" });
        var someChange = false;
        foreach (var scope in new[] { AccessScope.System("test"), township })
        {
            await using var db = JingzhunDb.Create(database.Target, scope);
            var households = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.Incomes).AsSplitQuery()
                .Where(h => h.Status == HouseholdStatus.Poor || h.Status == HouseholdStatus.Returned || h.Status == HouseholdStatus.NotPoor || h.Status == HouseholdStatus.Exited)
                .OrderBy(h => h.Id).ToListAsync(Ct);
            Assert.NotEmpty(households);
            foreach (var proposed in variants)
            {
                var result = await WhatIf.RunAsync(db, proposed, Ct);
                var expected = await PlainAsync(db, households, proposed);
                Assert.Equal(households.Count, result.Evaluated);
                Assert.Equal(expected, result.Changes.Select(Line).ToList());
                someChange |= expected.Count > 0;
            }
        }
        Assert.True(someChange, "the variants must change some households, or the comparison shows nothing");
    }

    /// <summary>What the what-if should report, household by household, decided from the whole entities with the full trace.</summary>
    private static async Task<List<string>> PlainAsync(JingzhunDbContext db, List<Household> households, RuleSet proposed)
    {
        var current = await RuleBook.YearsForAsync(db, "990121001001", Year - 5, Year, Ct);
        Func<int, RuleSet> draft = y => y == Year ? proposed : current(y);
        var lines = new List<string>();
        foreach (var h in households)
        {
            var poor = h.Status is HouseholdStatus.Poor or HouseholdStatus.Returned;
            Decision Decide(Func<int, RuleSet> rules) =>
                poor ? HouseholdRules.EvaluateExit(h, rules(Year), rules) : HouseholdRules.EvaluateIdentification(h, rules(Year));
            var (before, after) = (Decide(current), Decide(draft));
            if (before.Passed == after.Passed) continue;
            string Codes(Decision d) => string.Join(",", poor ? d.Failed.Select(c => c.Code) : d.Criteria.Where(c => c.Passed).Select(c => c.Code));
            lines.Add($"{h.Id} {h.Number} {h.VillageCode} {h.Status} {h.PresentMembers.Count()} {before.Rule} {before.Passed}>{after.Passed} [{Codes(before)}] [{Codes(after)}]");
        }
        return lines;
    }

    private static string Line(WhatIfChange c) =>
        $"{c.HouseholdId} {c.Number} {c.VillageCode} {c.Status} {c.People} {c.Rule} {c.Before}>{c.After} [{string.Join(",", c.FailingBefore)}] [{string.Join(",", c.FailingAfter)}]";
}
