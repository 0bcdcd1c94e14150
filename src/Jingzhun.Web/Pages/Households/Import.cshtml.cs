using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Pages.Households;

/// <summary>
/// Importing a workbook through the web: the same checked, all-or-nothing import as the command
/// line, run with the signed-in account's scope, so rows outside its region are reported, not written.
/// </summary>
[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
public sealed class ImportModel(JingzhunDbContext db, Lang lang) : PageModel
{
    public const int ErrorsShown = 500;
    private const long MaxUploadBytes = 200L * 1024 * 1024;

    public ImportReport? Report { get; private set; }
    public string? Problem { get; private set; }

    public IActionResult OnGet() => new Shared.Can(db.Scope).ImportHouseholds ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool skipInvalid, CancellationToken ct)
    {
        if (!new Shared.Can(db.Scope).ImportHouseholds) return Forbid();
        if (file is null || file.Length == 0 || !file.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            Problem = lang.T("请选择一个 .xlsx 文件", "Choose an .xlsx file");
            return Page();
        }
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-import-{Guid.NewGuid():N}.xlsx");
        try
        {
            await using (var stream = System.IO.File.Create(path)) await file.CopyToAsync(stream, ct);
            Report = await RegistryImporter.ImportAsync(db, path, new ImportOptions { SkipInvalid = skipInvalid }, ct: ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            Problem = lang.T($"无法读取文件：{e.Message}", $"The file cannot be read: {e.Message}");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
        if (Report?.Rejected == true) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
