using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Shared;

/// <summary>Chinese and English names of registry fields, for the change log (whose entries carry code names).</summary>
public static class FieldLabels
{
    private static readonly Dictionary<string, (string Chinese, string English)> Names = new()
    {
        ["Number"] = ("户编号", "Household no."), ["VillageCode"] = ("所在村", "Village"), ["CountyCode"] = ("县代码", "County code"),
        ["VillagerGroup"] = ("村民小组", "Villager group"), ["Address"] = ("住址", "Address"), ["Phone"] = ("联系电话", "Phone"),
        ["BankAccount"] = ("银行账号", "Bank account"), ["Attribute"] = ("贫困户属性", "Attribute"), ["Status"] = ("户状态", "Status"),
        ["StatusYear"] = ("状态年度", "Status year"), ["IdentifiedYear"] = ("识别年度", "Identified in"), ["Standard"] = ("识别标准", "Standard"),
        ["Monitoring"] = ("监测类型", "Monitoring"), ["PrimaryCause"] = ("主要致贫原因", "Primary cause"), ["OtherCauses"] = ("其他致贫原因", "Other causes"),
        ["HousingAreaM2"] = ("住房面积", "Housing area"), ["HousingStructure"] = ("住房结构", "Housing structure"),
        ["HousingSafety"] = ("住房安全等级", "Housing safety grade"), ["DrinkingWater"] = ("饮水情况", "Drinking water"),
        ["HasElectricity"] = ("通生活用电", "Electricity"), ["DistanceToRoadKm"] = ("距硬化路距离", "Distance to road"),
        ["CultivatedLandMu"] = ("耕地面积", "Cultivated land"), ["IrrigatedLandMu"] = ("有效灌溉面积", "Irrigated land"),
        ["ForestLandMu"] = ("林地面积", "Forest land"), ["GrasslandMu"] = ("牧草地面积", "Grassland"),
        ["IsCooperativeMember"] = ("加入合作社", "Cooperative member"),
        ["Name"] = ("姓名", "Name"), ["ResidentId"] = ("身份证号", "Resident ID"), ["Sex"] = ("性别", "Sex"), ["BirthDate"] = ("出生日期", "Birth date"),
        ["Relation"] = ("与户主关系", "Relation"), ["Ethnicity"] = ("民族", "Ethnicity"), ["Education"] = ("文化程度", "Education"),
        ["Schooling"] = ("在校生状况", "Schooling"), ["Health"] = ("健康状况", "Health"), ["DisabilityGrade"] = ("残疾等级", "Disability grade"),
        ["Labour"] = ("劳动技能", "Labour capacity"), ["MigrantWorkPlace"] = ("务工地点", "Migrant work place"),
        ["MigrantWorkMonths"] = ("务工时间", "Months of migrant work"), ["HasMedicalInsurance"] = ("基本医疗保险", "Medical insurance"),
        ["HasPensionInsurance"] = ("基本养老保险", "Pension insurance"), ["ReceivesDibao"] = ("享受低保", "Dibao"),
        ["ReceivesExtremeHardshipSupport"] = ("特困供养", "Extreme-hardship support"), ["State"] = ("成员状态", "Member state"),
        ["Year"] = ("年度", "Year"), ["MembersCounted"] = ("计算人数", "Members counted"), ["Wages"] = ("工资性收入", "Wages"),
        ["ProductionIncome"] = ("生产经营性收入", "Production income"), ["PropertyIncome"] = ("财产性收入", "Property income"),
        ["Pension"] = ("养老金", "Pension"), ["DibaoAllowance"] = ("低保金", "Dibao allowance"),
        ["ExtremeHardshipAllowance"] = ("特困供养金", "Extreme-hardship allowance"), ["EcologicalCompensation"] = ("生态补偿金", "Ecological compensation"),
        ["OtherTransfers"] = ("其他转移性收入", "Other transfers"), ["ProductionCosts"] = ("生产经营性支出", "Production costs"),
    };

    /// <summary>The field's name in the reader's language, or the code name when it is not a known field.</summary>
    public static string Of(string? field, bool english) =>
        field is not null && Names.TryGetValue(field, out var n) ? (english ? n.English : n.Chinese) : field ?? "";
}
