using System.Globalization;
using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Regions;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Assessment.Projects;

/// <summary>
/// <c>/assessment/projects/{code}</c>: the third-party assessment projects the reader sees in a region, and for organisers
/// (national and province officers) the form that creates one.
/// </summary>
public sealed class IndexModel(JingzhunDbContext db, TimeProvider clock, Lang lang) : PageModel
{
    public string Code { get; private set; } = "";
    public string RegionName { get; private set; } = "";
    public IReadOnlyList<AssessmentProject> Projects { get; private set; } = [];
    public bool MayCreate => AssessmentProjects.MayOrganise(db);

    [BindProperty] public ProjectForm Form { get; set; } = new();

    public sealed class ProjectForm
    {
        public string? Name { get; set; }
        public int? Year { get; set; }
        public AssessmentKind? Kind { get; set; }
        public SampleDesign? Design { get; set; }
        /// <summary>County codes, separated by commas, spaces or new lines.</summary>
        public string? Counties { get; set; }
        public string? Seed { get; set; }
        public string? Margin { get; set; }
        public string? Confidence { get; set; }
        public string? ExpectedRate { get; set; }
        public string? ClusterCorrelation { get; set; }
        public int? HouseholdsPerVillage { get; set; }
        public int? UnregisteredPerVillage { get; set; }
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        if (!RegionCode.TryParse(code, out var region, out _)) return false;
        if (!region.Value.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal) && !db.Scope.RegionPrefix.StartsWith(region.Prefix, StringComparison.Ordinal))
            return false;
        Code = region.Value;
        RegionName = region.Level == RegionLevel.Nation ? lang.T("全国", "Nation")
            : await db.Regions.Where(r => r.Code == region.Value).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? region.Value;
        Projects = await AssessmentProjects.ListAsync(db, region.Value, ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct)) return NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        Form = new ProjectForm
        {
            Year = now.Year, Kind = AssessmentKind.CountyExit, Design = SampleDesign.Stratified, Margin = "0.03", Confidence = "0.95",
            ExpectedRate = "0.1", ClusterCorrelation = "0.05", HouseholdsPerVillage = 10, UnregisteredPerVillage = 5,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct)) return NotFound();
        var f = Form;
        try
        {
            var counties = (f.Counties ?? "").Split([',', ' ', '\n', '\r', '，', '、'], StringSplitOptions.RemoveEmptyEntries);
            var project = await AssessmentProjects.CreateAsync(db, new ProjectInput(f.Name ?? "", f.Year ?? 0, f.Kind ?? 0, f.Design ?? 0, counties,
                Long(f.Seed, lang.T("随机种子", "Seed")), Number(f.Margin, 0.03m), Number(f.Confidence, 0.95m), Number(f.ExpectedRate, 0.1m),
                Number(f.ClusterCorrelation, 0.05m), f.HouseholdsPerVillage ?? 10, f.UnregisteredPerVillage ?? 5), clock.GetUtcNow().UtcDateTime, ct);
            return Redirect($"/assessment/projects/detail/{project.Id}?saved=created");
        }
        catch (AssessmentInputException e)
        {
            ModelState.AddModelError("Form", lang.T(e.Text));
            return Page();
        }
    }

    private static decimal Number(string? text, decimal fallback) =>
        string.IsNullOrWhiteSpace(text) ? fallback
        : decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value
        : throw AssessmentSteps.Invalid($"“{text}”不是数字", $"“{text}” is not a number");

    private static long? Long(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null
        : long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw AssessmentSteps.Invalid($"{field}应是非负整数", $"{field} must be a whole number, not negative");
}
