using CsCheck;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Domain.Tests.AssistanceRules;

/// <summary>The microcredit rules: score 7:2:1, grade bands and lines (92 → 5万, 75 → 1万, 65 → none), the loan limits, repayments, extension, overdue.</summary>
public sealed class MicrocreditRuleTests
{
    private static readonly RuleSet Rules = PovertyLines.NationalRuleSet(2025);

    private static Money LineOfScore(int score) => MicrocreditRules.LineOf(MicrocreditRules.GradeOf(score, Rules), Rules);

    [Fact]
    public void A_rating_of_92_gives_5_wan_75_gives_1_wan_and_65_gives_none()
    {
        Assert.Equal(CreditGrade.Good, MicrocreditRules.GradeOf(92, Rules));
        Assert.Equal(new Money(50_000m), LineOfScore(92));
        Assert.Equal(CreditGrade.FairlyGood, MicrocreditRules.GradeOf(85, Rules));
        Assert.Equal(new Money(30_000m), LineOfScore(85));
        Assert.Equal(CreditGrade.Average, MicrocreditRules.GradeOf(75, Rules));
        Assert.Equal(new Money(10_000m), LineOfScore(75));
        Assert.Equal(CreditGrade.Unrated, MicrocreditRules.GradeOf(65, Rules));
        Assert.Equal(Money.Zero, LineOfScore(65));
        // The trace names the rule set and each part.
        var decision = MicrocreditRules.RatingDecision(65, 18, 9, Rules);
        Assert.True(decision.Passed);
        Assert.Equal(Rules.Label, decision.RuleSet);
        Assert.Equal(4, decision.Criteria.Count);
        Assert.False(MicrocreditRules.RatingDecision(50, 10, 5, Rules).Passed);
    }

    [Fact]
    public void A_loan_over_5_wan_is_refused_with_the_rule_named()
    {
        var errors = MicrocreditRules.CheckLoan(new Money(50_000.01m), 36, 3, new Money(50_000m), Rules);
        var error = Assert.Single(errors);
        Assert.Equal("Amount", error.Field);
        Assert.Contains("50000", error.Chinese, StringComparison.Ordinal);
        Assert.Contains("5万元以下", error.Chinese, StringComparison.Ordinal);
        Assert.Contains("Poverty Alleviation: China's Experience", error.English, StringComparison.Ordinal);
        Assert.Empty(MicrocreditRules.CheckLoan(new Money(50_000m), 36, 3, new Money(50_000m), Rules));
        Assert.NotEmpty(MicrocreditRules.CheckLoan(new Money(10_000m), 37, 0, new Money(50_000m), Rules));
        Assert.NotEmpty(MicrocreditRules.CheckLoan(new Money(10_000m), 12, 2, new Money(50_000m), Rules));
        Assert.NotEmpty(MicrocreditRules.CheckLoan(new Money(10_000m), 12, 0, null, Rules));
    }

    [Fact]
    public void The_score_is_the_sum_of_its_parts_and_out_of_range_parts_are_named() =>
        Gen.Select(Gen.Int[-20, 90], Gen.Int[-20, 40], Gen.Int[-20, 30]).Sample((i, n, l) =>
        {
            var (score, errors) = MicrocreditRules.Score(i, n, l);
            var bad = (i is < 0 or > 70 ? 1 : 0) + (n is < 0 or > 20 ? 1 : 0) + (l is < 0 or > 10 ? 1 : 0);
            return score == i + n + l && errors.Count == bad;
        });

    [Fact]
    public void The_grade_and_line_never_fall_as_the_score_rises() =>
        Gen.Select(Gen.Int[0, 100], Gen.Int[0, 100]).Sample((a, b) =>
        {
            var (lo, hi) = a <= b ? (a, b) : (b, a);
            return MicrocreditRules.GradeOf(hi, Rules) <= MicrocreditRules.GradeOf(lo, Rules) && LineOfScore(hi) >= LineOfScore(lo);
        });

    [Fact]
    public void A_loan_is_never_accepted_over_the_line_or_the_maximum() =>
        Gen.Select(Gen.Int[-100, 8_000_000], Gen.Int[0, 8_000_000].Nullable(), Gen.Int[-2, 50], Gen.Int[-1, 5]).Sample((fen, lineFen, term, subsidy) =>
        {
            var amount = Money.FromFen(fen);
            Money? line = lineFen is { } f ? Money.FromFen(f) : null;
            var accepted = MicrocreditRules.CheckLoan(amount, term, subsidy, line, Rules).Count == 0;
            return !accepted || amount > Money.Zero && line is { } l && amount <= l && amount <= new Money(Rules.MicrocreditMaxYuan)
                && term is >= 1 and <= 36 && subsidy >= 0 && subsidy <= (term + 11) / 12;
        });

    [Fact]
    public void Repayments_never_make_the_outstanding_negative_and_the_loan_settles_at_zero() =>
        Gen.Select(Gen.Int[1, 5_000_000], Gen.Int[-1000, 2_000_000].Array[1, 12]).Sample((amountFen, payments) =>
        {
            var loan = new MicroLoan { Amount = Money.FromFen(amountFen), IssuedOn = new DateOnly(2025, 1, 1), DueOn = new DateOnly(2026, 1, 1) };
            var day = new DateOnly(2025, 2, 1);
            foreach (var p in payments)
            {
                var principal = Money.FromFen(p);
                if (MicrocreditRules.CheckRepayment(loan, principal, Money.Zero, Money.Zero).Count == 0) MicrocreditRules.Apply(loan, principal, day);
                if (loan.Outstanding < Money.Zero) return false;
                if ((loan.Outstanding == Money.Zero) != (loan.State == LoanState.Repaid)) return false;
            }
            return true;
        });

    [Fact]
    public void A_loan_is_overdue_after_its_due_date_while_principal_is_outstanding_and_extends_once_by_at_most_a_year()
    {
        var loan = new MicroLoan { Amount = new Money(10_000m), IssuedOn = new DateOnly(2024, 3, 1), DueOn = new DateOnly(2025, 3, 1) };
        Assert.False(MicrocreditRules.IsOverdue(loan, new DateOnly(2025, 3, 1)));
        Assert.True(MicrocreditRules.IsOverdue(loan, new DateOnly(2025, 3, 2)));
        Assert.Equal(30, MicrocreditRules.DaysOverdue(loan, new DateOnly(2025, 3, 31)));
        Assert.Single(MicrocreditRules.CheckExtension(loan, new DateOnly(2026, 3, 2), "灾害"));
        Assert.Single(MicrocreditRules.CheckExtension(loan, new DateOnly(2026, 3, 1), " "));
        Assert.Empty(MicrocreditRules.CheckExtension(loan, new DateOnly(2026, 3, 1), "受灾减产"));
        loan.State = LoanState.Extended;
        Assert.Single(MicrocreditRules.CheckExtension(loan, new DateOnly(2026, 1, 1), "再次"));
        MicrocreditRules.Apply(loan, new Money(10_000m), new DateOnly(2025, 4, 1));
        Assert.Equal(LoanState.Repaid, loan.State);
        Assert.Equal(new DateOnly(2025, 4, 1), loan.SettledOn);
        Assert.False(MicrocreditRules.IsOverdue(loan, new DateOnly(2025, 5, 1)));
    }
}
