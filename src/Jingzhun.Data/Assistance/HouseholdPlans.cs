using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assistance;

/// <summary>A plan as entered: the years it covers, its goals, the per-capita income it aims at, its cadre and deadline.</summary>
public sealed record PlanInput(int FromYear, int ToYear, string? Goals, decimal? TargetIncomePerCapita, int? CadreId, DateOnly? Deadline);

/// <summary>A need as entered: the area of help and what is asked.</summary>
public sealed record NeedInput(MeasureType Area, string? Description);

/// <summary>One source's share of a measure's funds, in yuan.</summary>
public sealed record FundingInput(FundSource Source, decimal Amount);

/// <summary>
/// A measure as entered or changed: type and programme, year, cadre, dates, description, funds by source, its state with
/// the reason (stopped, cancelled) or the result (done: income effect, guarantees made good, people reached). On a change,
/// <see cref="Version"/> is the version the editor read.
/// </summary>
public sealed record MeasureInput(MeasureType Type, string? Programme, int Year, int? CadreId, DateOnly? StartOn, DateOnly? Deadline,
    string? Description, IReadOnlyList<FundingInput>? Funding, MeasureState State = MeasureState.Planned, string? StateReason = null,
    DateOnly? CompletedOn = null, decimal? IncomeEffect = null, Guarantee GuaranteesFixed = Guarantee.None, int PeopleReached = 0, int? Version = null);

public sealed record PlanRow(long Id, int FromYear, int ToYear, string Goals, Money? TargetIncomePerCapita, int? CadreId, string CadreName,
    DateOnly Deadline, PlanState State, string CreatedBy, DateTime CreatedAt, int Version);

public sealed record NeedRow(long Id, MeasureType Area, string Description, DateOnly RecordedOn, string RecordedBy, NeedState State, long? MetByMeasureId, int Version);

public sealed record FundingRow(FundSource Source, Money Amount);

public sealed record MeasureRow(long Id, long? PlanId, MeasureType Type, string Programme, string ProgrammeChinese, string ProgrammeEnglish, int Year,
    int? CadreId, string CadreName, DateOnly? StartOn, DateOnly? Deadline, string Description, Money? Funds, IReadOnlyList<FundingRow> Funding,
    MeasureState State, string StateReason, DateOnly? CompletedOn, Money? IncomeEffect, Guarantee GuaranteesFixed, int PeopleReached, int Version)
{
    public string ProgrammeLabel(bool english) => english ? ProgrammeEnglish : ProgrammeChinese;
}

/// <summary>The responsible cadre as the 明白卡 and the plan show them: name, unit, phone (masked for readers who may not change the household).</summary>
public sealed record CadreContact(int Id, string Name, string Unit, string Phone);

/// <summary>The household as the plan and the 明白卡 show it: no resident ID.</summary>
public sealed record PlanHousehold(long Id, string Number, string VillageCode, string HeadName, int Members, HouseholdAttribute Attribute,
    HouseholdStatus Status, PovertyCause PrimaryCause, PovertyCause OtherCauses);

/// <summary>A household's plan view: the plan in force, earlier plans, needs, measures with funding, suggestions, and whether the reader may change them.</summary>
public sealed record HouseholdPlanView(PlanHousehold Household, PlanRow? Plan, IReadOnlyList<PlanRow> PreviousPlans, IReadOnlyList<NeedRow> Needs,
    IReadOnlyList<MeasureRow> Measures, IReadOnlyList<Suggestion> Suggestions, CadreContact? Cadre, bool MayChange);

/// <summary>
/// One plan per household (一户一策), as governed steps: needs recorded and closed, a plan made (a new one supersedes the
/// plan in force, which stays as history), measures added, changed and moved through their states with a result or a
/// reason. Every step checks the role first (<see cref="AssistanceRoles.Plan"/>), then that the actor may change this
/// household (an assistance cadre only its paired ones; the context's save rules refuse the same again).
/// </summary>
public static class HouseholdPlans
{
    public const int MinYear = 2013;
    public const int MaxYear = 2050;
    private static readonly Money MaxAmount = new(100_000_000m);

    /// <summary>Whether the reader may take plan steps on this household (role, region, and for a cadre its pairing).</summary>
    public static async Task<bool> MayChangeAsync(JingzhunDbContext db, long householdId, string villageCode, CancellationToken ct = default) =>
        (db.Scope.IsAdministrator && db.Scope.Role is null || AssistanceRoles.May(db.Scope.Role, AssistanceRoles.Plan))
        && await Pairings.MayChangeAsync(db, householdId, villageCode, ct);

    // ---------- needs ----------

    public static async Task<EditResult<AssistanceNeed>> RecordNeedAsync(JingzhunDbContext db, long householdId, NeedInput input, DateOnly today,
        CancellationToken ct = default)
    {
        if (await HouseholdAsync(db, householdId, new Bilingual("记录帮扶需求", "record a need"), ct) is not { } household) return EditResult<AssistanceNeed>.NotFound();
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(input.Area)) errors.Add(new FieldError("Area", "请选择需求的类别", "Choose the area of the need"));
        Text(errors, "Description", input.Description, 500, required: true, new Bilingual("请填写需求内容", "Describe the need"));
        if (errors.Count > 0) return EditResult<AssistanceNeed>.Invalid(errors);
        var need = new AssistanceNeed
        {
            HouseholdId = household.Id, CountyCode = household.CountyCode, Area = input.Area, Description = input.Description!.Trim(),
            RecordedOn = today, RecordedBy = db.Scope.Actor,
        };
        db.Needs.Add(need);
        await db.SaveChangesAsync(ct);
        return EditResult<AssistanceNeed>.Saved(need);
    }

    /// <summary>Closes an open need: met (by a measure of the household, when named) or withdrawn.</summary>
    public static async Task<EditResult<AssistanceNeed>> CloseNeedAsync(JingzhunDbContext db, long householdId, long needId, NeedState state,
        long? metByMeasureId, CancellationToken ct = default)
    {
        if (await HouseholdAsync(db, householdId, new Bilingual("关闭帮扶需求", "close a need"), ct) is null) return EditResult<AssistanceNeed>.NotFound();
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == needId && n.HouseholdId == householdId, ct);
        if (need is null) return EditResult<AssistanceNeed>.NotFound();
        var errors = new List<FieldError>();
        if (state is not (NeedState.Met or NeedState.Withdrawn)) errors.Add(new FieldError("State", "请选择已解决或撤回", "Choose met or withdrawn"));
        if (need.State != NeedState.Open) errors.Add(new FieldError("State", "该需求已关闭", "This need is already closed"));
        if (metByMeasureId is { } mid && (state != NeedState.Met || !await db.Measures.AnyAsync(m => m.Id == mid && m.HouseholdId == householdId, ct)))
            errors.Add(new FieldError("MetByMeasureId", "请选择本户的一项帮扶措施", "Choose one of this household's measures"));
        if (errors.Count > 0) return EditResult<AssistanceNeed>.Invalid(errors);
        need.State = state;
        need.MetByMeasureId = state == NeedState.Met ? metByMeasureId : null;
        await db.SaveChangesAsync(ct);
        return EditResult<AssistanceNeed>.Saved(need);
    }

    // ---------- the plan ----------

    /// <summary>
    /// Makes the household's plan. The plan in force, if any, is superseded (kept, state 已被新计划替代), and the measures
    /// still planned or under way move to the new plan; finished ones stay with the plan they were done under.
    /// </summary>
    public static async Task<EditResult<AssistancePlan>> MakePlanAsync(JingzhunDbContext db, long householdId, PlanInput input, CancellationToken ct = default)
    {
        if (await HouseholdAsync(db, householdId, new Bilingual("制定帮扶计划", "make a plan"), ct) is not { } household) return EditResult<AssistancePlan>.NotFound();
        var errors = new List<FieldError>();
        if (input.FromYear is < MinYear or > MaxYear) errors.Add(new FieldError("FromYear", $"起始年度须在{MinYear}–{MaxYear}之间", $"The first year must be between {MinYear} and {MaxYear}"));
        if (input.ToYear is < MinYear or > MaxYear) errors.Add(new FieldError("ToYear", $"截止年度须在{MinYear}–{MaxYear}之间", $"The last year must be between {MinYear} and {MaxYear}"));
        else if (input.ToYear < input.FromYear) errors.Add(new FieldError("ToYear", "截止年度不能早于起始年度", "The last year cannot be before the first"));
        else if (input.ToYear - input.FromYear > 10) errors.Add(new FieldError("ToYear", "一个计划最多覆盖十年", "A plan covers at most ten years"));
        Text(errors, "Goals", input.Goals, 1000, required: true, new Bilingual("请填写帮扶目标", "State the plan's goals"));
        if (input.TargetIncomePerCapita is { } target && (target < 0 || target > 1_000_000m || decimal.Round(target, 2) != target))
            errors.Add(new FieldError("TargetIncomePerCapita", "目标人均纯收入须为0–1000000元（最多两位小数）", "The target per-capita income must be 0–1,000,000 yuan (at most two decimals)"));
        if (input.Deadline is not { } deadline) errors.Add(new FieldError("Deadline", "请填写完成期限", "Give the plan's deadline"));
        else if (input.FromYear is >= MinYear and <= MaxYear && deadline < new DateOnly(input.FromYear, 1, 1))
            errors.Add(new FieldError("Deadline", "完成期限不能早于计划起始年度", "The deadline cannot be before the plan's first year"));
        if (input.CadreId is { } cadreId && await CheckCadreAsync(db, cadreId, household.CountyCode, ct) is { } cadreError) errors.Add(cadreError);
        if (errors.Count > 0) return EditResult<AssistancePlan>.Invalid(errors);

        var old = await db.Plans.Where(p => p.HouseholdId == householdId && p.State == PlanState.InForce).ToListAsync(ct);
        var plan = new AssistancePlan
        {
            HouseholdId = household.Id, CountyCode = household.CountyCode, FromYear = input.FromYear, ToYear = input.ToYear,
            Goals = input.Goals!.Trim(), TargetIncomePerCapita = input.TargetIncomePerCapita is { } t ? new Money(t) : null,
            CadreId = input.CadreId, Deadline = input.Deadline!.Value, CreatedBy = db.Scope.Actor,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var p in old) p.State = PlanState.Superseded;
        db.Plans.Add(plan);
        await db.SaveChangesAsync(ct);
        var oldIds = old.Select(p => p.Id).ToList();
        var moving = await db.Measures.Where(m => m.HouseholdId == householdId && (m.PlanId == null || oldIds.Contains(m.PlanId.Value))
            && (m.State == MeasureState.Planned || m.State == MeasureState.Active)).ToListAsync(ct);
        foreach (var m in moving) m.PlanId = plan.Id;
        if (moving.Count > 0) await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return EditResult<AssistancePlan>.Saved(plan);
    }

    // ---------- measures ----------

    /// <summary>Adds a measure to the household, under its plan in force (if it has one).</summary>
    public static async Task<EditResult<AssistanceMeasure>> AddMeasureAsync(JingzhunDbContext db, long householdId, MeasureInput input, DateOnly today,
        CancellationToken ct = default)
    {
        if (await HouseholdAsync(db, householdId, new Bilingual("添加帮扶措施", "add a measure"), ct) is not { } household) return EditResult<AssistanceMeasure>.NotFound();
        var errors = await CheckMeasureAsync(db, household, input, null, today, ct);
        if (errors.Count > 0) return EditResult<AssistanceMeasure>.Invalid(errors);
        var planId = await db.Plans.Where(p => p.HouseholdId == householdId && p.State == PlanState.InForce).OrderByDescending(p => p.Id)
            .Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
        var measure = new AssistanceMeasure { HouseholdId = household.Id, CountyCode = household.CountyCode, PlanId = planId };
        Apply(measure, input, today);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Measures.Add(measure);
        await db.SaveChangesAsync(ct);
        foreach (var f in Funding(input))
            db.MeasureFunding.Add(new MeasureFunding { MeasureId = measure.Id, HouseholdId = household.Id, CountyCode = household.CountyCode, Source = f.Source, Amount = new Money(f.Amount) });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return EditResult<AssistanceMeasure>.Saved(measure);
    }

    /// <summary>
    /// Changes a measure: its fields, its funding by source and its state (planned → in progress → done with a result, or
    /// stopped / cancelled with a reason). A cancelled measure no longer changes; a finished one does not go back.
    /// </summary>
    public static async Task<EditResult<AssistanceMeasure>> UpdateMeasureAsync(JingzhunDbContext db, long householdId, long measureId, MeasureInput input,
        DateOnly today, CancellationToken ct = default)
    {
        if (await HouseholdAsync(db, householdId, new Bilingual("修改帮扶措施", "change a measure"), ct) is not { } household) return EditResult<AssistanceMeasure>.NotFound();
        var measure = await db.Measures.FirstOrDefaultAsync(m => m.Id == measureId && m.HouseholdId == householdId, ct);
        if (measure is null) return EditResult<AssistanceMeasure>.NotFound();
        var errors = await CheckMeasureAsync(db, household, input, measure.State, today, ct);
        if (errors.Count > 0) return EditResult<AssistanceMeasure>.Invalid(errors);
        if (input.Version is { } version) db.Entry(measure).Property(m => m.Version).OriginalValue = version;
        var rows = await db.MeasureFunding.Where(f => f.MeasureId == measureId).ToListAsync(ct);
        var wanted = Funding(input).ToDictionary(f => f.Source, f => new Money(f.Amount));
        Apply(measure, input, today);
        // Funding rows are never deleted: a source no longer named keeps its row at zero.
        foreach (var row in rows) row.Amount = wanted.Remove(row.Source, out var amount) ? amount : Money.Zero;
        foreach (var (source, amount) in wanted)
            db.MeasureFunding.Add(new MeasureFunding { MeasureId = measure.Id, HouseholdId = household.Id, CountyCode = household.CountyCode, Source = source, Amount = amount });
        await db.SaveChangesAsync(ct);
        return EditResult<AssistanceMeasure>.Saved(measure);
    }

    private static IEnumerable<FundingInput> Funding(MeasureInput input) => (input.Funding ?? []).Where(f => f is not null && f.Amount > 0);

    private static void Apply(AssistanceMeasure m, MeasureInput input, DateOnly today)
    {
        m.Type = input.Type;
        m.Programme = input.Programme?.Trim() ?? "";
        m.Year = input.Year;
        m.CadreId = input.CadreId;
        m.StartOn = input.StartOn;
        m.Deadline = input.Deadline;
        m.Description = input.Description?.Trim() ?? "";
        var funding = Funding(input).ToList();
        m.Funds = funding.Count > 0 ? new Money(funding.Sum(f => f.Amount)) : null;
        m.State = input.State;
        var finished = input.State == MeasureState.Completed;
        m.CompletedOn = finished ? input.CompletedOn ?? today : null;
        m.IncomeEffect = finished && input.IncomeEffect is { } income ? new Money(income) : null;
        m.GuaranteesFixed = finished ? input.GuaranteesFixed : Guarantee.None;
        m.PeopleReached = finished ? input.PeopleReached : 0;
        m.StateReason = input.State is MeasureState.Stopped or MeasureState.Cancelled ? input.StateReason!.Trim() : "";
    }

    /// <summary>The moves a measure's state may make: forward only (a measure entered by mistake may always be cancelled); a cancelled one never moves.</summary>
    public static bool MayMove(MeasureState? from, MeasureState to) => from switch
    {
        null => to is MeasureState.Planned or MeasureState.Active or MeasureState.Completed,
        MeasureState.Planned => true,
        MeasureState.Active => to is not MeasureState.Planned,
        MeasureState.Completed => to is MeasureState.Completed or MeasureState.Cancelled,
        MeasureState.Stopped => to is MeasureState.Stopped or MeasureState.Cancelled,
        _ => false,
    };

    /// <summary>The states a measure in this state may be set to (the form's choice).</summary>
    public static IReadOnlyList<MeasureState> NextStates(MeasureState? from) =>
        [.. new[] { MeasureState.Planned, MeasureState.Active, MeasureState.Completed, MeasureState.Stopped, MeasureState.Cancelled }.Where(s => MayMove(from, s))];

    private static async Task<List<FieldError>> CheckMeasureAsync(JingzhunDbContext db, HouseholdKey household, MeasureInput input, MeasureState? from,
        DateOnly today, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(input.Type)) errors.Add(new FieldError("Type", "请选择措施类型", "Choose the kind of measure"));
        else if (!MeasureCatalogue.Fits(input.Type, input.Programme?.Trim()))
            errors.Add(new FieldError("Programme", "所选项目不属于该措施类型", "The programme chosen is not of this kind of measure"));
        if (input.Year < MinYear || input.Year > Math.Min(MaxYear, today.Year + 5))
            errors.Add(new FieldError("Year", $"年度须在{MinYear}–{Math.Min(MaxYear, today.Year + 5)}之间", $"The year must be between {MinYear} and {Math.Min(MaxYear, today.Year + 5)}"));
        if (input.CadreId is { } cadreId && await CheckCadreAsync(db, cadreId, household.CountyCode, ct) is { } cadreError) errors.Add(cadreError);
        if (input.StartOn is { } start && (start.Year < MinYear || start.Year > MaxYear))
            errors.Add(new FieldError("StartOn", $"开始日期须在{MinYear}–{MaxYear}年之间", $"The start must be between {MinYear} and {MaxYear}"));
        if (input.Deadline is { } deadline)
        {
            if (deadline.Year < MinYear || deadline.Year > MaxYear)
                errors.Add(new FieldError("Deadline", $"完成期限须在{MinYear}–{MaxYear}年之间", $"The deadline must be between {MinYear} and {MaxYear}"));
            else if (input.StartOn is { } s && deadline < s) errors.Add(new FieldError("Deadline", "完成期限须在开始日期之后", "The deadline must be after the start"));
        }
        Text(errors, "Description", input.Description, 500, required: false, new Bilingual("", ""));
        var funding = input.Funding ?? [];
        if (funding.Count > 20) errors.Add(new FieldError("Funding", "资金来源最多20项", "At most 20 funding sources"));
        for (var i = 0; i < funding.Count && i < 20; i++)
        {
            var f = funding[i];
            if (f is null) { errors.Add(new FieldError($"Funding[{i}]", "资金行不能为空", "A funding row cannot be empty")); continue; }
            if (!Enum.IsDefined(f.Source)) errors.Add(new FieldError($"Funding[{i}].Source", "请选择资金来源", "Choose the source of the funds"));
            if (f.Amount < 0 || new Money(f.Amount) > MaxAmount || decimal.Round(f.Amount, 2) != f.Amount)
                errors.Add(new FieldError($"Funding[{i}].Amount", "金额须为0–100000000元（最多两位小数）", "The amount must be 0–100,000,000 yuan (at most two decimals)"));
        }
        if (funding.Where(f => f is not null && f.Amount > 0).GroupBy(f => f.Source).Any(g => g.Count() > 1))
            errors.Add(new FieldError("Funding", "同一资金来源只能填写一次", "Name each source of funds once"));
        if (!Enum.IsDefined(input.State)) errors.Add(new FieldError("State", "请选择措施状态", "Choose the measure's state"));
        else if (!MayMove(from, input.State))
            errors.Add(new FieldError("State", from is null ? "新措施只能是计划中、实施中或已完成" : from == MeasureState.Cancelled ? "已作废的措施不能再修改" : "措施状态不能退回",
                from is null ? "A new measure is planned, in progress or done" : from == MeasureState.Cancelled ? "A cancelled measure no longer changes" : "A measure's state does not go back"));
        if (input.State is MeasureState.Stopped or MeasureState.Cancelled)
            Text(errors, "StateReason", input.StateReason, 500, required: true, new Bilingual("请填写中止或作废的原因", "Give the reason it stopped or was cancelled"));
        if (input.State == MeasureState.Completed)
        {
            if (input.IncomeEffect is { } income && (income < 0 || income > 10_000_000m || decimal.Round(income, 2) != income))
                errors.Add(new FieldError("IncomeEffect", "增收金额须为0–10000000元（最多两位小数）", "The income effect must be 0–10,000,000 yuan (at most two decimals)"));
            if ((int)input.GuaranteesFixed < 0 || ((int)input.GuaranteesFixed & ~31) != 0)
                errors.Add(new FieldError("GuaranteesFixed", "请从所列保障中选择", "Choose among the guarantees listed"));
            if (input.PeopleReached < 0 || input.PeopleReached > Math.Max(household.Members, 1))
                errors.Add(new FieldError("PeopleReached", $"受益人数须为0–{Math.Max(household.Members, 1)}", $"People reached must be 0–{Math.Max(household.Members, 1)}"));
            if (input.CompletedOn is { } done && (done.Year < MinYear || done > today || input.StartOn is { } s && done < s))
                errors.Add(new FieldError("CompletedOn", "完成日期须在开始日期之后、不晚于今天", "The date done must be after the start and not after today"));
        }
        return errors;
    }

    private static void Text(List<FieldError> errors, string field, string? value, int max, bool required, Bilingual missing)
    {
        var text = value?.Trim() ?? "";
        if (required && text.Length == 0) errors.Add(new FieldError(field, missing));
        else if (text.Length > max) errors.Add(new FieldError(field, $"最多{max}字", $"At most {max} characters"));
        else if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) errors.Add(new FieldError(field, "含有不可见的控制字符", "Contains invisible control characters"));
    }

    private static async Task<FieldError?> CheckCadreAsync(JingzhunDbContext db, int cadreId, string county, CancellationToken ct)
    {
        var cadre = await db.Cadres.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cadreId, ct);
        return cadre is null || cadre.CountyCode != county || cadre.State != CadreState.Serving
            ? new FieldError("CadreId", "请选择本县花名册上在岗的帮扶责任人", "Choose a serving cadre of the county's roster")
            : null;
    }

    private sealed record HouseholdKey(long Id, string VillageCode, string CountyCode, int Members);

    /// <summary>The household, after the step's role check and the check that the actor may change it (403 otherwise); null when not found.</summary>
    private static async Task<HouseholdKey?> HouseholdAsync(JingzhunDbContext db, long householdId, Bilingual what, CancellationToken ct)
    {
        var household = await db.Households.AsNoTracking().Where(h => h.Id == householdId)
            .Select(h => new HouseholdKey(h.Id, h.VillageCode, h.CountyCode, h.Members.Count(m => m.State == MemberState.Present))).FirstOrDefaultAsync(ct);
        if (household is null) return null;
        AssistanceSteps.Require(db, AssistanceRoles.Plan, household.VillageCode, what);
        if (!await Pairings.MayChangeAsync(db, householdId, household.VillageCode, ct))
            throw new ScopeViolationException($"{db.Scope.Actor} may not change the plan of household {householdId}", household.VillageCode);
        return household;
    }

    // ---------- queries ----------

    /// <summary>The serving cadres of the household's county, for the plan's and a measure's choice of cadre.</summary>
    public static Task<List<CadreOption>> CadresAsync(JingzhunDbContext db, string villageCode, CancellationToken ct = default) =>
        Pairings.CandidatesAsync(db, villageCode, ct);

    /// <summary>The household's plan view, or null when the household is not found (or not in the reader's scope).</summary>
    public static async Task<HouseholdPlanView?> ViewAsync(JingzhunDbContext db, long householdId, DateOnly today, CancellationToken ct = default)
    {
        var household = await db.Households.AsNoTracking().Include(h => h.Members).FirstOrDefaultAsync(h => h.Id == householdId, ct);
        if (household is null) return null;
        var present = household.Members.Where(m => m.State == MemberState.Present).ToList();
        var head = present.FirstOrDefault(m => m.Relation == Relation.Head) ?? present.FirstOrDefault();
        var summary = new PlanHousehold(household.Id, household.Number, household.VillageCode, head?.Name ?? "", present.Count, household.Attribute,
            household.Status, household.PrimaryCause, household.OtherCauses);

        var cadres = await db.Cadres.AsNoTracking().Where(c => c.CountyCode == household.CountyCode)
            .Select(c => new { c.Id, c.Name, c.Unit, c.Phone }).ToDictionaryAsync(c => c.Id, ct);
        string NameOf(int? id) => id is { } i && cadres.TryGetValue(i, out var c) ? c.Name : "";

        var plans = await db.Plans.AsNoTracking().Where(p => p.HouseholdId == householdId).OrderByDescending(p => p.Id).ToListAsync(ct);
        var rows = plans.Select(p => new PlanRow(p.Id, p.FromYear, p.ToYear, p.Goals, p.TargetIncomePerCapita, p.CadreId, NameOf(p.CadreId), p.Deadline,
            p.State, p.CreatedBy, p.CreatedAt, p.Version)).ToList();
        var inForce = rows.FirstOrDefault(p => p.State == PlanState.InForce);

        var needs = (await db.Needs.AsNoTracking().Where(n => n.HouseholdId == householdId).ToListAsync(ct))
            .OrderBy(n => n.State).ThenByDescending(n => n.RecordedOn).ThenByDescending(n => n.Id)
            .Select(n => new NeedRow(n.Id, n.Area, n.Description, n.RecordedOn, n.RecordedBy, n.State, n.MetByMeasureId, n.Version)).ToList();

        var measures = await db.Measures.AsNoTracking().Where(m => m.HouseholdId == householdId).ToListAsync(ct);
        var funding = (await db.MeasureFunding.AsNoTracking().Where(f => f.HouseholdId == householdId).ToListAsync(ct))
            .Where(f => f.Amount > Money.Zero).GroupBy(f => f.MeasureId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<FundingRow>)g.OrderBy(f => f.Source).Select(f => new FundingRow(f.Source, f.Amount)).ToList());
        var measureRows = measures.OrderByDescending(m => m.Year).ThenByDescending(m => m.Id).Select(m =>
        {
            var programme = MeasureCatalogue.Find(m.Programme);
            return new MeasureRow(m.Id, m.PlanId, m.Type, m.Programme, programme?.Chinese ?? "", programme?.English ?? "", m.Year, m.CadreId, NameOf(m.CadreId),
                m.StartOn, m.Deadline, m.Description, m.Funds, funding.GetValueOrDefault(m.Id) ?? [], m.State, m.StateReason, m.CompletedOn, m.IncomeEffect,
                m.GuaranteesFixed, m.PeopleReached, m.Version);
        }).ToList();

        var mayChange = await MayChangeAsync(db, householdId, household.VillageCode, ct);
        // The responsible cadre: the plan's, else the household's first active pairing.
        var cadreId = inForce?.CadreId ?? (await Pairings.ActiveAsync(db, householdId, ct)).FirstOrDefault()?.CadreId;
        CadreContact? contact = null;
        if (cadreId is { } cid && cadres.TryGetValue(cid, out var cadre))
            contact = new CadreContact(cadre.Id, cadre.Name, cadre.Unit, mayChange || !PersonalDataView.MayMask(db.Scope) ? cadre.Phone : Masking.Phone(cadre.Phone));

        var suggestions = MeasureCatalogue.Suggest(household, household.Members, today);
        return new HouseholdPlanView(summary, inForce, rows.Where(p => p != inForce).ToList(), needs, measureRows, suggestions, contact, mayChange);
    }
}
