using System.Diagnostics;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Funds;

/// <summary>
/// The demo county's funds: several years of allocations passed down with a little kept back, projects whose stages match
/// their steps, payments never above what an allocation has left, assets with dividends; and exactly the findings planted
/// for the control lists (two idle allocations, one overdue project, the flagged payments), the same for the same seed.
/// The flag checks are plain queries here; they say what each control list must find on the demo's day.
/// </summary>
public abstract class DemoFundsTests(DatabaseProvider provider) : IDisposable
{
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly int CurrentYear = new DemoOptions().CurrentYear;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_demo_county_has_several_years_of_funds_projects_payments_and_assets()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "demo-funds")).WithDemoAsync(1_000, 7);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var county = DemoGenerator.CountyPrefix;

        // Four years of allocations; the central ones chained nation → province → city → county, the levels above keeping a little back.
        var allocations = await db.Allocations.ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(CurrentYear - 3, 4), allocations.Select(a => a.Year).Distinct().Order());
        var countyRows = allocations.Where(a => a.ToCode == DemoGenerator.CountyCode).ToList();
        Assert.All(countyRows, a => Assert.NotNull(a.AccountId));
        Assert.Single(await db.FundAccounts.Where(a => a.CountyCode == county).ToListAsync(Ct));
        Assert.Contains(countyRows, a => a.Integrated);
        Assert.Equal([FundSource.CentralFiscal, FundSource.ProvinceFiscal, FundSource.LocalFiscal, FundSource.IntegratedAgricultural],
            countyRows.Select(a => a.Source).Distinct().Order());
        var balances = await FundBalances.ForAsync(db, allocations.Select(a => a.Id).ToList(), Ct);
        foreach (var top in allocations.Where(a => a.FromCode == "000000000000"))
        {
            var city = allocations.Single(a => a.ParentId == top.Id);
            var countyShare = allocations.Single(a => a.ParentId == city.Id);
            Assert.Equal((DemoGenerator.ProvinceCode, DemoGenerator.CityCode, DemoGenerator.CountyCode), (top.ToCode, city.ToCode, countyShare.ToCode));
            Assert.True(balances[top.Id].Unpaid > Domain.Common.Money.Zero && balances[city.Id].Unpaid > Domain.Common.Money.Zero, "the province and city keep a little back");
        }
        // At every allocation: allocated = passed down + paid + unpaid, nothing overdrawn; payments drawn in order never overdraw either.
        Assert.All(balances.Values, b =>
        {
            Assert.Equal(b.Allocated.Fen, b.PassedDown.Fen + b.Paid.Fen + b.Unpaid.Fen);
            Assert.True(b.Unpaid.Fen >= 0, $"allocation {b.AllocationId} overdrawn by {-b.Unpaid.Yuan}");
        });
        var payments = await db.Payments.ToListAsync(Ct);
        foreach (var group in payments.Where(p => p.AllocationId is not null).GroupBy(p => p.AllocationId!.Value))
        {
            var allocation = allocations.Single(a => a.Id == group.Key);
            Assert.Equal(DemoGenerator.CountyCode, allocation.ToCode);
            var running = 0L;
            foreach (var p in group.OrderBy(p => p.PaidOn).ThenBy(p => p.Amount.Fen < 0 ? 0 : 1))
            {
                Assert.True(p.PaidOn >= allocation.IssuedOn);
                running += p.Amount.Fen;
                Assert.True(running <= allocation.Amount.Fen, $"payment {p.Voucher} overdraws {allocation.DocumentNumber}");
            }
        }
        // Funding lines never draw more than an allocation holds.
        var funding = await db.ProjectFunding.ToListAsync(Ct);
        foreach (var drawn in funding.Where(f => f.AllocationId is not null).GroupBy(f => f.AllocationId!.Value))
            Assert.True(drawn.Sum(f => f.Amount.Fen) <= balances[drawn.Key].Allocated.Fen);
        // Allocation results disclosed, every one.
        Assert.Equal(allocations.Count, await db.Disclosures.CountAsync(d => d.Kind == DisclosureKind.Allocation, Ct));

        // Projects: 4 to 8 a year (and the overdue one), every stage reached has its step, the last step is the stage.
        var projects = await db.Projects.Include(p => p.Steps).Include(p => p.Beneficiaries).Include(p => p.Funding).ToListAsync(Ct);
        Assert.All(projects.GroupBy(p => p.Year), g => Assert.InRange(g.Count(), 4, 9));
        Assert.All(projects, p =>
        {
            var steps = p.Steps.OrderBy(s => s.At).ThenBy(s => s.Id).ToList();
            Assert.Equal(ProjectAction.Propose, steps[0].Action);
            Assert.Equal(ProjectStage.Proposed, steps[0].To);
            for (var i = 1; i < steps.Count; i++)
            {
                Assert.Equal(steps[i - 1].To, steps[i].From);
                Assert.Equal(ProjectRules.Next(steps[i].From)!.To, steps[i].To);
            }
            Assert.Equal(p.Stage, steps[^1].To);
            Assert.NotNull(p.DeliberatedOn);
            Assert.NotEmpty(p.Beneficiaries);
            Assert.NotEmpty(p.Funding);
            Assert.Equal(ProjectRules.HasStarted(p.Stage), p.StartedOn is not null);
            Assert.Equal(p.Stage >= ProjectStage.HandedOver, p.HandedOverOn is not null);
        });
        Assert.True(projects.Count(p => p.Year < CurrentYear && p.Stage == ProjectStage.Operating) > projects.Count(p => p.Year < CurrentYear) / 2);
        Assert.Equal([ProjectStage.Proposed, ProjectStage.Reviewed, ProjectStage.Approved, ProjectStage.Started],
            projects.Where(p => p.Year == CurrentYear).Select(p => p.Stage).Distinct().Order());
        // Beneficiaries are registered households of the project's village.
        var beneficiaryIds = projects.SelectMany(p => p.Beneficiaries).Select(b => b.HouseholdId).Distinct().ToList();
        var registered = await db.Households.Where(h => beneficiaryIds.Contains(h.Id)).Select(h => new { h.Id, h.VillageCode, h.Status }).ToDictionaryAsync(h => h.Id, Ct);
        Assert.All(projects.SelectMany(p => p.Beneficiaries.Select(b => (p, b))), x =>
        {
            Assert.Equal(x.p.RegionCode, registered[x.b.HouseholdId].VillageCode);
            Assert.Contains(registered[x.b.HouseholdId].Status, new[] { HouseholdStatus.Poor, HouseholdStatus.Exited, HouseholdStatus.Returned });
        });

        // Disclosures: a plan for every approved project, a completion for every completed one; objections dismissed, one open.
        var disclosures = await db.Disclosures.Include(d => d.Objections).Where(d => d.ProjectId != null).ToListAsync(Ct);
        Assert.All(projects.Where(p => p.Stage >= ProjectStage.Approved), p => Assert.Contains(disclosures, d => d.ProjectId == p.Id && d.Kind == DisclosureKind.ProjectPlan));
        Assert.All(projects.Where(p => p.Stage >= ProjectStage.Completed), p => Assert.Contains(disclosures, d => d.ProjectId == p.Id && d.Kind == DisclosureKind.ProjectCompletion));
        Assert.All(disclosures, d => Assert.NotNull(PublishedContent.Read(d.Content)));
        var objections = disclosures.SelectMany(d => d.Objections).ToList();
        Assert.Single(objections, o => o.Status == ObjectionStatus.Open);
        Assert.Contains(objections, o => o.Status == ObjectionStatus.Dismissed);
        Assert.Equal(CurrentYear, disclosures.Single(d => d.Objections.Any(o => o.Status == ObjectionStatus.Open)).Year);

        // Payments of every kind; household ones to a member of the household, one-card.
        Assert.Equal([PaymentKind.Project, PaymentKind.Household, PaymentKind.Dividend], payments.Select(p => p.Kind).Distinct().Order());
        Assert.True(payments.Select(p => p.Year).Distinct().Count() >= 3);
        var paidMembers = payments.Where(p => p.MemberId is not null).Select(p => p.MemberId!.Value).Distinct().ToList();
        var memberHouseholds = await db.Members.Where(m => paidMembers.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.HouseholdId, Ct);
        Assert.All(payments.Where(p => p.Kind != PaymentKind.Project), p => Assert.Equal(p.HouseholdId, memberHouseholds[p.MemberId!.Value]));

        // Assets of handed-over projects: income-generating with shares, incomes and dividends that add up; public welfare; household.
        var assets = await db.Assets.Include(a => a.Shares).ToListAsync(Ct);
        Assert.Equal([AssetClass.Operating, AssetClass.PublicWelfare, AssetClass.Household], assets.Select(a => a.Class).Distinct().Order());
        Assert.All(assets, a => Assert.True(projects.Single(p => p.Id == a.ProjectId).Stage >= ProjectStage.HandedOver));
        var incomes = await db.AssetIncomes.ToListAsync(Ct);
        Assert.NotEmpty(incomes);
        Assert.All(incomes, i => Assert.Equal(i.Distributed.Fen, payments.Where(p => p.AssetIncomeId == i.Id).Sum(p => p.Amount.Fen)));
        Assert.All(payments.Where(p => p.Kind == PaymentKind.Dividend),
            p => Assert.Contains(assets.Single(a => a.Id == p.AssetId).Shares, s => s.HouseholdId == p.HouseholdId));
    }

    [Fact]
    public async Task The_control_lists_find_exactly_the_planted_findings()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "demo-findings")).WithDemoAsync(1_000, 7);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var planted = await DemoFunds.PlantedAsync(db, CurrentYear, Ct);
        var asOf = planted.AsOf;
        var idleDays = new Domain.Rules.RuleSet().IdleFundDays;

        // Idle funds: county allocations issued more than the idle days before and not paid out; both largely unpaid.
        var countyAllocations = await db.Allocations.Where(a => a.ToCode == DemoGenerator.CountyCode && a.ReversesId == null).ToListAsync(Ct);
        var balances = await FundBalances.ForAsync(db, countyAllocations.Select(a => a.Id).ToList(), Ct);
        var idle = countyAllocations.Where(a => a.IssuedOn.AddDays(idleDays) < asOf && balances[a.Id].Unpaid.Fen > 0).Select(a => a.Id).Order().ToList();
        Assert.Equal(2, planted.IdleAllocations.Count);
        Assert.Equal(planted.IdleAllocations.Order(), idle);
        Assert.All(idle, id => Assert.True(balances[id].Unpaid.Fen * 2 > balances[id].Allocated.Fen));

        // Overdue: past the planned end and not completed.
        var overdue = await db.Projects.Where(p => p.PlannedEnd < asOf && p.Stage < ProjectStage.Completed).Select(p => p.Id).ToListAsync(Ct);
        Assert.Equal([planted.OverdueProject!.Value], overdue);

        var payments = await db.Payments.ToListAsync(Ct);
        var beneficiaries = await db.ProjectBeneficiaries.Where(b => b.EndedAt == null).Select(b => new { b.ProjectId, b.HouseholdId }).ToListAsync(Ct);
        // 张冠李戴: a household paid for a project it is not a beneficiary of.
        var outsiders = payments.Where(p => p.Kind == PaymentKind.Household && p.ProjectId is not null && p.Amount.Fen > 0
            && !beneficiaries.Any(b => b.ProjectId == p.ProjectId && b.HouseholdId == p.HouseholdId)).Select(p => p.Id).ToList();
        Assert.Equal([planted.NonBeneficiaryPayment!.Value], outsiders);
        // 张冠李戴: paid in the name of a deceased member.
        var deceased = await db.Members.Where(m => m.State == MemberState.Deceased && m.CountyCode == DemoGenerator.CountyPrefix).Select(m => m.Id).ToListAsync(Ct);
        var toDeceased = payments.Where(p => p.MemberId is { } m && deceased.Contains(m)).Select(p => p.Id).ToList();
        // (The demo registry has no deceased member, so none is planted: FundControlTests craft that case.)
        Assert.Equal(planted.DeceasedPayment is { } dead ? [dead] : [], toDeceased);
        // 虚报冒领: one household paid twice for the same purpose in one year.
        var twice = payments.Where(p => p.Kind == PaymentKind.Household && p.ReversesId == null)
            .GroupBy(p => (p.HouseholdId, p.Year, p.PurposeType)).Where(g => g.Count() > 1).SelectMany(g => g.Select(p => p.Id)).Order().ToList();
        Assert.Equal(planted.DoublePayments.Order(), twice);
        Assert.Equal(2, twice.Count);
        // 挤占挪用: drawn on an allocation the project's funding lines do not name.
        var lines = await db.ProjectFunding.Where(f => f.AllocationId != null).Select(f => new { f.ProjectId, f.AllocationId }).ToListAsync(Ct);
        var outside = payments.Where(p => p.ProjectId is not null && p.AllocationId is not null
            && !lines.Any(l => l.ProjectId == p.ProjectId && l.AllocationId == p.AllocationId)).Select(p => p.Id).ToList();
        Assert.Equal([planted.MisusedPayment!.Value], outside);
        // The control lists themselves (FundControl, what /funds/control shows) find exactly the same rows on that day.
        var county = Domain.Regions.RegionCode.Parse(DemoGenerator.CountyCode);
        Assert.Equal(planted.IdleAllocations.Order(), (await FundControl.IdleFundsAsync(db, county, null, asOf, Ct)).Select(f => f.AllocationId).Order());
        Assert.Equal([planted.OverdueProject!.Value], (await FundControl.OverdueProjectsAsync(db, county, null, asOf, 1, 100, Ct)).Rows.Select(p => p.ProjectId));
        var flagged = (await FundControl.FlaggedPaymentsAsync(db, county, null, null, 1, 1_000, Ct)).Rows;
        Assert.Equal(new[] { planted.NonBeneficiaryPayment!.Value }.Concat(toDeceased).Order(),
            flagged.Where(f => f.Kind == ControlList.Misdirected).Select(f => f.PaymentId).Order());
        Assert.Equal(planted.DoublePayments.Order(), flagged.Where(f => f.Kind == ControlList.Duplicate).Select(f => f.PaymentId).Order());
        Assert.Equal([planted.MisusedPayment!.Value], flagged.Where(f => f.Kind == ControlList.Diverted).Select(f => f.PaymentId));

        // Dividends are paid once a year to each household of an asset (never read as paid twice).
        Assert.DoesNotContain(payments.Where(p => p.Kind == PaymentKind.Dividend).GroupBy(p => (p.HouseholdId, p.Year, p.PurposeType)), g => g.Count() > 1);

        // The correction: the wrong entry kept, its reversal pointing at it with a reason, the right amount paid again.
        Assert.Equal(3, planted.Correction.Count);
        var (wrong, reversal, right) = (payments.Single(p => p.Id == planted.Correction[0]), payments.Single(p => p.Id == planted.Correction[1]),
            payments.Single(p => p.Id == planted.Correction[2]));
        Assert.Equal(wrong.Id, reversal.ReversesId);
        Assert.Equal(-wrong.Amount.Fen, reversal.Amount.Fen);
        Assert.NotEqual("", reversal.Reason);
        Assert.Equal((wrong.ProjectId, wrong.AllocationId), (right.ProjectId, right.AllocationId));
        Assert.NotEqual(wrong.Amount, right.Amount);
        Assert.Single(payments, p => p.ReversesId is not null);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_funds()
    {
        async Task<string> SnapshotAsync(string name, int seed)
        {
            await using var database = await (await TestDatabase.CreateAsync(provider, _folder, name)).WithDemoAsync(300, seed);
            await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            var allocations = (await db.Allocations.OrderBy(a => a.Id).ToListAsync(Ct)).Select(a => $"{a.FromCode}>{a.ToCode}:{a.Source}:{a.Amount}:{a.IssuedOn}:{a.DocumentNumber}:{a.ParentId}");
            var projects = (await db.Projects.OrderBy(p => p.Id).ToListAsync(Ct)).Select(p => $"{p.Number}:{p.Name}:{p.RegionCode}:{p.Stage}:{p.PlannedEnd}");
            var payments = (await db.Payments.OrderBy(p => p.Id).ToListAsync(Ct)).Select(p => $"{p.Voucher}:{p.Kind}:{p.Amount}:{p.PaidOn}:{p.AllocationId}:{p.ProjectId}:{p.HouseholdId}:{p.MemberId}");
            var assets = (await db.Assets.OrderBy(a => a.Id).ToListAsync(Ct)).Select(a => $"{a.Name}:{a.Class}:{a.Value}");
            return string.Join("|", allocations.Concat(projects).Concat(payments).Concat(assets));
        }
        var first = await SnapshotAsync("funds-a", 5);
        Assert.Contains("XM", first);
        Assert.Equal(first, await SnapshotAsync("funds-b", 5));
        Assert.NotEqual(first, await SnapshotAsync("funds-c", 6));
    }

    [Fact]
    public async Task Seeding_the_demo_with_its_funds_is_timed()
    {
        // Reported, not asserted: the whole demo (households, assistance, funds) and the funds' share of it.
        foreach (var households in new[] { 300, 1_000 })
        {
            await using var database = await TestDatabase.CreateAsync(provider, _folder, $"funds-timing-{households}");
            await JingzhunDb.MigrateAsync(database.Target, Ct);
            var clock = Stopwatch.StartNew();
            await DemoSeeder.SeedAsync(database.Target, new DemoOptions(households, 2014), cancellationToken: Ct);
            var whole = clock.Elapsed;
            await using var db = JingzhunDb.Create(database.Target, AccessScope.System("demo"));
            var rows = await db.Payments.CountAsync(Ct);
            // The funds alone: written once more in a transaction that is rolled back.
            await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
            {
                await db.Projects.ExecuteUpdateAsync(u => u.SetProperty(p => p.Number, p => p.Number + "-"), Ct); // numbers are unique
                clock.Restart();
                await DemoFunds.AddAsync(db, new DemoOptions(households, 2014), Ct);
                var funds = clock.Elapsed;
                await transaction.RollbackAsync(Ct);
                TestContext.Current.SendDiagnosticMessage(
                    $"{households}-household demo seeded in {whole.TotalSeconds:0.00} s on {provider}, its funds ({rows} payments) in {funds.TotalSeconds:0.00} s");
            }
            Assert.True(rows > 0);
        }
    }
}

public sealed class DemoFundsOnSqlite() : DemoFundsTests(DatabaseProvider.Sqlite);

public sealed class DemoFundsOnPostgres() : DemoFundsTests(DatabaseProvider.Postgres);
