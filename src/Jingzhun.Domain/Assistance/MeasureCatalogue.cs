using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Assistance;

/// <summary>The five batches (五个一批, 000:77) a programme belongs to; programmes outside them are the special programmes (专项).</summary>
public enum FiveBatches
{
    [Label("专项扶贫", "Special programme")] None = 0,
    [Label("发展生产脱贫一批", "Out of poverty by production")] Production = 1,
    [Label("易地搬迁脱贫一批", "Out of poverty by relocation")] Relocation = 2,
    [Label("生态补偿脱贫一批", "Out of poverty by ecological compensation")] EcologicalCompensation = 3,
    [Label("发展教育脱贫一批", "Out of poverty by education")] Education = 4,
    [Label("社会保障兜底一批", "Covered by the social-security floor")] SocialSecurity = 5,
}

/// <summary>Facts of a household, read from its record and its members, that a programme answers (besides the causes).</summary>
[Flags]
public enum HouseholdFact
{
    [Label("无", "None")] None = 0,
    [Label("有劳动力", "Has labour")] HasLabour = 1 << 0,
    [Label("无劳动力", "No labour in the household")] NoLabour = 1 << 1,
    [Label("有弱劳动力或半劳动力", "Has weak or partial labour")] WeakLabour = 1 << 2,
    [Label("住房为C级或D级危房", "Lives in a grade C or D house")] DangerousHouse = 1 << 3,
    [Label("有适龄儿童失学辍学", "A child is out of school")] ChildOutOfSchool = 1 << 4,
    [Label("有在校生", "Has a student")] Student = 1 << 5,
    [Label("有大病患者", "A member is seriously ill")] SeriousIllness = 1 << 6,
    [Label("有慢性病患者", "A member has a chronic illness")] ChronicIllness = 1 << 7,
    [Label("有重度残疾人", "A member is severely disabled")] SevereDisability = 1 << 8,
    [Label("有成员未参加医疗保险", "A member has no medical insurance")] Uninsured = 1 << 9,
    [Label("饮水不安全或困难", "Unsafe or difficult drinking water")] UnsafeWater = 1 << 10,
    [Label("有林地或草地", "Has forest or grassland")] ForestOrGrassland = 1 << 11,
    [Label("距公路5公里以上", "Five km or more from a road")] Remote = 1 << 12,
    [Label("有60岁以上老人", "Has a member aged 60 or more")] Elderly = 1 << 13,
}

/// <summary>
/// One programme of the catalogue: its code, its names, the measure type it is recorded as, its batch of the 五个一批,
/// the causes (致贫原因) and the household facts it answers, and the facts a household must have for it to fit at all
/// (microcredit and industry need someone who can work).
/// </summary>
public sealed record Programme(string Code, string Chinese, string English, MeasureType Type, FiveBatches Batch,
    PovertyCause Causes, HouseholdFact Facts, HouseholdFact Requires = HouseholdFact.None)
{
    public Bilingual Name => new(Chinese, English);
    public string Label(bool english) => english ? English : Chinese;
}

/// <summary>
/// A programme suggested for a household, with why: the cause or fact of the household it answers (and, when the programme
/// requires one, the fact that makes it fit). A suggestion is never a measure: a person chooses and records measures.
/// </summary>
public sealed record Suggestion(Programme Programme, PovertyCause Causes, HouseholdFact Facts, Bilingual Reason);

/// <summary>
/// The catalogue of assistance programmes (帮扶项目目录): the 五个一批 and the special programmes the seeds name
/// (000:77; 002 chapters 6–7), and <see cref="Suggest(Household, IEnumerable{Member}, DateOnly?)"/>, which proposes
/// programmes from a household's causes and facts. Nothing is ever assigned from a suggestion.
/// </summary>
public static class MeasureCatalogue
{
    private const PovertyCause C0 = PovertyCause.None;
    private const HouseholdFact F0 = HouseholdFact.None;

    public static IReadOnlyList<Programme> All { get; } =
    [
        // 发展生产脱贫一批: industry and employment for households that can work.
        new("IND-CROP", "特色种养业扶持", "Local crops and livestock support", MeasureType.Production, FiveBatches.Production,
            PovertyCause.LackOfCapital | PovertyCause.LackOfSkills | PovertyCause.LackOfMotivation, F0, HouseholdFact.HasLabour),
        new("IND-COOP", "合作社和龙头企业带动", "Cooperative and lead-enterprise partnership", MeasureType.Production, FiveBatches.Production,
            PovertyCause.LackOfCapital | PovertyCause.LackOfSkills | PovertyCause.LackOfLand, F0, HouseholdFact.HasLabour),
        new("IND-TOUR", "乡村旅游和电商扶贫", "Rural tourism and e-commerce", MeasureType.Production, FiveBatches.Production,
            PovertyCause.PoorTransport | PovertyCause.LackOfLand, F0, HouseholdFact.HasLabour),
        new("EMP-TRANSFER", "劳务输出和转移就业", "Labour transfer and migrant work", MeasureType.Employment, FiveBatches.Production,
            PovertyCause.LackOfLand | PovertyCause.LackOfCapital | PovertyCause.PoorTransport, F0, HouseholdFact.HasLabour),
        new("EMP-WORKSHOP", "扶贫车间就近就业", "Work near home in a poverty-alleviation workshop", MeasureType.Employment, FiveBatches.Production,
            PovertyCause.LackOfLand, HouseholdFact.WeakLabour),
        new("SKL-TRAIN", "职业技能培训", "Vocational skills training", MeasureType.SkillsTraining, FiveBatches.Production,
            PovertyCause.LackOfSkills | PovertyCause.LackOfMotivation, F0, HouseholdFact.HasLabour),
        new("MIC-LOAN", "扶贫小额信贷", "Poverty-alleviation microcredit", MeasureType.Microcredit, FiveBatches.Production,
            PovertyCause.LackOfCapital, F0, HouseholdFact.HasLabour),
        new("AST-PV", "光伏扶贫收益", "Solar power income", MeasureType.AssetIncome, FiveBatches.Production,
            PovertyCause.LackOfLabour | PovertyCause.Disability, HouseholdFact.NoLabour | HouseholdFact.WeakLabour),
        new("AST-SHARE", "资产收益入股分红", "Shares and dividends from assets", MeasureType.AssetIncome, FiveBatches.Production,
            PovertyCause.LackOfLabour | PovertyCause.Illness | PovertyCause.Disability, HouseholdFact.NoLabour),
        new("PWJ-JOB", "公益性岗位", "Public-welfare job", MeasureType.PublicWelfareJob, FiveBatches.None,
            PovertyCause.LackOfLabour, HouseholdFact.WeakLabour),
        // 易地搬迁脱贫一批
        new("REL-MOVE", "易地扶贫搬迁", "Relocation out of a hard place", MeasureType.Relocation, FiveBatches.Relocation,
            PovertyCause.PoorTransport | PovertyCause.LackOfWater | PovertyCause.LackOfLand | PovertyCause.Disaster, HouseholdFact.Remote),
        // 生态补偿脱贫一批
        new("ECO-RANGER", "生态护林员", "Ecological forest ranger", MeasureType.EcologicalCompensation, FiveBatches.EcologicalCompensation,
            C0, HouseholdFact.ForestOrGrassland, HouseholdFact.HasLabour),
        new("ECO-COMP", "退耕还林和草原生态补助", "Grain-for-green and grassland compensation", MeasureType.EcologicalCompensation, FiveBatches.EcologicalCompensation,
            C0, HouseholdFact.ForestOrGrassland),
        // 发展教育脱贫一批
        new("EDU-AID", "学生资助（两免一补、助学金）", "Student aid (fees, books, living allowance)", MeasureType.Education, FiveBatches.Education,
            PovertyCause.Schooling, HouseholdFact.Student),
        new("EDU-DROPOUT", "控辍保学", "Bringing a child back to school", MeasureType.Education, FiveBatches.Education,
            C0, HouseholdFact.ChildOutOfSchool),
        new("EDU-RAINDEW", "雨露计划职业教育补助", "Rain-and-dew vocational schooling grant", MeasureType.Education, FiveBatches.Education,
            PovertyCause.Schooling | PovertyCause.LackOfSkills, HouseholdFact.Student),
        // 健康扶贫
        new("HEA-INSURE", "医疗保险参保资助", "Medical insurance premium paid", MeasureType.Health, FiveBatches.None,
            C0, HouseholdFact.Uninsured),
        new("HEA-SERIOUS", "大病保险和医疗救助", "Serious-illness insurance and medical aid", MeasureType.Health, FiveBatches.None,
            PovertyCause.Illness, HouseholdFact.SeriousIllness),
        new("HEA-DOCTOR", "家庭医生签约和慢病管理", "Family doctor and chronic-illness care", MeasureType.Health, FiveBatches.None,
            PovertyCause.Illness, HouseholdFact.ChronicIllness | HouseholdFact.SeriousIllness),
        // 社会保障兜底一批
        new("SOC-DIBAO", "农村最低生活保障", "Rural minimum allowance (dibao)", MeasureType.SocialSecurity, FiveBatches.SocialSecurity,
            PovertyCause.LackOfLabour, HouseholdFact.NoLabour),
        new("SOC-TEKUN", "特困人员救助供养", "Support of people in extreme hardship", MeasureType.SocialSecurity, FiveBatches.SocialSecurity,
            C0, HouseholdFact.NoLabour),
        new("SOC-DISABLED", "残疾人两项补贴", "Disability living and care allowances", MeasureType.SocialSecurity, FiveBatches.SocialSecurity,
            PovertyCause.Disability, HouseholdFact.SevereDisability),
        new("SOC-PENSION", "城乡居民养老保险代缴", "Residents' pension premium paid", MeasureType.SocialSecurity, FiveBatches.SocialSecurity,
            C0, HouseholdFact.Elderly),
        new("SOC-RELIEF", "临时救助", "Temporary relief", MeasureType.SocialSecurity, FiveBatches.SocialSecurity,
            PovertyCause.Disaster | PovertyCause.Illness, F0),
        // 住房和饮水
        new("HOU-RENOVATE", "农村危房改造", "Renovation of a dangerous house", MeasureType.HousingRenovation, FiveBatches.None,
            PovertyCause.Disaster, HouseholdFact.DangerousHouse),
        new("WAT-SAFE", "农村饮水安全巩固提升", "Safe drinking water", MeasureType.Other, FiveBatches.None,
            PovertyCause.LackOfWater, HouseholdFact.UnsafeWater),
        new("OTH-MOTIVE", "扶志扶智", "Encouragement and know-how (motivation)", MeasureType.Other, FiveBatches.None,
            PovertyCause.LackOfMotivation, F0),
    ];

    private static readonly Dictionary<string, Programme> ByCode = All.ToDictionary(p => p.Code, StringComparer.Ordinal);

    /// <summary>The programme with this code, or null.</summary>
    public static Programme? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var p) ? p : null;

    /// <summary>The programmes recorded under a measure type.</summary>
    public static IEnumerable<Programme> OfType(MeasureType type) => All.Where(p => p.Type == type);

    /// <summary>Whether a measure of this type may name this programme: no programme, or one of the type.</summary>
    public static bool Fits(MeasureType type, string? code) => string.IsNullOrEmpty(code) || Find(code)?.Type == type;

    /// <summary>Children of compulsory-school age (6–15 on the day) who are not in school fail the education guarantee.</summary>
    public static bool IsOutOfSchool(Member m, DateOnly? on) =>
        m.Schooling == SchoolingStatus.DroppedOut
        || on is { } day && m.AgeOn(day) is >= 6 and <= 15 && m.Schooling is SchoolingStatus.NotStudent;

    /// <summary>The facts of a household, from its record and its present members (ages on the day given, when one is).</summary>
    public static HouseholdFact FactsOf(Household household, IEnumerable<Member> members, DateOnly? on = null)
    {
        var present = members.Where(m => m.State == MemberState.Present).ToList();
        var facts = HouseholdFact.None;
        if (present.Any(m => m.Labour is LabourCapacity.Ordinary or LabourCapacity.Skilled)) facts |= HouseholdFact.HasLabour;
        if (present.Count > 0 && present.All(m => m.Labour is LabourCapacity.Lost or LabourCapacity.None)) facts |= HouseholdFact.NoLabour;
        if (present.Any(m => m.Labour == LabourCapacity.WeakOrPartial)) facts |= HouseholdFact.WeakLabour;
        if (household.LivesInDangerousHouse) facts |= HouseholdFact.DangerousHouse;
        if (present.Any(m => IsOutOfSchool(m, on))) facts |= HouseholdFact.ChildOutOfSchool;
        if (present.Any(m => m.Schooling is SchoolingStatus.Compulsory or SchoolingStatus.SeniorHigh or SchoolingStatus.Vocational or SchoolingStatus.Higher or SchoolingStatus.Preschool))
            facts |= HouseholdFact.Student;
        if (present.Any(m => m.Health == HealthStatus.SeriousIllness)) facts |= HouseholdFact.SeriousIllness;
        if (present.Any(m => m.Health == HealthStatus.ChronicIllness)) facts |= HouseholdFact.ChronicIllness;
        if (present.Any(m => m.DisabilityGrade is DisabilityGrade.Grade1 or DisabilityGrade.Grade2)) facts |= HouseholdFact.SevereDisability;
        if (present.Any(m => !m.HasMedicalInsurance)) facts |= HouseholdFact.Uninsured;
        if (household.DrinkingWater is DrinkingWater.Unsafe or DrinkingWater.Difficult) facts |= HouseholdFact.UnsafeWater;
        if (household.ForestLandMu > 0 || household.GrasslandMu > 0) facts |= HouseholdFact.ForestOrGrassland;
        if (household.DistanceToRoadKm >= 5) facts |= HouseholdFact.Remote;
        if (on is { } day && present.Any(m => m.AgeOn(day) >= 60)) facts |= HouseholdFact.Elderly;
        return facts;
    }

    /// <summary>
    /// The programmes that answer a household's causes or facts, each with the reason: the causes and facts it answers,
    /// named. A programme that requires a fact (someone who can work) is suggested only to a household with it.
    /// Suggestions only: nothing is assigned.
    /// </summary>
    public static IReadOnlyList<Suggestion> Suggest(Household household, IEnumerable<Member> members, DateOnly? on = null)
    {
        var causes = household.AllCauses;
        var facts = FactsOf(household, members, on);
        var suggestions = new List<Suggestion>();
        foreach (var p in All)
        {
            if ((facts & p.Requires) != p.Requires) continue;
            var c = causes & p.Causes;
            var f = facts & p.Facts;
            if (c == PovertyCause.None && f == HouseholdFact.None) continue;
            var reason = new Bilingual(
                string.Join("；", Flags(c).Select(x => $"致贫原因：{x.Chinese()}").Concat(Flags(f | p.Requires).Select(x => x.Chinese()))),
                string.Join("; ", Flags(c).Select(x => $"cause: {x.English()}").Concat(Flags(f | p.Requires).Select(x => x.English()))));
            suggestions.Add(new Suggestion(p, c, f | p.Requires, reason));
        }
        return suggestions;
    }

    /// <summary>The single flags set in a value, in declaration order.</summary>
    public static IEnumerable<T> Flags<T>(T value) where T : struct, Enum
    {
        var bits = Convert.ToInt64(value);
        foreach (var v in Enum.GetValues<T>())
        {
            var b = Convert.ToInt64(v);
            if (b != 0 && (b & (b - 1)) == 0 && (bits & b) == b) yield return v;
        }
    }
}
