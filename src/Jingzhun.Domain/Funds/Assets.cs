using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Funds;

// Project assets (扶贫项目资产, 003.md §2.10): stock-taken by class, ownership registered (确权), handed over (移交), and
// their income distributed to households by set shares; income-generating assets must not be lost or seized, public
// ones must keep working (L1082). An asset leaves service by state with a reason, never by deletion.

public enum AssetClass
{
    [Label("经营性资产", "Income-generating")] Operating = 1,
    [Label("公益性资产", "Public welfare")] PublicWelfare = 2,
    [Label("到户类资产", "Household asset")] Household = 3,
}

public enum AssetOwnership
{
    [Label("村集体", "Village collective")] VillageCollective = 1,
    [Label("农户", "Household")] Household = 2,
    [Label("乡镇", "Township")] Township = 3,
    [Label("县级", "County")] County = 4,
}

public enum AssetState
{
    [Label("正常运营", "In use")] InUse = 1,
    [Label("闲置", "Idle")] Idle = 2,
    [Label("已处置", "Disposed of")] Disposed = 3,
}

/// <summary>An asset formed by a completed project.</summary>
public sealed class ProjectAsset
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public Project? Project { get; set; }
    public string CountyCode { get; set; } = "";
    /// <summary>The project's region (the unit of scope).</summary>
    public required string RegionCode { get; set; }
    public required string Name { get; set; }
    public AssetClass Class { get; set; }
    public AssetOwnership Ownership { get; set; }
    /// <summary>The owning household of a household asset.</summary>
    public long? OwnerHouseholdId { get; set; }
    public Money Value { get; set; }
    /// <summary>经营主体: who runs it (a cooperative, a company, the village).</summary>
    public string Operator { get; set; } = "";
    /// <summary>确权登记 done.</summary>
    public bool OwnershipRegistered { get; set; }
    public DateOnly? HandedOverOn { get; set; }
    public AssetState State { get; set; } = AssetState.InUse;
    public string StateReason { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
    public List<AssetShare> Shares { get; set; } = [];
}

/// <summary>A household's share of an asset's income (收益分配): a weight among the asset's current shares.</summary>
public sealed class AssetShare
{
    public long Id { get; set; }
    public long AssetId { get; set; }
    public ProjectAsset? Asset { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    /// <summary>Relative weight: a household with 2 gets twice what one with 1 gets.</summary>
    public decimal Weight { get; set; } = 1m;
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
    public string EndedReason { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>Income an asset produced in a year, and how much of it was paid out as dividends.</summary>
public sealed class AssetIncome
{
    public long Id { get; set; }
    public long AssetId { get; set; }
    public ProjectAsset? Asset { get; set; }
    public string CountyCode { get; set; } = "";
    public required string RegionCode { get; set; }
    public int Year { get; set; }
    public DateOnly ReceivedOn { get; set; }
    public Money Amount { get; set; }
    /// <summary>The share paid to households (the rest stays with the collective for upkeep and public-welfare posts).</summary>
    public Money Distributed { get; set; }
    public DateOnly? DistributedOn { get; set; }
    public string Note { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
}
