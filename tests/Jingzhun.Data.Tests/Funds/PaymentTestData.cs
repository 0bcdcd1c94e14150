using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Funds;

/// <summary>Rows the payment tests craft for themselves: a county allocation, projects at a stage, households with their members.</summary>
internal static class PaymentTestData
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;
    public static readonly DateOnly Today = new(2026, 3, 2);
    public static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    public const string County = "990121";
    public const string Village = "990121001001";

    public static JingzhunDbContext As(TestDatabase database, string user) =>
        JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)));

    public static JingzhunDbContext SystemDb(TestDatabase database) => JingzhunDb.Create(database.Target, AccessScope.System("test"));

    public static async Task<TestDatabase> DemoAsync(DatabaseProvider provider, TestFolder folder, string name, int households = 60)
    {
        var database = await (await TestDatabase.CreateAsync(provider, folder, name)).WithDemoAsync(households);
        await using var db = SystemDb(database);
        await DemoAccounts.EnsureAsync(db, Now, Ct);
        return database;
    }

    /// <summary>An allocation the city gave the county, with a document number of its own.</summary>
    public static async Task<FundAllocation> AllocationAsync(TestDatabase database, decimal amount, string document, string toCode = "990121000000")
    {
        await using var db = SystemDb(database);
        var allocation = new FundAllocation
        {
            Year = 2026, Source = FundSource.CentralFiscal, FromCode = "990100000000", ToCode = toCode, Amount = new Money(amount),
            Purpose = "到户产业补助", DocumentNumber = document, IssuedOn = new DateOnly(2026, 1, 10), RecordedBy = "test",
        };
        db.Allocations.Add(allocation);
        await db.SaveChangesAsync(Ct);
        return allocation;
    }

    /// <summary>A project of the county at a stage (the steps that brought it there saved with it).</summary>
    public static async Task<Project> ProjectAsync(TestDatabase database, ProjectStage stage, string number, string region = Village)
    {
        await using var db = As(database, "county");
        var project = new Project
        {
            Number = number, Name = "测试项目" + number, Type = ProjectType.Industry, Year = 2026, RegionCode = region, Stage = stage,
            Implementer = "青山建设公司", ProposedBy = "county",
        };
        project.Funding.Add(new ProjectFunding { Project = project, Source = FundSource.CentralFiscal, Amount = new Money(100_000m), RegionCode = region });
        if (stage != ProjectStage.Proposed)
            project.Steps.Add(new ProjectStep { From = ProjectStage.Proposed, To = stage, Action = ProjectAction.Advance, RegionCode = region, Actor = "county", At = Now });
        db.Projects.Add(project);
        await db.SaveChangesAsync(Ct);
        return project;
    }

    public sealed record HouseholdInfo(long Id, string Number, string VillageCode, long HeadId, string HeadName, long OtherId, string OtherResidentId, string OtherName);

    /// <summary>Households of the village with a present head and another member.</summary>
    public static async Task<List<HouseholdInfo>> HouseholdsAsync(TestDatabase database, int count, string? village = null)
    {
        await using var db = SystemDb(database);
        var households = await db.Households.AsNoTracking().Include(h => h.Members)
            .Where(h => h.Status != HouseholdStatus.Removed && (village == null || h.VillageCode == village) && h.Members.Count(m => m.State == MemberState.Present) >= 2)
            .OrderBy(h => h.Number).Take(count * 3).ToListAsync(Ct);
        return households.Where(h => h.Head is not null).Take(count).Select(h =>
        {
            var other = h.Members.First(m => m.Id != h.Head!.Id);
            return new HouseholdInfo(h.Id, h.Number, h.VillageCode, h.Head!.Id, h.Head.Name, other.Id, other.ResidentId, other.Name);
        }).ToList();
    }

    /// <summary>What a payment step may change: the payments and the audit log.</summary>
    public static async Task<string> LedgerAsync(TestDatabase database)
    {
        await using var db = SystemDb(database);
        var payments = await db.Payments.OrderBy(p => p.Id).Select(p => new { p.Id, p.Amount, p.ReversesId }).ToListAsync(Ct);
        return $"{string.Join(";", payments)}|{await db.AuditEntries.CountAsync(Ct)}";
    }

    /// <summary>What a project import may change: projects, their lines, beneficiaries and steps, and the audit log.</summary>
    public static async Task<string> LibraryAsync(TestDatabase database)
    {
        await using var db = SystemDb(database);
        return $"{await db.Projects.CountAsync(Ct)}|{await db.ProjectFunding.CountAsync(Ct)}|{await db.ProjectBeneficiaries.CountAsync(Ct)}|" +
               $"{await db.ProjectSteps.CountAsync(Ct)}|{await db.AuditEntries.CountAsync(Ct)}";
    }

    public static PaymentFormBuilder Household(HouseholdInfo h, long allocationId, decimal amount) => new(h, allocationId, amount);

    public sealed record PaymentFormBuilder(HouseholdInfo H, long AllocationId, decimal Amount)
    {
        public Data.Funds.PaymentForm Form(long? memberId = null, long? projectId = null) => new()
        {
            Kind = PaymentKind.Household, PaidOn = Today, Amount = Amount, AllocationId = AllocationId, HouseholdId = H.Id, MemberId = memberId,
            ProjectId = projectId, Purpose = "产业奖补", PurposeType = ProjectType.Industry, Voucher = "PZ" + H.Number[^4..],
        };
    }
}
