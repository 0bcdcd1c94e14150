using Jingzhun.Domain.Common;
using F = Jingzhun.Domain.Common.RecordFields<Jingzhun.Domain.Registry.Household>;

namespace Jingzhun.Domain.Registry;

/// <summary>
/// The fields of a household, described once (<see cref="RecordField{TRecord}"/>). The order is the column order of
/// the exchange files (which must not change) and, within each group, the order of the form.
/// To add a field: a property on <see cref="Household"/>, a line here and a migration.
/// </summary>
public static class HouseholdRecord
{
    public static readonly FieldGroup Basic = new("household-basic", new("基本情况", "Basic"));
    public static readonly FieldGroup Housing = new("household-housing", new("住房与生活条件", "Housing and living conditions"));
    public static readonly FieldGroup Land = new("household-land", new("土地", "Land"));

    public static IReadOnlyList<FieldGroup> Groups { get; } = [Basic, Housing, Land];

    public static readonly RecordField<Household, string> Number =
        F.Text(nameof(Household.Number), "户编号", "Household no.", h => h.Number, (h, v) => h.Number = v, 32) with { Origin = FieldOrigin.Process };
    public static readonly RecordField<Household, string> VillageCode =
        F.Text(nameof(Household.VillageCode), "所在村", "Village", h => h.VillageCode, (h, v) => h.VillageCode = v, 12)
            with { Header = "村代码", Group = Basic, Input = InputHint.Village };
    public static readonly RecordField<Household, string> CountyCode =
        // Read from the village code, so that every writer stores the county the village is in.
        F.Text(nameof(Household.CountyCode), "县代码", "County code", h => Household.CountyOf(h.VillageCode), (h, v) => h.CountyCode = v, 6)
            with { Origin = FieldOrigin.Derived, Header = null };
    public static readonly RecordField<Household, string> VillagerGroup =
        F.Text(nameof(Household.VillagerGroup), "村民小组", "Villager group", h => h.VillagerGroup, (h, v) => h.VillagerGroup = v, 50) with { Group = Basic };
    public static readonly RecordField<Household, string> Address =
        F.Text(nameof(Household.Address), "住址", "Address", h => h.Address, (h, v) => h.Address = v, 200) with { Group = Basic };
    public static readonly RecordField<Household, string> Phone =
        F.Text(nameof(Household.Phone), "联系电话", "Phone", h => h.Phone, (h, v) => h.Phone = v, 32) with { Group = Basic, Personal = true, Input = InputHint.Phone };
    public static readonly RecordField<Household, string> BankAccount =
        F.Text(nameof(Household.BankAccount), "银行账号", "Bank account", h => h.BankAccount, (h, v) => h.BankAccount = v, 32)
            with { Group = Basic, Personal = true, Input = InputHint.Digits, FormChinese = "银行账号（一卡通）" };
    public static readonly RecordField<Household, HouseholdAttribute> Attribute =
        F.Choice(nameof(Household.Attribute), "贫困户属性", "Attribute", h => h.Attribute, (h, v) => h.Attribute = v) with { Group = Basic };
    public static readonly RecordField<Household, HouseholdStatus> Status =
        F.Choice(nameof(Household.Status), "户状态", "Status", h => h.Status, (h, v) => h.Status = v) with { Origin = FieldOrigin.Process };
    public static readonly RecordField<Household, int> StatusYear =
        F.Integer(nameof(Household.StatusYear), "状态年度", "Status year", h => h.StatusYear, (h, v) => h.StatusYear = v) with { Origin = FieldOrigin.Process };
    public static readonly RecordField<Household, int> IdentifiedYear =
        F.Integer(nameof(Household.IdentifiedYear), "识别年度", "Identified in", h => h.IdentifiedYear, (h, v) => h.IdentifiedYear = v) with { Origin = FieldOrigin.Process };
    public static readonly RecordField<Household, IdentificationStandard> Standard =
        F.Choice(nameof(Household.Standard), "识别标准", "Standard", h => h.Standard, (h, v) => h.Standard = v) with { Group = Basic };
    public static readonly RecordField<Household, MonitoringCategory> Monitoring =
        F.Choice(nameof(Household.Monitoring), "监测类型", "Monitoring", h => h.Monitoring, (h, v) => h.Monitoring = v) with { Group = Basic, Origin = FieldOrigin.Process };
    public static readonly RecordField<Household, PovertyCause> PrimaryCause =
        F.Choice(nameof(Household.PrimaryCause), "主要致贫原因", "Primary cause", h => h.PrimaryCause, (h, v) => h.PrimaryCause = v) with { Group = Basic };
    public static readonly RecordField<Household, PovertyCause> OtherCauses =
        F.Flags(nameof(Household.OtherCauses), "其他致贫原因", "Other causes", h => h.OtherCauses, (h, v) => h.OtherCauses = v) with { Group = Basic };

    // Areas, distances and land: 0 to 1,000,000 in their unit.
    public static readonly RecordField<Household, double> HousingAreaM2 =
        F.Number(nameof(Household.HousingAreaM2), "住房面积", "Housing area", h => h.HousingAreaM2, (h, v) => h.HousingAreaM2 = v, FieldUnit.SquareMetres, 0, 1_000_000)
            with { Group = Housing };
    public static readonly RecordField<Household, HousingStructure> HousingStructure =
        F.Choice(nameof(Household.HousingStructure), "住房结构", "Housing structure", h => h.HousingStructure, (h, v) => h.HousingStructure = v) with { Group = Housing };
    public static readonly RecordField<Household, HousingSafetyGrade> HousingSafety =
        F.Choice(nameof(Household.HousingSafety), "住房安全等级", "Housing safety grade", h => h.HousingSafety, (h, v) => h.HousingSafety = v) with { Group = Housing };
    public static readonly RecordField<Household, DrinkingWater> DrinkingWater =
        F.Choice(nameof(Household.DrinkingWater), "饮水情况", "Drinking water", h => h.DrinkingWater, (h, v) => h.DrinkingWater = v) with { Group = Housing };
    public static readonly RecordField<Household, bool> HasElectricity =
        F.YesNo(nameof(Household.HasElectricity), "通生活用电", "Electricity", h => h.HasElectricity, (h, v) => h.HasElectricity = v)
            with { Group = Housing, FormEnglish = "Has electricity" };
    public static readonly RecordField<Household, double> DistanceToRoadKm =
        F.Number(nameof(Household.DistanceToRoadKm), "距硬化路距离", "Distance to road", h => h.DistanceToRoadKm, (h, v) => h.DistanceToRoadKm = v, FieldUnit.Kilometres, 0, 1_000_000)
            with { Group = Housing, FormEnglish = "Distance to hardened road (km)" };
    public static readonly RecordField<Household, double> CultivatedLandMu =
        F.Number(nameof(Household.CultivatedLandMu), "耕地面积", "Cultivated land", h => h.CultivatedLandMu, (h, v) => h.CultivatedLandMu = v, FieldUnit.Mu, 0, 1_000_000)
            with { Group = Land };
    public static readonly RecordField<Household, double> IrrigatedLandMu =
        F.Number(nameof(Household.IrrigatedLandMu), "有效灌溉面积", "Irrigated land", h => h.IrrigatedLandMu, (h, v) => h.IrrigatedLandMu = v, FieldUnit.Mu, 0, 1_000_000)
            with { Group = Land };
    public static readonly RecordField<Household, double> ForestLandMu =
        F.Number(nameof(Household.ForestLandMu), "林地面积", "Forest land", h => h.ForestLandMu, (h, v) => h.ForestLandMu = v, FieldUnit.Mu, 0, 1_000_000)
            with { Group = Land };
    public static readonly RecordField<Household, double> GrasslandMu =
        F.Number(nameof(Household.GrasslandMu), "牧草地面积", "Grassland", h => h.GrasslandMu, (h, v) => h.GrasslandMu = v, FieldUnit.Mu, 0, 1_000_000)
            with { Group = Land };
    public static readonly RecordField<Household, bool> IsCooperativeMember =
        F.YesNo(nameof(Household.IsCooperativeMember), "加入合作社", "Cooperative member", h => h.IsCooperativeMember, (h, v) => h.IsCooperativeMember = v)
            with { Group = Land, FormChinese = "加入农民专业合作社", FormEnglish = "Member of a farmers' cooperative" };

    /// <summary>Every field, in exchange-column order.</summary>
    public static IReadOnlyList<RecordField<Household>> Fields { get; } =
    [
        Number, VillageCode, CountyCode, VillagerGroup, Address, Phone, BankAccount, Attribute, Status, StatusYear, IdentifiedYear,
        Standard, Monitoring, PrimaryCause, OtherCauses, HousingAreaM2, HousingStructure, HousingSafety, DrinkingWater, HasElectricity,
        DistanceToRoadKm, CultivatedLandMu, IrrigatedLandMu, ForestLandMu, GrasslandMu, IsCooperativeMember,
    ];

    /// <summary>The fields the form, the API and imports edit.</summary>
    public static IEnumerable<RecordField<Household>> Editable => Fields.Where(f => f.Editable);

    public static RecordField<Household>? Find(string code) => Fields.FirstOrDefault(f => f.Code == code);
}
