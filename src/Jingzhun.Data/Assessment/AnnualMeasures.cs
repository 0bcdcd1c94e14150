using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using RegionCodeValue = Jingzhun.Domain.Regions.RegionCode;

namespace Jingzhun.Data.Assessment;

/// <summary>One measured value with its source in plain words (Chinese / English).</summary>
public sealed record Measured(decimal? Value, string Source);

/// <summary>
/// The values of the annual indicators of each assessed area, read from the system's own records under the caller's scope
/// (the assessing office reads its whole region, which holds every area it assesses):
/// <list type="bullet">
/// <item>poor reduction and exits: the registry's status history (HouseholdStatusChange: a household's status at the end of a
/// year is its last change of that year or before, as the year-end freeze takes it) counted in present members;</item>
/// <item>exit plan: the latest version of the area's ExitPlan for the year;</item>
/// <item>precision and recognition: the recorded forms (SampledHousehold) of the year's third-party assessments, as unweighted
/// shares (the survey-weighted rates are the rates part's);</item>
/// <item>income growth: mean per-capita net income of registered households (<see cref="IncomeStatistics"/>), year on year;</item>
/// <item>fund use: paid ÷ allocated for the year (<see cref="FundControl.FiguresByRegionAsync"/>).</item>
/// </list>
/// </summary>
internal static class AnnualMeasures
{
    private static readonly HouseholdStatus[] RegisteredPoor = [HouseholdStatus.Poor, HouseholdStatus.Returned];

    public static async Task<Dictionary<string, Measured[]>> MeasureAsync(JingzhunDbContext db, AnnualAssessment assessment, IReadOnlyList<string> areas,
        DateTime now, CancellationToken ct)
    {
        var year = assessment.Year;
        var office = RegionCodeValue.Parse(assessment.AssessorCode).Prefix;
        var prefixes = areas.ToDictionary(a => a, a => RegionCodeValue.Parse(a).Prefix);
        var registry = await RegistryAsync(db, office, year, ct);
        var plans = (await db.ExitPlans.AsNoTracking().Where(p => p.Year == year && areas.Contains(p.RegionCode)).ToListAsync(ct))
            .GroupBy(p => p.RegionCode).ToDictionary(g => g.Key, g => g.MaxBy(p => p.Version)!);
        var projectIds = await db.AssessmentProjects.AsNoTracking().Where(p => p.Year == year).Select(p => p.Id).ToListAsync(ct);
        var samples = await db.SampledHouseholds.AsNoTracking()
            .Where(s => projectIds.Contains(s.ProjectId) && s.RecordedAt != null && s.VillageCode.StartsWith(office))
            .Select(s => new SampleRow(s.VillageCode, s.Frame, s.Finding, s.Recognition)).ToListAsync(ct);
        var funds = await FundControl.FiguresByRegionAsync(db, office, year, ct);

        var result = new Dictionary<string, Measured[]>();
        foreach (var area in areas)
        {
            var prefix = prefixes[area];
            var ofArea = samples.Where(s => s.VillageCode.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            var inArea = registry.Where(h => h.VillageCode.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            result[area] =
            [
                PoorReduction(inArea, year),
                ExitPlan(inArea, plans.GetValueOrDefault(area), year),
                Precision(ofArea, year),
                Recognition(ofArea, year),
                await IncomeGrowthAsync(db, area, year, ct),
                FundUse(funds.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(f => f.Value).ToList(), year),
            ];
        }
        return result;
    }

    private sealed record SampleRow(string VillageCode, SampleFrame Frame, bool? Finding, ExitRecognition? Recognition);

    /// <summary>One household of the office's region: its present members and its status at the end of the year before and of the year.</summary>
    private sealed record HouseholdYear(string VillageCode, int People, HouseholdStatus Before, HouseholdStatus After, bool ExitedInYear);

    private static async Task<List<HouseholdYear>> RegistryAsync(JingzhunDbContext db, string office, int year, CancellationToken ct)
    {
        var households = await db.Households.AsNoTracking().Where(h => h.VillageCode.StartsWith(office))
            .Select(h => new { h.Id, h.VillageCode }).ToListAsync(ct);
        var people = await db.Members.AsNoTracking().Where(m => m.State == MemberState.Present && m.Household!.VillageCode.StartsWith(office))
            .GroupBy(m => m.HouseholdId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var changes = (await db.StatusChanges.AsNoTracking().Where(c => c.Year <= year && c.Household!.VillageCode.StartsWith(office))
            .Select(c => new { c.HouseholdId, c.Year, c.Id, c.To }).ToListAsync(ct)).ToLookup(c => c.HouseholdId);
        HouseholdStatus StatusAt(long household, int y) =>
            changes[household].Where(c => c.Year <= y).OrderBy(c => c.Year).ThenBy(c => c.Id).Select(c => (HouseholdStatus?)c.To).LastOrDefault() ?? HouseholdStatus.NotPoor;
        return households.Select(h => new HouseholdYear(h.VillageCode, people.GetValueOrDefault(h.Id), StatusAt(h.Id, year - 1), StatusAt(h.Id, year),
            changes[h.Id].Any(c => c.Year == year && c.To == HouseholdStatus.Exited))).ToList();
    }

    private static Measured PoorReduction(List<HouseholdYear> households, int year)
    {
        var before = households.Where(h => RegisteredPoor.Contains(h.Before)).Sum(h => h.People);
        var after = households.Where(h => RegisteredPoor.Contains(h.After)).Sum(h => h.People);
        var source = $"户籍登记的状态变更记录推算年末状态，贫困户和返贫户现有成员：{year - 1}年末{before}人，{year}年末{after}人"
                     + $" / registry status changes (year-end status), present members of poor and returned households: {before} at the end of {year - 1}, {after} at the end of {year}";
        return before > 0 ? new((decimal)(before - after) / before, source) : new(null, NoData("上年末无建档立卡贫困人口", "no registered poor people at the end of the year before", source));
    }

    private static Measured ExitPlan(List<HouseholdYear> households, Domain.Exit.ExitPlan? plan, int year)
    {
        var exitedPeople = households.Where(h => h.ExitedInYear).Sum(h => h.People);
        var exitedHouseholds = households.Count(h => h.ExitedInYear);
        if (plan is null || plan.PlannedPeople <= 0)
            return new(null, NoData($"无{year}年度减贫计划", $"no exit plan for {year}",
                $"{year}年脱贫{exitedHouseholds}户{exitedPeople}人 / {exitedHouseholds} households, {exitedPeople} people exited in {year}"));
        return new((decimal)exitedPeople / plan.PlannedPeople,
            $"{year}年度减贫计划（第{plan.Version}版）{plan.PlannedPeople}人，状态变更记录中当年脱贫{exitedHouseholds}户{exitedPeople}人"
            + $" / exit plan for {year} (version {plan.Version}): {plan.PlannedPeople} people; {exitedHouseholds} households, {exitedPeople} people exited in the year (registry status changes)");
    }

    private static Measured Precision(List<SampleRow> rows, int year)
    {
        var exited = rows.Where(r => r.Frame == SampleFrame.Exited && r.Finding is not null).ToList();
        var unregistered = rows.Where(r => r.Frame == SampleFrame.Unregistered && r.Finding is not null).ToList();
        if (exited.Count + unregistered.Count == 0)
            return new(null, NoData($"{year}年第三方评估无本地区已录入的核查表", $"no recorded forms of this area in the {year} third-party assessments", ""));
        var rates = new List<decimal>();
        if (exited.Count > 0) rates.Add((decimal)exited.Count(r => r.Finding == true) / exited.Count);
        if (unregistered.Count > 0) rates.Add((decimal)unregistered.Count(r => r.Finding == true) / unregistered.Count);
        return new(1m - rates.Average(),
            $"{year}年第三方评估已录入核查表（未加权比例）：已脱贫户{exited.Count}户中错退{exited.Count(r => r.Finding == true)}户，未建档户{unregistered.Count}户中漏评{unregistered.Count(r => r.Finding == true)}户；准确率=1−（错退率+漏评率）÷2"
            + $" / recorded forms of the {year} third-party assessments (unweighted shares): {exited.Count(r => r.Finding == true)} wrong exits of {exited.Count} exited households, "
            + $"{unregistered.Count(r => r.Finding == true)} missed of {unregistered.Count} unregistered households; precision = 1 − (wrong-exit rate + missed rate) ÷ 2");
    }

    private static Measured Recognition(List<SampleRow> rows, int year)
    {
        var answered = rows.Where(r => r.Frame == SampleFrame.Exited && r.Recognition is not null).ToList();
        if (answered.Count == 0)
            return new(null, NoData($"{year}年第三方评估无本地区已脱贫户的认可度回答", $"no recognition answers of exited households of this area in the {year} assessments", ""));
        var yes = answered.Count(r => r.Recognition == ExitRecognition.Recognises);
        return new((decimal)yes / answered.Count,
            $"{year}年第三方评估已脱贫户{answered.Count}户回答，{yes}户认可（说不清计为不认可，未加权）"
            + $" / {answered.Count} exited households answered in the {year} assessments, {yes} recognise the exit (cannot say counts as not, unweighted)");
    }

    private static async Task<Measured> IncomeGrowthAsync(JingzhunDbContext db, string area, int year, CancellationToken ct)
    {
        var before = await IncomeStatistics.ForAsync(db, area, year - 1, ct);
        var after = await IncomeStatistics.ForAsync(db, area, year, ct);
        var source = $"建档立卡户（贫困户、已脱贫户、返贫户）人均纯收入：{year - 1}年{before?.MeanPerCapita.Yuan ?? 0:0.00}元（{before?.Households ?? 0}户），{year}年{after?.MeanPerCapita.Yuan ?? 0:0.00}元（{after?.Households ?? 0}户）"
                     + $" / per-capita net income of registered households (poor, exited, returned): {before?.MeanPerCapita.Yuan ?? 0:0.00} yuan in {year - 1} ({before?.Households ?? 0} households), "
                     + $"{after?.MeanPerCapita.Yuan ?? 0:0.00} yuan in {year} ({after?.Households ?? 0} households)";
        if (before is not { Households: > 0 } || after is not { Households: > 0 } || before.MeanPerCapita.Yuan <= 0)
            return new(null, NoData("缺少两年的收入记录", "incomes of both years are not recorded", source));
        return new(after.MeanPerCapita.Yuan / before.MeanPerCapita.Yuan - 1m, source);
    }

    private static Measured FundUse(List<ControlFigures> figures, int year)
    {
        var allocated = figures.Sum(f => f.AllocatedFen);
        var paid = figures.Sum(f => f.PaidFen);
        var source = $"{year}年下达到县的扶贫资金{allocated / 100m:0.00}元，已拨付支付{paid / 100m:0.00}元"
                     + $" / poverty funds allocated to the counties for {year}: {allocated / 100m:0.00} yuan; paid {paid / 100m:0.00} yuan";
        return allocated > 0 ? new((decimal)paid / allocated, source) : new(null, NoData($"{year}年无下达资金", $"no funds allocated for {year}", source));
    }

    private static string NoData(string chinese, string english, string detail) =>
        $"无数据 no data — {chinese} / {english}" + (detail.Length > 0 ? $"; {detail}" : "");
}
