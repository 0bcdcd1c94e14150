using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Registry;

// Numeric values are stored in the database and must never be renumbered.

public enum Sex
{
    [Label("男", "Male")] Male = 1,
    [Label("女", "Female")] Female = 2,
}

/// <summary>贫困户属性.</summary>
public enum HouseholdAttribute
{
    [Label("一般贫困户", "Ordinary poor household")] Ordinary = 1,
    [Label("低保贫困户", "Minimum-allowance (dibao) poor household")] Dibao = 2,
    [Label("特困供养贫困户", "Extreme-hardship support poor household")] ExtremeHardship = 3,
}

/// <summary>Registry status of a household; each change is kept in the household's status history.</summary>
public enum HouseholdStatus
{
    [Label("非贫困户", "Not poor")] NotPoor = 0,
    [Label("贫困户", "Poor")] Poor = 1,
    [Label("已脱贫", "Exited")] Exited = 2,
    [Label("返贫", "Returned to poverty")] Returned = 3,
    [Label("监测户", "Monitored")] Monitored = 4,
    [Label("已剔除", "Removed in review")] Removed = 5,
}

/// <summary>三类户: the kinds of monitored household.</summary>
public enum MonitoringCategory
{
    [Label("无", "None")] None = 0,
    [Label("脱贫不稳定户", "Unstable exited household")] UnstableExited = 1,
    [Label("边缘易致贫户", "Marginal household at risk")] Marginal = 2,
    [Label("突发严重困难户", "Sudden serious hardship")] SuddenHardship = 3,
}

/// <summary>识别标准: the line the household was identified against.</summary>
public enum IdentificationStandard
{
    [Label("国家标准", "National standard")] National = 1,
    [Label("省定标准", "Provincial standard")] Provincial = 2,
}

/// <summary>致贫原因, as coded in the national registry. A household has one primary cause and any others.</summary>
[Flags]
public enum PovertyCause
{
    [Label("无", "None")] None = 0,
    [Label("因病", "Illness")] Illness = 1 << 0,
    [Label("因残", "Disability")] Disability = 1 << 1,
    [Label("因学", "Schooling costs")] Schooling = 1 << 2,
    [Label("因灾", "Disaster")] Disaster = 1 << 3,
    [Label("缺土地", "Lack of land")] LackOfLand = 1 << 4,
    [Label("缺水", "Lack of water")] LackOfWater = 1 << 5,
    [Label("缺技术", "Lack of skills")] LackOfSkills = 1 << 6,
    [Label("缺劳力", "Lack of labour")] LackOfLabour = 1 << 7,
    [Label("缺资金", "Lack of capital")] LackOfCapital = 1 << 8,
    [Label("交通条件落后", "Poor transport")] PoorTransport = 1 << 9,
    [Label("自身发展动力不足", "Lack of motivation")] LackOfMotivation = 1 << 10,
    [Label("其他", "Other")] Other = 1 << 11,
}

public enum HousingStructure
{
    [Label("钢混", "Reinforced concrete")] ReinforcedConcrete = 1,
    [Label("砖混", "Brick and concrete")] BrickConcrete = 2,
    [Label("砖木", "Brick and wood")] BrickWood = 3,
    [Label("土木", "Earth and wood")] EarthWood = 4,
    [Label("其他", "Other")] Other = 9,
}

/// <summary>住房安全等级; grades C and D are dangerous houses (危房).</summary>
public enum HousingSafetyGrade
{
    [Label("未鉴定", "Not assessed")] NotAssessed = 0,
    [Label("A级", "Grade A")] A = 1,
    [Label("B级", "Grade B")] B = 2,
    [Label("C级", "Grade C")] C = 3,
    [Label("D级", "Grade D")] D = 4,
}

public enum DrinkingWater
{
    [Label("饮水安全", "Safe")] Safe = 1,
    [Label("饮水困难", "Difficult access")] Difficult = 2,
    [Label("饮水不安全", "Unsafe")] Unsafe = 3,
}

/// <summary>与户主关系.</summary>
public enum Relation
{
    [Label("户主", "Head")] Head = 1,
    [Label("配偶", "Spouse")] Spouse = 2,
    [Label("之子", "Son")] Son = 3,
    [Label("之女", "Daughter")] Daughter = 4,
    [Label("之儿媳", "Daughter-in-law")] DaughterInLaw = 5,
    [Label("之女婿", "Son-in-law")] SonInLaw = 6,
    [Label("之孙子", "Grandson")] Grandson = 7,
    [Label("之孙女", "Granddaughter")] Granddaughter = 8,
    [Label("之父母", "Parent")] Parent = 9,
    [Label("之祖父母", "Grandparent")] Grandparent = 10,
    [Label("之兄弟姐妹", "Sibling")] Sibling = 11,
    [Label("其他", "Other")] Other = 99,
}

/// <summary>文化程度.</summary>
public enum Education
{
    [Label("学龄前儿童", "Pre-school child")] Preschool = 0,
    [Label("文盲或半文盲", "Illiterate or semi-literate")] Illiterate = 1,
    [Label("小学", "Primary school")] Primary = 2,
    [Label("初中", "Junior high school")] JuniorHigh = 3,
    [Label("高中", "Senior high school")] SeniorHigh = 4,
    [Label("中专及职高", "Vocational school")] Vocational = 5,
    [Label("大专及以上", "College or above")] College = 6,
}

/// <summary>在校生状况; a child of 6–15 who is not in compulsory schooling fails the education guarantee.</summary>
public enum SchoolingStatus
{
    [Label("非在校生", "Not a student")] NotStudent = 0,
    [Label("学前教育", "Pre-school education")] Preschool = 1,
    [Label("义务教育在校", "In compulsory education")] Compulsory = 2,
    [Label("高中在校", "In senior high school")] SeniorHigh = 3,
    [Label("中职在校", "In vocational school")] Vocational = 4,
    [Label("高等教育在校", "In higher education")] Higher = 5,
    [Label("辍学", "Dropped out")] DroppedOut = 9,
}

/// <summary>健康状况.</summary>
public enum HealthStatus
{
    [Label("健康", "Healthy")] Healthy = 1,
    [Label("长期慢性病", "Chronic illness")] ChronicIllness = 2,
    [Label("患有大病", "Serious illness")] SeriousIllness = 3,
    [Label("残疾", "Disabled")] Disabled = 4,
}

/// <summary>残疾等级; grades one and two are severe.</summary>
public enum DisabilityGrade
{
    [Label("无", "None")] None = 0,
    [Label("一级", "Grade 1")] Grade1 = 1,
    [Label("二级", "Grade 2")] Grade2 = 2,
    [Label("三级", "Grade 3")] Grade3 = 3,
    [Label("四级", "Grade 4")] Grade4 = 4,
}

/// <summary>劳动技能.</summary>
public enum LabourCapacity
{
    [Label("普通劳动力", "Ordinary labour")] Ordinary = 1,
    [Label("技能劳动力", "Skilled labour")] Skilled = 2,
    [Label("弱劳动力或半劳动力", "Weak or partial labour")] WeakOrPartial = 3,
    [Label("丧失劳动力", "Lost labour capacity")] Lost = 4,
    [Label("无劳动力", "No labour capacity")] None = 5,
}

/// <summary>Whether a member still counts in the household. Members leave by state, never by deletion.</summary>
public enum MemberState
{
    [Label("在户", "Present")] Present = 1,
    [Label("死亡", "Deceased")] Deceased = 2,
    [Label("迁出", "Moved out")] MovedOut = 3,
    [Label("错录剔除", "Removed as recorded in error")] RemovedInError = 4,
}
