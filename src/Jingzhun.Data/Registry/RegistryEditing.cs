using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Registry;

public enum EditOutcome
{
    Saved,
    Invalid,
    NotFound,
}

public sealed record EditResult<T>(EditOutcome Outcome, T? Value, IReadOnlyList<FieldError> Errors)
{
    public static EditResult<T> Saved(T value) => new(EditOutcome.Saved, value, []);
    public static EditResult<T> Invalid(IEnumerable<FieldError> errors) => new(EditOutcome.Invalid, default, errors.ToList());
    public static EditResult<T> NotFound() => new(EditOutcome.NotFound, default, []);
}

/// <summary>
/// Creating and changing registry records, shared by the pages and the JSON API. Scope, audit
/// and versioning are enforced by the context on save; here are the field rules and the
/// optimistic-concurrency check against the version the editor started from.
/// </summary>
public static class RegistryEditing
{
    public static async Task<EditResult<Household>> CreateAsync(JingzhunDbContext db, HouseholdForm form, IReadOnlyList<MemberForm> members,
        string reason, CancellationToken ct = default)
    {
        var household = new Household { Number = "", VillageCode = "", Status = HouseholdStatus.NotPoor };
        form.ApplyTo(household);
        var errors = RegistryValidation.Household(household).ToList();
        errors.AddRange(await VillageErrorsAsync(db, household.VillageCode, ct));
        if (await db.Households.IgnoreQueryFilters().AnyAsync(h => h.Number == household.Number, ct))
            errors.Add(new(nameof(Household.Number), $"户编号{household.Number}已存在", $"Household number {household.Number} already exists"));
        for (var i = 0; i < members.Count; i++)
        {
            var member = new Member { Name = "", ResidentId = "" };
            members[i].ApplyTo(member);
            errors.AddRange(RegistryValidation.Member(member).Select(e => e with { Field = $"Members[{i}].{e.Field}" }));
            household.Members.Add(member);
        }
        errors.AddRange(RegistryValidation.Members(household.Members));
        if (errors.Count > 0) return EditResult<Household>.Invalid(errors);

        var year = form.StatusYear > 0 ? form.StatusYear : DateTime.UtcNow.Year;
        if (form.Status != HouseholdStatus.NotPoor)
            household.ChangeStatus(form.Status, year, reason, db.Scope.Actor, DateTime.UtcNow);
        household.StatusYear = year;
        if (household.IdentifiedYear == 0 && form.Status != HouseholdStatus.NotPoor) household.IdentifiedYear = year;
        db.Households.Add(household);
        await db.SaveChangesAsync(ct);
        return EditResult<Household>.Saved(household);
    }

    public static async Task<EditResult<Household>> UpdateAsync(JingzhunDbContext db, long id, HouseholdForm form, string reason, CancellationToken ct = default)
    {
        var household = await db.Households.FirstOrDefaultAsync(h => h.Id == id, ct);
        if (household is null) return EditResult<Household>.NotFound();
        await EnsureMayChangeAsync(db, household, ct);
        // The save succeeds only if nobody saved since the editor loaded this version.
        db.Entry(household).Property(h => h.Version).OriginalValue = form.Version;
        var previousStatus = household.Status;
        var previousVillage = household.VillageCode;
        form.ApplyTo(household);
        var errors = RegistryValidation.Household(household).ToList();
        if (household.VillageCode != previousVillage) errors.AddRange(await VillageErrorsAsync(db, household.VillageCode, ct));
        if (await db.Households.IgnoreQueryFilters().AnyAsync(h => h.Number == household.Number && h.Id != id, ct))
            errors.Add(new(nameof(Household.Number), $"户编号{household.Number}已存在", $"Household number {household.Number} already exists"));
        if (errors.Count > 0) return EditResult<Household>.Invalid(errors);
        if (form.Status != previousStatus)
        {
            household.Status = previousStatus;
            household.ChangeStatus(form.Status, form.StatusYear > 0 ? form.StatusYear : DateTime.UtcNow.Year, reason, db.Scope.Actor, DateTime.UtcNow);
        }
        await db.SaveChangesAsync(ct);
        return EditResult<Household>.Saved(household);
    }

    public static async Task<EditResult<Member>> AddMemberAsync(JingzhunDbContext db, long householdId, MemberForm form, CancellationToken ct = default)
    {
        var household = await db.Households.Include(h => h.Members).FirstOrDefaultAsync(h => h.Id == householdId, ct);
        if (household is null) return EditResult<Member>.NotFound();
        await EnsureMayChangeAsync(db, household, ct);
        var member = new Member { Name = "", ResidentId = "", CountyCode = household.CountyCode };
        form.ApplyTo(member);
        var errors = RegistryValidation.Member(member).ToList();
        errors.AddRange(RegistryValidation.Members([.. household.Members, member]));
        if (errors.Count > 0) return EditResult<Member>.Invalid(errors);
        household.Members.Add(member);
        await db.SaveChangesAsync(ct);
        return EditResult<Member>.Saved(member);
    }

    public static async Task<EditResult<Member>> UpdateMemberAsync(JingzhunDbContext db, long householdId, long memberId, MemberForm form, CancellationToken ct = default)
    {
        var household = await db.Households.Include(h => h.Members).FirstOrDefaultAsync(h => h.Id == householdId, ct);
        var member = household?.Members.FirstOrDefault(m => m.Id == memberId);
        if (household is null || member is null) return EditResult<Member>.NotFound();
        await EnsureMayChangeAsync(db, household, ct);
        db.Entry(member).Property(m => m.Version).OriginalValue = form.Version;
        form.ApplyTo(member);
        var errors = RegistryValidation.Member(member).ToList();
        errors.AddRange(RegistryValidation.Members(household.Members));
        if (errors.Count > 0) return EditResult<Member>.Invalid(errors);
        await db.SaveChangesAsync(ct);
        return EditResult<Member>.Saved(member);
    }

    /// <summary>Sets one year's income, creating the year if it is new.</summary>
    public static async Task<EditResult<HouseholdIncome>> SetIncomeAsync(JingzhunDbContext db, long householdId, IncomeForm form, CancellationToken ct = default)
    {
        var household = await db.Households.Include(h => h.Incomes).Include(h => h.Members).FirstOrDefaultAsync(h => h.Id == householdId, ct);
        if (household is null) return EditResult<HouseholdIncome>.NotFound();
        await EnsureMayChangeAsync(db, household, ct);
        var income = household.Incomes.FirstOrDefault(i => i.Year == form.Year);
        // 0 (left empty) counts the present members; any other number that differs from them must be confirmed.
        var present = household.Members.Count(m => m.State == MemberState.Present);
        if (form.MembersCounted == 0) form.MembersCounted = present;
        var fresh = income is null;
        int? saved = income?.MembersCounted;
        income ??= new HouseholdIncome { CountyCode = household.CountyCode };
        form.ApplyTo(income);
        var errors = RegistryValidation.Income(income).ToList();
        errors.AddRange(RegistryValidation.MembersCounted(income, present, saved, form.ConfirmMembersCounted));
        if (errors.Count > 0)
        {
            if (!fresh) db.Entry(income).State = EntityState.Unchanged;
            return EditResult<HouseholdIncome>.Invalid(errors);
        }
        if (fresh) household.Incomes.Add(income);
        household.UpdatedAt = DateTime.UtcNow; // bumps the household's version too: its income changed
        await db.SaveChangesAsync(ct);
        return EditResult<HouseholdIncome>.Saved(income);
    }

    /// <summary>
    /// Refuses up front, before any field is checked, a change the save would refuse anyway:
    /// readers who may not change the household learn nothing from validation messages.
    /// The save itself checks again (RegistryChangeRules), so this is a courtesy, not the guard.
    /// </summary>
    public static async Task EnsureMayChangeAsync(JingzhunDbContext db, Household household, CancellationToken ct)
    {
        if (!await Pairings.MayChangeAsync(db, household.Id, household.VillageCode, ct))
            throw new ScopeViolationException($"{db.Scope.Actor} may not change household {household.Number}", household.VillageCode);
    }

    private static async Task<IEnumerable<FieldError>> VillageErrorsAsync(JingzhunDbContext db, string villageCode, CancellationToken ct)
    {
        var exists = await db.Regions.AnyAsync(r => r.Code == villageCode && r.ValidTo == null, ct);
        return exists ? [] : [new FieldError(nameof(Household.VillageCode), $"村代码{villageCode}不在区划表中", $"Village code {villageCode} is not in the region table")];
    }
}
