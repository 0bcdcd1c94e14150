using Jingzhun.Data.Database;
using Jingzhun.Data.Transition;

namespace Jingzhun.Web.Transition;

/// <summary>The transition after exit (过渡期) as JSON: a county's five years, and what each exited household of an area still receives.</summary>
public static class TransitionApi
{
    public static void MapTransitionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/transition").WithTags("Transition 过渡期");
        api.MapGet("/county/{code}", County)
            .WithSummary("A county's transition: its exit date (the day its exit case was approved, else 31 December of its exit year) and the end date five years on; 404 while it has not exited 过渡期");
        api.MapGet("/{regionCode}", Report)
            .WithSummary("The area's counties in transition and its exited households with their pairing cadres, active measures by type, outstanding microloans and relocation follow-up (?page=&pageSize=) 四个不摘");
        api.MapGet("/{regionCode}.xlsx", Xlsx).WithSummary("Every exited household of the area as xlsx; the download is audited 导出过渡期帮扶情况");
    }

    public sealed record CountyJson(string CountyCode, DateOnly ExitedOn, DateOnly EndsOn, Domain.Transition.ExitDateSource Source, bool InTransition, int DaysLeft);

    private static async Task<IResult> County(JingzhunDbContext db, TimeProvider clock, string code, CancellationToken ct)
    {
        var period = await Transitions.ForCountyAsync(db, code, ct);
        if (period is null) return Results.NotFound();
        var today = Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime);
        return Results.Ok(new CountyJson(period.CountyCode, period.ExitedOn, period.EndsOn, period.Source, period.InTransitionOn(today), period.DaysLeft(today)));
    }

    private static async Task<IResult> Report(JingzhunDbContext db, TimeProvider clock, string regionCode, int? page, int? pageSize, CancellationToken ct) =>
        await Transitions.ReportAsync(db, regionCode, clock.GetUtcNow().UtcDateTime, page ?? 1, pageSize ?? Transitions.DefaultPageSize, ct) is { } report
            ? Results.Ok(new
            {
                report.Code, report.Name, report.Today,
                Counties = report.Counties.Select(c => new { c.Code, c.Name, ExitedOn = c.Period?.ExitedOn, EndsOn = c.Period?.EndsOn, Source = c.Period?.Source }),
                report.ExitedHouseholds, report.WithCadre, report.WithMeasures, report.WithLoans, report.WithFollowUp, report.Rows, report.Page, report.PageSize,
            })
            : Results.NotFound();

    private static async Task<IResult> Xlsx(JingzhunDbContext db, TimeProvider clock, string regionCode, CancellationToken ct) =>
        await Transitions.ExportAsync(db, regionCode, clock.GetUtcNow().UtcDateTime, ct) is { } bytes
            ? Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"transition-{regionCode}.xlsx")
            : Results.NotFound();
}
