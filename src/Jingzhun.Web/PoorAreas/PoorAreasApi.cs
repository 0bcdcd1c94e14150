using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Database;
using Jingzhun.Data.PoorAreas;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.PoorAreas;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jingzhun.Web.PoorAreas;

/// <summary>
/// Poor villages and designations (issue 21) as JSON. Every write is the governed step the page takes (Data/PoorAreas):
/// a wrong role answers 403, a refused value or state 409 with the rule in both languages, a place outside the reader's
/// region 404; an application that does not meet the rule answers 409 with the decision and its failing criteria.
/// </summary>
public static class PoorAreasApi
{
    public static void MapPoorAreasApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/poor-areas").WithTags("PoorAreas 贫困村与贫困县");
        group.MapGet("/{regionCode}/villages", Villages).WithSummary("A county's villages judged by the poor-village rule (?year=), with the year's designation and open case 贫困村识别");
        group.MapGet("/{regionCode}/designations", Designations).WithSummary("Designations with their years of a place and the places inside it 认定");
        group.MapGet("/{regionCode}/groups", Groups).WithSummary("The area's places grouped by the designations of a year (?year=) with the year's figures");
        group.MapGet("/{regionCode}/what-if", WhatIf).WithSummary("Villages per township that would qualify with another multiple and share (?year=&multiple=&share=)");
        group.MapPost("/apply", Apply).WithSummary("The village committee's application with its declared incomes; opens the identification case when the rule passes");
        group.MapPost("/designations", Record).WithSummary("Record a designation with its years and source (county officers and above; not a poor village)");
        group.MapPost("/designations/end", End).WithSummary("End a designation in a year with the reason");
    }

    public sealed record ApplyRequest([property: TextLimit(12)] string? VillageCode, int? Year, [property: Range(0d, 10_000_000d)] decimal? PerCapitaIncome,
        [property: Range(0d, 10_000_000_000d)] decimal? CollectiveIncome, [property: TextLimit(400, Lines = true)] string? Reason);

    public sealed record ApplyAnswer(bool Passed, Decision Decision, long? CaseId);

    public sealed record DesignationRequest([property: TextLimit(12)] string? RegionCode, DesignationKind? Kind, int? FromYear, int? ToYear,
        [property: TextLimit(500, Lines = true)] string? Source);

    public sealed record EndRequest(long? DesignationId, int? LastYear, [property: TextLimit(500, Lines = true)] string? Reason);

    public sealed record DesignationView(long Id, string RegionCode, DesignationKind Kind, string KindLabel, int FromYear, int? ToYear, string Source,
        long? CaseId, string RecordedBy, DateTime RecordedAt, string EndedBy, DateTime? EndedAt, string EndedReason)
    {
        public static DesignationView From(RegionDesignation d) => new(d.Id, d.RegionCode, d.Kind, d.Kind.Chinese() + " / " + d.Kind.English(), d.FromYear,
            d.ToYear, d.Source, d.CaseId, d.RecordedBy, d.RecordedAt, d.EndedBy, d.EndedAt, d.EndedReason);
    }

    /// <summary>Whether the reader may read the place: inside its region, or an area its region lies in.</summary>
    private static bool Reads(JingzhunDbContext db, string regionCode, out RegionCode code) =>
        RegionCode.TryParse(regionCode, out code, out _) && db.Scope.CanRead
        && (regionCode.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal) || db.Scope.RegionPrefix.StartsWith(code.Prefix, StringComparison.Ordinal));

    private static async Task<Results<Ok<List<VillageRow>>, NotFound>> Villages(JingzhunDbContext db, TimeProvider clock, string regionCode, int? year,
        CancellationToken ct) =>
        Reads(db, regionCode, out var code) && code.Level == RegionLevel.County
            ? TypedResults.Ok(await VillageIdentification.ListAsync(db, regionCode, year ?? RulesApi.DefaultYear(clock), ct))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<List<DesignationView>>, NotFound>> Designations(JingzhunDbContext db, string regionCode, CancellationToken ct)
    {
        if (!Reads(db, regionCode, out var code)) return TypedResults.NotFound();
        var prefix = db.Scope.RegionPrefix.Length > code.Prefix.Length ? db.Scope.RegionPrefix : code.Prefix;
        var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Designations.Where(d => d.RegionCode.StartsWith(prefix) || d.RegionCode == regionCode).OrderBy(d => d.RegionCode).ThenBy(d => d.FromYear).ThenBy(d => d.Id), ct);
        return TypedResults.Ok(rows.Select(DesignationView.From).ToList());
    }

    private static async Task<Results<Ok<List<DesignationGrouping>>, NotFound>> Groups(JingzhunDbContext db, TimeProvider clock, string regionCode, int? year,
        CancellationToken ct)
    {
        // Figures are the reader's own region's and below: an area above it is not grouped here.
        if (!RegionCode.TryParse(regionCode, out _, out _) || !db.Scope.Covers(regionCode)) return TypedResults.NotFound();
        var calendar = year ?? clock.GetUtcNow().Year;
        var frozen = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Aggregates, a => a.Year == calendar && a.RegionCode == regionCode, ct);
        return TypedResults.Ok(await DesignationReport.ForAsync(db, regionCode, frozen ? calendar : Domain.Statistics.AreaAggregate.LiveYear, calendar, ct));
    }

    private static async Task<Results<Ok<List<VillageWhatIfLine>>, NotFound>> WhatIf(JingzhunDbContext db, TimeProvider clock, string regionCode, int? year,
        decimal? multiple, decimal? share, CancellationToken ct)
    {
        if (!Reads(db, regionCode, out _)) return TypedResults.NotFound();
        var y = year ?? RulesApi.DefaultYear(clock);
        var rules = await Data.Rules.RuleBook.ForAsync(db, regionCode, y, ct);
        return TypedResults.Ok(await VillageIdentification.WhatIfAsync(db, regionCode, y, multiple ?? rules.PoorVillageIncidenceMultiple,
            share ?? rules.PoorVillageIncomeShare, ct));
    }

    private static async Task<Results<Ok<ApplyAnswer>, Conflict<ApplyAnswer>>> Apply(JingzhunDbContext db, TimeProvider clock, ApplyRequest request, CancellationToken ct)
    {
        if (request.PerCapitaIncome is null || request.CollectiveIncome is null)
            throw new WorkflowBlockedException("须申报村农民人均纯收入和村集体经济收入", "the application declares the per-capita net income and the collective income");
        var (decision, opened) = await VillageIdentification.ApplyAsync(db, request.VillageCode ?? "", request.Year ?? RulesApi.DefaultYear(clock),
            new VillageApplication(request.PerCapitaIncome.Value, request.CollectiveIncome.Value, request.Reason ?? ""), clock.GetUtcNow().UtcDateTime, ct);
        var answer = new ApplyAnswer(decision.Passed, decision, opened?.Id);
        return opened is null ? TypedResults.Conflict(answer) : TypedResults.Ok(answer);
    }

    private static async Task<Created<DesignationView>> Record(JingzhunDbContext db, TimeProvider clock, DesignationRequest request, CancellationToken ct)
    {
        var d = await AreaDesignations.RecordAsync(db, new DesignationForm(request.RegionCode ?? "", request.Kind ?? 0, request.FromYear ?? 0, request.ToYear,
            request.Source ?? ""), clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/poor-areas/{d.RegionCode}/designations", DesignationView.From(d));
    }

    private static async Task<Ok<DesignationView>> End(JingzhunDbContext db, TimeProvider clock, EndRequest request, CancellationToken ct) =>
        TypedResults.Ok(DesignationView.From(await AreaDesignations.EndAsync(db, request.DesignationId ?? 0, request.LastYear ?? 0, request.Reason ?? "",
            clock.GetUtcNow().UtcDateTime, ct)));
}
