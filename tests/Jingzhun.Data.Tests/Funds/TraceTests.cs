using CsCheck;
using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Data.Tests.Assistance;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Funds;

/// <summary>
/// The trace both ways. Down: from a central allocation (nation → province → city → county) the trace reaches every
/// household paid from it with its yuan, and the sums balance at every node (allocated = passed down + paid + unpaid;
/// passed down = the children's allocated), over random allocation trees, payments and reversals. Up: a household's
/// every yuan, reversals netted, each with its allocation, source, project and the chain above it; and its projects.
/// </summary>
public sealed class TraceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = FundFixture.Now;
    private const string Village = "990121001001";

    private static FundPayment Paid(Household h, FundAllocation a, decimal yuan, PaymentKind kind = PaymentKind.Household) => new()
    {
        CountyCode = "990121", RegionCode = h.VillageCode, Year = a.Year, Kind = kind, PaidOn = new DateOnly(2026, 5, 1), Amount = new Money(yuan),
        Source = kind == PaymentKind.Dividend ? null : a.Source, AllocationId = kind == PaymentKind.Dividend ? null : a.Id, HouseholdId = h.Id,
        MemberId = h.Members[0].Id, Payee = h.Members[0].Name, Purpose = "产业奖补", PurposeType = ProjectType.Industry, Voucher = "PZ" + yuan,
    };

    private static FundPayment Reversal(FundPayment p) => new()
    {
        CountyCode = p.CountyCode, RegionCode = p.RegionCode, Year = p.Year, Kind = p.Kind, PaidOn = new DateOnly(2026, 5, 20), Amount = new Money(-p.Amount.Yuan),
        Source = p.Source, AllocationId = p.AllocationId, ProjectId = p.ProjectId, HouseholdId = p.HouseholdId, MemberId = p.MemberId, Payee = p.Payee,
        Purpose = p.Purpose, PurposeType = p.PurposeType, ReversesId = p.Id, Reason = "错付冲正",
    };

    private sealed record Scopes(JingzhunDbContext Nation, JingzhunDbContext Province, JingzhunDbContext City, JingzhunDbContext County) : IAsyncDisposable
    {
        public JingzhunDbContext Issuer(string from) => from switch
        {
            FundFixture.Nation => Nation,
            FundFixture.Province => Province,
            _ => City,
        };

        public async ValueTask DisposeAsync()
        {
            await Nation.DisposeAsync();
            await Province.DisposeAsync();
            await City.DisposeAsync();
            await County.DisposeAsync();
        }
    }

    private static Scopes Open(DatabaseTarget target) => new(
        JingzhunDb.Create(target, FundFixture.As(Role.NationalOfficer, FundFixture.Nation)), JingzhunDb.Create(target, FundFixture.As(Role.ProvinceOfficer, FundFixture.Province)),
        JingzhunDb.Create(target, FundFixture.As(Role.CityOfficer, FundFixture.City)), JingzhunDb.Create(target, FundFixture.As(Role.CountyOfficer, FundFixture.County)));

    private static async Task<List<Household>> HouseholdsAsync(DatabaseTarget target, int count)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        var list = new List<Household>();
        for (var i = 0; i < count; i++)
            list.Add(await CoverageRegister.HouseholdAsync(db, i % 2 == 0 ? Village : "990121001002", HouseholdStatus.Poor, Ct));
        return list;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_trace_from_a_central_allocation_reaches_every_household_paid_and_balances_at_every_level(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "trace-down")).WithRegionsAsync();
        await FundFixture.AddRegionsAsync(database.Target, Ct);
        var households = await HouseholdsAsync(database.Target, 6);
        await using var scopes = Open(database.Target);
        await using var reader = JingzhunDb.Create(database.Target, FundFixture.As(Role.NationalOfficer, FundFixture.Nation));

        var gen = Gen.Select(Gen.Long[1_000_00L, 50_000_000_00L], Gen.Int[1, 3], Gen.Int[0, 4], Gen.Int[0, int.MaxValue]);
        await gen.SampleAsync(async (rootFen, breadth, paymentsPerCounty, seed) =>
        {
            var rng = new Random(seed);
            long Part(long of) => of <= 1 ? of : 1 + (long)(rng.NextDouble() * (of - 1));
            var expected = new Dictionary<long, decimal>(); // household → net yuan paid from this tree
            var central = await Allocations.AllocateAsync(scopes.Nation, FundFixture.Input(FundFixture.Nation, FundFixture.Province, rootFen / 100m), Now, Ct);
            var left = new Dictionary<long, long> { [central.Id] = rootFen };
            var counties = new List<FundAllocation>();

            async Task PassDownAsync(FundAllocation parent, string[] receivers)
            {
                for (var i = 0; i < breadth && left[parent.Id] > 0; i++)
                {
                    var fen = Part(left[parent.Id]);
                    var to = receivers[rng.Next(receivers.Length)];
                    var child = await Allocations.AllocateAsync(scopes.Issuer(parent.ToCode), FundFixture.Input(parent.ToCode, to, fen / 100m, parent.Id), Now, Ct);
                    left[parent.Id] -= fen;
                    left[child.Id] = fen;
                    if (to == FundFixture.City) await PassDownAsync(child, [FundFixture.County, FundFixture.County2]);
                    else counties.Add(child);
                }
            }
            await PassDownAsync(central, [FundFixture.City, FundFixture.County, FundFixture.County2]);

            foreach (var county in counties)
            {
                if (county.ToCode == FundFixture.County)
                    for (var i = 0; i < paymentsPerCounty && left[county.Id] > 0; i++)
                    {
                        var h = households[rng.Next(households.Count)];
                        var fen = Part(Math.Min(left[county.Id], 5_000_00));
                        var payment = Paid(h, county, fen / 100m);
                        scopes.County.Payments.Add(payment);
                        await scopes.County.SaveChangesAsync(Ct);
                        left[county.Id] -= fen;
                        expected[h.Id] = expected.GetValueOrDefault(h.Id) + fen / 100m;
                        if (rng.Next(4) == 0)
                        {
                            scopes.County.Payments.Add(Reversal(payment));
                            await scopes.County.SaveChangesAsync(Ct);
                            left[county.Id] += fen;
                            expected[h.Id] -= fen / 100m;
                        }
                    }
                // Now and then an allocation nothing was paid from is reversed by its issuer: it stays in the tree at zero.
                if (left[county.Id] == county.Amount.Fen && rng.Next(3) == 0)
                {
                    await Allocations.ReverseAsync(scopes.Issuer(county.FromCode), county.Id, "下达有误", Now, Ct);
                    left[county.ParentId!.Value] += county.Amount.Fen;
                    left[county.Id] = 0;
                }
            }

            var root = (await Trace.DownAsync(reader, central.Id, Ct))!;
            var nodes = root.All.ToList();
            Assert.Equal(left.Count, nodes.Count);
            foreach (var n in nodes)
            {
                var b = n.Balance;
                Assert.Equal(b.Allocated.Yuan, b.PassedDown.Yuan + b.Paid.Yuan + b.Unpaid.Yuan);
                Assert.Equal(b.PassedDown.Yuan, n.Children.Sum(c => c.Balance.Allocated.Yuan));
                Assert.Equal(b.Paid.Yuan, n.PaidToProjects.Yuan + n.PaidToHouseholds.Yuan + n.PaidOther.Yuan);
                Assert.Equal(b.Paid.Yuan, n.Households.Sum(h => h.Paid.Yuan) + n.Projects.Sum(p => p.Paid.Yuan) + n.PaidOther.Yuan);
                Assert.Equal(left[n.Allocation.Id] / 100m, b.Unpaid.Yuan);
                Assert.True(b.Unpaid.Yuan >= 0, $"allocation {n.Allocation.Id} is overspent");
            }
            // allocated = paid + unpaid over the whole tree: every yuan of the central allocation is paid or still unpaid somewhere.
            Assert.Equal(root.Balance.Allocated.Yuan, nodes.Sum(n => n.Balance.Paid.Yuan + n.Balance.Unpaid.Yuan));
            Assert.Equal(rootFen / 100m, root.Balance.Allocated.Yuan);
            // Every household paid from it is reached, with its yuan (reversals netted).
            var reached = root.AllHouseholds.ToDictionary(h => h.HouseholdId, h => h.Paid.Yuan);
            Assert.Equal(expected.OrderBy(e => e.Key), reached.OrderBy(r => r.Key));
            Assert.All(root.AllHouseholds, h => Assert.StartsWith("99012100100", h.Number));
        }, iter: provider == DatabaseProvider.Sqlite ? 25 : 12, threads: 1);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_household_sees_every_yuan_it_received_with_the_chain_above_it_and_the_projects_it_benefits_from(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "trace-up")).WithRegionsAsync();
        await FundFixture.AddRegionsAsync(database.Target, Ct);
        var households = await HouseholdsAsync(database.Target, 2);
        var h = households[0];
        await using var scopes = Open(database.Target);
        var central = await Allocations.AllocateAsync(scopes.Nation, FundFixture.Input(FundFixture.Nation, FundFixture.Province, 100_000m), Now, Ct);
        var province = await Allocations.AllocateAsync(scopes.Province, FundFixture.Input(FundFixture.Province, FundFixture.City, 60_000m, central.Id), Now, Ct);
        var county = await Allocations.AllocateAsync(scopes.City, FundFixture.Input(FundFixture.City, FundFixture.County, 50_000m, province.Id), Now, Ct);

        // A project in the village drawing on the county allocation, with the household among its beneficiaries.
        var project = new Project { Name = "高峰村茶叶基地", RegionCode = Village, Year = 2026, Type = ProjectType.Industry, Number = "XM2026990121T001" };
        project.Funding.Add(new ProjectFunding { Source = FundSource.CentralFiscal, AllocationId = county.Id, Amount = new Money(30_000m) });
        project.Beneficiaries.Add(new ProjectBeneficiary { HouseholdId = h.Id, People = 3, AddedAt = Now, AddedBy = "test" });
        scopes.County.Projects.Add(project);
        await scopes.County.SaveChangesAsync(Ct);

        var first = Paid(h, county, 2_000m);
        var wrong = Paid(h, county, 500m);
        var dividend = Paid(h, county, 120.5m, PaymentKind.Dividend);
        var works = Paid(h, county, 10_000m, PaymentKind.Project);
        works.HouseholdId = null;
        works.MemberId = null;
        works.ProjectId = project.Id;
        works.RegionCode = Village;
        var other = Paid(households[1], county, 800m);
        scopes.County.Payments.AddRange(first, wrong, dividend, works, other);
        await scopes.County.SaveChangesAsync(Ct);
        scopes.County.Payments.Add(Reversal(wrong));
        await scopes.County.SaveChangesAsync(Ct);

        await using (var nation = JingzhunDb.Create(database.Target, FundFixture.As(Role.NationalOfficer, FundFixture.Nation)))
        {
            var funds = (await Trace.UpAsync(nation, h.Id, Ct))!;
            Assert.Equal(3, funds.Lines.Count); // the reversal is netted into the payment it reverses, not a line of its own
            Assert.Equal(2_120.5m, funds.Total.Yuan);
            var line = funds.Lines.Single(l => l.Payment.Id == first.Id);
            Assert.Equal([central.Id, province.Id, county.Id], line.Chain.Select(c => c.Allocation.Id));
            Assert.Equal(FundSource.CentralFiscal, line.Allocation!.Allocation.Source);
            Assert.Equal(0m, funds.Lines.Single(l => l.Payment.Id == wrong.Id).Net.Yuan);
            Assert.Empty(funds.Lines.Single(l => l.Payment.Id == dividend.Id).Chain);
            var benefit = Assert.Single(funds.Projects);
            Assert.Equal((project.Id, 3), (benefit.ProjectId, benefit.People));

            var down = (await Trace.DownAsync(nation, central.Id, Ct))!;
            var node = down.All.Single(n => n.Allocation.Id == county.Id);
            var traced = Assert.Single(node.Projects);
            Assert.Equal((30_000m, 10_000m), (traced.Budget.Yuan, traced.Paid.Yuan));
            Assert.Equal((12_800m, 10_000m, 2_800m), (node.Balance.Paid.Yuan, node.PaidToProjects.Yuan, node.PaidToHouseholds.Yuan));
            Assert.Equal([h.Id, households[1].Id], down.AllHouseholds.Select(x => x.HouseholdId).Order());
            Assert.Equal(37_200m, node.Balance.Unpaid.Yuan);
        }
        // The county sees its own allocation, not the province's and the nation's rows above it.
        await using (var countyReader = JingzhunDb.Create(database.Target, FundFixture.As(Role.CountyOfficer, FundFixture.County)))
        {
            var funds = (await Trace.UpAsync(countyReader, h.Id, Ct))!;
            Assert.Equal([county.Id], funds.Lines.Single(l => l.Payment.Id == first.Id).Chain.Select(c => c.Allocation.Id));
            Assert.Null(await Trace.DownAsync(countyReader, central.Id, Ct));
        }
        // Another village's clerk does not find the household.
        await using (var clerk = JingzhunDb.Create(database.Target, FundFixture.As(Role.VillageClerk, "990121001003")))
            Assert.Null(await Trace.UpAsync(clerk, h.Id, Ct));
    }
}
