using System.Globalization;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Data.Database;

/// <summary>
/// Runs before every save: refuses deletions, values the columns cannot hold (<see cref="StoredValues"/>) and changes outside the actor's scope, bumps the
/// concurrency version, stamps times, and writes the audit entries of the change.
/// </summary>
internal static class RegistryChangeRules
{
    private static readonly HashSet<Type> RegistryTypes =
        [typeof(Household), typeof(Member), typeof(HouseholdIncome), typeof(HouseholdStatusChange), typeof(AuditEntry), typeof(Region), typeof(RegionPopulation), typeof(RegionChange),
         typeof(HouseholdAssignment), typeof(Account), typeof(WorkflowCase), typeof(CaseStep), typeof(CaseBatch), typeof(Notice),
         typeof(Objection), typeof(RuleSetVersion), typeof(RuleDecision), typeof(YearEndSnapshot),
         typeof(Domain.Statistics.AreaAggregate), typeof(Domain.Statistics.AreaBreakdown),
         typeof(Domain.Assistance.AssistanceMeasure), typeof(Domain.Exit.ExitPlan)];

    public static void Apply(JingzhunDbContext db)
    {
        if (db.ChangeTracker.AutoDetectChangesEnabled) db.ChangeTracker.DetectChanges();
        var now = DateTime.UtcNow;
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        var audit = new List<AuditEntry>();
        foreach (var entry in entries)
        {
            if (entry.State == EntityState.Deleted && RegistryTypes.Contains(entry.Metadata.ClrType))
                throw new DeletionRefusedException(entry.Metadata.ClrType.Name);
            StoredValues.Check(entry);
            if (entry.Entity is AuditEntry)
            {
                // Entries are sealed once, right after they are written; a sealed entry never changes.
                if (entry.State == EntityState.Modified && entry.Property(nameof(AuditEntry.Hash)).OriginalValue is not null)
                    throw new InvalidOperationException("audit entries are append-only");
                continue;
            }
            if (entry.Entity is Account && entry.State == EntityState.Modified) EndSessionsOnAccessChange(entry);
            var household = HouseholdOf(db, entry);
            if (household is null) continue;
            CheckScope(db.Scope, entry, household.Value.VillageCode);
            CheckAssignment(db, entry, household.Value);
            Stamp(entry, now);
            if (entry.Entity is Domain.Assistance.AssistanceMeasure { CountyCode: "" } measure)
                measure.CountyCode = Household.CountyOf(household.Value.VillageCode);
            NoteCounty(db, entry, household.Value.VillageCode);
            if (db.BulkAuditSummary is null) audit.AddRange(Describe(db, entry, household.Value, now));
        }
        if (db.BulkAuditSummary is not null && entries.Count > 0)
        {
            audit.Add(new AuditEntry
            {
                At = now, Actor = db.Scope.Actor, Action = AuditAction.Import, EntityType = "Registry", EntityId = "",
                RegionCode = db.Scope.RegionPrefix, Reason = db.BulkAuditSummary,
            });
            db.BulkAuditSummary = null;
        }
        db.AuditEntries.AddRange(audit);
    }

    /// <summary>Households, members and measures feed the live statistics: their counties (both, for a move) become stale.</summary>
    private static void NoteCounty(JingzhunDbContext db, EntityEntry entry, string villageCode)
    {
        if (entry.Entity is not (Household or Member or Domain.Assistance.AssistanceMeasure)) return;
        db.ChangedCounties.Add(Household.CountyOf(villageCode));
        if (entry.Entity is Household && entry.State == EntityState.Modified
            && entry.Property(nameof(Household.VillageCode)).OriginalValue is string original)
            db.ChangedCounties.Add(Household.CountyOf(original));
    }

    /// <summary>The region a changed row belongs to, and its household when it has one.</summary>
    private readonly record struct Owner(string VillageCode, Household? Entity, long? Id);

    /// <summary>The household a registry row belongs to, with its village (the unit of scope).</summary>
    private static Owner? HouseholdOf(JingzhunDbContext db, EntityEntry entry)
    {
        switch (entry.Entity)
        {
            case Household h:
                return new Owner(h.VillageCode, h, h.Id);
            case Member m:
                return Find(db, m.Household, m.HouseholdId);
            case HouseholdIncome i:
                return Find(db, i.Household, i.HouseholdId);
            case HouseholdStatusChange s:
                return Find(db, s.Household, s.HouseholdId);
            case HouseholdAssignment a:
                return Find(db, a.Household, a.HouseholdId);
            case Domain.Assistance.AssistanceMeasure m:
                return Find(db, m.Household, m.HouseholdId);
            case Domain.Exit.ExitPlan p:
                return new Owner(p.RegionCode, null, null);
            case Account a:
                return new Owner(a.RegionCode, null, null);
            case WorkflowCase c:
                return new Owner(c.RegionCode, c.Household, c.HouseholdId);
            case CaseStep s:
                return new Owner(s.RegionCode, null, s.Case?.HouseholdId);
            case CaseBatch b:
                return new Owner(b.RegionCode, null, null);
            case Notice n:
                return new Owner(n.RegionCode, null, n.Case?.HouseholdId);
            case Objection o:
                return new Owner(o.RegionCode, null, null);
            case RuleDecision d:
                return new Owner(d.RegionCode, null, d.HouseholdId);
            case YearEndSnapshot y:
                return new Owner(y.VillageCode, null, y.HouseholdId);
            case Region r:
                return new Owner(r.Code, null, null);
            case RegionPopulation p:
                return new Owner(p.RegionCode, null, null);
            case RegionChange c:
                return new Owner(c.FromCode.Length > 0 ? c.FromCode : c.ToCode, null, null);
            case RuleSetVersion r:
                // A national rule set belongs to the nation; a provincial one to its province.
                return new Owner(r.Jurisdiction, null, null);
            default:
                return null;
        }
    }

    private static Owner Find(JingzhunDbContext db, Household? navigation, long householdId)
    {
        var household = navigation ?? db.ChangeTracker.Entries<Household>().Select(e => e.Entity).FirstOrDefault(h => h.Id == householdId);
        if (household is not null) return new Owner(household.VillageCode, household, household.Id);
        // Filtered by scope: a household outside it is not found, and the change is refused below.
        var village = db.Households.Where(h => h.Id == householdId).Select(h => h.VillageCode).FirstOrDefault();
        return new Owner(village ?? "-", null, householdId);
    }

    private static void CheckScope(AccessScope scope, EntityEntry entry, string villageCode)
    {
        if (entry.Entity is Account account)
        {
            CheckAccount(scope, entry, account);
            return;
        }
        if (entry.Entity is Domain.Exit.ExitPlan plan)
        {
            // A plan is set by a county-or-higher officer for an area in its region, and kept: a revision is a new row.
            if (entry.State != EntityState.Added)
                throw new InvalidOperationException("exit plans are kept: a revision adds a new version");
            if (!Domain.Exit.ExitPlan.MaySet(scope, plan.RegionCode))
                throw new ScopeViolationException($"{scope.Actor} may not set the exit plan of {plan.RegionCode}", plan.RegionCode);
            return;
        }
        if (entry.Entity is Region or RegionPopulation or RegionChange)
        {
            CheckRegion(scope, entry);
            return;
        }
        if (!scope.MayChange(villageCode))
            throw new ScopeViolationException($"{scope.Actor} may not change household data of {villageCode}", villageCode);
        // Moving a household to another village needs rights over both villages.
        if (entry.Entity is Household && entry.State == EntityState.Modified)
        {
            var original = (string?)entry.Property(nameof(Household.VillageCode)).OriginalValue;
            if (original is not null && !scope.MayChange(original))
                throw new ScopeViolationException($"{scope.Actor} may not change household data of {original}", original);
        }
    }

    /// <summary>
    /// The region tree is changed by system work, administrators and province (or national) officers inside their region
    /// (<see cref="RegionPolicy"/>), for the unit as it was and as it is. Only the exit year that a completed village or
    /// county exit case writes is governed by the case's own rules: whoever may change the area's data may record it.
    /// </summary>
    private static void CheckRegion(AccessScope scope, EntityEntry entry)
    {
        var codes = new List<string>();
        switch (entry.Entity)
        {
            case Region r:
                if (entry.State == EntityState.Modified
                    && entry.Properties.Where(p => p.IsModified).All(p => p.Metadata.Name == nameof(Region.ExitedYear)))
                {
                    if (!scope.MayChange(r.Code))
                        throw new ScopeViolationException($"{scope.Actor} may not record the exit of {r.Code}", r.Code);
                    return;
                }
                codes.Add(r.Code);
                if (entry.State == EntityState.Modified) codes.Add((string)entry.Property(nameof(Region.Code)).OriginalValue!);
                break;
            case RegionPopulation p:
                codes.Add(p.RegionCode);
                break;
            case RegionChange c:
                codes.AddRange(new[] { c.FromCode, c.ToCode }.Where(code => code.Length > 0));
                break;
        }
        foreach (var code in codes.Distinct())
            if (!RegionPolicy.MayChange(scope, code))
                throw new ScopeViolationException($"{scope.Actor} may not change the region {code} (province officers and administrators only)", code);
    }

    /// <summary>
    /// Account changes by a signed-in actor pass the account policy, for the account as it was and as it
    /// will be, so no page or endpoint can create or change an account the actor may not manage.
    /// Sign-in, one's own password change and command-line work run with a system scope and are not administration.
    /// </summary>
    private static void CheckAccount(AccessScope scope, EntityEntry entry, Account account)
    {
        if (AccountPolicy.IsSystemWork(scope)) return;
        var errors = new List<Domain.Common.FieldError>();
        if (entry.State == EntityState.Added)
            errors.AddRange(AccountPolicy.Check(scope, AccountAction.Create, account.Role, account.RegionCode));
        else
        {
            var wasDisabled = (bool)entry.Property(nameof(Account.IsDisabled)).OriginalValue!;
            // The account as it was: may the actor touch it at all (a disable also: is it the actor's own).
            // Its role and region are checked for consistency only when they change.
            var action = account.IsDisabled && !wasDisabled ? AccountAction.Disable : AccountAction.Enable;
            var originalRole = (Role)entry.Property(nameof(Account.Role)).OriginalValue!;
            var originalRegion = (string)entry.Property(nameof(Account.RegionCode)).OriginalValue!;
            errors.AddRange(AccountPolicy.Check(scope, action, originalRole, originalRegion, account.Id));
            if (originalRole != account.Role || originalRegion != account.RegionCode)
                errors.AddRange(AccountPolicy.Check(scope, AccountAction.Change, account.Role, account.RegionCode, account.Id));
        }
        if (errors.Count > 0)
            throw new ScopeViolationException(
                $"{scope.Actor} may not manage the account {account.UserName}: {string.Join("; ", errors.Select(e => e.English))}", account.RegionCode);
    }

    /// <summary>
    /// An assistance cadre changes only the households assigned to it, and never assignments;
    /// nobody but system work changes an assessor's sample except those who may change the village.
    /// </summary>
    private static void CheckAssignment(JingzhunDbContext db, EntityEntry entry, Owner owner)
    {
        if (!db.Scope.WritesAssignedOnly) return;
        var assigned = entry.State != EntityState.Added || entry.Entity is not Household
            ? db.Assignments.Any(a => a.HouseholdId == owner.Id && a.AccountId == db.Scope.AccountId
                                      && a.Kind == AssignmentKind.AssistanceCadre && a.EndedAt == null)
            : false;
        if (!assigned || entry.Entity is HouseholdAssignment)
            throw new ScopeViolationException($"{db.Scope.Actor} may change only the households assigned to it", owner.VillageCode);
    }

    private static void Stamp(EntityEntry entry, DateTime now)
    {
        switch (entry.Entity)
        {
            case Household h:
                if (entry.State == EntityState.Added) { if (h.CreatedAt == default) h.CreatedAt = now; h.CountyCode = Household.CountyOf(h.VillageCode); }
                else h.Version++;
                h.UpdatedAt = now;
                break;
            case Account a:
                if (entry.State == EntityState.Added && a.CreatedAt == default) a.CreatedAt = now;
                break;
            case Member m:
                if (entry.State == EntityState.Added) { if (m.CreatedAt == default) m.CreatedAt = now; }
                else m.Version++;
                m.UpdatedAt = now;
                break;
            case Domain.Assistance.AssistanceMeasure m:
                if (entry.State == EntityState.Added)
                {
                    if (m.CreatedAt == default) m.CreatedAt = now;
                    if (m.CountyCode.Length == 0 && m.Household is { } owner) m.CountyCode = Household.CountyOf(owner.VillageCode);
                }
                else m.Version++;
                m.UpdatedAt = now;
                break;
        }
    }

    private static IEnumerable<AuditEntry> Describe(JingzhunDbContext db, EntityEntry entry, Owner owner, DateTime now)
    {
        var type = entry.Metadata.ClrType.Name;
        AuditEntry Line(AuditAction action, string? field = null, string? before = null, string? after = null, string? reason = null)
        {
            var line = new AuditEntry
            {
                At = now, Actor = db.Scope.Actor, Action = action, EntityType = type, EntityId = KeyOf(entry),
                RegionCode = owner.VillageCode, Field = field, OldValue = before, NewValue = after, Reason = reason ?? db.ChangeReason,
            };
            if (owner.Entity is not null) line.Household = owner.Entity; else line.HouseholdId = owner.Id;
            return line;
        }

        if (entry.Entity is HouseholdStatusChange change)
        {
            yield return Line(AuditAction.StatusChange, nameof(Household.Status), change.From.ToString(), change.To.ToString(), change.Reason);
            yield break;
        }
        if (entry.Entity is Domain.Exit.ExitPlan plan)
        {
            yield return Line(AuditAction.Create, "Plan", null,
                $"{plan.Year}: {plan.PlannedHouseholds.ToString(CultureInfo.InvariantCulture)}户 / {plan.PlannedPeople.ToString(CultureInfo.InvariantCulture)}人 (v{plan.Version.ToString(CultureInfo.InvariantCulture)})",
                plan.Note.Length > 0 ? plan.Note : null);
            yield break;
        }
        if (entry.Entity is Region region && entry.State == EntityState.Added)
        {
            yield return Line(AuditAction.Create, nameof(Region.Name), null,
                $"{region.Name}（{Domain.Common.Labels.Chinese(region.Level)}，{Format(region.ValidFrom)}起 / {Domain.Common.Labels.English(region.Level)} from {Format(region.ValidFrom)}）");
            yield break;
        }
        if (entry.Entity is RegionChange regionChange)
        {
            yield return Line(AuditAction.Create, nameof(RegionChange.Kind), $"{regionChange.FromCode} {regionChange.FromName}".Trim(),
                $"{regionChange.ToCode} {regionChange.ToName}".Trim(), regionChange.Reason.Length > 0 ? regionChange.Reason : null);
            yield break;
        }
        if (entry.Entity is RegionPopulation population && entry.State == EntityState.Added)
        {
            yield return Line(AuditAction.Create, nameof(RegionPopulation.RuralPopulation), null,
                population.RuralPopulation.ToString(CultureInfo.InvariantCulture));
            yield break;
        }
        if (entry.State == EntityState.Added)
        {
            yield return Line(AuditAction.Create);
            yield break;
        }
        foreach (var property in entry.Properties.Where(p => p.IsModified))
        {
            var name = property.Metadata.Name;
            if (name is "Version" or "UpdatedAt" or "CreatedAt" or nameof(Account.FailedSignIns)) continue;
            // A session stamp is a secret and no news: the change that rotated it has its own line.
            if (name == nameof(Account.SessionStamp)) continue;
            if (name == nameof(Account.PasswordHash))
            {
                yield return Line(AuditAction.Update, name, "***", "***", "密码已更改 / password changed");
                continue;
            }
            var before = Format(property.OriginalValue);
            var after = Format(property.CurrentValue);
            // The log keeps personal data masked, like every other place outside the household's own file.
            if (before != after) yield return Line(AuditAction.Update, name, Masking.Field(name, before), Masking.Field(name, after));
        }
    }

    /// <summary>
    /// A new password, a new role or region, or disabling ends every session of the account, whoever saved it
    /// (pages, API, command line, import): the session stamp gets a new value unless the change already gave it one.
    /// </summary>
    private static void EndSessionsOnAccessChange(EntityEntry entry)
    {
        var stamp = entry.Property(nameof(Account.SessionStamp));
        if (stamp.IsModified) return;
        bool Changed(string name) => entry.Property(name) is { IsModified: true } p && !Equals(p.OriginalValue, p.CurrentValue);
        if (Changed(nameof(Account.PasswordHash)) || Changed(nameof(Account.Role)) || Changed(nameof(Account.RegionCode))
            || Changed(nameof(Account.IsDisabled)) && entry.Property(nameof(Account.IsDisabled)).CurrentValue is true)
            stamp.CurrentValue = Account.NewSessionStamp();
    }

    /// <summary>A readable key: the household number, or the member's resident ID, or the income year.</summary>
    private static string KeyOf(EntityEntry entry) => entry.Entity switch
    {
        Household h => h.Number,
        Account a => a.UserName,
        Member m => Masking.ResidentId(m.ResidentId),
        HouseholdIncome i => i.Year.ToString(CultureInfo.InvariantCulture),
        HouseholdStatusChange s => s.Year.ToString(CultureInfo.InvariantCulture),
        HouseholdAssignment a => $"{a.Kind}:{a.AccountId}",
        Domain.Assistance.AssistanceMeasure m => $"{m.Type}:{m.Year}",
        Domain.Exit.ExitPlan p => $"{p.RegionCode}:{p.Year}:v{p.Version}",
        Region r => $"{r.Code}@{r.ValidFrom:yyyy-MM-dd}",
        RegionPopulation p => $"{p.RegionCode}:{p.Year.ToString(CultureInfo.InvariantCulture)}",
        RegionChange c => $"{c.Kind}:{c.FromCode}>{c.ToCode}@{c.EffectiveDate:yyyy-MM-dd}",
        _ => "",
    };

    private static string? Format(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
