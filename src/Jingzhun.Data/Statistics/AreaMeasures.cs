using System.Security.Cryptography;
using System.Text;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
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

    /// <summary>
    /// The measures of an area. At the area's own line and the stored cutoff (what the dashboard and the report ask for) they are
    /// read from the stored sums (<see cref="AreaMeasureSums"/>): the area's row and its children's, a few rows at any level.
    /// Another line or k, or sums not (yet) stored under the rule set in force, are computed from the households.
    /// </summary>
    public static async Task<AreaMeasuresView?> ForAsync(JingzhunDbContext db, string regionCode, int year, decimal? line, double k,
        CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(regionCode, out var code, out _)) return null;
        var prefix = code.Prefix;
        if (!db.Scope.CanRead || db.Scope.ReadsAssignedOnly || !prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal)) return null;
        var rules = await RuleBook.ForAsync(db, code.Value, year, ct);
        if (line is null && k == AreaMeasureSums.StoredCutoff && await StoredAsync(db, code, year, rules, ct) is { } stored) return stored;
        return await ComputeAsync(db, code, year, line, k, rules, ct);
    }

    /// <summary>The measures computed from the area's households: the definition the stored sums are checked against.</summary>
    public static async Task<AreaMeasuresView?> ComputeAsync(JingzhunDbContext db, string regionCode, int year, decimal? line, double k,
        CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(regionCode, out var code, out _)) return null;
        if (!db.Scope.CanRead || db.Scope.ReadsAssignedOnly || !code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal)) return null;
        return await ComputeAsync(db, code, year, line, k, await RuleBook.ForAsync(db, code.Value, year, ct), ct);
    }

    private static async Task<AreaMeasuresView?> ComputeAsync(JingzhunDbContext db, RegionCode code, int year, decimal? line, double k,
        RuleSet rules, CancellationToken ct)
    {
        var prefix = code.Prefix;
        if (line is { } z) rules = rules with { PovertyLine = z, PovertyLineSource = "查询指定 / given in the query" };
        rules = CrossSection(rules);

        var registered = Registered(db.Households.Where(h => h.VillageCode.StartsWith(prefix)), year);
        var rows = await RowsAsync(registered, year, ct);
        if (rows.Count == 0) return null;
        var members = await MembersAsync(registered.SelectMany(h => h.Members), ct);

        var childLength = code.Level < RegionLevel.Village ? RegionCode.PrefixLength(code.Level + 1) : prefix.Length;
        var income = new List<IncomeObservation>(rows.Count);
        var profiles = new List<DeprivationProfile>(rows.Count);
        foreach (var r in rows)
        {
            var (observation, deprived, weight) = Observe(r, members[r.Id], rules, year);
            income.Add(observation);
            profiles.Add(new DeprivationProfile(deprived, weight, r.VillageCode[..childLength]));
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

    /// <summary>The columns the measures read: the household's housing and water and the year's income components.</summary>
    private sealed record MeasuredHousehold(long Id, string VillageCode, HousingSafetyGrade HousingSafety, DrinkingWater DrinkingWater,
        int MembersCounted, Money Wages, Money ProductionIncome, Money PropertyIncome, Money Pension, Money DibaoAllowance,
        Money ExtremeHardshipAllowance, Money EcologicalCompensation, Money OtherTransfers, Money ProductionCosts);

    private sealed record MeasuredMember(long HouseholdId, DateOnly BirthDate, SchoolingStatus Schooling, bool HasMedicalInsurance);

    /// <summary>Registered households (poor, exited, returned, monitored) with an income in the year.</summary>
    private static IQueryable<Household> Registered(IQueryable<Household> households, int year) =>
        households.Where(h => h.Status != HouseholdStatus.NotPoor && h.Status != HouseholdStatus.Removed && h.Incomes.Any(i => i.Year == year));

    /// <summary>One year's rows, projected without tracking or entities.</summary>
    private static Task<List<MeasuredHousehold>> RowsAsync(IQueryable<Household> registered, int year, CancellationToken ct) =>
        registered.AsNoTracking()
            .SelectMany(h => h.Incomes.Where(i => i.Year == year), (h, i) => new MeasuredHousehold(
                h.Id, h.VillageCode, h.HousingSafety, h.DrinkingWater,
                i.MembersCounted, i.Wages, i.ProductionIncome, i.PropertyIncome, i.Pension, i.DibaoAllowance,
                i.ExtremeHardshipAllowance, i.EcologicalCompensation, i.OtherTransfers, i.ProductionCosts))
            .ToListAsync(ct);

    /// <summary>
    /// Present members' birth date, schooling and insurance, by household. Callers pass the households' own members
    /// (a join on the members' household index): a filter like <c>households.Any(h => h.Id == m.HouseholdId)</c> reads
    /// every member of the registry on SQLite, once per call.
    /// </summary>
    private static async Task<ILookup<long, MeasuredMember>> MembersAsync(IQueryable<Member> members, CancellationToken ct) =>
        (await members.AsNoTracking().Where(m => m.State == MemberState.Present)
            .Select(m => new MeasuredMember(m.HouseholdId, m.BirthDate, m.Schooling, m.HasMedicalInsurance))
            .ToListAsync(ct))
        .ToLookup(m => m.HouseholdId);

    /// <summary>One year's income is a cross-section's, not the exit rule's stable income over several years.</summary>
    private static RuleSet CrossSection(RuleSet rules) => rules with { StableIncomeYears = 1 };

    /// <summary>
    /// A household's income observation and guarantee deprivations under a rule set: a household of just these fields is
    /// judged by the exit rule itself, so the deprivations are the exit rule's own criteria.
    /// </summary>
    private static (IncomeObservation Income, bool[] Deprived, double Weight) Observe(MeasuredHousehold r, IEnumerable<MeasuredMember> members,
        RuleSet rules, int year)
    {
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
            Members = [.. members.Select(m => new Member
            {
                Name = "", ResidentId = "", BirthDate = m.BirthDate, Schooling = m.Schooling, HasMedicalInsurance = m.HasMedicalInsurance,
            })],
        };
        var year0 = h.IncomeIn(year)!.Value;
        var criteria = HouseholdRules.EvaluateExit(h, rules, _ => rules).Criteria;
        var deprived = Guarantees.Select(g => criteria.First(c => c.Code == g).Passed is false).ToArray();
        return (IncomeObservation.OfHousehold(year0.PerCapitaNetIncome.Yuan, year0.MembersCounted), deprived, Math.Max(1, year0.MembersCounted));
    }

    /// <summary>Names a stored row by the rule set it was measured under: two rule sets with the same text measure every household alike.</summary>
    public static string RuleSetKey(RuleSet rules) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(RuleBook.Serialize(CrossSection(rules)))))[..32];

    /// <summary>The view from the stored sums of the area and of its children; null when the area's row is not stored under these rules.</summary>
    private static async Task<AreaMeasuresView?> StoredAsync(JingzhunDbContext db, RegionCode code, int year, RuleSet rules, CancellationToken ct)
    {
        var key = RuleSetKey(rules);
        var area = await db.MeasureSums.AsNoTracking()
            .FirstOrDefaultAsync(m => m.Year == year && m.RuleSet == key && m.Level == code.Level && m.RegionCode == code.Value, ct);
        // Nobody with a positive weight: the computation says so (as it always did) rather than a division by zero here.
        if (area is null || !(area.Population > 0)) return null;
        var prefix = code.Prefix;
        var childLevel = code.Level < RegionLevel.Village ? code.Level + 1 : code.Level;
        var children = await db.MeasureSums.AsNoTracking()
            .Where(m => m.Year == year && m.RuleSet == key && m.Level == childLevel && m.RegionCode.StartsWith(prefix) && m.Households > 0)
            .OrderBy(m => m.RegionCode).ToListAsync(ct);
        var childLength = RegionCode.PrefixLength(childLevel);
        var codes = children.Select(c => c.RegionCode).ToList();
        var names = (await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code) && r.ValidTo == null)
                .Select(r => new { r.Code, r.Name }).ToListAsync(ct))
            .GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First().Name);
        return new AreaMeasuresView(code.Value, year, rules.PovertyLine, rules.PovertyLineSource, area.Income(),
            Guarantee(area, children.Select(c => (c.RegionCode[..childLength], c)).ToList(),
                children.ToDictionary(c => c.RegionCode[..childLength], c => names.GetValueOrDefault(c.RegionCode) ?? c.RegionCode[..childLength])));
    }

    /// <summary>H, A, M0 and both decompositions from sums, as <see cref="AlkireFoster.Measure"/> gives them from the units.</summary>
    private static GuaranteeMeasures Guarantee(AreaMeasureSums area, IReadOnlyList<(string Group, AreaMeasureSums Sums)> groups,
        IReadOnlyDictionary<string, string> names)
    {
        var indicators = AlkireFoster.GuaranteeIndicators;
        var total = indicators.Sum(i => i.Weight);
        var population = area.GuaranteePopulation;
        var (h, a, m0) = area.Guarantees();
        var byIndicator = indicators.Select((indicator, j) =>
        {
            var weight = indicator.Weight / total;
            var censored = area.Deprived(j, poor: true) / population;
            return new IndicatorContribution(indicator, weight, area.Deprived(j, poor: false) / population, censored, m0 > 0 ? weight * censored / m0 : 0);
        }).ToList();
        var byArea = groups.Select(g =>
        {
            var (gh, ga, gm0) = g.Sums.Guarantees();
            var share = g.Sums.GuaranteePopulation / population;
            return new SubgroupContribution(g.Group, g.Sums.GuaranteePopulation, share, gh, ga, gm0, share * gm0, m0 > 0 ? 100 * share * gm0 / m0 : 0);
        }).ToList();
        return new GuaranteeMeasures(AreaMeasureSums.StoredCutoff, population, area.GuaranteePoor, h, a, m0, byIndicator, byArea, names);
    }

    // Any fixed number: the PostgreSQL advisory lock that lets one measures refresh at a time replace the rows.
    private const long RefreshLock = 0x4A5A_4D45_4153_5552;

    /// <summary>
    /// Recomputes the stored sums of some counties (6-digit codes; every county with households when null) for every income year:
    /// each village's households once under each rule set in force above it, added up to its township and county; then every area
    /// above the counties is summed from the county rows. Registry edits mark their county stale and the live statistics call this
    /// after recounting it. Returns the number of rows written.
    /// </summary>
    public static async Task<int> RefreshAsync(JingzhunDbContext db, IReadOnlyCollection<string>? counties, DateTime now, CancellationToken ct = default)
    {
        // Ancestors add up every county, so only an unscoped (system) context may write them.
        if (db.Scope.RegionPrefix != "" || db.Scope.ReadsAssignedOnly)
            throw new InvalidOperationException("poverty measures are refreshed by system work over the whole registry");
        var published = await db.RuleSets.AsNoTracking().Where(r => !r.IsDraft).ToListAsync(ct);
        var list = counties ?? await db.Households.Select(h => h.CountyCode).Distinct().ToListAsync(ct);
        // Computed first, outside the transaction: the writes that follow hold the database's write lock for a moment only.
        var computed = new List<(string County, List<AreaMeasureSums> Rows)>();
        foreach (var county in list.Where(c => c.Length == 6).Distinct().Order(StringComparer.Ordinal))
            computed.Add((county, await CountyAsync(db, county, published, now, ct)));

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (db.Provider == DatabaseProvider.Postgres) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({RefreshLock})", ct);
        foreach (var (county, rows) in computed)
        {
            await db.MeasureSums.Where(m => m.RegionCode.StartsWith(county) && m.Level >= RegionLevel.County).ExecuteDeleteAsync(ct);
            db.MeasureSums.AddRange(rows);
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        var written = computed.Sum(c => c.Rows.Count) + await AboveCountiesAsync(db, published, now, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return written;
    }

    /// <summary>The sums of one county's villages, townships and the county itself, every income year (reads only).</summary>
    private static async Task<List<AreaMeasureSums>> CountyAsync(JingzhunDbContext db, string county, IReadOnlyList<RuleSetVersion> published, DateTime now,
        CancellationToken ct)
    {
        var households = db.Households.Where(h => h.CountyCode == county && h.Status != HouseholdStatus.NotPoor && h.Status != HouseholdStatus.Removed);
        // The county's incomes and members through its households (as MembersAsync says why).
        var years = await households.SelectMany(h => h.Incomes).Select(i => i.Year).Distinct().ToListAsync(ct);
        var all = new List<AreaMeasureSums>();
        if (years.Count == 0) return all;
        var members = await MembersAsync(households.SelectMany(h => h.Members), ct);
        foreach (var year in years.Order())
        {
            var rows = new Dictionary<(string Code, string Key), AreaMeasureSums>();
            var rulesOf = RulesOf(published, year);
            foreach (var village in (await RowsAsync(Registered(households, year), year, ct)).GroupBy(r => r.VillageCode))
            {
                if (!RegionCode.TryParse(village.Key, out var code, out _)) continue;
                var ancestry = Ancestry(code).TakeWhile(c => c.Level >= RegionLevel.County).ToList();
                // Once under each rule set in force at the village or above it (almost always one).
                foreach (var (key, rules) in Ancestry(code).Select(rulesOf).DistinctBy(r => r.Key))
                {
                    var units = village.Select(r => Observe(r, members[r.Id], rules, year)).ToList();
                    var sums = new AreaMeasureSums { RegionCode = code.Value, Level = code.Level, Year = year, RuleSet = key, Line = rules.PovertyLine, RefreshedAt = now };
                    sums.Add(units.Select(u => u.Income).ToList(), units.Select(u => new DeprivationProfile(u.Deprived, u.Weight)).ToList(), (double)rules.PovertyLine);
                    foreach (var area in ancestry)
                        if (Ancestry(area).Any(a => rulesOf(a).Key == key)) Row(rows, area, year, key, rules.PovertyLine, now).Add(sums);
                }
            }
            all.AddRange(rows.Values);
        }
        return all;
    }

    /// <summary>Cities, provinces and the nation: the sums of their counties under each rule set in force at the area or above it.</summary>
    private static async Task<int> AboveCountiesAsync(JingzhunDbContext db, IReadOnlyList<RuleSetVersion> published, DateTime now, CancellationToken ct)
    {
        await db.MeasureSums.Where(m => m.Level < RegionLevel.County).ExecuteDeleteAsync(ct);
        var counties = await db.MeasureSums.AsNoTracking().Where(m => m.Level == RegionLevel.County).ToListAsync(ct);
        var rows = new Dictionary<(string Code, string Key), AreaMeasureSums>();
        var written = 0;
        foreach (var byYear in counties.GroupBy(c => c.Year))
        {
            rows.Clear();
            var rulesOf = RulesOf(published, byYear.Key);
            foreach (var county in byYear)
                foreach (var area in Ancestry(RegionCode.Parse(county.RegionCode)).Skip(1))
                    if (Ancestry(area).Any(a => rulesOf(a).Key == county.RuleSet))
                        Row(rows, area, byYear.Key, county.RuleSet, county.Line, now).Add(county);
            db.MeasureSums.AddRange(rows.Values);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            written += rows.Count;
        }
        return written;
    }

    private static AreaMeasureSums Row(Dictionary<(string Code, string Key), AreaMeasureSums> rows, RegionCode area, int year, string key, decimal line,
        DateTime now)
    {
        if (!rows.TryGetValue((area.Value, key), out var row))
            rows[(area.Value, key)] = row = new AreaMeasureSums { RegionCode = area.Value, Level = area.Level, Year = year, RuleSet = key, Line = line, RefreshedAt = now };
        return row;
    }

    /// <summary>The rule set in force at an area in a year (as <see cref="RuleBook.ForAsync"/> chooses it), with its key, cached per area.</summary>
    private static Func<RegionCode, (string Key, RuleSet Rules)> RulesOf(IReadOnlyList<RuleSetVersion> published, int year)
    {
        var cache = new Dictionary<string, (string, RuleSet)>();
        return area =>
        {
            if (cache.TryGetValue(area.Value, out var found)) return found;
            var rules = CrossSection(RuleBook.Choose(published, area.Value, year));
            return cache[area.Value] = (RuleSetKey(rules), rules);
        };
    }

    /// <summary>The area itself, then each enclosing area up to the nation.</summary>
    private static IEnumerable<RegionCode> Ancestry(RegionCode code)
    {
        for (RegionCode? c = code; c is not null; c = c.Value.Parent) yield return c.Value;
    }
}
