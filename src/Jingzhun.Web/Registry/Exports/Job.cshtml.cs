using Jingzhun.Data.Exchange;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Registry.Exports;

/// <summary>
/// /exports: POST starts an export of the registry search's households as a background job (<see cref="ExportJobs"/>) and
/// sends the reader to its page; /exports/{jobId} shows its progress and, when ready, the download; /exports lists the
/// reader's own exports. A job of another account is not found.
/// </summary>
public sealed class JobModel(ExportJobs jobs, AccessScope scope) : PageModel
{
    public ExportJob? Job { get; private set; }
    public IReadOnlyList<ExportJob> Mine { get; private set; } = [];
    public Bilingual? Problem { get; private set; }

    public IActionResult OnGet(string? jobId)
    {
        if (jobId is null)
        {
            Mine = jobs.Of(scope);
            return Page();
        }
        Job = jobs.Find(jobId, scope);
        return Job is null ? NotFound() : Page();
    }

    /// <summary>Starts the export of the search given by the same names as the search page's query.</summary>
    public IActionResult OnPost(string? jobId, string? format, string? name, string? residentId, string? region, HouseholdStatus? status,
        PovertyCause? cause, string? number, bool? mine)
    {
        if (jobId is not null) return NotFound();
        ExchangeFormat chosen;
        try { chosen = ExchangeFiles.Parse(format ?? "xlsx"); }
        catch (ArgumentException) { return Refuse(new Bilingual("导出格式只能是 xlsx 或 csv。", "The export format is xlsx or csv.")); }
        var criteria = new RegistryCriteria
        {
            Name = name, ResidentId = residentId, Region = region, Status = status, Cause = cause, Number = number,
            OnlyPaired = scope.WritesAssignedOnly && mine == true,
        };
        if (criteria.Problem is { } problem) return Refuse(problem);
        var (job, refused) = jobs.Start(scope, criteria, chosen);
        if (job is null) return Refuse(refused!);
        return Redirect($"/exports/{job.Id}");
    }

    private PageResult Refuse(Bilingual problem)
    {
        Problem = problem;
        Mine = jobs.Of(scope);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
