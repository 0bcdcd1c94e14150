using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>A county with disclosures, for the public chooser: its 12-digit code and the names of its province, city and itself.</summary>
public sealed record PublicCounty(string Code, string Province, string City, string County);

/// <summary>What a county received, by year and source (net of corrections): allocation results are always public.</summary>
public sealed record PublicReceived(int Year, FundSource Source, decimal Amount);

/// <summary>A disclosure in a public list: no staff names, no objection texts.</summary>
public sealed record PublicDisclosureRow(long Id, DisclosureKind Kind, string Title, DateTime PostedAt, DateTime EndsAt, DateTime? ClosedAt, bool IsOpen,
    int DaysLeft);

/// <summary>A project of the library as the public sees it: type, village, budget, paid, stage, and its disclosures open now or lately ended.</summary>
public sealed record PublicProject(long Id, string Number, string Name, ProjectType Type, int Year, string RegionCode, string RegionName, decimal Budget,
    decimal Paid, ProjectStage Stage, IReadOnlyList<PublicDisclosureRow> Disclosures);

/// <summary>A county's, township's or village's public page: funds received (county only), allocation results posted, its projects.</summary>
public sealed record PublicFundsPage(string Code, string Name, RegionLevel Level, string CountyCode, string CountyName, IReadOnlyList<PublicReceived> Received,
    IReadOnlyList<PublicDisclosureRow> AllocationResults, IReadOnlyList<PublicProject> Projects);

/// <summary>An objection as the public sees it: its receipt number, when, and how it ended — never the words or the contact.</summary>
public sealed record PublicObjectionOutcome(long Receipt, DateTime SubmittedAt, ObjectionStatus Status, string Outcome, DateTime? ResolvedAt);

/// <summary>One disclosure for everyone: its frozen, masked content, period, days left, and the objections' outcomes.</summary>
public sealed record PublicDisclosure(long Id, DisclosureKind Kind, string Title, string RegionCode, string RegionName, string CountyCode, int Year,
    DateTime PostedAt, DateTime EndsAt, DateTime? ClosedAt, bool IsOpen, int DaysLeft, PublishedContent? Content, int ObjectionCount,
    IReadOnlyList<PublicObjectionOutcome> Objections);

/// <summary>
/// The public read path of funds and projects (扶贫资金、项目公告公示), modelled on <see cref="Notices.PublicNotices"/>: an
/// anonymous visitor has no region scope, so this class opens a context of its own with the system scope (actor "public")
/// and hands out ONLY the projections above, never an entity. Allocation results are always public; a project is shown
/// once it is in the library (approved or later, never proposed, reviewed or turned down), with the disclosures open now
/// or ended no more than <see cref="AfterEnd"/> ago. Personal data is only what a disclosure's frozen
/// <see cref="PublishedContent"/> holds (household number, head's name, masked ID, people). Objections from the public go
/// through the same step as staff's (<see cref="DisclosureObjections"/>) with SubmittedBy "public", scoped and audited.
/// </summary>
public sealed class PublicFunds(DatabaseTarget target, TimeProvider? clock = null)
{
    public const string Actor = "public";

    /// <summary>How long a project's disclosure stays readable after it closed or ended.</summary>
    public static readonly TimeSpan AfterEnd = TimeSpan.FromDays(30);

    /// <summary>At most this many projects on one page (the newest first).</summary>
    public const int MaxProjects = 500;

    /// <summary>Counties that have posted disclosures, for the chooser.</summary>
    public async Task<IReadOnlyList<PublicCounty>> CountiesAsync(CancellationToken ct = default)
    {
        await using var db = Open();
        var counties = await db.Disclosures.AsNoTracking().Where(d => d.CountyCode != "").Select(d => d.CountyCode).Distinct().ToListAsync(ct);
        var codes = counties.SelectMany(c => new[] { c.PadRight(12, '0'), c[..4].PadRight(12, '0'), c[..2].PadRight(12, '0') });
        var names = await DisclosureObjections.NamesAsync(db, codes, ct);
        string Name(string code) => names.GetValueOrDefault(code.PadRight(12, '0'), code.PadRight(12, '0'));
        return counties.Order(StringComparer.Ordinal)
            .Select(c => new PublicCounty(c.PadRight(12, '0'), Name(c[..2]), Name(c[..4]), Name(c))).ToList();
    }

    /// <summary>The public page of a county, township or village; null for a code above the county or not in the region tree.</summary>
    public async Task<PublicFundsPage?> PageAsync(string regionCode, DateTime now, CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(regionCode, out var code, out _) || code.Level < RegionLevel.County) return null;
        await using var db = Open();
        var county = code.Value[..6].PadRight(12, '0');
        var names = await DisclosureObjections.NamesAsync(db, [code.Value, county], ct);
        if (!names.TryGetValue(code.Value, out var name)) return null;
        var prefix = code.Prefix;

        List<PublicReceived> received = [];
        List<PublicDisclosureRow> results = [];
        if (code.Level == RegionLevel.County)
        {
            var allocations = await db.Allocations.AsNoTracking().Where(a => a.ToCode == county)
                .Select(a => new { a.Year, a.Source, a.Amount }).ToListAsync(ct);
            received = allocations.GroupBy(a => (a.Year, a.Source))
                .Select(g => new PublicReceived(g.Key.Year, g.Key.Source, g.Sum(a => a.Amount.Yuan)))
                .OrderByDescending(r => r.Year).ThenBy(r => r.Source).ToList();
            results = (await db.Disclosures.AsNoTracking().Where(d => d.Kind == DisclosureKind.Allocation && d.RegionCode == county)
                    .OrderByDescending(d => d.PostedAt).ThenByDescending(d => d.Id).ToListAsync(ct))
                .Select(d => Row(d, now)).ToList();
        }

        var projects = await db.Projects.AsNoTracking()
            .Where(p => p.RegionCode.StartsWith(prefix) && p.Stage >= ProjectStage.Approved && p.Stage < ProjectStage.Rejected)
            .OrderByDescending(p => p.Year).ThenBy(p => p.RegionCode).ThenBy(p => p.Number).ThenBy(p => p.Id).Take(MaxProjects)
            .Select(p => new { p.Id, p.Number, p.Name, p.Type, p.Year, p.RegionCode, p.Stage })
            .ToListAsync(ct);
        var ids = projects.Select(p => p.Id).ToList();
        var funding = (await db.ProjectFunding.AsNoTracking().Where(f => ids.Contains(f.ProjectId)).Select(f => new { f.ProjectId, f.Amount }).ToListAsync(ct))
            .ToLookup(f => f.ProjectId, f => f.Amount.Yuan);
        var paid = (await db.Payments.AsNoTracking().Where(p => p.ProjectId != null && ids.Contains(p.ProjectId.Value))
                .Select(p => new { ProjectId = p.ProjectId!.Value, p.Amount }).ToListAsync(ct))
            .ToLookup(p => p.ProjectId, p => p.Amount.Yuan);
        var cutoff = now - AfterEnd;
        var disclosures = (await db.Disclosures.AsNoTracking()
                .Where(d => d.ProjectId != null && ids.Contains(d.ProjectId.Value) && (d.ClosedAt ?? d.EndsAt) >= cutoff)
                .OrderByDescending(d => d.PostedAt).ThenByDescending(d => d.Id).ToListAsync(ct))
            .ToLookup(d => d.ProjectId!.Value);
        var regionNames = await DisclosureObjections.NamesAsync(db, projects.Select(p => p.RegionCode), ct);
        return new PublicFundsPage(code.Value, name, code.Level, county, names.GetValueOrDefault(county, county), received, results,
            projects.Select(p => new PublicProject(p.Id, p.Number, p.Name, p.Type, p.Year, p.RegionCode, regionNames.GetValueOrDefault(p.RegionCode, p.RegionCode),
                funding[p.Id].Sum(), paid[p.Id].Sum(), p.Stage, disclosures[p.Id].Select(d => Row(d, now)).ToList())).ToList());
    }

    /// <summary>A disclosure as the public may see it: an allocation result always; a project's while open or lately ended, once in the library; null otherwise.</summary>
    public async Task<PublicDisclosure?> FindAsync(long disclosureId, DateTime now, CancellationToken ct = default)
    {
        await using var db = Open();
        var d = await PublicAsync(db, disclosureId, now, ct);
        if (d is null) return null;
        var names = await DisclosureObjections.NamesAsync(db, [d.RegionCode], ct);
        var objections = d.Objections.OrderBy(o => o.SubmittedAt).ThenBy(o => o.Id)
            .Select(o => new PublicObjectionOutcome(o.Id, o.SubmittedAt, o.Status, o.Status == ObjectionStatus.Open ? "" : o.Outcome, o.ResolvedAt)).ToList();
        return new PublicDisclosure(d.Id, d.Kind, d.Title, d.RegionCode, names.GetValueOrDefault(d.RegionCode, d.RegionCode), d.CountyCode, d.Year,
            d.PostedAt, d.EndsAt, d.ClosedAt, d.IsOpen(now), DisclosureObjections.DaysLeft(d, now), PublishedContent.Read(d.Content), objections.Count, objections);
    }

    /// <summary>
    /// An objection from the public page or API: text required, contact optional, their lengths checked (400); refused (409) once
    /// the disclosure has ended or closed. Returns the receipt number (the objection's id); null for a disclosure the public cannot see.
    /// </summary>
    public async Task<long?> ObjectAsync(long disclosureId, string? text, string? contact, DateTime now, CancellationToken ct = default)
    {
        await using var db = Open();
        var d = await PublicAsync(db, disclosureId, now, ct, tracked: true);
        if (d is null) return null;
        return (await DisclosureObjections.RecordAsync(db, d, text, contact, Actor, now, ct)).Id;
    }

    private static async Task<FundDisclosure?> PublicAsync(JingzhunDbContext db, long disclosureId, DateTime now, CancellationToken ct, bool tracked = false)
    {
        var query = tracked ? db.Disclosures : db.Disclosures.AsNoTracking();
        var d = await query.Include(x => x.Objections).FirstOrDefaultAsync(x => x.Id == disclosureId, ct);
        if (d is null) return null;
        if (d.Kind == DisclosureKind.Allocation) return d; // allocation results are always public
        if (d.ProjectId is not { } projectId
            || !await db.Projects.AnyAsync(p => p.Id == projectId && p.Stage >= ProjectStage.Approved && p.Stage < ProjectStage.Rejected, ct))
            return null;
        return (d.ClosedAt ?? d.EndsAt) >= now - AfterEnd ? d : null;
    }

    private static PublicDisclosureRow Row(FundDisclosure d, DateTime now) =>
        new(d.Id, d.Kind, d.Title, d.PostedAt, d.EndsAt, d.ClosedAt, d.IsOpen(now), DisclosureObjections.DaysLeft(d, now));

    private JingzhunDbContext Open() => JingzhunDb.Create(target, AccessScope.System(Actor), clock);
}
