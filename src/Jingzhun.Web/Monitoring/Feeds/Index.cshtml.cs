using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Monitoring.Feeds;

/// <summary>
/// Department early warning on the web: a county officer uploads a department's file (xlsx or CSV) with the sending
/// department's name; the page shows what came of it (signals raised, rows skipped) or, when nothing was written, every bad
/// row by row and column; and it lists the region's past feeds. Other staff of the county see the list.
/// </summary>
[RequestSizeLimit(FeedsApi.MaxFileBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = FeedsApi.MaxFileBytes)]
public sealed class IndexModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public const int ErrorsShown = 500;

    public FeedReport? Report { get; private set; }
    public string? Problem { get; private set; }
    public IReadOnlyList<DepartmentFeed> Feeds { get; private set; } = [];
    public bool MayImport => DepartmentFeeds.MayImport(db.Scope);
    [BindProperty] public string Department { get; set; } = "";

    /// <summary>Departments that commonly send data, offered as suggestions.</summary>
    public static readonly string[] Departments = ["医保局", "残联", "民政局", "人社局", "应急管理局", "教育局", "住建局", "公安局", "市场监管局", "自然资源局"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Feeds = await DepartmentFeeds.ListAsync(db, 100, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool skipInvalid, CancellationToken ct)
    {
        if (!MayImport) return Forbid();
        if (file is null || file.Length == 0) Problem = lang.T("请选择一个 .xlsx 或 .csv 文件", "Choose an .xlsx or .csv file");
        else if (string.IsNullOrWhiteSpace(Department) || Department.Trim().Length > 50)
            Problem = lang.T("请填写数据来源部门（不超过50字）", "Name the sending department (at most 50 characters)");
        else
        {
            var path = Path.Combine(Path.GetTempPath(), $"jingzhun-feed-{Guid.NewGuid():N}{FeedsApi.Extension(file.FileName)}");
            try
            {
                await using (var stream = System.IO.File.Create(path)) await file.CopyToAsync(stream, ct);
                Report = await DepartmentFeeds.ImportAsync(db, path, new FeedOptions(Department, skipInvalid, FeedsApi.Clean(file.FileName)),
                    clock.GetUtcNow().UtcDateTime, ct);
            }
            finally
            {
                System.IO.File.Delete(path);
            }
            if (Report.Rejected) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        Feeds = await DepartmentFeeds.ListAsync(db, 100, ct);
        return Page();
    }
}
