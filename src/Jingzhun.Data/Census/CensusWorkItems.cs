using Jingzhun.Data.Database;
using Jingzhun.Domain.Census;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Census;

/// <summary>
/// The census's part of the home page's work list: records of open rounds waiting for the step the reader's role takes
/// (the village's survey and entry or correction, each level's acceptance). Through the scoped context.
/// </summary>
public static class CensusWorkItems
{
    public static async Task<IReadOnlyList<WorkItem>> RecordsAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        if (!db.Scope.CanWrite || db.Scope.WritesAssignedOnly || db.Scope.Role is not { } role) return [];
        var items = new List<WorkItem>();
        var steps = new List<(CensusState[] States, string Id, Bilingual Title)>();
        if (CensusRoles.Survey.Contains(role)) steps.Add(([CensusState.Pending], "census-survey", new("普查待清查摸底", "Census households to survey")));
        if (CensusRoles.Enter.Contains(role))
            steps.Add(([CensusState.Surveyed, CensusState.SentBack], "census-enter", new("普查待录入或更正", "Census records to enter or correct")));
        if (CensusRoles.LevelOf(role) is { } level)
            steps.Add(([CensusRoles.WaitsFor(level)], "census-review", new($"普查待{level.Chinese()}", $"Census records waiting for {level.English().ToLowerInvariant()}")));
        foreach (var (states, id, title) in steps)
        {
            var rounds = await db.CensusRecords.AsNoTracking().Where(r => states.Contains(r.State))
                .GroupBy(r => r.RoundId).Select(g => new { RoundId = g.Key, N = g.Count() }).OrderByDescending(g => g.RoundId).ToListAsync(ct);
            if (rounds.Count == 0) continue;
            var shown = rounds.Take(3).Select(r => r.RoundId).ToList();
            var names = await db.CensusRounds.AsNoTracking().Where(r => shown.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
            string Link(long round) => $"/census/rounds/{round}?state={states[0]}";
            items.Add(new WorkItem(id, WorkSection.Cases, title, rounds.Sum(r => r.N), Link(rounds[0].RoundId),
                rounds.Take(3).Select(r => new WorkLine(Link(r.RoundId), names.GetValueOrDefault(r.RoundId, ""), "", Note: new($"{r.N}户", $"{r.N} households"))).ToList()));
        }
        return items;
    }
}
