using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Assistance;

/// <summary>
/// Kinds of assistance measure (帮扶措施): the five batches (五个一批) and the other families the
/// seeds name. A household plan (一户一策) holds several.
/// </summary>
public enum MeasureType
{
    [Label("发展生产", "Production and industry")] Production = 1,
    [Label("易地扶贫搬迁", "Relocation")] Relocation = 2,
    [Label("生态补偿", "Ecological compensation")] EcologicalCompensation = 3,
    [Label("发展教育", "Education")] Education = 4,
    [Label("社会保障兜底", "Social-security floor")] SocialSecurity = 5,
    [Label("健康扶贫", "Health")] Health = 6,
    [Label("就业扶贫", "Employment")] Employment = 7,
    [Label("危房改造", "Housing renovation")] HousingRenovation = 8,
    [Label("扶贫小额信贷", "Microcredit")] Microcredit = 9,
    [Label("资产收益", "Asset income")] AssetIncome = 10,
    [Label("技能培训", "Skills training")] SkillsTraining = 11,
    [Label("公益性岗位", "Public-welfare job")] PublicWelfareJob = 12,
    [Label("其他", "Other")] Other = 99,
}

/// <summary>Why a county is a poor county (贫困县): 832 in all, the two sets overlapping.</summary>
[Flags]
public enum PoorCountyDesignation
{
    [Label("无", "None")] None = 0,
    [Label("国家扶贫开发工作重点县", "National key county for poverty alleviation")] NationalKeyCounty = 1,
    [Label("集中连片特困地区县", "County in a contiguous destitute area")] ContiguousDestituteArea = 2,
}
