using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Registry;

/// <summary>
/// The fields of a household as the form and the JSON API take them. 户编号, status, status year and
/// identified year are not editable (<see cref="RegistryStatusRules"/>): they are shown, and a request
/// may leave them out (null) or repeat the stored values; any other value is refused.
/// </summary>
public sealed class HouseholdForm
{
    /// <summary>Given by the system on creation; never changes.</summary>
    [TextLimit(32)] public string? Number { get; set; }
    [TextLimit(12)] public string VillageCode { get; set; } = "";
    [TextLimit(50)] public string VillagerGroup { get; set; } = "";
    [TextLimit(200)] public string Address { get; set; } = "";
    [TextLimit(32)] public string Phone { get; set; } = "";
    [TextLimit(32)] public string BankAccount { get; set; } = "";
    public HouseholdAttribute Attribute { get; set; } = HouseholdAttribute.Ordinary;
    /// <summary>Changed only by a case's outcome: null or the current status.</summary>
    public HouseholdStatus? Status { get; set; }
    /// <summary>Changed only with the status: null or the current year.</summary>
    public int? StatusYear { get; set; }
    /// <summary>Set by the identification case: null or the current year.</summary>
    public int? IdentifiedYear { get; set; }
    public IdentificationStandard Standard { get; set; } = IdentificationStandard.National;
    public MonitoringCategory Monitoring { get; set; } = MonitoringCategory.None;
    public PovertyCause PrimaryCause { get; set; } = PovertyCause.None;
    public PovertyCause OtherCauses { get; set; } = PovertyCause.None;
    public double HousingAreaM2 { get; set; }
    public HousingStructure HousingStructure { get; set; } = HousingStructure.BrickWood;
    public HousingSafetyGrade HousingSafety { get; set; } = HousingSafetyGrade.NotAssessed;
    public DrinkingWater DrinkingWater { get; set; } = DrinkingWater.Safe;
    public bool HasElectricity { get; set; } = true;
    public double DistanceToRoadKm { get; set; }
    public double CultivatedLandMu { get; set; }
    public double IrrigatedLandMu { get; set; }
    public double ForestLandMu { get; set; }
    public double GrasslandMu { get; set; }
    public bool IsCooperativeMember { get; set; }
    /// <summary>The version the editor started from; a save against a newer version is a conflict.</summary>
    public int Version { get; set; }

    public static HouseholdForm From(Household h) => new()
    {
        Number = h.Number, VillageCode = h.VillageCode, VillagerGroup = h.VillagerGroup, Address = h.Address, Phone = h.Phone,
        BankAccount = h.BankAccount, Attribute = h.Attribute, Status = h.Status, StatusYear = h.StatusYear,
        IdentifiedYear = h.IdentifiedYear, Standard = h.Standard, Monitoring = h.Monitoring, PrimaryCause = h.PrimaryCause,
        OtherCauses = h.OtherCauses, HousingAreaM2 = h.HousingAreaM2, HousingStructure = h.HousingStructure,
        HousingSafety = h.HousingSafety, DrinkingWater = h.DrinkingWater, HasElectricity = h.HasElectricity,
        DistanceToRoadKm = h.DistanceToRoadKm, CultivatedLandMu = h.CultivatedLandMu, IrrigatedLandMu = h.IrrigatedLandMu,
        ForestLandMu = h.ForestLandMu, GrasslandMu = h.GrasslandMu, IsCooperativeMember = h.IsCooperativeMember, Version = h.Version,
    };

    /// <summary>
    /// Copies the editable fields onto a household: not the number, status, status year or identified
    /// year, which <see cref="RegistryEditing"/> checks against the stored ones and cases change.
    /// </summary>
    public void ApplyTo(Household h)
    {
        h.VillageCode = VillageCode.Trim(); h.VillagerGroup = VillagerGroup.Trim(); h.Address = Address.Trim();
        h.Phone = Phone.Trim(); h.BankAccount = BankAccount.Trim(); h.Attribute = Attribute; h.Standard = Standard; h.Monitoring = Monitoring; h.PrimaryCause = PrimaryCause;
        h.OtherCauses = OtherCauses & ~PrimaryCause; h.HousingAreaM2 = HousingAreaM2; h.HousingStructure = HousingStructure;
        h.HousingSafety = HousingSafety; h.DrinkingWater = DrinkingWater; h.HasElectricity = HasElectricity;
        h.DistanceToRoadKm = DistanceToRoadKm; h.CultivatedLandMu = CultivatedLandMu; h.IrrigatedLandMu = IrrigatedLandMu;
        h.ForestLandMu = ForestLandMu; h.GrasslandMu = GrasslandMu; h.IsCooperativeMember = IsCooperativeMember;
        h.CountyCode = Household.CountyOf(h.VillageCode);
    }
}

/// <summary>The editable fields of a member. Sex and birth date follow from the resident ID.</summary>
public sealed class MemberForm
{
    [TextLimit(50)] public string Name { get; set; } = "";
    [TextLimit(18)] public string ResidentId { get; set; } = "";
    public Relation Relation { get; set; } = Relation.Other;
    [TextLimit(20)] public string Ethnicity { get; set; } = Ethnicities.Han;
    public Education Education { get; set; } = Education.Primary;
    public SchoolingStatus Schooling { get; set; } = SchoolingStatus.NotStudent;
    public HealthStatus Health { get; set; } = HealthStatus.Healthy;
    public DisabilityGrade DisabilityGrade { get; set; } = DisabilityGrade.None;
    public LabourCapacity Labour { get; set; } = LabourCapacity.Ordinary;
    [TextLimit(100)] public string MigrantWorkPlace { get; set; } = "";
    public int MigrantWorkMonths { get; set; }
    public bool HasMedicalInsurance { get; set; } = true;
    public bool HasPensionInsurance { get; set; }
    public bool ReceivesDibao { get; set; }
    public bool ReceivesExtremeHardshipSupport { get; set; }
    public MemberState State { get; set; } = MemberState.Present;
    public int Version { get; set; }

    public static MemberForm From(Member m) => new()
    {
        Name = m.Name, ResidentId = m.ResidentId, Relation = m.Relation, Ethnicity = m.Ethnicity, Education = m.Education,
        Schooling = m.Schooling, Health = m.Health, DisabilityGrade = m.DisabilityGrade, Labour = m.Labour,
        MigrantWorkPlace = m.MigrantWorkPlace, MigrantWorkMonths = m.MigrantWorkMonths, HasMedicalInsurance = m.HasMedicalInsurance,
        HasPensionInsurance = m.HasPensionInsurance, ReceivesDibao = m.ReceivesDibao,
        ReceivesExtremeHardshipSupport = m.ReceivesExtremeHardshipSupport, State = m.State, Version = m.Version,
    };

    public void ApplyTo(Member m)
    {
        m.Name = Name.Trim();
        m.ResidentId = ResidentId.Trim().ToUpperInvariant();
        if (Domain.Registry.ResidentId.TryParse(m.ResidentId, out var id, out _)) { m.BirthDate = id.BirthDate; m.Sex = id.Sex; }
        m.Relation = Relation; m.Ethnicity = Ethnicity.Trim(); m.Education = Education; m.Schooling = Schooling; m.Health = Health;
        m.DisabilityGrade = DisabilityGrade; m.Labour = Labour; m.MigrantWorkPlace = MigrantWorkPlace.Trim();
        m.MigrantWorkMonths = MigrantWorkMonths; m.HasMedicalInsurance = HasMedicalInsurance; m.HasPensionInsurance = HasPensionInsurance;
        m.ReceivesDibao = ReceivesDibao; m.ReceivesExtremeHardshipSupport = ReceivesExtremeHardshipSupport; m.State = State;
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
