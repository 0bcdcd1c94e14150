using Jingzhun.Data.Access;
using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Transition;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Transition;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Transition;

/// <summary>
/// The demo's exited county (示例东县, issue 21) on both engines: it exits through the whole county-exit process — the nation
/// approves on the rates of its closed special assessment, and the passing decision is kept — so it carries its exit year
/// and a transition of five years from the approval day, during which its exited households keep their cadres. The demo
/// county's own exit case is left where it was (at the city's review).
/// </summary>
public sealed class ExitedCountyDemoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 20)] // the size a 2,000-household demo gets: a sample of a few households
    [InlineData(DatabaseProvider.Sqlite, 80)]
    [InlineData(DatabaseProvider.Postgres, 80)]
    public async Task The_demo_county_beside_exits_through_its_process_and_is_in_transition(DatabaseProvider provider, int exitedCountyHouseholds)
    {
        using var folder = new TestFolder();
        var options = new DemoOptions(300, 7) { ExitedCountyHouseholds = exitedCountyHouseholds };
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "exited-county")).WithDemoAsync(options);
        await DemoHistory.AddAsync(database.Target, options, Now, ct: Ct);
        const string code = DemoGenerator.ExitedCountyCode;

        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            Assert.Equal(exitedCountyHouseholds, await system.Households.CountAsync(h => h.CountyCode == DemoGenerator.ExitedCountyPrefix, Ct));
            Assert.Equal(options.CurrentYear, (await system.Regions.SingleAsync(r => r.Code == code && r.ValidTo == null, Ct)).ExitedYear);
            var exit = await system.Cases.Include(c => c.Steps).SingleAsync(c => c.Kind == CaseKind.CountyExit && c.RegionCode == code, Ct);
            Assert.Equal(Stage.CountyExited, exit.Stage);
            Assert.Equal(new DateTime(options.CurrentYear, 5, 20, 9, 0, 0, DateTimeKind.Utc), exit.ClosedAt);
            // Every stage of the process is a step on record, from the proposal to the nation's approval.
            Assert.Equal([Stage.CityReview, Stage.ProvinceVerification, Stage.PublicNotice, Stage.ProvinceApproval, Stage.NationalAssessment, Stage.CountyExited],
                exit.Steps.Where(s => s.Action == StepAction.Advance).OrderBy(s => s.At).Select(s => s.To));
            // The nation's decision is on the closed assessment's rates, kept with its trace.
            var approval = await system.Decisions.Where(d => d.RegionCode == code && d.Rule == AreaRules.CountyExitRule).SingleAsync(Ct);
            Assert.True(approval.Passed, approval.Trace);
            Assert.Contains("\"recognition\"", approval.Trace); // the three rates are criteria of the decision
            var project = await system.AssessmentProjects.SingleAsync(p => p.Kind == AssessmentKind.CountyExit && p.Counties.Any(c => c.CountyCode == DemoGenerator.ExitedCountyPrefix), Ct);
            Assert.Equal(AssessmentState.Closed, project.State);
            Assert.True(project.ClosedAt < exit.ClosedAt);
            var rates = await AssessmentResults.CountyRatesAsync(system, code, Ct);
            Assert.NotNull(rates);
            Assert.Equal(project.Id, rates.ProjectId);

            // The demo county's own exit proposal still waits at the city.
            Assert.Equal(Stage.CityReview, (await system.Cases.SingleAsync(c => c.Kind == CaseKind.CountyExit && c.RegionCode == DemoGenerator.CountyCode, Ct)).Stage);
            Assert.Null((await system.Regions.SingleAsync(r => r.Code == DemoGenerator.CountyCode && r.ValidTo == null, Ct)).ExitedYear);
        }

        // The city sees the transition: five years from the approval day, and what the exited households still receive.
        await using var city = JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == "city")));
        var period = await Transitions.ForCountyAsync(city, code, Ct);
        Assert.NotNull(period);
        Assert.Equal(ExitDateSource.ExitCase, period.Source);
        Assert.Equal(new DateOnly(options.CurrentYear + 5, 5, 20), period.EndsOn);
        Assert.True(period.InTransitionOn(DateOnly.FromDateTime(Now)));
        var report = await Transitions.ReportAsync(city, code, Now, ct: Ct);
        Assert.NotNull(report);
        Assert.Equal(await city.Households.CountAsync(h => h.CountyCode == DemoGenerator.ExitedCountyPrefix && h.Status == HouseholdStatus.Exited, Ct),
            report.ExitedHouseholds);
        Assert.True(report.ExitedHouseholds > 0);
        Assert.True(report.WithCadre > 0, "exited households keep their cadres in the transition");

        // The demo county's officer does not see the county beside it.
        await using var county = JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == "county")));
        Assert.Null(await Transitions.ReportAsync(county, code, Now, ct: Ct));
    }
}
