using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;

namespace Jingzhun.Domain.Access;

public enum Role
{
    [Label("国家级扶贫干部", "National officer")] NationalOfficer = 1,
    [Label("省级扶贫干部", "Province officer")] ProvinceOfficer = 2,
    [Label("市级扶贫干部", "City officer")] CityOfficer = 3,
    [Label("县级扶贫干部", "County officer")] CountyOfficer = 4,
    [Label("乡镇扶贫干部", "Township officer")] TownshipOfficer = 5,
    [Label("村级信息员", "Village clerk")] VillageClerk = 6,
    [Label("驻村工作队员", "Village work-team member")] WorkTeamMember = 7,
    [Label("帮扶责任人", "Assistance cadre")] AssistanceCadre = 8,
    [Label("第三方评估人员", "Third-party assessor")] Assessor = 9,
    [Label("审计人员", "Auditor")] Auditor = 10,
    [Label("系统管理员", "System administrator")] SystemAdministrator = 11,
    /// <summary>帮扶单位账户: an enterprise, central unit or paired region outside the registry; sees only its own pairings and inputs.</summary>
    [Label("帮扶单位/企业账户", "Partner account")] Partner = 12,
}

public static class Roles
{
    /// <summary>The level an officer role works at; other roles take their level from their region.</summary>
    public static RegionLevel? OfficerLevel(this Role role) => role switch
    {
        Role.NationalOfficer => RegionLevel.Nation,
        Role.ProvinceOfficer => RegionLevel.Province,
        Role.CityOfficer => RegionLevel.City,
        Role.CountyOfficer => RegionLevel.County,
        Role.TownshipOfficer => RegionLevel.Township,
        Role.VillageClerk => RegionLevel.Village,
        Role.WorkTeamMember => RegionLevel.Village,
        Role.AssistanceCadre => RegionLevel.Village,
        _ => null,
    };

    /// <summary>Roles that may change registry data inside their region.</summary>
    public static bool MayEditRegistry(this Role role) => role is
        Role.NationalOfficer or Role.ProvinceOfficer or Role.CityOfficer or Role.CountyOfficer
        or Role.TownshipOfficer or Role.VillageClerk or Role.WorkTeamMember or Role.SystemAdministrator;
}
