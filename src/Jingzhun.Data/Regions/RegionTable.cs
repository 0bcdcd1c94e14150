using System.Globalization;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;

namespace Jingzhun.Data.Regions;

/// <summary>
/// The region table file (区划表): one row per region row of the database (a unit in one validity period),
/// with Chinese headers like the registry exchange files, the same in xlsx (sheet 区划) and CSV (the file itself).
/// Rural population comes as one column per year (农村户籍人口2014 …) and the latest figure as 农村户籍人口.
/// </summary>
public static class RegionTable
{
    public const string Sheet = "区划";
    public const string Code = "区划代码";
    public const string Name = "名称";
    public const string Level = "级别";
    public const string Parent = "上级代码";
    public const string UrbanRural = "城乡分类代码";
    public const string Western = "西部";
    public const string PoorCounty = "贫困县";
    public const string PoorVillage = "贫困村";
    public const string DeepPoverty = "深度贫困";
    public const string PoorSince = "列为贫困年度";
    public const string Exited = "退出年度";
    public const string ValidFrom = "生效日期";
    public const string ValidTo = "失效日期";
    /// <summary>The latest rural population (<see cref="Region.RuralPopulation"/>); with a year appended, that year's figure.</summary>
    public const string Population = "农村户籍人口";

    public static readonly IReadOnlyList<string> FixedHeaders =
        [Code, Name, Level, Parent, UrbanRural, Western, PoorCounty, PoorVillage, DeepPoverty, PoorSince, Exited, ValidFrom, ValidTo, Population];

    public static string PopulationHeader(int year) => Population + year.ToString(CultureInfo.InvariantCulture);

    /// <summary>The year of a population column (农村户籍人口2019 → 2019), or null for any other header.</summary>
    public static int? PopulationYear(string header) =>
        header.Length == Population.Length + 4 && header.StartsWith(Population, StringComparison.Ordinal)
        && int.TryParse(header.AsSpan(Population.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            ? year : null;

    public const int FirstYear = 1949;
    public const int LastYear = 2100;

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string LevelLabel(RegionLevel level) => level.Chinese();
}

/// <summary>One row of a region file as read: the region it describes and its populations by year, or the problems of its cells.</summary>
public sealed class RegionRow
{
    public required int Row { get; init; }
    public required Region Region { get; init; }
    /// <summary>The level the row states (may differ from the code's: that is an error).</summary>
    public RegionLevel StatedLevel { get; set; }
    public string StatedParent { get; set; } = "";
    public bool PopulationGiven { get; set; }
    public Dictionary<int, int> Populations { get; } = [];
    public bool CodeValid { get; set; }
}
