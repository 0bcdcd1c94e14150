namespace Jingzhun.Domain.Registry;

/// <summary>A member (家庭成员) of a registered household.</summary>
public sealed class Member
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";

    public required string Name { get; set; }
    /// <summary>18-character resident ID (personal data); birth date and sex follow from it.</summary>
    public required string ResidentId { get; set; }
    public Sex Sex { get; set; }
    public DateOnly BirthDate { get; set; }
    public Relation Relation { get; set; } = Relation.Other;
    public string Ethnicity { get; set; } = Ethnicities.Han;
    public Education Education { get; set; } = Education.Primary;
    public SchoolingStatus Schooling { get; set; } = SchoolingStatus.NotStudent;
    public HealthStatus Health { get; set; } = HealthStatus.Healthy;
    public DisabilityGrade DisabilityGrade { get; set; } = DisabilityGrade.None;
    public LabourCapacity Labour { get; set; } = LabourCapacity.Ordinary;
    /// <summary>务工地点; empty when not working away.</summary>
    public string MigrantWorkPlace { get; set; } = "";
    /// <summary>务工时间 in months of the year.</summary>
    public int MigrantWorkMonths { get; set; }
    /// <summary>参加城乡居民基本医疗保险.</summary>
    public bool HasMedicalInsurance { get; set; } = true;
    /// <summary>参加城乡居民基本养老保险.</summary>
    public bool HasPensionInsurance { get; set; }
    /// <summary>享受农村低保.</summary>
    public bool ReceivesDibao { get; set; }
    /// <summary>特困供养.</summary>
    public bool ReceivesExtremeHardshipSupport { get; set; }
    public MemberState State { get; set; } = MemberState.Present;

    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public int AgeOn(DateOnly date)
    {
        var age = date.Year - BirthDate.Year;
        return date < BirthDate.AddYears(age) ? age - 1 : age;
    }

    /// <summary>Sets the resident ID and the birth date and sex that follow from it.</summary>
    public void SetResidentId(ResidentId id)
    {
        ResidentId = id.Value;
        BirthDate = id.BirthDate;
        Sex = id.Sex;
    }
}
