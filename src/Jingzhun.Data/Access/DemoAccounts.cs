using Jingzhun.Domain.Assistance;
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
    public static async Task EnsureAsync(JingzhunDbContext db, DateTime now, CancellationToken cancellationToken = default)
    {
        var existing = await db.Accounts.Select(a => a.UserName).ToListAsync(cancellationToken);
        foreach (var template in All.Where(a => !existing.Contains(a.UserName)))
        {
            var account = new Account
            {
                UserName = template.UserName, DisplayName = template.DisplayName, Role = template.Role,
                RegionCode = template.RegionCode, CreatedAt = now,
            };
            Passwords.Set(account, Password);
            db.Accounts.Add(account);
        }
        await db.SaveChangesAsync(cancellationToken);
        await EnsureAssignmentsAsync(db, now, cancellationToken);
    }

    /// <summary>
    /// Puts the demo cadre on the county's roster (linked to its account) and pairs it with the first poor households of its
    /// village, and gives the demo assessor a sample spread over the county, so both roles find work when they sign in.
    /// </summary>
    private static async Task EnsureAssignmentsAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        // The demo's roster (DemoAssistance) pairs the county's other households; the demo cadre's are left to this.
        if (await db.Assignments.AnyAsync(ct)) return;
        var accounts = await db.Accounts.Where(a => a.UserName == "cadre" || a.UserName == "assessor").ToDictionaryAsync(a => a.UserName, a => a, ct);
        var paired = await db.Households.Where(h => h.VillageCode == "990121001001" && h.Status != Domain.Registry.HouseholdStatus.Removed)
            .OrderBy(h => h.Number).Take(Demo.DemoAssistance.DemoCadreHouseholds).Select(h => new { h.Id, h.CountyCode, h.VillageCode }).ToListAsync(ct);
        var total = await db.Households.CountAsync(ct);
        var step = Math.Max(1, total / 30);
        var sample = await db.Households.OrderBy(h => h.Id).Where(h => h.Id % step == 0).Take(30).Select(h => new { h.Id, h.CountyCode, h.VillageCode }).ToListAsync(ct);
        var account = accounts["cadre"];
        var cadre = await db.Cadres.FirstOrDefaultAsync(c => c.AccountId == account.Id, ct);
        if (cadre is null)
        {
            cadre = new Cadre { CountyCode = "990121", Name = account.DisplayName, Unit = "县扶贫办", Level = CadreLevel.County, AccountId = account.Id };
            db.Cadres.Add(cadre);
            await db.SaveChangesAsync(ct);
        }
        var today = DateOnly.FromDateTime(now);
        if (!await db.CadrePairings.AnyAsync(p => p.CadreId == cadre.Id, ct))
            db.CadrePairings.AddRange(paired.Select(h => new CadrePairing
        {
            HouseholdId = h.Id, VillageCode = h.VillageCode, CountyCode = h.CountyCode, CadreId = cadre.Id, StartedOn = today,
            StartReason = "演示数据", StartedBy = "demo",
        }));
        db.Assignments.AddRange(sample.Select(h => Assign(h.Id, h.CountyCode, h.VillageCode, accounts["assessor"].Id, AssignmentKind.AssessmentSample, now)));
        await db.SaveChangesAsync(ct);
    }

    private static HouseholdAssignment Assign(long household, string county, string village, int account, AssignmentKind kind, DateTime now) =>
        new() { HouseholdId = household, CountyCode = county, VillageCode = village, AccountId = account, Kind = kind, AssignedAt = now, AssignedBy = "demo" };
}
