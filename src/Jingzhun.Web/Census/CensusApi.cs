using Jingzhun.Data.Census;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Census;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jingzhun.Web.Census;

/// <summary>
/// The census (脱贫攻坚普查) as JSON. Every write is a governed step of <see cref="CensusWork"/>, the same one the pages
/// take: a wrong role answers 403, a step the record's state forbids or a missing reason 409, a record outside the
/// reader's region 404. The rates are counted live from the records.
/// </summary>
public static class CensusApi
{
    public static void MapCensusApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/census").WithTags("Census 脱贫攻坚普查");
        group.MapGet("/rounds", Rounds).WithSummary("The census rounds the reader sees, with their counts and five rates now");
        group.MapPost("/rounds", Open).WithSummary("Open a round over a county's registered households (county or province officer)");
        group.MapGet("/rates", Rates).WithSummary("The five completion rates of an area (?year=, &area=) and of the areas one level below");
        group.MapGet("/rates.xlsx", Workbook).WithSummary("The rates of an area and the areas below as an xlsx workbook");
        group.MapGet("/rounds/{censusRoundId:long}/records", Records).WithSummary("A round's records (?area=, &state=), at most 500");
        group.MapPost("/rounds/{censusRoundId:long}/accept-all", AcceptAll).WithSummary("The level accepts every record of an area waiting for it, all or nothing");
        group.MapPost("/records/{censusRecordId:long}/survey", Survey).WithSummary("The village surveys the household 清查摸底");
        group.MapPost("/records/{censusRecordId:long}/enter", Enter).WithSummary("Enter the record in the system 系统录入 (after a send-back: the correction, with a note)");
        group.MapPost("/records/{censusRecordId:long}/accept", Accept).WithSummary("The level (default: the reader's) accepts a record 审核验收");
        group.MapPost("/records/{censusRecordId:long}/send-back", SendBack).WithSummary("The level sends a record back to the village with the reason");
    }

    public sealed record OpenRequest(int? Year, [property: TextLimit(12)] string? CountyCode, [property: TextLimit(200)] string? Name);

    public sealed record NoteRequest([property: TextLimit(500, Lines = true)] string? Note);

    public sealed record ReviewRequest(CensusLevel? Level, [property: TextLimit(500, Lines = true)] string? Reason);

    public sealed record AcceptAllRequest([property: TextLimit(12)] string? Area, CensusLevel? Level);

    public sealed record CountsView(int Listed, int Surveyed, int Entered, int TownshipAccepted, int CountyAccepted, int CityAccepted, int ProvinceAccepted,
        int SentBack, decimal? EntryRate, decimal? TownshipRate, decimal? CountyRate, decimal? CityRate, decimal? ProvinceRate, bool AllComplete)
    {
        public static CountsView Of(CensusCounts c) => new(c.Listed, c.Surveyed, c.Entered, c.Township, c.County, c.City, c.Province, c.SentBack,
            c.EntryRate, c.TownshipRate, c.CountyRate, c.CityRate, c.ProvinceRate, c.AllComplete);
    }

    public sealed record RoundView(long Id, int Year, string CountyCode, string CountyName, string Name, int Households, string OpenedBy, DateTime OpenedAt, CountsView Counts);

    public sealed record AreaRowView(string Code, string Name, CountsView Counts);

    public sealed record AreaView(string Code, string Name, int Year, CountsView Counts, IReadOnlyList<AreaRowView> Children);

    public sealed record RecordView(long Id, long RoundId, long HouseholdId, string HouseholdNumber, string VillageCode, string VillageName, int Year,
        HouseholdStatus StatusAtOpening, CensusState State, string SurveyedBy, DateTime? SurveyedAt, string EnteredBy, DateTime? EnteredAt, string Note,
        string TownshipBy, string CountyBy, string CityBy, string ProvinceBy, CensusLevel? SentBackLevel, string SentBackBy, DateTime? SentBackAt,
        string SentBackReason, int SendBacks, int Version)
    {
        public static RecordView Of(CensusRecord r, string number = "", string village = "") => new(r.Id, r.RoundId, r.HouseholdId, number, r.VillageCode, village,
            r.Year, r.StatusAtOpening, r.State, r.SurveyedBy, r.SurveyedAt, r.EnteredBy, r.EnteredAt, r.Note, r.TownshipBy, r.CountyBy, r.CityBy, r.ProvinceBy,
            r.SentBackLevel, r.SentBackBy, r.SentBackAt, r.SentBackReason, r.SendBacks, r.Version);
    }

    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    /// <summary>Assessors read only their sample, visitors and partner accounts nothing of the registry: no census for them.</summary>
    private static bool Shut(JingzhunDbContext db) => db.Scope.ReadsAssignedOnly || db.Scope.Role is null || !db.Scope.CanRead;

    /// <summary>The level a step is taken at: the one asked for, else the reader's own (a role without one is refused by the step).</summary>
    private static CensusLevel LevelOf(JingzhunDbContext db, CensusLevel? asked) => asked ?? CensusRoles.LevelOf(db.Scope.Role) ?? CensusLevel.Township;

    private static async Task<Results<Ok<List<RoundView>>, ForbidHttpResult>> Rounds(JingzhunDbContext db, CancellationToken ct) =>
        Shut(db) ? TypedResults.Forbid()
            : TypedResults.Ok((await CensusFigures.RoundsAsync(db, ct)).Select(v => new RoundView(v.Round.Id, v.Round.Year, v.Round.CountyCode, v.CountyName,
                v.Round.Name, v.Round.Households, v.Round.OpenedBy, v.Round.OpenedAt, CountsView.Of(v.Counts))).ToList());

    private static async Task<Created<RoundView>> Open(JingzhunDbContext db, TimeProvider clock, OpenRequest request, CancellationToken ct)
    {
        var r = await CensusWork.OpenAsync(db, request.Year ?? 0, request.CountyCode ?? "", request.Name, Now(clock), ct);
        return TypedResults.Created($"/census/rounds/{r.Id}", new RoundView(r.Id, r.Year, r.CountyCode, "", r.Name, r.Households, r.OpenedBy, r.OpenedAt,
            CountsView.Of(new CensusCounts(r.Households, 0, 0, 0, 0, 0, 0, 0))));
    }

    private static async Task<Results<Ok<AreaView>, ForbidHttpResult>> Rates(JingzhunDbContext db, TimeProvider clock, int? year, string? area, CancellationToken ct)
    {
        if (Shut(db)) return TypedResults.Forbid();
        var a = await CensusFigures.AreaAsync(db, year ?? 2020, area, ct);
        return TypedResults.Ok(new AreaView(a.Code, a.Name, a.Year, CountsView.Of(a.Counts), a.Children.Select(c => new AreaRowView(c.Code, c.Name, CountsView.Of(c.Counts))).ToList()));
    }

    private static async Task<Results<FileContentHttpResult, ForbidHttpResult>> Workbook(JingzhunDbContext db, TimeProvider clock, int? year, string? area, CancellationToken ct)
    {
        if (Shut(db)) return TypedResults.Forbid();
        var y = year ?? 2020;
        var bytes = await CensusFigures.WorkbookAsync(db, y, area, Now(clock), ct);
        return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"普查完成率-{y}-{area ?? "all"}.xlsx");
    }

    private static async Task<Results<Ok<List<RecordView>>, ForbidHttpResult, NotFound>> Records(JingzhunDbContext db, long censusRoundId, string? area, CensusState? state,
        CancellationToken ct)
    {
        if (Shut(db)) return TypedResults.Forbid();
        if (!await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.CensusRounds, r => r.Id == censusRoundId, ct)) return TypedResults.NotFound();
        return TypedResults.Ok((await CensusFigures.RecordsAsync(db, censusRoundId, area, state, ct: ct)).Select(v => RecordView.Of(v.Record, v.HouseholdNumber, v.VillageName)).ToList());
    }

    private static async Task<Results<Ok<int>, NotFound>> AcceptAll(JingzhunDbContext db, TimeProvider clock, long censusRoundId, AcceptAllRequest request, CancellationToken ct)
    {
        if (!await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.CensusRounds, r => r.Id == censusRoundId, ct)) return TypedResults.NotFound();
        return TypedResults.Ok(await CensusWork.AcceptAllAsync(db, censusRoundId, request.Area ?? db.Scope.RegionPrefix.PadRight(12, '0'), LevelOf(db, request.Level), Now(clock), ct));
    }

    private static async Task<Results<Ok<RecordView>, NotFound>> Survey(JingzhunDbContext db, TimeProvider clock, long censusRecordId, CancellationToken ct) =>
        await CensusWork.SurveyAsync(db, censusRecordId, Now(clock), ct) is { } r ? TypedResults.Ok(RecordView.Of(r)) : TypedResults.NotFound();

    private static async Task<Results<Ok<RecordView>, NotFound>> Enter(JingzhunDbContext db, TimeProvider clock, long censusRecordId, NoteRequest request, CancellationToken ct) =>
        await CensusWork.EnterAsync(db, censusRecordId, request.Note, Now(clock), ct) is { } r ? TypedResults.Ok(RecordView.Of(r)) : TypedResults.NotFound();

    private static async Task<Results<Ok<RecordView>, NotFound>> Accept(JingzhunDbContext db, TimeProvider clock, long censusRecordId, ReviewRequest request, CancellationToken ct) =>
        await CensusWork.AcceptAsync(db, censusRecordId, LevelOf(db, request.Level), Now(clock), ct) is { } r ? TypedResults.Ok(RecordView.Of(r)) : TypedResults.NotFound();

    private static async Task<Results<Ok<RecordView>, NotFound>> SendBack(JingzhunDbContext db, TimeProvider clock, long censusRecordId, ReviewRequest request, CancellationToken ct) =>
        await CensusWork.SendBackAsync(db, censusRecordId, LevelOf(db, request.Level), request.Reason, Now(clock), ct) is { } r ? TypedResults.Ok(RecordView.Of(r)) : TypedResults.NotFound();
}
