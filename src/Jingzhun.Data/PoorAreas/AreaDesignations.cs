using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.PoorAreas;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.PoorAreas;

/// <summary>What a county officer (or above) fills in to record a designation.</summary>
public sealed record DesignationForm(string RegionCode, DesignationKind Kind, int FromYear, int? ToYear, string Source);

/// <summary>
/// Designations of places with their years (issue 21 point 2): recorded and ended by county officers and above inside
/// their region, each with its source or reason, audited; poor villages come only from the identification workflow
/// (<see cref="VillageIdentification"/>) or an import of the historic lists. The region's flags follow.
/// </summary>
public static class AreaDesignations
{
    public const int FirstYear = 1986; // the first national list of key counties
    public const int SourceLength = 500;

    /// <summary>County officers and above, inside their region; system work (imports, the demo) and administrators too.</summary>
    public static bool MayDesignate(AccessScope scope, string regionCode) =>
        scope.MayChange(regionCode) && (scope.Role is null ? scope.IsAdministrator
            : scope.Role is Role.SystemAdministrator || scope.Role.Value.OfficerLevel() is { } level && level <= RegionLevel.County);

    public static async Task<RegionDesignation> RecordAsync(JingzhunDbContext db, DesignationForm form, DateTime now, CancellationToken ct = default)
    {
        if (form.Kind == DesignationKind.PoorVillage)
            throw new WorkflowBlockedException("贫困村须经识别程序认定（村申请、乡镇审核公示、县级审定公告）", "a poor village is designated only through the identification workflow");
        return await AddAsync(db, form, null, null, now, ct);
    }

    /// <summary>Checks and adds a designation; the identification case and imports come in here too.</summary>
    internal static async Task<RegionDesignation> AddAsync(JingzhunDbContext db, DesignationForm form, long? caseId, long? decisionId, DateTime now,
        CancellationToken ct)
    {
        var designation = await StageAsync(db, form, caseId, decisionId, now, ct);
        await db.SaveChangesAsync(ct);
        return designation;
    }

    /// <summary>Checks and adds without saving: the identification case's final step saves it with the case.</summary>
    internal static async Task<RegionDesignation> StageAsync(JingzhunDbContext db, DesignationForm form, long? caseId, long? decisionId, DateTime now,
        CancellationToken ct)
    {
        if (!MayDesignate(db.Scope, form.RegionCode))
            throw new WorkflowRefusedException($"{db.Scope.Actor}不能认定{form.RegionCode}", $"{db.Scope.Actor} may not designate {form.RegionCode}", form.RegionCode);
        var region = await db.Regions.FirstOrDefaultAsync(r => r.Code == form.RegionCode && r.ValidTo == null, ct)
                     ?? throw new WorkflowBlockedException("区划不存在", "no such region");
        if (!Enum.IsDefined(form.Kind))
            throw new WorkflowBlockedException("认定类别不存在", "no such kind of designation");
        if (!DesignationRules.FitsLevel(form.Kind, region.Level))
            throw new WorkflowBlockedException($"{region.Name}是{region.Level.Chinese()}，不能认定为{form.Kind.Chinese()}",
                $"{region.Name} is a {region.Level.English()} and cannot be a {form.Kind.English()}");
        var earliest = DesignationRules.EarliestYear(form.Kind) ?? FirstYear;
        if (form.FromYear < earliest || form.FromYear > now.Year + 1 || form.ToYear is { } to && (to < form.FromYear || to > now.Year + 1))
            throw new WorkflowBlockedException($"年份不对：{form.Kind.Chinese()}自{earliest}年起，止年不早于起年", $"the years are wrong: a {form.Kind.English()} from {earliest}, ending no earlier than it starts");
        if (string.IsNullOrWhiteSpace(form.Source))
            throw new WorkflowBlockedException("须写明认定依据", "a designation needs its source");
        var others = await db.Designations.Where(d => d.RegionCode == form.RegionCode && d.Kind == form.Kind).ToListAsync(ct);
        if (others.Any(o => o.FromYear <= (form.ToYear ?? int.MaxValue) && form.FromYear <= (o.ToYear ?? int.MaxValue)))
            throw new WorkflowBlockedException($"{region.Name}在这些年份已是{form.Kind.Chinese()}", $"{region.Name} is already a {form.Kind.English()} in those years");
        var designation = new RegionDesignation
        {
            RegionCode = form.RegionCode, Kind = form.Kind, FromYear = form.FromYear, ToYear = form.ToYear, Source = Clip(form.Source),
            CaseId = caseId, DecisionId = decisionId, RecordedBy = db.Scope.Actor, RecordedAt = now,
        };
        db.Designations.Add(designation);
        Follow(region, [.. others, designation]);
        return designation;
    }

    /// <summary>Ends a designation: it held through <paramref name="lastYear"/>. A reason is needed; nothing is deleted.</summary>
    public static async Task<RegionDesignation> EndAsync(JingzhunDbContext db, long id, int lastYear, string reason, DateTime now, CancellationToken ct = default)
    {
        var designation = await db.Designations.FirstOrDefaultAsync(d => d.Id == id, ct)
                          ?? throw new WorkflowBlockedException("认定记录不存在或不在您的辖区", "no such designation in your region");
        if (!MayDesignate(db.Scope, designation.RegionCode))
            throw new WorkflowRefusedException($"{db.Scope.Actor}不能结束{designation.RegionCode}的认定", $"{db.Scope.Actor} may not end a designation of {designation.RegionCode}", designation.RegionCode);
        if (string.IsNullOrWhiteSpace(reason)) throw new WorkflowBlockedException("结束认定须写明理由", "ending a designation needs a reason");
        End(designation, lastYear, reason, db.Scope.Actor, now);
        var region = await db.Regions.FirstAsync(r => r.Code == designation.RegionCode && r.ValidTo == null, ct);
        Follow(region, await db.Designations.Where(d => d.RegionCode == designation.RegionCode).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
        return designation;
    }

    /// <summary>Ends in memory (the caller saves): used by <see cref="EndAsync"/> and by a village's exit.</summary>
    internal static void End(RegionDesignation designation, int lastYear, string reason, string actor, DateTime now)
    {
        if (designation.EndedAt is not null || designation.ToYear is not null)
            throw new WorkflowBlockedException("该认定已结束", "the designation has ended");
        if (lastYear < designation.FromYear)
            throw new WorkflowBlockedException($"止年不能早于起年{designation.FromYear}", $"it cannot end before it began in {designation.FromYear}");
        designation.ToYear = lastYear;
        designation.EndedBy = actor;
        designation.EndedAt = now;
        designation.EndedReason = Clip(reason);
    }

    /// <summary>
    /// The region's flags as the present state of its designations: a flag says it was designated (the flags keep what a
    /// place was after it exits, with <see cref="Region.ExitedYear"/>), the first year listed is <see cref="Region.PoorSinceYear"/>.
    /// </summary>
    internal static void Follow(Region region, IReadOnlyCollection<RegionDesignation> designations)
    {
        var poor = designations.Where(d => d.Kind == DesignationKind.PoorVillage || DesignationRules.IsPoorCounty(d.Kind)).ToList();
        if (region.Level == RegionLevel.Village) region.IsPoorVillage = designations.Any(d => d.Kind == DesignationKind.PoorVillage);
        if (region.Level == RegionLevel.County) region.IsPoorCounty = designations.Any(d => DesignationRules.IsPoorCounty(d.Kind));
        region.IsDeepPoverty = designations.Any(d => DesignationRules.IsDeepPoverty(d.Kind));
        region.PoorSinceYear = poor.Count > 0 ? poor.Min(d => d.FromYear) : null;
    }

    /// <summary>A region's designations, oldest first.</summary>
    public static async Task<List<RegionDesignation>> OfRegionAsync(JingzhunDbContext db, string regionCode, CancellationToken ct = default) =>
        await db.Designations.AsNoTracking().Where(d => d.RegionCode == regionCode)
            .OrderBy(d => d.FromYear).ThenBy(d => d.Kind).ThenBy(d => d.Id).ToListAsync(ct);

    /// <summary>The kinds each region under <paramref name="prefix"/> held in <paramref name="year"/>.</summary>
    public static async Task<Dictionary<string, HashSet<DesignationKind>>> HeldInAsync(JingzhunDbContext db, string prefix, int year, CancellationToken ct = default)
    {
        var rows = await db.Designations.AsNoTracking()
            .Where(d => d.RegionCode.StartsWith(prefix) && d.FromYear <= year && (d.ToYear == null || d.ToYear >= year))
            .Select(d => new { d.RegionCode, d.Kind }).ToListAsync(ct);
        return rows.GroupBy(r => r.RegionCode).ToDictionary(g => g.Key, g => g.Select(r => r.Kind).ToHashSet());
    }

    /// <summary>
    /// The designations a region's flags stand for, as an import brings the historic lists in: a poor village from the
    /// year it was listed (2014 when not given) to its exit year, a poor county likewise (a national key county unless
    /// told otherwise), deep poverty from 2017, the year the deep-poverty areas were named.
    /// </summary>
    public static IEnumerable<RegionDesignation> FromFlags(Region region, string source, string actor, DateTime now)
    {
        var since = region.PoorSinceYear ?? 2014;
        RegionDesignation Make(DesignationKind kind, int from, int? to) => new()
        {
            RegionCode = region.Code, Kind = kind, FromYear = from, ToYear = to is { } t && t < from ? from : to, Source = source,
            RecordedBy = actor, RecordedAt = now,
        };
        if (region.Level == RegionLevel.Village && region.IsPoorVillage) yield return Make(DesignationKind.PoorVillage, since, region.ExitedYear);
        if (region.Level == RegionLevel.County && region.IsPoorCounty) yield return Make(DesignationKind.NationalKeyCounty, since, region.ExitedYear is { } e ? Math.Min(e, 2020) : 2020);
        if (region.IsDeepPoverty && region.Level is RegionLevel.Village or RegionLevel.County)
            yield return Make(region.Level == RegionLevel.Village ? DesignationKind.DeepPovertyVillage : DesignationKind.DeepPovertyCounty,
                Math.Max(2017, since), region.ExitedYear is { } x ? Math.Max(x, Math.Max(2017, since)) : 2020);
    }

    /// <summary>
    /// An import of the region table brings the historic lists in: each flag of a current row that no designation of its
    /// kind stands for yet becomes one, with the import as its source (the caller saves). A flag turned off by an import
    /// ends nothing: ending is a step of its own, with a reason.
    /// </summary>
    internal static async Task ImportFlagsAsync(JingzhunDbContext db, IReadOnlyList<Region> regions, string source, CancellationToken ct)
    {
        var flagged = regions.Where(r => r.IsPoorVillage || r.IsPoorCounty || r.IsDeepPoverty).ToList();
        var existing = new HashSet<(string, DesignationKind)>();
        foreach (var chunk in flagged.Select(r => r.Code).Distinct().Chunk(500))
            foreach (var d in await db.Designations.AsNoTracking().Where(d => chunk.Contains(d.RegionCode)).Select(d => new { d.RegionCode, d.Kind }).ToListAsync(ct))
                existing.Add((d.RegionCode, d.Kind));
        foreach (var region in flagged)
            foreach (var designation in FromFlags(region, source, db.Scope.Actor, default))
                if (existing.Add((designation.RegionCode, designation.Kind)))
                    db.Designations.Add(designation);
    }

    private static string Clip(string text) => text.Trim().Length > SourceLength ? text.Trim()[..SourceLength] : text.Trim();
}
