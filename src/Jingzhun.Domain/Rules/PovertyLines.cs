using Jingzhun.Domain.Exit;

namespace Jingzhun.Domain.Rules;

/// <summary>
/// The national poverty line by year: 2,300 yuan per person per year at 2010 prices (002:187,
/// 002:198), and its current-price value for each year. The yearly figures are not in the seeds;
/// they are the published national figures and ship here as data with that source, to be checked
/// and replaced by a rule-set version where a province or a later publication says otherwise.
/// </summary>
public static class PovertyLines
{
    // Named as a source a reader can look up, in both languages ("中文 / English", the form every rule-set source takes).
    private const string SourceChinese = "来源：国家统计局（历年农村贫困标准，现价）";
    private const string SourceEnglish = "Source: National Bureau of Statistics (rural poverty line by year, current prices)";
    public const string Source = SourceChinese + " / " + SourceEnglish;

    public static IReadOnlyDictionary<int, decimal> National { get; } = new Dictionary<int, decimal>
    {
        [2010] = 2300m, [2011] = 2536m, [2012] = 2625m, [2013] = 2736m, [2014] = 2800m, [2015] = 2855m,
        [2016] = 2952m, [2017] = 2952m, [2018] = 2995m, [2019] = 3218m, [2020] = 4000m,
    };

    /// <summary>The national rule set of a year; after 2020 the 2020 line continues (the transition period keeps the standard).</summary>
    public static RuleSet NationalRuleSet(int year)
    {
        var known = National.Keys.Where(y => y <= year).DefaultIfEmpty(2010).Max();
        var source = known == year ? Source : $"{SourceChinese}；{year}年沿用{known}年标准 / {SourceEnglish}; the {known} line carried forward";
        return new RuleSet { Year = year, PovertyLine = National[known], PovertyLineSource = source };
    }
}
