using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Web.Registry;

public sealed record MemberView(
    long Id, string Name, string ResidentId, Sex Sex, DateOnly BirthDate, Relation Relation, string Ethnicity, Education Education,
    SchoolingStatus Schooling, HealthStatus Health, DisabilityGrade DisabilityGrade, LabourCapacity Labour, string MigrantWorkPlace,
    int MigrantWorkMonths, bool HasMedicalInsurance, bool HasPensionInsurance, bool ReceivesDibao, bool ReceivesExtremeHardshipSupport,
    MemberState State, int Version)
{
    public static MemberView From(Member m) => new(
        m.Id, m.Name, m.ResidentId, m.Sex, m.BirthDate, m.Relation, m.Ethnicity, m.Education, m.Schooling, m.Health, m.DisabilityGrade,
        m.Labour, m.MigrantWorkPlace, m.MigrantWorkMonths, m.HasMedicalInsurance, m.HasPensionInsurance, m.ReceivesDibao,
        m.ReceivesExtremeHardshipSupport, m.State, m.Version);
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
    bool IsCooperativeMember, int Version, List<MemberView> Members, List<IncomeView> Incomes, List<StatusChangeView> StatusHistory)
{
    public static HouseholdDetail From(Household h, string regionPath) => new(
        h.Id, h.Number, h.VillageCode, regionPath, h.VillagerGroup, h.Address, h.Phone, h.BankAccount, h.Attribute, h.Status,
        h.StatusYear, h.IdentifiedYear, h.Standard, h.Monitoring, h.PrimaryCause, h.OtherCauses, h.HousingAreaM2, h.HousingStructure,
        h.HousingSafety, h.DrinkingWater, h.HasElectricity, h.DistanceToRoadKm, h.CultivatedLandMu, h.IrrigatedLandMu, h.ForestLandMu,
        h.GrasslandMu, h.IsCooperativeMember, h.Version,
        h.Members.Select(MemberView.From).ToList(),
        h.Incomes.OrderByDescending(i => i.Year).Select(IncomeView.From).ToList(),
        h.StatusHistory.Select(StatusChangeView.From).ToList());
}

public sealed record AuditEntryView(DateTime At, string Actor, AuditAction Action, string EntityType, string EntityId,
    string? Field, string? OldValue, string? NewValue, string? Reason)
{
    public static AuditEntryView From(AuditEntry a) => new(a.At, a.Actor, a.Action, a.EntityType, a.EntityId, a.Field, a.OldValue, a.NewValue, a.Reason);
}
