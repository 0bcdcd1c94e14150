using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Collaboration;

// 社会帮扶与东西部协作 (002-B §2.12–2.13, §6.11): the whole country helps the poor areas. The helping side of every pairing
// is a partner: a developed eastern region (a province, city, county, township or village of the east, 携手奔小康), a
// central unit (定点扶贫), an enterprise (万企帮万村) or a social organisation. The helped side is a region of the registry.

public enum PartnerKind
{
    [Label("东部地区（省市县乡村）", "Eastern region")] EasternRegion = 1,
    [Label("对口支援地区", "Paired-assistance region")] SupportingRegion = 2,
    [Label("中央单位", "Central unit")] CentralUnit = 3,
    [Label("企业", "Enterprise")] Enterprise = 4,
    [Label("社会组织", "Social organisation")] SocialOrganisation = 5,
    [Label("其他单位", "Other unit")] Other = 9,
}

/// <summary>A helping party. Deactivated with a reason, never deleted.</summary>
public sealed class Partner
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public PartnerKind Kind { get; set; }
    /// <summary>The partner's region code when it is a region in the region table; "" otherwise (most eastern regions are not).</summary>
    public string RegionCode { get; set; } = "";
    /// <summary>Where it is, in words (江苏省苏州市昆山市; 北京市西城区).</summary>
    public string Place { get; set; } = "";
    /// <summary>统一社会信用代码 of an enterprise or organisation.</summary>
    public string CreditCode { get; set; } = "";
    public string Contact { get; set; } = "";
    /// <summary>The office that registered the partner (12 digits): its audit lines are that office's.</summary>
    public string RegisteredIn { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public string InactiveReason { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }
}
