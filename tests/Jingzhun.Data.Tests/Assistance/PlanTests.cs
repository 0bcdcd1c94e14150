using Jingzhun.Data.Access;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Assistance;

/// <summary>
/// One plan per household on both engines: a new plan supersedes the one in force and keeps it as history (open measures
/// move with it, finished ones stay); measures carry their funding by source and move forward through their states with
/// a result or a reason; bad input is refused at its field and stores nothing; an assistance cadre changes only its own
/// households' plans (the step refuses, and the save rules refuse the same row again); other roles are refused.
/// </summary>
public sealed class PlanTests
{
    private const string Village = "990121001001";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now);

    private sealed class Fixture(TestFolder folder, TestDatabase database) : IAsyncDisposable
    {
        public TestDatabase Database => database;
        public long Paired { get; set; }
        public long Unpaired { get; set; }
        public int CadreId { get; set; }

        public async Task<JingzhunDbContext> AsAsync(string user)
        {
            await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            var account = await system.Accounts.AsNoTracking().SingleAsync(a => a.UserName == user, Ct);
            return JingzhunDb.Create(database.Target, AccessScope.For(account));
        }

        public JingzhunDbContext System() => JingzhunDb.Create(database.Target, AccessScope.System("test"));

        public async ValueTask DisposeAsync()
        {
            await database.DisposeAsync();
            folder.Dispose();
        }
    }

    private static async Task<Fixture> ArrangeAsync(DatabaseProvider provider)
    {
        var folder = new TestFolder();
        var database = await (await TestDatabase.CreateAsync(provider, folder, "plans")).WithDemoAsync(1200);
        var fixture = new Fixture(folder, database);
        await using var db = fixture.System();
        await DemoAccounts.EnsureAsync(db, Now, Ct);
        var cadreAccount = await db.Accounts.SingleAsync(a => a.UserName == "cadre", Ct);
        // The demo cadre account on the roster, paired with one poor household of its village (the demo may already have done so).
        var cadre = await db.Cadres.FirstOrDefaultAsync(c => c.AccountId == cadreAccount.Id, Ct);
        if (cadre is null)
        {
            cadre = new Cadre { CountyCode = "990121", Name = "测试帮扶干部", Unit = "县扶贫办", Phone = "13900001111", AccountId = cadreAccount.Id };
            db.Cadres.Add(cadre);
            await db.SaveChangesAsync(Ct);
        }
        fixture.CadreId = cadre.Id;
        var paired = await db.CadrePairings.Where(p => p.CadreId == cadre.Id && p.EndedOn == null).OrderBy(p => p.HouseholdId).Select(p => (long?)p.HouseholdId).FirstOrDefaultAsync(Ct);
        if (paired is null)
        {
            paired = await db.Households.Where(h => h.VillageCode == Village && h.Status == HouseholdStatus.Poor).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
            Assert.Equal(EditOutcome.Saved, (await Pairings.PairAsync(db, paired.Value, cadre.Id, "测试结对", Today, Ct)).Outcome);
        }
        fixture.Paired = paired.Value;
        fixture.Unpaired = await db.Households.Where(h => h.VillageCode == Village && !db.CadrePairings.Any(p => p.HouseholdId == h.Id && p.EndedOn == null && p.CadreId == cadre.Id))
            .OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
        return fixture;
    }

    private static PlanInput Plan(string goals, int from = 2026) => new(from, from + 2, goals, 6000m, null, new DateOnly(from + 2, 12, 31));

    private static MeasureInput Measure(MeasureType type = MeasureType.Microcredit, string programme = "MIC-LOAN", params FundingInput[] funding) =>
        new(type, programme, 2026, null, Today, Today.AddMonths(6), "产业贷款", funding);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_new_plan_supersedes_the_plan_in_force_which_stays_as_history_and_open_measures_move_with_it(DatabaseProvider provider)
    {
        await using var f = await ArrangeAsync(provider);
        await using var db = await f.AsAsync("village");
        var first = await HouseholdPlans.MakePlanAsync(db, f.Paired, Plan("发展养殖，2026年人均纯收入超过6000元"), Ct);
        Assert.Equal(EditOutcome.Saved, first.Outcome);
        var done = await HouseholdPlans.AddMeasureAsync(db, f.Paired, Measure(MeasureType.Education, "EDU-AID") with { State = MeasureState.Completed }, Today, Ct);
        var open = await HouseholdPlans.AddMeasureAsync(db, f.Paired, Measure(), Today, Ct);
        Assert.Equal(first.Value!.Id, done.Value!.PlanId);
        Assert.Equal(first.Value.Id, open.Value!.PlanId);

        var second = await HouseholdPlans.MakePlanAsync(db, f.Paired, Plan("稳定务工收入", 2027) with { CadreId = f.CadreId }, Ct);
        Assert.Equal(EditOutcome.Saved, second.Outcome);

        var view = (await HouseholdPlans.ViewAsync(db, f.Paired, Today, Ct))!;
        Assert.Equal(second.Value!.Id, view.Plan!.Id);
        Assert.Equal("稳定务工收入", view.Plan.Goals);
        Assert.NotEqual("", view.Plan.CadreName);
        var old = Assert.Single(view.PreviousPlans, p => p.CreatedBy != "demo"); // the demo county's own plans of past years aside
        Assert.Equal((first.Value.Id, PlanState.Superseded, "发展养殖，2026年人均纯收入超过6000元"), (old.Id, old.State, old.Goals));
        await using var system = f.System();
        Assert.Equal(1, await system.Plans.CountAsync(p => p.HouseholdId == f.Paired && p.State == PlanState.InForce, Ct));
        // The measure under way follows the plan in force; the finished one stays with the plan it was done under.
        Assert.Equal(second.Value.Id, (await system.Measures.SingleAsync(m => m.Id == open.Value.Id, Ct)).PlanId);
        Assert.Equal(first.Value.Id, (await system.Measures.SingleAsync(m => m.Id == done.Value.Id, Ct)).PlanId);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_measure_has_funds_by_source_and_moves_forward_through_its_states_with_a_result_or_a_reason(DatabaseProvider provider)
    {
        await using var f = await ArrangeAsync(provider);
        long otherId;
        await using (var db = await f.AsAsync("village"))
        {
            var added = await HouseholdPlans.AddMeasureAsync(db, f.Paired,
                Measure(MeasureType.HousingRenovation, "HOU-RENOVATE", new(FundSource.CentralFiscal, 20_000m), new(FundSource.OwnFunds, 5_000.5m)), Today, Ct);
            Assert.Equal(EditOutcome.Saved, added.Outcome);
            Assert.Equal(new Money(25_000.5m), added.Value!.Funds);
            var id = added.Value.Id;

            // In progress, the own funds dropped and a county share added: the sum follows the rows.
            var active = await HouseholdPlans.UpdateMeasureAsync(db, f.Paired, id,
                Measure(MeasureType.HousingRenovation, "HOU-RENOVATE", new(FundSource.CentralFiscal, 20_000m), new(FundSource.LocalFiscal, 3_000m)) with { State = MeasureState.Active }, Today, Ct);
            Assert.Equal(EditOutcome.Saved, active.Outcome);
            Assert.Equal(new Money(23_000m), active.Value!.Funds);

            // Done with its result.
            var doneInput = Measure(MeasureType.HousingRenovation, "HOU-RENOVATE", new(FundSource.CentralFiscal, 20_000m), new(FundSource.LocalFiscal, 3_000m)) with
            {
                State = MeasureState.Completed, CompletedOn = Today, IncomeEffect = 0m, GuaranteesFixed = Guarantee.Housing, PeopleReached = 1,
            };
            Assert.Equal(EditOutcome.Saved, (await HouseholdPlans.UpdateMeasureAsync(db, f.Paired, id, doneInput, Today, Ct)).Outcome);
            // A finished measure does not go back.
            var back = await HouseholdPlans.UpdateMeasureAsync(db, f.Paired, id, doneInput with { State = MeasureState.Active }, Today, Ct);
            Assert.Equal(EditOutcome.Invalid, back.Outcome);
            Assert.Contains(back.Errors, e => e.Field == "State");

            // Stopping asks for the reason.
            var other = (await HouseholdPlans.AddMeasureAsync(db, f.Paired, Measure() with { State = MeasureState.Active }, Today, Ct)).Value!;
            otherId = other.Id;
            var noReason = await HouseholdPlans.UpdateMeasureAsync(db, f.Paired, other.Id, Measure() with { State = MeasureState.Stopped }, Today, Ct);
            Assert.Contains(noReason.Errors, e => e.Field == "StateReason");
            Assert.Equal(EditOutcome.Saved, (await HouseholdPlans.UpdateMeasureAsync(db, f.Paired, other.Id,
                Measure() with { State = MeasureState.Stopped, StateReason = "户主外出务工，不再需要贷款" }, Today, Ct)).Outcome);
        }

        await using var system = f.System();
        var measures = await system.Measures.AsNoTracking().Where(m => m.HouseholdId == f.Paired && m.Programme != "").OrderBy(m => m.Id).ToListAsync(Ct);
        var house = measures.Single(m => m.Type == MeasureType.HousingRenovation && m.Programme == "HOU-RENOVATE");
        Assert.Equal((MeasureState.Completed, Guarantee.Housing, 1, Today), (house.State, house.GuaranteesFixed, house.PeopleReached, house.CompletedOn!.Value));
        var rows = await system.MeasureFunding.AsNoTracking().Where(r => r.MeasureId == house.Id).ToListAsync(Ct);
        Assert.Equal(house.Funds, new Money(rows.Sum(r => r.Amount.Yuan)));
        Assert.Equal(Money.Zero, rows.Single(r => r.Source == FundSource.OwnFunds).Amount); // kept at zero, never deleted
        // (The demo's own measures of this household may include stopped ones: this test's is found by its id.)
        var stopped = measures.Single(m => m.Id == otherId);
        Assert.Equal(MeasureState.Stopped, stopped.State);
        Assert.Equal("户主外出务工，不再需要贷款", stopped.StateReason);
        Assert.True(house.Counts && stopped.Counts);
    }

    /// <summary>A household's plans, needs, measures and funding rows (the demo county already has some): a refused step leaves them as they were.</summary>
    private static async Task<string> RowsOfAsync(Fixture f, long household)
    {
        await using var read = f.System();
        return string.Join("|", await read.Plans.CountAsync(p => p.HouseholdId == household, Ct), await read.Needs.CountAsync(n => n.HouseholdId == household, Ct),
            await read.Measures.CountAsync(m => m.HouseholdId == household, Ct), await read.MeasureFunding.CountAsync(r => r.HouseholdId == household, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Bad_input_is_refused_at_its_field_and_stores_nothing(DatabaseProvider provider)
    {
        await using var f = await ArrangeAsync(provider);
        var before = await RowsOfAsync(f, f.Paired);
        await using var db = await f.AsAsync("village");
        var plan = await HouseholdPlans.MakePlanAsync(db, f.Paired, new PlanInput(2027, 2025, "", -1m, 999_999, new DateOnly(2020, 1, 1)), Ct);
        Assert.Equal(EditOutcome.Invalid, plan.Outcome);
        Assert.Equal(["CadreId", "Deadline", "Goals", "TargetIncomePerCapita", "ToYear"], plan.Errors.Select(e => e.Field).Distinct().Order());

        var measure = await HouseholdPlans.AddMeasureAsync(db, f.Paired, new MeasureInput(MeasureType.Education, "HEA-SERIOUS", 1999, null,
            new DateOnly(2026, 5, 1), new DateOnly(2026, 4, 1), "x", [new(FundSource.CentralFiscal, -5m), new((FundSource)77, 1m)]), Today, Ct);
        Assert.Equal(EditOutcome.Invalid, measure.Outcome);
        Assert.Equal(["Deadline", "Funding[0].Amount", "Funding[1].Source", "Programme", "Year"], measure.Errors.Select(e => e.Field).Distinct().Order());
        Assert.All(measure.Errors, e => Assert.False(string.IsNullOrEmpty(e.Chinese) || string.IsNullOrEmpty(e.English)));

        var need = await HouseholdPlans.RecordNeedAsync(db, f.Paired, new NeedInput((MeasureType)0, " "), Today, Ct);
        Assert.Equal(["Area", "Description"], need.Errors.Select(e => e.Field).Order());

        Assert.Equal(before, await RowsOfAsync(f, f.Paired));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_assistance_cadre_changes_only_its_own_households_plans_and_the_save_rules_refuse_the_rest_too(DatabaseProvider provider)
    {
        await using var f = await ArrangeAsync(provider);
        // The demo county already carries plans, needs and measures: what the cadre may not do must leave them as they are.
        async Task<string> UnpairedRowsAsync()
        {
            await using var read = f.System();
            return string.Join("|", await read.Plans.CountAsync(p => p.HouseholdId == f.Unpaired, Ct), await read.Needs.CountAsync(n => n.HouseholdId == f.Unpaired, Ct),
                await read.Measures.CountAsync(m => m.HouseholdId == f.Unpaired, Ct));
        }
        var unpairedBefore = await UnpairedRowsAsync();
        await using (var cadre = await f.AsAsync("cadre"))
        {
            // Its own household: plan, need and measure.
            Assert.Equal(EditOutcome.Saved, (await HouseholdPlans.MakePlanAsync(cadre, f.Paired, Plan("养牛增收"), Ct)).Outcome);
            Assert.Equal(EditOutcome.Saved, (await HouseholdPlans.RecordNeedAsync(cadre, f.Paired, new NeedInput(MeasureType.Microcredit, "需要贷款买牛"), Today, Ct)).Outcome);
            Assert.Equal(EditOutcome.Saved, (await HouseholdPlans.AddMeasureAsync(cadre, f.Paired, Measure(), Today, Ct)).Outcome);
            Assert.True((await HouseholdPlans.ViewAsync(cadre, f.Paired, Today, Ct))!.MayChange);

            // Another household of its village: it reads it, and every step is refused.
            var other = (await HouseholdPlans.ViewAsync(cadre, f.Unpaired, Today, Ct))!;
            Assert.False(other.MayChange);
            await Assert.ThrowsAsync<ScopeViolationException>(() => HouseholdPlans.MakePlanAsync(cadre, f.Unpaired, Plan("越权"), Ct));
            await Assert.ThrowsAsync<ScopeViolationException>(() => HouseholdPlans.RecordNeedAsync(cadre, f.Unpaired, new NeedInput(MeasureType.Health, "越权"), Today, Ct));
            await Assert.ThrowsAsync<ScopeViolationException>(() => HouseholdPlans.AddMeasureAsync(cadre, f.Unpaired, Measure(), Today, Ct));
        }
        // The save rules refuse the same rows written around the step.
        await using (var cadre = await f.AsAsync("cadre"))
        {
            cadre.Plans.Add(new AssistancePlan { HouseholdId = f.Unpaired, FromYear = 2026, ToYear = 2027, Goals = "绕过", Deadline = Today });
            await Assert.ThrowsAsync<ScopeViolationException>(() => cadre.SaveChangesAsync(Ct));
        }
        await using (var cadre = await f.AsAsync("cadre"))
        {
            cadre.Measures.Add(new AssistanceMeasure { HouseholdId = f.Unpaired, Type = MeasureType.Health, Year = 2026 });
            await Assert.ThrowsAsync<ScopeViolationException>(() => cadre.SaveChangesAsync(Ct));
        }
        Assert.Equal(unpairedBefore, await UnpairedRowsAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Roles_outside_the_plan_step_are_refused_and_another_village_is_not_found(DatabaseProvider provider)
    {
        await using var f = await ArrangeAsync(provider);
        var before = await RowsOfAsync(f, f.Paired);
        foreach (var user in new[] { "auditor", "assessor", "city" })
        {
            await using var db = await f.AsAsync(user);
            if (!await db.Households.AnyAsync(h => h.Id == f.Paired, Ct)) continue; // an assessor outside its sample does not find it
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => HouseholdPlans.MakePlanAsync(db, f.Paired, Plan("无权"), Ct));
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => HouseholdPlans.AddMeasureAsync(db, f.Paired, Measure(), Today, Ct));
            Assert.False((await HouseholdPlans.ViewAsync(db, f.Paired, Today, Ct))!.MayChange);
        }
        await using (var other = await f.AsAsync("village2"))
            Assert.Equal(EditOutcome.NotFound, (await HouseholdPlans.MakePlanAsync(other, f.Paired, Plan("别村"), Ct)).Outcome);
        Assert.Equal(before, await RowsOfAsync(f, f.Paired));
    }
}
