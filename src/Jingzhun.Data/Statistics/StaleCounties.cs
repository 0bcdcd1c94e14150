using Jingzhun.Data.Database;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;

namespace Jingzhun.Data.Statistics;

/// <summary>
/// The counties whose live statistics wait for a recount, kept in the database so that every process that changes
/// the registry (the web host, <c>jingzhun households import</c>, a region change) marks them, and the web host's
/// live statistics find them however the change was made.
/// </summary>
public static class StaleCounties
{
    /// <summary>
    /// The time marks are written and compared at: the machine's wall clock, whichever process marks (the web host,
    /// the command line, an import), so that "quiet since" compares times of every process alike. It is deliberately
    /// not the host's business clock, which tests hold still or move days ahead to let a notice run its course.
    /// </summary>
    public static DateTime Now() => TimeProvider.System.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Marks the counties stale inside the caller's transaction, for the live statistics and the figures kept per area
    /// (assistance, income trend, funds), and <paramref name="keptOnly"/> for the kept figures alone; a mark already there takes the later time.
    /// </summary>
    public static async Task MarkAsync(JingzhunDbContext db, IEnumerable<string> counties, IEnumerable<string> keptOnly, DateTime now,
        CancellationToken ct)
    {
        var arguments = new List<object>();
        var sql = MarksSql(counties, keptOnly, now, value =>
        {
            arguments.Add(value);
            return $"{{{arguments.Count - 1}}}";
        });
        if (sql.Length > 0) await db.Database.ExecuteSqlRawAsync(sql, arguments, ct);
    }

    /// <summary>
    /// The statement that marks the counties (<see cref="MarkAsync"/>), or "" when there is none; <paramref name="parameter"/> takes
    /// each value and returns how the statement names it. A save on PostgreSQL sends it in the command that takes the audit
    /// chain's lock (AuditChain.SealAsync).
    /// </summary>
    internal static string MarksSql(IEnumerable<string> counties, IEnumerable<string> keptOnly, DateTime now, Func<object, string> parameter)
    {
        // One upsert per kind of figures, both in one statement: a save marks while it holds the audit chain's lock, so
        // every round trip here is a round trip every other save waits for. An upsert both engines know, so two writers
        // marking one county never collide, and the counties in one order, so two writers marking the same counties lock
        // their rows in the same order. The kept figures have marks of their own, cleared by their own recount.
        var live = counties.Where(c => c.Length == 6).Distinct().Order(StringComparer.Ordinal).ToList();
        // A kept-only mark may name an area above a county by its prefix ("" for the nation): see StoredAssistance.Marks.
        var kept = live.Union(keptOnly.Where(c => c.Length is 0 or 2 or 4 or 6)).Order(StringComparer.Ordinal).ToList();
        if (kept.Count == 0) return "";
        var at = parameter(now);
        return Upsert("StaleCounties", live, at, parameter) + Upsert("StaleKeptCounties", kept, at, parameter);
    }

    /// <summary>One multi-row upsert of <paramref name="counties"/>' marks at the time named <paramref name="at"/>.</summary>
    private static string Upsert(string table, IReadOnlyCollection<string> counties, string at, Func<object, string> parameter)
    {
        if (counties.Count == 0) return "";
        var rows = new List<string>();
        foreach (var county in counties) rows.Add($"({parameter(county)}, {at})");
        return $"""INSERT INTO "{table}" ("CountyCode", "MarkedAt") VALUES {string.Join(", ", rows)} ON CONFLICT ("CountyCode") DO UPDATE SET "MarkedAt" = excluded."MarkedAt"; """;
    }

    /// <summary>
    /// The counties waiting for a recount whose last change is at or before <paramref name="quietSince"/> (a burst of changes, such as an
    /// import's chunks, is recounted once it has ended); every county marked when it is null (one edited without pause, whose mark is
    /// always a moment old). <paramref name="kept"/>: the marks of the figures kept per area (assistance, income trend, funds), which
    /// may also name an area above a county; else those of the live statistics.
    /// </summary>
    public static Task<List<string>> ListAsync(JingzhunDbContext db, DateTime? quietSince, CancellationToken ct, bool kept = false) =>
        Marks(db, kept).Where(s => quietSince == null || s.MarkedAt <= quietSince).Select(s => s.CountyCode).OrderBy(c => c).ToListAsync(ct);

    /// <summary>A county's mark (or, among the kept figures' marks, an area's above a county) as a recount read it.</summary>
    public sealed record Seen
    {
        public required string CountyCode { get; init; }
        public required DateTime MarkedAt { get; init; }
    }

    private static IQueryable<Seen> Marks(JingzhunDbContext db, bool kept) => kept
        ? db.StaleKeptCounties.Select(s => new Seen { CountyCode = s.CountyCode, MarkedAt = s.MarkedAt })
        : db.StaleCounties.Select(s => new Seen { CountyCode = s.CountyCode, MarkedAt = s.MarkedAt });

    /// <summary>
    /// The marks of some counties (every one when null) as they stand, read by a recount before it counts: a change
    /// committed before this read is in what the recount counts next; one committed after it (a new mark, or a mark moved
    /// on, even by a process whose clock is behind) is not, and <see cref="ClearAsync"/> leaves its mark in place.
    /// <paramref name="kept"/>: the marks of the figures kept per area; else those of the live statistics.
    /// </summary>
    public static Task<List<Seen>> SeenAsync(JingzhunDbContext db, IReadOnlyCollection<string>? counties, bool kept, CancellationToken ct) =>
        (counties is null ? Marks(db, kept) : Marks(db, kept).Where(s => counties.Contains(s.CountyCode))).ToListAsync(ct);

    /// <summary>Clears the marks a recount read before counting, each only if it is still as read.</summary>
    public static async Task ClearAsync(JingzhunDbContext db, IEnumerable<Seen> seen, bool kept, CancellationToken ct)
    {
        foreach (var mark in seen)
            if (kept) await db.StaleKeptCounties.Where(s => s.CountyCode == mark.CountyCode && s.MarkedAt == mark.MarkedAt).ExecuteDeleteAsync(ct);
            else await db.StaleCounties.Where(s => s.CountyCode == mark.CountyCode && s.MarkedAt == mark.MarkedAt).ExecuteDeleteAsync(ct);
    }
}
