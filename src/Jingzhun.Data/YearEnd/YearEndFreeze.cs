using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Data.YearEnd;

/// <summary>
/// The yearly adjustment (动态调整) as of 31 December: every household in the actor's scope is frozen
/// into a <see cref="YearEndSnapshot"/>, and reports of that year read only those rows, so later edits
/// of the registry never change a past year's figures. A year is frozen once: correcting a frozen
/// year would be a new, documented mechanism (a correction row with its reason), not a second freeze.
/// Each freeze ends with an audit checkpoint (<see cref="Audit.AuditCheckpoints"/>).
/// </summary>
public static class YearEndFreeze
{
    private const int BatchSize = 2_000;

    /// <summary>Freezes one year; returns the snapshots written. <paramref name="progress"/> receives households done so far.</summary>
    public static Task<int> FreezeAsync(JingzhunDbContext db, int year, DateTime now, IProgress<int>? progress = null, CancellationToken ct = default) =>
        FreezeYearsAsync(db, [year], _ => now, now, progress, ct);

    /// <summary>
    /// Freezes several years in one pass over the households (the demo's history: 12 years at once),
    /// all or nothing. <paramref name="frozenAt"/> gives the time each year was frozen; <paramref name="now"/> is when
    /// the audit checkpoint is written (a demo freezes past years today).
    /// </summary>
    public static async Task<int> FreezeYearsAsync(JingzhunDbContext db, IReadOnlyCollection<int> years, Func<int, DateTime> frozenAt,
        DateTime now, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        RequireFreezer(db.Scope);
        var frozen = await db.Snapshots.Where(s => years.Contains(s.Year)).Select(s => s.Year).Distinct().ToListAsync(ct);
        if (frozen.Count > 0)
            throw new WorkflowBlockedException($"{string.Join("、", frozen.Order())}年已年终冻结，不能再次冻结（更正须另立程序）",
                $"{string.Join(", ", frozen.Order())} already frozen; a year is frozen once (a correction is a separate procedure)");

        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using var session = await BulkSession.OverAsync(db, ct);
        try
        {
            var written = 0;
            var done = 0;
            long after = 0;
            while (true)
            {
                var batch = await LoadBatchAsync(db, after, ct);
                if (batch.Count == 0) break;
                after = batch[^1].Id;
                WriteSnapshots(session, years.SelectMany(year => batch.Select(h => h.Freeze(year, frozenAt(year)))));
                // A frozen year's income trend counts the households of its snapshots: the kept figures are counted again.
                db.ChangedKeptCounties.UnionWith(batch.Select(h => h.CountyCode));
                db.AuditEntries.Add(Audit.BulkAuditLine.For(db, db.Clock.GetUtcNow().UtcDateTime,
                    $"年终冻结{string.Join("、", years)}年：{batch.Count}户 / year-end freeze {string.Join(", ", years)}: {batch.Count} households"));
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                written += batch.Count * years.Count;
                done += batch.Count;
                progress?.Report(done);
            }
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
                // Every year-end anchors the audit chain outside the database (a caller's own transaction checkpoints after its commit).
                await Audit.AuditCheckpoints.WriteAsync(db, now, ct);
            }
            return written;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private static readonly (string Name, BulkType Type)[] SnapshotColumns =
    [
        ("Year", BulkType.Int), ("HouseholdId", BulkType.Long), ("VillageCode", BulkType.Code), ("CountyCode", BulkType.Code),
        ("Status", BulkType.Int), ("People", BulkType.Int), ("PerCapitaNetIncomeFen", BulkType.Long),
        ("ExitedInYear", BulkType.Bool), ("ReturnedInYear", BulkType.Bool), ("FrozenAt", BulkType.Timestamp),
    ];

    /// <summary>
    /// Snapshots go straight into their table (binary COPY on PostgreSQL, one prepared insert on SQLite), not through the
    /// context's save: a county's year-end is hundreds of thousands of rows, and every value is copied from rows already
    /// stored and read through the actor's scope, so the save's checks have nothing left to find. The batch's one audit
    /// line is saved after them, in the same transaction.
    /// </summary>
    private static void WriteSnapshots(BulkSession session, IEnumerable<YearEndSnapshot> snapshots)
    {
        using var sink = session.Sink("\"Snapshots\"", SnapshotColumns);
        foreach (var s in snapshots)
            sink.Add(s.Year, s.HouseholdId, s.VillageCode, s.CountyCode, (int)s.Status, s.People, s.PerCapitaNetIncomeFen,
                s.ExitedInYear, s.ReturnedInYear, DateTime.SpecifyKind(s.FrozenAt, DateTimeKind.Utc));
        sink.Complete();
    }

    /// <summary>Whether this actor may freeze a year: system work (command line, demo) or a county officer for its county.</summary>
    public static bool MayFreeze(AccessScope scope) =>
        scope.CanWrite && (scope.Role is null && scope.IsAdministrator || scope.Role == Role.CountyOfficer);

    private static void RequireFreezer(AccessScope scope)
    {
        if (!MayFreeze(scope))
            throw new WorkflowRefusedException($"{scope.Actor}不能办理年终冻结（县级干部或系统）",
                $"{scope.Actor} may not freeze a year (county officers and system work only)", scope.RegionPrefix);
    }

    /// <summary>What a freeze needs of one household: where it is, its present members, its status history and incomes.</summary>
    private sealed record HouseholdYears(long Id, string VillageCode, string CountyCode, int People,
        List<(int Year, long Id, HouseholdStatus To)> Changes, Dictionary<int, long> PerCapitaFen)
    {
        public YearEndSnapshot Freeze(int year, DateTime at) => new()
        {
            Year = year, HouseholdId = Id, VillageCode = VillageCode, CountyCode = CountyCode, People = People,
            Status = StatusAt(year), PerCapitaNetIncomeFen = PerCapitaFen.GetValueOrDefault(year),
            ExitedInYear = Changes.Any(c => c.Year == year && c.To == HouseholdStatus.Exited),
            ReturnedInYear = Changes.Any(c => c.Year == year && c.To == HouseholdStatus.Returned),
            FrozenAt = at,
        };

        /// <summary>The status at the end of the year: the last change that took effect in it or before; never registered is not poor.</summary>
        private HouseholdStatus StatusAt(int year) =>
            Changes.Where(c => c.Year <= year).OrderBy(c => c.Year).ThenBy(c => c.Id).Select(c => (HouseholdStatus?)c.To).LastOrDefault()
            ?? HouseholdStatus.NotPoor;
    }

    /// <summary>The next households after <paramref name="after"/> by id, with what a freeze needs: four plain queries, no tracking.</summary>
    private static async Task<List<HouseholdYears>> LoadBatchAsync(JingzhunDbContext db, long after, CancellationToken ct)
    {
        var households = await db.Households.AsNoTracking().Where(h => h.Id > after).OrderBy(h => h.Id).Take(BatchSize)
            .Select(h => new { h.Id, h.VillageCode, h.CountyCode }).ToListAsync(ct);
        if (households.Count == 0) return [];
        var (from, to) = (households[0].Id, households[^1].Id);
        var people = await db.Members.AsNoTracking().Where(m => m.HouseholdId >= from && m.HouseholdId <= to && m.State == MemberState.Present)
            .GroupBy(m => m.HouseholdId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var changes = (await db.StatusChanges.AsNoTracking().Where(s => s.HouseholdId >= from && s.HouseholdId <= to)
            .Select(s => new { s.HouseholdId, s.Year, s.Id, s.To }).ToListAsync(ct)).ToLookup(s => s.HouseholdId);
        var incomes = (await db.Incomes.AsNoTracking().Where(i => i.HouseholdId >= from && i.HouseholdId <= to).ToListAsync(ct))
            .ToLookup(i => i.HouseholdId);
        return households.Select(h => new HouseholdYears(h.Id, h.VillageCode, h.CountyCode, people.GetValueOrDefault(h.Id),
            changes[h.Id].Select(c => (c.Year, c.Id, c.To)).ToList(),
            incomes[h.Id].ToDictionary(i => i.Year, i => i.ToIncomeYear().PerCapitaNetIncome.Fen))).ToList();
    }
}
