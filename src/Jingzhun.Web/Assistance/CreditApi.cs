using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jingzhun.Web.Assistance;

/// <summary>
/// Microcredit (扶贫小额信贷) and relocation (易地扶贫搬迁) as JSON (mapped by <see cref="AssistanceApi"/>). Every write is a
/// governed step of <see cref="MicrocreditWork"/> or <see cref="Relocations"/>: a wrong role answers 403 and changes
/// nothing, a refused figure 400 naming the field and the rule, a household outside the reader's region 404.
/// </summary>
public static class CreditApi
{
    public static void MapCreditApi(this IEndpointRouteBuilder app)
    {
        var households = app.MapGroup("/api/households").WithTags("Assistance 帮扶");
        households.MapPost("/{id:long}/credit-ratings", Rate)
            .WithSummary("Record the rating panel's scores (integrity 0–70, income 0–20, labour 0–10): grade and credit line from the rule set of the year 评级授信");
        households.MapPost("/{id:long}/loans", Lend)
            .WithSummary("Record a microloan within the household's current credit line: at most 5万, 3 years, subsidy within the term 扶贫小额信贷");
        households.MapPost("/{id:long}/loans/{loanId:long}/repayments", Repay)
            .WithSummary("Record a repayment (principal at most what is outstanding, interest, subsidy); the loan settles when nothing is outstanding 还款");
        households.MapPost("/{id:long}/loans/{loanId:long}/extend", Extend).WithSummary("Extend a loan once, by at most a year, with the reason 展期");
        households.MapPost("/{id:long}/relocation", Relocate)
            .WithSummary("Record a poor household's relocation: reason, mode, site, people, housing area within 25 m² per person, subsidies 易地扶贫搬迁");
        households.MapPost("/{id:long}/relocation/{relocationId:long}/move-in", MoveIn).WithSummary("Record the move-in: three years of follow-up from that day 搬迁入住");
        households.MapPost("/{id:long}/relocation/{relocationId:long}/cancel", Cancel).WithSummary("Cancel a planned relocation with the reason");
        households.MapPost("/{id:long}/relocation/{relocationId:long}/follow-ups", FollowUp).WithSummary("Record follow-up support of a relocated household 后续扶持");
        households.MapGet("/{id:long}/credit", HouseholdCreditView).WithSummary("The household's ratings, loans with repayments, relocation and follow-ups");

        var areas = app.MapGroup("/api/assistance").WithTags("Assistance 帮扶");
        areas.MapGet("/microcredit/{regionCode}", Microcredit)
            .WithSummary("An area's microcredit: loans, amount, outstanding, repayment and overdue rates, households by grade, 授信率; the loans outstanding and the overdue list");
        areas.MapGet("/relocation/{regionCode}", Relocation)
            .WithSummary("An area's relocations by year and site, people moved, area per person, households in follow-up and follow-ups due (?year=)");
    }

    public sealed record RatingRequest([property: Range(0, 100)] int? Integrity, [property: Range(0, 100)] int? Income, [property: Range(0, 100)] int? Labour,
        DateOnly? RatedOn);

    public sealed record LoanRequest([property: TextLimit(100)] string? Bank, [property: Range(0d, 100_000_000d)] decimal? Amount, DateOnly? IssuedOn,
        [property: Range(0, 1200)] int? TermMonths, [property: Range(0d, 100d)] decimal? RatePercent, [property: Range(0, 100)] int? SubsidyYears,
        [property: TextLimit(200)] string? Purpose);

    public sealed record RepaymentRequest(DateOnly? PaidOn, [property: Range(0d, 100_000_000d)] decimal? Principal,
        [property: Range(0d, 100_000_000d)] decimal? Interest, [property: Range(0d, 100_000_000d)] decimal? InterestSubsidy);

    public sealed record ExtendRequest(DateOnly? DueOn, [property: TextLimit(200, Lines = true)] string? Reason);

    /// <summary>The reason is the name of a <see cref="RelocationReason"/> (read as text, so that a wrong one is refused at its field after the household and role checks).</summary>
    public sealed record RelocationRequest([property: TextLimit(40)] string? Reason, RelocationMode? Mode, [property: TextLimit(100)] string? Site,
        [property: TextLimit(12)] string? SiteVillageCode, [property: Range(0, 1000)] int? People, [property: Range(0d, 100_000d)] decimal? HousingArea,
        [property: Range(0d, 100_000_000d)] decimal? HousingSubsidy, [property: Range(0d, 100_000_000d)] decimal? OtherSubsidy,
        [property: Range(2000, 2999)] int? Year);

    public sealed record MoveInRequest(DateOnly? MovedOn);

    public sealed record CancelRequest([property: TextLimit(200, Lines = true)] string? Reason);

    public sealed record FollowUpRequest(DateOnly? On, FollowUpKind? Kind, [property: TextLimit(500, Lines = true)] string? Description);

    public sealed record RatingView(long Id, long HouseholdId, DateOnly RatedOn, int Integrity, int Income, int Labour, int Score, CreditGrade Grade,
        decimal CreditLine, string RuleSet, string RatedBy, bool IsCurrent)
    {
        public static RatingView From(CreditRating r) => new(r.Id, r.HouseholdId, r.RatedOn, r.Integrity, r.Income, r.Labour, r.Score, r.Grade,
            r.CreditLine.Yuan, r.RuleSet, r.RatedBy, r.IsCurrent);
    }

    public sealed record RepaymentView(long Id, long LoanId, DateOnly PaidOn, decimal Principal, decimal Interest, decimal InterestSubsidy, string RecordedBy)
    {
        public static RepaymentView From(LoanRepayment r) => new(r.Id, r.LoanId, r.PaidOn, r.Principal.Yuan, r.Interest.Yuan, r.InterestSubsidy.Yuan, r.RecordedBy);
    }

    public sealed record LoanView(long Id, long HouseholdId, string Bank, decimal Amount, DateOnly IssuedOn, int TermMonths, DateOnly DueOn, decimal RatePercent,
        int SubsidyYears, string Purpose, LoanState State, decimal Repaid, decimal Outstanding, DateOnly? SettledOn, bool Overdue, int DaysOverdue,
        IReadOnlyList<RepaymentView> Repayments)
    {
        public static LoanView From(MicroLoan l, DateOnly today, IEnumerable<LoanRepayment>? repayments = null) => new(l.Id, l.HouseholdId, l.Bank,
            l.Amount.Yuan, l.IssuedOn, l.TermMonths, l.DueOn, l.RatePercent, l.SubsidyYears, l.Purpose, l.State, l.Repaid.Yuan, l.Outstanding.Yuan, l.SettledOn,
            MicrocreditRules.IsOverdue(l, today), MicrocreditRules.DaysOverdue(l, today), [.. (repayments ?? []).Select(RepaymentView.From)]);
    }

    public sealed record RepaymentResult(RepaymentView Repayment, LoanView Loan);

    public sealed record FollowUpView(long Id, long RelocationId, DateOnly On, FollowUpKind Kind, string Description, string RecordedBy)
    {
        public static FollowUpView From(RelocationFollowUp f) => new(f.Id, f.RelocationId, f.On, f.Kind, f.Description, f.RecordedBy);
    }

    public sealed record RelocationView(long Id, long HouseholdId, RelocationReason Reason, RelocationMode Mode, string Site, string SiteVillageCode, int People,
        decimal HousingArea, decimal AreaPerPerson, decimal HousingSubsidy, decimal OtherSubsidy, int Year, DateOnly? MovedOn, DateOnly? FollowUpUntil,
        RelocationState State, string StateReason, IReadOnlyList<FollowUpView> FollowUps)
    {
        public static RelocationView From(Relocation r, IEnumerable<RelocationFollowUp>? followUps = null) => new(r.Id, r.HouseholdId, r.Reason, r.Mode, r.Site,
            r.SiteVillageCode, r.People, r.HousingArea, r.AreaPerPerson, r.HousingSubsidy.Yuan, r.OtherSubsidy.Yuan, r.Year, r.MovedOn, r.FollowUpUntil, r.State,
            r.StateReason, [.. (followUps ?? []).Select(FollowUpView.From)]);
    }

    public sealed record HouseholdCreditJson(RatingView? Current, IReadOnlyList<RatingView> Earlier, IReadOnlyList<LoanView> Loans,
        IReadOnlyList<RelocationView> Relocations);

    public sealed record GradeJson(CreditGrade Grade, int Households);

    public sealed record LoanRowJson(long LoanId, long HouseholdId, string Number, string VillageCode, string Bank, decimal Amount, decimal Repaid,
        decimal Outstanding, DateOnly IssuedOn, DateOnly DueOn, LoanState State, int DaysOverdue)
    {
        public static LoanRowJson From(AreaLoanRow r) => new(r.LoanId, r.HouseholdId, r.Number, r.VillageCode, r.Bank, r.Amount.Yuan, r.Repaid.Yuan,
            r.Outstanding.Yuan, r.IssuedOn, r.DueOn, r.State, r.DaysOverdue);
    }

    public sealed record MicrocreditJson(string Code, string Name, DateOnly Today, int Loans, decimal Amount, decimal Outstanding, decimal Repaid,
        decimal RepaymentRate, int OverdueLoans, decimal OverdueOutstanding, decimal OverdueRate, int HouseholdsRated, int HouseholdsWithLine,
        decimal CreditRate, IReadOnlyList<GradeJson> ByGrade, IReadOnlyList<LoanRowJson> Overdue, IReadOnlyList<LoanRowJson> OutstandingLoans);

    public sealed record SiteJson(int Year, string Site, RelocationMode Mode, int Households, int People, int MovedIn, decimal HousingArea, decimal AreaPerPerson,
        decimal Subsidy);

    public sealed record RelocationAreaJson(string Code, string Name, DateOnly Today, int Households, int PeopleMoved, int PeoplePlanned, decimal HousingArea,
        decimal AreaPerPerson, IReadOnlyList<SiteJson> BySite, IReadOnlyList<RelocatedHousehold> InFollowUp, IReadOnlyList<RelocatedHousehold> FollowUpsDue)
    {
        public static RelocationAreaJson From(RelocationArea a) => new(a.Code, a.Name, a.Today, a.Households, a.PeopleMoved, a.PeoplePlanned, a.HousingArea,
            a.AreaPerPerson, [.. a.BySite.Select(r => new SiteJson(r.Year, r.Site, r.Mode, r.Households, r.People, r.MovedIn, r.HousingArea, r.AreaPerPerson,
                r.Subsidy.Yuan))], a.InFollowUp, a.FollowUpsDue);
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static ValidationProblem Problem(IEnumerable<FieldError> errors, Lang lang) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message(lang.English)).ToArray()),
            title: lang.T("输入有误", "Some fields are not valid"));

    private static async Task<Results<Created<RatingView>, NotFound, ValidationProblem>> Rate(JingzhunDbContext db, TimeProvider clock, Lang lang, long id,
        RatingRequest request, CancellationToken ct)
    {
        // A missing score is out of range: the step checks the household and the role first, then refuses it at its field.
        var result = await MicrocreditWork.RateAsync(db, id, new RatingInput(request.Integrity ?? -1, request.Income ?? -1, request.Labour ?? -1,
            request.RatedOn ?? Today(clock)),
            clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Created($"/api/households/{id}/credit", RatingView.From(result.Value!)),
        };
    }

    private static async Task<Results<Created<LoanView>, NotFound, ValidationProblem>> Lend(JingzhunDbContext db, TimeProvider clock, Lang lang, long id,
        LoanRequest request, CancellationToken ct)
    {
        var today = Today(clock);
        var input = new LoanInput(request.Bank ?? "", new Money(request.Amount ?? 0m), request.IssuedOn ?? today, request.TermMonths ?? 0, request.RatePercent ?? 0m, request.SubsidyYears ?? 0,
            request.Purpose ?? "");
        var result = await MicrocreditWork.LendAsync(db, id, input, clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Created($"/api/households/{id}/credit", LoanView.From(result.Value!, today)),
        };
    }

    private static async Task<Results<Created<RepaymentResult>, NotFound, ValidationProblem>> Repay(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long id, long loanId, RepaymentRequest request, CancellationToken ct)
    {
        var today = Today(clock);
        var input = new RepaymentInput(request.PaidOn ?? today, new Money(request.Principal ?? 0m), new Money(request.Interest ?? 0m),
            new Money(request.InterestSubsidy ?? 0m));
        var result = await MicrocreditWork.RepayAsync(db, id, loanId, input, clock.GetUtcNow().UtcDateTime, ct);
        if (result.Outcome == EditOutcome.NotFound) return TypedResults.NotFound();
        if (result.Outcome == EditOutcome.Invalid) return Problem(result.Errors, lang);
        var credit = await MicrocreditWork.ForHouseholdAsync(db, id, today, ct);
        var loan = credit!.Loans.Single(l => l.Loan.Id == loanId);
        return TypedResults.Created($"/api/households/{id}/credit",
            new RepaymentResult(RepaymentView.From(result.Value!), LoanView.From(loan.Loan, today, loan.Repayments)));
    }

    private static async Task<Results<Ok<LoanView>, NotFound, ValidationProblem>> Extend(JingzhunDbContext db, TimeProvider clock, Lang lang, long id,
        long loanId, ExtendRequest request, CancellationToken ct)
    {
        var result = await MicrocreditWork.ExtendAsync(db, id, loanId, request.DueOn ?? DateOnly.MinValue, request.Reason, clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Ok(LoanView.From(result.Value!, Today(clock))),
        };
    }

    private static async Task<Results<Created<RelocationView>, NotFound, ValidationProblem>> Relocate(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long id, RelocationRequest request, CancellationToken ct)
    {
        RelocationReason? reason = Enum.TryParse<RelocationReason>(request.Reason, ignoreCase: true, out var r) && Enum.IsDefined(r)
            && !int.TryParse(request.Reason, out _) ? r : null;
        var input = new RelocationInput(reason, request.Mode, request.Site ?? "", request.SiteVillageCode, request.People ?? 0,
            request.HousingArea ?? 0m, new Money(request.HousingSubsidy ?? 0m), new Money(request.OtherSubsidy ?? 0m), request.Year ?? Today(clock).Year);
        var result = await Relocations.RecordAsync(db, id, input, clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Created($"/api/households/{id}/credit", RelocationView.From(result.Value!)),
        };
    }

    private static async Task<Results<Ok<RelocationView>, NotFound, ValidationProblem>> MoveIn(JingzhunDbContext db, TimeProvider clock, Lang lang, long id,
        long relocationId, MoveInRequest request, CancellationToken ct)
    {
        var result = await Relocations.MoveInAsync(db, id, relocationId, request.MovedOn ?? Today(clock), clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Ok(RelocationView.From(result.Value!)),
        };
    }

    private static async Task<Results<Ok<RelocationView>, NotFound, ValidationProblem>> Cancel(JingzhunDbContext db, Lang lang, long id, long relocationId,
        CancelRequest request, CancellationToken ct)
    {
        var result = await Relocations.CancelAsync(db, id, relocationId, request.Reason, ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Ok(RelocationView.From(result.Value!)),
        };
    }

    private static async Task<Results<Created<FollowUpView>, NotFound, ValidationProblem>> FollowUp(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long id, long relocationId, FollowUpRequest request, CancellationToken ct)
    {
        var result = await Relocations.FollowUpAsync(db, id, relocationId,
            new FollowUpInput(request.On ?? Today(clock), request.Kind, request.Description ?? ""), clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Created($"/api/households/{id}/credit", FollowUpView.From(result.Value!)),
        };
    }

    private static async Task<Results<Ok<HouseholdCreditJson>, NotFound>> HouseholdCreditView(JingzhunDbContext db, TimeProvider clock, long id,
        CancellationToken ct)
    {
        var today = Today(clock);
        if (await MicrocreditWork.ForHouseholdAsync(db, id, today, ct) is not { } credit) return TypedResults.NotFound();
        var relocations = await Relocations.ForHouseholdAsync(db, id, today, ct) ?? [];
        return TypedResults.Ok(new HouseholdCreditJson(credit.Current is null ? null : RatingView.From(credit.Current),
            [.. credit.Earlier.Select(RatingView.From)], [.. credit.Loans.Select(l => LoanView.From(l.Loan, today, l.Repayments))],
            [.. relocations.Select(r => RelocationView.From(r.Relocation, r.FollowUps))]));
    }

    private static async Task<Results<Ok<MicrocreditJson>, NotFound, ForbidHttpResult>> Microcredit(JingzhunDbContext db, TimeProvider clock, string regionCode,
        CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return TypedResults.Forbid();
        if (await MicrocreditWork.ForAreaAsync(db, regionCode, Today(clock), ct) is not { } area) return TypedResults.NotFound();
        var t = area.Totals;
        return TypedResults.Ok(new MicrocreditJson(area.Code, area.Name, area.Today, t.Loans, t.Amount.Yuan, t.Outstanding.Yuan, t.Repaid.Yuan, t.RepaymentRate,
            t.OverdueLoans, t.OverdueOutstanding.Yuan, t.OverdueRate, t.HouseholdsRated, t.HouseholdsWithLine, t.CreditRate,
            [.. t.ByGrade.Select(g => new GradeJson(g.Grade, g.Households))], [.. area.Overdue.Select(LoanRowJson.From)],
            [.. area.Outstanding.Select(LoanRowJson.From)]));
    }

    private static async Task<Results<Ok<RelocationAreaJson>, NotFound, ForbidHttpResult, BadRequest<string>>> Relocation(JingzhunDbContext db, TimeProvider clock,
        string regionCode, int? year, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return TypedResults.Forbid();
        if (year is < 2000 or > 2999) return TypedResults.BadRequest("year: 2000–2999");
        return await Relocations.ForAreaAsync(db, regionCode, year, Today(clock), ct) is { } area ? TypedResults.Ok(RelocationAreaJson.From(area)) : TypedResults.NotFound();
    }
}
