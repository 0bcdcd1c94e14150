using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Assistance;

/// <summary>
/// One plan per household (一户一策) through the API: the plan view, making a plan (it supersedes the one in force), needs,
/// measures added and changed, the catalogue and a household's suggestions. Every write runs the same governed step as the
/// pages (<see cref="HouseholdPlans"/>): wrong role or a household a cadre is not paired with → 403, bad fields → 422.
/// </summary>
public static class PlansApi
{
    public static void MapPlansApi(this IEndpointRouteBuilder app)
    {
        var households = app.MapGroup("/api/households").WithTags("Assistance 帮扶");
        households.MapGet("/{id:long}/plan", Get).WithSummary("The household's plan: plan in force, earlier plans, needs, measures with funding, suggestions 一户一策");
        households.MapPost("/{id:long}/plan", MakePlan).WithSummary("Make the household's plan (supersedes the plan in force) 制定帮扶计划");
        households.MapPost("/{id:long}/needs", RecordNeed).WithSummary("Record a need 帮扶需求");
        households.MapPost("/{id:long}/measures", AddMeasure).WithSummary("Add a measure under the plan in force 帮扶措施");
        households.MapPut("/{id:long}/measures/{measureId:long}", UpdateMeasure).WithSummary("Change a measure: fields, funding, state and result (send the version you read)");
        households.MapGet("/{id:long}/suggestions", Suggestions).WithSummary("Programmes suggested by the household's causes and facts (never assigned)");
        app.MapGet("/api/assistance/catalogue", Catalogue).WithTags("Assistance 帮扶").WithSummary("The catalogue of programmes: 五个一批 and special programmes");
    }

    public sealed record PlanRequest(int? FromYear, int? ToYear, [property: TextLimit(1000, Lines = true)] string? Goals, decimal? TargetIncomePerCapita,
        int? CadreId, DateOnly? Deadline);

    public sealed record NeedRequest(MeasureType? Area, [property: TextLimit(500, Lines = true)] string? Description);

    public sealed record FundingRequest(FundSource? Source, decimal? Amount);

    public sealed record MeasureRequest(MeasureType? Type, [property: TextLimit(64)] string? Programme, int? Year, int? CadreId, DateOnly? StartOn, DateOnly? Deadline,
        [property: TextLimit(500, Lines = true)] string? Description, [property: System.ComponentModel.DataAnnotations.MaxLength(20)] List<FundingRequest?>? Funding,
        MeasureState? State, [property: TextLimit(500, Lines = true)] string? StateReason, DateOnly? CompletedOn, decimal? IncomeEffect,
        Guarantee? GuaranteesFixed, int? PeopleReached, int? Version)
    {
        public MeasureInput ToInput() => new(Type ?? 0, Programme, Year ?? 0, CadreId, StartOn, Deadline, Description,
            [.. (Funding ?? []).Select(f => new FundingInput(f?.Source ?? 0, f?.Amount ?? -1))],
            State ?? MeasureState.Planned, StateReason, CompletedOn, IncomeEffect, GuaranteesFixed ?? Guarantee.None, PeopleReached ?? 0, Version);
    }

    public sealed record ProgrammeView(string Code, string Chinese, string English, MeasureType Type, FiveBatches Batch, PovertyCause Causes,
        HouseholdFact Facts, HouseholdFact Requires)
    {
        public static ProgrammeView From(Programme p) => new(p.Code, p.Chinese, p.English, p.Type, p.Batch, p.Causes, p.Facts, p.Requires);
    }

    public sealed record SuggestionView(ProgrammeView Programme, PovertyCause Causes, HouseholdFact Facts, string Reason, string ReasonChinese, string ReasonEnglish)
    {
        public static SuggestionView From(Suggestion s, Lang lang) =>
            new(ProgrammeView.From(s.Programme), s.Causes, s.Facts, lang.T(s.Reason), s.Reason.Chinese, s.Reason.English);
    }

    public sealed record PlanView(PlanHousehold Household, PlanRow? Plan, IReadOnlyList<PlanRow> PreviousPlans, IReadOnlyList<NeedRow> Needs,
        IReadOnlyList<MeasureRow> Measures, IReadOnlyList<SuggestionView> Suggestions, CadreContact? Cadre, bool MayChange);

    private static DateOnly Today(TimeProvider clock) => Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime);

    private static async Task<Results<Ok<PlanView>, NotFound>> Get(JingzhunDbContext db, Lang lang, TimeProvider clock, long id, CancellationToken ct) =>
        await ViewAsync(db, lang, clock, id, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    private static async Task<PlanView?> ViewAsync(JingzhunDbContext db, Lang lang, TimeProvider clock, long id, CancellationToken ct)
    {
        var v = await HouseholdPlans.ViewAsync(db, id, Today(clock), ct);
        return v is null ? null : new PlanView(v.Household, v.Plan, v.PreviousPlans, v.Needs, v.Measures,
            [.. v.Suggestions.Select(s => SuggestionView.From(s, lang))], v.Cadre, v.MayChange);
    }

    private static async Task<Results<Created<PlanRow>, NotFound, ValidationProblem>> MakePlan(JingzhunDbContext db, Lang lang, TimeProvider clock,
        long id, PlanRequest request, CancellationToken ct)
    {
        var result = await HouseholdPlans.MakePlanAsync(db, id,
            new PlanInput(request.FromYear ?? 0, request.ToYear ?? 0, request.Goals, request.TargetIncomePerCapita, request.CadreId, request.Deadline), ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Created($"/api/households/{id}/plan", (await ViewAsync(db, lang, clock, id, ct))!.Plan!),
        };
    }

    private static async Task<Results<Created<NeedRow>, NotFound, ValidationProblem>> RecordNeed(JingzhunDbContext db, Lang lang, TimeProvider clock,
        long id, NeedRequest request, CancellationToken ct)
    {
        var result = await HouseholdPlans.RecordNeedAsync(db, id, new NeedInput(request.Area ?? 0, request.Description), Today(clock), ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Created($"/api/households/{id}/plan",
                new NeedRow(result.Value!.Id, result.Value.Area, result.Value.Description, result.Value.RecordedOn, result.Value.RecordedBy, result.Value.State, null, result.Value.Version)),
        };
    }

    private static async Task<Results<Created<MeasureRow>, NotFound, ValidationProblem>> AddMeasure(JingzhunDbContext db, Lang lang, TimeProvider clock,
        long id, MeasureRequest request, CancellationToken ct)
    {
        var result = await HouseholdPlans.AddMeasureAsync(db, id, request.ToInput(), Today(clock), ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Created($"/api/households/{id}/measures/{result.Value!.Id}", await MeasureAsync(db, lang, clock, id, result.Value.Id, ct)),
        };
    }

    private static async Task<Results<Ok<MeasureRow>, NotFound, ValidationProblem>> UpdateMeasure(JingzhunDbContext db, Lang lang, TimeProvider clock,
        long id, long measureId, MeasureRequest request, CancellationToken ct)
    {
        var result = await HouseholdPlans.UpdateMeasureAsync(db, id, measureId, request.ToInput(), Today(clock), ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Ok(await MeasureAsync(db, lang, clock, id, measureId, ct)),
        };
    }

    private static async Task<MeasureRow> MeasureAsync(JingzhunDbContext db, Lang lang, TimeProvider clock, long id, long measureId, CancellationToken ct) =>
        (await HouseholdPlans.ViewAsync(db, id, Today(clock), ct))!.Measures.Single(m => m.Id == measureId);

    private static async Task<Results<Ok<List<SuggestionView>>, NotFound>> Suggestions(JingzhunDbContext db, Lang lang, TimeProvider clock, long id, CancellationToken ct) =>
        await HouseholdPlans.ViewAsync(db, id, Today(clock), ct) is { } v
            ? TypedResults.Ok(v.Suggestions.Select(s => SuggestionView.From(s, lang)).ToList())
            : TypedResults.NotFound();

    private static Ok<List<ProgrammeView>> Catalogue() => TypedResults.Ok(MeasureCatalogue.All.Select(ProgrammeView.From).ToList());

    private static ValidationProblem Problem(IEnumerable<FieldError> errors, Lang lang) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => Camel(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message(lang.English)).ToArray()),
            title: lang.T("输入有误", "Some fields are not valid"));

    private static string Camel(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];
}
