using Jingzhun.Data.Collaboration;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Collaboration;

/// <summary>
/// Labour cooperation on both engines (issue 20 point 4): a worker placed through labour cooperation appears in the origin
/// county's figures and in the destination's; the return takes it out of "working now" but keeps every step; the roles
/// outside the table and the villages outside the actor's region are refused before anything is written.
/// </summary>
public sealed class LabourCooperationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 6, 30, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_placed_worker_counts_at_origin_and_destination_and_a_return_keeps_the_history(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "labour")).WithDemoAsync(60);
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        // The destination is in the region table (a paired eastern city): its code is kept and its province read from there.
        system.Regions.AddRange(
            new Region { Code = "440000000000", Name = "广东省", Level = RegionLevel.Province },
            new Region { Code = "440300000000", Name = "深圳市", Level = RegionLevel.City, ParentCode = "440000000000" });
        await system.SaveChangesAsync(Ct);
        var eligible = new[] { HouseholdStatus.Poor, HouseholdStatus.Exited, HouseholdStatus.Returned, HouseholdStatus.Monitored };
        var workers = await system.LabourWorkers.Select(w => w.MemberId).ToListAsync(Ct);
        var member = await system.Members.AsNoTracking()
            .Where(m => m.State == MemberState.Present && eligible.Contains(m.Household!.Status) && !workers.Contains(m.Id))
            .OrderBy(m => m.Id).Select(m => new { m.Id, m.HouseholdId, m.Household!.VillageCode }).FirstAsync(Ct);
        var county = member.VillageCode[..6] + "000000";
        var township = member.VillageCode[..9] + "000";

        var officer = new Account { UserName = "county", DisplayName = "县扶贫办", Role = Role.CountyOfficer, RegionCode = county };
        await using var db = JingzhunDb.Create(database.Target, AccessScope.For(officer));
        var before2024 = (await LabourCooperationFigures.ForAreaAsync(db, county, 2024, Today, ct: Ct))!;
        var before2025 = (await LabourCooperationFigures.ForAreaAsync(db, county, 2025, Today, ct: Ct))!;
        var beforeShenzhen = (await LabourCooperationFigures.ForAreaAsync(db, county, 2024, Today, "440300", Ct))!;

        var worker = (await LabourCooperation.EnterPoolAsync(db, member.HouseholdId, member.Id, new DateOnly(2024, 2, 1), Now, Ct)).Value!;
        Assert.Equal((member.VillageCode, LabourStage.Pool), (worker.VillageCode, worker.Stage));
        // A return cannot follow the pool: the worker has had no job.
        var early = await LabourCooperation.RecordAsync(db, member.HouseholdId, worker.Id, new(LabourStage.Returned, new DateOnly(2024, 2, 5), Reason: "x"), Now, Ct);
        Assert.Equal(EditOutcome.Invalid, early.Outcome);
        await Saved(LabourCooperation.RecordAsync(db, member.HouseholdId, worker.Id,
            new(LabourStage.Training, new DateOnly(2024, 2, 10), Course: "岗前适应性培训", TrainingUntil: new DateOnly(2024, 2, 20)), Now, Ct));
        // A code outside the region table is refused at its field.
        var unknown = await LabourCooperation.RecordAsync(db, member.HouseholdId, worker.Id, new(LabourStage.Placed, new DateOnly(2024, 3, 1),
            Destination: "某地", DestinationCode: "330100", Employer: "某厂", Mode: PlacementMode.Organised, MonthlyIncome: new Money(3000m)), Now, Ct);
        Assert.Contains(unknown.Errors, e => e.Field == "DestinationCode");
        // A pairing named for the job must help the worker's home: the demo's east–west pairing of the county does.
        var pairing = await db.CollaborationPairings.Where(p => member.VillageCode.StartsWith(p.RegionPrefix)).Select(p => p.Id).FirstAsync(Ct);
        var noPairing = await LabourCooperation.RecordAsync(db, member.HouseholdId, worker.Id, new(LabourStage.Placed, new DateOnly(2024, 3, 1),
            Destination: "广东省深圳市宝安区", DestinationCode: "440300", Employer: "深圳某电子有限公司", Mode: PlacementMode.PointToPoint,
            MonthlyIncome: new Money(4_500m), PairingId: 999_999), Now, Ct);
        Assert.Contains(noPairing.Errors, e => e.Field == "PairingId");
        var job = await Saved(LabourCooperation.RecordAsync(db, member.HouseholdId, worker.Id, new(LabourStage.Placed, new DateOnly(2024, 3, 1),
            Destination: "广东省深圳市宝安区", DestinationCode: "440300", Employer: "深圳某电子有限公司", Mode: PlacementMode.PointToPoint,
            MonthlyIncome: new Money(4_500m), PairingId: pairing), Now, Ct));
        Assert.Equal(("440300000000", "广东省", pairing), (job.DestinationCode, job.DestinationProvince, job.PairingId!.Value));

        // The origin county's 2024: one more working, placed and trained in the year, 4500 a month more.
        var origin2024 = (await LabourCooperationFigures.ForAreaAsync(db, county, 2024, Today, ct: Ct))!;
        Assert.Equal(before2024.Total.Working + 1, origin2024.Total.Working);
        Assert.Equal(before2024.Total.PlacedInYear + 1, origin2024.Total.PlacedInYear);
        Assert.Equal(before2024.Total.TrainedInYear + 1, origin2024.Total.TrainedInYear);
        Assert.Equal(before2024.Total.MonthlyIncome + new Money(4_500m), origin2024.Total.MonthlyIncome);
        Assert.Contains(origin2024.ByOrigin, r => r.Key == township && r.Working >= 1);
        Assert.Contains(origin2024.ByDestinationProvince, r => r.Key == "广东省" && r.Working >= 1);
        // The destination's: by its code (and by the province's), and the township's own figures hold it as well.
        var shenzhen = (await LabourCooperationFigures.ForAreaAsync(db, county, 2024, Today, "440300", Ct))!;
        Assert.Equal(beforeShenzhen.Total.Working + 1, shenzhen.Total.Working);
        Assert.Equal("440300", shenzhen.Destination);
        Assert.True((await LabourCooperationFigures.ForAreaAsync(db, county, 2024, Today, "44", Ct))!.Total.Working >= 1);
        Assert.True((await LabourCooperationFigures.ForAreaAsync(db, township, 2024, Today, ct: Ct))!.Total.Working >= 1);
        // A province-wide reader sees the same worker from above.
        await using var province = JingzhunDb.Create(database.Target, AccessScope.For(
            new Account { UserName = "province", DisplayName = "省扶贫办", Role = Role.ProvinceOfficer, RegionCode = county[..2] + "0000000000" }));
        Assert.Equal(shenzhen.Total.Working, (await LabourCooperationFigures.ForAreaAsync(province, county[..2] + "0000000000", 2024, Today, "440300", Ct))!.Total.Working);

        // The return: out of "working now" in 2025, still working at the end of 2024, every step kept.
        await Saved(LabourCooperation.RecordAsync(db, member.HouseholdId, worker.Id,
            new(LabourStage.Returned, new DateOnly(2025, 1, 15), Reason: "合同期满返乡"), Now, Ct));
        var origin2025 = (await LabourCooperationFigures.ForAreaAsync(db, county, 2025, Today, ct: Ct))!;
        Assert.Equal(before2025.Total.Working, origin2025.Total.Working);
        Assert.Equal(before2025.Total.Returned + 1, origin2025.Total.Returned);
        Assert.Equal(before2025.Total.ReturnedInYear + 1, origin2025.Total.ReturnedInYear);
        Assert.Equal(before2025.Total.Workers + 1, origin2025.Total.Workers);
        Assert.Equal(origin2024.Total.Working, (await LabourCooperationFigures.ForAreaAsync(db, county, 2024, Today, ct: Ct))!.Total.Working);
        var history = Assert.Single((await LabourCooperation.ForHouseholdAsync(db, member.HouseholdId, Ct))!, w => w.Worker.Id == worker.Id);
        Assert.Equal([LabourStage.Pool, LabourStage.Training, LabourStage.Placed, LabourStage.Returned], history.Steps.Select(s => s.Stage));
        Assert.Null(history.CurrentJob);
        Assert.True(await system.AuditEntries.CountAsync(a => a.EntityType == nameof(LabourPlacement) && a.Actor == "county", Ct) >= 4);

        // A step is written once: changing one is refused by the save rules.
        var stored = await db.LabourPlacements.FirstAsync(p => p.Id == job.Id, Ct);
        stored.MonthlyIncome = new Money(9_999m);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Only_the_village_township_and_county_of_the_household_may_record(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "labour-roles")).WithDemoAsync(60);
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var eligible = new[] { HouseholdStatus.Poor, HouseholdStatus.Exited, HouseholdStatus.Returned, HouseholdStatus.Monitored };
        var workers = await system.LabourWorkers.Select(w => w.MemberId).ToListAsync(Ct);
        var member = await system.Members.AsNoTracking()
            .Where(m => m.State == MemberState.Present && eligible.Contains(m.Household!.Status) && !workers.Contains(m.Id))
            .OrderBy(m => m.Id).Select(m => new { m.Id, m.HouseholdId, m.Household!.VillageCode }).FirstAsync(Ct);
        var other = await system.Regions.Where(r => r.Level == RegionLevel.Village && r.Code != member.VillageCode).Select(r => r.Code).FirstAsync(Ct);
        var count = await system.LabourWorkers.CountAsync(Ct);

        foreach (var (role, region) in new[]
                 {
                     (Role.ProvinceOfficer, member.VillageCode[..2] + "0000000000"), (Role.Auditor, member.VillageCode[..6] + "000000"),
                     (Role.AssistanceCadre, member.VillageCode),
                 })
        {
            await using var db = JingzhunDb.Create(database.Target, AccessScope.For(new Account { UserName = "x", DisplayName = "x", Role = role, RegionCode = region }));
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => LabourCooperation.EnterPoolAsync(db, member.HouseholdId, member.Id, Today, Now, Ct));
        }
        // Another village's clerk does not find the household (the scope filter): nothing to record.
        await using (var outsider = JingzhunDb.Create(database.Target, AccessScope.For(new Account { UserName = "y", DisplayName = "y", Role = Role.VillageClerk, RegionCode = other })))
            Assert.Equal(EditOutcome.NotFound, (await LabourCooperation.EnterPoolAsync(outsider, member.HouseholdId, member.Id, Today, Now, Ct)).Outcome);
        Assert.Equal(count, await system.LabourWorkers.CountAsync(Ct));

        // The household's own clerk may; a member already in the pool is refused a second time.
        await using var clerk = JingzhunDb.Create(database.Target, AccessScope.For(new Account { UserName = "z", DisplayName = "z", Role = Role.VillageClerk, RegionCode = member.VillageCode }));
        Assert.Equal(EditOutcome.Saved, (await LabourCooperation.EnterPoolAsync(clerk, member.HouseholdId, member.Id, Today, Now, Ct)).Outcome);
        Assert.Contains((await LabourCooperation.EnterPoolAsync(clerk, member.HouseholdId, member.Id, Today, Now, Ct)).Errors, e => e.Field == "MemberId");
        Assert.Equal(count + 1, await system.LabourWorkers.CountAsync(Ct));
    }

    private static async Task<T> Saved<T>(Task<EditResult<T>> step)
    {
        var result = await step;
        Assert.True(result.Outcome == EditOutcome.Saved, string.Join("; ", result.Errors.Select(e => e.English)));
        return result.Value!;
    }
}
