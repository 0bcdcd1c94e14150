using Jingzhun.Domain.Access;

namespace Jingzhun.Domain.Funds;

/// <summary>
/// Who may take each funds and projects step, in one table: the data services refuse any other role and the pages show
/// a button only to these, so the two can never disagree. Region is checked beside it (the actor's scope). Auditors and
/// assessors appear nowhere here: auditors read funds and change nothing; assessors do not see them.
/// </summary>
public static class FundRoles
{
    private static readonly Role[] Village = [Role.VillageClerk, Role.WorkTeamMember];

    /// <summary>Allocate funds to the level below (the officer of the issuing level).</summary>
    public static readonly Role[] Allocate = [Role.NationalOfficer, Role.ProvinceOfficer, Role.CityOfficer];
    /// <summary>Open and close the county's dedicated accounts; record what the county received.</summary>
    public static readonly Role[] ManageAccounts = [Role.CountyOfficer];
    /// <summary>Record payments and their reversals, import payment files.</summary>
    public static readonly Role[] Pay = [Role.CountyOfficer];
    /// <summary>Propose a project (a village's; a township or the county may propose its own larger works).</summary>
    public static readonly Role[] Propose = [.. Village, Role.TownshipOfficer, Role.CountyOfficer];
    /// <summary>Import a county's project list.</summary>
    public static readonly Role[] ImportProjects = [Role.CountyOfficer];
    /// <summary>Register assets of a completed project, their shares and state.</summary>
    public static readonly Role[] ManageAssets = [Role.TownshipOfficer, Role.CountyOfficer];
    /// <summary>Record an asset's income.</summary>
    public static readonly Role[] RecordIncome = [.. Village, Role.TownshipOfficer, Role.CountyOfficer];
    /// <summary>Distribute an asset's income to households (payments).</summary>
    public static readonly Role[] Distribute = [Role.CountyOfficer];
    /// <summary>Record an objection on behalf of someone, and resolve objections to disclosures.</summary>
    public static readonly Role[] HandleObjections = [.. Village, Role.TownshipOfficer, Role.CountyOfficer];

    public static bool May(Role? role, IReadOnlyCollection<Role> roles) => role is { } r && roles.Contains(r);
}

/// <summary>One allowed move of a project, and the roles that may make it.</summary>
public sealed record ProjectStepRule(ProjectStage From, ProjectStage To, IReadOnlyList<Role> Roles);

/// <summary>The project lifecycle as data (003.md §3.11): each move made by the level where that stage happens.</summary>
public static class ProjectRules
{
    private static readonly Role[] Village = [Role.VillageClerk, Role.WorkTeamMember];
    private static readonly Role[] Township = [Role.TownshipOfficer];
    private static readonly Role[] County = [Role.CountyOfficer];

    public static IReadOnlyList<ProjectStepRule> Steps { get; } =
    [
        new(ProjectStage.Proposed, ProjectStage.Reviewed, Township),
        new(ProjectStage.Reviewed, ProjectStage.Approved, County),
        // Start and completion are reported by the township that oversees the works; acceptance and handover are the county's.
        new(ProjectStage.Approved, ProjectStage.Started, Township),
        new(ProjectStage.Started, ProjectStage.Completed, Township),
        new(ProjectStage.Completed, ProjectStage.Accepted, County),
        new(ProjectStage.Accepted, ProjectStage.HandedOver, County),
        // The owner that received the assets puts them into operation: the village collective, or the offices above.
        new(ProjectStage.HandedOver, ProjectStage.Operating, [.. Village, .. Township, .. County]),
    ];

    public static ProjectStepRule? Next(ProjectStage from) => Steps.FirstOrDefault(s => s.From == from);

    public static bool MayAdvance(Role? role, ProjectStage stage) => role is { } r && Next(stage) is { } step && step.Roles.Contains(r);

    /// <summary>Before it enters the library a project can be sent back to the village or turned down by whoever would advance it.</summary>
    public static bool MayReturnOrReject(Role? role, ProjectStage stage) =>
        stage is ProjectStage.Reviewed or ProjectStage.Proposed && MayAdvance(role, stage);

    /// <summary>The disclosure that must have run, with no open objection, before a project leaves a stage.</summary>
    public static DisclosureKind? DisclosureBefore(ProjectStage from) => from switch
    {
        ProjectStage.Approved => DisclosureKind.ProjectPlan,
        ProjectStage.Completed => DisclosureKind.ProjectCompletion,
        _ => null,
    };

    /// <summary>The disclosure posted when a project reaches a stage.</summary>
    public static DisclosureKind? DisclosureOn(ProjectStage to) => to switch
    {
        ProjectStage.Approved => DisclosureKind.ProjectPlan,
        ProjectStage.Completed => DisclosureKind.ProjectCompletion,
        _ => null,
    };

    public static bool IsInLibrary(ProjectStage stage) => stage is >= ProjectStage.Approved and < ProjectStage.Rejected;
    public static bool HasStarted(ProjectStage stage) => stage is >= ProjectStage.Started and < ProjectStage.Rejected;
    public static bool IsCompleted(ProjectStage stage) => stage is >= ProjectStage.Completed and < ProjectStage.Rejected;
}
