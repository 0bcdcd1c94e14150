using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Funds;

/// <summary>Shared pieces of the funds tests: scopes of the demo tree, an allocation input, a fingerprint of the funds tables.</summary>
internal static class FundFixture
{
    public const string Nation = "000000000000";
    public const string Province = "990000000000";
    public const string City = "990100000000";
    public const string County = "990121000000";
    public const string County2 = "990122000000";
    public static readonly DateTime Now = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);
    private static int _ids = 9000;

    public static AccessScope As(Role role, string region) =>
        AccessScope.For(new Account { Id = Interlocked.Increment(ref _ids), UserName = $"{role}".ToLowerInvariant() + region[..6], DisplayName = "x", Role = role, RegionCode = region });

    public static AllocationInput Input(string from, string to, decimal yuan, long? parent = null, FundSource source = FundSource.CentralFiscal, int year = 2026,
        bool integrated = false) =>
        new(from, to, year, source, new Money(yuan), "产业发展", $"财农〔2026〕{yuan:0}号", new DateOnly(2026, 3, 1), parent, integrated);

    /// <summary>A second county of the demo city and a province outside the demo one, for wider trees and outsiders.</summary>
    public static async Task AddRegionsAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        db.Regions.AddRange(
            new Region { Code = County2, Name = "示例二县", Level = RegionLevel.County, ParentCode = City },
            new Region { Code = "980000000000", Name = "邻省", Level = RegionLevel.Province },
            new Region { Code = "980100000000", Name = "邻市", Level = RegionLevel.City, ParentCode = "980000000000" });
        await db.SaveChangesAsync(ct);
    }

    public static async Task<string> FingerprintAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        return string.Join(";", await db.Allocations.OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.Amount}:{a.ReversesId}").ToListAsync(ct))
            + "|" + string.Join(";", await db.FundAccounts.OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.ClosedOn}:{a.Version}").ToListAsync(ct))
            + "|" + await db.Disclosures.CountAsync(ct) + "|" + await db.Payments.CountAsync(ct);
    }
}

/// <summary>
/// Allocations as governed steps: each level passes down what it received (same source and year, never more than the
/// parent's unpaid balance), an allocation to a county posts its result, a reversal adds a row and leaves the original,
/// roles outside <see cref="FundRoles"/> and officers outside the region are refused with nothing changed; dedicated
/// accounts are opened and closed by the county, their numbers masked for everyone else.
/// </summary>
public sealed class AllocationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = FundFixture.Now;

    private static async Task<TestDatabase> DatabaseAsync(DatabaseProvider provider, TestFolder folder, string name)
    {
        var database = await (await TestDatabase.CreateAsync(provider, folder, name)).WithRegionsAsync();
        await FundFixture.AddRegionsAsync(database.Target, Ct);
        return database;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Each_level_passes_down_what_it_received_within_the_parents_unpaid_balance(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DatabaseAsync(provider, folder, "alloc-chain");
        await using var nation = JingzhunDb.Create(database.Target, FundFixture.As(Role.NationalOfficer, FundFixture.Nation));
        await using var province = JingzhunDb.Create(database.Target, FundFixture.As(Role.ProvinceOfficer, FundFixture.Province));
        await using var city = JingzhunDb.Create(database.Target, FundFixture.As(Role.CityOfficer, FundFixture.City));

        var central = await Allocations.AllocateAsync(nation, FundFixture.Input(FundFixture.Nation, FundFixture.Province, 1_000_000m), Now, Ct);
        var toCity = await Allocations.AllocateAsync(province, FundFixture.Input(FundFixture.Province, FundFixture.City, 600_000m, central.Id), Now, Ct);
        var toCounty2 = await Allocations.AllocateAsync(province, FundFixture.Input(FundFixture.Province, FundFixture.County2, 300_000m, central.Id), Now, Ct);
        // More than the 100 000 left of the central allocation: refused, 409.
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => Allocations.AllocateAsync(province, FundFixture.Input(FundFixture.Province, FundFixture.County, 100_000.01m, central.Id), Now, Ct));
        var toCounty = await Allocations.AllocateAsync(city, FundFixture.Input(FundFixture.City, FundFixture.County, 600_000m, toCity.Id, integrated: true), Now, Ct);
        // Another source or year than the parent's, a parent received by someone else, a wrong direction, a bad amount: 400.
        await Assert.ThrowsAsync<FundInputException>(() => Allocations.AllocateAsync(province, FundFixture.Input(FundFixture.Province, FundFixture.County, 10m, central.Id, FundSource.ProvinceFiscal), Now, Ct));
        await Assert.ThrowsAsync<FundInputException>(() => Allocations.AllocateAsync(province, FundFixture.Input(FundFixture.Province, FundFixture.County, 10m, central.Id, year: 2025), Now, Ct));
        await Assert.ThrowsAsync<FundInputException>(() => Allocations.AllocateAsync(province, FundFixture.Input(FundFixture.Province, FundFixture.County, 10m, toCity.Id), Now, Ct));
        await Assert.ThrowsAsync<FundInputException>(() => Allocations.AllocateAsync(city, FundFixture.Input(FundFixture.City, "990121001001", 10m), Now, Ct));
        await Assert.ThrowsAsync<FundInputException>(() => Allocations.AllocateAsync(city, FundFixture.Input(FundFixture.City, FundFixture.County, 1.234m), Now, Ct));
        await Assert.ThrowsAsync<FundInputException>(() => Allocations.AllocateAsync(city, FundFixture.Input(FundFixture.City, FundFixture.County, 0m), Now, Ct));

        await using var reader = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var balances = await FundBalances.ForAsync(reader, [central.Id, toCity.Id, toCounty.Id, toCounty2.Id], Ct);
        Assert.Equal((1_000_000m, 900_000m, 0m, 100_000m), (balances[central.Id].Allocated.Yuan, balances[central.Id].PassedDown.Yuan, balances[central.Id].Paid.Yuan, balances[central.Id].Unpaid.Yuan));
        Assert.Equal((600_000m, 600_000m, 0m), (balances[toCity.Id].Allocated.Yuan, balances[toCity.Id].PassedDown.Yuan, balances[toCity.Id].Unpaid.Yuan));
        Assert.Equal("990121", (await reader.Allocations.SingleAsync(a => a.Id == toCounty.Id, Ct)).CountyCode);
        // The county allocations posted their results, pointing at them; the province's and city's did not.
        var posted = await reader.Disclosures.Where(d => d.Kind == DisclosureKind.Allocation).OrderBy(d => d.AllocationId).ToListAsync(Ct);
        Assert.Equal([toCounty2.Id, toCounty.Id], posted.Select(d => d.AllocationId!.Value).Order());
        Assert.Contains(posted, d => d.RegionCode == FundFixture.County && d.CountyCode == "990121");

        // The area lists: the province's received and issued rows with balances, the city's children.
        var area = (await Allocations.ForAreaAsync(province, FundFixture.Province, 2026, Now, Ct))!;
        Assert.Equal(central.Id, Assert.Single(area.Received).Allocation.Id);
        Assert.Equal([toCity.Id, toCounty2.Id], area.Issued.Select(r => r.Allocation.Id).Order());
        Assert.Equal(100_000m, Assert.Single(area.ReceivedBySource).Unpaid.Yuan);
        Assert.Contains(area.Receivers, r => r.Code == FundFixture.County);
        Assert.Null(await Allocations.ForAreaAsync(city, FundFixture.Province, 2026, Now, Ct));
        var plan = (await Allocations.IntegratedPlanAsync(reader, FundFixture.County, 2026, Ct))!;
        Assert.Equal((600_000m, 0m), (plan.Received.Yuan, plan.Budgeted.Yuan));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_reversal_adds_a_row_and_leaves_the_original(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DatabaseAsync(provider, folder, "alloc-reverse");
        await using var province = JingzhunDb.Create(database.Target, FundFixture.As(Role.ProvinceOfficer, FundFixture.Province));
        await using var city = JingzhunDb.Create(database.Target, FundFixture.As(Role.CityOfficer, FundFixture.City));
        var own = await Allocations.AllocateAsync(province, FundFixture.Input(FundFixture.Province, FundFixture.City, 500_000m, source: FundSource.ProvinceFiscal), Now, Ct);
        var passed = await Allocations.AllocateAsync(city, FundFixture.Input(FundFixture.City, FundFixture.County, 200_000m, own.Id, FundSource.ProvinceFiscal), Now, Ct);

        // The city's allocation was passed down: the province cannot reverse its own until the city's is reversed.
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => Allocations.ReverseAsync(province, own.Id, "文号错误", Now, Ct));
        await Assert.ThrowsAsync<FundInputException>(() => Allocations.ReverseAsync(city, passed.Id, " ", Now, Ct));
        var undone = (await Allocations.ReverseAsync(city, passed.Id, "下达对象错误", Now, Ct))!;
        Assert.Equal((-200_000m, passed.Id, own.Id), (undone.Amount.Yuan, undone.ReversesId, undone.ParentId));
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => Allocations.ReverseAsync(city, passed.Id, "再次", Now, Ct));
        await Assert.ThrowsAsync<FundInputException>(() => Allocations.ReverseAsync(city, undone.Id, "冲正的冲正", Now, Ct));
        var reversed = (await Allocations.ReverseAsync(province, own.Id, "文号错误", Now, Ct))!;

        await using var reader = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var rows = await reader.Allocations.OrderBy(a => a.Id).ToListAsync(Ct);
        Assert.Equal(4, rows.Count);
        Assert.Equal(500_000m, rows.Single(a => a.Id == own.Id).Amount.Yuan); // the original stays as it was
        Assert.Equal(reversed.Id, rows.Single(a => a.ReversesId == own.Id).Id);
        var balance = (await FundBalances.ForAsync(reader, own.Id, Ct))!;
        Assert.Equal((0m, 0m, 0m), (balance.Allocated.Yuan, balance.PassedDown.Yuan, balance.Unpaid.Yuan));
        var area = (await Allocations.ForAreaAsync(reader, FundFixture.City, 2026, Now, Ct))!;
        Assert.True(area.Received.Single(r => r.Allocation.Id == own.Id).Reversed);
        Assert.Contains(area.Received, r => r.IsReversal && r.Allocation.ReversesId == own.Id);
        // A written allocation is never edited: the save refuses it (409).
        var stored = await reader.Allocations.SingleAsync(a => a.Id == own.Id, Ct);
        stored.Amount = new Money(1m);
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => reader.SaveChangesAsync(Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Roles_outside_the_table_and_officers_outside_the_region_are_refused_and_nothing_changes(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DatabaseAsync(provider, folder, "alloc-refused");
        long central, account;
        await using (var nation = JingzhunDb.Create(database.Target, FundFixture.As(Role.NationalOfficer, FundFixture.Nation)))
            central = (await Allocations.AllocateAsync(nation, FundFixture.Input(FundFixture.Nation, FundFixture.Province, 1_000m), Now, Ct)).Id;
        await using (var county = JingzhunDb.Create(database.Target, FundFixture.As(Role.CountyOfficer, FundFixture.County)))
            account = (await Allocations.OpenAccountAsync(county, new AccountInput(FundFixture.County, "示例县扶贫资金专户", "农业银行", "6228480012345678", new DateOnly(2020, 1, 1)), Now, Ct)).Id;
        var before = await FundFixture.FingerprintAsync(database.Target, Ct);

        foreach (var scope in new[]
                 {
                     FundFixture.As(Role.VillageClerk, "990121001001"), FundFixture.As(Role.WorkTeamMember, "990121001001"), FundFixture.As(Role.AssistanceCadre, "990121001001"),
                     FundFixture.As(Role.TownshipOfficer, "990121001000"), FundFixture.As(Role.Auditor, FundFixture.County), FundFixture.As(Role.Auditor, FundFixture.Province),
                 })
        {
            await using var db = JingzhunDb.Create(database.Target, scope);
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Allocations.AllocateAsync(db, FundFixture.Input(FundFixture.Province, FundFixture.City, 10m, central), Now, Ct));
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Allocations.AllocateAsync(db, FundFixture.Input(FundFixture.County, FundFixture.County, 10m), Now, Ct));
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Allocations.RecordReceivedAsync(db, FundFixture.Input(FundFixture.Province, FundFixture.County, 10m), Now, Ct));
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Allocations.OpenAccountAsync(db, new AccountInput(FundFixture.County, "越权", "", "6228480099999999", new DateOnly(2024, 1, 1)), Now, Ct));
            // Those that see the rows are refused the step; the others do not find them.
            var seesAccount = await db.FundAccounts.AnyAsync(a => a.Id == account, Ct);
            if (seesAccount) await Assert.ThrowsAsync<WorkflowRefusedException>(() => Allocations.CloseAccountAsync(db, account, new DateOnly(2026, 1, 1), "越权", Now, Ct));
            else Assert.Null(await Allocations.CloseAccountAsync(db, account, new DateOnly(2026, 1, 1), "越权", Now, Ct));
            if (await db.Allocations.AnyAsync(a => a.Id == central, Ct)) await Assert.ThrowsAsync<WorkflowRefusedException>(() => Allocations.ReverseAsync(db, central, "越权", Now, Ct));
            else Assert.Null(await Allocations.ReverseAsync(db, central, "越权", Now, Ct));
        }
        // Another province's officer: it cannot issue from the demo province, nor from its own into the demo province.
        await using (var other = JingzhunDb.Create(database.Target, FundFixture.As(Role.ProvinceOfficer, "980000000000")))
        {
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Allocations.AllocateAsync(other, FundFixture.Input(FundFixture.Province, FundFixture.City, 10m), Now, Ct));
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Allocations.AllocateAsync(other, FundFixture.Input("980000000000", FundFixture.City, 10m), Now, Ct));
            Assert.Null(await Allocations.ReverseAsync(other, central, "越权", Now, Ct));
            Assert.Null(await Allocations.FindAsync(other, central, Ct));
        }
        // A county officer allocates nothing (allocations stop at the county); a city cannot issue in the province's name.
        await using (var county = JingzhunDb.Create(database.Target, FundFixture.As(Role.CountyOfficer, FundFixture.County)))
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Allocations.AllocateAsync(county, FundFixture.Input(FundFixture.County, FundFixture.County, 10m), Now, Ct));
        await using (var city = JingzhunDb.Create(database.Target, FundFixture.As(Role.CityOfficer, FundFixture.City)))
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Allocations.AllocateAsync(city, FundFixture.Input(FundFixture.Province, FundFixture.County, 10m, central), Now, Ct));
        Assert.Equal(before, await FundFixture.FingerprintAsync(database.Target, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_county_opens_and_closes_its_accounts_and_others_see_the_number_masked(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DatabaseAsync(provider, folder, "alloc-accounts");
        await using var county = JingzhunDb.Create(database.Target, FundFixture.As(Role.CountyOfficer, FundFixture.County));
        var opened = await Allocations.OpenAccountAsync(county, new AccountInput(FundFixture.County, "示例县扶贫资金专户", "农业银行示例支行", "6228 4800 1234 5678", new DateOnly(2020, 1, 1)), Now, Ct);
        Assert.Equal("6228480012345678", opened.Number);
        await Assert.ThrowsAsync<FundInputException>(() => Allocations.OpenAccountAsync(county, new AccountInput(FundFixture.County, "x", "", "12ab", new DateOnly(2020, 1, 1)), Now, Ct));
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => Allocations.OpenAccountAsync(county, new AccountInput(FundFixture.County, "重复", "", "6228480012345678", new DateOnly(2020, 1, 1)), Now, Ct));

        // An allocation may name the county's open account.
        await using (var city = JingzhunDb.Create(database.Target, FundFixture.As(Role.CityOfficer, FundFixture.City)))
        {
            var into = await Allocations.AllocateAsync(city, FundFixture.Input(FundFixture.City, FundFixture.County, 50m) with { AccountId = opened.Id }, Now, Ct);
            Assert.Equal(opened.Id, into.AccountId);
        }

        var mine = Assert.Single(await Allocations.AccountsAsync(county, FundFixture.County, Ct));
        Assert.Equal("6228480012345678", mine.Number);
        await using (var auditor = JingzhunDb.Create(database.Target, FundFixture.As(Role.Auditor, FundFixture.County)))
        {
            var masked = Assert.Single(await Allocations.AccountsAsync(auditor, FundFixture.County, Ct));
            Assert.NotEqual("6228480012345678", masked.Number);
            Assert.EndsWith("5678", masked.Number);
            Assert.DoesNotContain("62284800", masked.Number);
        }

        await Assert.ThrowsAsync<FundInputException>(() => Allocations.CloseAccountAsync(county, opened.Id, new DateOnly(2026, 5, 1), "", Now, Ct));
        var closed = (await Allocations.CloseAccountAsync(county, opened.Id, new DateOnly(2026, 5, 1), "合并专户", Now, Ct))!;
        Assert.Equal((new DateOnly(2026, 5, 1), "合并专户"), (closed.ClosedOn!.Value, closed.ClosedReason));
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => Allocations.CloseAccountAsync(county, opened.Id, new DateOnly(2026, 5, 2), "again", Now, Ct));
        await using (var city = JingzhunDb.Create(database.Target, FundFixture.As(Role.CityOfficer, FundFixture.City)))
            await Assert.ThrowsAsync<FundInputException>(() => Allocations.AllocateAsync(city, FundFixture.Input(FundFixture.City, FundFixture.County, 50m) with { AccountId = opened.Id }, Now, Ct));
    }

    // A county's own record of funds from an issuer outside the system: the save rules let the receiving county write it.
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_county_records_what_it_received_from_an_issuer_outside_the_system(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DatabaseAsync(provider, folder, "alloc-received");
        await using var county = JingzhunDb.Create(database.Target, FundFixture.As(Role.CountyOfficer, FundFixture.County));
        var received = await Allocations.RecordReceivedAsync(county, FundFixture.Input(FundFixture.Province, FundFixture.County, 80_000m, source: FundSource.ProvinceFiscal, integrated: true), Now, Ct);
        Assert.True(Allocations.IsRecordedByCounty(received));
        Assert.Equal((FundFixture.Province, (long?)null), (received.FromCode, received.ParentId));
        await Assert.ThrowsAsync<FundInputException>(() => Allocations.RecordReceivedAsync(county, FundFixture.Input("990121001000", FundFixture.County, 1m), Now, Ct));
        var row = (await Allocations.FindAsync(county, received.Id, Ct))!;
        Assert.True(row.RecordedByCounty);
        await using var reader = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        Assert.True(await reader.Disclosures.AnyAsync(d => d.AllocationId == received.Id, Ct));
        // The county reverses its own record; the province, which did not issue it in the system, may not.
        await using (var province = JingzhunDb.Create(database.Target, FundFixture.As(Role.ProvinceOfficer, FundFixture.Province)))
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Allocations.ReverseAsync(province, received.Id, "越权", Now, Ct));
        Assert.NotNull(await Allocations.ReverseAsync(county, received.Id, "重复登记", Now, Ct));
    }
}
