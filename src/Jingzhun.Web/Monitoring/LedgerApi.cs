using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jingzhun.Web.Monitoring;

/// <summary>The monitoring ledgers as JSON: an area's figures with its children's and a page of rows; the line what-if.</summary>
public static class LedgerApi
{
    public static void MapLedgerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/monitoring").WithTags("Monitoring 防返贫监测");
        api.MapGet("/ledger/{regionCode}", Ledger)
            .WithSummary("An area's monitoring ledger: households and people monitored, eliminated and continuing by type and risk class, its children's, and a page of rows; ?asOf=live (default) or a year (its 31 December), ?page=, ?pageSize= 防返贫监测台账");
        api.MapGet("/whatif/{regionCode}", WhatIf)
            .WithSummary("Households not registered poor below a proposed monitoring line (?factor= × the poverty line, or ?line= in yuan) in ?year=, by child area, against the line in force 监测线测算");
    }

    public sealed record LineView(int Households, int People);

    public sealed record TypeFigures(MonitoringCategory Type, LineView Monitored, LineView Eliminated, LineView Continuing);

    public sealed record ClassFigures(RiskClass RiskClass, LineView Monitored, LineView Eliminated, LineView Continuing);

    public sealed record AreaView(string Code, string Name, RegionLevel Level, LineView Monitored, LineView Eliminated, LineView Continuing,
        IReadOnlyList<TypeFigures> ByType, IReadOnlyList<ClassFigures> ByRiskClass);

    public sealed record MeasureCount(MeasureType Type, int Count);

    public sealed record RowView(long ObjectId, long HouseholdId, string Number, string VillageCode, string VillageName, string HeadName,
        MonitoringCategory Type, RiskClass RiskClass, PovertyCause Causes, int People, DateTime FoundAt, DiscoveryChannel Channel, DateTime RecognisedAt,
        IReadOnlyList<MeasureCount> Measures, RiskState State, DateTime? EliminatedAt, DateTime? EvaluatedAt, bool? EvaluatedEffective, string Evaluation);

    public sealed record LedgerJson(string AsOf, DateTime At, AreaView Area, IReadOnlyList<AreaView> Children, int TotalRows, int Page, int PageSize,
        IReadOnlyList<RowView> Rows);

    private static async Task<Results<Ok<LedgerJson>, NotFound, BadRequest<string>, ForbidHttpResult>> Ledger(JingzhunDbContext db, TimeProvider clock,
        string regionCode, string? asOf, int? page, int? pageSize, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return TypedResults.Forbid();
        if (!LedgerDate.TryParse(asOf, clock.GetUtcNow().UtcDateTime, out var date)) return TypedResults.BadRequest("asOf: live or a year");
        if (page is < 1 || pageSize is < 1 or > 500) return TypedResults.BadRequest("page: 1 or more; pageSize: 1–500");
        var view = await MonitoringLedger.ForAsync(db, regionCode, date, page ?? 1, pageSize ?? MonitoringLedger.DefaultPageSize, ct);
        if (view is null) return TypedResults.NotFound();
        return TypedResults.Ok(new LedgerJson(date.Text, date.AsOf, Area(view.Area), [.. view.Children.Select(Area)], view.TotalRows, view.Page, view.PageSize,
            [.. view.Rows.Select(r => new RowView(r.ObjectId, r.HouseholdId, r.Number, r.VillageCode, r.VillageName, r.HeadName, r.Type, r.RiskClass, r.Causes,
                r.People, r.FoundAt, r.Channel, r.RecognisedAt,
                [.. r.Measures.Select(m => new MeasureCount(m.Type, m.Count))],
                r.State, r.EliminatedAt, r.EvaluatedAt, r.EvaluatedEffective, r.Evaluation))]));
    }

    private static async Task<Results<Ok<MonitoringWhatIfResult>, NotFound, BadRequest<string>, ForbidHttpResult>> WhatIf(JingzhunDbContext db, TimeProvider clock,
        string regionCode, int? year, decimal? factor, decimal? line, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return TypedResults.Forbid();
        var now = clock.GetUtcNow().UtcDateTime;
        if (year is < 2000 or > 2999 || factor is <= 0 or > 100 || line is <= 0 or > 1_000_000)
            return TypedResults.BadRequest("year: 2000–2999; factor: (0, 100]; line: yuan, (0, 1000000]");
        var result = await MonitoringWhatIf.RunAsync(db, regionCode, year ?? now.Year - 1, line is null ? factor : null, line, now, ct);
        return result is null ? TypedResults.NotFound() : TypedResults.Ok(result);
    }

    private static LineView Line(MonitoringTally.Line l) => new(l.Households, l.People);

    private static AreaView Area(LedgerArea a) => new(a.Code, a.Name, a.Level, Line(a.Tally.TotalMonitored), Line(a.Tally.TotalEliminated), Line(a.Tally.TotalContinuing),
        [.. MonitoringTally.Types.Select(t => new TypeFigures(t, Line(a.Tally.Monitored(t)), Line(a.Tally.Eliminated(t)), Line(a.Tally.Continuing(t))))],
        [.. MonitoringTally.Classes.Select(c => new ClassFigures(c, Line(a.Tally.Monitored(c)), Line(a.Tally.Eliminated(c)), Line(a.Tally.Continuing(c))))]);
}
