using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Domain.Assistance;

// 扶贫小额信贷 (000:113; 002-D.md §2.9, L1866): a household is rated by a panel, the grade gives a credit line, and it
// borrows up to that line without guarantee or collateral, for up to three years, with the interest subsidised.

/// <summary>The credit grade of a rating (信用等级).</summary>
public enum CreditGrade
{
    [Label("好", "Good")] Good = 1,
    [Label("较好", "Fairly good")] FairlyGood = 2,
    [Label("一般", "Average")] Average = 3,
    [Label("等外（不授信）", "Unrated (no credit)")] Unrated = 4,
}

/// <summary>
/// A household's credit rating (评级授信): integrity 0–70, per-capita net income 0–20 and household labour 0–10 in the
/// proportion 7:2:1; household assets are left out on purpose (L1866). The grade and credit line follow from the total.
/// </summary>
public sealed class CreditRating
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    public DateOnly RatedOn { get; set; }
    public int Integrity { get; set; }
    public int Income { get; set; }
    public int Labour { get; set; }
    public int Score { get; set; }
    public CreditGrade Grade { get; set; }
    public Money CreditLine { get; set; }
    /// <summary>The rule set that fixed the grade bands and lines (its label, for the trace).</summary>
    public string RuleSet { get; set; } = "";
    public string RatedBy { get; set; } = "";
    /// <summary>A new rating replaces the last; the old one stays.</summary>
    public bool IsCurrent { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }
}

public enum LoanState
{
    [Label("未结清", "Outstanding")] Outstanding = 1,
    [Label("已结清", "Repaid")] Repaid = 2,
    [Label("已展期", "Extended")] Extended = 3,
}

/// <summary>A microloan (扶贫小额贷款) to a household: bank, amount, term, rate, subsidy, purpose and its repayments.</summary>
public sealed class MicroLoan
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    public long? RatingId { get; set; }
    /// <summary>放贷银行.</summary>
    public string Bank { get; set; } = "";
    public Money Amount { get; set; }
    public DateOnly IssuedOn { get; set; }
    public int TermMonths { get; set; }
    public DateOnly DueOn { get; set; }
    /// <summary>Yearly interest rate in percent (the benchmark rate).</summary>
    public decimal RatePercent { get; set; }
    /// <summary>Years of the term whose interest is subsidised (财政贴息), at most three.</summary>
    public int SubsidyYears { get; set; }
    public string Purpose { get; set; } = "";
    public LoanState State { get; set; } = LoanState.Outstanding;
    public Money Repaid { get; set; }
    public DateOnly? SettledOn { get; set; }
    public string RecordedBy { get; set; } = "";
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public Money Outstanding => Amount - Repaid;
}

/// <summary>One repayment of a loan: principal and interest, and the interest the subsidy covered.</summary>
public sealed class LoanRepayment
{
    public long Id { get; set; }
    public long LoanId { get; set; }
    public MicroLoan? Loan { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    public DateOnly PaidOn { get; set; }
    public Money Principal { get; set; }
    public Money Interest { get; set; }
    public Money InterestSubsidy { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>The rules of microcredit, with the rule set's bands, lines and limits.</summary>
public static class MicrocreditRules
{
    public const int MaxIntegrity = 70, MaxIncome = 20, MaxLabour = 10;

    /// <summary>The score of a rating, or the reasons its parts are out of range.</summary>
    public static (int Score, IReadOnlyList<FieldError> Errors) Score(int integrity, int income, int labour)
    {
        var errors = new List<FieldError>();
        Part(errors, "Integrity", integrity, MaxIntegrity, "诚信评价", "Integrity");
        Part(errors, "Income", income, MaxIncome, "人均纯收入", "Per-capita net income");
        Part(errors, "Labour", labour, MaxLabour, "家庭劳动力", "Household labour");
        return (integrity + income + labour, errors);
    }

    private static void Part(List<FieldError> errors, string field, int value, int max, string zh, string en)
    {
        if (value < 0 || value > max)
            errors.Add(new FieldError(field, $"{zh}得分应在0到{max}之间（评分按7:2:1）", $"{en} must score between 0 and {max} (weights 7:2:1)"));
    }

    /// <summary>The grade of a score: 好 90–100, 较好 80–89, 一般 70–79, 等外 below (L1866; bands from the rule set).</summary>
    public static CreditGrade GradeOf(int score, RuleSet rules) =>
        score >= rules.MicrocreditGoodFrom ? CreditGrade.Good
        : score >= rules.MicrocreditFairlyGoodFrom ? CreditGrade.FairlyGood
        : score >= rules.MicrocreditAverageFrom ? CreditGrade.Average
        : CreditGrade.Unrated;

    /// <summary>The credit line of a grade: 5万 / 3万 / 1万 / none by default.</summary>
    public static Money LineOf(CreditGrade grade, RuleSet rules) => grade switch
    {
        CreditGrade.Good => new Money(rules.MicrocreditGoodLine),
        CreditGrade.FairlyGood => new Money(rules.MicrocreditFairlyGoodLine),
        CreditGrade.Average => new Money(rules.MicrocreditAverageLine),
        _ => Money.Zero,
    };

    /// <summary>
    /// Why a loan may not be made, or nothing: within the household's current credit line, at most the rule set's
    /// maximum (5万), a term of at most the maximum years (3), a subsidy of no more years than the term allows.
    /// </summary>
    public static IReadOnlyList<FieldError> CheckLoan(Money amount, int termMonths, int subsidyYears, Money? creditLine, RuleSet rules)
    {
        var errors = new List<FieldError>();
        var max = new Money(rules.MicrocreditMaxYuan);
        if (amount <= Money.Zero)
            errors.Add(new FieldError("Amount", "贷款金额应大于0", "The loan amount must be more than 0"));
        else if (amount > max)
            errors.Add(new FieldError("Amount", $"扶贫小额信贷每户不超过{max.Yuan:0}元（{rules.MicrocreditSource}）",
                $"A poverty microloan is at most {max.Yuan:0} yuan per household ({rules.MicrocreditSource})"));
        else if (creditLine is null || creditLine.Value <= Money.Zero)
            errors.Add(new FieldError("Amount", "本户没有有效的评级授信，不能放贷", "The household has no current credit line"));
        else if (amount > creditLine.Value)
            errors.Add(new FieldError("Amount", $"贷款金额超过本户授信额度{creditLine.Value.Yuan:0}元", $"The amount is over the household's credit line of {creditLine.Value.Yuan:0} yuan"));
        if (termMonths < 1 || termMonths > rules.MicrocreditMaxYears * 12)
            errors.Add(new FieldError("TermMonths", $"贷款期限为1到{rules.MicrocreditMaxYears * 12}个月（不超过{rules.MicrocreditMaxYears}年）",
                $"The term is 1 to {rules.MicrocreditMaxYears * 12} months (at most {rules.MicrocreditMaxYears} years)"));
        var termYears = (termMonths + 11) / 12;
        if (subsidyYears < 0 || subsidyYears > rules.MicrocreditMaxYears || (termMonths >= 1 && subsidyYears > termYears))
            errors.Add(new FieldError("SubsidyYears", $"贴息年限为0到{Math.Min(rules.MicrocreditMaxYears, Math.Max(termYears, 0))}年，不超过贷款期限",
                $"Interest is subsidised for 0 to {Math.Min(rules.MicrocreditMaxYears, Math.Max(termYears, 0))} years, within the term"));
        return errors;
    }

    /// <summary>The most a loan's due date moves in one extension (展期不超过1年), and the one extension a loan may have.</summary>
    public const int MaxExtensionMonths = 12;

    /// <summary>
    /// Why a loan may not be extended (展期) to <paramref name="newDueOn"/>, or nothing: an outstanding loan not extended
    /// before, a later due date at most a year after the present one, and the reason.
    /// </summary>
    public static IReadOnlyList<FieldError> CheckExtension(MicroLoan loan, DateOnly newDueOn, string? reason)
    {
        var errors = new List<FieldError>();
        if (loan.State == LoanState.Repaid || loan.Outstanding <= Money.Zero)
            errors.Add(new FieldError("DueOn", "贷款已结清，不能展期", "The loan is repaid and cannot be extended"));
        else if (loan.State == LoanState.Extended)
            errors.Add(new FieldError("DueOn", "该笔贷款已展期过一次，不能再展期", "The loan has been extended once already"));
        else if (newDueOn <= loan.DueOn)
            errors.Add(new FieldError("DueOn", $"展期后的到期日应晚于原到期日{loan.DueOn:yyyy-MM-dd}", $"The new due date must be after {loan.DueOn:yyyy-MM-dd}"));
        else if (newDueOn > loan.DueOn.AddMonths(MaxExtensionMonths))
            errors.Add(new FieldError("DueOn", $"展期不超过1年（最晚{loan.DueOn.AddMonths(MaxExtensionMonths):yyyy-MM-dd}）",
                $"An extension is at most one year (until {loan.DueOn.AddMonths(MaxExtensionMonths):yyyy-MM-dd})"));
        if (string.IsNullOrWhiteSpace(reason))
            errors.Add(new FieldError("Reason", "请填写展期原因", "Give the reason for the extension"));
        return errors;
    }

    /// <summary>Why a repayment is refused, or nothing: principal within what is outstanding, no negative amounts, something paid.</summary>
    public static IReadOnlyList<FieldError> CheckRepayment(MicroLoan loan, Money principal, Money interest, Money subsidy)
    {
        var errors = new List<FieldError>();
        if (loan.State == LoanState.Repaid || loan.Outstanding <= Money.Zero)
            errors.Add(new FieldError("Principal", "贷款已结清", "The loan is already repaid"));
        else if (principal < Money.Zero || principal > loan.Outstanding)
            errors.Add(new FieldError("Principal", $"还本金额应在0到未还本金{loan.Outstanding.Yuan:0.##}元之间", $"The principal repaid must be between 0 and the outstanding {loan.Outstanding.Yuan:0.##} yuan"));
        if (interest < Money.Zero) errors.Add(new FieldError("Interest", "利息不能为负数", "The interest cannot be negative"));
        if (subsidy < Money.Zero) errors.Add(new FieldError("InterestSubsidy", "贴息不能为负数", "The subsidy cannot be negative"));
        else if (subsidy > interest && interest >= Money.Zero)
            errors.Add(new FieldError("InterestSubsidy", "贴息不能超过利息", "The subsidy cannot be more than the interest"));
        if (errors.Count == 0 && principal == Money.Zero && interest == Money.Zero)
            errors.Add(new FieldError("Principal", "请填写还本或付息金额", "Give the principal or the interest paid"));
        return errors;
    }

    /// <summary>Applies a checked repayment: the principal comes off, and the loan settles the day nothing is outstanding.</summary>
    public static void Apply(MicroLoan loan, Money principal, DateOnly paidOn)
    {
        loan.Repaid += principal;
        if (loan.Outstanding <= Money.Zero)
        {
            loan.State = LoanState.Repaid;
            loan.SettledOn = paidOn;
        }
    }

    /// <summary>The rating as a rule decision with its trace: each part against its maximum, the score, the grade band and the line.</summary>
    public static Decision RatingDecision(int integrity, int income, int labour, RuleSet rules)
    {
        var (score, errors) = Score(integrity, income, labour);
        var grade = GradeOf(score, rules);
        var line = LineOf(grade, rules);
        var source = rules.MicrocreditSource;
        Criterion[] criteria =
        [
            new("credit.integrity", "诚信评价", "Integrity", integrity.ToString(), $"0–{MaxIntegrity}", integrity is >= 0 and <= MaxIntegrity, source),
            new("credit.income", "人均纯收入", "Per-capita net income", income.ToString(), $"0–{MaxIncome}", income is >= 0 and <= MaxIncome, source),
            new("credit.labour", "家庭劳动力", "Household labour", labour.ToString(), $"0–{MaxLabour}", labour is >= 0 and <= MaxLabour, source),
            new("credit.grade", $"评级得分{score}，信用等级{grade.Chinese()}，授信{line.Yuan:0}元", $"Score {score}, grade {grade.English()}, line {line.Yuan:0} yuan",
                score.ToString(), $"好≥{rules.MicrocreditGoodFrom} 较好≥{rules.MicrocreditFairlyGoodFrom} 一般≥{rules.MicrocreditAverageFrom}",
                grade != CreditGrade.Unrated, source),
        ];
        return new Decision("microcredit.rating", rules.Label, rules.Year, errors.Count == 0 && grade != CreditGrade.Unrated, criteria);
    }

    /// <summary>A loan is overdue (逾期) when its due date has passed and principal is still outstanding.</summary>
    public static bool IsOverdue(MicroLoan loan, DateOnly today) =>
        loan.State != LoanState.Repaid && loan.Outstanding > Money.Zero && today > loan.DueOn;

    public static int DaysOverdue(MicroLoan loan, DateOnly today) =>
        IsOverdue(loan, today) ? today.DayNumber - loan.DueOn.DayNumber : 0;
}
