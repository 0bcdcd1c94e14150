using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Data.YearEnd;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Data.Demo;

/// <summary>
/// Makes the demo county a living one after <see cref="DemoSeeder"/>: year-ends frozen for every year since
/// identification began, and open cases at every stage in the first township, so that whoever signs in with a
/// demo account finds work. Deterministic: the same registry always gives the same history. Past steps are
/// dated from <see cref="DemoDate"/>; notices still running are posted at <c>now</c> (the host's clock at first
/// start), so they stay open for their full period after the demo is set up.
/// </summary>
public static class DemoHistory
{
    public const int FirstYear = 2014;
    public const string Village = "990121001001";
    public const string Township = "990121001000";
    public const string County = DemoGenerator.CountyCode;
    private const string TownshipPrefix = "990121001";
    private const string CountyPrefix = DemoGenerator.CountyPrefix;

    /// <summary>The demo's own "now" for steps already taken: autumn of the demo's last income year.</summary>
    public static readonly DateTime DemoDate = new(2025, 10, 9, 9, 0, 0, DateTimeKind.Utc);

    private static readonly Stage[] IdentificationStages =
        [Stage.Proposed, Stage.DemocraticReview, Stage.Verification, Stage.FirstNotice, Stage.TownshipReview,
         Stage.SecondNotice, Stage.CountyApproval, Stage.Announcement];

    private static readonly Stage[] ExitStages =
        [Stage.PreExit, Stage.DemocraticReview, Stage.Verification, Stage.HouseholdAcknowledged, Stage.VillageNotice];

    /// <summary>Adds the history; does nothing where a year-end is already frozen (the history was written before).</summary>
    public static async Task AddAsync(DatabaseTarget target, DemoOptions options, DateTime now, IProgress<int>? progress = null,
        CancellationToken ct = default, SeedingClock? clock = null)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("demo"));
        if (await db.Snapshots.AnyAsync(ct)) return;
        var year = options.CurrentYear;
        // One transaction: the history is written whole or not at all, and SQLite syncs to disk once instead of per step.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var exitReady = await MakeExitReadyAsync(db, year, ct);
        clock?.Done("exit-ready incomes");
        await YearEndFreeze.FreezeYearsAsync(db, Enumerable.Range(FirstYear, year - FirstYear + 1).ToList(),
            y => new DateTime(y + 1, 1, 5, 0, 0, 0, DateTimeKind.Utc), now, progress, ct);
        clock?.Done("year-end freezes");
        await OpenCasesAsync(db, year, exitReady, now, ct);
        clock?.Done("open cases");
        await ExitedCountyAsync(db, options, now, ct);
        clock?.Done("exited county");
        await DemoSampleChecks.AddAsync(db, year, now, ct); // SampleChecks: the township's closed check of the list at 乡镇审核
        // Monitoring since 2021 through its procedure, and monitoring work open now (after the cases above, which it avoids).
        await DemoMonitoringHistory.AddAsync(db, options, now, ct);
        clock?.Done("monitoring history");
        await transaction.CommitAsync(ct);
        await Audit.AuditCheckpoints.WriteAsync(db, now, ct); // the year-ends' checkpoint, as a freeze of its own writes it
        clock?.Done("commit and checkpoint");

    }

    /// <summary>
    /// Poor households of the first township whose guarantees are met get incomes above the line in the years
    /// an exit looks at, so they can go through the exit workflow. Village <see cref="Village"/> first. Every registered
    /// household exited by 2020, so the poor now are those that returned to poverty after it (返贫).
    /// </summary>
    private static async Task<List<Household>> MakeExitReadyAsync(JingzhunDbContext db, int year, CancellationToken ct)
    {
        var poor = await db.Households.Include(h => h.Members).Include(h => h.Incomes).AsSplitQuery()
            .Where(h => h.VillageCode.StartsWith(TownshipPrefix) && (h.Status == HouseholdStatus.Poor || h.Status == HouseholdStatus.Returned))
            .OrderBy(h => h.VillageCode).ThenBy(h => h.Number).ToListAsync(ct);
        var rulesOf = await RuleBook.YearsForAsync(db, Township, year - 3, year, ct);
        var ready = new List<Household>();
        foreach (var household in poor)
        {
            var rules = rulesOf(year);
            var incomes = household.Incomes.Where(i => i.Year > year - rules.StableIncomeYears).ToList();
            if (incomes.Count < rules.StableIncomeYears) continue;
            foreach (var income in incomes)
            {
                // Wages lift the household to 1.4 times the year's line a head: the fruit of the work the demo pretends happened.
                var target = new Money(rulesOf(income.Year).PovertyLine * 1.4m) * Math.Max(1, income.MembersCounted);
                var missing = target - income.ToIncomeYear().NetIncome;
                if (missing > Money.Zero) income.Wages += missing;
            }
            if (HouseholdRules.PassesExit(household, rules, rulesOf)) ready.Add(household);
            else foreach (var income in incomes) db.Entry(income).State = EntityState.Unchanged; // not this one
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return ready;
    }

    /// <summary>
    /// Open work that agrees with each household's status: identification only of households never registered
    /// (in the demo villages the generator cast marginal ones for it), exit and look-back removal only of households registered poor now.
    /// </summary>
    private static async Task OpenCasesAsync(JingzhunDbContext db, int year, List<Household> exitReady, DateTime now, CancellationToken ct)
    {
        var others = await db.Households.AsNoTracking()
            .Where(h => h.VillageCode.StartsWith(TownshipPrefix) && h.Status == HouseholdStatus.NotPoor)
            .OrderBy(h => h.VillageCode).ThenBy(h => h.Number).Select(h => h.Id).ToListAsync(ct);
        var next = 0;
        // The objection first, so that it lands in the demo village clerk's own village.
        if (next < others.Count) await ObjectedNoticeAsync(db, others[next++], year, now, ct);
        foreach (var stage in IdentificationStages)
        {
            if (next >= others.Count) break;
            var c = await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.Identification, others[next++], year, "演示：村民小组提名 / demo: proposed by the villager group", DemoDate, ct: ct);
            await MoveToAsync(db, c, stage, now, ct);
        }
        // The removal takes a poor household the exits do not need: one not exit-ready, else the last exit-ready one.
        var ready = exitReady.Select(h => h.Id).ToHashSet();
        var poorIds = await db.Households.AsNoTracking()
            .Where(h => h.VillageCode.StartsWith(TownshipPrefix) && (h.Status == HouseholdStatus.Poor || h.Status == HouseholdStatus.Returned))
            .OrderBy(h => h.VillageCode).ThenBy(h => h.Number).Select(h => h.Id).ToListAsync(ct);
        long? removed = poorIds.Where(id => !ready.Contains(id)).Select(id => (long?)id).FirstOrDefault();
        if (removed is null && exitReady.Count > ExitStages.Length + 1)
        {
            removed = exitReady[^1].Id;
            exitReady = exitReady[..^1];
        }
        if (removed is { } removedId)
        {
            var removal = await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.LookBackRemoval, removedId, year,
                "演示：回头看发现家庭有经营性车辆，识别不准 / demo: look-back found a commercial vehicle; wrongly identified", DemoDate, ct: ct);
            await MoveToAsync(db, removal, Stage.RemovalReview, now, ct);
        }

        var exits = exitReady.Select(h => h.Id).ToList();
        foreach (var (stage, id) in ExitStages.Zip(exits))
        {
            var c = await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.HouseholdExit, id, year, "演示：达到退出标准 / demo: exit-ready", DemoDate, ct: ct);
            await MoveToAsync(db, c, stage, now, ct);
        }
        await ExitListAsync(db, exitReady.Skip(ExitStages.Length).ToList(), year, now, ct);
        await CountyExitAsync(db, year, now, ct);
    }

    /// <summary>A village's list of exit cases that has passed the village notice and waits for the township (退出公告 → 销号).</summary>
    private static async Task ExitListAsync(JingzhunDbContext db, List<Household> candidates, int year, DateTime now, CancellationToken ct)
    {
        var village = candidates.GroupBy(h => h.VillageCode).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).FirstOrDefault();
        if (village is null) return;
        var ids = village.Take(3).Select(h => h.Id).ToList();
        var batch = await CaseWorkflow.OpenVillageListAsync(db, CaseKind.HouseholdExit, village.Key, year, ids,
            $"{year}年拟退出户名单 / {year} exit list", DemoDate, ct);
        var caseIds = await db.Cases.Where(c => c.BatchId == batch.Id).Select(c => c.Id).ToListAsync(ct);
        foreach (var id in caseIds)
            await MoveToAsync(db, await db.Cases.FirstAsync(c => c.Id == id, ct), Stage.ExitAnnouncement, now, ct);
    }

    /// <summary>An identification notice to which a villager objected through the public page: open until the village resolves it.</summary>
    private static async Task ObjectedNoticeAsync(JingzhunDbContext db, long householdId, int year, DateTime now, CancellationToken ct)
    {
        var c = await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.Identification, householdId, year, "演示：本人申请 / demo: applied", DemoDate, ct: ct);
        await MoveToAsync(db, c, Stage.FirstNotice, now, ct);
        var notice = await db.Notices.Where(n => n.CaseId == c.Id && n.ClosedAt == null).Select(n => n.Id).FirstAsync(ct);
        await CaseWorkflow.ObjectAsync(db, notice, "演示：该户家中有人在县城有商品房 / demo: a member owns a flat in the county town",
            "", "public", now, ct);
    }

    /// <summary>The county's exit proposal, now at the city's first review.</summary>
    private static async Task CountyExitAsync(JingzhunDbContext db, int year, DateTime now, CancellationToken ct)
    {
        if (await db.Regions.FirstOrDefaultAsync(r => r.Code == County && r.ValidTo == null, ct) is not { } county) return;
        var poorPeople = await db.Members.CountAsync(m => m.State == MemberState.Present && m.Household!.VillageCode.StartsWith(CountyPrefix)
            && (m.Household.Status == HouseholdStatus.Poor || m.Household.Status == HouseholdStatus.Returned), ct);
        var rural = await db.Regions.Where(r => r.Code.StartsWith(CountyPrefix) && r.ValidTo == null).SumAsync(r => r.RuralPopulation, ct);
        // The county applies on incidence alone: its rates come later, from the national special assessment.
        var figures = new AreaFigures(County, county.Name, county.IsWestern, poorPeople, rural);
        var decision = RuleBook.Store(db, AreaRules.EvaluateCountyProposal(figures, await RuleBook.ForAsync(db, County, year, ct)), null, now, County);
        await db.SaveChangesAsync(ct);
        var c = await CaseWorkflow.OpenAreaCaseAsync(db, CaseKind.CountyExit, County, year, decision.Id,
            "演示：县级申请摘帽 / demo: the county applies to exit", DemoDate, ct);
        await MoveToAsync(db, c, Stage.CityReview, now, ct);
    }

    /// <summary>
    /// The demo's second county, 示例东县 (<see cref="DemoExitedCounty"/>), exits through the whole county-exit process: it
    /// applies in March, the city, the province and the public notice pass it, the nation's special assessment samples it
    /// in April and closes with passing rates, and the nation approves in May. Its transition runs five years from that day.
    /// </summary>
    private static async Task ExitedCountyAsync(JingzhunDbContext db, DemoOptions options, DateTime now, CancellationToken ct)
    {
        const string code = DemoGenerator.ExitedCountyCode;
        if (!await db.Regions.AnyAsync(r => r.Code == code && r.ValidTo == null && r.ExitedYear == null, ct)) return;
        // Without exited households there is nothing for the special assessment to sample, and the nation could not approve.
        if (!await db.Households.AnyAsync(h => h.CountyCode == DemoGenerator.ExitedCountyPrefix && h.Status == HouseholdStatus.Exited, ct)) return;
        var year = options.CurrentYear;
        var opened = new DateTime(year, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        var (_, c) = await AreaExit.ProposeAsync(db, code, year, "演示：县级申请摘帽 / demo: the county applies to exit", opened, ct);
        if (c is null) return; // its incidence did not allow it to apply
        await MoveToAsync(db, c, Stage.NationalAssessment, now, ct, from: opened);
        await DemoAssessment.AddClosedCountyExitAsync(db, options, code, DemoGenerator.ExitedCountyName,
            new DateOnly(year, 4, 7), new DateTime(year, 4, 30, 9, 0, 0, DateTimeKind.Utc), ct);
        await CaseWorkflow.AdvanceAsync(db, c.Id, new StepInput("演示：国家专项评估检查通过，批准退出 / demo: the national special assessment passed; exit approved"),
            new DateTime(year, 5, 20, 9, 0, 0, DateTimeKind.Utc), ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Advances a case to a stage, a day a step from the demo date (or <paramref name="from"/>) and past each notice once it has run.
    /// A notice the case is left in is posted at <paramref name="now"/>, so it runs for its full period.
    /// </summary>
    private static async Task MoveToAsync(JingzhunDbContext db, WorkflowCase c, Stage stage, DateTime now, CancellationToken ct, DateTime? from = null)
    {
        var at = from ?? DemoDate;
        while (c.Stage != stage)
        {
            var step = WorkflowRules.Next(c.Kind, c.Stage) ?? throw new InvalidOperationException($"{c.Kind} never reaches {stage}");
            at = WorkflowRules.IsNotice(c.Stage) ? at.AddDays(8) : at.AddDays(1);
            var when = step.To == stage && WorkflowRules.IsNotice(stage) ? now : at;
            var input = c.Stage == Stage.DemocraticReview
                ? new StepInput("演示：民主评议通过 / demo: passed the democratic review", 23, 2)
                : new StepInput("演示 / demo");
            c = await CaseWorkflow.AdvanceAsync(db, c.Id, input, when, ct);
        }
    }
}
