using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Funds;
using Ledger = Jingzhun.Data.Funds.Payments;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Monitoring;

namespace Jingzhun.Web.Funds;

/// <summary>
/// Payments as JSON, and the county's payment file in and out. Who may pay is decided by the data service
/// (<see cref="FundRoles.Pay"/>: 403), which payments a reader sees by the context's scope filters (another area's: 404);
/// a bad value is 400, a payment the allocation's balance does not cover or a second reversal 409.
/// </summary>
public static class PaymentsApi
{
    public static void MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api/funds/payments").WithTags("Funds 资金");
        payments.MapGet("/", List).WithSummary("The payments of an area, newest first (region, year, kind, project, household, page) 资金支付");
        payments.MapPost("/", Record).WithSummary("Record a payment to a project or a household member (一卡通) 登记资金支付");
        payments.MapPost("/{paymentId:long}/reverse", Reverse).WithSummary("Reverse a payment with the reason: a new, negative entry 冲正");
        payments.MapPost("/import", Import).WithSummary("Import a county's payment file (multipart: file, county, skipInvalid) 导入资金支付明细")
            .Accepts<FundUpload>("application/json", "multipart/form-data");
        payments.MapGet("/export/{regionCode}", Export).WithSummary("The county's payments as an xlsx file (resident IDs masked for readers who may not see them)");
    }

    public sealed record PaymentRequest(PaymentKind? Kind, DateOnly? PaidOn, decimal? Amount, long? AllocationId, long? ProjectId, long? HouseholdId,
        long? MemberId, [property: TextLimit(100)] string? Payee, [property: TextLimit(200)] string? Purpose, ProjectType? PurposeType,
        [property: TextLimit(60)] string? Voucher);

    public sealed record ReverseRequest([property: TextLimit(500)] string? Reason);

    /// <summary>A funds file as JSON (the multipart form's other shape): the file's bytes in base64.</summary>
    public sealed record FundUpload(string? County, bool SkipInvalid, string? FileName, string? Content);

    public sealed record PaymentView(long Id, string CountyCode, string RegionCode, int Year, PaymentKind Kind, string KindLabel, DateOnly PaidOn, decimal Amount,
        FundSource? Source, string SourceLabel, long? AllocationId, string AllocationDocument, long? ProjectId, string ProjectNumber, long? HouseholdId,
        string HouseholdNumber, long? MemberId, string Payee, string Purpose, ProjectType PurposeType, string PurposeTypeLabel, string Voucher,
        long? ReversesId, long? ReversedById, string Reason, string RecordedBy, DateTime RecordedAt);

    public sealed record PaymentList(int Total, int Page, int PageSize, decimal NetAmount, IReadOnlyList<PaymentView> Payments);

    public sealed record ImportAnswer(string CountyCode, int Rows, int Added, int Skipped, decimal Amount, bool Rejected, IReadOnlyList<ImportError> Errors);

    internal static DateOnly Today(TimeProvider clock) => Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime);

    public static PaymentView View(PaymentRow p, Lang lang) =>
        new(p.Id, p.CountyCode, p.RegionCode, p.Year, p.Kind, lang.Label(p.Kind), p.PaidOn, p.Amount, p.Source, p.Source is { } s ? lang.Label(s) : "",
            p.AllocationId, p.AllocationDocument, p.ProjectId, p.ProjectNumber, p.HouseholdId, p.HouseholdNumber, p.MemberId, p.Payee, p.Purpose, p.PurposeType,
            lang.Label(p.PurposeType), p.Voucher, p.ReversesId, p.ReversedById, p.Reason, p.RecordedBy, p.RecordedAt);

    private static async Task<IResult> List(JingzhunDbContext db, Lang lang, string? region, int? year, PaymentKind? kind, long? project, string? household,
        int? page, int? pageSize, CancellationToken ct)
    {
        var code = string.IsNullOrWhiteSpace(region) ? db.Scope.RegionPrefix.PadRight(12, '0') : region.Trim();
        if (!Domain.Regions.RegionCode.TryParse(code, out var parsed, out _))
            return Problem(lang, 422, "region：应为12位区划代码", "region: a 12-digit region code");
        var list = await Ledger.ListAsync(db, parsed.Value, new PaymentFilter(year, kind, project, household, page ?? 1, pageSize ?? 50), ct);
        return TypedResults.Ok(new PaymentList(list.Total, list.Page, list.PageSize, list.NetAmount, list.Rows.Select(r => View(r, lang)).ToList()));
    }

    private static async Task<IResult> Record(JingzhunDbContext db, Lang lang, TimeProvider clock, PaymentRequest request, CancellationToken ct)
    {
        var payment = await Ledger.RecordAsync(db, new PaymentForm
        {
            Kind = request.Kind ?? PaymentKind.Household, PaidOn = request.PaidOn, Amount = request.Amount, AllocationId = request.AllocationId,
            ProjectId = request.ProjectId, HouseholdId = request.HouseholdId, MemberId = request.MemberId, Payee = request.Payee, Purpose = request.Purpose,
            PurposeType = request.PurposeType, Voucher = request.Voucher,
        }, Today(clock), ct);
        var row = await Ledger.FindAsync(db, payment.Id, ct);
        return TypedResults.Created($"/api/funds/payments?region={payment.RegionCode}", View(row!, lang));
    }

    private static async Task<IResult> Reverse(JingzhunDbContext db, Lang lang, TimeProvider clock, long paymentId, ReverseRequest request, CancellationToken ct)
    {
        var reversal = await Ledger.ReverseAsync(db, paymentId, request.Reason, Today(clock), ct);
        if (reversal is null) return TypedResults.NotFound();
        var row = await Ledger.FindAsync(db, reversal.Id, ct);
        return TypedResults.Created($"/api/funds/payments?region={reversal.RegionCode}", View(row!, lang));
    }

    private static Task<IResult> Import(HttpRequest request, JingzhunDbContext db, TimeProvider clock, Lang lang, CancellationToken ct) =>
        FundFileUpload.ImportAsync(request, lang, "payments", (path, options) => PaymentImport.ImportAsync(db, path, options, Today(clock), ct), ct);

    private static async Task<IResult> Export(JingzhunDbContext db, TimeProvider clock, Lang lang, string regionCode, CancellationToken ct)
    {
        if (FundFileUpload.County(regionCode) is not { } county) return Problem(lang, 422, "regionCode：应为县级区划代码", "regionCode: a county's region code");
        if (!FundFileUpload.Overlaps(db, county)) return TypedResults.NotFound();
        var name = $"资金支付-{county}.xlsx";
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-payments-{Guid.NewGuid():N}.xlsx");
        try
        {
            await PaymentImport.ExportAsync(db, county, path, ExchangeFormat.Xlsx, clock.GetUtcNow().UtcDateTime, name, ct);
            return TypedResults.File(await File.ReadAllBytesAsync(path, ct), FundFileUpload.XlsxType, name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static IResult Problem(Lang lang, int status, string chinese, string english) =>
        TypedResults.Problem(statusCode: status, title: lang.T(chinese, english));
}

/// <summary>The upload of a funds file (payments or a project list), shared by the two import routes.</summary>
internal static class FundFileUpload
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The 6-digit county of a code given as 6 digits, or as a 12-digit code of the county or a region inside it; null for anything else.</summary>
    public static string? County(string? code)
    {
        var c = (code ?? "").Trim();
        if (c.Length == 12 && Domain.Regions.RegionCode.TryParse(c, out var parsed, out _) && parsed.Level >= Domain.Regions.RegionLevel.County) c = c[..6];
        return c.Length == 6 && c.All(char.IsAsciiDigit) && !c.EndsWith("00", StringComparison.Ordinal) ? c : null;
    }

    /// <summary>Whether the county and the reader's area overlap (the reader's rows of it are then exported; scope filters do the rest).</summary>
    public static bool Overlaps(JingzhunDbContext db, string county) =>
        db.Scope.CanRead && (county.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal) || db.Scope.RegionPrefix.StartsWith(county, StringComparison.Ordinal));

    public static async Task<IResult> ImportAsync(HttpRequest request, Lang lang, string kind, Func<string, FundImportOptions, Task<FundImportReport>> import,
        CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-{kind}-{Guid.NewGuid():N}");
        try
        {
            string? county;
            string fileName;
            bool skipInvalid;
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                var file = form.Files.GetFile("file");
                if (file is null || file.Length == 0) return PaymentsApi.Problem(lang, 422, "file：请选择文件（.xlsx或.csv）", "file: choose a file (.xlsx or .csv)");
                if (file.Length > FeedsApi.MaxFileBytes) return PaymentsApi.Problem(lang, 413, "file：文件太大", "file: the file is too large");
                county = form["county"].ToString();
                skipInvalid = form["skipInvalid"].ToString() is "true" or "on" or "True" or "1";
                fileName = file.FileName;
                path += FeedsApi.Extension(fileName);
                await using var stream = File.Create(path);
                await file.CopyToAsync(stream, ct);
            }
            else
            {
                PaymentsApi.FundUpload? upload;
                try { upload = await System.Text.Json.JsonSerializer.DeserializeAsync<PaymentsApi.FundUpload>(request.Body, System.Text.Json.JsonSerializerOptions.Web, ct); }
                catch (System.Text.Json.JsonException) { return PaymentsApi.Problem(lang, 400, "请求内容：格式不正确", "The request body: not a valid value"); }
                if (upload is null) return PaymentsApi.Problem(lang, 422, "body：请求内容不能为空", "body: the request needs a body");
                byte[] bytes;
                try { bytes = Convert.FromBase64String(upload.Content ?? ""); }
                catch (FormatException) { return PaymentsApi.Problem(lang, 422, "content：不是有效的base64", "content: not valid base64"); }
                if (bytes.Length == 0) return PaymentsApi.Problem(lang, 422, "content：文件内容不能为空", "content: the file is empty");
                if (bytes.Length > FeedsApi.MaxFileBytes) return PaymentsApi.Problem(lang, 413, "file：文件太大", "file: the file is too large");
                county = upload.County;
                skipInvalid = upload.SkipInvalid;
                fileName = upload.FileName ?? $"{kind}.csv";
                path += FeedsApi.Extension(fileName);
                await File.WriteAllBytesAsync(path, bytes, ct);
            }
            var report = await import(path, new FundImportOptions(county, skipInvalid, FeedsApi.Clean(fileName)));
            return Answer(report, lang);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static IResult Answer(FundImportReport report, Lang lang)
    {
        var answer = new PaymentsApi.ImportAnswer(report.CountyCode, report.Rows, report.Added, report.Skipped, report.Amount, report.Rejected, report.Errors);
        if (!report.Rejected) return TypedResults.Ok(answer);
        var first = report.Errors.FirstOrDefault();
        return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
            title: lang.T($"文件有{report.Errors.Count}处错误，未写入任何数据：第{first?.Row}行 {first?.Column}：{first?.Chinese}",
                $"The file has {report.Errors.Count} errors; nothing was written: row {first?.Row} {first?.Column}: {first?.English}"),
            extensions: new Dictionary<string, object?> { ["report"] = answer });
    }
}
