using System.Text.Json;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Data.Rules;

/// <summary>
/// Finds the rule set that applies to a region in a year: the newest published version of the
/// most specific jurisdiction (a province over the nation), else the shipped national defaults.
/// Stores decisions with their trace.
/// </summary>
public static class RuleBook
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static async Task<RuleSet> ForAsync(JingzhunDbContext db, string regionCode, int year, CancellationToken ct = default)
    {
        var versions = await db.RuleSets.AsNoTracking().Where(r => r.Year == year && !r.IsDraft).ToListAsync(ct);
        return Choose(versions, regionCode, year);
    }

    /// <summary>The choice of <see cref="ForAsync"/> among a year's published versions, for callers that ask for many regions at once.</summary>
    public static RuleSet Choose(IEnumerable<RuleSetVersion> published, string regionCode, int year)
    {
        var best = published.Where(r => r.Year == year && !r.IsDraft && regionCode.StartsWith(r.Jurisdiction, StringComparison.Ordinal))
            .OrderByDescending(r => r.Jurisdiction.Length).ThenByDescending(r => r.Version).FirstOrDefault();
        return best is null ? PovertyLines.NationalRuleSet(year) : Parse(best);
    }

    public static RuleSet Parse(RuleSetVersion version) =>
        (JsonSerializer.Deserialize<RuleSet>(version.Content, Json) ?? throw new InvalidDataException($"rule set {version.Id} is empty"))
        with { Jurisdiction = version.Jurisdiction, Year = version.Year, Version = version.Version };

    /// <summary>A function giving the rule set of any year for one region, cached for one evaluation run.</summary>
    public static async Task<Func<int, RuleSet>> YearsForAsync(JingzhunDbContext db, string regionCode, int fromYear, int toYear, CancellationToken ct = default) =>
        YearsFor(await PublishedAsync(db, fromYear, toYear, ct), regionCode, fromYear, toYear);

    /// <summary>The published versions of these years, for <see cref="YearsFor"/> over many regions.</summary>
    public static Task<List<RuleSetVersion>> PublishedAsync(JingzhunDbContext db, int fromYear, int toYear, CancellationToken ct = default) =>
        db.RuleSets.AsNoTracking().Where(r => r.Year >= fromYear && r.Year <= toYear && !r.IsDraft).ToListAsync(ct);

    /// <summary><see cref="YearsForAsync"/> from versions already read.</summary>
    public static Func<int, RuleSet> YearsFor(IReadOnlyList<RuleSetVersion> published, string regionCode, int fromYear, int toYear)
    {
        var byYear = new Dictionary<int, RuleSet>();
        for (var y = fromYear; y <= toYear; y++) byYear[y] = Choose(published, regionCode, y);
        return y => byYear.TryGetValue(y, out var r) ? r : PovertyLines.NationalRuleSet(y);
    }

    /// <summary>Evaluates exit readiness of a household and keeps the decision with its trace.</summary>
    public static async Task<(Decision Decision, RuleDecision Stored)> DecideExitAsync(JingzhunDbContext db, Household household, int year, DateTime now,
        CancellationToken ct = default)
    {
        var rulesOf = await YearsForAsync(db, household.VillageCode, year - 3, year, ct);
        var decision = HouseholdRules.EvaluateExit(household, rulesOf(year), rulesOf);
        return (decision, Store(db, decision, household, now));
    }

    public static async Task<(Decision Decision, RuleDecision Stored)> DecideIdentificationAsync(JingzhunDbContext db, Household household, int year, DateTime now,
        CancellationToken ct = default)
    {
        var decision = HouseholdRules.EvaluateIdentification(household, await ForAsync(db, household.VillageCode, year, ct));
        return (decision, Store(db, decision, household, now));
    }

    public static RuleDecision Store(JingzhunDbContext db, Decision decision, Household? household, DateTime now, string? regionCode = null)
    {
        var stored = new RuleDecision
        {
            Rule = decision.Rule, HouseholdId = household?.Id, RegionCode = household?.VillageCode ?? regionCode ?? "",
            Year = decision.Year, RuleSet = decision.RuleSet, Passed = decision.Passed,
            Trace = JsonSerializer.Serialize(decision, Json), At = now, Actor = db.Scope.Actor,
        };
        db.Decisions.Add(stored);
        return stored;
    }

    /// <summary>The rule set as stored: two rule sets with the same text decide every household alike.</summary>
    public static string Serialize(RuleSet rules) => JsonSerializer.Serialize(rules, Json);

    public static Decision? ReadTrace(RuleDecision stored) => JsonSerializer.Deserialize<Decision>(stored.Trace, Json);
}
