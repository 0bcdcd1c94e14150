using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Funds;
using Ledger = Jingzhun.Data.Funds.Payments;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Monitoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Funds.Payments;

/// <summary>
/// The payments of an area (资金支付): project spending and household payments, newest first, with their reversals; for the
/// county's officers the record form, a reverse button with its reason, and the county's payment file and project list in
/// and out with the row errors shown. Others read what their scope shows them and change nothing.
/// </summary>
[RequestSizeLimit(FeedsApi.MaxFileBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = FeedsApi.MaxFileBytes)]
public sealed class IndexModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public const int ErrorsShown = 500;

    public string RegionCode { get; private set; } = "";
    public string RegionName { get; private set; } = "";
    /// <summary>The county of the area (6 digits) when the area is a county or inside one.</summary>
    public string? County { get; private set; }
    public PaymentPage? List { get; private set; }
    public IReadOnlyList<(FundAllocation Allocation, AllocationBalance Balance)> Sources { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public PaymentKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Household { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    [BindProperty] public PaymentInput Input { get; set; } = new();

    public sealed class PaymentInput
    {
        public PaymentKind Kind { get; set; } = PaymentKind.Household;
        public DateOnly? PaidOn { get; set; }
        public decimal? Amount { get; set; }
        public long? AllocationId { get; set; }
        public string? ProjectNumber { get; set; }
        public string? HouseholdNumber { get; set; }
        public string? MemberResidentId { get; set; }
        public string? Payee { get; set; }
        public string? Purpose { get; set; }
        public ProjectType? PurposeType { get; set; }
        public string? Voucher { get; set; }
    }

    public string? Problem { get; private set; }
    public string? Done { get; private set; }
    public FundImportReport? Report { get; private set; }
    public string ReportKind { get; private set; } = "";

    public bool MayPay => County is not null && Ledger.MayPay(db, County.PadRight(12, '0'));
    public bool MayImportProjects => County is not null && FundRoles.May(db.Scope.Role, FundRoles.ImportProjects)
        && db.Scope.MayChange(County.PadRight(12, '0')) && !db.Scope.WritesAssignedOnly;

    private DateOnly Today => Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(string regionCode, CancellationToken ct) =>
        await LoadAsync(regionCode, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetPaymentsXlsxAsync(string regionCode, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct) || County is null) return NotFound();
        return await FileAsync($"资金支付-{County}.xlsx", (path, name) => PaymentImport.ExportAsync(db, County, path, ExchangeFormat.Xlsx, clock.GetUtcNow().UtcDateTime, name, ct));
    }

    public async Task<IActionResult> OnGetProjectsXlsxAsync(string regionCode, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct) || County is null) return NotFound();
        return await FileAsync($"项目库-{County}.xlsx", (path, name) => ProjectImport.ExportAsync(db, County, path, ExchangeFormat.Xlsx, clock.GetUtcNow().UtcDateTime, name, ct));
    }

    private async Task<IActionResult> FileAsync(string name, Func<string, string, Task<int>> export)
    {
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-funds-{Guid.NewGuid():N}.xlsx");
        try
        {
            await export(path, name);
            return File(await System.IO.File.ReadAllBytesAsync(path), FundFileUpload.XlsxType, name);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    public async Task<IActionResult> OnPostRecordAsync(string regionCode, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct)) return NotFound();
        if (!MayPay) return Forbid();
        try
        {
            long? projectId = null, householdId = null, memberId = null;
            var projectNumber = (Input.ProjectNumber ?? "").Trim();
            if (projectNumber.Length > 0)
                projectId = await db.Projects.AsNoTracking().Where(p => p.Number == projectNumber).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct)
                    ?? throw new FundInputException($"找不到项目{projectNumber}", $"there is no project {projectNumber}");
            var householdNumber = (Input.HouseholdNumber ?? "").Trim();
            if (Input.Kind == PaymentKind.Household && householdNumber.Length > 0)
            {
                householdId = await db.Households.AsNoTracking().Where(h => h.Number == householdNumber).Select(h => (long?)h.Id).FirstOrDefaultAsync(ct)
                    ?? throw new FundInputException($"找不到户{householdNumber}", $"there is no household {householdNumber}");
                var residentId = (Input.MemberResidentId ?? "").Trim().ToUpperInvariant();
                if (residentId.Length > 0)
                    memberId = await db.Members.AsNoTracking().Where(m => m.HouseholdId == householdId && m.ResidentId == residentId).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct)
                        ?? throw new FundInputException("该户没有这个身份证号的成员", "the household has no member with this resident ID");
            }
            var payment = await Ledger.RecordAsync(db, new PaymentForm
            {
                Kind = Input.Kind, PaidOn = Input.PaidOn, Amount = Input.Amount, AllocationId = Input.AllocationId, ProjectId = projectId,
                HouseholdId = householdId, MemberId = memberId, Payee = Input.Payee, Purpose = Input.Purpose, PurposeType = Input.PurposeType, Voucher = Input.Voucher,
            }, Today, ct);
            return Redirect($"/funds/payments/{RegionCode}?recorded={payment.Id}#payments");
        }
        catch (FundInputException e) { return await RefusedAsync(e.Text, 422, ct); }
        catch (WorkflowBlockedException e) { return await RefusedAsync(new Bilingual(e.Chinese, e.English), 409, ct); }
    }

    public async Task<IActionResult> OnPostReverseAsync(string regionCode, long paymentId, string? reason, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct)) return NotFound();
        if (!MayPay) return Forbid();
        try
        {
            if (await Ledger.ReverseAsync(db, paymentId, reason, Today, ct) is null) return NotFound();
            return Redirect($"/funds/payments/{RegionCode}?reversed={paymentId}#payments");
        }
        catch (FundInputException e) { return await RefusedAsync(e.Text, 422, ct); }
        catch (WorkflowBlockedException e) { return await RefusedAsync(new Bilingual(e.Chinese, e.English), 409, ct); }
    }

    public Task<IActionResult> OnPostImportPaymentsAsync(string regionCode, IFormFile? file, bool skipInvalid, CancellationToken ct) =>
        ImportAsync(regionCode, file, skipInvalid, "payments", () => MayPay,
            (path, options) => PaymentImport.ImportAsync(db, path, options, Today, ct), ct);

    public Task<IActionResult> OnPostImportProjectsAsync(string regionCode, IFormFile? file, bool skipInvalid, CancellationToken ct) =>
        ImportAsync(regionCode, file, skipInvalid, "projects", () => MayImportProjects,
            (path, options) => ProjectImport.ImportAsync(db, path, options, clock.GetUtcNow().UtcDateTime, ct), ct);

    private async Task<IActionResult> ImportAsync(string regionCode, IFormFile? file, bool skipInvalid, string kind, Func<bool> may,
        Func<string, FundImportOptions, Task<FundImportReport>> import, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct)) return NotFound();
        if (!may()) return Forbid();
        ReportKind = kind;
        if (file is null || file.Length == 0)
        {
            Problem = lang.T("请选择一个 .xlsx 或 .csv 文件", "Choose an .xlsx or .csv file");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-{kind}-{Guid.NewGuid():N}{FeedsApi.Extension(file.FileName)}");
        try
        {
            await using (var stream = System.IO.File.Create(path)) await file.CopyToAsync(stream, ct);
            Report = await import(path, new FundImportOptions(County, skipInvalid, FeedsApi.Clean(file.FileName)));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
        if (Report.Rejected) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        db.ChangeTracker.Clear();
        await LoadAsync(regionCode, ct);
        return Page();
    }

    private async Task<IActionResult> RefusedAsync(Bilingual text, int status, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        Problem = lang.T(text);
        Response.StatusCode = status;
        await LoadAsync(RegionCode, ct);
        return Page();
    }

    /// <summary>False when the area is not one the reader may see.</summary>
    private async Task<bool> LoadAsync(string regionCode, CancellationToken ct)
    {
        if (!Domain.Regions.RegionCode.TryParse(regionCode, out var code, out _)) return false;
        var prefix = db.Scope.RegionPrefix;
        if (!db.Scope.CanRead || !(code.Prefix.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(code.Prefix, StringComparison.Ordinal))) return false;
        RegionCode = code.Value;
        County = code.Level >= RegionLevel.County ? code.Value[..6] : null;
        RegionName = await db.Regions.AsNoTracking().Where(r => r.Code == code.Value && r.ValidTo == null).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? "";
        var shown = prefix.Length > code.Prefix.Length ? prefix.PadRight(12, '0') : code.Value;
        List = await Ledger.ListAsync(db, shown, new PaymentFilter(Year, Kind, null, Household, Math.Max(1, PageNumber), 50), ct);
        if (MayPay) Sources = await Ledger.SourcesAsync(db, County!, ct);
        if (Request.Query.TryGetValue("recorded", out var recorded)) Done = lang.T($"已登记支付{recorded}", $"Payment {recorded} recorded");
        if (Request.Query.TryGetValue("reversed", out var reversed)) Done = lang.T($"已冲正支付{reversed}", $"Payment {reversed} reversed");
        return true;
    }
}
