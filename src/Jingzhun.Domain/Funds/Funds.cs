using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Funds;

// Poverty funds (扶贫资金, 002:418, 002:676; 003.md §2.9): 专户管理、封闭运行、专款专用. Money is allocated from a level to the
// level below, drawn on by projects, and paid to projects and households; every yuan can be followed both ways. Nothing
// here is ever deleted: a wrong entry is corrected by a reversing entry that points at it.

/// <summary>
/// An allocation (资金分配/下达) of one source and year from a level to the level below: the nation to a province, a
/// province to a city or county, a city to a county. A county's received allocations are what its projects draw on.
/// </summary>
public sealed class FundAllocation
{
    public long Id { get; set; }
    public int Year { get; set; }
    public FundSource Source { get; set; }
    /// <summary>The issuing region (12-digit code; the nation is all zeros).</summary>
    public required string FromCode { get; set; }
    /// <summary>The receiving region (12-digit code), one level or more below the issuer.</summary>
    public required string ToCode { get; set; }
    /// <summary>The receiving county (6 digits) when the receiver is a county; "" for provinces and cities.</summary>
    public string CountyCode { get; set; } = "";
    /// <summary>The allocation this one passes down (a province's share of a central allocation); null at the top.</summary>
    public long? ParentId { get; set; }
    public FundAllocation? Parent { get; set; }
    public Money Amount { get; set; }
    /// <summary>资金用途 as the issuing document states it.</summary>
    public string Purpose { get; set; } = "";
    /// <summary>下达文号.</summary>
    public string DocumentNumber { get; set; } = "";
    public DateOnly IssuedOn { get; set; }
    /// <summary>纳入统筹整合: the county pools it with its other agricultural funds (002:674).</summary>
    public bool Integrated { get; set; }
    /// <summary>The receiving county's dedicated account (专户) the money went into.</summary>
    public long? AccountId { get; set; }
    /// <summary>A correction: the allocation this entry reverses (its amount is the negative of that one's).</summary>
    public long? ReversesId { get; set; }
    public string Reason { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A county's dedicated account (扶贫资金专户): funds are received and paid only through it.</summary>
public sealed class FundAccount
{
    public long Id { get; set; }
    public required string CountyCode { get; set; }
    public required string Name { get; set; }
    public string Bank { get; set; } = "";
    /// <summary>The account number: shown masked outside the county's finance staff.</summary>
    public string Number { get; set; } = "";
    public DateOnly OpenedOn { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public string ClosedReason { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }
}

public enum PaymentKind
{
    /// <summary>项目支出: to the project's contractor or implementing body.</summary>
    [Label("项目支出", "Project spending")] Project = 1,
    /// <summary>到户补助: to a household, by real-name one-card payment (一卡通).</summary>
    [Label("到户补助（一卡通）", "Household subsidy (one-card)")] Household = 2,
    /// <summary>资产收益分红: a household's share of a project asset's income.</summary>
    [Label("资产收益分红", "Asset income dividend")] Dividend = 3,
}

/// <summary>
/// A payment (资金支付) out of a county's funds: to a project, or to a household in the name of one of its members. Never
/// deleted or edited; a correction is a reversing entry (<see cref="ReversesId"/>, negative amount) and, if needed, a
/// new entry with the right figures.
/// </summary>
public sealed class FundPayment
{
    public long Id { get; set; }
    public required string CountyCode { get; set; }
    /// <summary>The village of the household paid, or the region of the project: the unit of scope.</summary>
    public required string RegionCode { get; set; }
    public int Year { get; set; }
    public PaymentKind Kind { get; set; }
    public DateOnly PaidOn { get; set; }
    /// <summary>Positive for a payment, negative for a reversal.</summary>
    public Money Amount { get; set; }
    /// <summary>The source the money came from; null for a dividend (paid from an asset's income).</summary>
    public FundSource? Source { get; set; }
    public long? AllocationId { get; set; }
    public FundAllocation? Allocation { get; set; }
    public long? ProjectId { get; set; }
    public Project? Project { get; set; }
    public long? HouseholdId { get; set; }
    public Household? Household { get; set; }
    /// <summary>The member paid (real-name payment); the head when the file names nobody.</summary>
    public long? MemberId { get; set; }
    public long? AssetId { get; set; }
    public long? AssetIncomeId { get; set; }
    /// <summary>收款人: a member's name, or the contractor's.</summary>
    public string Payee { get; set; } = "";
    /// <summary>资金用途: what the money is for, in words.</summary>
    public string Purpose { get; set; } = "";
    /// <summary>The kind of help paid for; the same household paid twice for one purpose in a year is flagged.</summary>
    public ProjectType PurposeType { get; set; }
    /// <summary>凭证号 of the bank or treasury.</summary>
    public string Voucher { get; set; } = "";
    public long? ReversesId { get; set; }
    /// <summary>Why a reversal was made (required for one).</summary>
    public string Reason { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }

    public bool IsReversal => ReversesId is not null;
}
