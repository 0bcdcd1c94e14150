using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Monitoring;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Monitoring;

/// <summary>
/// The monitoring procedure on the data library, each step by its demo account with a clock the test moves: a screening
/// visit raises a signal, the five steps recognise the household, and the risk closes only on a passing on-site assessment.
/// </summary>
public sealed class MonitoringProcedureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static long Total(CollectOnce fields, Func<CollectOnce, double?> mean) => (long)Math.Round((mean(fields) ?? 0) * fields.Visits);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_screened_household_is_recognised_by_the_five_steps_and_its_risk_closes_only_after_a_passing_assessment(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "monitoring")).WithDemoAsync(120);
        var clock = new Clock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        JingzhunDbContext As(string user) => JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)), clock);
        DateTime Now() => clock.Now.UtcDateTime;

        long householdId;
        // An exited household of the clerk's village with nothing open (the demo's own are taken by its open cases and monitoring).
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test"), clock))
            householdId = (await Assistance.CoverageRegister.HouseholdAsync(db, DemoAccounts.All.Single(a => a.UserName == "village").RegionCode,
                HouseholdStatus.Exited, Ct)).Id;

        long caseId;
        await using (var db = As("village"))
        {
            await MonitoringWork.RecordScreeningAsync(db, householdId, DateOnly.FromDateTime(Now()), "户主住院，花费较大", RiskKind.MedicalExpense, Now(), Ct);
            var signal = await db.RiskSignals.SingleAsync(s => s.HouseholdId == householdId && s.State == SignalState.Open, Ct);
            Assert.Equal(DiscoveryChannel.Screening, signal.Channel);
            caseId = signal.CaseId!.Value;
            Assert.Equal(Stage.Signal, (await db.Cases.SingleAsync(c => c.Id == caseId, Ct)).Stage);
        }
        await using (var db = As("county"))
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => CaseWorkflow.AdvanceAsync(db, caseId, new StepInput(), Now(), Ct));
        await using (var db = As("village"))
        {
            await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("到户"), Now(), Ct);
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => CaseWorkflow.AdvanceAsync(db, caseId, new StepInput(), Now(), Ct));
            var fieldsBefore = (await EarlyWarningQuality.ComputeAsync(db, ct: Ct)).FieldsPerVisit.Single(f => !f.WithDepartmentData);
            var (prefill, _) = await MonitoringWork.PrefillAsync(db, caseId, Ct);
            await MonitoringWork.RecordHomeVisitAsync(db, caseId, new HomeVisitInput(DateOnly.FromDateTime(Now()),
                prefill with { MedicalExpenses = new Domain.Common.Money(38_000m) }, MonitoringCategory.SuddenHardship, PovertyCause.Illness, "属实"), Now(), Ct);
            // Collect once, measured: the screening signal held no amount, so the visitor typed the medical costs.
            var fields = (await EarlyWarningQuality.ComputeAsync(db, ct: Ct)).FieldsPerVisit.Single(f => !f.WithDepartmentData);
            Assert.Equal((fieldsBefore.Visits + 1, Total(fieldsBefore, f => f.Prefilled), Total(fieldsBefore, f => f.Typed) + 1),
                (fields.Visits, Total(fields, f => f.Prefilled), Total(fields, f => f.Typed)));
            await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("核查属实"), Now(), Ct);
            await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("评议通过"), Now(), Ct);
            Assert.Single(await db.Notices.Where(n => n.CaseId == caseId).ToListAsync(Ct));
        }
        clock.Now = clock.Now.AddDays(5.1);
        await using (var db = As("village")) await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput(), Now(), Ct);
        await using (var db = As("township")) await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("初审同意"), Now(), Ct);
        await using (var db = As("county")) await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput("比对审定"), Now(), Ct);

        long objectId;
        await using (var db = As("county"))
        {
            var monitored = await db.MonitoredObjects.SingleAsync(m => m.HouseholdId == householdId, Ct);
            Assert.Equal((MonitoringCategory.SuddenHardship, RiskClass.SuddenHardship, RiskState.Monitoring), (monitored.Type, monitored.RiskClass, monitored.State));
            Assert.Equal(SignalState.Recognised, (await db.RiskSignals.SingleAsync(s => s.CaseId == caseId, Ct)).State);
            objectId = monitored.Id;
        }
        await using (var db = As("village"))
        {
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => MonitoringWork.ProposeEliminationAsync(db, objectId, "", Now(), Ct));
            await MonitoringWork.RecordAssessmentAsync(db, objectId, DateOnly.FromDateTime(Now()),
                new AssessmentFindings(new(20_000m), true, true, true, true, true, true), "", Now(), Ct);
            var elimination = await MonitoringWork.ProposeEliminationAsync(db, objectId, "", Now(), Ct);
            await CaseWorkflow.AdvanceAsync(db, elimination.Id, new StepInput(), Now(), Ct);
            caseId = elimination.Id;
        }
        await using (var db = As("township")) await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput(), Now(), Ct);
        await using (var db = As("county")) await CaseWorkflow.AdvanceAsync(db, caseId, new StepInput(), Now(), Ct);
        await using (var db = As("county"))
            Assert.Equal(RiskState.Eliminated, (await db.MonitoredObjects.SingleAsync(m => m.Id == objectId, Ct)).State);
    }
}
