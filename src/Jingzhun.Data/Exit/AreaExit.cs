using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Data.Exit;

/// <summary>A poor village or county with its exit figures and the decision of the rules in force.</summary>
public sealed record AreaRow(string Code, string Name, RegionLevel Level, AreaFigures Figures, Decision Decision, int? ExitedYear, long? OpenCaseId)
{
    /// <summary>The incidence test alone; a county also needs the national special assessment, judged when the nation approves its exit.</summary>
    public bool IncidencePassed => Decision.Criteria.First(c => c.Code == "incidence").Passed;
}

/// <summary>
/// Village exit (出列) and county exit (摘帽): poor people are the present members of poor and returned
/// households; rural population is the villages' registered rural population; the threshold is that of
/// the province (western or not) under the rules in force.
/// </summary>
public static class AreaExit
{
    public static async Task<List<AreaRow>> ListAsync(JingzhunDbContext db, int year, CancellationToken ct = default)
    {
        if (!db.Scope.CanRead) return [];
        var prefix = db.Scope.RegionPrefix;
        var regions = await db.Regions.AsNoTracking().Where(r => r.ValidTo == null && r.Code.StartsWith(prefix)).ToListAsync(ct);
        var provinces = await db.Regions.AsNoTracking().Where(r => r.ValidTo == null && r.Level == RegionLevel.Province)
            .ToDictionaryAsync(r => r.Code[..2], r => r.IsWestern, ct);
        var poor = await PoorPeopleByVillageAsync(db, ct);
        var openCases = await db.Cases.AsNoTracking()
            .Where(c => c.ClosedAt == null && (c.Kind == CaseKind.VillageExit || c.Kind == CaseKind.CountyExit))
            .Select(c => new { c.RegionCode, c.Id }).ToListAsync(ct);
        var villages = regions.Where(r => r.Level == RegionLevel.Village).ToList();
        var rows = new List<AreaRow>();
        var rulesByProvince = new Dictionary<string, RuleSet>();
        foreach (var area in regions.Where(r => r.Level == RegionLevel.County && r.IsPoorCounty || r.Level == RegionLevel.Village && r.IsPoorVillage)
                     .OrderBy(r => r.Code, StringComparer.Ordinal))
        {
            var province = area.Code[..2];
            if (!rulesByProvince.TryGetValue(province, out var rules))
                rulesByProvince[province] = rules = await RuleBook.ForAsync(db, area.Code, year, ct);
            var figures = area.Level == RegionLevel.Village
                ? new AreaFigures(area.Code, area.Name, provinces.GetValueOrDefault(province), poor.GetValueOrDefault(area.Code), area.RuralPopulation)
                : CountyFigures(area, villages, poor, provinces.GetValueOrDefault(province));
            var decision = area.Level == RegionLevel.Village ? AreaRules.EvaluateVillageExit(figures, rules) : AreaRules.EvaluateCountyProposal(figures, rules);
            rows.Add(new AreaRow(area.Code, area.Name, area.Level, figures, decision, area.ExitedYear, openCases.FirstOrDefault(c => c.RegionCode == area.Code)?.Id));
        }
        return rows;
    }

    /// <summary>
    /// Decides a village's exit, or whether a county may apply to exit (on incidence alone: its third-party rates come
    /// from the national special assessment and are judged when the nation approves, see CountyExitAssessment), keeps
    /// the decision with its trace and, when it passes, opens the exit case on it.
    /// The role is checked first, so a refused actor leaves no decision behind.
    /// </summary>
    public static async Task<(Decision Decision, WorkflowCase? Case)> ProposeAsync(JingzhunDbContext db, string regionCode, int year,
        string reason, DateTime now, CancellationToken ct = default)
    {
        var area = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == regionCode && r.ValidTo == null, ct);
        if (area is null || !db.Scope.Covers(regionCode) || area.Level is not (RegionLevel.Village or RegionLevel.County))
            throw new WorkflowBlockedException("村或县不存在或不在您的辖区", "no such village or county in your region");
        var kind = area.Level == RegionLevel.Village ? CaseKind.VillageExit : CaseKind.CountyExit;
        if (!(db.Scope.IsAdministrator && db.Scope.Role is null) && (!WorkflowRules.MayAdvance(db.Scope.Role, kind, WorkflowRules.Start(kind)) || !db.Scope.MayChange(regionCode)))
            throw new WorkflowRefusedException($"{db.Scope.Actor}的角色不能发起{kind.Chinese()}", $"{db.Scope.Actor}'s role may not propose a {kind.English()}", regionCode);
        if (area.ExitedYear is not null)
            throw new WorkflowBlockedException($"{area.Name}已于{area.ExitedYear}年退出", $"{area.Name} exited in {area.ExitedYear}");

        var rules = await RuleBook.ForAsync(db, regionCode, year, ct);
        Decision decision;
        if (kind == CaseKind.VillageExit)
        {
            var western = await WesternAsync(db, regionCode, ct);
            var poor = await PoorPeopleByVillageAsync(db, ct, Household.CountyOf(regionCode));
            decision = AreaRules.EvaluateVillageExit(new AreaFigures(area.Code, area.Name, western, poor.GetValueOrDefault(area.Code), area.RuralPopulation), rules);
        }
        else decision = AreaRules.EvaluateCountyProposal(await CountyFiguresAsync(db, regionCode, ct), rules);
        var stored = RuleBook.Store(db, decision, null, now, regionCode);
        await db.SaveChangesAsync(ct);
        if (!decision.Passed) return (decision, null);
        var opened = await CaseWorkflow.OpenAreaCaseAsync(db, kind, regionCode, year, stored.Id,
            string.IsNullOrWhiteSpace(reason) ? $"依据决定{stored.Id}发起 / proposed on decision {stored.Id}" : reason, now, ct);
        return (decision, opened);
    }

    /// <summary>A county's incidence figures now (poor people and rural population of its villages), without rates.</summary>
    public static async Task<AreaFigures> CountyFiguresAsync(JingzhunDbContext db, string countyCode, CancellationToken ct = default)
    {
        var county = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == countyCode && r.ValidTo == null, ct);
        var villages = await db.Regions.AsNoTracking()
            .Where(r => r.ValidTo == null && r.Level == RegionLevel.Village && r.Code.StartsWith(countyCode.Substring(0, 6))).ToListAsync(ct);
        var poor = await PoorPeopleByVillageAsync(db, ct, Household.CountyOf(countyCode));
        return CountyFigures(county, villages, poor, await WesternAsync(db, countyCode, ct));
    }

    private static async Task<bool> WesternAsync(JingzhunDbContext db, string regionCode, CancellationToken ct)
    {
        var provinceCode = regionCode[..2] + "0000000000";
        return await db.Regions.AsNoTracking().Where(r => r.Code == provinceCode && r.ValidTo == null).Select(r => r.IsWestern).FirstOrDefaultAsync(ct);
    }

    private static AreaFigures CountyFigures(Region county, IEnumerable<Region> villages, IReadOnlyDictionary<string, int> poor, bool western)
    {
        var prefix = county.Code[..6];
        var inCounty = villages.Where(v => v.Code.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return new AreaFigures(county.Code, county.Name, western, inCounty.Sum(v => poor.GetValueOrDefault(v.Code)), inCounty.Sum(v => v.RuralPopulation));
    }

    /// <summary>Present members of poor and returned households, by village (within the reader's scope, optionally one county).</summary>
    private static async Task<Dictionary<string, int>> PoorPeopleByVillageAsync(JingzhunDbContext db, CancellationToken ct, string countyPrefix = "") =>
        await db.Members.AsNoTracking()
            .Where(m => m.State == MemberState.Present && (m.Household!.Status == HouseholdStatus.Poor || m.Household.Status == HouseholdStatus.Returned)
                        && m.Household.VillageCode.StartsWith(countyPrefix))
            .GroupBy(m => m.Household!.VillageCode).Select(g => new { Village = g.Key, People = g.Count() })
            .ToDictionaryAsync(g => g.Village, g => g.People, ct);
}
