using System.Text.Json;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Monitoring;
using Jingzhun.Web.Localization;

namespace Jingzhun.Web.Monitoring;

/// <summary>
/// Department early-warning files through the API: <c>POST /api/monitoring/feeds</c> takes a multipart form (file,
/// department, skipInvalid) or, for scripts, JSON (department, skipInvalid, fileName, content as base64), and answers the
/// feed's report (200), or 422 problem+json with every bad row when nothing was written. <c>GET</c> lists the region's feeds.
/// </summary>
public static class FeedsApi
{
    /// <summary>The largest file taken (a department file of a county is a few megabytes).</summary>
    public const long MaxFileBytes = 100L * 1024 * 1024;

    public static void MapFeedsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/monitoring/feeds").WithTags("Monitoring 防返贫监测");
        api.MapGet("/", List).WithSummary("Department feeds of the region 部门预警数据导入记录");
        api.MapPost("/", Import).WithSummary("Import a department file (multipart: file, department, skipInvalid) 导入部门预警数据")
            .Accepts<FeedUpload>("application/json", "multipart/form-data");
    }

    /// <summary>The JSON form of an upload: the file's bytes as base64.</summary>
    public sealed record FeedUpload(string? Department, bool SkipInvalid, string? FileName, string? Content);

    public sealed record FeedSummary(long Id, string Department, string FileName, DateTime ImportedAt, string ImportedBy, int Rows, int Matched, int Signals, int Skipped);

    public sealed record FeedAnswer(long? FeedId, int Rows, int Matched, int Signals, int Skipped, int CasesOpened, int Flagged, bool Rejected, IReadOnlyList<ImportError> Errors);

    private static async Task<IResult> List(JingzhunDbContext db, CancellationToken ct) =>
        Results.Ok((await DepartmentFeeds.ListAsync(db, 200, ct)).Select(f =>
            new FeedSummary(f.Id, f.Department, f.FileName, f.ImportedAt, f.ImportedBy, f.Rows, f.Matched, f.Signals, f.Skipped)));

    private static async Task<IResult> Import(HttpRequest request, JingzhunDbContext db, TimeProvider clock, Lang lang, CancellationToken ct)
    {
        if (!DepartmentFeeds.MayImport(db.Scope))
            return Problem(lang, StatusCodes.Status403Forbidden, "只有县级扶贫部门可以导入部门预警数据", "only county officers import department warning data");
        string department, fileName;
        bool skipInvalid;
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-feed-{Guid.NewGuid():N}");
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                var file = form.Files.GetFile("file");
                if (file is null || file.Length == 0) return Problem(lang, 422, "file：请选择文件（.xlsx或.csv）", "file: choose a file (.xlsx or .csv)");
                if (file.Length > MaxFileBytes) return Problem(lang, 413, "file：文件太大", "file: the file is too large");
                department = form["department"].ToString();
                skipInvalid = form["skipInvalid"].ToString() is "true" or "on" or "True" or "1";
                fileName = file.FileName;
                path += Extension(fileName);
                await using var stream = File.Create(path);
                await file.CopyToAsync(stream, ct);
            }
            else
            {
                FeedUpload? upload;
                try { upload = await JsonSerializer.DeserializeAsync<FeedUpload>(request.Body, JsonSerializerOptions.Web, ct); }
                catch (JsonException) { return Problem(lang, 400, "请求内容：格式不正确", "The request body: not a valid value"); }
                if (upload is null) return Problem(lang, 422, "body：请求内容不能为空", "body: the request needs a body");
                byte[] bytes;
                try { bytes = Convert.FromBase64String(upload.Content ?? ""); }
                catch (FormatException) { return Problem(lang, 422, "content：不是有效的base64", "content: not valid base64"); }
                if (bytes.Length == 0) return Problem(lang, 422, "content：文件内容不能为空", "content: the file is empty");
                department = upload.Department ?? "";
                skipInvalid = upload.SkipInvalid;
                fileName = upload.FileName ?? "feed.csv";
                path += Extension(fileName);
                await File.WriteAllBytesAsync(path, bytes, ct);
            }
            if (string.IsNullOrWhiteSpace(department) || department.Trim().Length > 50 || department.Any(char.IsControl))
                return Problem(lang, 422, "department：须填写数据来源部门（不超过50字）", "department: name the sending department (at most 50 characters)");
            var report = await DepartmentFeeds.ImportAsync(db, path, new FeedOptions(department, skipInvalid, Clean(fileName)), clock.GetUtcNow().UtcDateTime, ct);
            var answer = new FeedAnswer(report.FeedId, report.Rows, report.Matched, report.Signals, report.Skipped, report.CasesOpened, report.Flagged, report.Rejected, report.Errors);
            if (!report.Rejected) return Results.Ok(answer);
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: lang.T($"文件有{report.Errors.Count}处错误，未写入任何数据：{First(report, false)}", $"The file has {report.Errors.Count} errors; nothing was written: {First(report, true)}"),
                extensions: new Dictionary<string, object?> { ["report"] = answer });
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string First(FeedReport report, bool english) => report.Errors.FirstOrDefault() is { } e
        ? $"{(english ? "row" : "第")}{e.Row}{(english ? "" : "行")} {e.Column}: {(english ? e.English : e.Chinese)}"
        : "";

    /// <summary>The upload keeps its kind (.xlsx, .csv, .ods…) so that a file of the wrong kind is refused with what to do about it.</summary>
    public static string Extension(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension.Length is > 1 and <= 10 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension : ".unknown";
    }

    /// <summary>A file name as stored: its last part, without control characters, at most 200 characters.</summary>
    public static string Clean(string fileName)
    {
        var name = new string(Path.GetFileName(fileName.Replace('\\', '/')).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return name.Length == 0 ? "feed" : name.Length > 200 ? name[..200] : name;
    }

    private static IResult Problem(Lang lang, int status, string chinese, string english) =>
        Results.Problem(statusCode: status, title: lang.T(chinese, english));
}
