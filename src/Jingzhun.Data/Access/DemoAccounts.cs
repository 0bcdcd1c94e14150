using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Access;

/// <summary>One demo account for every role, at the level where that role works in the demo county.</summary>
public static class DemoAccounts
{
    public const string Password = "demo2025";

    public static IReadOnlyList<Account> All { get; } =
    [
        Make("admin", "系统管理员", Role.SystemAdministrator, "000000000000"),
        Make("nation", "国家级用户", Role.NationalOfficer, "000000000000"),
        Make("province", "示例省扶贫办", Role.ProvinceOfficer, DemoGenerator.ProvinceCode),
        Make("city", "示例市扶贫办", Role.CityOfficer, DemoGenerator.CityCode),
        Make("county", "示例县扶贫办", Role.CountyOfficer, DemoGenerator.CountyCode),
        Make("township", "青山镇扶贫站", Role.TownshipOfficer, "990121001000"),
        Make("village", "高峰村信息员", Role.VillageClerk, "990121001001"),
        Make("village2", "塘湾村信息员", Role.VillageClerk, "990121001002"),
        Make("workteam", "驻村工作队员", Role.WorkTeamMember, "990121001001"),
        Make("cadre", "帮扶责任人", Role.AssistanceCadre, "990121001001"),
        Make("assessor", "第三方评估人员", Role.Assessor, DemoGenerator.CountyCode),
        Make("auditor", "审计人员", Role.Auditor, DemoGenerator.CountyCode),
    ];

    private static Account Make(string user, string name, Role role, string region) =>
        new() { UserName = user, DisplayName = name, Role = role, RegionCode = region };

    /// <summary>Adds the demo accounts that do not exist yet, all with the demo password.</summary>
    public static async Task EnsureAsync(JingzhunDbContext db, CancellationToken cancellationToken = default)
    {
        var existing = await db.Accounts.Select(a => a.UserName).ToListAsync(cancellationToken);
        foreach (var template in All.Where(a => !existing.Contains(a.UserName)))
        {
            var account = new Account
            {
                UserName = template.UserName, DisplayName = template.DisplayName, Role = template.Role,
                RegionCode = template.RegionCode, CreatedAt = DateTime.UtcNow,
            };
            Passwords.Set(account, Password);
            db.Accounts.Add(account);
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
