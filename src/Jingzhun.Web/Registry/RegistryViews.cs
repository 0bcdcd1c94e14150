using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Jingzhun.Data.Registry;

namespace Jingzhun.Web.Registry;

/// <summary>
/// A member as the API shows it. When the household's personal data is masked for the reader
/// (<see cref="PersonalDataView"/>), the resident ID is masked, the birth date, health and
/// disability grade are null, and <see cref="HealthNote"/> says only whether a health condition is recorded.
/// </summary>
public sealed record MemberView(
    long Id, string Name, string ResidentId, Sex Sex, DateOnly? BirthDate, Relation Relation, string Ethnicity, Education Education,
    SchoolingStatus Schooling, HealthStatus? Health, DisabilityGrade? DisabilityGrade, LabourCapacity Labour, string MigrantWorkPlace,
    int MigrantWorkMonths, bool HasMedicalInsurance, bool HasPensionInsurance, bool ReceivesDibao, bool ReceivesExtremeHardshipSupport,
    MemberState State, int Version, string? HealthNote = null)
{
    public static MemberView From(Member m) => From(m, PersonalDataView.Full);

    public static MemberView From(Member m, PersonalDataView view) => new(
        m.Id, m.Name, view.ResidentId(m), m.Sex, view.BirthDate(m), m.Relation, m.Ethnicity, m.Education, m.Schooling, view.Health(m),
        view.Disability(m), m.Labour, m.MigrantWorkPlace, m.MigrantWorkMonths, m.HasMedicalInsurance, m.HasPensionInsurance, m.ReceivesDibao,
        m.ReceivesExtremeHardshipSupport, m.State, m.Version, view.Masked ? view.HealthText(m, english: false) : null);
}

public sealed record IncomeView(
    int Year, int MembersCounted, decimal Wages, decimal ProductionIncome, decimal PropertyIncome, decimal Pension,
    decimal DibaoAllowance, decimal ExtremeHardshipAllowance, decimal EcologicalCompensation, decimal OtherTransfers,
    decimal TransferIncome, decimal ProductionCosts, decimal NetIncome, decimal PerCapitaNetIncome)
{
    public static IncomeView From(HouseholdIncome i)
    {
        var y = i.ToIncomeYear();
        return new(i.Year, i.MembersCounted, i.Wages.Yuan, i.ProductionIncome.Yuan, i.PropertyIncome.Yuan, i.Pension.Yuan,
            i.DibaoAllowance.Yuan, i.ExtremeHardshipAllowance.Yuan, i.EcologicalCompensation.Yuan, i.OtherTransfers.Yuan,
            y.Transfers.Total.Yuan, i.ProductionCosts.Yuan, y.NetIncome.Yuan, y.PerCapitaNetIncome.Yuan);
    }
}

public sealed record StatusChangeView(int Year, HouseholdStatus FromStatus, HouseholdStatus ToStatus, string Reason, string Actor, DateTime At)
{
    public static StatusChangeView From(HouseholdStatusChange s) => new(s.Year, s.From, s.To, s.Reason, s.Actor, s.At);
}

public sealed record HouseholdDetail(
    long Id, string Number, string VillageCode, string RegionPath, string VillagerGroup, string Address, string Phone, string BankAccount,
    HouseholdAttribute Attribute, HouseholdStatus Status, int StatusYear, int IdentifiedYear, IdentificationStandard Standard,
    MonitoringCategory Monitoring, PovertyCause PrimaryCause, PovertyCause OtherCauses, double HousingAreaM2,
    HousingStructure HousingStructure, HousingSafetyGrade HousingSafety, DrinkingWater DrinkingWater, bool HasElectricity,
    double DistanceToRoadKm, double CultivatedLandMu, double IrrigatedLandMu, double ForestLandMu, double GrasslandMu,
    bool IsCooperativeMember, int Version, List<MemberView> Members, List<IncomeView> Incomes, List<StatusChangeView> StatusHistory,
    bool PersonalDataMasked = false,
    // The household itself, for the described fields this record does not declare (RecordJson).
    [property: System.Text.Json.Serialization.JsonIgnore] Household? Record = null)
{
    public static HouseholdDetail From(Household h, string regionPath) => From(h, regionPath, PersonalDataView.Full);

    /// <summary>The household as the reader may see it: personal data masked when <paramref name="view"/> says so.</summary>
    public static HouseholdDetail From(Household h, string regionPath, PersonalDataView view) => new(
        h.Id, h.Number, h.VillageCode, regionPath, h.VillagerGroup, h.Address, view.Phone(h), view.BankAccount(h), h.Attribute, h.Status,
        h.StatusYear, h.IdentifiedYear, h.Standard, h.Monitoring, h.PrimaryCause, h.OtherCauses, h.HousingAreaM2, h.HousingStructure,
        h.HousingSafety, h.DrinkingWater, h.HasElectricity, h.DistanceToRoadKm, h.CultivatedLandMu, h.IrrigatedLandMu, h.ForestLandMu,
        h.GrasslandMu, h.IsCooperativeMember, h.Version,
        h.Members.Select(m => MemberView.From(m, view)).ToList(),
        h.Incomes.OrderByDescending(i => i.Year).Select(IncomeView.From).ToList(),
        h.StatusHistory.Select(StatusChangeView.From).ToList(),
        view.Masked, h);
}

public sealed record AuditEntryView(DateTime At, string Actor, AuditAction Action, string EntityType, string EntityId,
    string? Field, string? OldValue, string? NewValue, string? Reason)
{
    public static AuditEntryView From(AuditEntry a) => new(a.At, a.Actor, a.Action, a.EntityType, a.EntityId, a.Field, a.OldValue, a.NewValue, a.Reason);
}
