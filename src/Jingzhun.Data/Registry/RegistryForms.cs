using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Registry;

/// <summary>
/// The fields of a household as the form and the JSON API take them. 户编号, status, status year and
/// identified year are not editable (<see cref="RegistryStatusRules"/>): they are shown, and a request
/// may leave them out (null) or repeat the stored values; any other value is refused.
/// The editable values live in a household that is never saved (<see cref="Record"/>), so that copying
/// them from and onto a stored household goes through its description (<see cref="HouseholdRecord"/>);
/// the typed properties are the JSON and C# face of those values.
/// </summary>
public sealed class HouseholdForm
{
    private readonly Household values = new() { Number = "", VillageCode = "" };

    /// <summary>The values as a household: what the form pages render and bind field by field from the description.</summary>
    public Household Record() => values;

    /// <summary>Given by the system on creation; never changes.</summary>
    [TextLimit(32)] public string? Number { get; set; }
    [TextLimit(12)] public string VillageCode { get => values.VillageCode; set => values.VillageCode = value; }
    [TextLimit(50)] public string VillagerGroup { get => values.VillagerGroup; set => values.VillagerGroup = value; }
    [TextLimit(200)] public string Address { get => values.Address; set => values.Address = value; }
    [TextLimit(32)] public string Phone { get => values.Phone; set => values.Phone = value; }
    [TextLimit(32)] public string BankAccount { get => values.BankAccount; set => values.BankAccount = value; }
    public HouseholdAttribute Attribute { get => values.Attribute; set => values.Attribute = value; }
    /// <summary>Changed only by a case's outcome: null or the current status.</summary>
    public HouseholdStatus? Status { get; set; }
    /// <summary>Changed only with the status: null or the current year.</summary>
    public int? StatusYear { get; set; }
    /// <summary>Set by the identification case: null or the current year.</summary>
    public int? IdentifiedYear { get; set; }
    public IdentificationStandard Standard { get => values.Standard; set => values.Standard = value; }
    /// <summary>Set by monitoring recognition and risk elimination: null or the current type.</summary>
    public MonitoringCategory? Monitoring { get; set; }
    public PovertyCause PrimaryCause { get => values.PrimaryCause; set => values.PrimaryCause = value; }
    public PovertyCause OtherCauses { get => values.OtherCauses; set => values.OtherCauses = value; }
    public double HousingAreaM2 { get => values.HousingAreaM2; set => values.HousingAreaM2 = value; }
    public HousingStructure HousingStructure { get => values.HousingStructure; set => values.HousingStructure = value; }
    public HousingSafetyGrade HousingSafety { get => values.HousingSafety; set => values.HousingSafety = value; }
    public DrinkingWater DrinkingWater { get => values.DrinkingWater; set => values.DrinkingWater = value; }
    public bool HasElectricity { get => values.HasElectricity; set => values.HasElectricity = value; }
    public double DistanceToRoadKm { get => values.DistanceToRoadKm; set => values.DistanceToRoadKm = value; }
    public double CultivatedLandMu { get => values.CultivatedLandMu; set => values.CultivatedLandMu = value; }
    public double IrrigatedLandMu { get => values.IrrigatedLandMu; set => values.IrrigatedLandMu = value; }
    public double ForestLandMu { get => values.ForestLandMu; set => values.ForestLandMu = value; }
    public double GrasslandMu { get => values.GrasslandMu; set => values.GrasslandMu = value; }
    public bool IsCooperativeMember { get => values.IsCooperativeMember; set => values.IsCooperativeMember = value; }
    /// <summary>The version the editor started from; a save against a newer version is a conflict.</summary>
    public int Version { get; set; }

    public static HouseholdForm From(Household h)
    {
        var form = new HouseholdForm
        {
            Number = h.Number, Status = h.Status, StatusYear = h.StatusYear, IdentifiedYear = h.IdentifiedYear, Monitoring = h.Monitoring, Version = h.Version,
        };
        foreach (var field in HouseholdRecord.Editable) field.Copy(h, form.values);
        return form;
    }

    /// <summary>
    /// Copies the editable fields onto a household, text trimmed: not the number, status, status year or identified
    /// year, which <see cref="RegistryEditing"/> checks against the stored ones and cases change.
    /// </summary>
    public void ApplyTo(Household h)
    {
        foreach (var field in HouseholdRecord.Editable)
        {
            if (field is RecordField<Household, string> text) text.Set(h, text.Get(values).Trim());
            else field.Copy(values, h);
        }
        // The primary cause is not also another cause; the county follows from the village.
        h.OtherCauses &= ~h.PrimaryCause;
        h.CountyCode = Household.CountyOf(h.VillageCode);
    }
}

/// <summary>
/// The editable fields of a member. Sex and birth date follow from the resident ID. As with <see cref="HouseholdForm"/>,
/// the values live in a member that is never saved (<see cref="Record"/>) and are copied through the description
/// (<see cref="MemberRecord"/>).
/// </summary>
public sealed class MemberForm
{
    private readonly Member values = new() { Name = "", ResidentId = "" };

    /// <summary>The values as a member: what the form pages render field by field from the description.</summary>
    public Member Record() => values;

    [TextLimit(50)] public string Name { get => values.Name; set => values.Name = value; }
    [TextLimit(18)] public string ResidentId { get => values.ResidentId; set => values.ResidentId = value; }
    public Relation Relation { get => values.Relation; set => values.Relation = value; }
    [TextLimit(20)] public string Ethnicity { get => values.Ethnicity; set => values.Ethnicity = value; }
    public Education Education { get => values.Education; set => values.Education = value; }
    public SchoolingStatus Schooling { get => values.Schooling; set => values.Schooling = value; }
    public HealthStatus Health { get => values.Health; set => values.Health = value; }
    public DisabilityGrade DisabilityGrade { get => values.DisabilityGrade; set => values.DisabilityGrade = value; }
    public LabourCapacity Labour { get => values.Labour; set => values.Labour = value; }
    [TextLimit(100)] public string MigrantWorkPlace { get => values.MigrantWorkPlace; set => values.MigrantWorkPlace = value; }
    public int MigrantWorkMonths { get => values.MigrantWorkMonths; set => values.MigrantWorkMonths = value; }
    public bool HasMedicalInsurance { get => values.HasMedicalInsurance; set => values.HasMedicalInsurance = value; }
    public bool HasPensionInsurance { get => values.HasPensionInsurance; set => values.HasPensionInsurance = value; }
    public bool ReceivesDibao { get => values.ReceivesDibao; set => values.ReceivesDibao = value; }
    public bool ReceivesExtremeHardshipSupport { get => values.ReceivesExtremeHardshipSupport; set => values.ReceivesExtremeHardshipSupport = value; }
    public MemberState State { get => values.State; set => values.State = value; }
    public int Version { get; set; }

    public static MemberForm From(Member m)
    {
        var form = new MemberForm { Version = m.Version };
        foreach (var field in MemberRecord.Editable) field.Copy(m, form.values);
        return form;
    }

    /// <summary>Copies the editable fields onto a member, text trimmed; the resident ID's setter sets birth date and sex.</summary>
    public void ApplyTo(Member m)
    {
        foreach (var field in MemberRecord.Editable)
        {
            if (field is RecordField<Member, string> text) text.Set(m, text.Get(values).Trim());
            else field.Copy(values, m);
        }
    }
}

/// <summary>One year's income of a household, in yuan.</summary>
public sealed class IncomeForm
{
    public int Year { get; set; }
    /// <summary>计算人数; 0 counts the present members.</summary>
    public int MembersCounted { get; set; }
    /// <summary>Confirms a <see cref="MembersCounted"/> that differs from the household's present members (it is refused otherwise).</summary>
    public bool ConfirmMembersCounted { get; set; }
    public decimal Wages { get; set; }
    public decimal ProductionIncome { get; set; }
    public decimal PropertyIncome { get; set; }
    public decimal Pension { get; set; }
    public decimal DibaoAllowance { get; set; }
    public decimal ExtremeHardshipAllowance { get; set; }
    public decimal EcologicalCompensation { get; set; }
    public decimal OtherTransfers { get; set; }
    public decimal ProductionCosts { get; set; }

    public static IncomeForm From(HouseholdIncome i) => new()
    {
        Year = i.Year, MembersCounted = i.MembersCounted, Wages = i.Wages.Yuan, ProductionIncome = i.ProductionIncome.Yuan,
        PropertyIncome = i.PropertyIncome.Yuan, Pension = i.Pension.Yuan, DibaoAllowance = i.DibaoAllowance.Yuan,
        ExtremeHardshipAllowance = i.ExtremeHardshipAllowance.Yuan, EcologicalCompensation = i.EcologicalCompensation.Yuan,
        OtherTransfers = i.OtherTransfers.Yuan, ProductionCosts = i.ProductionCosts.Yuan,
    };

    public void ApplyTo(HouseholdIncome i)
    {
        i.Year = Year; i.MembersCounted = MembersCounted; i.Wages = new Money(Wages); i.ProductionIncome = new Money(ProductionIncome);
        i.PropertyIncome = new Money(PropertyIncome); i.Pension = new Money(Pension); i.DibaoAllowance = new Money(DibaoAllowance);
        i.ExtremeHardshipAllowance = new Money(ExtremeHardshipAllowance); i.EcologicalCompensation = new Money(EcologicalCompensation);
        i.OtherTransfers = new Money(OtherTransfers); i.ProductionCosts = new Money(ProductionCosts);
    }
}
