using Jingzhun.Domain.Access;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Shared;

/// <summary>
/// What the signed-in account may do, for deciding which links and buttons a page shows. Every answer
/// is read from the policy the server enforces (the request's <see cref="AccessScope"/>, the same one the
/// data context filters and checks every save by), so a page never offers what the server then refuses.
/// Views get it as <c>@Can</c>; page models that refuse a request use the same answers.
/// Actions on one record (edit a household, advance a case, resolve an objection) are decided on that
/// record's page model from the record's own rules (<c>Pairings.MayChangeAsync</c>, <c>WorkflowRules.MayAdvance</c>).
/// </summary>
public sealed class Can(AccessScope scope)
{
    public AccessScope Scope => scope;

    /// <summary>A partner account (Collaboration): outside the registry, it reads only its own pairings and inputs.</summary>
    public bool IsPartner => scope.Role == Role.Partner;

    /// <summary>A signed-in account (not an anonymous visitor).</summary>
    public bool SignedIn => scope.Role is not null;

    /// <summary>
    /// Register a household or import households: roles that change the registry of their region. Assistance
    /// cadres change only the households paired with them, so a new one is refused on save (the save rules, Database/PairingSaveRules).
    /// </summary>
    public bool RegisterHouseholds => scope.CanWrite && !scope.WritesAssignedOnly;

    /// <summary>Import households from a file: as registering them (the bulk importer refuses cadres too).</summary>
    public bool ImportHouseholds => RegisterHouseholds;

    /// <summary>
    /// The region's work pages (cases, lists, area exits, year-ends, statistics, the audit log): every role that reads
    /// its region. Assessors read only their assigned sample, and the query filters show them none of these.
    /// </summary>
    public bool ReadRegionWork => scope.CanRead && !scope.ReadsAssignedOnly;

    /// <summary>An area's pages (statistics, regions): inside the reader's region; above it they are not found.</summary>
    public bool ReadArea(string regionCode) => ReadRegionWork && scope.Covers(regionCode);

    /// <summary>Account administration: officers above the village and system administrators (AccountPolicy).</summary>
    public bool AdministerAccounts => scope.CanAdministerAccounts;

    /// <summary>
    /// The rule sets: officers and administrators, who set or apply the poverty lines; field roles, auditors and
    /// assessors work with the decisions on the household and case pages.
    /// </summary>
    public bool SeeRules => scope.Role is Role.NationalOfficer or Role.ProvinceOfficer or Role.CityOfficer
        or Role.CountyOfficer or Role.TownshipOfficer or Role.SystemAdministrator;

    /// <summary>
    /// The developer API reference (/scalar/v1, the OpenAPI document) and raw JSON links: system administrators and
    /// national and province officers, who connect other systems. Field roles work through the pages. The API itself
    /// enforces the same scope as the pages for everyone.
    /// </summary>
    public bool SeeDeveloperApi => scope.Role is Role.SystemAdministrator or Role.NationalOfficer or Role.ProvinceOfficer;

    /// <summary>The monitoring pages (防返贫监测): every role that reads its region's work (as <see cref="ReadRegionWork"/>).</summary>
    public bool SeeMonitoring => ReadRegionWork;

    /// <summary>
    /// A screening visit (村级排查) or an application on a household's behalf: village clerks, work-team members and
    /// assistance cadres of the household's village (Data/Monitoring/MonitoringWork.RecordScreeningAsync checks the same).
    /// </summary>
    public bool ScreenHouseholds(string villageCode) =>
        (scope.Role is Role.VillageClerk or Role.WorkTeamMember or Role.AssistanceCadre) && scope.MayChange(villageCode);

    /// <summary>A household's consent to data checks: the staff who raise signals (village to county) in the household's region.</summary>
    public bool RecordConsent(string villageCode) =>
        (scope.Role is Role.VillageClerk or Role.WorkTeamMember or Role.AssistanceCadre or Role.TownshipOfficer or Role.CountyOfficer)
        && scope.MayChange(villageCode);

    /// <summary>The on-site assessment of a monitored household: the village (clerk, work team) and the township.</summary>
    public bool AssessRisk(string villageCode) =>
        (scope.Role is Role.VillageClerk or Role.WorkTeamMember or Role.TownshipOfficer) && scope.MayChange(villageCode);

    /// <summary>市级评估成效: city officers, once the risk is eliminated.</summary>
    public bool EvaluateRisk(string villageCode) => scope.Role is Role.CityOfficer && scope.MayChange(villageCode);
}
