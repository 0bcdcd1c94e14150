using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Funds;

/// <summary>A project crafted for the disclosure tests: the project, its posted disclosure (0 when none), its beneficiary households.</summary>
public sealed record CraftedProject(long ProjectId, string Name, long DisclosureId, IReadOnlyList<Household> Households);

/// <summary>
/// Funds rows for the disclosure tests, written as the roles that write them: a city's allocation to the demo county (with its
/// allocation result posted), and projects of the library crafted at a stage (with the step row the save rules ask for), their
/// funding, beneficiary households with a phone and a bank account (so that the masking checks have something to find), a
/// payment, and the disclosure — through the county officer's context.
/// </summary>
public static class PublicFundsFixture
{
    public const string County = "990121000000";
    public const string Village = "990121001001";
    public const string OtherVillage = "990121001002";
    private static int _next;

    /// <summary>A context acting as a demo account, on the host's database and clock.</summary>
    public static async Task<JingzhunDbContext> AsAsync(ApiHost host, string user, CancellationToken ct)
    {
        await using var system = host.OpenDatabase();
        var account = await system.Accounts.AsNoTracking().SingleAsync(a => a.UserName == user, ct);
        return JingzhunDb.Create(DatabaseTarget.Parse(host.Database), AccessScope.For(account), host.Clock);
    }

    /// <summary>A city's allocation to the demo county, recorded as the city officer would, with its result posted.</summary>
    public static async Task<FundAllocation> AllocationAsync(ApiHost host, decimal amount, CancellationToken ct, int year = 2025)
    {
        var now = host.Clock.GetUtcNow().UtcDateTime;
        await using var db = await AsAsync(host, "city", ct);
        var n = Interlocked.Increment(ref _next);
        var allocation = new FundAllocation
        {
            // A source the demo county's own ledger does not use, so that the county page's sum by year and source is this one.
            Year = year, Source = FundSource.EastWest, FromCode = "990100000000", ToCode = County, Amount = new Money(amount),
            Purpose = "产业发展和基础设施", DocumentNumber = $"示财农〔{year}〕{n}号", IssuedOn = DateOnly.FromDateTime(now), RecordedBy = "city",
        };
        db.Allocations.Add(allocation);
        await db.SaveChangesAsync(ct);
        await Disclosures.PostAllocationAsync(db, allocation, now, ct);
        await db.SaveChangesAsync(ct);
        return allocation;
    }

    /// <summary>A project at <paramref name="stage"/> with two beneficiary households and a payment; its disclosure of <paramref name="kind"/> posted at <paramref name="postedAt"/>.</summary>
    public static async Task<CraftedProject> ProjectAsync(ApiHost host, ProjectStage stage, DateTime postedAt, CancellationToken ct,
        DisclosureKind? kind = DisclosureKind.ProjectPlan, string village = Village, long? allocationId = null)
    {
        var n = Interlocked.Increment(ref _next);
        var households = new List<Household>();
        await using (var system = host.OpenDatabase())
            for (var i = 0; i < 2; i++) households.Add(await NewHouseholdAsync(system, village, ct));

        await using var db = await AsAsync(host, "county", ct);
        var project = new Project
        {
            Number = $"XMT{Guid.NewGuid():N}"[..24], Name = $"公示测试项目{n}号", Type = ProjectType.Industry, Year = 2025, RegionCode = village, Stage = stage,
            Content = "建设食用菌大棚20个", Implementer = "高峰村股份经济合作社", BenefitMechanism = "受益户按股分红", BeneficiaryPeople = 6,
            PlannedStart = new DateOnly(2025, 4, 1), PlannedEnd = new DateOnly(2025, 10, 31), ProposedBy = "village",
        };
        project.Funding.Add(new ProjectFunding { Source = FundSource.CentralFiscal, AllocationId = allocationId, Amount = new Money(120_000m), RegionCode = village });
        project.Funding.Add(new ProjectFunding { Source = FundSource.OwnFunds, Amount = new Money(5_000.5m), RegionCode = village });
        if (stage != ProjectStage.Proposed)
            project.Steps.Add(new ProjectStep
            {
                From = stage == ProjectStage.Rejected ? ProjectStage.Reviewed : stage - 1, To = stage,
                Action = stage == ProjectStage.Rejected ? ProjectAction.Reject : ProjectAction.Advance,
                RegionCode = village, Actor = "county", Role = nameof(Role.CountyOfficer), At = postedAt, Comment = "测试",
            });
        db.Projects.Add(project);
        foreach (var h in households)
            project.Beneficiaries.Add(new ProjectBeneficiary { HouseholdId = h.Id, People = 3, AddedAt = postedAt, AddedBy = "county" });
        await db.SaveChangesAsync(ct);
        db.Payments.Add(new FundPayment
        {
            CountyCode = "990121", RegionCode = village, Year = 2025, Kind = PaymentKind.Project, PaidOn = DateOnly.FromDateTime(postedAt),
            Amount = new Money(30_000m), Source = FundSource.CentralFiscal, AllocationId = allocationId, ProjectId = project.Id, Payee = "高峰村股份经济合作社",
            Purpose = "首期工程款", PurposeType = ProjectType.Industry, Voucher = $"PZ{n}", RecordedBy = "county",
        });
        await db.SaveChangesAsync(ct);
        long disclosureId = 0;
        if (kind is { } k)
        {
            var disclosure = await Disclosures.PostProjectAsync(db, project, k, postedAt, ct);
            await db.SaveChangesAsync(ct);
            disclosureId = disclosure.Id;
        }
        return new CraftedProject(project.Id, project.Name, disclosureId, households);
    }

    /// <summary>A household with a phone, a bank account and a head with a full resident ID.</summary>
    private static async Task<Household> NewHouseholdAsync(JingzhunDbContext db, string village, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _next);
        var form = new HouseholdForm
        {
            VillageCode = village, VillagerGroup = "二组", PrimaryCause = PovertyCause.Illness, Phone = $"1397654{3000 + n}", BankAccount = $"622848009876543{2000 + n}",
        };
        var head = new MemberForm { Name = $"受益户{n}", ResidentId = ResidentId.Create(village[..6], new DateOnly(1968, 5, 1 + n % 28), 600 + 2 * n).Value, Relation = Relation.Head };
        var result = await RegistryEditing.CreateAsync(db, form, [head], "公示测试 / disclosure test", DateTime.UtcNow, ct);
        Assert.True(result.Outcome == EditOutcome.Saved, string.Join("; ", result.Errors.Select(e => e.Message(true))));
        return await db.Households.AsNoTracking().Include(h => h.Members).SingleAsync(h => h.Id == result.Value!.Id, ct);
    }

    /// <summary>No full resident ID, phone or bank account of these households anywhere in the text.</summary>
    public static void AssertNoPersonalData(string text, IEnumerable<Household> households)
    {
        foreach (var household in households)
        {
            foreach (var member in household.Members) Assert.DoesNotContain(member.ResidentId, text);
            Assert.DoesNotContain(household.Phone, text);
            Assert.DoesNotContain(household.BankAccount, text);
        }
    }
}
