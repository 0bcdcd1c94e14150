using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assistance;

/// <summary>What the cadre enters for a visit (遍访): the day, where, who was there, what was found and the risk found, if any.</summary>
public sealed record VisitInput(DateOnly VisitedOn, string? Place, string? Present, string? Findings, bool RiskFound, RiskKind? RiskKind);

/// <summary>A visit as lists show it, with the ids of its photos.</summary>
public sealed record VisitRow(long Id, long HouseholdId, string HouseholdNumber, string VillageCode, DateOnly VisitedOn, string Place, string Present,
    string Findings, bool RiskFound, RiskKind? RiskKind, int? CadreId, string? CadreName, string VisitedBy, long? ScreeningVisitId,
    DateTime RecordedAt, IReadOnlyList<long> PhotoIds);

/// <summary>A household the signed-in cadre is paired with, and when it was last visited.</summary>
public sealed record PairedHousehold(long HouseholdId, string Number, string VillageCode, string Address, HouseholdStatus Status,
    MonitoringCategory Monitoring, DateOnly PairedOn, DateOnly? LastVisit, int VisitsThisYear);

/// <summary>遍访 coverage of an area in a year: of its poor and monitored households, how many were visited.</summary>
public sealed record VisitCoverage(string RegionCode, int Year, int Households, int Visited, double? Rate, int Visits, int VisitedHouseholds,
    int RisksFound, IReadOnlyList<VillageVisitCoverage> Villages);

public sealed record VillageVisitCoverage(string VillageCode, string Name, int Households, int Visited, double? Rate, int Visits);

/// <summary>
/// 遍访: a cadre's visits to households, from a phone, with photos. A visit that finds a risk records a screening visit of the
/// monitoring register (<see cref="MonitoringWork.RecordScreeningAsync"/>), which raises a signal on the screening channel
/// that opens or joins the household's monitoring work; the visit, its photos, the screening visit and the signal are
/// written in one transaction or not at all. Who may record: <see cref="AssistanceRoles.Visit"/>; an assistance cadre
/// only on the households paired with it (the save rules refuse the rest: 403).
/// </summary>
public static class Visits
{
    /// <summary>Visits are recorded on the day or caught up later, but not more than a year back.</summary>
    public const int MaxDaysBack = 366;

    /// <summary>
    /// Records a visit with its photos. Field errors (a date in the future, before the household existed or over a year back,
    /// no findings, a risk without its kind or with an exclusion kind, too many or unreadable photos) come back as
    /// <see cref="EditOutcome.Invalid"/> and nothing is written; a role or a household the actor may not change throws
    /// (WorkflowRefusedException / ScopeViolationException: 403) and nothing is written either.
    /// </summary>
    public static async Task<EditResult<AssistanceVisit>> RecordAsync(JingzhunDbContext db, long householdId, VisitInput input,
        IReadOnlyList<PhotoUpload> photos, DateTime now, CancellationToken ct = default)
    {
        var household = await db.Households.FirstOrDefaultAsync(h => h.Id == householdId, ct);
        if (household is null) return EditResult<AssistanceVisit>.NotFound();
        await RequireAsync(db, household, ct);

        var errors = Check(household, input, now).ToList();
        var stored = new List<StoredPhoto>();
        if (photos.Count > VisitPhotos.MaxPerVisit)
            errors.Add(new("Photos", $"每次走访最多{VisitPhotos.MaxPerVisit}张照片（收到{photos.Count}张）",
                $"At most {VisitPhotos.MaxPerVisit} photos per visit ({photos.Count} were sent)"));
        else
            foreach (var upload in photos)
            {
                var (photo, refusal) = VisitPhotos.Process(upload);
                if (refusal is not null) errors.Add(new("Photos", refusal));
                // The same photo sent twice is kept once.
                else if (stored.All(p => p.Sha256 != photo!.Sha256)) stored.Add(photo!);
            }
        if (errors.Count > 0) return EditResult<AssistanceVisit>.Invalid(errors);

        var cadreId = db.Scope.AccountId == 0 ? null
            : await db.Cadres.Where(c => c.AccountId == db.Scope.AccountId).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
        var findings = input.Findings!.Trim();
        var visit = new AssistanceVisit
        {
            HouseholdId = household.Id, Household = household, VillageCode = household.VillageCode, VisitedOn = input.VisitedOn,
            Place = input.Place?.Trim() ?? "", Present = input.Present?.Trim() ?? "", Findings = findings, CadreId = cadreId,
            VisitedBy = db.Scope.Actor, RiskFound = input.RiskFound, RiskKind = input.RiskFound ? input.RiskKind : null, RecordedAt = now,
        };

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            db.Visits.Add(visit);
            db.VisitPhotos.AddRange(stored.Select(p => new VisitPhoto
            {
                Visit = visit, HouseholdId = household.Id, Household = household, ContentType = VisitPhotos.ContentType, Content = p.Content,
                Thumbnail = p.Thumbnail, Width = p.Width, Height = p.Height, Sha256 = p.Sha256, UploadedAt = now,
            }));
            await db.SaveChangesAsync(ct);
            if (visit.RiskKind is { } kind)
            {
                ScreeningVisit screening;
                try
                {
                    screening = await MonitoringWork.RecordScreeningAsync(db, household.Id, input.VisitedOn, findings, kind, now, ct);
                }
                catch (WorkflowRefusedException refused)
                {
                    // The visit may be recorded by this role, but the monitoring register refused the screening or the
                    // monitoring work it would open (its own role lists): nothing is kept, and the form says why and who can.
                    await RollBackAsync(db, transaction, ct);
                    return EditResult<AssistanceVisit>.Invalid([new("RiskKind",
                        $"未能登记发现的风险（{refused.Chinese}）：请由村信息员或驻村工作队员记录这次发现风险的走访",
                        $"The risk found could not be raised ({refused.English}): a village clerk or work-team member records this visit")]);
                }
                visit.ScreeningVisitId = screening.Id;
                await db.SaveChangesAsync(ct);
            }
            if (transaction is not null) await transaction.CommitAsync(ct);
        }
        catch
        {
            await RollBackAsync(db, transaction, ct);
            throw;
        }
        return EditResult<AssistanceVisit>.Saved(visit);
    }

    /// <summary>
    /// The checks before anything else (so a refused actor learns nothing from field errors): the role (<see cref="AssistanceRoles.Visit"/>,
    /// WorkflowRefusedException) and, for a cadre, the pairing (ScopeViolationException; the save rules would refuse it too).
    /// False when the household is not found in the actor's scope.
    /// </summary>
    public static async Task<bool> RequireMayRecordAsync(JingzhunDbContext db, long householdId, CancellationToken ct = default)
    {
        var household = await db.Households.AsNoTracking().FirstOrDefaultAsync(h => h.Id == householdId, ct);
        if (household is null) return false;
        await RequireAsync(db, household, ct);
        return true;
    }

    private static async Task RequireAsync(JingzhunDbContext db, Household household, CancellationToken ct)
    {
        AssistanceSteps.Require(db, AssistanceRoles.Visit, household.VillageCode, new("记录走访", "record a visit"));
        if (!await Pairings.MayChangeAsync(db, household.Id, household.VillageCode, ct))
            throw new ScopeViolationException($"{db.Scope.Actor} may record visits only on the households paired with it", household.VillageCode);
    }

    /// <summary>After a refusal nothing was written: the rows the context still tracks as saved are forgotten too.</summary>
    private static async Task RollBackAsync(JingzhunDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? transaction, CancellationToken ct)
    {
        if (transaction is not null && db.Database.CurrentTransaction is not null) await transaction.RollbackAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>The field rules of a visit (the photos are checked apart).</summary>
    public static IEnumerable<FieldError> Check(Household household, VisitInput input, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        var existed = DateOnly.FromDateTime(household.CreatedAt);
        if (household.IdentifiedYear > 0 && new DateOnly(household.IdentifiedYear, 1, 1) < existed) existed = new DateOnly(household.IdentifiedYear, 1, 1);
        if (input.VisitedOn > today)
            yield return new("VisitedOn", "走访日期不能晚于今天", "The visit cannot be dated in the future");
        else if (input.VisitedOn < today.AddDays(-MaxDaysBack))
            yield return new("VisitedOn", $"走访日期不能早于一年前（{today.AddDays(-MaxDaysBack):yyyy-MM-dd}）",
                $"The visit cannot be dated more than a year back (before {today.AddDays(-MaxDaysBack):yyyy-MM-dd})");
        else if (household.CreatedAt != default && input.VisitedOn < existed)
            yield return new("VisitedOn", $"走访日期早于该户建档（{existed:yyyy-MM-dd}）", $"The visit is dated before the household was registered ({existed:yyyy-MM-dd})");
        if (string.IsNullOrWhiteSpace(input.Findings))
            yield return new("Findings", "须填写走访发现的情况", "The visit's findings are needed");
        foreach (var (field, value, limit, lines) in new[] { ("Place", input.Place, 100, false), ("Present", input.Present, 200, false), ("Findings", input.Findings, 1000, true) })
            if (value is not null && TextRules.Check(field, value.Trim(), limit, lines) is { } error) yield return error;
        if (input.RiskFound && input.RiskKind is null)
            yield return new("RiskKind", "发现风险时须选择风险类型", "Choose the kind of risk found");
        else if (input.RiskFound && input.RiskKind is { } kind && (!Enum.IsDefined(kind) || kind.IsExclusion()))
            yield return new("RiskKind", "请选择一种风险（车辆、经营主体等排除项由部门数据核实，不在走访中登记）",
                "Choose a kind of risk (exclusion checks such as vehicles or businesses come from department data, not from visits)");
    }

    /// <summary>The kinds of risk a visit may find (the exclusion checks are department data).</summary>
    public static IReadOnlyList<RiskKind> RiskKinds { get; } = Enum.GetValues<RiskKind>().Where(k => !k.IsExclusion()).ToArray();

    // ---- reading ----

    /// <summary>A household's visits, newest first, with their photo ids (through the scoped context: another village's household has none).</summary>
    public static Task<List<VisitRow>> OfHouseholdAsync(JingzhunDbContext db, long householdId, int take = 50, CancellationToken ct = default) =>
        RowsAsync(db, db.Visits.Where(v => v.HouseholdId == householdId), take, ct);

    /// <summary>A cadre's visits (of the roster entry), newest first.</summary>
    public static Task<List<VisitRow>> OfCadreAsync(JingzhunDbContext db, int cadreId, int take = 200, CancellationToken ct = default) =>
        RowsAsync(db, db.Visits.Where(v => v.CadreId == cadreId), take, ct);

    /// <summary>The visits of an area in a period, newest first.</summary>
    public static Task<List<VisitRow>> OfAreaAsync(JingzhunDbContext db, string regionPrefix, DateOnly from, DateOnly to, int take = 500, CancellationToken ct = default) =>
        RowsAsync(db, db.Visits.Where(v => v.VillageCode.StartsWith(regionPrefix) && v.VisitedOn >= from && v.VisitedOn <= to), take, ct);

    private static async Task<List<VisitRow>> RowsAsync(JingzhunDbContext db, IQueryable<AssistanceVisit> visits, int take, CancellationToken ct)
    {
        var rows = await visits.AsNoTracking().OrderByDescending(v => v.VisitedOn).ThenByDescending(v => v.Id).Take(take)
            .Select(v => new
            {
                v.Id, v.HouseholdId, Number = v.Household!.Number, v.VillageCode, v.VisitedOn, v.Place, v.Present, v.Findings, v.RiskFound, v.RiskKind,
                v.CadreId, CadreName = db.Cadres.Where(c => c.Id == v.CadreId).Select(c => c.Name).FirstOrDefault(), v.VisitedBy, v.ScreeningVisitId,
                v.RecordedAt,
            }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var photos = (await db.VisitPhotos.AsNoTracking().Where(p => ids.Contains(p.VisitId)).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.VisitId }).ToListAsync(ct)).ToLookup(p => p.VisitId, p => p.Id);
        return rows.Select(r => new VisitRow(r.Id, r.HouseholdId, r.Number, r.VillageCode, r.VisitedOn, r.Place, r.Present, r.Findings, r.RiskFound,
            r.RiskKind, r.CadreId, r.CadreName, r.VisitedBy, r.ScreeningVisitId, r.RecordedAt, photos[r.Id].ToList())).ToList();
    }

    /// <summary>The roster entry of the signed-in account, if it has one.</summary>
    public static async Task<Cadre?> MyCadreAsync(JingzhunDbContext db, CancellationToken ct = default) =>
        db.Scope.AccountId == 0 ? null : await db.Cadres.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == db.Scope.AccountId, ct);

    /// <summary>The signed-in cadre's daily list: its paired households, the least recently visited first.</summary>
    public static async Task<List<PairedHousehold>> MyHouseholdsAsync(JingzhunDbContext db, DateTime now, CancellationToken ct = default)
    {
        var account = db.Scope.AccountId;
        if (account == 0) return [];
        var yearStart = new DateOnly(now.Year, 1, 1);
        var rows = await db.CadrePairings.AsNoTracking().Where(p => p.EndedOn == null && p.Cadre!.AccountId == account)
            .Select(p => new
            {
                p.HouseholdId, p.Household!.Number, p.Household.VillageCode, p.Household.Address, p.Household.Status, p.Household.Monitoring, p.StartedOn,
                Last = db.Visits.Where(v => v.HouseholdId == p.HouseholdId).Max(v => (DateOnly?)v.VisitedOn),
                ThisYear = db.Visits.Count(v => v.HouseholdId == p.HouseholdId && v.VisitedOn >= yearStart),
            }).ToListAsync(ct);
        return rows.Select(r => new PairedHousehold(r.HouseholdId, r.Number, r.VillageCode, r.Address, r.Status, r.Monitoring, r.StartedOn, r.Last, r.ThisYear))
            .OrderBy(r => r.LastVisit ?? DateOnly.MinValue).ThenBy(r => r.Number).ToList();
    }

    /// <summary>Whether the actor may record a visit on this household (the role, the region and, for a cadre, the pairing).</summary>
    public static async Task<bool> MayRecordAsync(JingzhunDbContext db, long householdId, string villageCode, CancellationToken ct = default)
    {
        if (!(db.Scope.IsAdministrator && db.Scope.Role is null) && !AssistanceRoles.May(db.Scope.Role, AssistanceRoles.Visit)) return false;
        return await Pairings.MayChangeAsync(db, householdId, villageCode, ct);
    }

    /// <summary>A photo or its thumbnail through the scoped context (another village's photo is not found).</summary>
    public static async Task<(string ContentType, byte[] Bytes)?> PhotoAsync(JingzhunDbContext db, long photoId, bool thumbnail, CancellationToken ct = default)
    {
        var photo = thumbnail
            ? await db.VisitPhotos.AsNoTracking().Where(p => p.Id == photoId).Select(p => new { p.ContentType, Bytes = p.Thumbnail }).FirstOrDefaultAsync(ct)
            : await db.VisitPhotos.AsNoTracking().Where(p => p.Id == photoId).Select(p => new { p.ContentType, Bytes = p.Content }).FirstOrDefaultAsync(ct);
        return photo is null ? null : (photo.ContentType, photo.Bytes);
    }

    /// <summary>
    /// 遍访 coverage of an area in a year: the poor (poor, returned) and monitored households of the area, how many of them were
    /// visited in the year, by village. Null when the area is unknown or outside the reader's region.
    /// </summary>
    public static async Task<VisitCoverage?> CoverageAsync(JingzhunDbContext db, string regionCode, int year, CancellationToken ct = default)
    {
        // An area at or below the reader's region; one above it (or outside) is not found.
        if (!Domain.Regions.RegionCode.TryParse(regionCode, out var code, out _) || !db.Scope.CanRead
            || !code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal))
            return null;
        if (!await db.Regions.AnyAsync(r => r.Code == code.Value && r.ValidTo == null, ct)) return null;
        var prefix = code.Prefix;
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var targets = db.Households.Where(h => h.VillageCode.StartsWith(prefix) && (h.Status == HouseholdStatus.Poor || h.Status == HouseholdStatus.Returned
            || h.Status == HouseholdStatus.Monitored || h.Monitoring != MonitoringCategory.None));
        var byVillage = await targets
            .Select(h => new { h.VillageCode, Visited = db.Visits.Any(v => v.HouseholdId == h.Id && v.VisitedOn >= from && v.VisitedOn <= to) ? 1 : 0 })
            .GroupBy(h => h.VillageCode).Select(g => new { Village = g.Key, Households = g.Count(), Visited = g.Sum(h => h.Visited) })
            .ToListAsync(ct);
        var visits = await db.Visits.Where(v => v.VillageCode.StartsWith(prefix) && v.VisitedOn >= from && v.VisitedOn <= to)
            .GroupBy(v => v.VillageCode).Select(g => new { Village = g.Key, Visits = g.Count(), Households = g.Select(v => v.HouseholdId).Distinct().Count(), Risks = g.Count(v => v.RiskFound) })
            .ToListAsync(ct);
        var villages = byVillage.Select(v => v.Village).Union(visits.Select(v => v.Village)).ToList();
        var names = await db.Regions.Where(r => villages.Contains(r.Code) && r.ValidTo == null).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var rows = villages.Order().Select(village =>
        {
            var t = byVillage.FirstOrDefault(v => v.Village == village);
            var n = visits.FirstOrDefault(v => v.Village == village);
            return new VillageVisitCoverage(village, names.GetValueOrDefault(village, village), t?.Households ?? 0, t?.Visited ?? 0,
                Rate(t?.Visited ?? 0, t?.Households ?? 0), n?.Visits ?? 0);
        }).ToList();
        var households = rows.Sum(r => r.Households);
        var visited = rows.Sum(r => r.Visited);
        return new VisitCoverage(code.Value, year, households, visited, Rate(visited, households), visits.Sum(v => v.Visits),
            visits.Sum(v => v.Households), visits.Sum(v => v.Risks), rows);
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}
