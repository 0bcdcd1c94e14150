using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Workflows;

/// <summary>
/// The case engine's part of the home page's work list (待办事项): open cases at a stage the reader's role takes next,
/// notices ending in the next days and notices whose period has run, objections waiting for an answer. Every query goes
/// through the scoped context, so an account only ever sees its own region's work; counts are counted by the database
/// and only the first few rows of each item are read (the home page is opened all day long).
/// </summary>
public static class WorkList
{
    /// <summary>How many cases, notices or objections an item names before "and n more".</summary>
    public const int Shown = 3;

    /// <summary>A notice ending within this many days is listed as ending soon.</summary>
    public const int NoticeDays = 3;

    /// <summary>
    /// Open cases waiting at a stage whose next step the reader's role takes (<see cref="WorkflowRules.MayAdvance"/>), one item
    /// per kind and stage in workflow order. Notice stages are left to <see cref="NoticesAsync"/>: until the period has run
    /// there is nothing to do on them. Readers who change nothing (auditors, assessors) have no case work.
    /// </summary>
    public static async Task<IReadOnlyList<WorkItem>> CasesAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        if (db.Scope.Role is not { } role || !db.Scope.CanWrite) return [];
        var steps = WorkflowRules.Steps.Where(s => s.Roles.Contains(role) && !WorkflowRules.IsNotice(s.From)).ToList();
        if (steps.Count == 0) return [];
        var counts = (await db.Cases.AsNoTracking().Where(c => c.ClosedAt == null)
                .GroupBy(c => new { c.Kind, c.Stage }).Select(g => new { g.Key.Kind, g.Key.Stage, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(g => (g.Kind, g.Stage), g => g.Count);
        var items = new List<WorkItem>();
        foreach (var step in steps)
        {
            if (counts.GetValueOrDefault((step.Kind, step.From)) is not (> 0 and var count)) continue;
            var first = await FirstCasesAsync(db, db.Cases.Where(c => c.ClosedAt == null && c.Kind == step.Kind && c.Stage == step.From), ct);
            items.Add(new WorkItem($"case-{step.Kind}-{step.From}", WorkSection.Cases,
                new($"{step.Kind.Chinese()}：{step.From.Chinese()}（下一步：{step.To.Chinese()}）",
                    $"{step.Kind.English()}: {step.From.English()} (next: {step.To.English()})"),
                count, $"/cases?kind={step.Kind}&stage={step.From}", first));
        }
        return items;
    }

    /// <summary>
    /// Open notices of the reader's notice steps: those whose period has run (the case waits for the next step) and those
    /// ending within <see cref="NoticeDays"/> days, one item per kind and stage.
    /// </summary>
    public static async Task<IReadOnlyList<WorkItem>> NoticesAsync(JingzhunDbContext db, DateTime now, CancellationToken ct = default)
    {
        if (db.Scope.Role is not { } role || !db.Scope.CanWrite) return [];
        var steps = WorkflowRules.Steps.Where(s => s.Roles.Contains(role) && WorkflowRules.IsNotice(s.From)).ToList();
        if (steps.Count == 0) return [];
        var soon = now.AddDays(NoticeDays);
        var counts = (await db.Notices.AsNoTracking().Where(n => n.ClosedAt == null && n.EndsAt <= soon)
                .GroupBy(n => new { n.Case!.Kind, n.Stage, Run = n.EndsAt <= now })
                .Select(g => new { g.Key.Kind, g.Key.Stage, g.Key.Run, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(g => (g.Kind, g.Stage, g.Run), g => g.Count);
        var items = new List<WorkItem>();
        foreach (var step in steps)
        {
            var open = db.Notices.Where(n => n.ClosedAt == null && n.Stage == step.From && n.Case!.Kind == step.Kind);
            if (counts.GetValueOrDefault((step.Kind, step.From, true)) is > 0 and var run)
                items.Add(new WorkItem($"notice-run-{step.Kind}-{step.From}", WorkSection.Notices,
                    new($"{step.Kind.Chinese()}{step.From.Chinese()}期满，待办理下一步（{step.To.Chinese()}）",
                        $"{step.Kind.English()} {step.From.English()} has run: take the next step ({step.To.English()})"),
                    run, $"/cases?kind={step.Kind}&stage={step.From}",
                    await FirstNoticesAsync(db, open.Where(n => n.EndsAt <= now), toCase: true, ct)));
            if (counts.GetValueOrDefault((step.Kind, step.From, false)) is > 0 and var ending)
                items.Add(new WorkItem($"notice-ending-{step.Kind}-{step.From}", WorkSection.Notices,
                    new($"{step.Kind.Chinese()}{step.From.Chinese()}将在{NoticeDays}天内期满", $"{step.Kind.English()} {step.From.English()} ending within {NoticeDays} days"),
                    ending, "/notices", await FirstNoticesAsync(db, open.Where(n => n.EndsAt > now && n.EndsAt <= soon), toCase: false, ct)));
        }
        return items;
    }

    /// <summary>
    /// Open objections to notices the reader's role posted (the role that resolves one:
    /// <see cref="CaseWorkflow.ResolveObjectionAsync"/>), oldest first, each linked to its notice.
    /// </summary>
    public static async Task<IReadOnlyList<WorkItem>> ObjectionsAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        if (db.Scope.Role is not { } role || !db.Scope.CanWrite) return [];
        var open = await OpenObjectionsAsync(db, ct);
        var mine = open.Where(o => WorkflowRules.MayAdvance(role, o.Kind, o.Stage)).ToList();
        if (mine.Count == 0) return [];
        return [new WorkItem("objections", WorkSection.Answers, new("公示异议待处理", "Objections to notices to answer"), mine.Count,
            $"/notices/{mine[0].NoticeId}", await ObjectionLinesAsync(db, mine, ct))];
    }

    /// <summary>For readers who check rather than act (auditors): notices that drew an objection not yet answered, in their region.</summary>
    public static async Task<IReadOnlyList<WorkItem>> ObjectionsToReviewAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        var open = await OpenObjectionsAsync(db, ct);
        if (open.Count == 0) return [];
        return [new WorkItem("review-objections", WorkSection.Review, new("有未处理异议的公示（查阅）", "Notices with an objection not yet answered (to review)"),
            open.Count, $"/notices/{open[0].NoticeId}", await ObjectionLinesAsync(db, open, ct))];
    }

    /// <summary>The head of each household (name), by household id; households the reader may not see have none.</summary>
    public static async Task<Dictionary<long, string>> HeadsAsync(JingzhunDbContext db, IEnumerable<long> householdIds, CancellationToken ct = default)
    {
        var ids = householdIds.Distinct().ToList();
        if (ids.Count == 0) return [];
        var heads = await db.Members.AsNoTracking().Where(m => ids.Contains(m.HouseholdId) && m.Relation == Relation.Head)
            .Select(m => new { m.HouseholdId, m.Name }).ToListAsync(ct);
        return heads.GroupBy(h => h.HouseholdId).ToDictionary(g => g.Key, g => g.First().Name);
    }

    /// <summary>What a line names for a household: its head, or its number when the head is not recorded.</summary>
    public static string HouseholdName(IReadOnlyDictionary<long, string> heads, long? householdId, string? number) =>
        householdId is { } id && heads.TryGetValue(id, out var head) ? head : number ?? "";

    private sealed record OpenObjection(long Id, long NoticeId, long CaseId, CaseKind Kind, Stage Stage, string RegionCode, long? HouseholdId,
        string? Number, DateTime SubmittedAt);

    /// <summary>Open objections in scope with their case's kind and stage, oldest first (there are few at any time).</summary>
    private static async Task<List<OpenObjection>> OpenObjectionsAsync(JingzhunDbContext db, CancellationToken ct) =>
        await (from o in db.Objections.AsNoTracking()
               where o.Status == ObjectionStatus.Open
               join c in db.Cases on o.CaseId equals c.Id
               join n in db.Notices on o.NoticeId equals n.Id
               orderby o.SubmittedAt, o.Id
               // The stage is the notice's: the level that posted it answers its objections, even after one sent the case back.
               select new OpenObjection(o.Id, o.NoticeId, o.CaseId, c.Kind, n.Stage, c.RegionCode, c.HouseholdId,
                   c.Household == null ? null : c.Household.Number, o.SubmittedAt))
            .Take(500).ToListAsync(ct);

    private static async Task<IReadOnlyList<WorkLine>> ObjectionLinesAsync(JingzhunDbContext db, IReadOnlyList<OpenObjection> objections, CancellationToken ct)
    {
        var first = objections.Take(Shown).ToList();
        var heads = await HeadsAsync(db, first.Select(o => o.HouseholdId).OfType<long>(), ct);
        var places = await RegistrySearch.VillageNamesAsync(db, first.Select(o => o.RegionCode), ct);
        return first.Select(o => new WorkLine($"/notices/{o.NoticeId}", NameOf(heads, places, o.HouseholdId, o.Number, o.RegionCode),
            PlaceOf(places, o.HouseholdId, o.RegionCode), o.SubmittedAt, new($"{o.Kind.Chinese()}，异议提出于", $"{o.Kind.English()}, objection of"))).ToList();
    }

    /// <summary>The first cases of a query (oldest first), named by household head and village, or by the area of an area case.</summary>
    private static async Task<IReadOnlyList<WorkLine>> FirstCasesAsync(JingzhunDbContext db, IQueryable<WorkflowCase> cases, CancellationToken ct)
    {
        var rows = await cases.AsNoTracking().OrderBy(c => c.OpenedAt).ThenBy(c => c.Id).Take(Shown)
            .Select(c => new { c.Id, c.RegionCode, c.HouseholdId, Number = c.Household == null ? null : c.Household.Number, c.OpenedAt })
            .ToListAsync(ct);
        var heads = await HeadsAsync(db, rows.Select(r => r.HouseholdId).OfType<long>(), ct);
        var places = await RegistrySearch.VillageNamesAsync(db, rows.Select(r => r.RegionCode), ct);
        return rows.Select(r => new WorkLine($"/cases/{r.Id}", NameOf(heads, places, r.HouseholdId, r.Number, r.RegionCode),
            PlaceOf(places, r.HouseholdId, r.RegionCode), r.OpenedAt, new("立案于", "opened"))).ToList();
    }

    private static async Task<IReadOnlyList<WorkLine>> FirstNoticesAsync(JingzhunDbContext db, IQueryable<Notice> notices, bool toCase, CancellationToken ct)
    {
        var rows = await notices.AsNoTracking().OrderBy(n => n.EndsAt).ThenBy(n => n.Id).Take(Shown)
            .Select(n => new { n.Id, n.CaseId, n.RegionCode, n.Case!.HouseholdId, Number = n.Case.Household == null ? null : n.Case.Household.Number, n.EndsAt })
            .ToListAsync(ct);
        var heads = await HeadsAsync(db, rows.Select(r => r.HouseholdId).OfType<long>(), ct);
        var places = await RegistrySearch.VillageNamesAsync(db, rows.Select(r => r.RegionCode), ct);
        return rows.Select(r => new WorkLine(toCase ? $"/cases/{r.CaseId}" : $"/notices/{r.Id}", NameOf(heads, places, r.HouseholdId, r.Number, r.RegionCode),
            PlaceOf(places, r.HouseholdId, r.RegionCode), r.EndsAt, new("公示期至", "notice ends"))).ToList();
    }

    /// <summary>A household case is named by its head; an area case by its area.</summary>
    private static string NameOf(IReadOnlyDictionary<long, string> heads, IReadOnlyDictionary<string, string> places, long? householdId, string? number,
        string regionCode) =>
        householdId is null ? places.GetValueOrDefault(regionCode, regionCode) : HouseholdName(heads, householdId, number);

    private static string PlaceOf(IReadOnlyDictionary<string, string> places, long? householdId, string regionCode) =>
        householdId is null ? "" : places.GetValueOrDefault(regionCode, "");
}
