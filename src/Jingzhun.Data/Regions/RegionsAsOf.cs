using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Regions;

/// <summary>
/// The region tree as it stood on a date. Live data uses the current tree (rows without an end date); a past year's
/// figures use the tree of its 31 December, so a year frozen before a merge still shows both villages by their names.
/// </summary>
public static class RegionsAsOf
{
    /// <summary>The date a year's tree is read on: its 31 December.</summary>
    public static DateOnly YearEnd(int year) => new(year, 12, 31);

    /// <summary>The rows valid on the date (<see cref="Region.IsValidOn"/>, as a query).</summary>
    public static IQueryable<Region> ValidOn(this IQueryable<Region> regions, DateOnly date) =>
        regions.Where(r => r.ValidFrom <= date && (r.ValidTo == null || r.ValidTo > date));

    /// <summary>
    /// Names of the codes: from the row valid on <paramref name="on"/> (the current row when null), else from the code's
    /// latest row, so that a code never shows as bare digits.
    /// </summary>
    public static async Task<Dictionary<string, string>> NamesAsync(JingzhunDbContext db, IEnumerable<string> codes, DateOnly? on, CancellationToken ct = default)
    {
        var list = codes.Distinct().ToList();
        var names = new Dictionary<string, string>();
        foreach (var chunk in list.Chunk(1_000))
        {
            var rows = await db.Regions.AsNoTracking().Where(r => chunk.Contains(r.Code))
                .Select(r => new { r.Code, r.Name, r.ValidFrom, r.ValidTo }).ToListAsync(ct);
            foreach (var g in rows.GroupBy(r => r.Code))
            {
                var valid = g.FirstOrDefault(r => on is { } d ? r.ValidFrom <= d && (r.ValidTo is null || r.ValidTo > d) : r.ValidTo is null);
                names[g.Key] = (valid ?? g.OrderByDescending(r => r.ValidFrom).First()).Name;
            }
        }
        return names;
    }
}
