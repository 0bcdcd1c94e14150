using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assistance;

/// <summary>A relocation as recorded: why, how, where, who and how much housing and subsidy, in which year.</summary>
public sealed record RelocationInput(RelocationReason? Reason, RelocationMode? Mode, string Site, string? SiteVillageCode, int People, decimal HousingArea,
    Money HousingSubsidy, Money OtherSubsidy, int Year);

/// <summary>One thing done in a relocated household's follow-up.</summary>
public sealed record FollowUpInput(DateOnly On, FollowUpKind? Kind, string Description);

public sealed record RelocationWithFollowUps(Relocation Relocation, IReadOnlyList<RelocationFollowUp> FollowUps, bool InFollowUp, bool FollowUpDue);

/// <summary>The relocations of an area in one year at one site.</summary>
public sealed record RelocationSiteRow(int Year, string Site, RelocationMode Mode, int Households, int People, int MovedIn, decimal HousingArea,
    decimal AreaPerPerson, Money Subsidy);

/// <summary>A relocated household of an area's lists.</summary>
public sealed record RelocatedHousehold(long RelocationId, long HouseholdId, string Number, string VillageCode, string Site, int People, DateOnly? MovedOn,
    DateOnly? FollowUpUntil, DateOnly? LastFollowUp);

public sealed record RelocationArea(string Code, string Name, DateOnly Today, int Households, int PeopleMoved, int PeoplePlanned, decimal HousingArea,
    decimal AreaPerPerson, IReadOnlyList<RelocationSiteRow> BySite, IReadOnlyList<RelocatedHousehold> InFollowUp, IReadOnlyList<RelocatedHousehold> FollowUpsDue);

/// <summary>
/// 易地扶贫搬迁 as governed steps: record a poor household's relocation within the area line of the rule set
/// (25 m² per person), its move-in (three years of follow-up from that day), a cancellation with its reason, and the
/// follow-up support. The role check comes first (<see cref="AssistanceRoles"/>); region and pairing are the save rules'.
/// </summary>
public static class Relocations
{
    private sealed record HouseholdKey(long Id, string VillageCode, string CountyCode, HouseholdStatus Status);

    /// <summary>The save rules refuse a household outside the actor's region, or not paired with an assistance cadre; asked first here so that it is 403 before any field is judged.</summary>
    internal static async Task MayChangeAsync(JingzhunDbContext db, long householdId, string villageCode, CancellationToken ct)
    {
        if (!await Pairings.MayChangeAsync(db, householdId, villageCode, ct))
            throw new ScopeViolationException($"{db.Scope.Actor} may not change household {householdId}", villageCode);
    }

    private static Task<HouseholdKey?> HouseholdAsync(JingzhunDbContext db, long householdId, CancellationToken ct) =>
        db.Households.AsNoTracking().Where(h => h.Id == householdId)
            .Select(h => new HouseholdKey(h.Id, h.VillageCode, h.CountyCode, h.Status)).FirstOrDefaultAsync(ct);

    /// <summary>Records a planned relocation of a registered poor (or returned) household, within the housing-area line.</summary>
    public static async Task<EditResult<Relocation>> RecordAsync(JingzhunDbContext db, long householdId, RelocationInput input, DateTime now,
        CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        if (household is null) return EditResult<Relocation>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.Relocate, household.VillageCode, new Bilingual("登记易地扶贫搬迁", "record a relocation"));
        await MayChangeAsync(db, household.Id, household.VillageCode, ct);
        var errors = new List<FieldError>();
        if (!RelocationRules.IsEligibleStatus(household.Status))
            errors.Add(new FieldError("Reason", $"本户为{household.Status.Chinese()}，易地扶贫搬迁对象须为建档立卡贫困户或返贫户",
                $"The household is {household.Status.English()}; relocation is for registered poor or returned households"));
        if (input.Reason is not { } reason || !Enum.IsDefined(reason))
            errors.Add(new FieldError("Reason", "请选择搬迁原因", "Choose the reason for relocating"));
        if (input.Mode is not { } mode || !Enum.IsDefined(mode))
            errors.Add(new FieldError("Mode", "请选择安置方式", "Choose the resettlement mode"));
        if (string.IsNullOrWhiteSpace(input.Site)) errors.Add(new FieldError("Site", "请填写安置点", "Give the resettlement site"));
        var siteVillage = input.SiteVillageCode?.Trim() ?? "";
        if (siteVillage.Length > 0 && !await db.Regions.AnyAsync(r => r.Code == siteVillage, ct))
            errors.Add(new FieldError("SiteVillageCode", "安置点所在村代码不存在", "The site's village code is not a region"));
        var thisYear = DateOnly.FromDateTime(now).Year;
        if (input.Year < 2014 || input.Year > thisYear + 1)
            errors.Add(new FieldError("Year", $"搬迁年度应在2014到{thisYear + 1}之间", $"The year is between 2014 and {thisYear + 1}"));
        if (input.HousingSubsidy < Money.Zero) errors.Add(new FieldError("HousingSubsidy", "补助不能为负数", "The subsidy cannot be negative"));
        if (input.OtherSubsidy < Money.Zero) errors.Add(new FieldError("OtherSubsidy", "补助不能为负数", "The subsidy cannot be negative"));
        var rules = await RuleBook.ForAsync(db, household.VillageCode, input.Year is >= 2014 and <= 2999 ? input.Year : thisYear, ct);
        errors.AddRange(RelocationRules.Check(input.People, input.HousingArea, rules));
        if (await db.Relocations.AnyAsync(r => r.HouseholdId == householdId && r.State != RelocationState.Cancelled, ct))
            errors.Add(new FieldError("Site", "本户已有搬迁记录；如需更改请先取消原记录", "The household already has a relocation; cancel it first to record another"));
        if (errors.Count > 0) return EditResult<Relocation>.Invalid(errors);

        var relocation = new Relocation
        {
            HouseholdId = householdId, CountyCode = household.CountyCode, Reason = input.Reason!.Value, Mode = input.Mode!.Value, Site = input.Site.Trim(),
            SiteVillageCode = siteVillage, People = input.People, HousingArea = input.HousingArea, HousingSubsidy = input.HousingSubsidy,
            OtherSubsidy = input.OtherSubsidy, Year = input.Year, RecordedBy = db.Scope.Actor,
        };
        db.Relocations.Add(relocation);
        await db.SaveChangesAsync(ct);
        return EditResult<Relocation>.Saved(relocation);
    }

    private static async Task<Relocation?> RelocationAsync(JingzhunDbContext db, long householdId, long relocationId, CancellationToken ct)
    {
        var relocation = await db.Relocations.FirstOrDefaultAsync(r => r.Id == relocationId && r.HouseholdId == householdId, ct);
        return relocation is null || !await db.Households.AnyAsync(h => h.Id == householdId, ct) ? null : relocation;
    }

    /// <summary>Records the move-in: the follow-up support runs three years from that day.</summary>
    public static async Task<EditResult<Relocation>> MoveInAsync(JingzhunDbContext db, long householdId, long relocationId, DateOnly movedOn, DateTime now,
        CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        var relocation = household is null ? null : await RelocationAsync(db, householdId, relocationId, ct);
        if (household is null || relocation is null) return EditResult<Relocation>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.Relocate, household.VillageCode, new Bilingual("登记搬迁入住", "record a move-in"));
        await MayChangeAsync(db, household.Id, household.VillageCode, ct);
        var errors = new List<FieldError>();
        if (relocation.State != RelocationState.Planned)
            errors.Add(new FieldError("MovedOn", $"本次搬迁已{relocation.State.Chinese()}", $"This relocation is already {relocation.State.English()}"));
        if (movedOn > DateOnly.FromDateTime(now)) errors.Add(new FieldError("MovedOn", "入住日期不能晚于今天", "The move-in date cannot be in the future"));
        if (movedOn.Year < 2014) errors.Add(new FieldError("MovedOn", "入住日期不能早于2014年", "The move-in date cannot be before 2014"));
        if (errors.Count > 0) return EditResult<Relocation>.Invalid(errors);
        var rules = await RuleBook.ForAsync(db, household.VillageCode, movedOn.Year, ct);
        relocation.MovedOn = movedOn;
        relocation.FollowUpUntil = RelocationRules.FollowUpUntil(movedOn, rules);
        relocation.State = RelocationState.MovedIn;
        await db.SaveChangesAsync(ct);
        return EditResult<Relocation>.Saved(relocation);
    }

    /// <summary>Cancels a planned relocation with its reason; the row stays.</summary>
    public static async Task<EditResult<Relocation>> CancelAsync(JingzhunDbContext db, long householdId, long relocationId, string? reason,
        CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        var relocation = household is null ? null : await RelocationAsync(db, householdId, relocationId, ct);
        if (household is null || relocation is null) return EditResult<Relocation>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.Relocate, household.VillageCode, new Bilingual("取消易地扶贫搬迁", "cancel a relocation"));
        await MayChangeAsync(db, household.Id, household.VillageCode, ct);
        var errors = new List<FieldError>();
        if (relocation.State != RelocationState.Planned)
            errors.Add(new FieldError("Reason", $"本次搬迁已{relocation.State.Chinese()}，不能取消", $"This relocation is already {relocation.State.English()} and cannot be cancelled"));
        if (string.IsNullOrWhiteSpace(reason)) errors.Add(new FieldError("Reason", "请填写取消原因", "Give the reason for cancelling"));
        if (errors.Count > 0) return EditResult<Relocation>.Invalid(errors);
        relocation.State = RelocationState.Cancelled;
        relocation.StateReason = reason!.Trim();
        db.ChangeReason = reason.Trim();
        await db.SaveChangesAsync(ct);
        return EditResult<Relocation>.Saved(relocation);
    }

    /// <summary>Records follow-up support of a household that has moved in.</summary>
    public static async Task<EditResult<RelocationFollowUp>> FollowUpAsync(JingzhunDbContext db, long householdId, long relocationId, FollowUpInput input,
        DateTime now, CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        var relocation = household is null ? null : await RelocationAsync(db, householdId, relocationId, ct);
        if (household is null || relocation is null) return EditResult<RelocationFollowUp>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.FollowUp, household.VillageCode, new Bilingual("登记后续扶持", "record follow-up support"));
        await MayChangeAsync(db, household.Id, household.VillageCode, ct);
        var errors = new List<FieldError>();
        if (relocation.State != RelocationState.MovedIn || relocation.MovedOn is null)
            errors.Add(new FieldError("On", "搬迁入住后才能登记后续扶持", "Follow-up support is recorded after the household has moved in"));
        else if (input.On < relocation.MovedOn) errors.Add(new FieldError("On", "日期不能早于入住日期", "The date cannot be before the move-in"));
        if (input.On > DateOnly.FromDateTime(now)) errors.Add(new FieldError("On", "日期不能晚于今天", "The date cannot be in the future"));
        if (input.Kind is not { } kind || !Enum.IsDefined(kind)) errors.Add(new FieldError("Kind", "请选择扶持内容", "Choose the kind of support"));
        if (string.IsNullOrWhiteSpace(input.Description)) errors.Add(new FieldError("Description", "请填写扶持情况", "Describe the support"));
        if (errors.Count > 0) return EditResult<RelocationFollowUp>.Invalid(errors);
        var followUp = new RelocationFollowUp
        {
            RelocationId = relocation.Id, HouseholdId = householdId, CountyCode = household.CountyCode, On = input.On, Kind = input.Kind!.Value,
            Description = input.Description.Trim(), RecordedBy = db.Scope.Actor,
        };
        db.RelocationFollowUps.Add(followUp);
        await db.SaveChangesAsync(ct);
        return EditResult<RelocationFollowUp>.Saved(followUp);
    }

    /// <summary>The household's relocations, newest first, with their follow-ups; null when the household is not readable.</summary>
    public static async Task<IReadOnlyList<RelocationWithFollowUps>?> ForHouseholdAsync(JingzhunDbContext db, long householdId, DateOnly today,
        CancellationToken ct = default)
    {
        if (!await db.Households.AnyAsync(h => h.Id == householdId, ct)) return null;
        var relocations = await db.Relocations.AsNoTracking().Where(r => r.HouseholdId == householdId).ToListAsync(ct);
        var followUps = await db.RelocationFollowUps.AsNoTracking().Where(f => f.HouseholdId == householdId).ToListAsync(ct);
        return relocations.OrderByDescending(r => r.Year).ThenByDescending(r => r.Id).Select(r =>
        {
            var mine = followUps.Where(f => f.RelocationId == r.Id).OrderByDescending(f => f.On).ThenByDescending(f => f.Id).ToList();
            return new RelocationWithFollowUps(r, mine, RelocationRules.InFollowUp(r, today),
                RelocationRules.IsFollowUpDue(r, mine.Count > 0 ? mine[0].On : null, today));
        }).ToList();
    }

    /// <summary>An area's relocations on <paramref name="today"/> (cancelled ones left out); null when the area is not the reader's or does not exist.</summary>
    public static async Task<RelocationArea?> ForAreaAsync(JingzhunDbContext db, string regionCode, int? year, DateOnly today, CancellationToken ct = default)
    {
        if (!MicrocreditWork.IsVisible(db, regionCode, out var code)) return null;
        var name = await MicrocreditWork.AreaNameAsync(db, code, ct);
        if (name is null) return null;
        var prefix = code.Prefix;
        var all = await db.Relocations.AsNoTracking()
            .Where(r => r.State != RelocationState.Cancelled && r.Household!.VillageCode.StartsWith(prefix) && (year == null || r.Year == year))
            .Select(r => new { R = r, r.Household!.Number, r.Household.VillageCode }).ToListAsync(ct);
        var ids = all.Select(a => a.R.Id).ToList();
        var last = (await db.RelocationFollowUps.AsNoTracking().Where(f => f.Household!.VillageCode.StartsWith(prefix))
                .Select(f => new { f.RelocationId, f.On }).ToListAsync(ct))
            .Where(f => ids.Contains(f.RelocationId)).GroupBy(f => f.RelocationId).ToDictionary(g => g.Key, g => g.Max(f => f.On));
        var bySite = all.GroupBy(a => (a.R.Year, a.R.Site, a.R.Mode)).OrderByDescending(g => g.Key.Year).ThenBy(g => g.Key.Site, StringComparer.Ordinal)
            .Select(g =>
            {
                var people = g.Sum(a => a.R.People);
                var area = g.Sum(a => a.R.HousingArea);
                return new RelocationSiteRow(g.Key.Year, g.Key.Site, g.Key.Mode, g.Count(), people, g.Count(a => a.R.State == RelocationState.MovedIn), area,
                    people > 0 ? decimal.Round(area / people, 2) : 0m, g.Aggregate(Money.Zero, (s, a) => s + a.R.HousingSubsidy + a.R.OtherSubsidy));
            }).ToList();
        RelocatedHousehold Row(Relocation r, string number, string village) => new(r.Id, r.HouseholdId, number, village, r.Site, r.People, r.MovedOn,
            r.FollowUpUntil, last.TryGetValue(r.Id, out var on) ? on : null);
        var inFollowUp = all.Where(a => RelocationRules.InFollowUp(a.R, today)).Select(a => Row(a.R, a.Number, a.VillageCode))
            .OrderBy(r => r.FollowUpUntil).ThenBy(r => r.RelocationId).ToList();
        var due = all.Where(a => RelocationRules.IsFollowUpDue(a.R, last.TryGetValue(a.R.Id, out var on) ? on : null, today))
            .Select(a => Row(a.R, a.Number, a.VillageCode)).OrderBy(r => r.LastFollowUp ?? r.MovedOn).ThenBy(r => r.RelocationId).ToList();
        var moved = all.Where(a => a.R.State == RelocationState.MovedIn).ToList();
        var peopleMoved = moved.Sum(a => a.R.People);
        var areaMoved = moved.Sum(a => a.R.HousingArea);
        return new RelocationArea(code.Value, name, today, all.Count, peopleMoved, all.Where(a => a.R.State == RelocationState.Planned).Sum(a => a.R.People),
            areaMoved, peopleMoved > 0 ? decimal.Round(areaMoved / peopleMoved, 2) : 0m, bySite, inFollowUp, due);
    }
}
