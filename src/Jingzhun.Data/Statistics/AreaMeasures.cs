using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Domain.Statistics;

namespace Jingzhun.Data.Statistics;

/// <summary>The poverty measures of an area's registered households in a year, against a line.</summary>
public sealed record AreaMeasuresView(string RegionCode, int Year, decimal Line, string LineSource, PovertySummary Income,
    GuaranteeMeasures Guarantees);

/// <summary>The Alkire–Foster figures without the per-household vectors: H, A, M0 and both decompositions.</summary>
public sealed record GuaranteeMeasures(double PovertyCutoff, double Population, double PoorPopulation, double H, double A, double M0,
    IReadOnlyList<IndicatorContribution> ByIndicator, IReadOnlyList<SubgroupContribution> ByArea, IReadOnlyDictionary<string, string> AreaNames)
{
    public static GuaranteeMeasures From(AlkireFosterResult r, IReadOnlyDictionary<string, string> names) =>
        new(r.PovertyCutoff, r.Population, r.PoorPopulation, r.H, r.A, r.M0, r.ByIndicator, r.BySubgroup, names);
}

/// <summary>
/// FGT and Watts on per-capita net income, and Alkire–Foster on the guarantee indicators, over the
/// registered households (poor, exited, returned, monitored) of an area in the reader's scope.
/// The guarantee deprivations are the household exit rule's own criteria, so the two never disagree;
/// subgroups are the area's children (townships of a county, villages of a township).
/// </summary>
public static class AreaMeasures
{
    private static readonly string[] Guarantees = ["food-clothing", "education", "medical", "housing", "water"];

    public static async Task<AreaMeasuresView?> ForAsync(JingzhunDbContext db, string regionCode, int year, decimal? line, double k,
        CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(regionCode, out var code, out _)) return null;
        var prefix = code.Prefix;
        if (!db.Scope.CanRead || db.Scope.ReadsAssignedOnly || !prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal)) return null;
        var rules = await RuleBook.ForAsync(db, code.Value, year, ct);
        if (line is { } z) rules = rules with { PovertyLine = z, PovertyLineSource = "查询指定 / given in the query" };
        rules = rules with { StableIncomeYears = 1 }; // one year's income for a cross-section

        // Only the columns the measures read, projected without tracking or entities: the household's housing and water,
        // the year's income components, and its present members' birth date, schooling and insurance.
        var registered = db.Households.Where(h => h.VillageCode.StartsWith(prefix) && h.Status != HouseholdStatus.NotPoor
                                                   && h.Status != HouseholdStatus.Removed && h.Incomes.Any(i => i.Year == year));
        var rows = await registered.AsNoTracking()
            .SelectMany(h => h.Incomes.Where(i => i.Year == year), (h, i) => new
            {
                h.Id, h.VillageCode, h.HousingSafety, h.DrinkingWater,
                i.MembersCounted, i.Wages, i.ProductionIncome, i.PropertyIncome, i.Pension, i.DibaoAllowance,
                i.ExtremeHardshipAllowance, i.EcologicalCompensation, i.OtherTransfers, i.ProductionCosts,
            })
            .ToListAsync(ct);
        if (rows.Count == 0) return null;
        var members = (await db.Members.AsNoTracking()
                .Where(m => m.State == MemberState.Present && registered.Any(h => h.Id == m.HouseholdId))
                .Select(m => new { m.HouseholdId, m.BirthDate, m.Schooling, m.HasMedicalInsurance })
                .ToListAsync(ct))
            .ToLookup(m => m.HouseholdId);

        var childLength = code.Level < RegionLevel.Village ? RegionCode.PrefixLength(code.Level + 1) : prefix.Length;
        var income = new List<IncomeObservation>(rows.Count);
        var profiles = new List<DeprivationProfile>(rows.Count);
        foreach (var r in rows)
        {
            // A household of just these fields, so the deprivations are the exit rule's own criteria.
            var h = new Household
            {
                Number = "", VillageCode = r.VillageCode, HousingSafety = r.HousingSafety, DrinkingWater = r.DrinkingWater,
                Incomes =
                [
                    new HouseholdIncome
                    {
                        Year = year, MembersCounted = r.MembersCounted, Wages = r.Wages, ProductionIncome = r.ProductionIncome,
                        PropertyIncome = r.PropertyIncome, Pension = r.Pension, DibaoAllowance = r.DibaoAllowance,
                        ExtremeHardshipAllowance = r.ExtremeHardshipAllowance, EcologicalCompensation = r.EcologicalCompensation,
                        OtherTransfers = r.OtherTransfers, ProductionCosts = r.ProductionCosts,
                    },
                ],
                Members = [.. members[r.Id].Select(m => new Member
                {
                    Name = "", ResidentId = "", BirthDate = m.BirthDate, Schooling = m.Schooling, HasMedicalInsurance = m.HasMedicalInsurance,
                })],
            };
            var year0 = h.IncomeIn(year)!.Value;
            income.Add(IncomeObservation.OfHousehold(year0.PerCapitaNetIncome.Yuan, year0.MembersCounted));
            var criteria = HouseholdRules.EvaluateExit(h, rules, _ => rules).Criteria;
            var deprived = Guarantees.Select(g => criteria.First(c => c.Code == g).Passed is false).ToList();
            profiles.Add(new DeprivationProfile(deprived, Math.Max(1, year0.MembersCounted), h.VillageCode[..childLength]));
        }
        var indicators = AlkireFoster.GuaranteeIndicators;
        var names = (await db.Regions.AsNoTracking().Where(r => r.Code.StartsWith(prefix) && r.ValidTo == null)
                .Select(r => new { r.Code, r.Name }).ToListAsync(ct))
            .GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First().Name);
        var groupNames = profiles.Select(p => p.Group).Distinct()
            .ToDictionary(g => g, g => names.GetValueOrDefault(g.PadRight(12, '0')) ?? g);
        return new AreaMeasuresView(code.Value, year, rules.PovertyLine, rules.PovertyLineSource,
            PovertyMeasures.Summarize(income, (double)rules.PovertyLine),
            GuaranteeMeasures.From(AlkireFoster.Measure(indicators, profiles, k), groupNames));
    }
}
