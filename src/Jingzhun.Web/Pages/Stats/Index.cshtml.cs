using Jingzhun.Data.Database;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Statistics;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Statistics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Pages.Stats;

/// <summary>An area's indicators with its children to drill into, read from the aggregates within the reader's scope.</summary>
public sealed class IndexModel(JingzhunDbContext db, Lang lang) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }

    public StatisticsView View { get; private set; } = null!;

    /// <summary>"live" or the frozen year, as links carry it.</summary>
    public string AsOfText => View.Year == AreaAggregate.LiveYear ? "live" : View.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(string? regionCode, CancellationToken ct)
    {
        var view = await LoadAsync(regionCode, ct);
        if (view is null) return NotFound();
        View = view;
        return Page();
    }

    /// <summary>The table of the page (the area and its children) as an xlsx workbook.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(string? regionCode, CancellationToken ct)
    {
        var view = await LoadAsync(regionCode, ct);
        if (view is null) return NotFound();
        View = view;
        var rows = new[] { view.Area }.Concat(view.Children).Select(Row).ToList();
        var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows, sheetName: "stats", cancellationToken: ct);
        return File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"stats-{view.Area.Code}-{AsOfText}.xlsx");
    }

    private async Task<StatisticsView?> LoadAsync(string? regionCode, CancellationToken ct)
    {
        if (!StatisticsApi.TryParseAsOf(AsOf, out var year)) return null;
        // Without a code the page opens at the reader's own region.
        var code = regionCode ?? db.Scope.RegionPrefix.PadRight(12, '0');
        return await StatisticsReport.ForAsync(db, code, year, ct);
    }

    private Dictionary<string, object?> Row(AreaFigures a)
    {
        var row = new Dictionary<string, object?>
        {
            [lang.T("代码", "Code")] = a.Code, [lang.T("地区", "Area")] = a.Name, [lang.T("级别", "Level")] = lang.Label(a.Level),
        };
        foreach (var s in Enum.GetValues<HouseholdStatus>())
        {
            row[lang.T($"{s.Chinese()}户数", $"{s.English()} households")] = a.Figures.Households(s);
            row[lang.T($"{s.Chinese()}人数", $"{s.English()} people")] = a.Figures.People(s);
        }
        row[lang.T("贫困人口", "Poor people")] = a.Figures.CurrentPoorPeople;
        row[lang.T("农村人口", "Rural population")] = a.Figures.RuralPopulation;
        row[lang.T("贫困发生率(%)", "Incidence (%)")] = a.Figures.IncidencePercent;
        row[lang.T("当年脱贫户", "Exited in year (households)")] = a.Figures.ExitedInYearHouseholds;
        row[lang.T("当年脱贫人口", "Exited in year (people)")] = a.Figures.ExitedInYearPeople;
        row[lang.T("当年返贫户", "Returned in year (households)")] = a.Figures.ReturnedInYearHouseholds;
        row[lang.T("当年返贫人口", "Returned in year (people)")] = a.Figures.ReturnedInYearPeople;
        return row;
    }

    public string ChildLink(AreaFigures child) =>
        child.Level == RegionLevel.Village && View.Area.Level == RegionLevel.Village ? "" : $"/stats/{child.Code}?asOf={AsOfText}";

    public IReadOnlyList<(string, double)> PoorPeopleOfChildren() =>
        View.Children.Select(c => (c.Name, (double)c.Figures.CurrentPoorPeople)).ToList();

    public IReadOnlyList<(string, double)> PoorPeopleByYear() =>
        View.Trend.Select(t => (t.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), (double)t.PoorPeople)).ToList();

    /// <summary>Registered poor people (贫困户 and 返贫) by the values of one dimension.</summary>
    public IReadOnlyList<(string, double)> PoorPeopleBy(BreakdownDimension dimension) =>
        View.Breakdowns.Where(b => b.Dimension == dimension && b.Status is HouseholdStatus.Poor or HouseholdStatus.Returned)
            .GroupBy(b => b.Value).OrderBy(g => g.Key)
            .Select(g => (ValueLabel(dimension, g.Key), (double)g.Sum(b => b.People))).ToList();

    private string ValueLabel(BreakdownDimension dimension, int value) => dimension switch
    {
        BreakdownDimension.PrimaryCause => lang.Label((PovertyCause)value),
        BreakdownDimension.Attribute => lang.Label((HouseholdAttribute)value),
        BreakdownDimension.Labour => lang.Label((LabourCapacity)value),
        BreakdownDimension.Health => lang.Label((HealthStatus)value),
        _ => lang.Label((AgeGroup)value),
    };
}
