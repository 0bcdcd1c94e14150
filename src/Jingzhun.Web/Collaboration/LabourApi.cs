using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Collaboration;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jingzhun.Web.Collaboration;

/// <summary>
/// Labour cooperation (劳务协作) as JSON. Every write is a governed step of <see cref="LabourCooperation"/>: a wrong role
/// answers 403 and changes nothing, a refused field 400 naming it, a household outside the reader's region 404.
/// </summary>
public static class LabourApi
{
    public static void MapLabourApi(this IEndpointRouteBuilder app)
    {
        var households = app.MapGroup("/api/households").WithTags("Collaboration 社会帮扶与东西部协作");
        households.MapGet("/{id:long}/labour", Household).WithSummary("The household's workers in labour cooperation, each with its steps from the pool to the return 劳务协作");
        households.MapPost("/{id:long}/labour", EnterPool)
            .WithSummary("A member of a registered or monitored household enters the labour pool 进入劳动力资源库");
        households.MapPost("/{id:long}/labour/{workerId:long}/steps", Step)
            .WithSummary("The worker's next step: training (course, dates), a job (destination, employer, point-to-point / organised / self-found, monthly income, pairing) or the return (reason)");
        app.MapGroup("/api/collaboration").WithTags("Collaboration 社会帮扶与东西部协作")
            .MapGet("/labour/{regionCode}", Figures)
            .WithSummary("Labour cooperation figures of an area of origin (?year=, ?destination= a region code or a province name): workers by stage, incomes, by origin, destination, mode and year");
    }

    public sealed record PoolRequest(long? MemberId, DateOnly? On);

    public sealed record StepRequest(LabourStage? Stage, DateOnly? On, [property: TextLimit(100)] string? Course, DateOnly? TrainingUntil,
        [property: TextLimit(100)] string? Destination, [property: TextLimit(12)] string? DestinationCode, [property: TextLimit(100)] string? Employer,
        PlacementMode? Mode, [property: Range(0d, 10_000_000d)] decimal? MonthlyIncome, [property: Range(1L, long.MaxValue)] long? PairingId,
        [property: TextLimit(200, Lines = true)] string? Reason);

    public sealed record StepView(long Id, LabourStage Stage, DateOnly On, string Course, DateOnly? TrainingUntil, string Destination, string DestinationCode,
        string DestinationProvince, string Employer, PlacementMode? Mode, decimal MonthlyIncome, long? PairingId, string Reason, string RecordedBy)
    {
        public static StepView From(LabourPlacement p) => new(p.Id, p.Stage, p.On, p.Course, p.TrainingUntil, p.Destination, p.DestinationCode,
            p.DestinationProvince, p.Employer, p.Mode, p.MonthlyIncome.Yuan, p.PairingId, p.Reason, p.RecordedBy);
    }

    public sealed record WorkerView(long Id, long HouseholdId, long MemberId, string MemberName, string OriginVillageCode, LabourStage Stage, IReadOnlyList<StepView> Steps)
    {
        public static WorkerView From(LabourWorker w, string name, IEnumerable<LabourPlacement> steps) =>
            new(w.Id, w.HouseholdId, w.MemberId, name, w.VillageCode, w.Stage, [.. steps.Select(StepView.From)]);
    }

    public sealed record RowJson(string Key, string Name, int Workers, int InPool, int InTraining, int Working, int Returned, int EnteredInYear,
        int TrainedInYear, int PlacedInYear, int ReturnedInYear, decimal MonthlyIncome, decimal AverageMonthlyIncome)
    {
        public static RowJson From(LabourRow r) => new(r.Key, r.Name, r.Workers, r.InPool, r.InTraining, r.Working, r.Returned, r.EnteredInYear,
            r.TrainedInYear, r.PlacedInYear, r.ReturnedInYear, r.MonthlyIncome.Yuan, r.AverageMonthlyIncome.Yuan);
    }

    public sealed record FiguresJson(string Code, string Name, string Destination, int Year, DateOnly AsOf, RowJson Total, IReadOnlyList<RowJson> ByOrigin,
        IReadOnlyList<RowJson> ByDestinationProvince, IReadOnlyList<RowJson> ByDestinationPlace, IReadOnlyList<RowJson> ByMode, IReadOnlyList<RowJson> ByYear)
    {
        public static FiguresJson From(LabourFigures f) => new(f.Code, f.Name, f.Destination, f.Year, f.AsOf, RowJson.From(f.Total),
            [.. f.ByOrigin.Select(RowJson.From)], [.. f.ByDestinationProvince.Select(RowJson.From)], [.. f.ByDestinationPlace.Select(RowJson.From)],
            [.. f.ByMode.Select(RowJson.From)], [.. f.ByYear.Select(RowJson.From)]);
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static ValidationProblem Problem(IEnumerable<FieldError> errors, Lang lang) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message(lang.English)).ToArray()),
            title: lang.T("输入有误", "Some fields are not valid"));

    private static async Task<Results<Ok<IReadOnlyList<WorkerView>>, NotFound>> Household(JingzhunDbContext db, long id, CancellationToken ct) =>
        await LabourCooperation.ForHouseholdAsync(db, id, ct) is { } workers
            ? TypedResults.Ok<IReadOnlyList<WorkerView>>([.. workers.Select(w => WorkerView.From(w.Worker, w.MemberName, w.Steps))])
            : TypedResults.NotFound();

    private static async Task<Results<Created<WorkerView>, NotFound, ValidationProblem>> EnterPool(JingzhunDbContext db, TimeProvider clock, Lang lang, long id,
        PoolRequest request, CancellationToken ct)
    {
        var result = await LabourCooperation.EnterPoolAsync(db, id, request.MemberId ?? 0, request.On ?? Today(clock), clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Created($"/api/households/{id}/labour", WorkerView.From(result.Value!, "", [])),
        };
    }

    private static async Task<Results<Created<StepView>, NotFound, ValidationProblem>> Step(JingzhunDbContext db, TimeProvider clock, Lang lang, long id,
        long workerId, StepRequest request, CancellationToken ct)
    {
        var input = new LabourStepInput(request.Stage, request.On ?? Today(clock), request.Course, request.TrainingUntil, request.Destination,
            request.DestinationCode, request.Employer, request.Mode, new Money(request.MonthlyIncome ?? 0m), request.PairingId, request.Reason);
        var result = await LabourCooperation.RecordAsync(db, id, workerId, input, clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Created($"/api/households/{id}/labour", StepView.From(result.Value!)),
        };
    }

    private static async Task<Results<Ok<FiguresJson>, NotFound, ForbidHttpResult, BadRequest<string>>> Figures(JingzhunDbContext db, TimeProvider clock,
        string regionCode, int? year, string? destination, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return TypedResults.Forbid();
        if (year is < 2000 or > 2999) return TypedResults.BadRequest("year: 2000–2999");
        if (destination is { Length: > 40 }) return TypedResults.BadRequest("destination: at most 40 characters");
        return await LabourCooperationFigures.ForAreaAsync(db, regionCode, year, Today(clock), destination, ct) is { } f
            ? TypedResults.Ok(FiguresJson.From(f)) : TypedResults.NotFound();
    }
}
