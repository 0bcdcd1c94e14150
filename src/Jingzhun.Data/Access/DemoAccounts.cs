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
        // Collaboration: the demo enterprise's own account (its partner is linked once the demo's partners exist).
        Make("partner", DemoCollaborationGenerator.EnterpriseName, Role.Partner, DemoGenerator.CountyCode),
    ];

    private static Account Make(string user, string name, Role role, string region) =>
        new() { UserName = user, DisplayName = name, Role = role, RegionCode = region };

    /// <summary>Adds the demo accounts that do not exist yet, all with the demo password.</summary>
    public static async Task EnsureAsync(JingzhunDbContext db, DateTime now, CancellationToken cancellationToken = default)
    {
        await EnsureAccountsAsync(db, now, cancellationToken);
        await EnsureAssignmentsAsync(db, now, cancellationToken);
    }

    /// <summary>
    /// Makes the demo accounts that do not exist yet, in the order of <see cref="All"/> (so their ids are the same whether the
    /// demo's seeding or the first start makes them). The seeding makes them before the demo assessment, whose sample is
    /// assigned to the demo assessor.
    /// </summary>
    public static async Task EnsureAccountsAsync(JingzhunDbContext db, DateTime now, CancellationToken cancellationToken = default)
    {
        foreach (var template in All) await EnsureAccountAsync(db, template.UserName, now, cancellationToken);
    }

    /// <summary>
    /// The demo account of this user name, made with the demo password when it does not exist yet.
    /// </summary>
    public static async Task<Account> EnsureAccountAsync(JingzhunDbContext db, string userName, DateTime now, CancellationToken cancellationToken = default)
    {
        var existing = await db.Accounts.FirstOrDefaultAsync(a => a.UserName == userName, cancellationToken);
        if (existing is not null) return existing;
        var template = All.Single(a => a.UserName == userName);
        var account = new Account
        {
            UserName = template.UserName, DisplayName = template.DisplayName, Role = template.Role,
            RegionCode = template.RegionCode, CreatedAt = now,
        };
        Passwords.SetDemo(account, Password);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }

    /// <summary>
    /// Puts the demo cadre on the county's roster (linked to its account) and pairs it with the first poor households of its
    /// village, so that it finds work when it signs in. (The demo assessor's sample is the demo assessment's, assigned when the
    /// demo is seeded: <c>DemoAssessment</c>.)
    /// </summary>
    private static async Task EnsureAssignmentsAsync(JingzhunDbContext db, DateTime now, CancellationToken ct)
    {
        await LinkPartnerAsync(db, ct);
        // The demo's roster (DemoAssistance) pairs the county's other households; the demo cadre's are left to this.
        var accounts = await db.Accounts.Where(a => a.UserName == "cadre").ToDictionaryAsync(a => a.UserName, a => a, ct);
        var paired = await db.Households.Where(h => h.VillageCode == "990121001001" && h.Status != Domain.Registry.HouseholdStatus.Removed)
            .OrderBy(h => h.Number).Take(Demo.DemoAssistance.DemoCadreHouseholds).Select(h => new { h.Id, h.CountyCode, h.VillageCode }).ToListAsync(ct);
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
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Links the demo partner account to the demo enterprise when both exist (the account may be made before the demo's partners).</summary>
    public static async Task LinkPartnerAsync(JingzhunDbContext db, CancellationToken ct)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.UserName == "partner" && a.Role == Role.Partner && a.PartnerId == null, ct);
        if (account is null) return;
        var partner = await db.Partners.Where(p => p.Name == DemoCollaborationGenerator.EnterpriseName).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
        if (partner is null) return;
        account.PartnerId = partner;
        account.RotateSessionStamp();
        await db.SaveChangesAsync(ct);
    }
}
