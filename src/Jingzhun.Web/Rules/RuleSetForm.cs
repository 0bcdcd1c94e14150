using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Rules;

/// <summary>Every field of a <see cref="RuleSet"/> as a form edits it; rates are entered as percentages.</summary>
public sealed class RuleSetForm
{
    // A field a post leaves out keeps the rule set's default, never zero.
    private static readonly RuleSet Defaults = new();

    public string Jurisdiction { get; set; } = "";
    public int Year { get; set; }
    public decimal PovertyLine { get; set; }
    public string PovertyLineSource { get; set; } = "";
    public int StableIncomeYears { get; set; }
    public int CompulsoryEducationFromAge { get; set; }
    public int CompulsoryEducationToAge { get; set; }
    public List<HousingSafetyGrade> SafeHousingGrades { get; set; } = [];
    public decimal ExitIncidencePercent { get; set; }
    public decimal WesternExitIncidencePercent { get; set; }
    public decimal MaxWrongExitRatePercent { get; set; }
    public decimal MaxMissedRatePercent { get; set; }
    public decimal MinRecognitionPercent { get; set; }
    public decimal PoorVillageIncidenceMultiple { get; set; }
    public decimal PoorVillageIncomeSharePercent { get; set; }
    public decimal ProvincialRuralIncome { get; set; } = Defaults.ProvincialRuralIncome;
    public string PoorVillageRuleSource { get; set; } = Defaults.PoorVillageRuleSource;
    public int NoticeDays { get; set; }
    public int MonitoringNoticeDays { get; set; }
    public decimal MonitoringLineFactor { get; set; }
    public string MonitoringLineSource { get; set; } = "";
    public int MonitoringDecisionDays { get; set; }
    public int CadreCaseloadLimit { get; set; } = Defaults.CadreCaseloadLimit;
    public int MicrocreditGoodFrom { get; set; } = Defaults.MicrocreditGoodFrom;
    public int MicrocreditFairlyGoodFrom { get; set; } = Defaults.MicrocreditFairlyGoodFrom;
    public int MicrocreditAverageFrom { get; set; } = Defaults.MicrocreditAverageFrom;
    public decimal MicrocreditGoodLine { get; set; } = Defaults.MicrocreditGoodLine;
    public decimal MicrocreditFairlyGoodLine { get; set; } = Defaults.MicrocreditFairlyGoodLine;
    public decimal MicrocreditAverageLine { get; set; } = Defaults.MicrocreditAverageLine;
    public decimal MicrocreditMaxYuan { get; set; } = Defaults.MicrocreditMaxYuan;
    public int MicrocreditMaxYears { get; set; } = Defaults.MicrocreditMaxYears;
    public string MicrocreditSource { get; set; } = Defaults.MicrocreditSource;
    public decimal RelocationAreaPerPerson { get; set; } = Defaults.RelocationAreaPerPerson;
    public string RelocationAreaSource { get; set; } = Defaults.RelocationAreaSource;
    public int RelocationFollowUpYears { get; set; } = Defaults.RelocationFollowUpYears;
    public int FundDisclosureDays { get; set; } = Defaults.FundDisclosureDays;
    public int IdleFundDays { get; set; } = Defaults.IdleFundDays;
    public string FundRulesSource { get; set; } = Defaults.FundRulesSource;
    public int AnnualAssessmentStartMonth { get; set; } = Defaults.AnnualAssessmentStartMonth;
    public int AnnualAssessmentDueMonth { get; set; } = Defaults.AnnualAssessmentDueMonth;
    /// <summary>The indicator weights as typed: numbers separated by commas.</summary>
    public string AnnualIndicatorWeights { get; set; } = string.Join(",", Defaults.AnnualIndicatorWeights);
    public int FindingDeadlineDays { get; set; } = Defaults.FindingDeadlineDays;
    public string AssessmentRulesSource { get; set; } = Defaults.AssessmentRulesSource;
    // SampleChecks: the shares as percentages, like the poor-village income share.
    public decimal TownshipSampleSharePercent { get; set; } = Defaults.TownshipSampleShare * 100;
    public decimal CountySampleSharePercent { get; set; } = Defaults.CountySampleShare * 100;
    public string SampleCheckSource { get; set; } = Defaults.SampleCheckSource;
    public string Note { get; set; } = "";

    public static RuleSetForm From(RuleSet r) => new()
    {
        Jurisdiction = r.Jurisdiction, Year = r.Year, PovertyLine = r.PovertyLine, PovertyLineSource = r.PovertyLineSource,
        StableIncomeYears = r.StableIncomeYears, CompulsoryEducationFromAge = r.CompulsoryEducationFromAge, CompulsoryEducationToAge = r.CompulsoryEducationToAge,
        SafeHousingGrades = [.. r.SafeHousingGrades], ExitIncidencePercent = r.ExitIncidence * 100, WesternExitIncidencePercent = r.WesternExitIncidence * 100,
        MaxWrongExitRatePercent = r.MaxWrongExitRate * 100, MaxMissedRatePercent = r.MaxMissedRate * 100, MinRecognitionPercent = r.MinRecognition * 100,
        PoorVillageIncidenceMultiple = r.PoorVillageIncidenceMultiple, PoorVillageIncomeSharePercent = r.PoorVillageIncomeShare * 100,
        ProvincialRuralIncome = r.ProvincialRuralIncome, PoorVillageRuleSource = r.PoorVillageRuleSource,
        NoticeDays = r.NoticeDays, MonitoringNoticeDays = r.MonitoringNoticeDays, MonitoringLineFactor = r.MonitoringLineFactor,
        MonitoringLineSource = r.MonitoringLineSource, MonitoringDecisionDays = r.MonitoringDecisionDays,
        CadreCaseloadLimit = r.CadreCaseloadLimit, MicrocreditGoodFrom = r.MicrocreditGoodFrom, MicrocreditFairlyGoodFrom = r.MicrocreditFairlyGoodFrom,
        MicrocreditAverageFrom = r.MicrocreditAverageFrom, MicrocreditGoodLine = r.MicrocreditGoodLine, MicrocreditFairlyGoodLine = r.MicrocreditFairlyGoodLine,
        MicrocreditAverageLine = r.MicrocreditAverageLine, MicrocreditMaxYuan = r.MicrocreditMaxYuan, MicrocreditMaxYears = r.MicrocreditMaxYears,
        MicrocreditSource = r.MicrocreditSource, RelocationAreaPerPerson = r.RelocationAreaPerPerson, RelocationAreaSource = r.RelocationAreaSource,
        RelocationFollowUpYears = r.RelocationFollowUpYears, FundDisclosureDays = r.FundDisclosureDays, IdleFundDays = r.IdleFundDays,
        FundRulesSource = r.FundRulesSource, AnnualAssessmentStartMonth = r.AnnualAssessmentStartMonth,
        AnnualAssessmentDueMonth = r.AnnualAssessmentDueMonth, AnnualIndicatorWeights = string.Join(",", r.AnnualIndicatorWeights),
        FindingDeadlineDays = r.FindingDeadlineDays, AssessmentRulesSource = r.AssessmentRulesSource,
        TownshipSampleSharePercent = r.TownshipSampleShare * 100, CountySampleSharePercent = r.CountySampleShare * 100, SampleCheckSource = r.SampleCheckSource,
    };

    public RuleSet ToRuleSet() => new()
    {
        Jurisdiction = Jurisdiction.Trim(), Year = Year, PovertyLine = PovertyLine, PovertyLineSource = PovertyLineSource.Trim(),
        StableIncomeYears = StableIncomeYears, CompulsoryEducationFromAge = CompulsoryEducationFromAge, CompulsoryEducationToAge = CompulsoryEducationToAge,
        SafeHousingGrades = [.. SafeHousingGrades.Distinct()], ExitIncidence = ExitIncidencePercent / 100, WesternExitIncidence = WesternExitIncidencePercent / 100,
        MaxWrongExitRate = MaxWrongExitRatePercent / 100, MaxMissedRate = MaxMissedRatePercent / 100, MinRecognition = MinRecognitionPercent / 100,
        PoorVillageIncidenceMultiple = PoorVillageIncidenceMultiple, PoorVillageIncomeShare = PoorVillageIncomeSharePercent / 100,
        ProvincialRuralIncome = ProvincialRuralIncome, PoorVillageRuleSource = (PoorVillageRuleSource ?? "").Trim(),
        NoticeDays = NoticeDays, MonitoringNoticeDays = MonitoringNoticeDays, MonitoringLineFactor = MonitoringLineFactor,
        MonitoringLineSource = MonitoringLineSource.Trim(), MonitoringDecisionDays = MonitoringDecisionDays,
        CadreCaseloadLimit = CadreCaseloadLimit, MicrocreditGoodFrom = MicrocreditGoodFrom, MicrocreditFairlyGoodFrom = MicrocreditFairlyGoodFrom,
        MicrocreditAverageFrom = MicrocreditAverageFrom, MicrocreditGoodLine = MicrocreditGoodLine, MicrocreditFairlyGoodLine = MicrocreditFairlyGoodLine,
        MicrocreditAverageLine = MicrocreditAverageLine, MicrocreditMaxYuan = MicrocreditMaxYuan, MicrocreditMaxYears = MicrocreditMaxYears,
        MicrocreditSource = (MicrocreditSource ?? "").Trim(), RelocationAreaPerPerson = RelocationAreaPerPerson, RelocationAreaSource = (RelocationAreaSource ?? "").Trim(),
        RelocationFollowUpYears = RelocationFollowUpYears, FundDisclosureDays = FundDisclosureDays, IdleFundDays = IdleFundDays,
        FundRulesSource = (FundRulesSource ?? "").Trim(), AnnualAssessmentStartMonth = AnnualAssessmentStartMonth,
        AnnualAssessmentDueMonth = AnnualAssessmentDueMonth, AnnualIndicatorWeights = Weights(AnnualIndicatorWeights),
        FindingDeadlineDays = FindingDeadlineDays, AssessmentRulesSource = (AssessmentRulesSource ?? "").Trim(),
        TownshipSampleShare = TownshipSampleSharePercent / 100, CountySampleShare = CountySampleSharePercent / 100, SampleCheckSource = (SampleCheckSource ?? "").Trim(),
    };

    /// <summary>Numbers separated by commas (either width); a value that is not a number becomes -1, which validation refuses.</summary>
    private static int[] Weights(string? typed) =>
        [.. (typed ?? "").Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => int.TryParse(w, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1)];
}
