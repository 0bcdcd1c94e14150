using System.Globalization;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Funds;

/// <summary>One good row of a project list, as read: its project, its funding lines and the household numbers of its beneficiaries.</summary>
internal sealed record ProjectFileRow(int Row, string Name, ProjectType Type, int Year, string RegionCode, string Content, string Implementer,
    string ResponsiblePerson, DateOnly? PlannedStart, DateOnly? PlannedEnd, int BeneficiaryPeople, string BenefitMechanism,
    IReadOnlyList<(FundSource Source, decimal Amount)> Funding, IReadOnlyList<string> HouseholdNumbers);

/// <summary>
/// A county's project list as a file (项目库清单): one table with the columns 项目名称, 类型, 年度, 所在村（区划代码）, 建设内容,
/// 实施单位, 负责人, 计划开工, 计划完工, 受益人口, 带贫机制, 资金来源, 金额 and 受益户 (household numbers separated by 、 or ;).
/// A project funded from several sources lists them in 资金来源 and their amounts in 金额 in the same order, separated the same
/// way. Each row is checked on its own here, against the database in <see cref="ProjectImport"/>.
/// </summary>
internal static class ProjectFile
{
    public const string Sheet = "项目库";
    public const string NameHeader = "项目名称";
    public const string TypeHeader = "类型";
    public const string YearHeader = "年度";
    public const string RegionHeader = "所在村";
    public const string ContentHeader = "建设内容";
    public const string ImplementerHeader = "实施单位";
    public const string ResponsibleHeader = "负责人";
    public const string StartHeader = "计划开工";
    public const string EndHeader = "计划完工";
    public const string PeopleHeader = "受益人口";
    public const string MechanismHeader = "带贫机制";
    public const string SourceHeader = "资金来源";
    public const string AmountHeader = "金额";
    public const string HouseholdsHeader = "受益户";

    public static readonly FundColumn[] Columns =
    [
        new(NameHeader, true, ["项目名称", "名称", "Project name", "Name"]),
        new(TypeHeader, true, ["类型", "项目类型", "Type"]),
        new(YearHeader, true, ["年度", "项目年度", "Year"]),
        new(RegionHeader, true, ["所在村", "所在村(区划代码)", "所在村（区划代码）", "区划代码", "实施地点", "Region", "Village"], nameof(Household.VillageCode)),
        new(ContentHeader, false, ["建设内容", "建设内容及规模", "Content"]),
        new(ImplementerHeader, false, ["实施单位", "项目实施单位", "项目主体", "Implementer"]),
        new(ResponsibleHeader, false, ["负责人", "责任人", "负责干部", "Responsible person"]),
        new(StartHeader, false, ["计划开工", "计划开工日期", "计划开工时间", "Planned start"]),
        new(EndHeader, false, ["计划完工", "计划完工日期", "计划完工时间", "Planned end"]),
        new(PeopleHeader, false, ["受益人口", "受益人数", "Beneficiary people"]),
        new(MechanismHeader, false, ["带贫机制", "利益联结机制", "Benefit mechanism"]),
        new(SourceHeader, true, ["资金来源", "Source", "Fund source"]),
        new(AmountHeader, true, ["金额", "金额（元）", "金额(元)", "资金规模", "Amount"]),
        new(HouseholdsHeader, false, ["受益户", "受益户(户编号)", "受益户（户编号）", "受益户编号", "Households"]),
    ];

    public const string Describe = "项目清单须有列：项目名称、类型、年度、所在村（区划代码）、资金来源、金额；可选建设内容、实施单位、负责人、计划开工、计划完工、受益人口、带贫机制、受益户";
    public const string DescribeEnglish = "a project list needs 项目名称 (name), 类型 (type), 年度 (year), 所在村 (region code), 资金来源 (source), 金额 (amount); optional 建设内容, 实施单位, 负责人, 计划开工, 计划完工, 受益人口, 带贫机制, 受益户";

    private static readonly char[] Separators = ['、', ';', '；', ',', '，', ' ', '\n', '\r', '\t'];
    private static readonly char[] ListSeparators = ['、', ';', '；', '\n'];

    public const int MaxHouseholdsPerRow = 2000;

    public static (FundTable Table, List<ProjectFileRow> Rows) Read(string path, string name, CancellationToken ct)
    {
        var table = FundTable.Read(path, name, Columns, Describe, DescribeEnglish, ct);
        var rows = new List<ProjectFileRow>();
        foreach (var cells in table.Rows)
            if (Parse(name, cells, table.Errors) is { } row) rows.Add(row);
        return (table, rows);
    }

    private static ProjectFileRow? Parse(string table, FundCells cells, List<ImportError> errors)
    {
        var before = errors.Count;
        void Fail(string column, string chinese, string english) => errors.Add(new ImportError(table, cells.Number, column, chinese, english));
        string Text(string column, int max, bool required)
        {
            var text = cells[column];
            if (required && text.Length == 0) Fail(column, $"{column}不能为空", $"the {column} column is empty");
            else if (text.Length > max) Fail(column, $"{column}不能超过{max}个字符", $"{column} may not exceed {max} characters");
            else if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r')) Fail(column, $"{column}含有控制字符", $"{column} holds control characters");
            return text;
        }

        var name = Text(NameHeader, 200, true);
        var typeText = cells[TypeHeader];
        var type = FundTable.Label<ProjectType>(typeText);
        if (type is null)
            Fail(TypeHeader, $"类型“{FundTable.Shorten(typeText)}”无法识别（可用：{FundTable.Labels<ProjectType>()}）", $"the type '{FundTable.Shorten(typeText)}' is not known (known: {FundTable.LabelsEnglish<ProjectType>()})");
        var yearText = cells[YearHeader].TrimEnd('年');
        if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2010 or > 2100)
            Fail(YearHeader, $"年度“{FundTable.Shorten(cells[YearHeader])}”无效（如2025）", $"the year '{FundTable.Shorten(cells[YearHeader])}' is not valid (e.g. 2025)");
        var region = cells[RegionHeader];
        if (!Domain.Regions.RegionCode.TryParse(region, out var code, out _) || code.Level < Domain.Regions.RegionLevel.County)
            Fail(RegionHeader, $"所在村“{FundTable.Shorten(region)}”应为12位区划代码（村、乡镇或县）", $"the region '{FundTable.Shorten(region)}' must be a 12-digit region code (a village, township or the county)");
        var content = Text(ContentHeader, 2000, false);
        var implementer = Text(ImplementerHeader, 200, false);
        var responsible = Text(ResponsibleHeader, 100, false);
        var mechanism = Text(MechanismHeader, 1000, false);
        DateOnly? DateOf(string column)
        {
            var text = cells[column];
            if (text.Length == 0) return null;
            var date = FundTable.Date(text, cells.NumberCells.Contains(column));
            if (date is null) Fail(column, $"{column}“{FundTable.Shorten(text)}”不是日期（如2025-03-01）", $"{column} '{FundTable.Shorten(text)}' is not a date (e.g. 2025-03-01)");
            return date;
        }
        var start = DateOf(StartHeader);
        var end = DateOf(EndHeader);
        if (start is { } s && end is { } e && e < s) Fail(EndHeader, "计划完工早于计划开工", "the planned end is before the planned start");
        var people = 0;
        var peopleText = cells[PeopleHeader];
        if (peopleText.Length > 0 && (!int.TryParse(peopleText, NumberStyles.None, CultureInfo.InvariantCulture, out people) || people > 10_000_000))
            Fail(PeopleHeader, $"受益人口“{FundTable.Shorten(peopleText)}”应为非负整数", $"the beneficiary people '{FundTable.Shorten(peopleText)}' must be a whole number");

        var sources = cells[SourceHeader].Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var amounts = cells[AmountHeader].Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var funding = new List<(FundSource, decimal)>();
        if (sources.Length == 0) Fail(SourceHeader, "资金来源不能为空", "the source of funds is empty");
        else if (amounts.Length != sources.Length)
            Fail(AmountHeader, $"金额有{amounts.Length}项，资金来源有{sources.Length}项，应一一对应", $"{amounts.Length} amounts for {sources.Length} sources: give one amount per source, in the same order");
        else
            for (var i = 0; i < sources.Length; i++)
            {
                var source = FundTable.Label<FundSource>(sources[i]);
                var amount = FundTable.Amount(amounts[i]);
                if (source is null)
                    Fail(SourceHeader, $"资金来源“{FundTable.Shorten(sources[i])}”无法识别（可用：{FundTable.Labels<FundSource>()}）", $"the source '{FundTable.Shorten(sources[i])}' is not known (known: {FundTable.LabelsEnglish<FundSource>()})");
                else if (funding.Any(f => f.Item1 == source)) Fail(SourceHeader, $"资金来源“{sources[i]}”重复", $"the source '{sources[i]}' appears twice");
                if (amount is null || amount <= 0 || amount != decimal.Round(amount.Value, 2) || amount > 10_000_000_000m)
                    Fail(AmountHeader, $"金额“{FundTable.Shorten(amounts[i])}”应为大于0的元数，最多两位小数", $"the amount '{FundTable.Shorten(amounts[i])}' must be yuan greater than 0 with at most 2 decimals");
                if (source is { } so && amount is { } am) funding.Add((so, am));
            }

        var numbers = new List<string>();
        foreach (var part in cells[HouseholdsHeader].Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Length != 16 || !part.All(char.IsAsciiDigit))
            {
                Fail(HouseholdsHeader, $"户编号“{FundTable.Shorten(part)}”无效（应为16位数字）", $"the household number '{FundTable.Shorten(part)}' is not valid (16 digits)");
                continue;
            }
            if (numbers.Contains(part)) Fail(HouseholdsHeader, $"户编号{part}在本行重复", $"the household number {part} appears twice in the row");
            else numbers.Add(part);
        }
        if (numbers.Count > MaxHouseholdsPerRow) Fail(HouseholdsHeader, $"一个项目最多列{MaxHouseholdsPerRow}户", $"a project may list at most {MaxHouseholdsPerRow} households");

        if (errors.Count > before) return null;
        return new ProjectFileRow(cells.Number, name, type!.Value, year, code.Value, content, implementer, responsible, start, end, people, mechanism, funding, numbers);
    }
}
