using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Collaboration;

/// <summary>
/// Collaboration's part of the home page's work list: inputs waiting for the step the reader's role takes (the work team's
/// check, the county's confirmation, <see cref="CollaborationRoles"/>). Through the scoped context.
/// </summary>
public static class CollaborationWorkItems
{
    private const int Shown = 3;

    public static async Task<IReadOnlyList<WorkItem>> InputsAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        if (db.Scope.Role == Domain.Access.Role.Partner) return await PartnerAsync(db, ct);
        var waiting = new[] { InputState.Entered, InputState.Checked }
            .Where(s => CollaborationRoles.May(db.Scope.Role, CollaborationRoles.Next(s)) && db.Scope.CanWrite).ToList();
        var items = new List<WorkItem>();
        foreach (var state in waiting)
        {
            var query = db.CollaborationInputs.AsNoTracking().Where(i => i.State == state);
            var count = await query.CountAsync(ct);
            if (count == 0) continue;
            var first = await query.OrderBy(i => i.On).ThenBy(i => i.Id).Take(Shown)
                .Select(i => new { i.Id, i.Kind, i.RegionCode, Partner = i.Pairing!.Partner!.Name }).ToListAsync(ct);
            var places = await RegistrySearch.VillageNamesAsync(db, first.Select(i => i.RegionCode), ct);
            var (zh, en) = state == InputState.Entered ? ("帮扶投入待核实", "Assistance inputs to check") : ("帮扶投入待确认", "Assistance inputs to confirm");
            items.Add(new WorkItem($"collaboration-{state}", WorkSection.Cases, new(zh, en), count, $"/collaboration/inputs?state={state}",
                first.Select(i => new WorkLine($"/collaboration/inputs?state={state}", $"{i.Partner} {i.Kind.Chinese()}", places.GetValueOrDefault(i.RegionCode, ""))).ToList()));
        }
        return items;
    }

    /// <summary>
    /// A partner account's work: its inputs sent back with a reason (to enter again, corrected), and those still waiting
    /// for the work team or the county (to follow up). Its own rows only, through the scope filter.
    /// </summary>
    private static async Task<IReadOnlyList<WorkItem>> PartnerAsync(JingzhunDbContext db, CancellationToken ct)
    {
        var items = new List<WorkItem>();
        foreach (var (states, id, title) in new (InputState[] States, string Id, Bilingual Title)[]
                 {
                     ([InputState.RejectedOnCheck, InputState.RejectedOnConfirm], "collaboration-rejected", new("帮扶投入被退回", "Inputs sent back")),
                     ([InputState.Entered, InputState.Checked], "collaboration-waiting", new("帮扶投入待核实确认", "Inputs waiting to be checked and confirmed")),
                 })
        {
            var query = db.CollaborationInputs.AsNoTracking().Where(i => states.Contains(i.State));
            var count = await query.CountAsync(ct);
            if (count == 0) continue;
            var first = await query.OrderByDescending(i => i.On).ThenBy(i => i.Id).Take(Shown).Select(i => new { i.Kind, i.On, i.RejectedReason }).ToListAsync(ct);
            items.Add(new WorkItem(id, WorkSection.Cases, title, count, $"/collaboration/inputs?state={states[0]}",
                first.Select(i => new WorkLine($"/collaboration/inputs?state={states[0]}", $"{i.Kind.Chinese()} {i.On:yyyy-MM-dd}", i.RejectedReason)).ToList()));
        }
        return items;
    }
}
