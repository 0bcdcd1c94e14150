using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assistance;

/// <summary>What a cadre's roster entry says, as a form, the API and a roster file give it.</summary>
public sealed class CadreForm
{
    public string Name { get; set; } = "";
    /// <summary>工作单位.</summary>
    public string Unit { get; set; } = "";
    /// <summary>职务.</summary>
    public string Position { get; set; } = "";
    /// <summary>联系电话: a mobile or a landline with its area code (<see cref="PhoneNumbers"/>).</summary>
    public string Phone { get; set; } = "";
    public CadreLevel? Level { get; set; } = CadreLevel.County;
    /// <summary>The version the editor started from (edits only; 409 when the entry changed meanwhile).</summary>
    public int? Version { get; set; }

    public static CadreForm From(Cadre c) => new() { Name = c.Name, Unit = c.Unit, Position = c.Position, Phone = c.Phone, Level = c.Level, Version = c.Version };

    public static CadreForm From(CadreRow c) => new() { Name = c.Name, Unit = c.Unit, Position = c.Position, Phone = c.Phone, Level = c.Level, Version = c.Version };
}

/// <summary>Which part of a roster to list.</summary>
/// <param name="Text">Part of the name, unit, position or phone.</param>
/// <param name="State">Serving or left; all when null.</param>
/// <param name="OverLimitOnly">Only cadres paired with more households than the rule set allows.</param>
public sealed record RosterFilter(string? Text = null, CadreState? State = null, bool OverLimitOnly = false);

/// <summary>A cadre of a roster with their present caseload (active pairings) and whether it is over the rule set's limit.</summary>
public sealed record CadreRow(int Id, string CountyCode, string Name, string Unit, string Position, string Phone, CadreLevel Level, CadreState State,
    DateOnly? LeftOn, string LeftReason, int? AccountId, string? AccountUserName, int Caseload, bool OverLimit, int Version);

/// <summary>A county's roster: its cadres, the caseload limit of the county's rule set, and how many are over it.</summary>
public sealed record RosterView(string CountyCode, int CaseloadLimit, IReadOnlyList<CadreRow> Cadres)
{
    public int Serving => Cadres.Count(c => c.State == CadreState.Serving);
    public int OverLimit => Cadres.Count(c => c.OverLimit);
}

/// <summary>One pairing of a cadre: the household, when it started and ended, why, by whom, and whom it was handed to.</summary>
public sealed record CadrePairingRow(long PairingId, long HouseholdId, string HouseholdNumber, string HeadName, string VillageCode,
    DateOnly StartedOn, string StartReason, string StartedBy, DateOnly? EndedOn, string EndReason, string EndedBy, long? HandedOverToId, string? HandedOverTo)
{
    public bool IsActive => EndedOn is null;
}

/// <summary>What came of marking a cadre as left: the entry, and the households still paired with them that need a new cadre.</summary>
public sealed record LeaveResult(Cadre Cadre, IReadOnlyList<CadrePairingRow> NeedHandover);

/// <summary>
/// The county's roster of assistance cadres (帮扶责任人): governed steps (add, edit, mark left, link a sign-in account),
/// each checked first against <see cref="AssistanceRoles.ManageRoster"/> inside the actor's region, and the roster's
/// queries (caseload against <see cref="Domain.Rules.RuleSet.CadreCaseloadLimit"/>, a cadre's households and history).
/// A cadre who leaves keeps their pairings until each is handed over: nothing ends silently.
/// </summary>
public static class CadreRoster
{
    private static readonly Bilingual ManageStep = new("管理帮扶责任人花名册", "manage the roster of assistance cadres");

    /// <summary>Whether the scope may change the roster of this county (pages show the forms exactly then).</summary>
    public static bool MayManage(AccessScope scope, string countyCode) =>
        (scope.IsAdministrator && scope.Role is null) || (AssistanceRoles.May(scope.Role, AssistanceRoles.ManageRoster) && scope.MayChange(countyCode));

    /// <summary>Whether the scope reads the roster of this county at all (as the roster's scope filter decides row by row).</summary>
    public static bool MayRead(AccessScope scope, string countyCode) =>
        scope.CanRead && !scope.ReadsAssignedOnly
        && (countyCode.StartsWith(scope.RegionPrefix, StringComparison.Ordinal) || scope.RegionPrefix.StartsWith(countyCode, StringComparison.Ordinal));

    /// <summary>The county whose roster a reader works on: the one asked for, else the county of the reader's own region; null when neither names one.</summary>
    public static string? CountyFor(AccessScope scope, string? asked)
    {
        var county = (asked ?? "").Trim();
        if (county.Length >= 6 && county[..6].All(char.IsAsciiDigit)) return county[..6];
        return scope.RegionPrefix.Length >= 6 ? scope.RegionPrefix[..6] : null;
    }

    // ---- steps ------------------------------------------------------------------------------------------------

    /// <summary>Adds a cadre to the county's roster, linked to the sign-in account <paramref name="userName"/> when one is named.</summary>
    public static async Task<EditResult<Cadre>> AddAsync(JingzhunDbContext db, string countyCode, CadreForm form, string? userName = null,
        CancellationToken ct = default)
    {
        var county = CountyCode(countyCode);
        AssistanceSteps.Require(db, AssistanceRoles.ManageRoster, county, ManageStep);
        var errors = Check(form);
        if (errors.Count == 0 && await DuplicateAsync(db, county, form, null, ct) is { } duplicate) errors.Add(duplicate);
        int? accountId = null;
        if (!string.IsNullOrWhiteSpace(userName))
        {
            var (id, error) = await AccountForAsync(db, county, userName.Trim(), null, ct);
            if (error is not null) errors.Add(error);
            accountId = id;
        }
        if (errors.Count > 0) return EditResult<Cadre>.Invalid(errors);
        var cadre = new Cadre { CountyCode = county, Name = "", AccountId = accountId };
        Apply(form, cadre);
        db.Cadres.Add(cadre);
        await db.SaveChangesAsync(ct);
        return EditResult<Cadre>.Saved(cadre);
    }

    /// <summary>
    /// Changes a cadre's name, unit, position, phone or level (from the version the editor saw, when given) and, when
    /// <paramref name="userName"/> is not null, the linked account in the same save ("" unlinks).
    /// </summary>
    public static async Task<EditResult<Cadre>> EditAsync(JingzhunDbContext db, int cadreId, CadreForm form, string? userName = null,
        CancellationToken ct = default)
    {
        var cadre = await db.Cadres.FirstOrDefaultAsync(c => c.Id == cadreId, ct);
        if (cadre is null) return EditResult<Cadre>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.ManageRoster, cadre.CountyCode, ManageStep);
        var errors = Check(form);
        if (errors.Count == 0 && await DuplicateAsync(db, cadre.CountyCode, form, cadre.Id, ct) is { } duplicate) errors.Add(duplicate);
        var accountId = cadre.AccountId;
        if (userName is not null)
        {
            if (userName.Trim().Length == 0) accountId = null;
            else
            {
                var (id, error) = await AccountForAsync(db, cadre.CountyCode, userName.Trim(), cadre.Id, ct);
                if (error is not null) errors.Add(error);
                accountId = id;
            }
        }
        if (errors.Count > 0) return EditResult<Cadre>.Invalid(errors);
        if (form.Version is { } version) db.Entry(cadre).Property(c => c.Version).OriginalValue = version;
        Apply(form, cadre);
        cadre.AccountId = accountId;
        await db.SaveChangesAsync(ct);
        return EditResult<Cadre>.Saved(cadre);
    }

    /// <summary>
    /// Marks a cadre as left (调离) on a date with the reason. Their active pairings are not ended: they are listed as
    /// needing a handover to another cadre, which the household page and the API do with a reason each.
    /// </summary>
    public static async Task<EditResult<LeaveResult>> LeaveAsync(JingzhunDbContext db, int cadreId, DateOnly? leftOn, string? reason, DateOnly today,
        CancellationToken ct = default)
    {
        var cadre = await db.Cadres.FirstOrDefaultAsync(c => c.Id == cadreId, ct);
        if (cadre is null) return EditResult<LeaveResult>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.ManageRoster, cadre.CountyCode, ManageStep);
        var errors = new List<FieldError>();
        var why = (reason ?? "").Trim();
        if (cadre.State == CadreState.Left) errors.Add(new FieldError("State", "该帮扶责任人已调离", "This cadre has already left"));
        if (leftOn is null) errors.Add(new FieldError("LeftOn", "请填写调离日期", "Give the date the cadre left"));
        else if (leftOn > today) errors.Add(new FieldError("LeftOn", "调离日期不能晚于今天", "The date may not be in the future"));
        else if (leftOn < new DateOnly(2000, 1, 1))
            errors.Add(new FieldError("LeftOn", "调离日期无效", "The date is not valid"));
        if (why.Length == 0) errors.Add(new FieldError("Reason", "请填写调离原因", "Give the reason the cadre left"));
        else if (why.Length > 200 || why.Any(char.IsControl)) errors.Add(new FieldError("Reason", "调离原因不能超过200字", "The reason may not exceed 200 characters"));
        if (errors.Count > 0) return EditResult<LeaveResult>.Invalid(errors);
        cadre.State = CadreState.Left;
        cadre.LeftOn = leftOn;
        cadre.LeftReason = why;
        await db.SaveChangesAsync(ct);
        var open = (await PairingsAsync(db, cadreId, ct)).Where(p => p.IsActive).ToList();
        return EditResult<LeaveResult>.Saved(new LeaveResult(cadre, open));
    }

    /// <summary>
    /// Links the cadre to a sign-in account (by user name), or unlinks it (an empty name). Only an account of the role
    /// 帮扶责任人 inside the county, and one cadre per account: the account then changes the cadre's households.
    /// </summary>
    public static async Task<EditResult<Cadre>> LinkAccountAsync(JingzhunDbContext db, int cadreId, string? userName, CancellationToken ct = default)
    {
        var cadre = await db.Cadres.FirstOrDefaultAsync(c => c.Id == cadreId, ct);
        if (cadre is null) return EditResult<Cadre>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.ManageRoster, cadre.CountyCode, ManageStep);
        var name = (userName ?? "").Trim();
        if (name.Length == 0)
        {
            if (cadre.AccountId is null) return EditResult<Cadre>.Saved(cadre);
            cadre.AccountId = null;
            await db.SaveChangesAsync(ct);
            return EditResult<Cadre>.Saved(cadre);
        }
        var (accountId, error) = await AccountForAsync(db, cadre.CountyCode, name, cadre.Id, ct);
        if (error is not null) return EditResult<Cadre>.Invalid([error]);
        if (cadre.AccountId == accountId) return EditResult<Cadre>.Saved(cadre);
        cadre.AccountId = accountId;
        await db.SaveChangesAsync(ct);
        return EditResult<Cadre>.Saved(cadre);
    }

    // ---- queries ----------------------------------------------------------------------------------------------

    /// <summary>The roster of a county with each cadre's caseload and the over-limit flag of the county's rule set for the year of <paramref name="today"/>.</summary>
    public static async Task<RosterView> RosterAsync(JingzhunDbContext db, string countyCode, RosterFilter filter, DateOnly today, CancellationToken ct = default)
    {
        var county = CountyCode(countyCode);
        var limit = (await RuleBook.ForAsync(db, county, today.Year, ct)).CadreCaseloadLimit;
        var query = db.Cadres.AsNoTracking().Where(c => c.CountyCode == county);
        if (filter.State is { } state) query = query.Where(c => c.State == state);
        var text = (filter.Text ?? "").Trim();
        if (text.Length > 0) query = query.Where(c => c.Name.Contains(text) || c.Unit.Contains(text) || c.Position.Contains(text) || c.Phone.Contains(text));
        var rows = await query
            .Select(c => new
            {
                Cadre = c,
                UserName = db.Accounts.Where(a => a.Id == c.AccountId).Select(a => a.UserName).FirstOrDefault(),
                Caseload = db.CadrePairings.Count(p => p.CadreId == c.Id && p.EndedOn == null),
            })
            .ToListAsync(ct);
        var cadres = rows
            .Select(r => Row(r.Cadre, r.UserName, r.Caseload, limit))
            .Where(r => !filter.OverLimitOnly || r.OverLimit)
            .OrderBy(r => r.State).ThenByDescending(r => r.OverLimit).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id)
            .ToList();
        return new RosterView(county, limit, cadres);
    }

    /// <summary>One cadre of a roster the reader can see, with caseload; null when there is none (or it is another county's).</summary>
    public static async Task<CadreRow?> FindAsync(JingzhunDbContext db, int cadreId, DateOnly today, CancellationToken ct = default)
    {
        var row = await db.Cadres.AsNoTracking().Where(c => c.Id == cadreId)
            .Select(c => new
            {
                Cadre = c,
                UserName = db.Accounts.Where(a => a.Id == c.AccountId).Select(a => a.UserName).FirstOrDefault(),
                Caseload = db.CadrePairings.Count(p => p.CadreId == c.Id && p.EndedOn == null),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var limit = (await RuleBook.ForAsync(db, row.Cadre.CountyCode, today.Year, ct)).CadreCaseloadLimit;
        return Row(row.Cadre, row.UserName, row.Caseload, limit);
    }

    /// <summary>Every pairing of the cadre the reader can see (its village in scope), active first, then newest first: their households and history.</summary>
    public static async Task<List<CadrePairingRow>> PairingsAsync(JingzhunDbContext db, int cadreId, CancellationToken ct = default)
    {
        var rows = await db.CadrePairings.AsNoTracking().Where(p => p.CadreId == cadreId)
            .Select(p => new
            {
                p.Id, p.HouseholdId, p.VillageCode, p.StartedOn, p.StartReason, p.StartedBy, p.EndedOn, p.EndReason, p.EndedBy, p.HandedOverToId,
                Number = p.Household!.Number,
                Head = p.Household.Members.Where(m => m.Relation == Relation.Head).OrderBy(m => m.Id).Select(m => m.Name).FirstOrDefault(),
                To = db.CadrePairings.Where(n => n.Id == p.HandedOverToId).Select(n => n.Cadre!.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows
            .Select(r => new CadrePairingRow(r.Id, r.HouseholdId, r.Number, r.Head ?? "", r.VillageCode, r.StartedOn, r.StartReason, r.StartedBy,
                r.EndedOn, r.EndReason, r.EndedBy, r.HandedOverToId, r.To))
            .OrderBy(r => r.IsActive ? 0 : 1).ThenByDescending(r => r.EndedOn ?? r.StartedOn).ThenByDescending(r => r.PairingId)
            .ToList();
    }

    /// <summary>The phone as this reader may see it: in full for those who manage the roster, masked for everyone else.</summary>
    public static string PhoneFor(AccessScope scope, CadreRow cadre) =>
        MayManage(scope, cadre.CountyCode) || cadre.AccountId is { } id && id == scope.AccountId && id != 0 ? cadre.Phone : Masking.Phone(cadre.Phone);

    // ---- rules ------------------------------------------------------------------------------------------------

    /// <summary>The field rules of a roster entry, each error naming its field in both languages.</summary>
    public static List<FieldError> Check(CadreForm form)
    {
        var errors = new List<FieldError>();
        var name = (form.Name ?? "").Trim();
        if (name.Length == 0) errors.Add(new FieldError("Name", "姓名不能为空", "The name is required"));
        else if (name.Length > 50 || name.Any(char.IsControl)) errors.Add(new FieldError("Name", "姓名不能超过50字", "The name may not exceed 50 characters"));
        var unit = (form.Unit ?? "").Trim();
        if (unit.Length == 0) errors.Add(new FieldError("Unit", "工作单位不能为空", "The unit is required"));
        else if (unit.Length > 100 || unit.Any(char.IsControl)) errors.Add(new FieldError("Unit", "工作单位不能超过100字", "The unit may not exceed 100 characters"));
        var position = (form.Position ?? "").Trim();
        if (position.Length > 50 || position.Any(char.IsControl)) errors.Add(new FieldError("Position", "职务不能超过50字", "The position may not exceed 50 characters"));
        var phone = PhoneNumbers.Normalize(form.Phone);
        if (phone.Length == 0) errors.Add(new FieldError("Phone", "联系电话不能为空", "The phone is required"));
        else if (!PhoneNumbers.IsValid(phone) || phone.Length > 20) errors.Add(new FieldError("Phone", PhoneNumbers.RuleChinese, PhoneNumbers.RuleEnglish));
        if (form.Level is not { } level || !Enum.IsDefined(level)) errors.Add(new FieldError("Level", "请选择层级", "Choose the level"));
        return errors;
    }

    /// <summary>A level written as its label (中文 or English, with or without 级) or its number.</summary>
    public static CadreLevel? LevelOf(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) return null;
        foreach (var level in Enum.GetValues<CadreLevel>())
        {
            var zh = level.Chinese();
            if (t == zh || t == zh.TrimEnd('级') || t + "级" == zh || t == zh.Replace("单位", "", StringComparison.Ordinal)
                || string.Equals(t, level.English(), StringComparison.OrdinalIgnoreCase) || string.Equals(t, level.ToString(), StringComparison.OrdinalIgnoreCase)
                || t == ((int)level).ToString(System.Globalization.CultureInfo.InvariantCulture))
                return level;
        }
        return null;
    }

    internal static string CountyCode(string countyCode)
    {
        var county = (countyCode ?? "").Trim();
        if (county.Length >= 6 && county[..6].All(char.IsAsciiDigit) && county[6..].All(c => c == '0')) return county[..6];
        throw new WorkflowBlockedException("须指定县（6位县级代码）：花名册按县管理", "give the county (its 6-digit code): rosters are kept county by county");
    }

    internal static void Apply(CadreForm form, Cadre cadre)
    {
        cadre.Name = form.Name.Trim();
        cadre.Unit = form.Unit.Trim();
        cadre.Position = (form.Position ?? "").Trim();
        cadre.Phone = PhoneNumbers.Normalize(form.Phone);
        cadre.Level = form.Level!.Value;
    }

    /// <summary>A serving cadre of the county with the same name and phone is the same person: refused, so a roster file imported twice adds nobody twice.</summary>
    internal static async Task<FieldError?> DuplicateAsync(JingzhunDbContext db, string county, CadreForm form, int? except, CancellationToken ct)
    {
        var name = form.Name.Trim();
        var phone = PhoneNumbers.Normalize(form.Phone);
        var other = await db.Cadres.AsNoTracking()
            .Where(c => c.CountyCode == county && c.State == CadreState.Serving && c.Name == name && c.Phone == phone && c.Id != (except ?? 0))
            .Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
        return other is null ? null
            : new FieldError("Name", $"花名册上已有同名同电话的在岗帮扶责任人（编号{other}）", $"A serving cadre with this name and phone is already on the roster (no. {other})");
    }

    /// <summary>The account a user name names, if it may be linked to a cadre of the county: role 帮扶责任人, in the county, no other cadre's.</summary>
    internal static async Task<(int? AccountId, FieldError? Error)> AccountForAsync(JingzhunDbContext db, string county, string userName, int? cadreId, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().Where(a => a.UserName == userName)
            .Select(a => new { a.Id, a.Role, a.RegionCode, a.IsDisabled }).FirstOrDefaultAsync(ct);
        if (account is null || !account.RegionCode.StartsWith(county, StringComparison.Ordinal))
            return (null, new FieldError("Account", $"本县没有账号“{Short(userName)}”", $"There is no account '{Short(userName)}' in the county"));
        if (account.Role != Role.AssistanceCadre)
            return (null, new FieldError("Account", $"账号“{userName}”的角色不是帮扶责任人", $"The account '{userName}' does not have the role of an assistance cadre"));
        // Looked for on every roster (one cadre per account is a unique index): what another roster holds is not named.
        var taken = await db.Cadres.IgnoreQueryFilters().AsNoTracking().AnyAsync(c => c.AccountId == account.Id && c.Id != (cadreId ?? 0), ct);
        if (taken)
            return (null, new FieldError("Account", $"账号“{userName}”已关联另一名帮扶责任人", $"The account '{userName}' is already linked to another cadre"));
        return (account.Id, null);
    }

    private static string Short(string text)
    {
        var t = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return t.Length <= 30 ? t : t[..30] + "…";
    }

    private static CadreRow Row(Cadre c, string? userName, int caseload, int limit) =>
        new(c.Id, c.CountyCode, c.Name, c.Unit, c.Position, c.Phone, c.Level, c.State, c.LeftOn, c.LeftReason, c.AccountId, userName, caseload,
            caseload > limit, c.Version);
}
