using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Exchange;

/// <summary>A member as one row of the 成员 table: the member and the number of its household.</summary>
public sealed class MemberRow
{
    public string HouseholdNumber { get; set; } = "";
    public Member Member { get; set; } = NewMember();

    public static Member NewMember() => new() { Name = "", ResidentId = "" };
}

/// <summary>One year's income as one row of the 收入 table.</summary>
public sealed class IncomeRow
{
    public string HouseholdNumber { get; set; } = "";
    public HouseholdIncome Income { get; set; } = new();
}

/// <summary>
/// The registry interchange format, defined once for writing and reading: three tables, 户
/// (households), 成员 (members, keyed by 户编号 + 身份证号) and 收入 (incomes, keyed by 户编号 + 年度).
/// In a workbook they are three sheets of those names; as CSV they are three UTF-8 files:
/// <c>x.csv</c> (households), <c>x.members.csv</c> and <c>x.incomes.csv</c>.
/// Enumerations are written as their Chinese labels and read from either label or the code
/// name; 其他致贫原因 is labels joined with "、"; yes/no as 是/否; money in yuan. An empty cell
/// means the field's default.
/// </summary>
public static class RegistryTables
{
    public const string HouseholdsSheet = "户";
    public const string MembersSheet = "成员";
    public const string IncomesSheet = "收入";
    public const string HouseholdNumberHeader = "户编号";

    /// <summary>
    /// Written only into masked exports: a table of notes (项目 / 内容) whose 脱敏 row says 是.
    /// A file with it is a view for reading, never an import file (<see cref="RegistryImporter"/> refuses it).
    /// </summary>
    public const string NotesSheet = "说明";
    public const string NoteItemHeader = "项目";
    public const string NoteTextHeader = "内容";
    public const string MaskedNote = "脱敏";

    public static IReadOnlyList<ExchangeColumn<Household>> HouseholdColumns { get; } =
    [
        H(HouseholdNumberHeader, nameof(Household.Number), h => h.Number, (h, v) => h.Number = v, Codecs.Text),
        H("村代码", nameof(Household.VillageCode), h => h.VillageCode, (h, v) => h.VillageCode = v, Codecs.Text),
        H("村民小组", nameof(Household.VillagerGroup), h => h.VillagerGroup, (h, v) => h.VillagerGroup = v, Codecs.Text),
        H("住址", nameof(Household.Address), h => h.Address, (h, v) => h.Address = v, Codecs.Text),
        H("联系电话", nameof(Household.Phone), h => h.Phone, (h, v) => h.Phone = v, Codecs.Text),
        H("银行账号", nameof(Household.BankAccount), h => h.BankAccount, (h, v) => h.BankAccount = v, Codecs.Text),
        H("贫困户属性", nameof(Household.Attribute), h => h.Attribute, (h, v) => h.Attribute = v, Codecs.Label<HouseholdAttribute>()),
        H("户状态", nameof(Household.Status), h => h.Status, (h, v) => h.Status = v, Codecs.Label<HouseholdStatus>()),
        // An empty year keeps the stored year (status only through cases), so these two may be empty.
        H("状态年度", nameof(Household.StatusYear), h => h.StatusYear, (h, v) => h.StatusYear = v, Codecs.Integer, emptyAllowed: true),
        H("识别年度", nameof(Household.IdentifiedYear), h => h.IdentifiedYear, (h, v) => h.IdentifiedYear = v, Codecs.Integer, emptyAllowed: true),
        H("识别标准", nameof(Household.Standard), h => h.Standard, (h, v) => h.Standard = v, Codecs.Label<IdentificationStandard>()),
        H("监测类型", nameof(Household.Monitoring), h => h.Monitoring, (h, v) => h.Monitoring = v, Codecs.Label<MonitoringCategory>()),
        H("主要致贫原因", nameof(Household.PrimaryCause), h => h.PrimaryCause, (h, v) => h.PrimaryCause = v, Codecs.Label<PovertyCause>()),
        H("其他致贫原因", nameof(Household.OtherCauses), h => h.OtherCauses, (h, v) => h.OtherCauses = v, Codecs.Causes),
        H("住房面积", nameof(Household.HousingAreaM2), h => h.HousingAreaM2, (h, v) => h.HousingAreaM2 = v, Codecs.Number),
        H("住房结构", nameof(Household.HousingStructure), h => h.HousingStructure, (h, v) => h.HousingStructure = v, Codecs.Label<HousingStructure>()),
        H("住房安全等级", nameof(Household.HousingSafety), h => h.HousingSafety, (h, v) => h.HousingSafety = v, Codecs.Label<HousingSafetyGrade>()),
        H("饮水情况", nameof(Household.DrinkingWater), h => h.DrinkingWater, (h, v) => h.DrinkingWater = v, Codecs.Label<DrinkingWater>()),
        H("通生活用电", nameof(Household.HasElectricity), h => h.HasElectricity, (h, v) => h.HasElectricity = v, Codecs.YesNo),
        H("距硬化路距离", nameof(Household.DistanceToRoadKm), h => h.DistanceToRoadKm, (h, v) => h.DistanceToRoadKm = v, Codecs.Number),
        H("耕地面积", nameof(Household.CultivatedLandMu), h => h.CultivatedLandMu, (h, v) => h.CultivatedLandMu = v, Codecs.Number),
        H("有效灌溉面积", nameof(Household.IrrigatedLandMu), h => h.IrrigatedLandMu, (h, v) => h.IrrigatedLandMu = v, Codecs.Number),
        H("林地面积", nameof(Household.ForestLandMu), h => h.ForestLandMu, (h, v) => h.ForestLandMu = v, Codecs.Number),
        H("牧草地面积", nameof(Household.GrasslandMu), h => h.GrasslandMu, (h, v) => h.GrasslandMu = v, Codecs.Number),
        H("加入合作社", nameof(Household.IsCooperativeMember), h => h.IsCooperativeMember, (h, v) => h.IsCooperativeMember = v, Codecs.YesNo),
    ];

    public static IReadOnlyList<ExchangeColumn<MemberRow>> MemberColumns { get; } =
    [
        new ExchangeColumn<MemberRow, string>(HouseholdNumberHeader, nameof(MemberRow.HouseholdNumber), r => r.HouseholdNumber, (r, v) => r.HouseholdNumber = v, Codecs.Text),
        M("姓名", nameof(Member.Name), m => m.Name, (m, v) => m.Name = v, Codecs.Text),
        // Birth date and sex follow from the resident ID, so they are not columns of their own.
        M("身份证号", nameof(Member.ResidentId), m => m.ResidentId, SetResidentId, Codecs.Text),
        M("与户主关系", nameof(Member.Relation), m => m.Relation, (m, v) => m.Relation = v, Codecs.Label<Relation>()),
        M("民族", nameof(Member.Ethnicity), m => m.Ethnicity, (m, v) => m.Ethnicity = v, Codecs.Text),
        M("文化程度", nameof(Member.Education), m => m.Education, (m, v) => m.Education = v, Codecs.Label<Education>()),
        M("在校生状况", nameof(Member.Schooling), m => m.Schooling, (m, v) => m.Schooling = v, Codecs.Label<SchoolingStatus>()),
        M("健康状况", nameof(Member.Health), m => m.Health, (m, v) => m.Health = v, Codecs.Label<HealthStatus>()),
        M("残疾等级", nameof(Member.DisabilityGrade), m => m.DisabilityGrade, (m, v) => m.DisabilityGrade = v, Codecs.Label<DisabilityGrade>()),
        M("劳动技能", nameof(Member.Labour), m => m.Labour, (m, v) => m.Labour = v, Codecs.Label<LabourCapacity>()),
        M("务工地点", nameof(Member.MigrantWorkPlace), m => m.MigrantWorkPlace, (m, v) => m.MigrantWorkPlace = v, Codecs.Text),
        M("务工时间", nameof(Member.MigrantWorkMonths), m => m.MigrantWorkMonths, (m, v) => m.MigrantWorkMonths = v, Codecs.Integer),
        M("医疗保险", nameof(Member.HasMedicalInsurance), m => m.HasMedicalInsurance, (m, v) => m.HasMedicalInsurance = v, Codecs.YesNo),
        M("养老保险", nameof(Member.HasPensionInsurance), m => m.HasPensionInsurance, (m, v) => m.HasPensionInsurance = v, Codecs.YesNo),
        M("享受低保", nameof(Member.ReceivesDibao), m => m.ReceivesDibao, (m, v) => m.ReceivesDibao = v, Codecs.YesNo),
        M("特困供养", nameof(Member.ReceivesExtremeHardshipSupport), m => m.ReceivesExtremeHardshipSupport, (m, v) => m.ReceivesExtremeHardshipSupport = v, Codecs.YesNo),
        M("成员状态", nameof(Member.State), m => m.State, (m, v) => m.State = v, Codecs.Label<MemberState>()),
    ];

    public static IReadOnlyList<ExchangeColumn<IncomeRow>> IncomeColumns { get; } =
    [
        new ExchangeColumn<IncomeRow, string>(HouseholdNumberHeader, nameof(IncomeRow.HouseholdNumber), r => r.HouseholdNumber, (r, v) => r.HouseholdNumber = v, Codecs.Text),
        I("年度", nameof(HouseholdIncome.Year), i => i.Year, (i, v) => i.Year = v, Codecs.Integer),
        I("人口数", nameof(HouseholdIncome.MembersCounted), i => i.MembersCounted, (i, v) => i.MembersCounted = v, Codecs.Integer),
        I("工资性收入", nameof(HouseholdIncome.Wages), i => i.Wages, (i, v) => i.Wages = v, Codecs.Yuan),
        I("生产经营性收入", nameof(HouseholdIncome.ProductionIncome), i => i.ProductionIncome, (i, v) => i.ProductionIncome = v, Codecs.Yuan),
        I("财产性收入", nameof(HouseholdIncome.PropertyIncome), i => i.PropertyIncome, (i, v) => i.PropertyIncome = v, Codecs.Yuan),
        I("养老金", nameof(HouseholdIncome.Pension), i => i.Pension, (i, v) => i.Pension = v, Codecs.Yuan),
        I("低保金", nameof(HouseholdIncome.DibaoAllowance), i => i.DibaoAllowance, (i, v) => i.DibaoAllowance = v, Codecs.Yuan),
        I("特困供养金", nameof(HouseholdIncome.ExtremeHardshipAllowance), i => i.ExtremeHardshipAllowance, (i, v) => i.ExtremeHardshipAllowance = v, Codecs.Yuan),
        I("生态补偿金", nameof(HouseholdIncome.EcologicalCompensation), i => i.EcologicalCompensation, (i, v) => i.EcologicalCompensation = v, Codecs.Yuan),
        I("其他转移性收入", nameof(HouseholdIncome.OtherTransfers), i => i.OtherTransfers, (i, v) => i.OtherTransfers = v, Codecs.Yuan),
        I("生产经营性支出", nameof(HouseholdIncome.ProductionCosts), i => i.ProductionCosts, (i, v) => i.ProductionCosts = v, Codecs.Yuan),
    ];

    private static ExchangeColumn<Household> H<TValue>(string header, string property, Func<Household, TValue> get, Action<Household, TValue> set, Codec<TValue> codec,
        bool? emptyAllowed = null) =>
        new ExchangeColumn<Household, TValue>(header, property, get, set, codec, emptyAllowed);

    private static ExchangeColumn<MemberRow> M<TValue>(string header, string property, Func<Member, TValue> get, Action<Member, TValue> set, Codec<TValue> codec) =>
        new ExchangeColumn<MemberRow, TValue>(header, property, r => get(r.Member), (r, v) => set(r.Member, v), codec);

    private static ExchangeColumn<IncomeRow> I<TValue>(string header, string property, Func<HouseholdIncome, TValue> get, Action<HouseholdIncome, TValue> set, Codec<TValue> codec) =>
        new ExchangeColumn<IncomeRow, TValue>(header, property, r => get(r.Income), (r, v) => set(r.Income, v), codec);

    private static void SetResidentId(Member member, string text)
    {
        member.ResidentId = text.Trim().ToUpperInvariant();
        if (ResidentId.TryParse(member.ResidentId, out var id, out _)) member.SetResidentId(id);
    }

    /// <summary>The header of the column that holds a field, for pointing an error at a cell.</summary>
    public static string HeaderOf<TRow>(IReadOnlyList<ExchangeColumn<TRow>> columns, string field) =>
        field switch
        {
            nameof(Member.BirthDate) or nameof(Member.Sex) => "身份证号",
            _ => columns.FirstOrDefault(c => c.Property == field)?.Header ?? field,
        };
}
