using Jingzhun.Data.Database;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>A payment to record: to a project (its implementer), or to a household in the name of one of its members (一卡通).</summary>
public sealed record PaymentForm
{
    public PaymentKind Kind { get; init; } = PaymentKind.Household;
    public DateOnly? PaidOn { get; init; }
    public decimal? Amount { get; init; }
    /// <summary>The county allocation the money comes from.</summary>
    public long? AllocationId { get; init; }
    /// <summary>The project paid (kind Project), or the project a household payment belongs to (optional).</summary>
    public long? ProjectId { get; init; }
    public long? HouseholdId { get; init; }
    /// <summary>The member paid; the household's head when null.</summary>
    public long? MemberId { get; init; }
    /// <summary>收款人 of a project payment; the project's implementer when empty. A household payment names its member.</summary>
    public string? Payee { get; init; }
    public string? Purpose { get; init; }
    public ProjectType? PurposeType { get; init; }
    public string? Voucher { get; init; }
}

/// <summary>Which payments of an area to list.</summary>
public sealed record PaymentFilter(int? Year = null, PaymentKind? Kind = null, long? ProjectId = null, string? HouseholdNumber = null,
    int Page = 1, int PageSize = 50);

/// <summary>One payment as lists show it, with what it points at and whether it was reversed.</summary>
public sealed record PaymentRow(long Id, string CountyCode, string RegionCode, int Year, PaymentKind Kind, DateOnly PaidOn, decimal Amount, FundSource? Source,
    long? AllocationId, string AllocationDocument, long? ProjectId, string ProjectNumber, string ProjectName, long? HouseholdId, string HouseholdNumber,
    long? MemberId, string Payee, string Purpose, ProjectType PurposeType, string Voucher, long? ReversesId, long? ReversedById, string Reason,
    string RecordedBy, DateTime RecordedAt)
{
    public bool IsReversal => ReversesId is not null;
    public bool IsReversed => ReversedById is not null;
}

public sealed record PaymentPage(IReadOnlyList<PaymentRow> Rows, int Total, int Page, int PageSize, decimal NetAmount);

/// <summary>
/// Payments out of a county's funds (资金支付): recorded by the county's officers (<see cref="FundRoles.Pay"/>), each drawn on a
/// county allocation whose unpaid balance (<see cref="FundBalances"/>) covers it, to a project that has started or to a
/// member of a household of the county. Never edited or deleted: a wrong entry is reversed by a new row with the negative
/// amount and a reason, at most once, and a reversal is never reversed itself.
/// </summary>
public static class Payments
{
    public const int MaxText = 200;

    private static readonly Bilingual RecordStep = new("登记资金支付", "record a payment");
    private static readonly Bilingual ReverseStep = new("冲正资金支付", "reverse a payment");

    /// <summary>Records a payment; 403 for a role or region that may not pay, 400 for a bad value, 409 when the allocation's balance does not cover it.</summary>
    public static async Task<FundPayment> RecordAsync(JingzhunDbContext db, PaymentForm form, DateOnly today, CancellationToken ct = default)
    {
        // The role first, before anything is looked up: a reader who may not pay learns nothing from the answer.
        FundSteps.Require(db, FundRoles.Pay, OwnRegion(db), RecordStep);
        var payment = await CheckAsync(db, form, today, ct);
        FundSteps.Require(db, FundRoles.Pay, payment.RegionCode, RecordStep);
        await RequireBalanceAsync(db, payment.AllocationId!.Value, payment.Amount, ct);
        db.Payments.Add(payment);
        await db.SaveChangesAsync(ct);
        return payment;
    }

    /// <summary>
    /// Checks a payment against the database and builds the row (not added): 400 for any bad value. Used by the form and
    /// by the payment file, which checks every row before it writes any.
    /// </summary>
    internal static async Task<FundPayment> CheckAsync(JingzhunDbContext db, PaymentForm form, DateOnly today, CancellationToken ct)
    {
        if (!Enum.IsDefined(form.Kind) || form.Kind == PaymentKind.Dividend)
            throw FundSteps.Invalid("支付类型只能是项目支出或到户补助（资产收益分红由收益分配产生）", "the kind of payment is project spending or a household subsidy (dividends come from distributing an asset's income)");
        if (form.Amount is not { } amount || amount <= 0)
            throw FundSteps.Invalid("金额须大于0", "the amount must be greater than 0");
        if (amount != decimal.Round(amount, 2) || amount > 1_000_000_000m)
            throw FundSteps.Invalid("金额须以元计，最多两位小数，且不超过10亿元", "the amount is in yuan with at most 2 decimals and at most 1,000,000,000");
        if (form.PaidOn is not { } paidOn)
            throw FundSteps.Invalid("须填写支付日期", "the payment date is required");
        if (paidOn > today)
            throw FundSteps.Invalid($"支付日期{paidOn:yyyy-MM-dd}晚于今天", $"the payment date {paidOn:yyyy-MM-dd} is in the future");
        if (paidOn.Year < 2000)
            throw FundSteps.Invalid("支付日期不能早于2000年", "the payment date may not be before 2000");
        var purpose = (form.Purpose ?? "").Trim();
        if (purpose.Length == 0) throw FundSteps.Invalid("须填写资金用途", "the purpose is required");
        if (purpose.Length > MaxText || purpose.Any(char.IsControl)) throw FundSteps.Invalid($"资金用途不能超过{MaxText}个字符", $"the purpose may not exceed {MaxText} characters");
        if (form.PurposeType is not { } purposeType || !Enum.IsDefined(purposeType))
            throw FundSteps.Invalid("须选择用途类别", "choose the kind of purpose");
        var voucher = (form.Voucher ?? "").Trim();
        if (voucher.Length == 0) throw FundSteps.Invalid("须填写凭证号", "the voucher number is required");
        if (voucher.Length > 60 || voucher.Any(char.IsControl)) throw FundSteps.Invalid("凭证号不能超过60个字符", "the voucher number may not exceed 60 characters");
        var payeeText = (form.Payee ?? "").Trim();
        if (payeeText.Length > 100 || payeeText.Any(char.IsControl)) throw FundSteps.Invalid("收款人不能超过100个字符", "the payee may not exceed 100 characters");

        Project? project = null;
        if (form.ProjectId is { } projectId)
        {
            project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct)
                ?? throw FundSteps.Invalid($"找不到项目{projectId}", $"there is no project {projectId}");
            if (!ProjectRules.HasStarted(project.Stage))
                throw FundSteps.Invalid($"项目{project.Number}尚未开工（{project.Stage.Chinese()}），不能支付", $"the project {project.Number} has not started ({project.Stage.English()}); it cannot be paid");
        }

        string region, county, payee;
        long? householdId = null, memberId = null;
        if (form.Kind == PaymentKind.Project)
        {
            if (project is null) throw FundSteps.Invalid("项目支出须指定项目", "a project payment names its project");
            if (form.HouseholdId is not null || form.MemberId is not null)
                throw FundSteps.Invalid("项目支出不付给户；到户补助请选“到户补助”", "a project payment is not paid to a household; choose a household subsidy");
            region = project.RegionCode;
            county = project.CountyCode;
            payee = payeeText.Length > 0 ? payeeText : project.Implementer.Trim();
            if (payee.Length == 0) throw FundSteps.Invalid("须填写收款人（项目实施单位或施工方）", "the payee (the implementer or contractor) is required");
        }
        else
        {
            if (form.HouseholdId is not { } hid) throw FundSteps.Invalid("到户补助须指定户", "a household subsidy names the household");
            var household = await db.Households.AsNoTracking().Where(h => h.Id == hid)
                .Select(h => new { h.Id, h.Number, h.VillageCode, h.CountyCode, h.Status }).FirstOrDefaultAsync(ct)
                ?? throw FundSteps.Invalid($"找不到户{hid}", $"there is no household {hid}");
            if (household.Status == HouseholdStatus.Removed)
                throw FundSteps.Invalid($"户{household.Number}已被剔除，不能支付", $"the household {household.Number} was removed from the registry; it cannot be paid");
            var members = await db.Members.AsNoTracking().Where(m => m.HouseholdId == hid)
                .Select(m => new { m.Id, m.Name, m.Relation, m.State }).ToListAsync(ct);
            var member = form.MemberId is { } mid
                ? members.FirstOrDefault(m => m.Id == mid)
                    ?? throw FundSteps.Invalid($"成员{mid}不是户{household.Number}的成员", $"member {mid} is not a member of household {household.Number}")
                : members.FirstOrDefault(m => m.Relation == Relation.Head && m.State == MemberState.Present)
                    ?? throw FundSteps.Invalid($"户{household.Number}没有在册户主，请指定收款成员", $"the household {household.Number} has no present head; name the member paid");
            if (project is not null && project.CountyCode != household.CountyCode)
                throw FundSteps.Invalid($"项目{project.Number}不在该户所在县", $"the project {project.Number} is not in the household's county");
            region = household.VillageCode;
            county = household.CountyCode;
            householdId = household.Id;
            memberId = member.Id;
            payee = member.Name;
        }

        if (form.AllocationId is not { } allocationId) throw FundSteps.Invalid("须指定资金来源（本县收到的资金下达）", "name the allocation the money comes from (one the county received)");
        var allocation = await db.Allocations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == allocationId, ct)
            ?? throw FundSteps.Invalid($"找不到资金下达{allocationId}", $"there is no allocation {allocationId}");
        if (allocation.ReversesId is not null)
            throw FundSteps.Invalid("冲正记录不能作为资金来源", "a reversing entry is not a source of funds");
        if (allocation.CountyCode != county || county.Length != 6)
            throw FundSteps.Invalid($"资金下达{allocation.DocumentNumber}不是本县（{county}）收到的资金", $"the allocation {allocation.DocumentNumber} was not received by the county {county}");

        return new FundPayment
        {
            CountyCode = county, RegionCode = region, Year = paidOn.Year, Kind = form.Kind, PaidOn = paidOn, Amount = new Money(amount),
            Source = allocation.Source, AllocationId = allocation.Id, ProjectId = project?.Id, HouseholdId = householdId, MemberId = memberId,
            Payee = payee, Purpose = purpose, PurposeType = purposeType, Voucher = voucher, RecordedBy = db.Scope.Actor,
        };
    }

    /// <summary>409 unless the allocation's unpaid balance, less what is already being paid from it, covers the amount.</summary>
    internal static async Task RequireBalanceAsync(JingzhunDbContext db, long allocationId, Money amount, CancellationToken ct, decimal pending = 0m)
    {
        var balance = await FundBalances.ForAsync(db, allocationId, ct);
        var unpaid = (balance?.Unpaid.Yuan ?? 0m) - pending;
        if (amount.Yuan > unpaid)
            throw new WorkflowBlockedException(
                $"资金下达{allocationId}的未支付余额为{unpaid:0.00}元，不足以支付{amount.Yuan:0.00}元",
                $"the unpaid balance of allocation {allocationId} is {unpaid:0.00} yuan, less than the {amount.Yuan:0.00} yuan to pay");
    }

    /// <summary>
    /// Reverses a payment with a reason: a new row with the negative amount pointing at it, the same allocation, project,
    /// household and member. Null when the payment is not found (not in the reader's area). 409 for a payment reversed already
    /// or a reversal; 400 without a reason.
    /// </summary>
    public static async Task<FundPayment?> ReverseAsync(JingzhunDbContext db, long paymentId, string? reason, DateOnly today, CancellationToken ct = default)
    {
        FundSteps.Require(db, FundRoles.Pay, OwnRegion(db), ReverseStep);
        var original = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, ct);
        if (original is null) return null;
        FundSteps.Require(db, FundRoles.Pay, original.RegionCode, ReverseStep);
        var why = (reason ?? "").Trim();
        if (why.Length == 0) throw FundSteps.Invalid("冲正须写明原因", "a reversal needs a reason");
        if (why.Length > 500 || why.Any(c => char.IsControl(c) && c is not '\n' and not '\r')) throw FundSteps.Invalid("原因不能超过500个字符", "the reason may not exceed 500 characters");
        if (original.IsReversal)
            throw new WorkflowBlockedException("冲正记录不能再冲正；如需更正请登记一笔新的支付", "a reversing entry is never reversed; record a new payment instead");
        if (original.Kind == PaymentKind.Dividend)
            throw new WorkflowBlockedException("资产收益分红在收益分配中更正", "a dividend is corrected in the asset's income distribution");
        if (await db.Payments.AnyAsync(p => p.ReversesId == paymentId, ct))
            throw new WorkflowBlockedException($"支付{paymentId}已冲正过，一笔支付只能冲正一次", $"payment {paymentId} was reversed already; a payment is reversed at most once");
        var reversal = new FundPayment
        {
            CountyCode = original.CountyCode, RegionCode = original.RegionCode, Year = original.Year, Kind = original.Kind,
            PaidOn = today < original.PaidOn ? original.PaidOn : today, Amount = new Money(-original.Amount.Yuan), Source = original.Source,
            AllocationId = original.AllocationId, ProjectId = original.ProjectId, HouseholdId = original.HouseholdId, MemberId = original.MemberId,
            AssetId = original.AssetId, AssetIncomeId = original.AssetIncomeId, Payee = original.Payee, Purpose = original.Purpose,
            PurposeType = original.PurposeType, Voucher = original.Voucher, ReversesId = original.Id, Reason = why, RecordedBy = db.Scope.Actor,
        };
        db.Payments.Add(reversal);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.Entry(reversal).State = EntityState.Detached;
            // Two reversals at once: the unique index on ReversesId kept the second out.
            if (await db.Payments.AnyAsync(p => p.ReversesId == paymentId, ct))
                throw new WorkflowBlockedException($"支付{paymentId}已冲正过，一笔支付只能冲正一次", $"payment {paymentId} was reversed already; a payment is reversed at most once");
            throw;
        }
        return reversal;
    }

    /// <summary>The payments of an area (a region code's prefix), newest first, paged.</summary>
    public static async Task<PaymentPage> ListAsync(JingzhunDbContext db, string regionCode, PaymentFilter filter, CancellationToken ct = default)
    {
        var prefix = Domain.Regions.RegionCode.TryParse(regionCode, out var code, out _) ? code.Prefix : regionCode;
        var query = db.Payments.AsNoTracking().Where(p => p.RegionCode.StartsWith(prefix));
        if (filter.Year is { } year) query = query.Where(p => p.Year == year);
        if (filter.Kind is { } kind) query = query.Where(p => p.Kind == kind);
        if (filter.ProjectId is { } projectId) query = query.Where(p => p.ProjectId == projectId);
        if (!string.IsNullOrWhiteSpace(filter.HouseholdNumber))
        {
            var number = filter.HouseholdNumber.Trim();
            query = query.Where(p => p.Household!.Number == number);
        }
        var total = await query.CountAsync(ct);
        var amounts = await query.Select(p => p.Amount).ToListAsync(ct);
        var size = Math.Clamp(filter.PageSize, 1, 500);
        var page = Math.Max(1, filter.Page);
        var rows = await Rows(db, query.OrderByDescending(p => p.PaidOn).ThenByDescending(p => p.Id).Skip((page - 1) * size).Take(size), ct);
        return new PaymentPage(rows, total, page, size, amounts.Sum(a => a.Yuan));
    }

    /// <summary>Every payment of a project (project spending and the household payments that belong to it), oldest first.</summary>
    public static Task<List<PaymentRow>> ForProjectAsync(JingzhunDbContext db, long projectId, CancellationToken ct = default) =>
        Rows(db, db.Payments.AsNoTracking().Where(p => p.ProjectId == projectId).OrderBy(p => p.PaidOn).ThenBy(p => p.Id), ct);

    /// <summary>One payment, or null when not in the reader's area.</summary>
    public static async Task<PaymentRow?> FindAsync(JingzhunDbContext db, long paymentId, CancellationToken ct = default) =>
        (await Rows(db, db.Payments.AsNoTracking().Where(p => p.Id == paymentId), ct)).FirstOrDefault();

    /// <summary>The county allocations a payment can be drawn on, with their unpaid balance (for the form).</summary>
    public static async Task<IReadOnlyList<(FundAllocation Allocation, AllocationBalance Balance)>> SourcesAsync(JingzhunDbContext db, string countyCode,
        CancellationToken ct = default)
    {
        var allocations = await db.Allocations.AsNoTracking().Where(a => a.CountyCode == countyCode && a.ReversesId == null)
            .OrderByDescending(a => a.Year).ThenBy(a => a.Id).ToListAsync(ct);
        var balances = await FundBalances.ForAsync(db, allocations.Select(a => a.Id).ToList(), ct);
        return allocations.Where(a => balances.ContainsKey(a.Id)).Select(a => (a, balances[a.Id])).ToList();
    }

    internal static async Task<List<PaymentRow>> Rows(JingzhunDbContext db, IQueryable<FundPayment> query, CancellationToken ct)
    {
        var rows = await query.Select(p => new
        {
            p.Id, p.CountyCode, p.RegionCode, p.Year, p.Kind, p.PaidOn, p.Amount, p.Source, p.AllocationId,
            AllocationDocument = p.Allocation != null ? p.Allocation.DocumentNumber : "",
            p.ProjectId, ProjectNumber = p.Project != null ? p.Project.Number : "", ProjectName = p.Project != null ? p.Project.Name : "",
            p.HouseholdId, HouseholdNumber = p.Household != null ? p.Household.Number : "",
            p.MemberId, p.Payee, p.Purpose, p.PurposeType, p.Voucher, p.ReversesId, p.Reason, p.RecordedBy, p.RecordedAt,
        }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var reversedBy = new Dictionary<long, long>();
        foreach (var chunk in ids.Chunk(500))
            foreach (var r in await db.Payments.AsNoTracking().Where(p => p.ReversesId != null && chunk.Contains(p.ReversesId.Value))
                         .Select(p => new { p.Id, Of = p.ReversesId!.Value }).ToListAsync(ct))
                reversedBy[r.Of] = r.Id;
        return rows.Select(p => new PaymentRow(p.Id, p.CountyCode, p.RegionCode, p.Year, p.Kind, p.PaidOn, p.Amount.Yuan, p.Source, p.AllocationId,
            p.AllocationDocument ?? "", p.ProjectId, p.ProjectNumber ?? "", p.ProjectName ?? "", p.HouseholdId, p.HouseholdNumber ?? "", p.MemberId, p.Payee,
            p.Purpose, p.PurposeType, p.Voucher, p.ReversesId, reversedBy.TryGetValue(p.Id, out var by) ? by : null, p.Reason, p.RecordedBy, p.RecordedAt)).ToList();
    }

    /// <summary>Whether the context's actor may record payments in the area (to show the form and the buttons).</summary>
    public static bool MayPay(JingzhunDbContext db, string regionCode) =>
        FundRoles.May(db.Scope.Role, FundRoles.Pay) && db.Scope.MayChange(regionCode) && !db.Scope.WritesAssignedOnly;

    /// <summary>The actor's own region as a 12-digit code, for the role check made before anything is read.</summary>
    private static string OwnRegion(JingzhunDbContext db) => db.Scope.RegionPrefix.PadRight(12, '0');
}
