using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Data.Registry;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Registry.Households;

/// <summary>
/// Importing a workbook through the web: the same checked, all-or-nothing import as the command
/// line, run with the signed-in account's scope, so rows outside its region are reported, not written.
/// It updates registered households (never their number or status); new households are registered on
/// the create page, one by one, or, for a county's first load, with the initial-load box, which only
/// county officers and above see (the importer refuses it to anyone else).
/// </summary>
[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
public sealed class ImportModel(JingzhunDbContext db, Lang lang) : PageModel
{
    public const int ErrorsShown = 500;
    private const long MaxUploadBytes = 200L * 1024 * 1024;

    public ImportReport? Report { get; private set; }
    public string? Problem { get; private set; }

    /// <summary>Whether the signed-in account may run a county's initial load (county officers and above): the check box is shown only then.</summary>
    public bool MayInitialLoad => RegistryStatusRules.MayInitialLoad(db.Scope);

    public IActionResult OnGet() => new Shared.Can(db.Scope).ImportHouseholds ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool skipInvalid, bool initialLoad, CancellationToken ct)
    {
        if (!new Shared.Can(db.Scope).ImportHouseholds) return Forbid();
        if (file is null)
        {
            Problem = lang.T("请选择一个 .xlsx 文件", "Choose an .xlsx file");
            return Page();
        }
        // The upload keeps its kind (.xlsx, .ods, .xls…) so that a file of the wrong kind is refused with what to do about it.
        var extension = Path.GetExtension(file.FileName).ToLowerInvariant();
        if (extension.Length > 10 || !extension.Skip(1).All(char.IsAsciiLetterOrDigit)) extension = ".unknown";
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-import-{Guid.NewGuid():N}{extension}");
        try
        {
            await using (var stream = System.IO.File.Create(path)) await file.CopyToAsync(stream, ct);
            if (ExchangeFiles.Refusal(path, xlsxOnly: true) is { } refusal) Problem = lang.T(refusal.Text);
            else Report = await RegistryImporter.ImportAsync(db, path, new ImportOptions { SkipInvalid = skipInvalid, InitialLoad = initialLoad }, ct: ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or System.Xml.XmlException)
        {
            // The reader's own message means nothing to the person who picked the file.
            Problem = lang.T("无法读取此工作簿（文件已损坏，或不是Excel保存的.xlsx）：请用Excel打开后另存为.xlsx再导入",
                "This workbook cannot be read (the file is damaged, or not an .xlsx saved by Excel): open it in Excel, save it as .xlsx and import that");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
        if (Report?.Rejected == true) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
