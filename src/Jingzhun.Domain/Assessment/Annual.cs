using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Assessment;

// The annual performance assessment of provinces (D4, 002:2572–2630), and the same of cities and counties by the level
// above (002:2431, 002:2624): indicators from the registry, the funds ledger and the third-party assessment, each with
// its source, scored and ranked. It runs from year-end to the end of February (002:2594; timetable in the rule set).

public enum AnnualIndicator
{
    /// <summary>减贫成效: fall in the registered poor population over the year.</summary>
    [Label("建档立卡贫困人口减少", "Reduction of registered poor people")] PoorReduction = 1,
    /// <summary>减贫成效: exits against the year's exit plan.</summary>
    [Label("脱贫退出计划完成率", "Exit plan completion")] ExitPlanCompletion = 2,
    /// <summary>精准识别: identification and exit precision (100% − wrong-exit and missed rates of the assessment).</summary>
    [Label("识别和退出准确率", "Precision of identification and exit")] Precision = 3,
    /// <summary>精准帮扶: public recognition from the assessment.</summary>
    [Label("群众认可度", "Public recognition")] Recognition = 4,
    /// <summary>减贫成效: per-capita net income growth of registered households.</summary>
    [Label("建档立卡户人均纯收入增长", "Income growth of registered households")] IncomeGrowth = 5,
    /// <summary>扶贫资金: share of the year's allocated funds paid out.</summary>
    [Label("扶贫资金支出率", "Use of poverty funds")] FundUse = 6,
}

public enum AnnualAssessmentState
{
    [Label("进行中", "Under way")] Open = 1,
    [Label("已定稿", "Final")] Final = 2,
}

/// <summary>One year's assessment of the areas of one level below an office (provinces by the nation, counties by a city…).</summary>
public sealed class AnnualAssessment
{
    public long Id { get; set; }
    public int Year { get; set; }
    /// <summary>The assessing office's region (12 digits).</summary>
    public string AssessorCode { get; set; } = "";
    /// <summary>The level assessed (the areas one level below the assessing office or further down, as chosen).</summary>
    public Regions.RegionLevel Level { get; set; }
    public AnnualAssessmentState State { get; set; } = AnnualAssessmentState.Open;
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? FinalisedAt { get; set; }
    public string? FinalisedBy { get; set; }
    public int Version { get; set; }
    public List<AnnualScore> Scores { get; set; } = [];
}

/// <summary>One indicator of one assessed area: its value, where it came from and its score; the area's rank is over the totals.</summary>
public sealed class AnnualScore
{
    public long Id { get; set; }
    public long AssessmentId { get; set; }
    public AnnualAssessment? Assessment { get; set; }
    public string RegionCode { get; set; } = "";
    public AnnualIndicator Indicator { get; set; }
    /// <summary>The measured value (a share 0–1 or a count, as the indicator says); null when the source has no figure.</summary>
    public decimal? Value { get; set; }
    /// <summary>Points out of the indicator's weight.</summary>
    public decimal Score { get; set; }
    /// <summary>Where the value came from, in words (tables, snapshot dates, assessment project).</summary>
    public string Source { get; set; } = "";
    /// <summary>The area's total points and its rank among the assessed areas (the same on each of its rows).</summary>
    public decimal Total { get; set; }
    public int Rank { get; set; }
}
