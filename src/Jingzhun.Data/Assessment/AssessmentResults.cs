using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assessment;

/// <summary>The three rates of an area (a county or one of its townships); null where no form of that kind is recorded.</summary>
public sealed record AreaRates(string Code, string Name, RateEstimate? WrongExit, RateEstimate? Missed, RateEstimate? Recognition,
    int Households, int Villages);

/// <summary>The limits the rates are judged against (the rule set of the county and year).</summary>
public sealed record RateThresholds(decimal MaxWrongExitRate, decimal MaxMissedRate, decimal MinRecognition, string RuleSet)
{
    public bool WrongExitPassed(RateEstimate? e) => e is not null && e.Rate < MaxWrongExitRate;
    public bool MissedPassed(RateEstimate? e) => e is not null && e.Rate < MaxMissedRate;
    public bool RecognitionPassed(RateEstimate? e) => e is not null && e.Rate >= MinRecognition;
}

/// <summary>A county's rates from one project, with those of each township (the strata) and the limits of its rule set.</summary>
public sealed record CountyRates(long ProjectId, string ProjectName, int Year, SampleDesign Design, decimal Confidence, AssessmentState State,
    DateTime? ClosedAt, AreaRates County, IReadOnlyList<AreaRates> Townships, RateThresholds Thresholds)
{
    public bool Passed => Thresholds.WrongExitPassed(County.WrongExit) && Thresholds.MissedPassed(County.Missed)
                          && Thresholds.RecognitionPassed(County.Recognition);
}

/// <summary>A project's rates, county by county (those of the reader's region).</summary>
public sealed record ProjectRates(long ProjectId, string Name, int Year, AssessmentKind Kind, SampleDesign Design, AssessmentState State,
    decimal Confidence, IReadOnlyList<CountyRates> Counties);

/// <summary>
/// The rates of an assessment from its recorded forms (read under the caller's scope, so a county sees nothing of a sample
/// still hidden from it): wrong-exit rate = weighted share of forms judged exited wrongly among recorded exited-frame
/// households; missed rate = the same among recorded unregistered-frame households; recognition = weighted share that
/// recognise their exit among exited households that answered (说不清 counts as not recognising). Strata are the townships
/// (Stratum); the primary units are the villages in the two-stage design and the households in the stratified one.
/// </summary>
public static class AssessmentResults
{
    /// <summary>The project's rates per county of the reader's region; null when the reader may not see them (404).</summary>
    public static async Task<ProjectRates?> ForProjectAsync(JingzhunDbContext db, long projectId, CancellationToken ct = default)
    {
        if (!db.Scope.CanRead || db.Scope.ReadsAssignedOnly) return null;
        var project = await db.AssessmentProjects.AsNoTracking().Include(p => p.Counties).FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null) return null;
        var counties = project.Counties.Where(c => db.Scope.Covers(FullCode(c.CountyCode))).OrderBy(c => c.CountyCode, StringComparer.Ordinal).ToList();
        if (counties.Count == 0) return null;
        // Before the visits start the sample is the organiser's secret: the assessed areas get no results page at all.
        var organises = project.OrganiserPrefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal);
        if (!organises && project.State is AssessmentState.Draft or AssessmentState.Sampled) return null;
        var rows = await db.SampledHouseholds.AsNoTracking().Where(s => s.ProjectId == projectId && s.RecordedAt != null).ToListAsync(ct);
        var results = new List<CountyRates>();
        foreach (var county in counties)
            results.Add(await CountyAsync(db, project, county, rows.Where(r => r.CountyCode == county.CountyCode).ToList(), ct));
        return new ProjectRates(project.Id, project.Name, project.Year, project.Kind, project.Design, project.State, project.Confidence, results);
    }

    /// <summary>The county's (12-digit code) rates from the latest closed county-exit assessment that holds it; null when there is none.</summary>
    public static async Task<CountyRates?> CountyRatesAsync(JingzhunDbContext db, string countyCode, CancellationToken ct = default)
    {
        if (!db.Scope.CanRead || db.Scope.ReadsAssignedOnly || !db.Scope.Covers(countyCode)) return null;
        var six = Household.CountyOf(countyCode);
        var county = await db.AssessmentCounties.AsNoTracking().Include(c => c.Project)
            .Where(c => c.CountyCode == six && c.Project!.Kind == AssessmentKind.CountyExit && c.Project.State == AssessmentState.Closed)
            .OrderByDescending(c => c.Project!.ClosedAt).ThenByDescending(c => c.ProjectId).FirstOrDefaultAsync(ct);
        if (county?.Project is not { } project) return null;
        var rows = await db.SampledHouseholds.AsNoTracking()
            .Where(s => s.ProjectId == project.Id && s.CountyCode == six && s.RecordedAt != null).ToListAsync(ct);
        return await CountyAsync(db, project, county, rows, ct);
    }

    private static async Task<CountyRates> CountyAsync(JingzhunDbContext db, AssessmentProject project, AssessmentCounty county,
        List<SampledHousehold> rows, CancellationToken ct)
    {
        var code = FullCode(county.CountyCode);
        var rules = await RuleBook.ForAsync(db, code, project.Year, ct);
        var townshipCodes = rows.Select(TownshipOf).Distinct().Order(StringComparer.Ordinal).ToList();
        var names = await db.Regions.AsNoTracking()
            .Where(r => r.ValidTo == null && (r.Code == code || townshipCodes.Contains(r.Code)))
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        // The first-stage fraction: villages drawn of the county's village frame (the frame is kept per county, so every
        // township gets the county's fraction); households drawn one by one give no fraction, which only widens the interval.
        // Unregistered households are always drawn in two stages (villages, then households), whatever the design.
        var villageFraction = county.VillageFrame > 0 ? Math.Clamp((double)county.VillagesDrawn / county.VillageFrame, 0, 1) : 0;
        var fraction = project.Design == SampleDesign.TwoStageCluster ? villageFraction : 0;
        var confidence = (double)project.Confidence;
        AreaRates Area(string code, List<SampledHousehold> area) => new(code, names.GetValueOrDefault(code, code),
            Estimate(project.Design, area.Where(r => r.Frame == SampleFrame.Exited && r.Finding is not null), r => r.Finding == true, confidence, fraction),
            Estimate(SampleDesign.TwoStageCluster, area.Where(r => r.Frame == SampleFrame.Unregistered && r.Finding is not null), r => r.Finding == true, confidence, villageFraction),
            Estimate(project.Design, area.Where(r => r.Frame == SampleFrame.Exited && r.Recognition is not null), r => r.Recognition == ExitRecognition.Recognises, confidence, fraction),
            area.Count, area.Select(r => r.VillageCode).Distinct().Count());
        return new CountyRates(project.Id, project.Name, project.Year, project.Design, project.Confidence, project.State, project.ClosedAt,
            Area(code, rows),
            townshipCodes.Select(t => Area(t, rows.Where(r => TownshipOf(r) == t).ToList())).ToList(),
            new RateThresholds(rules.MaxWrongExitRate, rules.MaxMissedRate, rules.MinRecognition, rules.Label));
    }

    private static RateEstimate? Estimate(SampleDesign design, IEnumerable<SampledHousehold> rows, Func<SampledHousehold, bool> yes,
        double confidence, double fraction) =>
        SurveyEstimator.Estimate(rows.Select(r => SurveyObservation.Proportion(
            r.Stratum.Length > 0 ? r.Stratum : TownshipOf(r),
            design == SampleDesign.TwoStageCluster ? r.VillageCode : $"household-{r.Id}",
            (double)r.Weight, yes(r))).ToList(), confidence, _ => fraction);

    /// <summary>A county's 12-digit region code from the 6-digit code its assessment rows carry.</summary>
    private static string FullCode(string county) => county.PadRight(12, '0');

    /// <summary>The township (12 digits) of a sampled household's village.</summary>
    public static string TownshipOf(SampledHousehold row) => row.VillageCode.Length >= 9 ? row.VillageCode[..9] + "000" : row.Stratum;
}
