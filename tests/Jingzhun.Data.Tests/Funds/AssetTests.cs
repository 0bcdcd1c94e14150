using CsCheck;
using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Funds;

/// <summary>
/// Project assets as governed steps on both engines: a distribution through the real service always pays parts that sum
/// to the amount and follow the weights (a property over random weights and amounts), each a dividend payment of the
/// household in its head's name; a second distribution never exceeds what is left; the wrong role, an auditor and an
/// asset of a project not yet completed are refused with nothing changed.
/// </summary>
public sealed class AssetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 6, 30, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now);

    private sealed record Shareholder(long Id, string VillageCode, long HeadId, string HeadName);

    private static async Task<List<Shareholder>> HouseholdsAsync(JingzhunDbContext db, int take) =>
        (await db.Households.AsNoTracking().OrderBy(h => h.Id)
            .Select(h => new { h.Id, h.VillageCode, Head = h.Members.Where(m => m.Relation == Relation.Head && m.State == MemberState.Present).Select(m => new { m.Id, m.Name }).FirstOrDefault() })
            .Where(h => h.Head != null).Take(take).ToListAsync(Ct))
        .Select(h => new Shareholder(h.Id, h.VillageCode, h.Head!.Id, h.Head.Name)).ToList();

    /// <summary>A project crafted at a stage (with the step that moved it there), with the given beneficiaries.</summary>
    private static async Task<Project> ProjectAsync(JingzhunDbContext db, string village, ProjectStage stage, IEnumerable<long> beneficiaries)
    {
        var project = new Project
        {
            Name = "光伏扶贫电站", Number = $"XM2026{village[..6]}{Guid.NewGuid().ToString("N")[..6]}", Type = ProjectType.Industry, Year = 2026,
            RegionCode = village, Stage = stage, Implementer = "县能源公司",
        };
        project.Steps.Add(new ProjectStep { From = stage - 1, To = stage, Action = ProjectAction.Advance, RegionCode = village, Actor = "test", At = Now });
        foreach (var id in beneficiaries)
            project.Beneficiaries.Add(new ProjectBeneficiary { HouseholdId = id, People = 3, AddedAt = Now, AddedBy = "test" });
        db.Projects.Add(project);
        await db.SaveChangesAsync(Ct);
        return project;
    }

    private static JingzhunDbContext As(TestDatabase database, Role role, string region) => JingzhunDb.Create(database.Target,
        AccessScope.For(new Account { UserName = role.ToString(), DisplayName = role.Chinese(), Role = role, RegionCode = region }));

    private static async Task<string> FingerprintAsync(JingzhunDbContext db) => string.Join(";",
        await db.Assets.CountAsync(Ct), await db.AssetShares.CountAsync(Ct), await db.AssetIncomes.CountAsync(Ct), await db.Payments.CountAsync(Ct),
        string.Join(",", await db.AssetIncomes.OrderBy(i => i.Id).Select(i => i.Distributed).ToListAsync(Ct)),
        string.Join(",", await db.Assets.OrderBy(a => a.Id).Select(a => a.Version).ToListAsync(Ct)));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_distribution_pays_whole_fen_parts_that_sum_to_the_amount_and_follow_the_weights(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "assets")).WithDemoAsync(60);
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var households = await HouseholdsAsync(system, 8);
        var county = households[0].VillageCode[..6] + "000000";
        var project = await ProjectAsync(system, households[0].VillageCode, ProjectStage.Completed, []);
        await using var officer = As(database, Role.CountyOfficer, county);

        await Gen.Select(Gen.Int[1, 100_000].List[1, households.Count], Gen.Long[1, 50_000_000], Gen.Long[0, 1_000_000]).SampleAsync(async (weights, fen, kept) =>
        {
            officer.ChangeTracker.Clear();
            var asset = (await ProjectAssets.RegisterAsync(officer, new AssetInput(project.Id, "光伏电站", AssetClass.Operating, AssetOwnership.VillageCollective,
                null, new Money(300_000m), "村股份经济合作社"), Now, Ct))!;
            var w = weights.Select(x => x / 100m).ToList();
            for (var i = 0; i < w.Count; i++)
                await ProjectAssets.AddShareAsync(officer, asset.Id, new ShareInput(households[i].Id, w[i], Today.AddYears(-1)), Now, Ct);
            var income = (await ProjectAssets.RecordIncomeAsync(officer, asset.Id, new IncomeInput(2025, Today.AddDays(-10), Money.FromFen(fen + kept)), Now, Ct))!;
            var result = (await ProjectAssets.DistributeAsync(officer, asset.Id, income.Id, new DistributionInput(Money.FromFen(fen), Today), Now, Ct))!;

            await using var read = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            var paid = await read.Payments.AsNoTracking().Where(p => p.AssetIncomeId == income.Id).OrderBy(p => p.Id).ToListAsync(Ct);
            Assert.Equal(fen, paid.Sum(p => p.Amount.Fen));
            var expected = FundRules.Split(Money.FromFen(fen), w);
            var byHousehold = paid.ToDictionary(p => p.HouseholdId!.Value);
            for (var i = 0; i < w.Count; i++)
            {
                if (expected[i] == Money.Zero) { Assert.False(byHousehold.ContainsKey(households[i].Id)); continue; }
                var p = byHousehold[households[i].Id];
                Assert.Equal(expected[i], p.Amount);
                var exact = fen * w[i] / w.Sum();
                Assert.True(Math.Abs(p.Amount.Fen - exact) < 1m);
                Assert.Equal((PaymentKind.Dividend, asset.Id, households[i].HeadId, households[i].HeadName, households[i].VillageCode, county[..6], 2025, Today),
                    (p.Kind, p.AssetId!.Value, p.MemberId!.Value, p.Payee, p.RegionCode, p.CountyCode, p.Year, p.PaidOn));
                Assert.Equal((ProjectAssets.DividendPurpose, ProjectType.Industry, (FundSource?)null, (long?)null, project.Id),
                    (p.Purpose, p.PurposeType, p.Source, p.AllocationId, p.ProjectId!.Value));
            }
            Assert.Equal(paid.Count, result.Payments.Count);
            var stored = await read.AssetIncomes.AsNoTracking().SingleAsync(i => i.Id == income.Id, Ct);
            Assert.Equal((Money.FromFen(fen), (DateOnly?)Today), (stored.Distributed, stored.DistributedOn));
        }, iter: 12, threads: 1);

        // The dividends are the households' own payment rows: the household's view of its payments holds them.
        var first = households[0].Id;
        Assert.NotEmpty(await officer.Payments.Where(p => p.HouseholdId == first && p.Kind == PaymentKind.Dividend).ToListAsync(Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_second_distribution_never_exceeds_what_is_left_and_wrong_roles_change_nothing(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "assets2")).WithDemoAsync(60);
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var households = await HouseholdsAsync(system, 3);
        var village = households[0].VillageCode;
        var county = village[..6] + "000000";
        var township = village[..9] + "000";
        var project = await ProjectAsync(system, village, ProjectStage.HandedOver, [households[0].Id]);
        var started = await ProjectAsync(system, village, ProjectStage.Started, []);
        await using var officer = As(database, Role.CountyOfficer, county);
        await using var clerk = As(database, Role.VillageClerk, village);
        await using var townshipOfficer = As(database, Role.TownshipOfficer, township);
        await using var auditor = As(database, Role.Auditor, county);

        // An asset of a project not yet completed is refused; so is a household asset of a household outside the beneficiaries.
        var before = await FingerprintAsync(system);
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => ProjectAssets.RegisterAsync(officer,
            new AssetInput(started.Id, "大棚", AssetClass.Operating, AssetOwnership.VillageCollective, null, new Money(1000m), "合作社"), Now, Ct));
        await Assert.ThrowsAsync<FundInputException>(() => ProjectAssets.RegisterAsync(officer,
            new AssetInput(project.Id, "牛棚", AssetClass.Household, AssetOwnership.Household, households[1].Id, new Money(1000m), "农户自营"), Now, Ct));
        await Assert.ThrowsAsync<FundInputException>(() => ProjectAssets.RegisterAsync(officer,
            new AssetInput(project.Id, "大棚", AssetClass.Operating, AssetOwnership.VillageCollective, null, Money.Zero, "合作社"), Now, Ct));
        // A village clerk does not register assets; an auditor changes nothing.
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => ProjectAssets.RegisterAsync(clerk,
            new AssetInput(project.Id, "大棚", AssetClass.Operating, AssetOwnership.VillageCollective, null, new Money(1000m), "合作社"), Now, Ct));
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => ProjectAssets.RegisterAsync(auditor,
            new AssetInput(project.Id, "大棚", AssetClass.Operating, AssetOwnership.VillageCollective, null, new Money(1000m), "合作社"), Now, Ct));
        Assert.Equal(before, await FingerprintAsync(system));

        // The township registers; the owning household of a household asset is a beneficiary.
        var own = (await ProjectAssets.RegisterAsync(officer, new AssetInput(project.Id, "牛棚", AssetClass.Household, AssetOwnership.Household, households[0].Id,
            new Money(8000m), "农户自营", true, Today), Now, Ct))!;
        Assert.Equal(households[0].Id, own.OwnerHouseholdId);
        var asset = (await ProjectAssets.RegisterAsync(townshipOfficer, new AssetInput(project.Id, "扶贫车间", AssetClass.Operating, AssetOwnership.VillageCollective,
            null, new Money(500_000m), "村股份经济合作社"), Now, Ct))!;
        await ProjectAssets.AddShareAsync(officer, asset.Id, new ShareInput(households[0].Id, 2m), Now, Ct);
        await ProjectAssets.AddShareAsync(officer, asset.Id, new ShareInput(households[1].Id, 1m), Now, Ct);
        // At most one open share per household and asset.
        await Assert.ThrowsAsync<FundInputException>(() => ProjectAssets.AddShareAsync(officer, asset.Id, new ShareInput(households[1].Id, 1m), Now, Ct));
        // Income only of an income-generating asset, never dated in the future; a village clerk records it.
        await Assert.ThrowsAsync<FundInputException>(() => ProjectAssets.RecordIncomeAsync(officer, own.Id, new IncomeInput(2025, Today, new Money(100m)), Now, Ct));
        await Assert.ThrowsAsync<FundInputException>(() => ProjectAssets.RecordIncomeAsync(clerk, asset.Id, new IncomeInput(2026, Today.AddDays(1), new Money(100m)), Now, Ct));
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => ProjectAssets.RecordIncomeAsync(auditor, asset.Id, new IncomeInput(2025, Today, new Money(100m)), Now, Ct));
        var income = (await ProjectAssets.RecordIncomeAsync(clerk, asset.Id, new IncomeInput(2025, Today.AddDays(-30), new Money(1000m)), Now, Ct))!;

        // The clerk, the township and the auditor may not distribute: 403 and nothing changed.
        before = await FingerprintAsync(system);
        foreach (var wrong in new[] { clerk, townshipOfficer, auditor })
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => ProjectAssets.DistributeAsync(wrong, asset.Id, income.Id, new DistributionInput(new Money(600m)), Now, Ct));
        Assert.Equal(before, await FingerprintAsync(system));

        // 600 of 1000, then at most 400 more: 400.01 is refused with nothing written, 400 passes, then nothing is left.
        var first = (await ProjectAssets.DistributeAsync(officer, asset.Id, income.Id, new DistributionInput(new Money(600m)), Now, Ct))!;
        Assert.Equal([new Money(400m), new Money(200m)], first.Payments.Select(p => p.Amount));
        before = await FingerprintAsync(system);
        await Assert.ThrowsAsync<FundInputException>(() => ProjectAssets.DistributeAsync(officer, asset.Id, income.Id, new DistributionInput(new Money(400.01m)), Now, Ct));
        officer.ChangeTracker.Clear();
        Assert.Equal(before, await FingerprintAsync(system));
        var second = (await ProjectAssets.DistributeAsync(officer, asset.Id, income.Id, new DistributionInput(new Money(400m)), Now, Ct))!;
        Assert.Equal(new Money(1000m), second.Income.Distributed);
        officer.ChangeTracker.Clear();
        await Assert.ThrowsAsync<FundInputException>(() => ProjectAssets.DistributeAsync(officer, asset.Id, income.Id, new DistributionInput(new Money(0.01m)), Now, Ct));

        // An ended share takes no part in later income; a disposed asset stays so, with its reason, and is never deleted.
        var shareId = await system.AssetShares.Where(s => s.AssetId == asset.Id && s.HouseholdId == households[1].Id).Select(s => s.Id).SingleAsync(Ct);
        await Assert.ThrowsAsync<FundInputException>(() => ProjectAssets.EndShareAsync(officer, asset.Id, shareId, " ", null, Now, Ct));
        await ProjectAssets.EndShareAsync(officer, asset.Id, shareId, "户迁出本县", null, Now, Ct);
        var next = (await ProjectAssets.RecordIncomeAsync(officer, asset.Id, new IncomeInput(2026, Today, new Money(99.99m)), Now, Ct))!;
        var third = (await ProjectAssets.DistributeAsync(officer, asset.Id, next.Id, new DistributionInput(new Money(99.99m)), Now, Ct))!;
        Assert.Equal([(households[0].Id, new Money(99.99m))], third.Payments.Select(p => (p.HouseholdId!.Value, p.Amount)));
        await Assert.ThrowsAsync<FundInputException>(() => ProjectAssets.SetStateAsync(officer, asset.Id, AssetState.Idle, "", Ct));
        await ProjectAssets.SetStateAsync(officer, asset.Id, AssetState.Disposed, "厂房拆除", Ct);
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => ProjectAssets.SetStateAsync(officer, asset.Id, AssetState.InUse, "重新启用", Ct));

        // The area's list: both assets, the disposed one out of the rates; dividends by year; the asset's page with every dividend.
        var area = (await ProjectAssets.ForAreaAsync(officer, village, null, Ct))!;
        Assert.Contains(area.Assets, a => a.Id == asset.Id && a.State == AssetState.Disposed);
        Assert.Contains(area.Assets, a => a.Id == own.Id && a.OwnershipRegistered && a.HandedOverOn == Today);
        Assert.Equal(area.Assets.Count(a => a.State != AssetState.Disposed), area.InService);
        Assert.True(area.Years.Single(y => y.Year == 2025).Dividends >= new Money(1000m));
        var page = (await ProjectAssets.ForAssetAsync(officer, asset.Id, Ct))!;
        Assert.Equal(5, page.Dividends.Count);
        Assert.Equal(new Money(1099.99m), new Money(page.Dividends.Sum(p => p.Amount.Yuan)));
        Assert.All(page.Shares, s => Assert.Contains("*", s.HeadIdMasked, StringComparison.Ordinal));
        Assert.Equal(AssetState.Disposed, page.Asset.State);
        Assert.Equal("厂房拆除", page.Asset.StateReason);
    }
}
