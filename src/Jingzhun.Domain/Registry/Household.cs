using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Registry;

/// <summary>A registered household (建档立卡户), the unit of identification and exit.</summary>
public sealed class Household
{
    public long Id { get; set; }
    /// <summary>户编号, unique across the registry; the key for imports.</summary>
    public required string Number { get; set; }
    /// <summary>12-digit code of the village the household belongs to.</summary>
    public required string VillageCode { get; set; }
    /// <summary>6-digit county code, carried on every household-scoped row so the registry can be sharded by county.</summary>
    public string CountyCode { get; set; } = "";
    /// <summary>村民小组.</summary>
    public string VillagerGroup { get; set; } = "";
    public string Address { get; set; } = "";
    /// <summary>联系电话 (personal data), kept in its normal form (<see cref="PhoneNumbers.Normalize"/>) whoever sets it.</summary>
    public string Phone { get; set => field = PhoneNumbers.Normalize(value); } = "";
    /// <summary>"一卡通" bank account through which household payments are made (personal data).</summary>
    public string BankAccount { get; set; } = "";

    public HouseholdAttribute Attribute { get; set; } = HouseholdAttribute.Ordinary;
    public HouseholdStatus Status { get; set; } = HouseholdStatus.Poor;
    /// <summary>The year the current status took effect.</summary>
    public int StatusYear { get; set; }
    /// <summary>The year the household was first identified as poor.</summary>
    public int IdentifiedYear { get; set; }
    public IdentificationStandard Standard { get; set; } = IdentificationStandard.National;
    public MonitoringCategory Monitoring { get; set; } = MonitoringCategory.None;
    public PovertyCause PrimaryCause { get; set; } = PovertyCause.None;
    /// <summary>Other causes, any combination.</summary>
    public PovertyCause OtherCauses { get; set; } = PovertyCause.None;

    public double HousingAreaM2 { get; set; }
    public HousingStructure HousingStructure { get; set; } = HousingStructure.BrickWood;
    public HousingSafetyGrade HousingSafety { get; set; } = HousingSafetyGrade.NotAssessed;
    public DrinkingWater DrinkingWater { get; set; } = DrinkingWater.Safe;
    public bool HasElectricity { get; set; } = true;
    /// <summary>Distance to the nearest hardened road, km.</summary>
    public double DistanceToRoadKm { get; set; }
    public double CultivatedLandMu { get; set; }
    public double IrrigatedLandMu { get; set; }
    public double ForestLandMu { get; set; }
    public double GrasslandMu { get; set; }
    /// <summary>加入农民专业合作社.</summary>
    public bool IsCooperativeMember { get; set; }

    /// <summary>Optimistic-concurrency version, increased on every change.</summary>
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<Member> Members { get; set; } = [];
    public List<HouseholdIncome> Incomes { get; set; } = [];
    public List<HouseholdStatusChange> StatusHistory { get; set; } = [];

    public IEnumerable<Member> PresentMembers => Members.Where(m => m.State == MemberState.Present);

    public Member? Head => PresentMembers.FirstOrDefault(m => m.Relation == Relation.Head);

    /// <summary>Primary and other causes together, for searching by cause.</summary>
    public PovertyCause AllCauses => PrimaryCause | OtherCauses;

    /// <summary>Grades C and D are dangerous houses (危房): the housing guarantee is not met.</summary>
    public bool LivesInDangerousHouse => HousingSafety is HousingSafetyGrade.C or HousingSafetyGrade.D;

    /// <summary>Changes the status, keeping the old one in the history with the reason.</summary>
    public HouseholdStatusChange ChangeStatus(HouseholdStatus to, int year, string reason, string actor, DateTime at)
    {
        var change = new HouseholdStatusChange
        {
            HouseholdId = Id, CountyCode = CountyCode, Year = year, From = Status, To = to,
            Reason = reason, Actor = actor, At = at,
        };
        StatusHistory.Add(change);
        Status = to;
        StatusYear = year;
        return change;
    }

    public static string CountyOf(string villageCode) => villageCode.Length >= 6 ? villageCode[..6] : villageCode;

    public IncomeYear? IncomeIn(int year) => Incomes.FirstOrDefault(i => i.Year == year)?.ToIncomeYear();

    private static readonly Bilingual ListSeparator = new("、", ", ");

    public string CausesLabel(bool english) =>
        string.Join(ListSeparator.In(english), Enum.GetValues<PovertyCause>()
            .Where(c => c != PovertyCause.None && AllCauses.HasFlag(c))
            .Select(c => c.Label(english)));
}
