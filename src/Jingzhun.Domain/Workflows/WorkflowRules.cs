using Jingzhun.Domain.Access;

namespace Jingzhun.Domain.Workflows;

/// <summary>One allowed move: from a stage to the next, and the roles that may make it.</summary>
public sealed record StepRule(CaseKind Kind, Stage From, Stage To, IReadOnlyList<Role> Roles);

/// <summary>
/// The workflows of DESIGN §4 as data: each kind is a chain of stages, each move made by the
/// roles of the level where that stage happens. Notice stages hold a case until the notice
/// period has run with no open objection; an objection sends the case back to verification.
/// </summary>
public static class WorkflowRules
{
    private static readonly Role[] Village = [Role.VillageClerk, Role.WorkTeamMember];
    private static readonly Role[] Township = [Role.TownshipOfficer];
    private static readonly Role[] County = [Role.CountyOfficer];
    private static readonly Role[] City = [Role.CityOfficer];
    private static readonly Role[] Province = [Role.ProvinceOfficer];
    private static readonly Role[] Nation = [Role.NationalOfficer];

    public static IReadOnlyList<StepRule> Steps { get; } =
    [
        // Identification: application or proposal → review → verification → village notice → township review
        // → township notice → county approval → county announcement → registered.
        new(CaseKind.Identification, Stage.Proposed, Stage.DemocraticReview, Village),
        new(CaseKind.Identification, Stage.DemocraticReview, Stage.Verification, Village),
        new(CaseKind.Identification, Stage.Verification, Stage.FirstNotice, Village),
        new(CaseKind.Identification, Stage.FirstNotice, Stage.TownshipReview, Village),
        new(CaseKind.Identification, Stage.TownshipReview, Stage.SecondNotice, Township),
        new(CaseKind.Identification, Stage.SecondNotice, Stage.CountyApproval, Township),
        new(CaseKind.Identification, Stage.CountyApproval, Stage.Announcement, County),
        new(CaseKind.Identification, Stage.Announcement, Stage.Registered, County),

        // Household exit: pre-exit → review → verification → household signs → village notice → announcement → deregistration.
        new(CaseKind.HouseholdExit, Stage.PreExit, Stage.DemocraticReview, Village),
        new(CaseKind.HouseholdExit, Stage.DemocraticReview, Stage.Verification, Village),
        new(CaseKind.HouseholdExit, Stage.Verification, Stage.HouseholdAcknowledged, Village),
        new(CaseKind.HouseholdExit, Stage.HouseholdAcknowledged, Stage.VillageNotice, Village),
        new(CaseKind.HouseholdExit, Stage.VillageNotice, Stage.ExitAnnouncement, Village),
        new(CaseKind.HouseholdExit, Stage.ExitAnnouncement, Stage.Deregistered, Township),

        // Village exit: figures computed → township notice → announcement → exited.
        new(CaseKind.VillageExit, Stage.Computed, Stage.TownshipNotice, Township),
        new(CaseKind.VillageExit, Stage.TownshipNotice, Stage.VillageAnnouncement, Township),
        new(CaseKind.VillageExit, Stage.VillageAnnouncement, Stage.VillageExited, County),

        // County exit: county → city → province verifies → public notice → province approves → national assessment → approved.
        new(CaseKind.CountyExit, Stage.CountyProposal, Stage.CityReview, County),
        new(CaseKind.CountyExit, Stage.CityReview, Stage.ProvinceVerification, City),
        new(CaseKind.CountyExit, Stage.ProvinceVerification, Stage.PublicNotice, Province),
        new(CaseKind.CountyExit, Stage.PublicNotice, Stage.ProvinceApproval, Province),
        new(CaseKind.CountyExit, Stage.ProvinceApproval, Stage.NationalAssessment, Province),
        new(CaseKind.CountyExit, Stage.NationalAssessment, Stage.CountyExited, Nation),

        // Look-back removal of a wrongly identified household: village proposes → township reviews → county removes.
        new(CaseKind.LookBackRemoval, Stage.Proposed, Stage.RemovalReview, Village),
        new(CaseKind.LookBackRemoval, Stage.RemovalReview, Stage.CountyApproval, Township),
        new(CaseKind.LookBackRemoval, Stage.CountyApproval, Stage.RemovedFromRegistry, County),

        // Monitoring: village finds and verifies, appraises and posts the notice; township reviews; county compares and decides.
        new(CaseKind.Monitoring, Stage.Signal, Stage.HomeVisit, Village),
        new(CaseKind.Monitoring, Stage.HomeVisit, Stage.VillageAppraisal, Village),
        new(CaseKind.Monitoring, Stage.VillageAppraisal, Stage.MonitoringNotice, Village),
        new(CaseKind.Monitoring, Stage.MonitoringNotice, Stage.TownshipCheck, Village),
        new(CaseKind.Monitoring, Stage.TownshipCheck, Stage.CountyComparison, Township),
        new(CaseKind.Monitoring, Stage.CountyComparison, Stage.Recognised, County),

        // Risk elimination: the village records the on-site assessment, the township reviews, the county approves.
        new(CaseKind.RiskElimination, Stage.OnSiteAssessment, Stage.EliminationReview, Village),
        new(CaseKind.RiskElimination, Stage.EliminationReview, Stage.EliminationApproval, Township),
        new(CaseKind.RiskElimination, Stage.EliminationApproval, Stage.RiskEliminated, County),

        // Poor-village identification: the village applies, the township reviews and posts the notice, the county decides
        // and announces; the village is then a poor village from the case's year.
        new(CaseKind.VillageIdentification, Stage.VillageApplication, Stage.TownshipVillageNotice, Village),
        new(CaseKind.VillageIdentification, Stage.TownshipVillageNotice, Stage.CountyVillageAnnouncement, Township),
        new(CaseKind.VillageIdentification, Stage.CountyVillageAnnouncement, Stage.VillageIdentified, County),
    ];

    /// <summary>
    /// Who may open a case of a kind: those who take its first step; monitoring work also opens from a township or county
    /// (a department's early warning arrives there) — the village still takes the first step.
    /// </summary>
    public static IReadOnlyList<Role> OpenRoles(CaseKind kind) => kind == CaseKind.Monitoring
        ? [.. Village, Role.AssistanceCadre, .. Township, .. County]
        : Next(kind, Start(kind))?.Roles ?? [];

    public static Stage Start(CaseKind kind) => kind switch
    {
        CaseKind.Identification => Stage.Proposed,
        CaseKind.HouseholdExit => Stage.PreExit,
        CaseKind.VillageExit => Stage.Computed,
        CaseKind.CountyExit => Stage.CountyProposal,
        CaseKind.LookBackRemoval => Stage.Proposed,
        CaseKind.Monitoring => Stage.Signal,
        CaseKind.RiskElimination => Stage.OnSiteAssessment,
        CaseKind.VillageIdentification => Stage.VillageApplication,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static StepRule? Next(CaseKind kind, Stage from) => Steps.FirstOrDefault(s => s.Kind == kind && s.From == from);

    public static bool IsFinal(Stage stage) => stage is Stage.Registered or Stage.Deregistered or Stage.VillageExited
        or Stage.CountyExited or Stage.RemovedFromRegistry or Stage.Recognised or Stage.RiskEliminated or Stage.VillageIdentified or Stage.Rejected;

    /// <summary>Stages during which the case is on public notice.</summary>
    public static bool IsNotice(Stage stage) => stage is Stage.FirstNotice or Stage.SecondNotice or Stage.VillageNotice
        or Stage.TownshipNotice or Stage.PublicNotice or Stage.MonitoringNotice or Stage.TownshipVillageNotice;

    /// <summary>Monitoring notices run for the monitoring period (5 days by default), the others for the notice period.</summary>
    public static bool IsMonitoring(CaseKind kind) => kind is CaseKind.Monitoring or CaseKind.RiskElimination;

    /// <summary>Where an objection or a return sends a case: back to verification (or the first stage of area workflows).</summary>
    public static Stage ReturnStage(CaseKind kind) => kind switch
    {
        CaseKind.Identification or CaseKind.HouseholdExit => Stage.Verification,
        CaseKind.VillageExit => Stage.Computed,
        CaseKind.CountyExit => Stage.ProvinceVerification,
        CaseKind.Monitoring => Stage.HomeVisit,
        _ => Start(kind),
    };

    /// <summary>Whether this role may take the case from its stage to the next (region is checked by the scope).</summary>
    public static bool MayAdvance(Role? role, CaseKind kind, Stage stage) =>
        role is { } r && Next(kind, stage) is { } step && step.Roles.Contains(r);

    /// <summary>The roles that may return or reject a case at a stage: those who may advance it.</summary>
    public static bool MayDecide(Role? role, CaseKind kind, Stage stage) => MayAdvance(role, kind, stage);
}
