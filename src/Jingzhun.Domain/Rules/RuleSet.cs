using System.ComponentModel.DataAnnotations;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Exit;

namespace Jingzhun.Domain.Rules;

/// <summary>
/// The rules of one year in one jurisdiction (the nation, or a province that raises the national
/// line). Every figure is data: a new rule is a new version, never an edit of a number in code.
/// Defaults follow DESIGN §3; sources are named per field.
/// </summary>
public sealed record RuleSet
{
    /// <summary>Region-code prefix the rules apply to: "" for the nation, "45" for a province.</summary>
    [TextLimit(12)] public string Jurisdiction { get; init; } = "";
    public int Year { get; init; }
    public int Version { get; init; } = 1;

    /// <summary>Poverty line for the year, yuan per person at current prices.</summary>
    public decimal PovertyLine { get; init; }
    [TextLimit(500)] public string PovertyLineSource { get; init; } = "";

    /// <summary>Household exit needs per-capita net income above the line in this many consecutive years ("stably", 002:2655).</summary>
    public int StableIncomeYears { get; init; } = 2;
    /// <summary>Compulsory-education age band (no child of these ages out of school).</summary>
    public int CompulsoryEducationFromAge { get; init; } = 6;
    public int CompulsoryEducationToAge { get; init; } = 15;
    /// <summary>Housing safety grades that meet the housing guarantee (C and D are dangerous).</summary>
    [MaxLength(10)] public HousingSafetyGrade[] SafeHousingGrades { get; init; } = [HousingSafetyGrade.A, HousingSafetyGrade.B];

    /// <summary>Village and county exit: incidence below this share (002:2659, 002:2661).</summary>
    public decimal ExitIncidence { get; init; } = 0.02m;
    /// <summary>The same in the western provinces.</summary>
    public decimal WesternExitIncidence { get; init; } = 0.03m;
    /// <summary>County exit, third-party check: wrong-exit rate below, missed-identification rate below, recognition at least.</summary>
    public decimal MaxWrongExitRate { get; init; } = 0.02m;
    public decimal MaxMissedRate { get; init; } = 0.02m;
    public decimal MinRecognition { get; init; } = 0.90m;

    /// <summary>Poor-village identification: incidence at least this multiple of the provincial rate (002:816).</summary>
    public decimal PoorVillageIncidenceMultiple { get; init; } = 2m;
    /// <summary>… and per-capita income below this share of the provincial average.</summary>
    public decimal PoorVillageIncomeShare { get; init; } = 0.6m;
    /// <summary>
    /// … of this provincial average: rural per-capita net income, yuan per person (全省农民人均纯收入). The default is the
    /// national figure of 2013, the year the village lists were drawn up; a province states its own by a new version.
    /// </summary>
    public decimal ProvincialRuralIncome { get; init; } = 8_896m;
    [TextLimit(500)] public string PoorVillageRuleSource { get; init; } = "来源：《扶贫开发建档立卡工作方案》（国开办发〔2014〕24号）贫困村识别“一高一低一无”：行政村贫困发生率比全省贫困发生率高一倍以上，行政村2013年全村农民人均纯收入低于全省平均水平60%，行政村无集体经济收入；全省农民人均纯收入默认取2013年全国农村居民人均纯收入8896元，由各省按本省数值设定 / Source: the 2014 registration work plan, \"one high, one low, one none\"; the provincial average defaults to the national 2013 rural per-capita net income of 8,896 yuan until a province sets its own";

    /// <summary>Sample checks in identification (抽检核查, 002-A L333): the share of a village's list the township checks, and of a township's list the county.</summary>
    public decimal TownshipSampleShare { get; init; } = 0.20m;
    public decimal CountySampleShare { get; init; } = 0.10m;
    /// <summary>The seeds require the check but give no share: the defaults are stated here and changed by a new rule-set version.</summary>
    [TextLimit(500)] public string SampleCheckSource { get; init; } = "来源：《扶贫开发建档立卡工作方案》要求乡镇、县级对贫困户识别名单进行抽检核查；抽检比例资料未规定，默认乡镇抽检20%、县级抽检10%，按本省规定设定 / Source: the registration work plan requires townships and counties to sample-check identification lists; the seeds give no share, so 20% (township) and 10% (county) are defaults the province may change";

    /// <summary>Public notice period in days (local practice; seeds give no number).</summary>
    public int NoticeDays { get; init; } = 7;
    public int MonitoringNoticeDays { get; init; } = 5;
    /// <summary>Monitoring line as a multiple of the poverty line (post-2020 practice).</summary>
    public decimal MonitoringLineFactor { get; init; } = 1.5m;
    /// <summary>Where the monitoring line comes from: the seeds give no number (003.md line 45), so it is stated with the rule.</summary>
    [TextLimit(500)] public string MonitoringLineSource { get; init; } = "来源：2020年后各地防返贫监测做法，监测范围为当地上年度脱贫标准的1.5倍左右，按本省规定设定 / Source: monitoring practice after 2020, about 1.5 times the local poverty line of the year before, as the province sets it";
    /// <summary>A risk signal is decided within this many days of its arrival (DESIGN §3, post-2020 practice).</summary>
    public int MonitoringDecisionDays { get; init; } = 15;

    /// <summary>The monitoring line for the year: the poverty line times the factor, yuan per person.</summary>
    /// <summary>The most households one assistance cadre should be paired with (机关干部结对帮扶3至5户, 002 L1589).</summary>
    public int CadreCaseloadLimit { get; init; } = 5;

    // 扶贫小额信贷 (000:113; 002-D §2.9, L1866): rating bands, credit lines, loan limits.
    public int MicrocreditGoodFrom { get; init; } = 90;
    public int MicrocreditFairlyGoodFrom { get; init; } = 80;
    public int MicrocreditAverageFrom { get; init; } = 70;
    public decimal MicrocreditGoodLine { get; init; } = 50_000m;
    public decimal MicrocreditFairlyGoodLine { get; init; } = 30_000m;
    public decimal MicrocreditAverageLine { get; init; } = 10_000m;
    public decimal MicrocreditMaxYuan { get; init; } = 50_000m;
    public int MicrocreditMaxYears { get; init; } = 3;
    [TextLimit(500)] public string MicrocreditSource { get; init; } = "来源：《人类减贫的中国实践》白皮书（国务院新闻办公室，2021）专栏8扶贫小额信贷：5万元以下、3年以内、免担保免抵押、基准利率放贷、财政贴息；评级授信参照湖南麻阳做法：诚信7、收入2、劳力1计分，好/较好/一般授信5万/3万/1万 / Source: white paper Poverty Alleviation: China's Experience (2021), box 8; rating as practised in Mayang, Hunan";

    // 易地扶贫搬迁 (002:1626): the housing area line and the follow-up years.
    public decimal RelocationAreaPerPerson { get; init; } = 25m;
    [TextLimit(500)] public string RelocationAreaSource { get; init; } = "来源：国家易地扶贫搬迁政策：建档立卡贫困人口人均住房面积不超过25平方米 / Source: national relocation policy, at most 25 m² of housing per registered poor person";
    public int RelocationFollowUpYears { get; init; } = 3;

    // 扶贫资金和项目 (002:418, 002:676; 003.md L480): the days a project is posted before it starts and after it is
    // completed, and when unpaid funds count as idle (防止资金闲置). The seeds give neither number: they are stated here.
    public int FundDisclosureDays { get; init; } = 10;
    public int IdleFundDays { get; init; } = 90;
    [TextLimit(500)] public string FundRulesSource { get; init; } = "来源：《财政专项扶贫资金管理办法》《中共中央 国务院关于打赢脱贫攻坚战的决定》：扶贫资金项目一律公告公示、防止资金闲置；公示天数和闲置天数按当地规定设定 / Source: Measures for Managing Special Poverty-Alleviation Funds and the 2015 Decision on Winning the Battle against Poverty; the days are set locally";

    // Assessment and supervision (issue 17). The annual assessment starts at year-end and is finished before the end of
    // February of the next year (002:2594). The weights of its indicators and the rectification deadline are not in the
    // seeds: they are stated here and changed by a new rule-set version.
    /// <summary>Month (1–12) of the assessed year in which the annual assessment starts (12: year-end).</summary>
    public int AnnualAssessmentStartMonth { get; init; } = 12;
    /// <summary>Month of the following year by whose end the annual assessment is finished (2: end of February).</summary>
    public int AnnualAssessmentDueMonth { get; init; } = 2;
    /// <summary>Points of the annual indicators, in the order of <see cref="Assessment.AnnualIndicator"/> (they sum to 100).</summary>
    [MaxLength(6)] public int[] AnnualIndicatorWeights { get; init; } = [25, 15, 20, 15, 15, 10];
    /// <summary>Days a finding is given for rectification when no deadline is set (限期整改; the seeds give no number).</summary>
    public int FindingDeadlineDays { get; init; } = 30;
    [TextLimit(500)] public string AssessmentRulesSource { get; init; } = "来源：《省级党委和政府扶贫开发工作成效考核办法》第六条（考核每年年底开始、次年2月底前完成）；《关于建立贫困退出机制的意见》（专项评估检查），错退率、漏评率、群众认可度按第三方评估通行做法；指标分值和整改期限按当地规定设定 / Source: Measures for Assessing Provincial Poverty-Alleviation Performance, art. 6; Opinions on the Poverty Exit Mechanism; points and deadlines set locally";

    public decimal MonitoringLine => decimal.Round(PovertyLine * MonitoringLineFactor, 2);

    public string Label => Jurisdiction.Length == 0 ? $"全国 {Year} v{Version}" : $"{Jurisdiction} {Year} v{Version}";

    public decimal ExitIncidenceFor(bool western) => western ? WesternExitIncidence : ExitIncidence;
}
