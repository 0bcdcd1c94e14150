using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assistance;

/// <summary>A rating panel's scores (评级授信): integrity 0–70, per-capita net income 0–20, household labour 0–10.</summary>
public sealed record RatingInput(int Integrity, int Income, int Labour, DateOnly RatedOn);

/// <summary>A loan as the bank reports it.</summary>
public sealed record LoanInput(string Bank, Money Amount, DateOnly IssuedOn, int TermMonths, decimal RatePercent, int SubsidyYears, string Purpose);

/// <summary>One repayment: principal, interest, and the interest the subsidy covered.</summary>
public sealed record RepaymentInput(DateOnly PaidOn, Money Principal, Money Interest, Money InterestSubsidy);

/// <summary>A loan of a household with its repayments, as the household page shows it.</summary>
public sealed record LoanWithRepayments(MicroLoan Loan, IReadOnlyList<LoanRepayment> Repayments, bool Overdue, int DaysOverdue);

/// <summary>A household's microcredit: the current rating, earlier ratings, loans with their repayments.</summary>
public sealed record HouseholdCredit(CreditRating? Current, IReadOnlyList<CreditRating> Earlier, IReadOnlyList<LoanWithRepayments> Loans);

/// <summary>One loan of an area's lists: the household's number and village, and (for the overdue list) how many days past its due date.</summary>
public sealed record AreaLoanRow(long LoanId, long HouseholdId, string Number, string VillageCode, string Bank, Money Amount, Money Repaid,
    Money Outstanding, DateOnly IssuedOn, DateOnly DueOn, LoanState State, int DaysOverdue);

/// <summary>How many households are rated in a grade.</summary>
public sealed record GradeCount(CreditGrade Grade, int Households);

/// <summary>
/// An area's microcredit figures: loans made, amount, outstanding, repaid; repayment rate = principal repaid of loans due
/// ÷ their amount (回收率), overdue rate = overdue outstanding ÷ outstanding; households rated by grade, and 授信率 =
/// households with a credit line ÷ households rated (current ratings).
/// </summary>
public sealed record MicrocreditTotals(int Loans, Money Amount, Money Outstanding, Money Repaid, decimal RepaymentRate, int OverdueLoans,
    Money OverdueOutstanding, decimal OverdueRate, int HouseholdsRated, int HouseholdsWithLine, decimal CreditRate, IReadOnlyList<GradeCount> ByGrade);

public sealed record MicrocreditArea(string Code, string Name, DateOnly Today, MicrocreditTotals Totals, IReadOnlyList<AreaLoanRow> Outstanding,
    IReadOnlyList<AreaLoanRow> Overdue);

/// <summary>
/// 扶贫小额信贷 as governed steps: the rating panel's result gives a grade and a line from the rule set of the year (the
/// earlier rating stops being current, the decision is kept with its trace), a loan within the line and the rules, the
/// bank's repayments, and an extension with its reason. Each step checks the role first (<see cref="AssistanceRoles"/>),
/// region and pairing are the context's save rules.
/// </summary>
public static class MicrocreditWork
{
    private sealed record HouseholdKey(long Id, string VillageCode, string CountyCode);

    /// <summary>The save rules refuse a household outside the actor's region, or not paired with an assistance cadre; asked first here so that it is 403 before any field is judged.</summary>
    internal static async Task MayChangeAsync(JingzhunDbContext db, long householdId, string villageCode, CancellationToken ct)
    {
        if (!await Pairings.MayChangeAsync(db, householdId, villageCode, ct))
            throw new ScopeViolationException($"{db.Scope.Actor} may not change household {householdId}", villageCode);
    }

    private static Task<HouseholdKey?> HouseholdAsync(JingzhunDbContext db, long householdId, CancellationToken ct) =>
        db.Households.AsNoTracking().Where(h => h.Id == householdId)
            .Select(h => new HouseholdKey(h.Id, h.VillageCode, h.CountyCode)).FirstOrDefaultAsync(ct);

    /// <summary>Records a rating: score, grade and line from the rule set of the rating's year; the household's earlier rating stops being current.</summary>
    public static async Task<EditResult<CreditRating>> RateAsync(JingzhunDbContext db, long householdId, RatingInput input, DateTime now,
        CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        if (household is null) return EditResult<CreditRating>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.RateCredit, household.VillageCode, new Bilingual("评级授信", "rate a household's credit"));
        await MayChangeAsync(db, household.Id, household.VillageCode, ct);
        var (score, errors) = MicrocreditRules.Score(input.Integrity, input.Income, input.Labour);
        var list = errors.ToList();
        if (input.RatedOn > DateOnly.FromDateTime(now))
            list.Add(new FieldError("RatedOn", "评级日期不能晚于今天", "The rating date cannot be in the future"));
        if (list.Count > 0) return EditResult<CreditRating>.Invalid(list);

        var rules = await RuleBook.ForAsync(db, household.VillageCode, input.RatedOn.Year, ct);
        var grade = MicrocreditRules.GradeOf(score, rules);
        foreach (var earlier in await db.CreditRatings.Where(r => r.HouseholdId == householdId && r.IsCurrent).ToListAsync(ct))
            earlier.IsCurrent = false;
        var rating = new CreditRating
        {
            HouseholdId = householdId, CountyCode = household.CountyCode, RatedOn = input.RatedOn, Integrity = input.Integrity, Income = input.Income,
            Labour = input.Labour, Score = score, Grade = grade, CreditLine = MicrocreditRules.LineOf(grade, rules), RuleSet = rules.Label,
            RatedBy = db.Scope.Actor, IsCurrent = true,
        };
        db.CreditRatings.Add(rating);
        var decision = MicrocreditRules.RatingDecision(input.Integrity, input.Income, input.Labour, rules);
        db.Decisions.Add(new Domain.Rules.RuleDecision
        {
            Rule = decision.Rule, HouseholdId = householdId, RegionCode = household.VillageCode, Year = decision.Year, RuleSet = decision.RuleSet,
            Passed = decision.Passed, Trace = System.Text.Json.JsonSerializer.Serialize(decision, RuleBook.Json), At = now, Actor = db.Scope.Actor,
        });
        await db.SaveChangesAsync(ct);
        return EditResult<CreditRating>.Saved(rating);
    }

    /// <summary>Records a loan within the household's current credit line and the rules of the year it is issued (5万, 3 years, subsidy within the term).</summary>
    public static async Task<EditResult<MicroLoan>> LendAsync(JingzhunDbContext db, long householdId, LoanInput input, DateTime now,
        CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        if (household is null) return EditResult<MicroLoan>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.Lend, household.VillageCode, new Bilingual("登记小额信贷", "record a microloan"));
        await MayChangeAsync(db, household.Id, household.VillageCode, ct);
        var rules = await RuleBook.ForAsync(db, household.VillageCode, input.IssuedOn.Year, ct);
        var rating = await db.CreditRatings.AsNoTracking().Where(r => r.HouseholdId == householdId && r.IsCurrent)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var errors = MicrocreditRules.CheckLoan(input.Amount, input.TermMonths, input.SubsidyYears, rating?.CreditLine, rules).ToList();
        // The line is the household's, not each loan's: what it still owes counts against it.
        if (errors.Count == 0 && rating is not null)
        {
            var owed = (await db.Loans.AsNoTracking().Where(l => l.HouseholdId == householdId && l.State != LoanState.Repaid)
                .Select(l => new { l.Amount, l.Repaid }).ToListAsync(ct)).Aggregate(Money.Zero, (sum, l) => sum + l.Amount - l.Repaid);
            if (owed + input.Amount > rating.CreditLine)
                errors.Add(new FieldError("Amount", $"本户未还贷款{owed.Yuan:0.##}元，加上本笔超过授信额度{rating.CreditLine.Yuan:0}元",
                    $"The household still owes {owed.Yuan:0.##} yuan; with this loan it is over its credit line of {rating.CreditLine.Yuan:0} yuan"));
        }
        if (string.IsNullOrWhiteSpace(input.Bank)) errors.Add(new FieldError("Bank", "请填写放贷银行", "Give the lending bank"));
        if (string.IsNullOrWhiteSpace(input.Purpose)) errors.Add(new FieldError("Purpose", "请填写贷款用途", "Give the purpose of the loan"));
        if (input.RatePercent is < 0 or > 30) errors.Add(new FieldError("RatePercent", "年利率应在0到30%之间", "The yearly rate is between 0 and 30%"));
        if (input.IssuedOn > DateOnly.FromDateTime(now)) errors.Add(new FieldError("IssuedOn", "放贷日期不能晚于今天", "The issue date cannot be in the future"));
        if (input.Amount.Fen != input.Amount.Yuan * 100) errors.Add(new FieldError("Amount", "金额最小单位为分", "Amounts are in whole fen"));
        if (errors.Count > 0) return EditResult<MicroLoan>.Invalid(errors);

        var loan = new MicroLoan
        {
            HouseholdId = householdId, CountyCode = household.CountyCode, RatingId = rating!.Id, Bank = input.Bank.Trim(), Amount = input.Amount,
            IssuedOn = input.IssuedOn, TermMonths = input.TermMonths, DueOn = input.IssuedOn.AddMonths(input.TermMonths), RatePercent = input.RatePercent,
            SubsidyYears = input.SubsidyYears, Purpose = input.Purpose.Trim(), RecordedBy = db.Scope.Actor,
        };
        db.Loans.Add(loan);
        await db.SaveChangesAsync(ct);
        return EditResult<MicroLoan>.Saved(loan);
    }

    private static async Task<MicroLoan?> LoanAsync(JingzhunDbContext db, long householdId, long loanId, CancellationToken ct)
    {
        // The household itself must be readable: the loan's own filter is its household's.
        var loan = await db.Loans.FirstOrDefaultAsync(l => l.Id == loanId && l.HouseholdId == householdId, ct);
        return loan is null || !await db.Households.AnyAsync(h => h.Id == householdId, ct) ? null : loan;
    }

    /// <summary>Records a repayment: principal at most what is outstanding; the loan settles when nothing is.</summary>
    public static async Task<EditResult<LoanRepayment>> RepayAsync(JingzhunDbContext db, long householdId, long loanId, RepaymentInput input, DateTime now,
        CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        var loan = household is null ? null : await LoanAsync(db, householdId, loanId, ct);
        if (household is null || loan is null) return EditResult<LoanRepayment>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.Lend, household.VillageCode, new Bilingual("登记还款", "record a repayment"));
        await MayChangeAsync(db, household.Id, household.VillageCode, ct);
        var errors = MicrocreditRules.CheckRepayment(loan, input.Principal, input.Interest, input.InterestSubsidy).ToList();
        if (input.PaidOn < loan.IssuedOn) errors.Add(new FieldError("PaidOn", "还款日期不能早于放贷日期", "The payment date cannot be before the loan was issued"));
        if (input.PaidOn > DateOnly.FromDateTime(now)) errors.Add(new FieldError("PaidOn", "还款日期不能晚于今天", "The payment date cannot be in the future"));
        if (errors.Count > 0) return EditResult<LoanRepayment>.Invalid(errors);
        var repayment = new LoanRepayment
        {
            LoanId = loan.Id, HouseholdId = householdId, CountyCode = household.CountyCode, PaidOn = input.PaidOn, Principal = input.Principal,
            Interest = input.Interest, InterestSubsidy = input.InterestSubsidy, RecordedBy = db.Scope.Actor,
        };
        MicrocreditRules.Apply(loan, input.Principal, input.PaidOn);
        db.Repayments.Add(repayment);
        await db.SaveChangesAsync(ct);
        return EditResult<LoanRepayment>.Saved(repayment);
    }

    /// <summary>Extends (展期) an outstanding loan once, by at most a year, with the reason (kept in the change history).</summary>
    public static async Task<EditResult<MicroLoan>> ExtendAsync(JingzhunDbContext db, long householdId, long loanId, DateOnly newDueOn, string? reason,
        DateTime now, CancellationToken ct = default)
    {
        var household = await HouseholdAsync(db, householdId, ct);
        var loan = household is null ? null : await LoanAsync(db, householdId, loanId, ct);
        if (household is null || loan is null) return EditResult<MicroLoan>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.Lend, household.VillageCode, new Bilingual("办理贷款展期", "extend a loan"));
        await MayChangeAsync(db, household.Id, household.VillageCode, ct);
        var errors = MicrocreditRules.CheckExtension(loan, newDueOn, reason);
        if (errors.Count > 0) return EditResult<MicroLoan>.Invalid(errors);
        loan.DueOn = newDueOn;
        loan.State = LoanState.Extended;
        db.ChangeReason = $"展期：{reason!.Trim()}";
        await db.SaveChangesAsync(ct);
        return EditResult<MicroLoan>.Saved(loan);
    }

    /// <summary>The household's ratings and loans with their repayments, or null when the household is not readable.</summary>
    public static async Task<HouseholdCredit?> ForHouseholdAsync(JingzhunDbContext db, long householdId, DateOnly today, CancellationToken ct = default)
    {
        if (!await db.Households.AnyAsync(h => h.Id == householdId, ct)) return null;
        var ratings = await db.CreditRatings.AsNoTracking().Where(r => r.HouseholdId == householdId).ToListAsync(ct);
        ratings = ratings.OrderByDescending(r => r.RatedOn).ThenByDescending(r => r.Id).ToList();
        var loans = await db.Loans.AsNoTracking().Where(l => l.HouseholdId == householdId).ToListAsync(ct);
        var repayments = await db.Repayments.AsNoTracking().Where(r => r.HouseholdId == householdId).ToListAsync(ct);
        return new HouseholdCredit(ratings.FirstOrDefault(r => r.IsCurrent), ratings.Where(r => !r.IsCurrent).ToList(),
            loans.OrderByDescending(l => l.IssuedOn).ThenByDescending(l => l.Id)
                .Select(l => new LoanWithRepayments(l, repayments.Where(r => r.LoanId == l.Id).OrderBy(r => r.PaidOn).ThenBy(r => r.Id).ToList(),
                    MicrocreditRules.IsOverdue(l, today), MicrocreditRules.DaysOverdue(l, today)))
                .ToList());
    }

    /// <summary>Whether the area is one the reader sees (its code a valid region inside the reader's region).</summary>
    /// <summary>The area's name; the nation (000000000000) is not a row of the region tree.</summary>
    internal static async Task<string?> AreaNameAsync(JingzhunDbContext db, RegionCode code, CancellationToken ct) =>
        code.Prefix.Length == 0 ? "全国" : await db.Regions.AsNoTracking().Where(r => r.Code == code.Value).Select(r => r.Name).FirstOrDefaultAsync(ct);

    public static bool IsVisible(JingzhunDbContext db, string regionCode, out RegionCode code) =>
        RegionCode.TryParse(regionCode, out code, out _) && code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal);

    /// <summary>
    /// An area's microcredit on <paramref name="today"/>: totals, the loans with principal outstanding, and the overdue list
    /// (due date passed, principal outstanding) longest overdue first; null when the area is not the reader's or does not exist.
    /// </summary>
    public static async Task<MicrocreditArea?> ForAreaAsync(JingzhunDbContext db, string regionCode, DateOnly today, CancellationToken ct = default)
    {
        if (!IsVisible(db, regionCode, out var code)) return null;
        var region = await AreaNameAsync(db, code, ct);
        if (region is null) return null;
        var prefix = code.Prefix;
        var loans = await db.Loans.AsNoTracking().Where(l => l.Household!.VillageCode.StartsWith(prefix))
            .Select(l => new { Loan = l, l.Household!.Number, l.Household.VillageCode }).ToListAsync(ct);
        var ratings = await db.CreditRatings.AsNoTracking().Where(r => r.IsCurrent && r.Household!.VillageCode.StartsWith(prefix))
            .Select(r => new { r.HouseholdId, r.Grade, r.CreditLine }).ToListAsync(ct);

        AreaLoanRow Row(MicroLoan l, string number, string village) => new(l.Id, l.HouseholdId, number, village, l.Bank, l.Amount, l.Repaid, l.Outstanding,
            l.IssuedOn, l.DueOn, l.State, MicrocreditRules.DaysOverdue(l, today));
        var rows = loans.Select(x => Row(x.Loan, x.Number, x.VillageCode)).ToList();
        var outstanding = rows.Where(r => r.Outstanding > Money.Zero).OrderBy(r => r.DueOn).ThenBy(r => r.LoanId).ToList();
        var overdue = loans.Where(x => MicrocreditRules.IsOverdue(x.Loan, today)).Select(x => Row(x.Loan, x.Number, x.VillageCode))
            .OrderByDescending(r => r.DaysOverdue).ThenBy(r => r.LoanId).ToList();

        var amount = Sum(rows.Select(r => r.Amount));
        var repaid = Sum(rows.Select(r => r.Repaid));
        var owed = Sum(outstanding.Select(r => r.Outstanding));
        var overdueOwed = Sum(overdue.Select(r => r.Outstanding));
        // 回收率: of the loans already due, the share of their principal that came back.
        var due = rows.Where(r => r.DueOn < today || r.State == LoanState.Repaid).ToList();
        var dueAmount = Sum(due.Select(r => r.Amount));
        var repaymentRate = Rate(Sum(due.Select(r => r.Repaid)).Yuan, dueAmount.Yuan);
        var byGrade = Enum.GetValues<CreditGrade>().Select(g => new GradeCount(g, ratings.Count(r => r.Grade == g))).ToList();
        var withLine = ratings.Count(r => r.CreditLine > Money.Zero);
        var totals = new MicrocreditTotals(rows.Count, amount, owed, repaid, repaymentRate, overdue.Count, overdueOwed, Rate(overdueOwed.Yuan, owed.Yuan),
            ratings.Count, withLine, Rate(withLine, ratings.Count), byGrade);
        return new MicrocreditArea(code.Value, region, today, totals, outstanding, overdue);
    }

    private static Money Sum(IEnumerable<Money> values) => values.Aggregate(Money.Zero, (a, b) => a + b);

    /// <summary>A share in percent, two decimals; 0 of nothing is 0.</summary>
    public static decimal Rate(decimal part, decimal whole) => whole == 0 ? 0m : decimal.Round(part * 100m / whole, 2, MidpointRounding.AwayFromZero);

    /// <summary>The overdue list of the area as an xlsx sheet with Chinese headers (household numbers, no personal data); the export is audited.</summary>
    public static async Task<byte[]?> ExportOverdueAsync(JingzhunDbContext db, string regionCode, DateOnly today, DateTime now, CancellationToken ct = default)
    {
        if (await ForAreaAsync(db, regionCode, today, ct) is not { } area) return null;
        var rows = area.Overdue.Select((r, i) => new Dictionary<string, object?>
        {
            ["序号"] = i + 1, ["户编号"] = r.Number, ["行政村代码"] = r.VillageCode, ["放贷银行"] = r.Bank, ["贷款金额（元）"] = r.Amount.Yuan,
            ["已还本金（元）"] = r.Repaid.Yuan, ["未还本金（元）"] = r.Outstanding.Yuan, ["放贷日期"] = r.IssuedOn.ToString("yyyy-MM-dd"),
            ["到期日期"] = r.DueOn.ToString("yyyy-MM-dd"), ["逾期天数"] = r.DaysOverdue, ["状态"] = r.State.Chinese(),
        }).ToList();
        if (rows.Count == 0) rows.Add(new Dictionary<string, object?> { ["序号"] = null, ["户编号"] = null, ["未还本金（元）"] = null, ["逾期天数"] = null });
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows, sheetName: "逾期清单", cancellationToken: ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = AuditAction.Export, EntityType = "MicrocreditOverdue", EntityId = $"{area.Code} {today:yyyy-MM-dd}",
            RegionCode = area.Code,
            Reason = $"导出小额信贷逾期清单（{area.Code}，{area.Overdue.Count}笔） / exported the overdue microloans of {area.Code} ({area.Overdue.Count} loans)",
        });
        await db.SaveChangesAsync(ct);
        return stream.ToArray();
    }
}
