using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Census;

/// <summary>
/// Where one household's census record stands (003.md §3.7): surveyed by the village (清查摸底), entered into the census
/// system (系统录入), then accepted level by level — township, county, city, province. A level that finds a fault sends
/// the record back to the village (已退回村级更正): it is corrected, entered again and climbs every level again.
/// </summary>
public enum CensusState
{
    [Label("待清查摸底", "Awaiting the survey")] Pending = 1,
    [Label("已清查摸底", "Surveyed")] Surveyed = 2,
    [Label("已系统录入", "Entered in the system")] Entered = 3,
    [Label("乡镇已审核验收", "Accepted by the township")] TownshipAccepted = 4,
    [Label("县级已审核验收", "Accepted by the county")] CountyAccepted = 5,
    [Label("市级已审核验收", "Accepted by the city")] CityAccepted = 6,
    [Label("省级已审核验收", "Accepted by the province")] ProvinceAccepted = 7,
    [Label("已退回村级更正", "Sent back to the village for correction")] SentBack = 9,
}

/// <summary>The four levels that review and accept (审核验收) what the level below passed up.</summary>
public enum CensusLevel
{
    [Label("乡镇审核验收", "Township review and acceptance")] Township = 1,
    [Label("县级审核验收", "County review and acceptance")] County = 2,
    [Label("市级审核验收", "City review and acceptance")] City = 3,
    [Label("省级审核验收", "Province review and acceptance")] Province = 4,
}

/// <summary>
/// A census round (脱贫攻坚普查) over one county's registered households, opened by the county or its province. Its
/// population is fixed when it opens: every household ever registered (poor, exited, returned, monitored), not those
/// identified as not poor nor those removed in review.
/// </summary>
public sealed class CensusRound
{
    public long Id { get; set; }
    public int Year { get; set; }
    /// <summary>The county's 6-digit code: the unit of scope (the county, the levels above and the areas inside it read the round).</summary>
    public required string CountyCode { get; set; }
    public string Name { get; set; } = "";
    /// <summary>How many households the round took in when it opened.</summary>
    public int Households { get; set; }
    public string OpenedBy { get; set; } = "";
    public DateTime OpenedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>One household's record in a census round, with the actor and time of each step it has passed on its current climb.</summary>
public sealed class CensusRecord
{
    public long Id { get; set; }
    public long RoundId { get; set; }
    public CensusRound? Round { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    /// <summary>The round's year, kept on the record so an area's rates for a year are one query.</summary>
    public int Year { get; set; }
    public string VillageCode { get; set; } = "";
    public string CountyCode { get; set; } = "";
    /// <summary>The household's registry status when the round opened.</summary>
    public HouseholdStatus StatusAtOpening { get; set; }
    public CensusState State { get; set; } = CensusState.Pending;
    public string SurveyedBy { get; set; } = "";
    public DateTime? SurveyedAt { get; set; }
    public string EnteredBy { get; set; } = "";
    public DateTime? EnteredAt { get; set; }
    /// <summary>What the village noted on entry or correction (更正说明).</summary>
    public string Note { get; set; } = "";
    public string TownshipBy { get; set; } = "";
    public DateTime? TownshipAt { get; set; }
    public string CountyBy { get; set; } = "";
    public DateTime? CountyAt { get; set; }
    public string CityBy { get; set; } = "";
    public DateTime? CityAt { get; set; }
    public string ProvinceBy { get; set; } = "";
    public DateTime? ProvinceAt { get; set; }
    /// <summary>The last send-back: by which level, who, when and why; kept after the record climbs again.</summary>
    public CensusLevel? SentBackLevel { get; set; }
    public string SentBackBy { get; set; } = "";
    public DateTime? SentBackAt { get; set; }
    public string SentBackReason { get; set; } = "";
    public int SendBacks { get; set; }
    public int Version { get; set; }
}

/// <summary>Who takes each census step and what each level waits for, in one table.</summary>
public static class CensusRoles
{
    /// <summary>Open a round: the county office or its province (普查由省、县组织).</summary>
    public static readonly Role[] Open = [Role.ProvinceOfficer, Role.CountyOfficer];
    /// <summary>The clearance survey (清查摸底): the village's enumerators, the clerk and the work team.</summary>
    public static readonly Role[] Survey = [Role.VillageClerk, Role.WorkTeamMember];
    /// <summary>System entry (系统录入) and correction after a send-back: the village or the township on its behalf.</summary>
    public static readonly Role[] Enter = [Role.VillageClerk, Role.WorkTeamMember, Role.TownshipOfficer];

    public static Role[] Review(CensusLevel level) => level switch
    {
        CensusLevel.Township => [Role.TownshipOfficer],
        CensusLevel.County => [Role.CountyOfficer],
        CensusLevel.City => [Role.CityOfficer],
        CensusLevel.Province => [Role.ProvinceOfficer],
        _ => [],
    };

    /// <summary>The state a record must be in for this level to review it: what the level below passed up.</summary>
    public static CensusState WaitsFor(CensusLevel level) => level switch
    {
        CensusLevel.Township => CensusState.Entered,
        CensusLevel.County => CensusState.TownshipAccepted,
        CensusLevel.City => CensusState.CountyAccepted,
        _ => CensusState.CityAccepted,
    };

    public static CensusState Accepted(CensusLevel level) => level switch
    {
        CensusLevel.Township => CensusState.TownshipAccepted,
        CensusLevel.County => CensusState.CountyAccepted,
        CensusLevel.City => CensusState.CityAccepted,
        _ => CensusState.ProvinceAccepted,
    };

    /// <summary>The level that reviews a record in this state next, if any.</summary>
    public static CensusLevel? Reviewer(CensusState state) => state switch
    {
        CensusState.Entered => CensusLevel.Township,
        CensusState.TownshipAccepted => CensusLevel.County,
        CensusState.CountyAccepted => CensusLevel.City,
        CensusState.CityAccepted => CensusLevel.Province,
        _ => null,
    };

    /// <summary>The census level an officer role reviews at; null for other roles.</summary>
    public static CensusLevel? LevelOf(Role? role) => role switch
    {
        Role.TownshipOfficer => CensusLevel.Township,
        Role.CountyOfficer => CensusLevel.County,
        Role.CityOfficer => CensusLevel.City,
        Role.ProvinceOfficer => CensusLevel.Province,
        _ => null,
    };

    /// <summary>Households a round takes in: all ever registered (建档立卡), not those found not poor nor removed in review.</summary>
    public static bool IsCensused(HouseholdStatus status) => status is not (HouseholdStatus.NotPoor or HouseholdStatus.Removed);

    /// <summary>Whether a record in this state has got at least as far as <paramref name="stage"/> on its current climb.</summary>
    public static bool Reached(CensusState state, CensusState stage) => state != CensusState.SentBack && state >= stage;
}

/// <summary>
/// The census counts of an area and its five completion rates (5个100%, 003 L1199). Every rate has the same
/// denominator, the households the round took in (the clearance list), so the rates never exceed one another's order
/// and a household not yet visited counts against the entry rate:
/// 清查摸底系统录入率 = records entered in the system ÷ list; 乡镇/县级/市级/省级审核验收率 = records accepted at that
/// level or higher ÷ list. A send-back takes a record down to the village, so it lowers the entry rate and the rate of
/// every level that had already accepted it, and none of the levels above the one that sent it back.
/// </summary>
public sealed record CensusCounts(int Listed, int Surveyed, int Entered, int Township, int County, int City, int Province, int SentBack)
{
    public static CensusCounts Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static CensusCounts Of(CensusState state, int n) => new(n,
        Reached(state, CensusState.Surveyed) || state == CensusState.SentBack ? n : 0,
        Reached(state, CensusState.Entered) ? n : 0,
        Reached(state, CensusState.TownshipAccepted) ? n : 0,
        Reached(state, CensusState.CountyAccepted) ? n : 0,
        Reached(state, CensusState.CityAccepted) ? n : 0,
        Reached(state, CensusState.ProvinceAccepted) ? n : 0,
        state == CensusState.SentBack ? n : 0);

    private static bool Reached(CensusState state, CensusState stage) => CensusRoles.Reached(state, stage);

    public static CensusCounts operator +(CensusCounts a, CensusCounts b) => new(a.Listed + b.Listed, a.Surveyed + b.Surveyed, a.Entered + b.Entered,
        a.Township + b.Township, a.County + b.County, a.City + b.City, a.Province + b.Province, a.SentBack + b.SentBack);

    private decimal? Rate(int n) => Listed == 0 ? null : Math.Round((decimal)n / Listed, 4);

    /// <summary>清查摸底系统录入率.</summary>
    public decimal? EntryRate => Rate(Entered);
    /// <summary>乡镇审核验收率.</summary>
    public decimal? TownshipRate => Rate(Township);
    /// <summary>县级审核验收率.</summary>
    public decimal? CountyRate => Rate(County);
    /// <summary>市级审核验收率.</summary>
    public decimal? CityRate => Rate(City);
    /// <summary>省级审核验收率.</summary>
    public decimal? ProvinceRate => Rate(Province);

    /// <summary>All five rates at 100% (the Ngari goal).</summary>
    public bool AllComplete => Listed > 0 && Province == Listed;

    /// <summary>The five rates with their names, in the order of L1199.</summary>
    public IReadOnlyList<(Bilingual Name, decimal? Rate)> Rates =>
    [
        (new("清查摸底系统录入率", "Survey entry rate"), EntryRate),
        (new("乡镇审核验收率", "Township acceptance rate"), TownshipRate),
        (new("县级审核验收率", "County acceptance rate"), CountyRate),
        (new("市级审核验收率", "City acceptance rate"), CityRate),
        (new("省级审核验收率", "Province acceptance rate"), ProvinceRate),
    ];
}
