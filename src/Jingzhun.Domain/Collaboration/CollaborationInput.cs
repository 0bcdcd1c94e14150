using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Collaboration;

public enum InputKind
{
    [Label("帮扶资金", "Funds")] Funds = 1,
    [Label("帮扶项目", "Projects")] Projects = 2,
    [Label("人才支援", "Talent")] Talent = 3,
    [Label("产业合作", "Industry cooperation")] Industry = 4,
    [Label("劳务协作", "Labour cooperation")] Labour = 5,
    [Label("消费扶贫（采购农产品）", "Consumption assistance (purchases)")] Purchases = 6,
    [Label("捐赠资金", "Donations in money")] DonationMoney = 7,
    [Label("捐赠物资", "Donations in kind")] DonationInKind = 8,
}

/// <summary>Where an input is on its way to being counted: entered by the partner, checked by the work team, confirmed by the county.</summary>
public enum InputState
{
    [Label("已填报", "Entered")] Entered = 1,
    [Label("工作队已核实", "Checked by the work team")] Checked = 2,
    [Label("县级已确认", "Confirmed by the county")] Confirmed = 3,
    [Label("工作队退回", "Rejected by the work team")] RejectedOnCheck = 91,
    [Label("县级退回", "Rejected by the county")] RejectedOnConfirm = 92,
}

/// <summary>
/// What a partner did under a pairing (帮扶投入): money, projects, people sent, firms brought, workers placed, products
/// bought, donations. Two-sided confirmation (002:1663): the partner enters it, the village work team checks it on the
/// spot, the county confirms the people it reached; only confirmed inputs are counted. A rejected input keeps its reason.
/// </summary>
public sealed class CollaborationInput
{
    public long Id { get; set; }
    public long PairingId { get; set; }
    public Pairing? Pairing { get; set; }
    public long PartnerId { get; set; }
    /// <summary>The village (or township, county) reached, inside the pairing's region: the unit of scope.</summary>
    public required string RegionCode { get; set; }
    public string CountyCode { get; set; } = "";
    public InputKind Kind { get; set; }
    public int Year { get; set; }
    public DateOnly On { get; set; }
    /// <summary>The money (funds, investment, purchases, donations, the value of goods).</summary>
    public Money Amount { get; set; }
    /// <summary>How many: projects, people sent, firms brought in, workers placed, items donated.</summary>
    public int Count { get; set; }
    /// <summary>The funds module's source, for money inputs.</summary>
    public FundSource? Source { get; set; }
    public string Description { get; set; } = "";
    /// <summary>Registered households and people reached, as entered and as the county confirmed them.</summary>
    public int HouseholdsReached { get; set; }
    public int PeopleReached { get; set; }
    public InputState State { get; set; } = InputState.Entered;
    public string EnteredBy { get; set; } = "";
    public DateTime EnteredAt { get; set; }
    public string CheckedBy { get; set; } = "";
    public DateTime? CheckedAt { get; set; }
    public string ConfirmedBy { get; set; } = "";
    public DateTime? ConfirmedAt { get; set; }
    public string RejectedBy { get; set; } = "";
    public DateTime? RejectedAt { get; set; }
    public string RejectedReason { get; set; } = "";
    public int Version { get; set; }

    public bool IsCounted => State == InputState.Confirmed;
    public bool IsRejected => State is InputState.RejectedOnCheck or InputState.RejectedOnConfirm;
}
