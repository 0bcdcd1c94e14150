using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Access;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Access.Accounts;

/// <summary>
/// Accounts from an uploaded workbook or CSV file, created by the signed-in officer or administrator under its own
/// scope: every row checked first, nothing written unless all are good. The one-time passwords are offered once as a
/// download; they are not shown on the page and not kept after that.
/// </summary>
[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
public sealed class ImportModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public const int ErrorsShown = 500;
    private const long MaxUploadBytes = 10L * 1024 * 1024;

    public AccountImportReport? Report { get; private set; }
    public string? Problem { get; private set; }
    public string? DownloadToken { get; private set; }
    public IReadOnlyList<FieldError>? Refused { get; private set; }

    public IActionResult OnGet() => db.Scope.CanAdministerAccounts ? Page() : Refuse();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (!db.Scope.CanAdministerAccounts) return Refuse();
        var name = Path.GetFileName(file?.FileName ?? "");
        if (file is null || file.Length == 0 || !(name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)))
        {
            Problem = lang.T("请选择一个 .xlsx 或 .csv 文件", "Choose an .xlsx or .csv file");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        // The upload keeps its own name, so that errors name the file the officer knows.
        var folder = Directory.CreateTempSubdirectory("jingzhun-accounts-").FullName;
        var path = Path.Combine(folder, name);
        try
        {
            await using (var stream = System.IO.File.Create(path)) await file.CopyToAsync(stream, ct);
            Report = await AccountImporter.ImportAsync(db, path, clock.GetUtcNow().UtcDateTime, ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or InvalidOperationException)
        {
            Problem = lang.T($"无法读取文件：{e.Message}", $"The file cannot be read: {e.Message}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        if (Report is { Rejected: false })
        {
            using var content = new MemoryStream();
            await AccountImporter.WritePasswordsAsync(content, Report.Created, ct);
            DownloadToken = OneTimeDownloads.Put(db.Scope.Actor, Path.GetFileNameWithoutExtension(name) + ".passwords.csv", content.ToArray(),
                clock.GetUtcNow().UtcDateTime);
        }
        else Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>The one-time passwords of the import just done, once; afterwards 404.</summary>
    public IActionResult OnGetPasswords(string token)
    {
        if (!db.Scope.CanAdministerAccounts) return Refuse();
        if (OneTimeDownloads.Take(db.Scope.Actor, token ?? "", clock.GetUtcNow().UtcDateTime) is not { } file) return NotFound();
        Response.Headers.CacheControl = "no-store";
        return File(file.Content, "text/csv; charset=utf-8", file.FileName);
    }

    private PageResult Refuse()
    {
        Refused = [];
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }
}
