using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Collaboration;

/// <summary>A partner to register.</summary>
public sealed record PartnerForm(string Name, PartnerKind Kind, string Place, string RegionCode = "", string CreditCode = "", string Contact = "");

/// <summary>A pairing to record: the partner helps the region from a day.</summary>
public sealed record PairingForm(long PartnerId, string RegionCode, PairingType Type, DateOnly StartsOn, string Agreement = "", DateOnly? EndsOn = null);

/// <summary>A person exchanged under a pairing.</summary>
public sealed record SecondeeForm(long PairingId, string Name, SecondmentDirection Direction, SecondeeKind Kind, string Post, DateOnly From, DateOnly? To = null);

/// <summary>What a partner did: the area reached (inside the pairing's region), the kind, the day, how much or how many, who was reached.</summary>
public sealed record InputForm(long PairingId, string RegionCode, InputKind Kind, DateOnly On, Money Amount, int Count, int HouseholdsReached, int PeopleReached,
    string Description = "", FundSource? Source = null);

/// <summary>
/// The collaboration steps (社会帮扶与东西部协作), each one governed: the role table (<see cref="CollaborationRoles"/>), the
/// actor's region or, for a partner account, its own partner, a reason where a step refuses, and the audit line the save
/// hook writes. The page, the API and the demo take the same step through these functions; there is no other way in.
/// Inputs go entered → checked by the village work team → confirmed by the county; only confirmed ones are counted.
/// </summary>
public static class CollaborationWork
{
    private static readonly Bilingual PairStep = new("登记结对帮扶", "record pairings");
    private static readonly Bilingual EnterStep = new("填报帮扶投入", "enter assistance inputs");
    private static readonly Bilingual CheckStep = new("核实帮扶投入", "check assistance inputs");
    private static readonly Bilingual ConfirmStep = new("确认帮扶投入", "confirm assistance inputs");

    private static bool IsSystem(JingzhunDbContext db) => db.Scope.IsAdministrator && db.Scope.Role is null;

    /// <summary>Whether the actor may take a step with these roles in this region (a partner account: for its partner).</summary>
    public static bool May(JingzhunDbContext db, IReadOnlyCollection<Role> roles, string regionCode, long partnerId = 0)
    {
        if (IsSystem(db)) return true;
        if (!CollaborationRoles.May(db.Scope.Role, roles)) return false;
        if (db.Scope.Role == Role.Partner) return partnerId != 0 && partnerId == db.Scope.PartnerId;
        return db.Scope.MayChange(regionCode) && !db.Scope.WritesAssignedOnly;
    }

    private static void Require(JingzhunDbContext db, IReadOnlyCollection<Role> roles, string regionCode, Bilingual what, long partnerId = 0)
    {
        if (!May(db, roles, regionCode, partnerId))
            throw new WorkflowRefusedException($"{db.Scope.Actor}的角色不能{what.Chinese}", $"{db.Scope.Actor}'s role may not {what.English}", regionCode);
    }

    private static FundInputException Invalid(string chinese, string english) => new(chinese, english);

    private static string Text(string? text, int max, string chinese, string english)
    {
        var t = (text ?? "").Trim();
        if (t.Length > max) throw Invalid($"{chinese}最多{max}字", $"{english} is at most {max} characters");
        return t;
    }

    private static async Task<RegionCode> RegionAsync(JingzhunDbContext db, string? text, CancellationToken ct)
    {
        if (!RegionCode.TryParse(text, out var code, out var error)) throw Invalid($"区划：{error}", $"region: {error}");
        if (code.Level == RegionLevel.Nation) throw Invalid("受援方应为省及以下区划", "the helped side is a province or a region below it");
        if (!await db.Regions.AsNoTracking().AnyAsync(r => r.Code == code.Value && r.ValidTo == null, ct))
            throw Invalid($"区划{code.Value}不存在", $"there is no region {code.Value}");
        return code;
    }

    private static string CountyOf(RegionCode code) => code.Level >= RegionLevel.County ? code.Value[..6] : "";

    /// <summary>Registers a partner (the office of the actor's region registers it; a system administrator anywhere).</summary>
    public static async Task<Partner> AddPartnerAsync(JingzhunDbContext db, PartnerForm form, DateTime now, CancellationToken ct = default)
    {
        var office = IsSystem(db) ? RegionCode.Nation.Value : OfficeCode(db);
        Require(db, CollaborationRoles.ManagePairings, office, PairStep);
        var name = Text(form.Name, 200, "名称", "the name");
        if (name.Length == 0) throw Invalid("请填写帮扶单位名称", "give the partner's name");
        if (!Enum.IsDefined(form.Kind)) throw Invalid("请选择帮扶单位类别", "choose the kind of partner");
        var region = (form.RegionCode ?? "").Trim();
        if (region.Length > 0 && !RegionCode.TryParse(region, out _, out var error)) throw Invalid($"区划：{error}", $"region: {error}");
        var partner = new Partner
        {
            Name = name, Kind = form.Kind, Place = Text(form.Place, 200, "所在地", "the place"), RegionCode = region,
            CreditCode = Text(form.CreditCode, 18, "统一社会信用代码", "the credit code"), Contact = Text(form.Contact, 100, "联系人", "the contact"),
            RegisteredIn = office, CreatedBy = db.Scope.Actor, CreatedAt = now,
        };
        db.Partners.Add(partner);
        await db.SaveChangesAsync(ct);
        return partner;
    }

    /// <summary>The 12-digit code of the actor's own region (its prefix padded).</summary>
    private static string OfficeCode(JingzhunDbContext db) => db.Scope.RegionPrefix.PadRight(12, '0');

    /// <summary>Records a pairing of a partner with a region the actor holds.</summary>
    public static async Task<Pairing> PairAsync(JingzhunDbContext db, PairingForm form, DateTime now, CancellationToken ct = default)
    {
        var region = await RegionAsync(db, form.RegionCode, ct);
        Require(db, CollaborationRoles.ManagePairings, region.Value, PairStep);
        if (!Enum.IsDefined(form.Type)) throw Invalid("请选择结对类型", "choose the type of pairing");
        var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == form.PartnerId, ct)
            ?? throw Invalid("帮扶单位不存在", "there is no such partner");
        if (!partner.IsActive) throw Invalid("帮扶单位已停用", "the partner is no longer active");
        if (form.StartsOn.Year < 1996 || form.StartsOn > DateOnly.FromDateTime(now).AddYears(1)) throw Invalid("开始日期不合理", "the start date is out of range");
        if (form.EndsOn is { } end && end < form.StartsOn) throw Invalid("结束日期不能早于开始日期", "the end cannot be before the start");
        if (await db.CollaborationPairings.AnyAsync(p => p.PartnerId == partner.Id && p.RegionCode == region.Value && p.Type == form.Type && p.EndsOn == null, ct))
            throw new WorkflowBlockedException("该帮扶单位与该地区已有同类结对", "the partner already has a running pairing of this type with the region");
        var pairing = new Pairing
        {
            PartnerId = partner.Id, RegionCode = region.Value, RegionPrefix = region.Prefix, CountyCode = CountyOf(region), Type = form.Type,
            Agreement = Text(form.Agreement, 1000, "协议", "the agreement"), StartsOn = form.StartsOn, EndsOn = form.EndsOn,
            CreatedBy = db.Scope.Actor, CreatedAt = now,
        };
        db.CollaborationPairings.Add(pairing);
        await db.SaveChangesAsync(ct);
        return pairing;
    }

    /// <summary>Ends a pairing on a day, with a reason; it stays with its history.</summary>
    public static async Task<Pairing?> EndPairingAsync(JingzhunDbContext db, long pairingId, DateOnly endsOn, string reason, DateTime now, CancellationToken ct = default)
    {
        var pairing = await db.CollaborationPairings.FirstOrDefaultAsync(p => p.Id == pairingId, ct);
        if (pairing is null) return null;
        Require(db, CollaborationRoles.ManagePairings, pairing.RegionCode, PairStep);
        var why = Text(reason, 500, "原因", "the reason");
        if (why.Length == 0) throw Invalid("请填写结束结对的原因", "give the reason for ending the pairing");
        if (pairing.EndsOn is { } ended && ended <= DateOnly.FromDateTime(now)) throw new WorkflowBlockedException("结对已结束", "the pairing has already ended");
        if (endsOn < pairing.StartsOn) throw Invalid("结束日期不能早于开始日期", "the end cannot be before the start");
        pairing.EndsOn = endsOn;
        pairing.EndedReason = why;
        await db.SaveChangesAsync(ct);
        return pairing;
    }

    /// <summary>Records a person exchanged under a pairing (either way); null when the reader sees no such pairing.</summary>
    public static async Task<SecondedCadre?> AddSecondeeAsync(JingzhunDbContext db, SecondeeForm form, DateTime now, CancellationToken ct = default)
    {
        var pairing = await db.CollaborationPairings.AsNoTracking().FirstOrDefaultAsync(p => p.Id == form.PairingId, ct);
        if (pairing is null) return null;
        Require(db, CollaborationRoles.ManagePairings, pairing.RegionCode, PairStep);
        var name = Text(form.Name, 50, "姓名", "the name");
        if (name.Length == 0) throw Invalid("请填写姓名", "give the person's name");
        if (!Enum.IsDefined(form.Direction) || !Enum.IsDefined(form.Kind)) throw Invalid("请选择交流方向和人员类别", "choose the direction and the kind of person");
        if (form.To is { } to && to < form.From) throw Invalid("结束日期不能早于开始日期", "the end cannot be before the start");
        var row = new SecondedCadre
        {
            PairingId = pairing.Id, PartnerId = pairing.PartnerId, RegionCode = pairing.RegionCode, RegionPrefix = pairing.RegionPrefix, CountyCode = pairing.CountyCode,
            Name = name, Direction = form.Direction, Kind = form.Kind, Post = Text(form.Post, 100, "职务", "the post"), From = form.From, To = form.To,
            RecordedBy = db.Scope.Actor, RecordedAt = now,
        };
        db.SecondedCadres.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>Enters an input under a pairing: the partner itself, or the county or township office on its behalf.</summary>
    public static async Task<CollaborationInput> EnterInputAsync(JingzhunDbContext db, InputForm form, DateTime now, CancellationToken ct = default)
    {
        var pairing = await db.CollaborationPairings.AsNoTracking().FirstOrDefaultAsync(p => p.Id == form.PairingId, ct)
            ?? throw Invalid("结对不存在", "there is no such pairing");
        var region = await RegionAsync(db, form.RegionCode, ct);
        Require(db, CollaborationRoles.Enter, region.Value, EnterStep, pairing.PartnerId);
        if (!region.Value.StartsWith(pairing.RegionPrefix, StringComparison.Ordinal))
            throw Invalid("受益地区应在结对地区之内", "the area reached must lie inside the pairing's region");
        if (!pairing.IsActiveOn(form.On)) throw Invalid("投入日期不在结对期间", "the input's date is outside the pairing's period");
        if (form.On > DateOnly.FromDateTime(now)) throw Invalid("投入日期不能晚于今天", "the date cannot be after today");
        if (!Enum.IsDefined(form.Kind)) throw Invalid("请选择投入类别", "choose the kind of input");
        if (form.Source is { } source && !Enum.IsDefined(source)) throw Invalid("资金来源不正确", "unknown source of funds");
        if (form.Amount < Money.Zero || form.Count < 0 || form.HouseholdsReached < 0 || form.PeopleReached < 0)
            throw Invalid("金额和数量不能为负", "amounts and counts cannot be negative");
        if (form.Amount == Money.Zero && form.Count == 0) throw Invalid("请填写金额或数量", "give an amount or a count");
        if (decimal.Round(form.Amount.Yuan, 2) != form.Amount.Yuan) throw Invalid("金额最多精确到分", "the amount is exact to the fen (two decimals at most)");
        if (form.PeopleReached < form.HouseholdsReached) throw Invalid("受益人数不能少于受益户数", "people reached cannot be fewer than households reached");
        var input = new CollaborationInput
        {
            PairingId = pairing.Id, PartnerId = pairing.PartnerId, RegionCode = region.Value, CountyCode = CountyOf(region), Kind = form.Kind,
            Year = form.On.Year, On = form.On, Amount = form.Amount, Count = form.Count, Source = form.Source ?? DefaultSource(pairing.Type, form.Kind),
            Description = Text(form.Description, 1000, "说明", "the description"), HouseholdsReached = form.HouseholdsReached, PeopleReached = form.PeopleReached,
            EnteredBy = db.Scope.Actor, EnteredAt = now,
        };
        db.CollaborationInputs.Add(input);
        await db.SaveChangesAsync(ct);
        return input;
    }

    /// <summary>The funds module's source a money input of this pairing counts under, unless one is given.</summary>
    public static FundSource? DefaultSource(PairingType type, InputKind kind) =>
        kind is InputKind.Funds or InputKind.DonationMoney
            ? type switch
            {
                PairingType.EastWest => FundSource.EastWest,
                PairingType.Designated => FundSource.Designated,
                _ => FundSource.Society,
            }
            : null;

    /// <summary>The village work team checks an input on the spot (工作队核实).</summary>
    public static Task<CollaborationInput?> CheckAsync(JingzhunDbContext db, long inputId, DateTime now, CancellationToken ct = default) =>
        MoveAsync(db, inputId, InputState.Entered, CheckStep, CollaborationRoles.Check, input =>
        {
            input.State = InputState.Checked;
            input.CheckedBy = db.Scope.Actor;
            input.CheckedAt = now;
        }, ct);

    /// <summary>The county confirms the people an input reached (县级确认), correcting the counts when its own check differs.</summary>
    public static Task<CollaborationInput?> ConfirmAsync(JingzhunDbContext db, long inputId, int? households, int? people, DateTime now, CancellationToken ct = default) =>
        MoveAsync(db, inputId, InputState.Checked, ConfirmStep, CollaborationRoles.Confirm, input =>
        {
            if (households is < 0 || people is < 0) throw Invalid("户数和人数不能为负", "counts cannot be negative");
            input.HouseholdsReached = households ?? input.HouseholdsReached;
            input.PeopleReached = people ?? input.PeopleReached;
            if (input.PeopleReached < input.HouseholdsReached) throw Invalid("受益人数不能少于受益户数", "people reached cannot be fewer than households reached");
            input.State = InputState.Confirmed;
            input.ConfirmedBy = db.Scope.Actor;
            input.ConfirmedAt = now;
        }, ct);

    /// <summary>Rejects an input with a reason: the work team while it waits for the check, the county while it waits for confirmation.</summary>
    public static async Task<CollaborationInput?> RejectAsync(JingzhunDbContext db, long inputId, string reason, DateTime now, CancellationToken ct = default)
    {
        var input = await db.CollaborationInputs.FirstOrDefaultAsync(i => i.Id == inputId, ct);
        if (input is null) return null;
        var (roles, rejected, step) = input.State switch
        {
            InputState.Entered => (CollaborationRoles.Check, InputState.RejectedOnCheck, CheckStep),
            InputState.Checked => (CollaborationRoles.Confirm, InputState.RejectedOnConfirm, ConfirmStep),
            _ => throw new WorkflowBlockedException("该投入已确认或已退回", "the input has already been confirmed or rejected"),
        };
        Require(db, roles, input.RegionCode, step);
        var why = Text(reason, 500, "退回原因", "the reason");
        if (why.Length == 0) throw Invalid("请填写退回原因", "give the reason for the rejection");
        input.State = rejected;
        input.RejectedBy = db.Scope.Actor;
        input.RejectedAt = now;
        input.RejectedReason = why;
        await db.SaveChangesAsync(ct);
        return input;
    }

    private static async Task<CollaborationInput?> MoveAsync(JingzhunDbContext db, long inputId, InputState from, Bilingual step, IReadOnlyCollection<Role> roles,
        Action<CollaborationInput> move, CancellationToken ct)
    {
        var input = await db.CollaborationInputs.FirstOrDefaultAsync(i => i.Id == inputId, ct);
        if (input is null) return null;
        Require(db, roles, input.RegionCode, step);
        if (input.State != from)
            throw new WorkflowBlockedException($"该投入当前为“{input.State.Chinese()}”，不能{step.Chinese}", $"the input is {input.State.English().ToLowerInvariant()}; one may not {step.English} in this state");
        move(input);
        await db.SaveChangesAsync(ct);
        return input;
    }

    /// <summary>Whether the actor may take the next step of this input (the pages show the buttons exactly then).</summary>
    public static bool MayMove(JingzhunDbContext db, CollaborationInput input) =>
        CollaborationRoles.Next(input.State) is { Count: > 0 } roles && May(db, roles, input.RegionCode);
}
