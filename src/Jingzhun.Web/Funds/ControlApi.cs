using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Regions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jingzhun.Web.Funds;

/// <summary>
/// Funds control as JSON (资金监管): an area's rates with its children's and the counts of its lists, one page of flagged
/// payments, and each list as an audited xlsx. Read-only: everyone who may read the area (auditors included) reads it; an area
/// outside the reader's region answers 404.
/// </summary>
public static class ControlApi
{
    public static void MapControlApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/funds/control").WithTags("Funds 资金项目");
        api.MapGet("/{regionCode}", Figures)
            .WithSummary("An area's allocated, paid, start, completion and spending rates with its children's (which add up to it), the flag counts and the counts of idle funds and overdue projects; ?year= (default all years) 资金监管");
        api.MapGet("/{regionCode}/flags", Flags)
            .WithSummary("One page of the area's flagged payments, ?kind=Misdirected (张冠李戴), Duplicate (虚报冒领) or Diverted (挤占挪用), all kinds when none; ?year=, ?page=, ?pageSize= 疑点支付");
        api.MapGet("/{regionCode}/lists", Lists)
            .WithSummary("One page of the idle funds and of the overdue projects; ?year=, ?page=, ?pageSize= 闲置资金和逾期项目");
        api.MapGet("/{regionCode}/export", Export)
            .WithSummary("One list as xlsx, every row: ?list=IdleFunds, OverdueProjects, Misdirected, Duplicate or Diverted; ?year=. The download is audited 导出监管清单");
    }

    public sealed record ListsView(ControlPage<IdleFund> IdleFunds, ControlPage<OverdueProject> OverdueProjects);

    private static bool BadYear(int? year) => year is < 2000 or > 2100;

    private static async Task<Results<Ok<ControlView>, NotFound, BadRequest<string>>> Figures(JingzhunDbContext db, TimeProvider clock, string regionCode, int? year,
        CancellationToken ct)
    {
        if (BadYear(year)) return TypedResults.BadRequest("year: 2000–2100");
        var view = await FundControl.ForAsync(db, regionCode, year, clock.GetUtcNow().UtcDateTime, ct);
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<ControlPage<FlaggedPayment>>, NotFound, BadRequest<string>>> Flags(JingzhunDbContext db, string regionCode, string? kind,
        int? year, int? page, int? pageSize, CancellationToken ct)
    {
        if (!FundControl.IsVisible(db, regionCode, out var code)) return TypedResults.NotFound();
        ControlList? which = null;
        if (!string.IsNullOrEmpty(kind))
        {
            if (!Enum.TryParse<ControlList>(kind, ignoreCase: true, out var k) || !FundControl.FlagLists.Contains(k))
                return TypedResults.BadRequest("kind: Misdirected, Duplicate or Diverted");
            which = k;
        }
        if (BadYear(year)) return TypedResults.BadRequest("year: 2000–2100");
        return TypedResults.Ok(await FundControl.FlaggedPaymentsAsync(db, code, year, which, Math.Max(1, page ?? 1),
            Math.Clamp(pageSize ?? FundControl.DefaultPageSize, 1, 1_000), ct));
    }

    private static async Task<Results<Ok<ListsView>, NotFound, BadRequest<string>>> Lists(JingzhunDbContext db, TimeProvider clock, string regionCode, int? year,
        int? page, int? pageSize, CancellationToken ct)
    {
        if (!FundControl.IsVisible(db, regionCode, out var code)) return TypedResults.NotFound();
        if (BadYear(year)) return TypedResults.BadRequest("year: 2000–2100");
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var (p, size) = (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? FundControl.DefaultPageSize, 1, 1_000));
        return TypedResults.Ok(new ListsView(await FundControl.IdleFundsPageAsync(db, code, year, today, p, size, ct),
            await FundControl.OverdueProjectsAsync(db, code, year, today, p, size, ct)));
    }

    private static async Task<Results<FileContentHttpResult, NotFound, BadRequest<string>>> Export(JingzhunDbContext db, TimeProvider clock, string regionCode,
        string? list, int? year, CancellationToken ct)
    {
        if (!FundControl.IsVisible(db, regionCode, out _)) return TypedResults.NotFound();
        if (!Enum.TryParse<ControlList>(list, ignoreCase: true, out var which) || !Enum.IsDefined(which))
            return TypedResults.BadRequest("list: IdleFunds, OverdueProjects, Misdirected, Duplicate or Diverted");
        if (BadYear(year)) return TypedResults.BadRequest("year: 2000–2100");
        var bytes = await FundControl.ExportAsync(db, regionCode, year, which, clock.GetUtcNow().UtcDateTime, ct);
        return bytes is null ? TypedResults.NotFound()
            : TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"fund-control-{regionCode}-{which}.xlsx");
    }
}
