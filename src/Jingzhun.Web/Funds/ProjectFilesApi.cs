using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Funds;
using Jingzhun.Web.Localization;

namespace Jingzhun.Web.Funds;

/// <summary>A county's project list in and out as a file: the import proposes each good row as a project of the county library.</summary>
public static class ProjectFilesApi
{
    public static void MapProjectFilesApi(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/api/funds/projects").WithTags("Funds 资金");
        files.MapPost("/import", Import).WithSummary("Import a county's project list (multipart: file, county, skipInvalid) 导入项目清单")
            .Accepts<PaymentsApi.FundUpload>("application/json", "multipart/form-data");
        files.MapGet("/export/{regionCode}", Export).WithSummary("The county's project list with stage and budget as an xlsx file 导出项目库");
    }

    private static Task<IResult> Import(HttpRequest request, JingzhunDbContext db, TimeProvider clock, Lang lang, CancellationToken ct) =>
        FundFileUpload.ImportAsync(request, lang, "projects", (path, options) => ProjectImport.ImportAsync(db, path, options, clock.GetUtcNow().UtcDateTime, ct), ct);

    private static async Task<IResult> Export(JingzhunDbContext db, TimeProvider clock, Lang lang, string regionCode, CancellationToken ct)
    {
        if (FundFileUpload.County(regionCode) is not { } county)
            return PaymentsApi.Problem(lang, 422, "regionCode：应为县级区划代码", "regionCode: a county's region code");
        if (!FundFileUpload.Overlaps(db, county)) return TypedResults.NotFound();
        var name = $"项目库-{county}.xlsx";
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-projects-{Guid.NewGuid():N}.xlsx");
        try
        {
            await ProjectImport.ExportAsync(db, county, path, ExchangeFormat.Xlsx, clock.GetUtcNow().UtcDateTime, name, ct);
            return TypedResults.File(await File.ReadAllBytesAsync(path, ct), FundFileUpload.XlsxType, name);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
