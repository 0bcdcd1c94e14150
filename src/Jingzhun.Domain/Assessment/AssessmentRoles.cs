using Jingzhun.Domain.Access;

namespace Jingzhun.Domain.Assessment;

/// <summary>
/// Who may take each assessment and supervision step, in one table: the data services refuse any other role and the
/// pages show a button only to these. Region is checked beside it (the actor's scope). Auditors read and change nothing;
/// an assessor records forms of its own assigned sample only, and nothing else.
/// </summary>
public static class AssessmentRoles
{
    /// <summary>Organise a third-party assessment: create it, draw and assign the sample, start the visits, close it (002:2663, 002:2598).</summary>
    public static readonly Role[] Organise = [Role.NationalOfficer, Role.ProvinceOfficer];
    /// <summary>Record the form of a sampled household (and only one assigned to the assessor).</summary>
    public static readonly Role[] Record = [Role.Assessor];
    /// <summary>Raise a finding of an area inside one's region, withdraw it and sign off its rectification.</summary>
    public static readonly Role[] Supervise = [Role.NationalOfficer, Role.ProvinceOfficer, Role.CityOfficer, Role.CountyOfficer, Role.TownshipOfficer];
    /// <summary>Report a rectification of a finding of one's area, with evidence.</summary>
    public static readonly Role[] Rectify =
        [Role.ProvinceOfficer, Role.CityOfficer, Role.CountyOfficer, Role.TownshipOfficer, Role.VillageClerk, Role.WorkTeamMember];
    /// <summary>Run the annual assessment of the areas below (provinces by the nation, 002:2582; cities and counties by the levels above, 002:2624).</summary>
    public static readonly Role[] AssessAnnually = [Role.NationalOfficer, Role.ProvinceOfficer, Role.CityOfficer];

    public static bool May(Role? role, IReadOnlyCollection<Role> roles) => role is { } r && roles.Contains(r);
}
