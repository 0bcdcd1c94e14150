using System.Linq.Expressions;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Registry;

/// <summary>
/// How a household's personal data (resident IDs, phone, bank account, health and disability, and
/// the birth date that the resident ID encodes) is shown to the current actor: in full or masked by
/// <see cref="Masking"/>. The one place where the decision is taken, from
/// <see cref="AccessScope.MasksPersonalData"/> and whether the household is paired with the actor
/// as its assistance cadre; the household page, the JSON API and the export all read the fields
/// through it.
/// </summary>
public sealed class PersonalDataView
{
    private PersonalDataView(bool masked) => Masked = masked;

    /// <summary>True when this household's personal data is shown masked to the actor.</summary>
    public bool Masked { get; }

    public static PersonalDataView Full { get; } = new(false);
    private static readonly PersonalDataView MaskedView = new(true);

    /// <summary>Households with an active assistance-cadre pairing to the account.</summary>
    public static Expression<Func<Household, bool>> PairedWith(JingzhunDbContext db, int accountId) =>
        h => db.CadrePairings.Any(p => p.HouseholdId == h.Id && p.EndedOn == null && p.Cadre!.AccountId == accountId);

    /// <summary>Whether the actor's scope masks anything at all, paired or not (no query needed when it does not).</summary>
    public static bool MayMask(AccessScope scope) => scope.MasksPersonalData(false) || scope.MasksPersonalData(true);

    /// <summary>The view of one household for the context's actor.</summary>
    public static async Task<PersonalDataView> ForAsync(JingzhunDbContext db, long householdId, CancellationToken ct = default)
    {
        if (!MayMask(db.Scope)) return Full;
        var paired = await IsPairedAsync(db, householdId, ct);
        return Of(db.Scope.MasksPersonalData(paired));
    }

    /// <summary>Whether the household is paired with the context's actor as its assistance cadre.</summary>
    public static Task<bool> IsPairedAsync(JingzhunDbContext db, long householdId, CancellationToken ct = default)
    {
        var account = db.Scope.AccountId;
        if (account == 0) return Task.FromResult(false);
        return db.CadrePairings.AnyAsync(p => p.HouseholdId == householdId && p.EndedOn == null && p.Cadre!.AccountId == account, ct);
    }

    /// <summary>
    /// The decision for many households at once (exports): the actor's paired households are
    /// read once, and each household is then decided without a query.
    /// </summary>
    public static async Task<Policy> PolicyAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        if (!MayMask(db.Scope)) return new Policy(db.Scope, []);
        var account = db.Scope.AccountId;
        var paired = await db.CadrePairings.AsNoTracking()
            .Where(p => p.EndedOn == null && p.Cadre!.AccountId == account)
            .Select(p => p.HouseholdId).ToListAsync(ct);
        return new Policy(db.Scope, paired.ToHashSet());
    }

    /// <summary>The masking decision for every household of one actor.</summary>
    public sealed class Policy(AccessScope scope, HashSet<long> paired)
    {
        public bool MayMask { get; } = PersonalDataView.MayMask(scope);

        public PersonalDataView For(long householdId) =>
            MayMask ? Of(scope.MasksPersonalData(paired.Contains(householdId))) : Full;

        /// <summary>Narrows a household query to those this policy masks (to tell before writing whether a file will be masked).</summary>
        public IQueryable<Household> Masked(IQueryable<Household> households)
        {
            if (!MayMask) return households.Where(h => false);
            var ids = paired.ToList();
            return scope.MasksPersonalData(true)
                ? households
                : households.Where(h => !ids.Contains(h.Id));
        }
    }

    private static PersonalDataView Of(bool masked) => masked ? MaskedView : Full;

    public string Phone(Household h) => Masked ? Masking.Phone(h.Phone) : h.Phone;

    public string BankAccount(Household h) => Masked ? Masking.BankAccount(h.BankAccount) : h.BankAccount;

    public string ResidentId(Member m) => Masked ? Masking.ResidentId(m.ResidentId) : m.ResidentId;

    /// <summary>The birth date is the middle of the resident ID: masked with it.</summary>
    public DateOnly? BirthDate(Member m) => Masked ? null : m.BirthDate;

    /// <summary>The health status, or null when masked (see <see cref="HealthText"/>).</summary>
    public HealthStatus? Health(Member m) => Masked ? null : m.Health;

    /// <summary>The health status as text: its label, or only "healthy / has a health condition" when masked.</summary>
    public string HealthText(Member m, bool english) => Masked ? Masking.Health(m.Health, english) : Labels.Label(m.Health, english);

    /// <summary>The disability grade, or null when masked.</summary>
    public DisabilityGrade? Disability(Member m) => Masked ? null : m.DisabilityGrade;

    /// <summary>The disability grade as text; blank when masked.</summary>
    public string DisabilityText(Member m, bool english) => Masked ? "" : Labels.Label(m.DisabilityGrade, english);
}
