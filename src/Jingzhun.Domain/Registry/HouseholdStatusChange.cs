namespace Jingzhun.Domain.Registry;

/// <summary>One change of a household's registry status, kept for ever.</summary>
public sealed class HouseholdStatusChange
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    public int Year { get; set; }
    public HouseholdStatus From { get; set; }
    public HouseholdStatus To { get; set; }
    public string Reason { get; set; } = "";
    public string Actor { get; set; } = "";
    public DateTime At { get; set; }
}
