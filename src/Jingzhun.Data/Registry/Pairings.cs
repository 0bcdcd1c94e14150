using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Registry;

/// <summary>An active pairing of a household with its assistance cadre (帮扶责任人), with the cadre's name and unit.</summary>
public sealed record PairingRow(long Id, int CadreId, string Name, string Unit, DateOnly StartedOn, string StartedBy, string StartReason);

/// <summary>A cadre of the county's roster who may be paired with a household, with how many households they already have.</summary>
public sealed record CadreOption(int CadreId, string Name, string Unit, int Caseload);

/// <summary>
/// Pairing households with the assistance cadres of the county's roster (结对帮扶). A pairing ends with a reason, or is
/// handed over to another cadre; it is never deleted, so the household's pairings over time stay on record.
/// Who may pair is decided by the context's save rules too (assistance cadres never change pairings, nobody changes them
/// outside their region); the checks here give the reason first.
/// </summary>
public static class Pairings
{
    /// <summary>Whether the actor may change this household: its village is in scope and, for assistance cadres, it is paired with them.</summary>
    public static async Task<bool> MayChangeAsync(JingzhunDbContext db, long householdId, string villageCode, CancellationToken ct = default)
    {
        if (!db.Scope.MayChange(villageCode)) return false;
        return !db.Scope.WritesAssignedOnly || await PersonalDataView.IsPairedAsync(db, householdId, ct);
    }

    /// <summary>Whether the actor may pair cadres with households of this village (not assistance cadres themselves).</summary>
    public static bool MayManage(AccessScope scope, string villageCode) => scope.MayChange(villageCode) && !scope.WritesAssignedOnly;

    public static async Task<List<PairingRow>> ActiveAsync(JingzhunDbContext db, long householdId, CancellationToken ct = default)
    {
        var rows = await db.CadrePairings.AsNoTracking()
            .Where(p => p.HouseholdId == householdId && p.EndedOn == null)
            .Select(p => new PairingRow(p.Id, p.CadreId, p.Cadre!.Name, p.Cadre.Unit, p.StartedOn, p.StartedBy, p.StartReason))
            .ToListAsync(ct);
        return rows.OrderBy(r => r.StartedOn).ThenBy(r => r.Id).ToList();
    }

    /// <summary>Every pairing the household has had, newest first: the history a handover keeps.</summary>
    public static Task<List<CadrePairing>> HistoryAsync(JingzhunDbContext db, long householdId, CancellationToken ct = default) =>
        db.CadrePairings.AsNoTracking().Include(p => p.Cadre)
            .Where(p => p.HouseholdId == householdId)
            .OrderByDescending(p => p.StartedOn).ThenByDescending(p => p.Id)
            .ToListAsync(ct);

    /// <summary>Serving cadres of the county's roster, with their present caseload.</summary>
    public static async Task<List<CadreOption>> CandidatesAsync(JingzhunDbContext db, string villageCode, CancellationToken ct = default)
    {
        var county = Household.CountyOf(villageCode);
        return await db.Cadres.AsNoTracking()
            .Where(c => c.CountyCode == county && c.State == CadreState.Serving)
            .OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new CadreOption(c.Id, c.Name, c.Unit, db.CadrePairings.Count(p => p.CadreId == c.Id && p.EndedOn == null)))
            .ToListAsync(ct);
    }

    /// <summary>Pairs a serving cadre of the county's roster with the household, with the reason.</summary>
    public static async Task<EditResult<CadrePairing>> PairAsync(JingzhunDbContext db, long householdId, int cadreId, string reason, DateOnly today,
        CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        if (household is null) return EditResult<CadrePairing>.NotFound();
        if (!MayManage(db.Scope, household.VillageCode))
            throw new ScopeViolationException($"{db.Scope.Actor} may not pair cadres with households of {household.VillageCode}", household.VillageCode);
        if (await CheckCadreAsync(db, cadreId, household.CountyCode, ct) is { } error) return EditResult<CadrePairing>.Invalid([error]);
        if (await db.CadrePairings.AnyAsync(p => p.HouseholdId == householdId && p.CadreId == cadreId && p.EndedOn == null, ct))
            return EditResult<CadrePairing>.Invalid([new FieldError("CadreId", "该干部已是本户的帮扶责任人", "This cadre is already paired with this household")]);
        var pairing = New(household.Id, household.VillageCode, cadreId, reason, db.Scope.Actor, today);
        db.CadrePairings.Add(pairing);
        await db.SaveChangesAsync(ct);
        return EditResult<CadrePairing>.Saved(pairing);
    }

    /// <summary>Ends an active pairing with its reason: the row stays, with when and by whom it ended.</summary>
    public static async Task<EditResult<CadrePairing>> EndAsync(JingzhunDbContext db, long householdId, long pairingId, string reason, DateOnly today,
        CancellationToken ct = default)
    {
        var pairing = await ActivePairingAsync(db, householdId, pairingId, ct);
        if (pairing is null) return EditResult<CadrePairing>.NotFound();
        if (pairing.EndedOn is not null) return EditResult<CadrePairing>.Saved(pairing);
        if (string.IsNullOrWhiteSpace(reason))
            return EditResult<CadrePairing>.Invalid([new FieldError("Reason", "请填写结束结对的原因", "Give the reason the pairing ends")]);
        Close(pairing, reason, db.Scope.Actor, today);
        await db.SaveChangesAsync(ct);
        return EditResult<CadrePairing>.Saved(pairing);
    }

    /// <summary>
    /// Hands a pairing over to another cadre (调整帮扶责任人): the old pairing ends with the reason and points at the new
    /// one, which starts the same day with the same reason, in one save.
    /// </summary>
    public static async Task<EditResult<CadrePairing>> HandOverAsync(JingzhunDbContext db, long householdId, long pairingId, int toCadreId,
        string reason, DateOnly today, CancellationToken ct = default)
    {
        var pairing = await ActivePairingAsync(db, householdId, pairingId, ct);
        if (pairing is null) return EditResult<CadrePairing>.NotFound();
        var errors = new List<FieldError>();
        if (pairing.EndedOn is not null) errors.Add(new FieldError("PairingId", "该结对已结束", "This pairing has ended"));
        if (string.IsNullOrWhiteSpace(reason)) errors.Add(new FieldError("Reason", "请填写调整原因", "Give the reason for the handover"));
        if (toCadreId == pairing.CadreId) errors.Add(new FieldError("CadreId", "请选择另一名帮扶责任人", "Choose another cadre"));
        else if (await CheckCadreAsync(db, toCadreId, Household.CountyOf(pairing.VillageCode), ct) is { } error) errors.Add(error);
        else if (await db.CadrePairings.AnyAsync(p => p.HouseholdId == householdId && p.CadreId == toCadreId && p.EndedOn == null, ct))
            errors.Add(new FieldError("CadreId", "该干部已是本户的帮扶责任人", "This cadre is already paired with this household"));
        if (errors.Count > 0) return EditResult<CadrePairing>.Invalid(errors);
        // Two saves (the old pairing points at the new one's id), one transaction: both or neither.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var next = New(pairing.HouseholdId, pairing.VillageCode, toCadreId, reason, db.Scope.Actor, today);
        db.CadrePairings.Add(next);
        await db.SaveChangesAsync(ct);
        Close(pairing, reason, db.Scope.Actor, today);
        pairing.HandedOverToId = next.Id;
        await db.SaveChangesAsync(ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return EditResult<CadrePairing>.Saved(next);
    }

    private static CadrePairing New(long householdId, string villageCode, int cadreId, string reason, string actor, DateOnly today) => new()
    {
        HouseholdId = householdId, VillageCode = villageCode, CountyCode = Household.CountyOf(villageCode), CadreId = cadreId,
        StartedOn = today, StartReason = reason.Trim(), StartedBy = actor,
    };

    private static void Close(CadrePairing pairing, string reason, string actor, DateOnly today)
    {
        pairing.EndedOn = today;
        pairing.EndReason = reason.Trim();
        pairing.EndedBy = actor;
    }

    private static async Task<CadrePairing?> ActivePairingAsync(JingzhunDbContext db, long householdId, long pairingId, CancellationToken ct)
    {
        var pairing = await db.CadrePairings.FirstOrDefaultAsync(p => p.Id == pairingId && p.HouseholdId == householdId, ct);
        // The household itself must be readable: the pairing's own filter looks only at its village.
        if (pairing is null || !await db.Households.AnyAsync(h => h.Id == householdId, ct)) return null;
        if (!MayManage(db.Scope, pairing.VillageCode))
            throw new ScopeViolationException($"{db.Scope.Actor} may not change pairings of households of {pairing.VillageCode}", pairing.VillageCode);
        return pairing;
    }

    private static Task<HouseholdKey?> HouseholdAsync(JingzhunDbContext db, long householdId, CancellationToken ct) =>
        db.Households.AsNoTracking().Where(h => h.Id == householdId)
            .Select(h => new HouseholdKey(h.Id, h.VillageCode, h.CountyCode)).FirstOrDefaultAsync(ct);

    private sealed record HouseholdKey(long Id, string VillageCode, string CountyCode);

    private static async Task<FieldError?> CheckCadreAsync(JingzhunDbContext db, int cadreId, string county, CancellationToken ct)
    {
        var cadre = await db.Cadres.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cadreId, ct);
        return cadre is null || cadre.CountyCode != county || cadre.State != CadreState.Serving
            ? new FieldError("CadreId", "请选择本县花名册上在岗的帮扶责任人", "Choose a serving cadre of the county's roster")
            : null;
    }
}
