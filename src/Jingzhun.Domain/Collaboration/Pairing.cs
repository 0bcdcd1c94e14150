using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Collaboration;

public enum PairingType
{
    [Label("东西部扶贫协作", "East–west collaboration")] EastWest = 1,
    [Label("对口支援西藏", "Paired assistance to Tibet")] SupportTibet = 2,
    [Label("对口支援新疆", "Paired assistance to Xinjiang")] SupportXinjiang = 3,
    [Label("对口支援四省藏区", "Paired assistance to the Tibetan areas")] SupportTibetanAreas = 4,
    [Label("对口支援革命老区", "Paired assistance to old revolutionary areas")] SupportRevolutionaryAreas = 5,
    [Label("其他对口支援", "Other paired assistance")] SupportOther = 6,
    [Label("中央单位定点扶贫", "Designated assistance")] Designated = 7,
    [Label("万企帮万村", "Ten thousand firms help ten thousand villages")] FirmsHelpVillages = 8,
    [Label("其他社会帮扶", "Other social assistance")] OtherSocial = 9,
}

/// <summary>
/// A pairing (结对帮扶): a partner helps a region of the registry (a province, city, county, township or village). Many to
/// many: a partner helps several regions, a region has several partners. It ends on a date with a reason, never deleted.
/// </summary>
public sealed class Pairing
{
    public long Id { get; set; }
    public long PartnerId { get; set; }
    public Partner? Partner { get; set; }
    /// <summary>The helped region (12 digits): the unit of scope.</summary>
    public required string RegionCode { get; set; }
    /// <summary>The helped county (6 digits), "" above the county.</summary>
    public string CountyCode { get; set; } = "";
    /// <summary>The helped region's code prefix (RegionCode.Prefix): the areas inside it and the levels above read the pairing.</summary>
    public string RegionPrefix { get; set; } = "";
    public PairingType Type { get; set; }
    /// <summary>The agreement (协议) in words.</summary>
    public string Agreement { get; set; } = "";
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public string EndedReason { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }

    public bool IsActiveOn(DateOnly day) => StartsOn <= day && (EndsOn is null || day <= EndsOn);
}

public enum SecondmentDirection
{
    /// <summary>东部派往西部: a cadre, teacher or doctor of the helping side working in the helped area.</summary>
    [Label("派往受援地", "Sent to the helped area")] ToHelped = 1,
    /// <summary>西部到东部挂职: a cadre of the helped area placed with the helping side.</summary>
    [Label("到帮扶方挂职", "Placed with the partner")] ToPartner = 2,
}

public enum SecondeeKind
{
    [Label("党政干部", "Cadre")] Cadre = 1,
    [Label("教师", "Teacher")] Teacher = 2,
    [Label("医生", "Doctor")] Doctor = 3,
    [Label("专业技术人员", "Technician")] Technician = 4,
}

/// <summary>A person exchanged under a pairing (挂职、支教、支医), either way.</summary>
public sealed class SecondedCadre
{
    public long Id { get; set; }
    public long PairingId { get; set; }
    public Pairing? Pairing { get; set; }
    /// <summary>The pairing's partner, copied so the partner's own account reads its people.</summary>
    public long PartnerId { get; set; }
    /// <summary>The pairing's helped region (the unit of scope) and its prefix.</summary>
    public string RegionCode { get; set; } = "";
    public string RegionPrefix { get; set; } = "";
    public string CountyCode { get; set; } = "";
    public required string Name { get; set; }
    public SecondmentDirection Direction { get; set; }
    public SecondeeKind Kind { get; set; }
    /// <summary>The post held while seconded (挂任职务).</summary>
    public string Post { get; set; } = "";
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    public int Version { get; set; }
}
