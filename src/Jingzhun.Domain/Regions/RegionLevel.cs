using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Regions;

/// <summary>The five administrative levels of the 12-digit statistical code, plus the nation above them.</summary>
public enum RegionLevel
{
    [Label("全国", "Nation")] Nation = 0,
    [Label("省", "Province")] Province = 1,
    [Label("市", "City")] City = 2,
    [Label("县", "County")] County = 3,
    [Label("乡镇", "Township")] Township = 4,
    [Label("村", "Village")] Village = 5,
}
