using Jingzhun.Domain.Access;

namespace Jingzhun.Domain.Assistance;

/// <summary>
/// Who may take each assistance step, in one table: the data services refuse any other role, and pages show a button
/// only to the roles listed here, so the two can never disagree. Region is checked beside it (the actor's scope), and an
/// assistance cadre changes only the households paired with it (the context's save rules).
/// </summary>
public static class AssistanceRoles
{
    private static readonly Role[] Village = [Role.VillageClerk, Role.WorkTeamMember];
    private static readonly Role[] Offices = [Role.TownshipOfficer, Role.CountyOfficer];

    /// <summary>The county's cadre roster: add, edit, mark left, link an account, import a roster file.</summary>
    public static readonly Role[] ManageRoster = [Role.CountyOfficer];
    /// <summary>Pair, hand over and end pairings of households with cadres.</summary>
    public static readonly Role[] Pair = [.. Village, .. Offices];
    /// <summary>Station, rotate and staff village work teams; assess their members yearly.</summary>
    public static readonly Role[] ManageTeams = [.. Offices];
    /// <summary>Record needs, plans and measures (a cadre only for its own households).</summary>
    public static readonly Role[] Plan = [.. Village, Role.AssistanceCadre, .. Offices];
    /// <summary>Record a household's credit rating (the rating panel's result).</summary>
    public static readonly Role[] RateCredit = [.. Village, .. Offices];
    /// <summary>Record loans and repayments as the bank reports them.</summary>
    public static readonly Role[] Lend = [.. Offices];
    /// <summary>Record a relocation and its move-in.</summary>
    public static readonly Role[] Relocate = [.. Offices];
    /// <summary>Record follow-up support of a relocated household.</summary>
    public static readonly Role[] FollowUp = [.. Village, Role.AssistanceCadre, .. Offices];
    /// <summary>Record a visit (遍访) with photos.</summary>
    public static readonly Role[] Visit = [.. Village, Role.AssistanceCadre, .. Offices];

    public static bool May(Role? role, IReadOnlyCollection<Role> roles) => role is { } r && roles.Contains(r);
}
