using System.Collections.Concurrent;
using System.Diagnostics;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Registry;

/// <summary>What a registry search asks for; every part is optional.</summary>
public sealed record RegistryCriteria
{
    /// <summary>Name of any present member, matched from the start ("王" finds 王伟 and 王芳).</summary>
    public string? Name { get; init; }
    /// <summary>Any part of a resident ID of at least <see cref="RegistrySearch.MinFragment"/> characters (the tail, the middle, the whole).</summary>
    public string? ResidentId { get; init; }
    /// <summary>A region code or prefix: a village, or a township, county… to search all villages in it.</summary>
    public string? Region { get; init; }
    public HouseholdStatus? Status { get; init; }
    /// <summary>Matches the primary cause or any other cause.</summary>
    public PovertyCause? Cause { get; init; }
    /// <summary>Any part of a household number of at least <see cref="RegistrySearch.MinFragment"/> characters.</summary>
    public string? Number { get; init; }
    /// <summary>Only the households paired with the searching account as their assistance cadre (只看我的帮扶户).</summary>
    public bool OnlyPaired { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    /// <summary>
    /// Why the criteria cannot be searched, or null: a household number or resident ID shorter than
    /// <see cref="RegistrySearch.MinFragment"/> characters would match a large part of the county, so it is refused
    /// with a message instead of scanned.
    /// </summary>
    public Bilingual? Problem =>
        TooShort(Number) ? new Bilingual($"户编号请至少输入{RegistrySearch.MinFragment}位（可以是其中任意一段）",
            $"Enter at least {RegistrySearch.MinFragment} characters of the household number (any part of it)")
        : TooShort(ResidentId) ? new Bilingual($"身份证号请至少输入{RegistrySearch.MinFragment}位（可以是其中任意一段）",
            $"Enter at least {RegistrySearch.MinFragment} characters of the resident ID (any part of it)")
        : null;

    private static bool TooShort(string? fragment) =>
        !string.IsNullOrWhiteSpace(fragment) && fragment.Trim().Length < RegistrySearch.MinFragment;
}

public sealed record HouseholdRow(
    long Id, string Number, string HeadName, string VillageCode, string VillageName, HouseholdStatus Status,
    HouseholdAttribute Attribute, PovertyCause PrimaryCause, int Members, int Version, bool Paired = false);

public sealed record SearchPage<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>The registry's read paths. Every query goes through the context, so the scope filter applies.</summary>
public static class RegistrySearch
{
    public const int MaxPageSize = 200;

    /// <summary>The shortest part of a household number or resident ID searched for (4: the tail a clerk reads off a card).</summary>
    public const int MinFragment = 4;

    public static IQueryable<Household> Filter(JingzhunDbContext db, RegistryCriteria c)
    {
        var query = db.Households.AsNoTracking();
        // Too short a number or ID fragment matches nothing (the page and the API say why) rather than scanning the county.
        if (c.Problem is not null) return query.Where(h => false);
        if (!string.IsNullOrWhiteSpace(c.Region))
        {
            var prefix = Domain.Regions.RegionCode.TryParse(c.Region, out var code, out _) ? code.Prefix : c.Region.Trim();
            query = query.Where(h => h.VillageCode.StartsWith(prefix));
        }
        if (c.Status is { } status) query = query.Where(h => h.Status == status);
        if (c.Cause is { } cause and not PovertyCause.None)
            query = query.Where(h => h.PrimaryCause == cause || (h.OtherCauses & cause) != 0);
        // Any part of the number: a scan of the households in scope (a county's 20,000 rows), not an index seek.
        if (!string.IsNullOrWhiteSpace(c.Number))
        {
            var number = c.Number.Trim();
            query = query.Where(h => h.Number.Contains(number));
        }
        if (c.OnlyPaired) query = query.Where(PersonalDataView.PairedWith(db, db.Scope.AccountId));
        if (!string.IsNullOrWhiteSpace(c.Name))
        {
            var name = c.Name.Trim();
            query = query.Where(h => h.Members.Any(m => m.State == MemberState.Present && m.Name.StartsWith(name)));
        }
        if (!string.IsNullOrWhiteSpace(c.ResidentId))
        {
            var id = c.ResidentId.Trim().ToUpperInvariant();
            query = query.Where(h => h.Members.Any(m => m.ResidentId.Contains(id)));
            // Where IDs are shown masked, searching by any part of them would reveal them digit by digit: only households
            // whose IDs the account sees in full match (none for a role that sees every ID masked).
            if (PersonalDataView.MayMask(db.Scope))
            {
                if (db.Scope.MasksPersonalData(true)) query = query.Where(h => false);
                else query = query.Where(PersonalDataView.PairedWith(db, db.Scope.AccountId));
            }
        }
        return query;
    }

    public static async Task<SearchPage<HouseholdRow>> SearchAsync(JingzhunDbContext db, RegistryCriteria c, CancellationToken ct = default)
    {
        var page = Math.Max(1, c.Page);
        var size = Math.Clamp(c.PageSize, 1, MaxPageSize);
        var query = Filter(db, c);
        var total = await query.CountAsync(ct);
        // Assistance cadres see their own paired households marked in the results.
        var markPaired = db.Scope.WritesAssignedOnly;
        var account = db.Scope.AccountId;
        var rows = await query
            .OrderBy(h => h.Number)
            .Skip((page - 1) * size).Take(size)
            .Select(h => new
            {
                h.Id, h.Number, h.VillageCode, h.Status, h.Attribute, h.PrimaryCause, h.Version,
                Head = h.Members.Where(m => m.State == MemberState.Present && m.Relation == Relation.Head).Select(m => m.Name).FirstOrDefault(),
                Members = h.Members.Count(m => m.State == MemberState.Present),
                Paired = markPaired && db.CadrePairings.Any(p => p.HouseholdId == h.Id && p.EndedOn == null && p.Cadre!.AccountId == account),
            })
            .ToListAsync(ct);
        var villages = await VillageNamesAsync(db, rows.Select(r => r.VillageCode), ct);
        return new SearchPage<HouseholdRow>(
            rows.Select(r => new HouseholdRow(r.Id, r.Number, r.Head ?? "", r.VillageCode, villages.GetValueOrDefault(r.VillageCode, r.VillageCode),
                r.Status, r.Attribute, r.PrimaryCause, r.Members, r.Version, r.Paired)).ToList(),
            total, page, size);
    }

    /// <summary>One household with members, incomes and status history, or null when it is absent or outside the scope.</summary>
    public static async Task<Household?> LoadAsync(JingzhunDbContext db, long id, CancellationToken ct = default)
    {
        var queries = LookupsOf(db);
        var household = await queries.Household(db, id, ct);
        if (household is null) return null;
        // The scope filter admits a member, an income or a status change exactly when it admits its household, which it just
        // did: so the three are read by the household's id alone, three index reads, where a split query repeated the
        // household's filtered query inside each (the statements a lookup costs most in).
        household.Members = await queries.Members(db, id).ToListAsync(ct);
        household.Incomes = await queries.Incomes(db, id).ToListAsync(ct);
        household.StatusHistory = await queries.History(db, id).ToListAsync(ct);
        foreach (var m in household.Members) m.Household = household;
        foreach (var i in household.Incomes) i.Household = household;
        foreach (var s in household.StatusHistory) s.Household = household;
        return household;
    }

    // A lookup's four statements, compiled once per model: EF Core otherwise takes every call's expression tree apart to find
    // its cached query (issue 19: on PostgreSQL, lookups a second rose by about a sixth without it). A compiled query keeps the
    // context's query filters, applied with the context it runs on, so the household is still read through the reader's
    // scope. EF refuses to run one compiled query against two models (each provider, and contexts with the read log, have
    // their own), hence one set of the four per model.
    private sealed record LookupQueries(
        Func<JingzhunDbContext, long, CancellationToken, Task<Household?>> Household,
        Func<JingzhunDbContext, long, IAsyncEnumerable<Member>> Members,
        Func<JingzhunDbContext, long, IAsyncEnumerable<HouseholdIncome>> Incomes,
        Func<JingzhunDbContext, long, IAsyncEnumerable<HouseholdStatusChange>> History);

    private static readonly ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, LookupQueries> Lookups = new();

    private static LookupQueries LookupsOf(JingzhunDbContext db) => Lookups.GetOrAdd(db.Model, static _ => new(
        // One row, read as it streams: as a split query (the context's default) EF copied it into a buffer first.
        EF.CompileAsyncQuery((JingzhunDbContext db, long id, CancellationToken ct) => db.Households.AsNoTracking().AsSingleQuery().FirstOrDefault(h => h.Id == id)),
        EF.CompileAsyncQuery<JingzhunDbContext, long, Member>((db, id) => db.Members.IgnoreQueryFilters().AsNoTracking().AsSingleQuery()
            .Where(m => m.HouseholdId == id).OrderBy(m => m.Relation).ThenBy(m => m.BirthDate)),
        EF.CompileAsyncQuery<JingzhunDbContext, long, HouseholdIncome>((db, id) => db.Incomes.IgnoreQueryFilters().AsNoTracking().AsSingleQuery()
            .Where(i => i.HouseholdId == id).OrderByDescending(i => i.Year)),
        EF.CompileAsyncQuery<JingzhunDbContext, long, HouseholdStatusChange>((db, id) => db.StatusChanges.IgnoreQueryFilters().AsNoTracking().AsSingleQuery()
            .Where(s => s.HouseholdId == id).OrderBy(s => s.Year).ThenBy(s => s.Id))));

    public static async Task<Dictionary<string, string>> VillageNamesAsync(JingzhunDbContext db, IEnumerable<string> codes, CancellationToken ct = default)
    {
        var wanted = codes.Distinct().ToList();
        return await db.Regions.AsNoTracking().Where(r => wanted.Contains(r.Code) && r.ValidTo == null)
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct);
    }

    /// <summary>Names of a region and its ancestors, province first ("示例省 示例市 示例县 青山镇 上坪村").</summary>
    public static async Task<string> RegionPathAsync(JingzhunDbContext db, string code, CancellationToken ct = default)
    {
        if (!Domain.Regions.RegionCode.TryParse(code, out var rc, out _)) return code;
        var key = (db.Database.GetConnectionString() ?? "", code);
        var changes = SavedChanges.RegionTree.Count;
        if (RegionPaths.TryGetValue(key, out var kept) && kept.Changes == changes && Stopwatch.GetElapsedTime(kept.At) < RegionPathKeptFor)
            return kept.Path;
        var started = Stopwatch.GetTimestamp();
        var codes = new List<string>();
        for (Domain.Regions.RegionCode? c = rc; c is { } cc && cc.Level > Domain.Regions.RegionLevel.Nation; c = cc.Parent) codes.Add(cc.Value);
        var names = await VillageNamesAsync(db, codes, ct);
        var path = string.Join(" ", Enumerable.Reverse(codes).Select(c => names.GetValueOrDefault(c, c)));
        // Only a whole path is remembered: a region not yet there (a tree still being loaded) is looked for again.
        if (names.Count == codes.Count)
        {
            if (RegionPaths.Count >= 100_000) RegionPaths.Clear();
            RegionPaths[key] = (path, changes, started);
        }
        return path;
    }

    /// <summary>
    /// Region paths read lately, per database: every household lookup shows one, and the names change rarely. A save of a
    /// region in this process reads them again at once; one by another process shows within a minute.
    /// </summary>
    private static readonly ConcurrentDictionary<(string Database, string Code), (string Path, long Changes, long At)> RegionPaths = new();

    private static readonly TimeSpan RegionPathKeptFor = TimeSpan.FromMinutes(1);
}
