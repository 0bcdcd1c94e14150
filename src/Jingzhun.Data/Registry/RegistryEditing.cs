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
    /// <summary>
    /// Registers a household as 非贫困户 (it becomes poor only through an identification case), with the
    /// number the system gives it: the village code and the next free 4-digit sequence of that village.
    /// A request that names a number, another status, a status year or an identified year is refused.
    /// </summary>
    public static async Task<EditResult<Household>> CreateAsync(JingzhunDbContext db, HouseholdForm form, IReadOnlyList<MemberForm> members,
        string reason, DateTime now, CancellationToken ct = default)
    {
        var year = now.Year;
        var household = new Household { Number = "", VillageCode = "", Status = HouseholdStatus.NotPoor, StatusYear = year, IdentifiedYear = 0 };
        form.ApplyTo(household);
        var errors = new List<FieldError>();
        if (!string.IsNullOrWhiteSpace(form.Number)) errors.Add(RegistryStatusRules.NumberGiven());
        if (form.Status is { } status && status != HouseholdStatus.NotPoor) errors.Add(RegistryStatusRules.StatusRefused());
        if (form.StatusYear is { } statusYear && statusYear != 0 && statusYear != year) errors.Add(RegistryStatusRules.StatusYearRefused());
        if (form.IdentifiedYear is { } identified && identified != 0) errors.Add(RegistryStatusRules.IdentifiedYearRefused());
        if (form.Monitoring is { } monitoring && monitoring != MonitoringCategory.None) errors.Add(RegistryStatusRules.MonitoringRefused());
        errors.AddRange(RegistryValidation.Household(household).Where(e => e.Field != nameof(Household.Number)));
        errors.AddRange(await VillageErrorsAsync(db, household.VillageCode, ct));
        for (var i = 0; i < members.Count; i++)
        {
            var member = new Member { Name = "", ResidentId = "" };
            members[i].ApplyTo(member);
            errors.AddRange(RegistryValidation.Member(member).Select(e => e with { Field = $"Members[{i}].{e.Field}" }));
            household.Members.Add(member);
        }
        errors.AddRange(RegistryValidation.NewHouseholdMembers(members.Count));
        errors.AddRange(RegistryValidation.Members(household.Members));
        if (errors.Count > 0) return EditResult<Household>.Invalid(errors);

        db.Households.Add(household);
        // Two clerks registering in one village at once may pick the same sequence: the unique index on the
        // number refuses the second save, which takes the next free number and tries again.
        for (var attempt = 1; ; attempt++)
        {
            var sequence = await NextSequenceAsync(db, household.VillageCode, ct);
            if (sequence > 9999)
                return EditResult<Household>.Invalid([new(nameof(Household.VillageCode), $"村{household.VillageCode}的户编号已用完", $"village {household.VillageCode} has no household numbers left")]);
            household.Number = RegistryStatusRules.NumberFor(household.VillageCode, sequence);
            try
            {
                await db.SaveChangesAsync(ct);
                return EditResult<Household>.Saved(household);
            }
            catch (DbUpdateException) when (attempt < MaxNumberAttempts)
            {
                // Each round one of the clerks at once wins; the others take the next number.
                if (!await NumberTakenAsync(db, household.Number, ct)) throw;
                // The failed save's audit lines are made again by the next one.
                foreach (var entry in db.ChangeTracker.Entries<Domain.Audit.AuditEntry>().Where(e => e.State == EntityState.Added).ToList())
                    entry.State = EntityState.Detached;
            }
        }
    }

    private const int MaxNumberAttempts = 20;

    private static async Task<int> NextSequenceAsync(JingzhunDbContext db, string villageCode, CancellationToken ct)
    {
        // Numbers are never reused: households moved to another village keep theirs, so every village's numbers count.
        var length = villageCode.Length + 4;
        var numbers = await db.Households.IgnoreQueryFilters().AsNoTracking()
            .Where(h => h.Number.StartsWith(villageCode) && h.Number.Length == length).Select(h => h.Number).ToListAsync(ct);
        return RegistryStatusRules.NextSequence(villageCode, numbers);
    }

    private static Task<bool> NumberTakenAsync(JingzhunDbContext db, string number, CancellationToken ct) =>
        db.Households.IgnoreQueryFilters().AsNoTracking().AnyAsync(h => h.Number == number, ct);

    /// <summary>
    /// Changes a household's editable fields. Its number, status, status year and identified year stay:
    /// a form that repeats them (or leaves them out) is fine, one that changes them is refused.
    /// </summary>
    public static async Task<EditResult<Household>> UpdateAsync(JingzhunDbContext db, long id, HouseholdForm form, string reason, CancellationToken ct = default)
    {
        var household = await db.Households.FirstOrDefaultAsync(h => h.Id == id, ct);
        if (household is null) return EditResult<Household>.NotFound();
        await EnsureMayChangeAsync(db, household, ct);
        var errors = new List<FieldError>();
        if (form.Number is { } number && number.Trim() != household.Number) errors.Add(RegistryStatusRules.NumberFixed());
        if (form.Status is { } status && status != household.Status) errors.Add(RegistryStatusRules.StatusRefused());
        if (form.StatusYear is { } statusYear && statusYear != household.StatusYear) errors.Add(RegistryStatusRules.StatusYearRefused());
        if (form.IdentifiedYear is { } identified && identified != household.IdentifiedYear) errors.Add(RegistryStatusRules.IdentifiedYearRefused());
        if (form.Monitoring is { } monitoring && monitoring != household.Monitoring) errors.Add(RegistryStatusRules.MonitoringRefused());
        if (errors.Count > 0) return EditResult<Household>.Invalid(errors);
        // The save succeeds only if nobody saved since the editor loaded this version.
        db.Entry(household).Property(h => h.Version).OriginalValue = form.Version;
        var previousVillage = household.VillageCode;
        form.ApplyTo(household);
        errors.AddRange(RegistryValidation.Household(household));
        if (household.VillageCode != previousVillage) errors.AddRange(await VillageErrorsAsync(db, household.VillageCode, ct));
        if (errors.Count > 0) return EditResult<Household>.Invalid(errors);
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
    public static async Task<EditResult<HouseholdIncome>> SetIncomeAsync(JingzhunDbContext db, long householdId, IncomeForm form, DateTime now,
        CancellationToken ct = default)
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
        household.UpdatedAt = now; // bumps the household's version too: its income changed
        await db.SaveChangesAsync(ct);
        return EditResult<HouseholdIncome>.Saved(income);
    }

    /// <summary>
    /// Refuses up front, before any field is checked, a change the save would refuse anyway:
    /// readers who may not change the household learn nothing from validation messages.
    /// The save itself checks again (HouseholdSaveRules, PairingSaveRules), so this is a courtesy, not the guard.
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
