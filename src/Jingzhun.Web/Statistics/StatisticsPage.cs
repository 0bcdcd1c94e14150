using System.Globalization;
using Jingzhun.Data.Collaboration;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Statistics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Statistics;
using Jingzhun.Web.Exit;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Statistics;

/// <summary>
/// What the dashboard and the printable report share: an area's figures from the aggregates within
/// the reader's scope, its poverty measures, the chart data and the xlsx workbook of every table.
/// </summary>
public abstract class StatisticsPage(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }

    /// <summary>
    /// Whether to show the poverty measures (<c>?measures=true</c>; the report always does). They are read from the sums kept
    /// per area (<see cref="AreaMeasures"/>), a few rows at any level, and computed from the registry only where none are stored.
    /// </summary>
    [BindProperty(SupportsGet = true, Name = "measures")] public bool WithMeasures { get; set; }

    /// <summary>True once the measures were computed for this request (then a null <see cref="Measures"/> means no incomes).</summary>
    public bool MeasuresComputed { get; private set; }

    public StatisticsView View { get; private set; } = null!;

    /// <summary>The start and end years of the income growth span the reader picked (<c>?incomeFrom=&amp;incomeTo=</c>); the first and last years by default.</summary>
    [BindProperty(SupportsGet = true)] public int? IncomeFrom { get; set; }
    [BindProperty(SupportsGet = true)] public int? IncomeTo { get; set; }

    /// <summary>The registered households' income year by year up to the year viewed (never null once loaded; empty without incomes).</summary>
    public IncomeTrend Income { get; private set; } = null!;

    /// <summary>FGT, Watts and Alkire–Foster of the area's registered households (null when no income is recorded for the year).</summary>
    public AreaMeasuresView? Measures { get; private set; }

    /// <summary>The area's pairings and confirmed collaboration inputs (every year; the section shows the year viewed).</summary>
    public AreaCollaboration? Collaboration { get; private set; }

    /// <summary>Labour cooperation of the workers from this area in the year viewed; null where the reader may not read it.</summary>
    public LabourFigures? Labour { get; private set; }

    /// <summary>The area's places grouped by what they were designated as in the year viewed (贫困村 / 非贫困村, 贫困县 / 非贫困县…).</summary>
    public List<Data.PoorAreas.DesignationGrouping> Designations { get; private set; } = [];

    public Lang L => lang;

    /// <summary>"live" or the frozen year, as links carry it.</summary>
    public string AsOfText => View.Year == AreaAggregate.LiveYear ? "live" : View.Year.ToString(CultureInfo.InvariantCulture);

    public string AsOfLabel => View.Year == AreaAggregate.LiveYear ? lang.T("实时", "live registry") : lang.T($"{View.Year}年末", $"year-end {View.Year}");

    /// <summary>Whether the reader may set the area's exit plan (county-level officers and above, areas of a township or above).</summary>
    public bool MaySetPlan => View.Area.Level <= RegionLevel.Township && Jingzhun.Domain.Exit.ExitPlan.MaySet(db.Scope, View.Area.Code);

    protected async Task<bool> LoadAsync(string? regionCode, bool withMeasures, CancellationToken ct)
    {
        if (!StatisticsApi.TryParseAsOf(AsOf, out var year)) return false;
        // Without a code the page opens at the reader's own region.
        var code = regionCode ?? db.Scope.RegionPrefix.PadRight(12, '0');
        var view = await StatisticsReport.ForAsync(db, code, year, clock.GetUtcNow().Year, clock.GetUtcNow().UtcDateTime, ct);
        if (view is null) return false;
        View = view;
        Income = await IncomeStatistics.TrendAsync(db, View.Area.Code, View.CalendarYear, ct) ?? new IncomeTrend(View.Area.Code, []);
        Collaboration = await CollaborationFigures.ForAreaAsync(db, View.Area.Code, ct);
        Designations = await Data.PoorAreas.DesignationReport.ForAsync(db, View.Area.Code, View.Year, View.CalendarYear, ct);
        Labour = await LabourCooperationFigures.ForAreaAsync(db, View.Area.Code, View.CalendarYear,
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct: ct);
        if (withMeasures)
        {
            Measures = await MeasuresAsync(ct);
            MeasuresComputed = true;
        }
        return true;
    }

    /// <summary>The measures on the incomes of the year viewed; for the live registry, of the latest year with incomes.</summary>
    private async Task<AreaMeasuresView?> MeasuresAsync(CancellationToken ct)
    {
        var prefix = RegionCode.Parse(View.Area.Code).Prefix;
        // The latest year is read from the area's stored rows (one index range), else from the incomes under it (a scan of the area's registry).
        var incomeYear = View.Year != AreaAggregate.LiveYear ? View.Year
            : await db.MeasureSums.Where(m => m.RegionCode == View.Area.Code && m.Year <= View.CalendarYear).MaxAsync(m => (int?)m.Year, ct)
              ?? await db.Incomes.Where(i => i.Year <= View.CalendarYear && i.Household!.VillageCode.StartsWith(prefix)).MaxAsync(i => (int?)i.Year, ct);
        return incomeYear is { } y ? await AreaMeasures.ForAsync(db, View.Area.Code, y, null, 0.4, ct) : null;
    }

    public string ChildLink(AreaFigures child) =>
        child.Level == RegionLevel.Village && View.Area.Level == RegionLevel.Village ? "" : $"/stats/{child.Code}?asOf={AsOfText}";

    public IReadOnlyList<(string, double)> PoorPeopleOfChildren() =>
        View.Children.Select(c => (c.Name, (double)c.Figures.CurrentPoorPeople)).ToList();

    /// <summary>The child areas as treemap tiles: sized by registered households, shaded by incidence (the highest of them darkest).</summary>
    public IReadOnlyList<TreemapItem> ChildTiles()
    {
        var highest = View.Children.Max(c => c.Figures.IncidencePercent ?? 0);
        return View.Children.Select(c => new TreemapItem(c.Name, RegisteredHouseholds(c.Figures), ChildLink(c) is { Length: > 0 } link ? link : null,
            highest > 0 ? 0.1 + 0.7 * (c.Figures.IncidencePercent ?? 0) / highest : 0,
            lang.T($"贫困人口{c.Figures.CurrentPoorPeople:N0}，发生率{c.Figures.IncidencePercent:0.00}%", $"poor people {c.Figures.CurrentPoorPeople:N0}, incidence {c.Figures.IncidencePercent:0.00}%")))
            .ToList();
    }

    /// <summary>Households ever registered poor: poor, exited, returned, monitored.</summary>
    public static int RegisteredHouseholds(AreaAggregate a) =>
        a.PoorHouseholds + a.ExitedHouseholds + a.ReturnedHouseholds + a.MonitoredHouseholds;

    /// <summary>The year-ends and the live registry, as the x axis of the trend charts.</summary>
    public IReadOnlyList<TrendPoint> TrendWithLive => View.Live is { } live ? [.. View.Trend, live] : View.Trend;

    public IReadOnlyList<string> TrendLabels =>
        [.. View.Trend.Select(t => t.Year.ToString(CultureInfo.InvariantCulture)), .. View.Live is null ? Array.Empty<string>() : [lang.T("实时", "live")]];

    public IReadOnlyList<LineSeries> TrendCounts() =>
    [
        new(lang.T("贫困人口", "Poor people"), TrendWithLive.Select(t => (double?)t.PoorPeople).ToList()),
        new(lang.T("当年脱贫人口", "Exited in year"), TrendWithLive.Select(t => (double?)t.ExitedInYearPeople).ToList()),
        new(lang.T("当年返贫人口", "Returned in year"), TrendWithLive.Select(t => (double?)t.ReturnedInYearPeople).ToList()),
    ];

    public IReadOnlyList<LineSeries> TrendIncidence() =>
        [new(lang.T("贫困发生率(%)", "Incidence (%)"), TrendWithLive.Select(t => t.IncidencePercent).ToList())];

    /// <summary>Registered poor people (贫困户 and 返贫) by the values of one dimension.</summary>
    public IReadOnlyList<(string, double)> PoorPeopleBy(BreakdownDimension dimension) =>
        View.Breakdowns.Where(b => b.Dimension == dimension && b.Status is HouseholdStatus.Poor or HouseholdStatus.Returned)
            .GroupBy(b => b.Value).OrderBy(g => g.Key)
            .Select(g => (ValueLabel(dimension, g.Key), (double)g.Sum(b => b.People))).ToList();

    /// <summary>Households and people with a measure of each type, all registered households (poor, exited, returned, monitored).</summary>
    public IReadOnlyList<(MeasureType Type, int Households, int People, int PoorHouseholds)> ByMeasureType() =>
        View.Breakdowns.Where(b => b.Dimension == BreakdownDimension.MeasureType)
            .GroupBy(b => (MeasureType)b.Value).OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Sum(b => b.Households), g.Sum(b => b.People),
                g.Where(b => b.Status is HouseholdStatus.Poor or HouseholdStatus.Returned).Sum(b => b.Households)))
            .ToList();

    public string ValueLabel(BreakdownDimension dimension, int value) => dimension switch
    {
        BreakdownDimension.PrimaryCause => lang.Label((PovertyCause)value),
        BreakdownDimension.Attribute => lang.Label((HouseholdAttribute)value),
        BreakdownDimension.Labour => lang.Label((LabourCapacity)value),
        BreakdownDimension.Health => lang.Label((HealthStatus)value),
        BreakdownDimension.MeasureType => lang.Label((MeasureType)value),
        _ => lang.Label((AgeGroup)value),
    };

    public string Percent(double? share) => share is { } s ? (100 * s).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>The growth span shown: the picked years when both have incomes and the first is earlier, else the first and last years.</summary>
    public (RegisteredIncome From, RegisteredIncome To)? GrowthSpan()
    {
        if (Income.Years.Count < 2) return null;
        var from = IncomeFrom is { } f ? Income.Of(f) : null;
        var to = IncomeTo is { } t ? Income.Of(t) : null;
        return from is not null && to is not null && from.Year < to.Year ? (from, to) : (Income.Years[0], Income.Years[^1]);
    }

    /// <summary>The headline the seeds' reports lead with: per-capita income from the first year of the span to the last, and its average annual growth.</summary>
    public string? IncomeHeadline()
    {
        if (GrowthSpan() is not { } span) return null;
        var (a, b) = span;
        var growth = Percent(Income.Growth(a.Year, b.Year));
        return lang.T($"建档立卡户人均纯收入由{a.Year}年的{a.PerCapita.Yuan:N2}元增长到{b.Year}年的{b.PerCapita.Yuan:N2}元，年均增长{growth}",
            $"Per-capita net income of registered households rose from {a.PerCapita.Yuan:N2} yuan in {a.Year} to {b.PerCapita.Yuan:N2} yuan in {b.Year}, {growth} a year on average");
    }

    /// <summary>Per-capita income by year as a line chart's series.</summary>
    public IReadOnlyList<LineSeries> IncomeSeries() =>
    [
        new(lang.T("人均纯收入(元)", "Per-capita net income (yuan)"), Income.Years.Select(y => (double?)y.PerCapita.Yuan).ToList()),
        new(lang.T("贫困线(元)", "Poverty line (yuan)"), Income.Years.Select(y => (double?)y.PovertyLine).ToList()),
    ];

    public IReadOnlyList<string> IncomeLabels => Income.Years.Select(y => y.Year.ToString(CultureInfo.InvariantCulture)).ToList();

    /// <summary>The four parts of net income, in the order of <see cref="RegisteredIncome.Shares"/>.</summary>
    public IReadOnlyList<string> IncomeParts =>
    [
        lang.T("工资性收入", "Wages"), lang.T("生产经营性净收入", "Production and business (net)"), lang.T("财产性收入", "Property income"),
        lang.T("转移性收入", "Transfers"),
    ];

    /// <summary>
    /// A rule set's source in the reader's language, named as a source: the "中文 / English" halves split, and the note
    /// once stored with the national lines for developers ("outside the seeds; verify before use") left out.
    /// </summary>
    public string SourceText(string source)
    {
        var text = lang.T(Domain.Common.Bilingual.Parse(source));
        foreach (var note in new[] { "（种子文件之外的公开数据，使用前请核对）", " (outside the seeds; verify before use)", "(outside the seeds; verify before use)" })
            text = text.Replace(note, "", StringComparison.Ordinal);
        return text.StartsWith("国家统计局公布的现价农村贫困标准", StringComparison.Ordinal) ? "国家统计局历年农村贫困标准（现价）"
            : text.StartsWith("NBS current-price rural poverty line", StringComparison.Ordinal) ? "National Bureau of Statistics, rural poverty line by year (current prices)"
            : text;
    }

    /// <summary>Every table of the page as a sheet of one xlsx workbook; the first sheet is the area and its children.</summary>
    protected async Task<IActionResult> XlsxAsync(CancellationToken ct)
    {
        var sheets = new Dictionary<string, object>
        {
            [lang.T("汇总", "Areas")] = new[] { View.Area }.Concat(View.Children).Select(AreaRow).ToList(),
            [lang.T("按状态", "By status")] = Enum.GetValues<HouseholdStatus>().Select(s => new Dictionary<string, object?>
            {
                [lang.T("状态", "Status")] = lang.Label(s), [lang.T("户数", "Households")] = View.Area.Figures.Households(s), [lang.T("人数", "People")] = View.Area.Figures.People(s),
            }).ToList(),
            [lang.T("历年趋势", "Trend")] = TrendWithLive.Select((t, i) => new Dictionary<string, object?>
            {
                [lang.T("年度", "Year")] = TrendLabels[i], [lang.T("贫困户", "Poor households")] = t.PoorHouseholds, [lang.T("贫困人口", "Poor people")] = t.PoorPeople,
                [lang.T("当年脱贫户", "Exited in year (households)")] = t.ExitedInYearHouseholds, [lang.T("当年脱贫人口", "Exited in year (people)")] = t.ExitedInYearPeople,
                [lang.T("当年返贫户", "Returned in year (households)")] = t.ReturnedInYearHouseholds, [lang.T("当年返贫人口", "Returned in year (people)")] = t.ReturnedInYearPeople,
                [lang.T("贫困发生率(%)", "Incidence (%)")] = t.IncidencePercent,
            }).ToList(),
            [lang.T("分类统计", "Breakdowns")] = View.Breakdowns.Select(b => new Dictionary<string, object?>
            {
                [lang.T("分类", "Dimension")] = lang.Label(b.Dimension), [lang.T("取值", "Value")] = ValueLabel(b.Dimension, b.Value),
                [lang.T("状态", "Status")] = lang.Label(b.Status), [lang.T("户数", "Households")] = b.Households, [lang.T("人数", "People")] = b.People,
            }).ToList(),
            [lang.T("脱贫计划", "Exit plan")] = View.ExitProgress.Select(p => new Dictionary<string, object?>
            {
                [lang.T("年度", "Year")] = p.Year, [lang.T("计划脱贫户", "Planned households")] = p.PlannedHouseholds, [lang.T("计划脱贫人口", "Planned people")] = p.PlannedPeople,
                [lang.T("实际脱贫户", "Exited households")] = p.ExitedHouseholds, [lang.T("实际脱贫人口", "Exited people")] = p.ExitedPeople,
                [lang.T("完成率(%)", "Done (%)")] = p.PeoplePercent, [lang.T("计划版本", "Plan version")] = p.PlanVersion,
            }).ToList(),
        };
        if (Measures is { } m)
        {
            var i = m.Income;
            sheets[lang.T("贫困测度", "Measures")] = new List<Dictionary<string, object?>>
            {
                Measure("P0 " + lang.T("贫困发生率", "headcount"), i.Headcount), Measure("P1 " + lang.T("贫困距", "poverty gap"), i.Gap),
                Measure("P2 " + lang.T("贫困强度", "severity"), i.Severity), Measure("Watts", i.Watts),
                Measure("H " + lang.T("多维贫困发生率", "multidimensional headcount"), m.Guarantees.H),
                Measure("A " + lang.T("平均剥夺份额", "average intensity"), m.Guarantees.A), Measure("M0", m.Guarantees.M0),
            };
            sheets[lang.T("M0按指标", "M0 by indicator")] = m.Guarantees.ByIndicator.Select(c => new Dictionary<string, object?>
            {
                [lang.T("指标", "Indicator")] = lang.T(c.Indicator.Text), [lang.T("未删减剥夺率", "Uncensored headcount")] = c.UncensoredHeadcount,
                [lang.T("删减剥夺率", "Censored headcount")] = c.CensoredHeadcount, [lang.T("贡献率(%)", "Contribution (%)")] = c.PercentContribution,
            }).ToList();
            sheets[lang.T("M0按地区", "M0 by area")] = m.Guarantees.ByArea.Select(g => new Dictionary<string, object?>
            {
                [lang.T("地区", "Area")] = m.Guarantees.AreaNames.GetValueOrDefault(g.Group) ?? g.Group, [lang.T("人口份额", "Population share")] = g.PopulationShare,
                ["H"] = g.H, ["A"] = g.A, ["M0"] = g.M0, [lang.T("贡献率(%)", "Contribution (%)")] = g.PercentContribution,
            }).ToList();
        }
        // The monitoring register last, after the tables of the household status.
        if (View.Monitoring is { } mon)
            sheets[lang.T("防返贫监测", "Monitoring")] = View.MonitoringTrend.Where(x => x.Year is not null).Append(mon).Distinct().SelectMany(x => x.ByType.Select(t => new Dictionary<string, object?>
            {
                [lang.T("时点", "As of")] = x.Year is { } y ? lang.T($"{y}年末", $"year-end {y}") : lang.T("实时", "live"), [lang.T("类型", "Type")] = lang.Label(t.Type),
                [lang.T("监测户数", "Monitored households")] = t.Monitored.Households, [lang.T("监测人数", "Monitored people")] = t.Monitored.People,
                [lang.T("风险消除户数", "Eliminated households")] = t.Eliminated.Households, [lang.T("风险消除人数", "Eliminated people")] = t.Eliminated.People,
                [lang.T("继续监测户数", "Continuing households")] = t.Continuing.Households, [lang.T("继续监测人数", "Continuing people")] = t.Continuing.People,
            })).ToList();
        // Assistance after monitoring: one row per area (the area, then its children), then the measures by type and year and the funds by source.
        if (View.Assistance is { } assistance)
        {
            sheets[lang.T("帮扶", "Assistance")] = assistance.Children.Prepend(assistance.Area).Select(AssistanceRow).ToList();
            sheets[lang.T("帮扶措施", "Assistance measures")] = assistance.Area.Tally.ByType.Select(t => new Dictionary<string, object?>
            {
                [lang.T("措施类型", "Type")] = lang.Label(t.Type), [lang.T("措施数", "Measures")] = t.Measures, [lang.T("受益户", "Households")] = t.Households,
                [lang.T("受益人数", "People")] = t.People, [lang.T("资金(元)", "Funds (yuan)")] = t.Funds.Yuan,
            }).Concat(assistance.Area.Tally.ByYear.Select(y => new Dictionary<string, object?>
            {
                [lang.T("措施类型", "Type")] = lang.T($"{y.Year}年合计", $"{y.Year} total"), [lang.T("措施数", "Measures")] = y.Measures, [lang.T("受益户", "Households")] = null,
                [lang.T("受益人数", "People")] = y.People, [lang.T("资金(元)", "Funds (yuan)")] = y.Funds.Yuan,
            })).ToList();
            sheets[lang.T("帮扶资金来源", "Assistance funds")] = assistance.Area.Tally.BySource.Select(f => new Dictionary<string, object?>
            {
                [lang.T("资金来源", "Source of funds")] = f.Source is { } source ? lang.Label(source) : lang.T("未分来源", "Not split by source"),
                [lang.T("资金(元)", "Funds (yuan)")] = f.Funds.Yuan,
            }).ToList();
        }
        // Funds after assistance: one row per area (the area, then its children), then the allocations by source, projects by stage and type.
        if (View.Funds is { } funds)
        {
            sheets[lang.T("资金", "Funds")] = funds.Children.Select(c => FundRow(c.Code, c.Name, c.Figures))
                .Prepend(FundRow(funds.Code, funds.Name, funds.Tally.Control)).ToList();
            sheets[lang.T("资金明细", "Funds detail")] = funds.Tally.BySource.Select(s => Detail(lang.T("资金来源", "Source of funds"), lang.Label(s.Source), null, s.Allocated.Yuan))
                .Concat(funds.Tally.ByStage.Select(s => Detail(lang.T("项目阶段", "Project stage"), lang.Label(s.Stage), s.Projects, null)))
                .Concat(funds.Tally.ByType.Select(t => Detail(lang.T("项目类型（入库）", "Project type (library)"), lang.Label(t.Type), t.Projects, t.Budget.Yuan)))
                .Append(Detail(lang.T("闲置资金", "Idle funds"), lang.T("未支付(元)", "Unpaid (yuan)"), funds.Tally.IdleFunds, funds.Tally.Idle.Yuan))
                .Append(Detail(lang.T("逾期项目", "Overdue projects"), "", funds.Tally.OverdueProjects, null))
                .Append(Detail(lang.T("项目资产", "Project assets"), lang.T("价值(元)", "Value (yuan)"), funds.Tally.Assets, funds.Tally.AssetValue.Yuan))
                .ToList();
        }
        // Income after funds: one row per year (per-capita figures, structure and lines), then the bands of each year.
        sheets[lang.T("收入", "Income")] = Income.Years.Select(IncomeRow).ToList();
        sheets[lang.T("收入分组", "Income bands")] = Income.Years.SelectMany(y => y.Bands.Select(b => new Dictionary<string, object?>
        {
            [lang.T("年度", "Year")] = y.Year, [lang.T("分组", "Band")] = lang.Label(b.Band), [lang.T("下限(元，含)", "From (yuan, inclusive)")] = b.FromYuan,
            [lang.T("上限(元，不含)", "To (yuan, exclusive)")] = b.ToYuan, [lang.T("户数", "Households")] = b.Households, [lang.T("人数", "People")] = b.People,
        })).ToList();
        // PoorAreas last: the places grouped by the designations of the year viewed, one row per group.
        sheets[lang.T("按认定分组", "By designation")] = Designations.SelectMany(g => g.Groups.Select(x => new Dictionary<string, object?>
        {
            [lang.T("分组", "Grouping")] = lang.T(g.Name), [lang.T("组", "Group")] = lang.T(x.Name), [lang.T("个数", "Places")] = x.Places,
            [lang.T("贫困户", "Poor households")] = x.PoorHouseholds, [lang.T("贫困人口", "Poor people")] = x.PoorPeople,
            [lang.T("当年脱贫人口", "People exited in the year")] = x.ExitedInYearPeople, [lang.T("农村户籍人口", "Rural population")] = x.RuralPopulation,
            [lang.T("贫困发生率(%)", "Incidence (%)")] = x.IncidencePercent,
        })).ToList();
        var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, sheets, cancellationToken: ct);
        return File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"stats-{View.Area.Code}-{AsOfText}.xlsx");
    }

    private Dictionary<string, object?> IncomeRow(RegisteredIncome y)
    {
        var row = new Dictionary<string, object?>
        {
            [lang.T("年度", "Year")] = y.Year, [lang.T("户数", "Households")] = y.Households, [lang.T("人数", "People")] = y.People,
            [lang.T("人均纯收入(元)", "Per-capita net income (yuan)")] = y.PerCapita.Yuan,
            [lang.T("人均工资性收入(元)", "Wages per capita (yuan)")] = y.WagesPerCapita.Yuan,
            [lang.T("人均生产经营性净收入(元)", "Production and business per capita (yuan)")] = y.ProductionPerCapita.Yuan,
            [lang.T("人均财产性收入(元)", "Property income per capita (yuan)")] = y.PropertyPerCapita.Yuan,
            [lang.T("人均转移性收入(元)", "Transfers per capita (yuan)")] = y.TransfersPerCapita.Yuan,
        };
        for (var i = 0; i < IncomeParts.Count; i++)
            row[IncomeParts[i] + lang.T("占比(%)", " share (%)")] = y.Shares is { } shares ? Math.Round(100 * shares[i], 2) : null;
        row[lang.T("贫困线(元)", "Poverty line (yuan)")] = y.PovertyLine;
        row[lang.T("监测线(元)", "Monitoring line (yuan)")] = y.MonitoringLine;
        row[lang.T("户状态依据", "Status as of")] = y.StatusFromYearEnd ? lang.T("年末冻结数据", "the frozen year-end") : lang.T("实时登记库", "the live registry");
        return row;
    }

    private Dictionary<string, object?> Measure(string name, double value) =>
        new() { [lang.T("测度", "Measure")] = name, [lang.T("数值", "Value")] = Math.Round(value, 6) };

    private Dictionary<string, object?> Detail(string group, string item, int? count, decimal? yuan) => new()
    {
        [lang.T("分类", "Group")] = group, [lang.T("项目", "Item")] = item, [lang.T("数量", "Count")] = count, [lang.T("金额(元)", "Amount (yuan)")] = yuan,
    };

    private Dictionary<string, object?> FundRow(string code, string name, Jingzhun.Data.Funds.ControlFigures f) => new()
    {
        [lang.T("代码", "Code")] = code, [lang.T("地区", "Area")] = name, [lang.T("时点", "As of")] = AsOfLabel,
        [lang.T("下达资金(元)", "Allocated (yuan)")] = f.Allocated.Yuan, [lang.T("分配到项目(元)", "Drawn by projects (yuan)")] = f.ToProjects.Yuan,
        [lang.T("已拨付(元)", "Paid (yuan)")] = f.Paid.Yuan, [lang.T("未拨付(元)", "Unpaid (yuan)")] = f.Unpaid.Yuan,
        [lang.T("入库项目预算(元)", "Library budgets (yuan)")] = f.Budget.Yuan, [lang.T("项目支出(元)", "Spent (yuan)")] = f.Spent.Yuan,
        [lang.T("入库项目", "Projects in the library")] = f.Projects, [lang.T("已开工", "Started")] = f.Started, [lang.T("已完工", "Completed")] = f.Completed,
        [lang.T("分配率", "Allocation rate")] = f.AllocationRate, [lang.T("拨付率", "Payment rate")] = f.PaymentRate, [lang.T("开工率", "Start rate")] = f.StartRate,
        [lang.T("完工率", "Completion rate")] = f.CompletionRate, [lang.T("支出率", "Spending rate")] = f.SpendingRate,
        [lang.T("张冠李戴", "Paid to the wrong person")] = f.Misdirected, [lang.T("虚报冒领", "Paid twice")] = f.Duplicate,
        [lang.T("挤占挪用", "Outside the purpose")] = f.Diverted, [lang.T("疑点支付", "Flagged payments")] = f.Flagged,
    };

    private Dictionary<string, object?> AssistanceRow(AssistanceArea a)
    {
        var t = a.Tally;
        return new Dictionary<string, object?>
        {
            [lang.T("代码", "Code")] = a.Code, [lang.T("地区", "Area")] = a.Name, [lang.T("时点", "As of")] = AsOfLabel,
            [lang.T("贫困户和返贫户", "Poor and returned households")] = t.PoorHouseholds, [lang.T("有帮扶责任人户", "With a cadre")] = t.PairedHouseholds,
            [lang.T("有帮扶计划户", "With a plan")] = t.PlannedHouseholds, [lang.T("贫困村", "Poor villages")] = t.PoorVillages,
            [lang.T("有驻村工作队村", "With a work team")] = t.VillagesWithTeam, [lang.T("有第一书记村", "With a first secretary")] = t.VillagesWithFirstSecretary,
            [lang.T("措施数", "Measures")] = t.Measures, [lang.T("受益户", "Households reached")] = t.HouseholdsReached, [lang.T("受益人数", "People reached")] = t.PeopleReached,
            [lang.T("资金(元)", "Funds (yuan)")] = t.Funds.Yuan, [lang.T("评级户", "Households rated")] = t.RatedHouseholds,
            [lang.T("授信户", "With a credit line")] = t.HouseholdsWithLine, [lang.T("当年放贷笔数", "Loans in year")] = t.LoansInYear,
            [lang.T("当年放贷金额(元)", "Issued in year (yuan)")] = t.IssuedInYear.Yuan, [lang.T("贷款余额(元)", "Outstanding (yuan)")] = t.Outstanding.Yuan,
            [lang.T("累计还本(元)", "Repaid (yuan)")] = t.Repaid.Yuan, [lang.T("到期本金(元)", "Principal due (yuan)")] = t.DuePrincipal.Yuan,
            [lang.T("还款率", "Repayment rate")] = t.RepaymentRate, [lang.T("逾期金额(元)", "Overdue (yuan)")] = t.Overdue.Yuan,
            [lang.T("逾期率", "Overdue rate")] = t.OverdueRate, [lang.T("搬迁户", "Relocated households")] = t.RelocatedHouseholds,
            [lang.T("搬迁人数", "Relocated people")] = t.RelocatedPeople, [lang.T("人均住房面积(㎡)", "Area per person (m²)")] = t.AreaPerPerson,
        };
    }

    private Dictionary<string, object?> AreaRow(AreaFigures a)
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
}
