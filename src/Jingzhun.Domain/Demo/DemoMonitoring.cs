using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;

namespace Jingzhun.Domain.Demo;

/// <summary>A household as the synthetic monitoring history sees it. <see cref="Busy"/>: it has other open work (a case), so it is never picked for open monitoring work (a household is on one track at a time).</summary>
public sealed record MonitoringCandidate(string Number, string VillageCode, HouseholdStatus Status, decimal IncomePerCapita, bool Busy = false);

/// <summary>
/// Options of the synthetic monitoring history: the seed, the years it covers (<see cref="From"/> to <see cref="Until"/>, the
/// last day a past step may take), the monitoring line the shocks push income under, the day open work is dated back
/// from (<see cref="Today"/>), and the village and township whose accounts find the open work.
/// </summary>
public sealed record MonitoringHistoryOptions(int Seed, DateOnly From, DateOnly Until, decimal MonitoringLine, DateOnly Today,
    string Village, string Township);

/// <summary>Ground truth: a household truly fell into hardship on <see cref="On"/>, its per-capita income pushed under the monitoring line.</summary>
public sealed record TrueHardship(string Number, DateOnly On, RiskKind Kind, MonitoringCategory Type, PovertyCause Cause, decimal IncomeAfter, decimal? Amount);

/// <summary>
/// What one channel saw of a household: a department's record (with the department's name), a cadre's screening visit
/// or the household's own application. <see cref="True"/>: it reports a true hardship (a false alarm otherwise).
/// </summary>
public sealed record ChannelSignal(string Number, DiscoveryChannel Channel, RiskKind Kind, DateOnly On, decimal? Amount, string Department,
    string Evidence, bool True);

/// <summary>
/// The risk-elimination side of a recognised episode: an on-site assessment that fails first (the risk goes on, 未消除),
/// and the passing one that eliminates it, each when the history reaches it.
/// </summary>
public sealed record EliminationPlan(DateOnly? FailedOn, DateOnly? PassedOn);

/// <summary>
/// One monitoring episode of a household in the past: its signals (the first opens the case, the others join it before the
/// decision), the days from the first signal to the county's decision, recognised when the hardship is true, and then
/// the elimination plan of a recognised one.
/// </summary>
public sealed record MonitoringEpisode(string Number, TrueHardship? Truth, IReadOnlyList<ChannelSignal> Signals, int DecisionDays, EliminationPlan Elimination)
{
    public DateOnly SignalOn => Signals[0].On;
    public DateOnly DecidedOn => SignalOn.AddDays(DecisionDays);
    public bool Recognised => Truth is not null;
}

/// <summary>Monitoring work open now: a true case whose signal came in <see cref="DaysAgo"/> days before today and that stands at <see cref="Stage"/>.</summary>
public sealed record OpenMonitoringWork(string Number, Stage Stage, int DaysAgo, TrueHardship Truth, ChannelSignal Signal);

/// <summary>The whole synthetic history: the ground truth, what each channel saw, the episodes, the open work and the consents.</summary>
public sealed record MonitoringHistory(IReadOnlyList<TrueHardship> Truth, IReadOnlyList<MonitoringEpisode> Episodes, IReadOnlyList<OpenMonitoringWork> Open,
    IReadOnlyDictionary<string, DateOnly> Consents)
{
    public IEnumerable<ChannelSignal> Signals => Episodes.SelectMany(e => e.Signals).Concat(Open.Select(o => o.Signal));
}

/// <summary>
/// A synthetic monitoring history with a known ground truth (issue 14): over the years from 2021 it decides which households
/// truly fell into hardship and when — a shock (illness with high medical expenses, disability, disaster, job loss, a child
/// dropping out, unsafe housing, a sharp income drop) that pushes per-capita income under the monitoring line — and what
/// each channel sees of it: department feeds (most true events of consenting households a month or two later, some missed,
/// and false alarms such as medical expenses reimbursed that cause no hardship), screening visits (cadres find a share of
/// the true cases, with a delay), and applications (a share of households apply). Households near the line (marginal, or
/// exited with a low income) fall far more often. Pure and seeded: the same candidates and options give the same history.
/// </summary>
public static class DemoMonitoring
{
    private static readonly (RiskKind Kind, double Weight, string Department, double FeedDetects)[] Shocks =
    [
        (RiskKind.MedicalExpense, 0.36, "医保局", 0.85), (RiskKind.Disability, 0.08, "残联", 0.9), (RiskKind.Disaster, 0.12, "应急管理局", 0.8),
        (RiskKind.Unemployment, 0.18, "人社局", 0.55), (RiskKind.DropOut, 0.07, "教育局", 0.75), (RiskKind.HousingSafety, 0.08, "住建局", 0.6),
        (RiskKind.IncomeDrop, 0.11, "", 0),
    ];

    /// <summary>Each channel's share of true cases it sees, and its false alarms per household a year.</summary>
    public const double ScreeningFinds = 0.55, ApplicationShare = 0.3, ConsentShare = 0.92;
    private const double FeedFalseAlarms = 0.015, ScreeningFalseAlarms = 0.003, ApplicationFalseAlarms = 0.004;

    public static MonitoringHistory Generate(IEnumerable<MonitoringCandidate> candidates, MonitoringHistoryOptions options)
    {
        var sorted = candidates.OrderBy(c => c.Number, StringComparer.Ordinal).ToList();
        var rng = new Random(DemoGenerator.Mix(options.Seed, 0x4D4F4E49));
        var consents = new Dictionary<string, DateOnly>();
        foreach (var c in sorted)
            if (rng.NextDouble() < ConsentShare) consents[c.Number] = options.From.AddDays(rng.Next(0, 180));
        // Households registered poor (or returned) are assisted as poor; the demo monitors the exited and the never registered.
        var eligible = sorted.Where(c => c.Status is HouseholdStatus.Exited or HouseholdStatus.NotPoor).ToList();

        // Open work first, so that its households have no past episode: the village's account finds cases at its three
        // stages, the township's one at its check, the county's one at its comparison; the oldest of each is overdue.
        var open = new List<OpenMonitoringWork>();
        var taken = new HashSet<string>();
        void Pick(Func<MonitoringCandidate, bool> where, Stage stage, int daysAgo)
        {
            // Never a household with other open work: one proposed for identification is not monitored at the same time.
            var pool = eligible.Where(c => !taken.Contains(c.Number) && !c.Busy && where(c)).ToList();
            if (pool.Count == 0) return;
            var c = pool[rng.Next(pool.Count)];
            taken.Add(c.Number);
            var signalOn = options.Today.AddDays(-daysAgo);
            var truth = Hardship(rng, c, signalOn.AddDays(-rng.Next(3, 20)), options);
            var channel = stage == Stage.Signal ? DiscoveryChannel.Application : rng.NextDouble() < 0.5 ? DiscoveryChannel.Screening : DiscoveryChannel.DepartmentWarning;
            if (channel == DiscoveryChannel.DepartmentWarning && !consents.ContainsKey(c.Number)) channel = DiscoveryChannel.Screening;
            open.Add(new(c.Number, stage, daysAgo, truth, Sighting(c.Number, channel, truth, signalOn, true)));
        }
        Pick(c => c.VillageCode == options.Village, Stage.Signal, 2);
        Pick(c => c.VillageCode == options.Village, Stage.HomeVisit, 17);
        Pick(c => c.VillageCode == options.Village, Stage.VillageAppraisal, 6);
        Pick(c => c.VillageCode.StartsWith(options.Township[..9], StringComparison.Ordinal), Stage.TownshipCheck, 12);
        Pick(c => c.VillageCode.StartsWith(options.Township[..9], StringComparison.Ordinal), Stage.CountyComparison, 19);
        Pick(c => true, Stage.CountyComparison, 14);

        var truthList = new List<TrueHardship>();
        var episodes = new List<MonitoringEpisode>();
        var lastEvent = options.Until.AddDays(-40);
        foreach (var c in eligible)
        {
            // The draws of every household are made whether or not it is taken, so that the rest stays the same.
            var hazard = c.Status == HouseholdStatus.NotPoor ? 0.2 : c.IncomePerCapita < options.MonitoringLine * 1.25m ? 0.12 : 0.012;
            var eventRoll = rng.NextDouble();
            var eventOn = options.From.AddDays(rng.Next(0, Math.Max(1, lastEvent.DayNumber - options.From.DayNumber)));
            var years = (lastEvent.DayNumber - options.From.DayNumber) / 365.25;
            var episodeRng = new Random(DemoGenerator.Mix(options.Seed, c.Number.GetStableHash()));
            if (taken.Contains(c.Number)) continue;
            var consented = consents.ContainsKey(c.Number);
            if (eventRoll < 1 - Math.Pow(1 - hazard, years))
            {
                var truth = Hardship(episodeRng, c, eventOn, options);
                truthList.Add(truth);
                var signals = new List<ChannelSignal>();
                var shock = Shocks.Single(s => s.Kind == truth.Kind);
                if (consented && shock.Department.Length > 0 && episodeRng.NextDouble() < shock.FeedDetects)
                    signals.Add(Sighting(c.Number, DiscoveryChannel.DepartmentWarning, truth, FeedDay(eventOn.AddMonths(episodeRng.Next(0, 2))), true));
                if (episodeRng.NextDouble() < ScreeningFinds)
                    signals.Add(Sighting(c.Number, DiscoveryChannel.Screening, truth, eventOn.AddDays(episodeRng.Next(15, 121)), true));
                if (episodeRng.NextDouble() < ApplicationShare)
                    signals.Add(Sighting(c.Number, DiscoveryChannel.Application, truth, eventOn.AddDays(episodeRng.Next(3, 46)), true));
                if (Episode(episodeRng, c.Number, truth, signals, options) is { } episode) episodes.Add(episode);
                continue;
            }
            // A false alarm: a department's record that causes no hardship, a visit that suspects one, an application not borne out.
            var alarmOn = options.From.AddDays(episodeRng.Next(0, Math.Max(1, lastEvent.DayNumber - options.From.DayNumber)));
            ChannelSignal? alarm = null;
            if (consented && episodeRng.NextDouble() < 1 - Math.Pow(1 - FeedFalseAlarms, years))
            {
                var medical = episodeRng.NextDouble() < 0.7;
                var amount = medical ? 3_000m + episodeRng.Next(0, 12_000) : 2_000m + episodeRng.Next(0, 8_000);
                alarm = new(c.Number, DiscoveryChannel.DepartmentWarning, medical ? RiskKind.MedicalExpense : RiskKind.Disaster, FeedDay(alarmOn),
                    amount, medical ? "医保局" : "应急管理局",
                    medical ? $"医保报销后个人自付{amount:0}元 / out-of-pocket medical costs {amount:0} yuan after reimbursement"
                            : $"灾害损失{amount:0}元 / disaster loss of {amount:0} yuan", false);
            }
            else if (episodeRng.NextDouble() < 1 - Math.Pow(1 - ScreeningFalseAlarms, years))
                alarm = new(c.Number, DiscoveryChannel.Screening, RiskKind.IncomeDrop, alarmOn, null, "",
                    "走访发现务工收入减少，疑似困难 / the visit found less wage income; hardship suspected", false);
            else if (episodeRng.NextDouble() < 1 - Math.Pow(1 - ApplicationFalseAlarms, years))
                alarm = new(c.Number, DiscoveryChannel.Application, RiskKind.OtherHardship, alarmOn, null, "",
                    "农户申请：家中生活困难 / the household applies: life is hard", false);
            if (alarm is not null && Episode(episodeRng, c.Number, null, [alarm], options) is { } falseEpisode) episodes.Add(falseEpisode);
        }
        truthList.AddRange(open.Select(o => o.Truth));
        return new(truthList.OrderBy(t => t.Number, StringComparer.Ordinal).ToList(), episodes, open, consents);
    }

    /// <summary>A department's file comes in on the 5th of the month after the records it holds.</summary>
    private static DateOnly FeedDay(DateOnly on) => new DateOnly(on.Year, on.Month, 5).AddMonths(1);

    private static TrueHardship Hardship(Random rng, MonitoringCandidate c, DateOnly on, MonitoringHistoryOptions options)
    {
        var roll = rng.NextDouble();
        var kind = RiskKind.IncomeDrop;
        foreach (var s in Shocks)
        {
            if (roll < s.Weight) { kind = s.Kind; break; }
            roll -= s.Weight;
        }
        var type = c.Status is HouseholdStatus.Exited or HouseholdStatus.Returned ? MonitoringCategory.UnstableExited
            : kind is RiskKind.MedicalExpense or RiskKind.Disaster or RiskKind.Disability ? MonitoringCategory.SuddenHardship : MonitoringCategory.Marginal;
        var cause = kind switch
        {
            RiskKind.MedicalExpense => PovertyCause.Illness, RiskKind.Disability => PovertyCause.Disability, RiskKind.Disaster => PovertyCause.Disaster,
            RiskKind.Unemployment => PovertyCause.LackOfSkills, RiskKind.DropOut => PovertyCause.Schooling, RiskKind.HousingSafety => PovertyCause.Other,
            _ => PovertyCause.LackOfCapital,
        };
        decimal? amount = kind switch
        {
            RiskKind.MedicalExpense => 20_000m + rng.Next(0, 70_000),
            RiskKind.Disaster => 10_000m + rng.Next(0, 50_000),
            _ => null,
        };
        var after = decimal.Round(options.MonitoringLine * (0.45m + 0.45m * (decimal)rng.NextDouble()), 2);
        return new(c.Number, on, kind, type, cause, after, amount);
    }

    private static ChannelSignal Sighting(string number, DiscoveryChannel channel, TrueHardship truth, DateOnly on, bool isTrue)
    {
        var department = channel == DiscoveryChannel.DepartmentWarning ? Shocks.Single(s => s.Kind == truth.Kind).Department : "";
        if (department.Length == 0 && channel == DiscoveryChannel.DepartmentWarning) department = "民政局";
        var evidence = (channel, truth.Kind) switch
        {
            (_, RiskKind.MedicalExpense) => $"住院治疗，医疗费用{truth.Amount:0}元 / hospital treatment costing {truth.Amount:0} yuan",
            (_, RiskKind.Disaster) => $"受灾，损失{truth.Amount:0}元 / disaster loss of {truth.Amount:0} yuan",
            (_, RiskKind.Disability) => "家庭成员新增残疾 / a member newly disabled",
            (_, RiskKind.Unemployment) => "主要劳动力失业 / the main earner lost his job",
            (_, RiskKind.DropOut) => "子女辍学 / a child dropped out of school",
            (_, RiskKind.HousingSafety) => "住房鉴定为危房 / the house was found unsafe",
            _ => "收入大幅下降 / income fell sharply",
        };
        if (channel == DiscoveryChannel.Application) evidence = "农户申请：" + evidence;
        return new(number, channel, truth.Kind, on, truth.Amount, department, evidence, isTrue);
    }

    /// <summary>
    /// The episode of a household's signals: the first opens the case; the decision comes 6 to 24 days later (most within the
    /// 15 days, some late); signals after the decision are dropped. Null when the episode would not be decided by the end.
    /// </summary>
    private static MonitoringEpisode? Episode(Random rng, string number, TrueHardship? truth, List<ChannelSignal> signals, MonitoringHistoryOptions options)
    {
        if (signals.Count == 0) return null;
        signals.Sort((a, b) => a.On.CompareTo(b.On));
        // A recognition takes the five steps with the 5-day notice (11 days at the least); a rejection after the home visit is quicker.
        var days = rng.NextDouble() < 0.85 ? rng.Next(truth is null ? 3 : 11, 16) : rng.Next(16, 25);
        var decided = signals[0].On.AddDays(days);
        var until = options.Until;
        if (decided > until) return null;
        var joined = signals.Where(s => s.On < decided).ToList();
        var elimination = new EliminationPlan(null, null);
        if (truth is not null)
        {
            var assessed = decided.AddDays(rng.Next(180, 601));
            if (assessed <= until.AddDays(-5))
            {
                if (rng.NextDouble() < 0.2)
                {
                    var again = assessed.AddDays(rng.Next(120, 241));
                    elimination = new(assessed, again <= until.AddDays(-5) && rng.NextDouble() < 0.6 ? again : null);
                }
                else elimination = rng.NextDouble() < 0.85 ? new(null, assessed) : new(null, null);
            }
        }
        return new(number, truth, joined, days, elimination);
    }
}
