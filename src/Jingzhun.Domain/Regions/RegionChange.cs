using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Regions;

/// <summary>What happened to a unit of the region tree on a date.</summary>
public enum RegionChangeKind
{
    [Label("新设", "Created")] Created = 1,
    [Label("更名", "Renamed")] Renamed = 2,
    [Label("合并", "Merged")] Merged = 3,
    [Label("拆分", "Split")] Split = 4,
    [Label("调整隶属", "Moved")] Moved = 5,
    [Label("撤销", "Abolished")] Abolished = 6,
    [Label("属性调整", "Attributes changed")] AttributesChanged = 7,
}

/// <summary>
/// One change of the region tree, kept for ever: the unit as it was (<see cref="FromCode"/>) and as it is
/// after <see cref="EffectiveDate"/> (<see cref="ToCode"/>). A merge or split writes one row for each
/// unit that moved; the region rows themselves keep their validity periods.
/// </summary>
public sealed class RegionChange
{
    public long Id { get; set; }
    public RegionChangeKind Kind { get; set; }
    public DateOnly EffectiveDate { get; set; }
    public string FromCode { get; set; } = "";
    public string FromName { get; set; } = "";
    public string ToCode { get; set; } = "";
    public string ToName { get; set; } = "";
    /// <summary>Households whose village changed with this change.</summary>
    public int HouseholdsMoved { get; set; }
    public string Reason { get; set; } = "";
    public string Actor { get; set; } = "";
    public DateTime At { get; set; }
}
