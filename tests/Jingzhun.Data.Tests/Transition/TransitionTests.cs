using Jingzhun.Data.Access;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Transition;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Transition;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Transition;

/// <summary>
/// 过渡期 and 四个不摘 on both engines: a household that goes through its exit (销号) keeps its pairing cadre and its
/// measures, and the transition report lists what it still receives; ending the pairing or stopping a measure is its own
/// step and needs a reason. An exited county shows its transition end date: five years from the day its exit case was
/// approved, or from 31 December of its exit year when no case is on record.
/// </summary>
public sealed class TransitionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2025, 10, 9, 2, 0, 0, DateTimeKind.Utc);
    private static readonly StepInput Approve = new("同意", VotesFor: 9, VotesAgainst: 1);

    private static JingzhunDbContext As(TestDatabase database, string user) =>
        JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Exit_of_a_household_keeps_its_pairing_and_measures(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "transition")).WithDemoAsync(300);
        await DemoHistory.AddAsync(database.Target, new DemoOptions(300, 7), Now, ct: Ct);
        long caseId, householdId;
        long pairingId;
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var open = await system.Cases.Where(c => c.Kind == CaseKind.HouseholdExit && c.ClosedAt == null).OrderBy(c => c.Id).FirstAsync(Ct);
            (caseId, householdId) = (open.Id, open.HouseholdId!.Value);
            var village = await system.Households.Where(h => h.Id == householdId).Select(h => h.VillageCode).FirstAsync(Ct);
            // The household has a cadre and a measure in progress (the demo's, or given here through the governed steps).
            var pairing = await system.CadrePairings.Where(p => p.HouseholdId == householdId && p.EndedOn == null).FirstOrDefaultAsync(Ct);
            if (pairing is null)
            {
                var countyCode = village[..6];
                var cadre = await system.Cadres.Where(c => c.CountyCode == countyCode && c.State == CadreState.Serving).OrderBy(c => c.Id).FirstAsync(Ct);
                pairing = (await Pairings.PairAsync(system, householdId, cadre.Id, "结对帮扶", DateOnly.FromDateTime(Now), Ct)).Value!;
            }
            pairingId = pairing.Id;
            var measure = await HouseholdPlans.AddMeasureAsync(system, householdId, new MeasureInput(MeasureType.Production, "IND-CROP", 2025, null,
                new DateOnly(2025, 3, 1), new DateOnly(2026, 3, 1), "发展养殖", null, MeasureState.Active), DateOnly.FromDateTime(Now), Ct);
            Assert.True(measure.Outcome == EditOutcome.Saved, string.Join(";", measure.Errors.Select(e => e.Chinese)));
        }

        // The exit runs to 销号.
        var at = Now;
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            for (var i = 0; i < 10 && (await system.Cases.AsNoTracking().FirstAsync(c => c.Id == caseId, Ct)).ClosedAt is null; i++)
            {
                at = at.AddDays(8);
                await CaseWorkflow.AdvanceAsync(system, caseId, Approve, at, Ct);
            }
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var household = await system.Households.FirstAsync(h => h.Id == householdId, Ct);
            Assert.Equal(HouseholdStatus.Exited, household.Status);
            Assert.True(await system.CadrePairings.AnyAsync(p => p.Id == pairingId && p.EndedOn == null, Ct));
            Assert.True(await system.Measures.AnyAsync(m => m.HouseholdId == householdId && m.State == MeasureState.Active, Ct));
        }

        // The report of the household's village lists it with its cadre and measure.
        await using (var county = As(database, "county"))
        {
            var village = await county.Households.Where(h => h.Id == householdId).Select(h => h.VillageCode).FirstAsync(Ct);
            var report = (await Transitions.ReportAsync(county, village, at, pageSize: 1000, ct: Ct))!;
            var row = report.Rows.Single(r => r.Id == householdId);
            Assert.NotEmpty(row.Cadres);
            Assert.True(row.ActiveMeasures[MeasureType.Production] >= 1);
            Assert.True(report.WithCadre >= 1 && report.WithMeasures >= 1);
            var xlsx = await Transitions.ExportAsync(county, village, at, Ct);
            Assert.NotNull(xlsx);
            Assert.True(await county.AuditEntries.AnyAsync(a => a.EntityType == "TransitionReport", Ct));

            // Ending the pairing is its own step and needs a reason.
            var noReason = await Pairings.EndAsync(county, householdId, pairingId, " ", DateOnly.FromDateTime(at), Ct);
            Assert.Equal(EditOutcome.Invalid, noReason.Outcome);
            Assert.True((await Pairings.EndAsync(county, householdId, pairingId, "过渡期满，经县级同意调整", DateOnly.FromDateTime(at), Ct)).Outcome == EditOutcome.Saved);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_exited_county_shows_its_transition_end_date(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "transition-county")).WithRegionsAsync();
        const string Approved = "990122000000", OnlyYear = "990123000000";
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            system.Regions.AddRange(
                new Region { Code = Approved, Name = "甲县", Level = RegionLevel.County, ParentCode = DemoGenerator.CityCode, ExitedYear = 2020 },
                new Region { Code = OnlyYear, Name = "乙县", Level = RegionLevel.County, ParentCode = DemoGenerator.CityCode, ExitedYear = 2019 });
            // The approved exit case of 甲县, as the workflow leaves it (approved 2020-11-23, Beijing time).
            system.Cases.Add(new WorkflowCase
            {
                Kind = CaseKind.CountyExit, Stage = Stage.CountyExited, Year = 2020, RegionCode = Approved, CountyCode = Approved[..6],
                OpenedAt = new DateTime(2020, 3, 1, 2, 0, 0, DateTimeKind.Utc), OpenedBy = "test", Reason = "摘帽",
                ClosedAt = new DateTime(2020, 11, 23, 2, 0, 0, DateTimeKind.Utc),
            });
            await system.SaveChangesAsync(Ct);
        }
        await using var village = As(database, "village"); // any reader: the date of a county's exit is public
        var approved = (await Transitions.ForCountyAsync(village, Approved, Ct))!;
        Assert.Equal(ExitDateSource.ExitCase, approved.Source);
        Assert.Equal(new DateOnly(2020, 11, 23), approved.ExitedOn);
        Assert.Equal(new DateOnly(2025, 11, 23), approved.EndsOn);
        var fromYear = (await Transitions.ForCountyAsync(village, OnlyYear, Ct))!;
        Assert.Equal(ExitDateSource.ExitYear, fromYear.Source);
        Assert.Equal(new DateOnly(2024, 12, 31), fromYear.EndsOn);
        Assert.Null(await Transitions.ForCountyAsync(village, DemoGenerator.CountyCode, Ct));
    }
}
