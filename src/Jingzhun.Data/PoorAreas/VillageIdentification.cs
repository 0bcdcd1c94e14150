using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.PoorAreas;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.PoorAreas;

/// <summary>A village of a county with the registry's part of the rule (its incidence against the province's) and its state.</summary>
public sealed record VillageRow(string Code, string Name, string TownshipName, VillageFigures Figures, Decision Decision, bool IsPoorVillage,
    long? OpenCaseId);

/// <summary>What the village committee declares in its application (村委会申请): the figures the registry does not hold.</summary>
public sealed record VillageApplication(decimal PerCapitaIncome, decimal CollectiveIncome, string Reason = "");

/// <summary>The what-if of the rule for one township: villages, and those that would qualify on incidence (and income where declared).</summary>
public sealed record VillageWhatIfLine(string Code, string Name, int Villages, int QualifyOnIncidence, int Declared, int QualifyOnAll);

/// <summary>
/// Poor-village identification (issue 21 point 1): the rule "一高一低一无" evaluated with its trace for every village of a
/// county, the village's application that opens the case when the rule passes (refused with the failing criterion named
/// when it does not), the township's review and notice, the county's decision and announcement; the last step records the
/// 贫困村 designation from the case's year (<see cref="PoorAreaCases"/>).
/// </summary>
public static class VillageIdentification
{
    /// <summary>Every village of the county in the reader's scope, judged on the registry's figures (incomes not yet declared).</summary>
    public static async Task<List<VillageRow>> ListAsync(JingzhunDbContext db, string countyCode, int year, CancellationToken ct = default)
    {
        if (!db.Scope.CanRead || countyCode.Length < 6) return [];
        var county = countyCode[..6];
        var prefix = db.Scope.RegionPrefix.Length > 6 ? db.Scope.RegionPrefix : county;
        var regions = await db.Regions.AsNoTracking().Where(r => r.ValidTo == null && r.Code.StartsWith(prefix)
            && (r.Level == RegionLevel.Village || r.Level == RegionLevel.Township)).ToListAsync(ct);
        var townships = regions.Where(r => r.Level == RegionLevel.Township).ToDictionary(r => r.Code, r => r.Name);
        var poor = await PoorPeopleByVillageAsync(db, county, ct);
        var provincial = await ProvincialIncidenceAsync(db, county, ct);
        var rules = await RuleBook.ForAsync(db, countyCode.PadRight(12, '0'), year, ct);
        var held = await AreaDesignations.HeldInAsync(db, county, year, ct);
        var open = await db.Cases.AsNoTracking().Where(c => c.Kind == CaseKind.VillageIdentification && c.ClosedAt == null && c.CountyCode == county)
            .Select(c => new { c.RegionCode, c.Id }).ToListAsync(ct);
        return regions.Where(r => r.Level == RegionLevel.Village).OrderBy(r => r.Code, StringComparer.Ordinal).Select(v =>
        {
            var figures = new VillageFigures(v.Code, v.Name, poor.GetValueOrDefault(v.Code), v.RuralPopulation, provincial, null, null);
            return new VillageRow(v.Code, v.Name, townships.GetValueOrDefault(v.Code[..9] + "000") ?? "", figures, PoorVillageRules.Evaluate(figures, rules),
                held.TryGetValue(v.Code, out var kinds) && kinds.Contains(DesignationKind.PoorVillage), open.FirstOrDefault(c => c.RegionCode == v.Code)?.Id);
        }).ToList();
    }

    /// <summary>
    /// The village committee's application: the rule is decided on the registry's incidence and the declared incomes and
    /// kept with its trace; a passing decision opens the case, a failing one is returned with the failing criteria named.
    /// The role is checked first, so a refused actor leaves no decision behind.
    /// </summary>
    public static async Task<(Decision Decision, WorkflowCase? Case)> ApplyAsync(JingzhunDbContext db, string villageCode, int year,
        VillageApplication application, DateTime now, CancellationToken ct = default)
    {
        const CaseKind kind = CaseKind.VillageIdentification;
        var village = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == villageCode && r.ValidTo == null && r.Level == RegionLevel.Village, ct);
        if (village is null || !db.Scope.Covers(villageCode))
            throw new WorkflowBlockedException("村不存在或不在您的辖区", "no such village in your region");
        if (!WorkflowRules.MayAdvance(db.Scope.Role, kind, WorkflowRules.Start(kind)) || !db.Scope.MayChange(villageCode))
            throw new WorkflowRefusedException($"{db.Scope.Actor}的角色不能申请{kind.Chinese()}", $"{db.Scope.Actor}'s role may not apply for a {kind.English()}", villageCode);
        if (application.PerCapitaIncome < 0 || application.CollectiveIncome < 0)
            throw new WorkflowBlockedException("收入不能为负数", "an income cannot be negative");
        var held = await AreaDesignations.HeldInAsync(db, villageCode, year, ct);
        if (held.TryGetValue(villageCode, out var kinds) && kinds.Contains(DesignationKind.PoorVillage))
            throw new WorkflowBlockedException($"{village.Name}在{year}年已是贫困村", $"{village.Name} is already a poor village in {year}");

        var county = villageCode[..6];
        var poor = await PoorPeopleByVillageAsync(db, county, ct);
        var figures = new VillageFigures(village.Code, village.Name, poor.GetValueOrDefault(village.Code), village.RuralPopulation,
            await ProvincialIncidenceAsync(db, county, ct), application.PerCapitaIncome, application.CollectiveIncome);
        var decision = PoorVillageRules.Evaluate(figures, await RuleBook.ForAsync(db, villageCode, year, ct));
        var stored = RuleBook.Store(db, decision, null, now, villageCode);
        await db.SaveChangesAsync(ct);
        if (!decision.Passed) return (decision, null);
        var reason = string.IsNullOrWhiteSpace(application.Reason) ? $"村委会申请，依据决定{stored.Id} / village application on decision {stored.Id}" : application.Reason.Trim();
        return (decision, await CaseWorkflow.OpenAreaCaseAsync(db, kind, villageCode, year, stored.Id, reason, now, ct));
    }

    /// <summary>
    /// How many villages of each township under <paramref name="areaCode"/> would qualify with another multiple and share:
    /// on incidence from the registry, and on all three criteria where a village has declared its incomes in an application.
    /// </summary>
    public static async Task<List<VillageWhatIfLine>> WhatIfAsync(JingzhunDbContext db, string areaCode, int year, decimal multiple, decimal share,
        CancellationToken ct = default)
    {
        var code = RegionCode.Parse(areaCode);
        if (!db.Scope.Covers(areaCode) && !db.Scope.RegionPrefix.StartsWith(code.Prefix, StringComparison.Ordinal) || code.Level > RegionLevel.Township) return [];
        var rules = await RuleBook.ForAsync(db, areaCode, year, ct) with { PoorVillageIncidenceMultiple = multiple, PoorVillageIncomeShare = share };
        var prefix = code.Prefix.Length >= db.Scope.RegionPrefix.Length ? code.Prefix : db.Scope.RegionPrefix;
        var regions = await db.Regions.AsNoTracking().Where(r => r.ValidTo == null && r.Code.StartsWith(prefix)
            && (r.Level == RegionLevel.Village || r.Level == RegionLevel.Township)).ToListAsync(ct);
        var declared = await DeclaredAsync(db, prefix, ct);
        var lines = new List<VillageWhatIfLine>();
        foreach (var county in regions.Where(r => r.Level == RegionLevel.Village).Select(r => r.Code[..6]).Distinct())
        {
            var poor = await PoorPeopleByVillageAsync(db, county, ct);
            var provincial = await ProvincialIncidenceAsync(db, county, ct);
            foreach (var township in regions.Where(r => r.Level == RegionLevel.Township && r.Code.StartsWith(county, StringComparison.Ordinal)).OrderBy(r => r.Code, StringComparer.Ordinal))
            {
                var villages = regions.Where(r => r.Level == RegionLevel.Village && r.Code.StartsWith(township.Code[..9], StringComparison.Ordinal)).ToList();
                int incidence = 0, withFigures = 0, all = 0;
                foreach (var v in villages)
                {
                    (decimal PerCapita, decimal Collective)? d = declared.TryGetValue(v.Code, out var found) ? found : null;
                    var decision = PoorVillageRules.Evaluate(new VillageFigures(v.Code, v.Name, poor.GetValueOrDefault(v.Code), v.RuralPopulation, provincial,
                        d?.PerCapita, d?.Collective), rules);
                    if (decision.Criteria[0].Passed) incidence++;
                    if (d is not null) withFigures++;
                    if (decision.Passed) all++;
                }
                lines.Add(new VillageWhatIfLine(township.Code, township.Name, villages.Count, incidence, withFigures, all));
            }
        }
        return lines;
    }

    /// <summary>The incomes each village declared in its latest application, read back from the decision's trace.</summary>
    private static async Task<Dictionary<string, (decimal PerCapita, decimal Collective)>> DeclaredAsync(JingzhunDbContext db, string prefix, CancellationToken ct)
    {
        var traces = await db.Decisions.AsNoTracking().Where(d => d.Rule == PoorVillageRules.Rule && d.RegionCode.StartsWith(prefix))
            .OrderBy(d => d.Id).Select(d => new { d.RegionCode, d.Trace }).ToListAsync(ct);
        var result = new Dictionary<string, (decimal, decimal)>();
        foreach (var t in traces)
        {
            var decision = System.Text.Json.JsonSerializer.Deserialize<Decision>(t.Trace, RuleBook.Json);
            if (decision is null) continue;
            decimal? Number(string code) => decision.Criteria.FirstOrDefault(c => c.Code == code)?.Value.TrimEnd('元') is { } v
                && decimal.TryParse(v, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
            if (Number("income") is { } income && Number("collective-income") is { } collective) result[t.RegionCode] = (income, collective);
        }
        return result;
    }

    /// <summary>Present members of poor and returned households, by village of one county (as village and county exit count them).</summary>
    private static async Task<Dictionary<string, int>> PoorPeopleByVillageAsync(JingzhunDbContext db, string county, CancellationToken ct) =>
        await db.Members.AsNoTracking()
            .Where(m => m.State == MemberState.Present && (m.Household!.Status == HouseholdStatus.Poor || m.Household.Status == HouseholdStatus.Returned)
                        && m.Household.CountyCode == county)
            .GroupBy(m => m.Household!.VillageCode).Select(g => new { Village = g.Key, People = g.Count() })
            .ToDictionaryAsync(g => g.Village, g => g.People, ct);

    /// <summary>
    /// The province's incidence from the registry: its poor people over the rural population of its villages, counted over
    /// the whole province whatever the reader's scope (a count, never a household: as the what-if of the rules counts).
    /// </summary>
    private static async Task<decimal> ProvincialIncidenceAsync(JingzhunDbContext db, string county, CancellationToken ct)
    {
        var province = county[..2];
        var population = await db.Regions.AsNoTracking().Where(r => r.ValidTo == null && r.Level == RegionLevel.Village && r.Code.StartsWith(province))
            .SumAsync(r => (long)r.RuralPopulation, ct);
        var poor = await db.Members.IgnoreQueryFilters().AsNoTracking()
            .CountAsync(m => m.State == MemberState.Present && (m.Household!.Status == HouseholdStatus.Poor || m.Household.Status == HouseholdStatus.Returned)
                             && m.Household.CountyCode.StartsWith(province), ct);
        return population > 0 ? (decimal)poor / population : 0m;
    }
}

/// <summary>
/// What the poor-area cases mean to the designations: an identified village is a poor village from the case's year; a
/// village's exit ends its poor-village designation in the exit year (it counts as a poor village in the year it exits).
/// </summary>
internal sealed class PoorAreaCases : CaseKindHandler
{
    public override IReadOnlyList<CaseKind> Kinds { get; } = [CaseKind.VillageIdentification, CaseKind.VillageExit];

    public override async Task FinishedAsync(JingzhunDbContext db, WorkflowCase workflowCase, DateTime now, CancellationToken ct)
    {
        if (workflowCase.Kind == CaseKind.VillageIdentification)
        {
            await AreaDesignations.StageAsync(db, new DesignationForm(workflowCase.RegionCode, DesignationKind.PoorVillage, workflowCase.Year, null,
                $"贫困村识别程序认定（案件{workflowCase.Id}） / identified through case {workflowCase.Id}"), workflowCase.Id, workflowCase.DecisionId, now, ct);
            return;
        }
        var open = await db.Designations.Where(d => d.RegionCode == workflowCase.RegionCode && d.Kind == DesignationKind.PoorVillage && d.ToYear == null)
            .ToListAsync(ct);
        foreach (var designation in open.Where(d => d.FromYear <= workflowCase.Year))
            AreaDesignations.End(designation, workflowCase.Year, $"贫困村出列（案件{workflowCase.Id}） / village exited (case {workflowCase.Id})", db.Scope.Actor, now);
    }
}
