using Jingzhun.Domain.Access;

namespace Jingzhun.Domain.Collaboration;

/// <summary>
/// Who may take each collaboration step, in one table (the data services refuse any other role; the pages show a button
/// only to these). Region is checked beside it; a partner account acts only for its own partner.
/// </summary>
public static class CollaborationRoles
{
    /// <summary>Register partners and pairings, end them, record seconded people: the offices of the helped area.</summary>
    public static readonly Role[] ManagePairings = [Role.NationalOfficer, Role.ProvinceOfficer, Role.CityOfficer, Role.CountyOfficer];
    /// <summary>Enter an input: the partner itself, or the county or township office on its behalf.</summary>
    public static readonly Role[] Enter = [Role.Partner, Role.CountyOfficer, Role.TownshipOfficer];
    /// <summary>Check an input on the spot: the village work team (and the village clerk beside it).</summary>
    public static readonly Role[] Check = [Role.WorkTeamMember, Role.VillageClerk];
    /// <summary>Confirm the people an input reached: the county.</summary>
    public static readonly Role[] Confirm = [Role.CountyOfficer];

    public static bool May(Role? role, IReadOnlyCollection<Role> roles) => role is { } r && roles.Contains(r);

    /// <summary>The step an input in this state waits for, and who takes it.</summary>
    public static IReadOnlyCollection<Role> Next(InputState state) => state switch
    {
        InputState.Entered => Check,
        InputState.Checked => Confirm,
        _ => [],
    };
}
