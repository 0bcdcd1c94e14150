using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Workflows;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Workflows;

namespace Jingzhun.Data.Notices;

/// <summary>
/// The one public read path. A notice (公示) is posted for everyone, but an anonymous visitor has no
/// region scope, so the scoped context shows nothing. This class opens a context of its own with
/// the system scope (actor "public") and hands out ONLY the masked <see cref="NoticeDocument"/>
/// projection, never an entity: of notices now open, and — so that an objector can read the outcome —
/// of notices that closed or ended no more than <see cref="AfterEnd"/> ago. Objections from the
/// public are recorded through the same context, as <see cref="CaseWorkflow.ObjectAsync"/> with
/// SubmittedBy "public", so scope checks and the audit log name the public as the actor.
/// </summary>
public sealed class PublicNotices(DatabaseTarget target)
{
    public const string Actor = "public";

    /// <summary>How long a notice stays readable on the public page after it closed or ended.</summary>
    public static readonly TimeSpan AfterEnd = TimeSpan.FromDays(30);

    /// <summary>Open notices only, optionally below a region code.</summary>
    public async Task<NoticePage> ListOpenAsync(string? region, int page, DateTime now, CancellationToken ct = default)
    {
        await using var db = Open();
        return await NoticeView.ListAsync(db, new NoticeFilter(region, Open: true, Page: page, PageSize: 20), now, ct);
    }

    /// <summary>A notice open now or lately ended, as the public may see it; null otherwise.</summary>
    public async Task<NoticeDocument?> FindAsync(long noticeId, DateTime now, CancellationToken ct = default)
    {
        await using var db = Open();
        var document = await NoticeView.LoadAsync(db, noticeId, ct);
        if (document is null) return null;
        var ended = document.ClosedAt ?? document.EndsAt;
        if (!document.IsOpen(now) && now - ended > AfterEnd) return null;
        // Objectors' words and contacts are for the staff who check them, not for the public page.
        return document with { Objections = document.Objections.Select(o => o with { Text = "", Contact = "", SubmittedBy = "" }).ToList() };
    }

    /// <summary>An objection from the public page; refused (<see cref="WorkflowBlockedException"/>) once the notice has ended.</summary>
    public async Task<Objection> ObjectAsync(long noticeId, string text, string contact, DateTime now, CancellationToken ct = default)
    {
        await using var db = Open();
        return await CaseWorkflow.ObjectAsync(db, noticeId, text, contact, Actor, now, ct);
    }

    /// <summary>
    /// Where the public finds a notice by names instead of codes: the path from the nation to <paramref name="region"/>
    /// and the areas one step below it that have open notices, with their counts. The steps a villager knows are
    /// province → county → township → village, so a province lists its counties (named with their city).
    /// A name fragment <paramref name="name"/> instead lists every area below whose name contains it.
    /// </summary>
    public async Task<NoticeAreas> AreasAsync(string? region, string? name, DateTime now, CancellationToken ct = default)
    {
        await using var db = Open();
        var here = RegionCode.TryParse(region, out var parsed, out _) ? parsed : RegionCode.Nation;
        var prefix = here.Level == RegionLevel.Nation ? "" : here.Prefix;
        var open = await db.Notices.AsNoTracking()
            .Where(n => n.ClosedAt == null && n.EndsAt >= now && n.RegionCode.StartsWith(prefix))
            .GroupBy(n => n.RegionCode).Select(g => new { Code = g.Key, Count = g.Count() }).ToListAsync(ct);
        var path = await PathAsync(db, here, ct);
        if (!string.IsNullOrWhiteSpace(name))
            return new NoticeAreas(here.Value, path, await NamedAsync(db, prefix, name.Trim(), open.ToDictionary(o => o.Code, o => o.Count), ct));
        if (NextLevel(here.Level) is not { } next) return new NoticeAreas(here.Value, path, []);
        var length = RegionCode.PrefixLength(next);
        var counts = open.Select(o => (Code: o.Code[..length].PadRight(12, '0'), o.Count))
            .Where(o => o.Code != here.Value)
            .GroupBy(o => o.Code).ToDictionary(g => g.Key, g => g.Sum(o => o.Count));
        var codes = counts.Keys.ToList();
        // A county is shown with its city: two counties of one province may share a name.
        var cities = next == RegionLevel.County ? codes.Select(c => c[..4].PadRight(12, '0')).Distinct().ToList() : [];
        var names = await NamesAsync(db, codes.Concat(cities).ToList(), ct);
        var areas = codes.OrderBy(c => c, StringComparer.Ordinal)
            .Select(c => new NoticeArea(c, names.GetValueOrDefault(c, c),
                next == RegionLevel.County ? names.GetValueOrDefault(c[..4].PadRight(12, '0')) : null, counts[c]))
            .ToList();
        return new NoticeAreas(here.Value, path, areas);
    }

    /// <summary>The step below a level on the public way down (a province goes straight to its counties).</summary>
    private static RegionLevel? NextLevel(RegionLevel level) => level switch
    {
        RegionLevel.Nation => RegionLevel.Province,
        RegionLevel.Province or RegionLevel.City => RegionLevel.County,
        RegionLevel.County => RegionLevel.Township,
        RegionLevel.Township => RegionLevel.Village,
        _ => null,
    };

    private static async Task<IReadOnlyList<NoticeArea>> PathAsync(JingzhunDbContext db, RegionCode here, CancellationToken ct)
    {
        var codes = new List<string>();
        for (RegionCode? c = here; c is { } code && code.Level != RegionLevel.Nation; c = code.Parent) codes.Insert(0, code.Value);
        var names = await NamesAsync(db, codes, ct);
        return codes.Select(c => new NoticeArea(c, names.GetValueOrDefault(c, c), null, 0)).ToList();
    }

    /// <summary>Areas below the prefix whose current name contains the fragment, each with its open notices (0 when none).</summary>
    private static async Task<IReadOnlyList<NoticeArea>> NamedAsync(JingzhunDbContext db, string prefix, string name,
        IReadOnlyDictionary<string, int> open, CancellationToken ct)
    {
        var found = await db.Regions.AsNoTracking()
            .Where(r => r.ValidTo == null && r.Code.StartsWith(prefix) && r.Name.Contains(name))
            .OrderBy(r => r.Code).Take(50).Select(r => new { r.Code, r.Name, r.ParentCode }).ToListAsync(ct);
        var parents = await NamesAsync(db, found.Where(r => r.ParentCode != "").Select(r => r.ParentCode).Distinct().ToList(), ct);
        return found.Select(r =>
        {
            var areaPrefix = RegionCode.Parse(r.Code).Prefix;
            var count = open.Where(o => o.Key.StartsWith(areaPrefix, StringComparison.Ordinal)).Sum(o => o.Value);
            return new NoticeArea(r.Code, r.Name, r.ParentCode is { Length: > 0 } p ? parents.GetValueOrDefault(p) : null, count);
        }).ToList();
    }

    private static Task<Dictionary<string, string>> NamesAsync(JingzhunDbContext db, List<string> codes, CancellationToken ct) =>
        db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code) && r.ValidTo == null).ToDictionaryAsync(r => r.Code, r => r.Name, ct);

    private JingzhunDbContext Open() => JingzhunDb.Create(target, AccessScope.System(Actor));
}

/// <summary>An area on the public way to a notice: its code, name, the name of the area above it where that helps, and its open notices.</summary>
public sealed record NoticeArea(string Code, string Name, string? Above, int OpenNotices);

/// <summary>The path to the area the public reader stands in, and the areas to go on to.</summary>
public sealed record NoticeAreas(string Region, IReadOnlyList<NoticeArea> Path, IReadOnlyList<NoticeArea> Areas);
