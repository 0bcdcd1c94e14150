using Jingzhun.Data.Database;
using Jingzhun.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Registry;

namespace Jingzhun.Data.Audit;

/// <summary>Filters of the audit log; every one optional. Dates are the reader's calendar days (server local time).</summary>
public sealed class AuditCriteria
{
    /// <summary>The actor's user name (exact).</summary>
    public string? Actor { get; set; }
    /// <summary>A household number, or a household id.</summary>
    public string? Household { get; set; }
    public AuditAction? Action { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public int Page { get; set; } = 1;
    public int PageSize { get; set; } = AuditSearch.DefaultPageSize;
}

/// <summary>
/// Reads the audit log, newest first. The context's scope filter limits it to the reader's region
/// (and gives assessors nothing), so this code never decides who sees what.
/// </summary>
public static class AuditSearch
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>The most recent entries of one household's history, newest first: the one read behind the household page and the API.</summary>
    public static Task<List<AuditEntry>> HouseholdHistoryAsync(JingzhunDbContext db, long householdId, int limit, CancellationToken ct = default) =>
        db.AuditEntries.AsNoTracking().Where(a => a.HouseholdId == householdId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(limit).ToListAsync(ct);

    public static async Task<SearchPage<AuditEntry>> SearchAsync(JingzhunDbContext db, AuditCriteria c, CancellationToken ct = default)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(c.Actor))
        {
            var actor = c.Actor.Trim();
            query = query.Where(a => a.Actor == actor);
        }
        if (!string.IsNullOrWhiteSpace(c.Household))
        {
            var id = await HouseholdIdAsync(db, c.Household.Trim(), ct);
            query = query.Where(a => a.HouseholdId == id);
        }
        if (c.Action is { } action) query = query.Where(a => a.Action == action);
        if (c.From is { } from)
        {
            var start = Utc(from);
            query = query.Where(a => a.At >= start);
        }
        if (c.To is { } to)
        {
            var end = Utc(to.AddDays(1));
            query = query.Where(a => a.At < end);
        }
        var size = Math.Clamp(c.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, c.Page);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new SearchPage<AuditEntry>(items, total, page, size);
    }

    /// <summary>The household with this number (in the reader's scope), or else the id typed; -1 when neither.</summary>
    private static async Task<long> HouseholdIdAsync(JingzhunDbContext db, string text, CancellationToken ct)
    {
        var byNumber = await db.Households.Where(h => h.Number == text).Select(h => (long?)h.Id).FirstOrDefaultAsync(ct);
        if (byNumber is { } found) return found;
        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : -1;
    }

    private static DateTime Utc(DateOnly day) =>
        DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Local).ToUniversalTime();
}
