using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>
/// Funds' part of the home page's work list: projects waiting at a stage whose next step the reader's role takes
/// (<see cref="ProjectRules"/>), and objections to fund disclosures not yet resolved. Through the scoped context.
/// </summary>
public static class FundWorkItems
{
    /// <summary>How many projects or disclosures an item names (as the case engine's items do).</summary>
    private const int Shown = 3;

    public static async Task<IReadOnlyList<WorkItem>> ProjectsAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        if (db.Scope.Role is not { } role || !db.Scope.CanWrite) return [];
        var steps = ProjectRules.Steps.Where(s => s.Roles.Contains(role)).ToList();
        if (steps.Count == 0) return [];
        var counts = (await db.Projects.AsNoTracking().GroupBy(p => p.Stage).Select(g => new { Stage = g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(g => g.Stage, g => g.Count);
        var items = new List<WorkItem>();
        foreach (var step in steps)
        {
            if (counts.GetValueOrDefault(step.From) is not (> 0 and var count)) continue;
            var first = await db.Projects.AsNoTracking().Where(p => p.Stage == step.From).OrderBy(p => p.Id).Take(Shown)
                .Select(p => new { p.Id, p.Number, p.Name, p.RegionCode }).ToListAsync(ct);
            var places = await RegistrySearch.VillageNamesAsync(db, first.Select(p => p.RegionCode), ct);
            items.Add(new WorkItem($"project-{step.From}", WorkSection.Cases,
                new($"扶贫项目：{step.From.Chinese()}（下一步：{step.To.Chinese()}）", $"Projects: {step.From.English()} (next: {step.To.English()})"), count,
                $"/funds/projects/{OwnRegion(db)}",
                first.Select(p => new WorkLine($"/funds/projects/detail/{p.Id}", p.Name, places.GetValueOrDefault(p.RegionCode, ""))).ToList()));
        }
        return items;
    }

    public static async Task<IReadOnlyList<WorkItem>> DisclosureObjectionsAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        if (!FundRoles.May(db.Scope.Role, FundRoles.HandleObjections) || !db.Scope.CanWrite) return [];
        var open = db.DisclosureObjections.AsNoTracking().Where(o => o.Status == ObjectionStatus.Open);
        var count = await open.CountAsync(ct);
        if (count == 0) return [];
        var first = await open.OrderBy(o => o.SubmittedAt).ThenBy(o => o.Id).Take(Shown)
            .Select(o => new { o.DisclosureId, o.RegionCode, o.SubmittedAt, Title = o.Disclosure!.Title }).ToListAsync(ct);
        var places = await RegistrySearch.VillageNamesAsync(db, first.Select(o => o.RegionCode), ct);
        return [new WorkItem("disclosure-objections", WorkSection.Answers, new("资金公告公示异议待处理", "Objections to fund disclosures to answer"), count,
            $"/funds/disclosures/{OwnRegion(db)}",
            first.Select(o => new WorkLine($"/funds/disclosures/detail/{o.DisclosureId}", o.Title, places.GetValueOrDefault(o.RegionCode, ""), o.SubmittedAt,
                new("异议提出于", "objection of"))).ToList())];
    }

    private static string OwnRegion(JingzhunDbContext db) => db.Scope.RegionPrefix.PadRight(12, '0');
}
