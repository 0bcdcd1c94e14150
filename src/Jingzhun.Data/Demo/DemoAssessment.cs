using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Demo;

/// <summary>
/// Writes the demo county's assessments and findings (<see cref="DemoAssessmentGenerator"/>) after its funds: last year's
/// closed annual survey and this year's county-exit assessment with their samples, forms and the demo assessor's
/// assignments, then the findings with their subjects and rectifications — a few bulk saves with one audit line each.
/// The demo accounts are made here when they do not exist yet, since the sample is assigned to the demo assessor (the
/// cadre's pairings come later, <see cref="DemoAccounts.EnsureAsync"/>). Runs inside the seeding's transaction (a system context).
/// </summary>
public static class DemoAssessment
{
    public static async Task AddAsync(JingzhunDbContext db, DemoOptions options, CancellationToken ct = default)
    {
        var county = DemoGenerator.CountyPrefix;
        var households = await CandidatesAsync(db, county, ct);
        if (!households.Any(h => h.Status == HouseholdStatus.Exited)) return;
        var regions = await db.Regions.AsNoTracking().Where(r => r.Code.StartsWith(county) && r.ValidTo == null
                && (r.Level == RegionLevel.Village || r.Level == RegionLevel.Township))
            .Select(r => new { r.Code, r.Name, r.Level, r.IsPoorVillage }).ToListAsync(ct);
        var townships = regions.Where(r => r.Level == RegionLevel.Township).ToDictionary(r => r.Code[..9], r => r.Name);
        var villages = regions.Where(r => r.Level == RegionLevel.Village).OrderBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => new AssistanceVillage(r.Code, r.Name, townships.GetValueOrDefault(r.Code[..9]) ?? "", r.IsPoorVillage)).ToList();
        var current = await RuleBook.ForAsync(db, DemoHistory.County, options.CurrentYear, ct);
        var previous = await RuleBook.ForAsync(db, DemoHistory.County, options.CurrentYear - 1, ct);
        var assessor = await AssessorAsync(db, options, ct);
        var data = DemoAssessmentGenerator.Generate(households, villages, current, previous, options.Seed, options.CurrentYear, assessor);
        if (data.Projects.Count == 0) return;

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.AssessmentProjects.AddRange(data.Projects);
        db.SampledHouseholds.AddRange(data.Samples);
        db.Assignments.AddRange(data.Assignments);
        await SaveAsync(db, $"评估项目{data.Projects.Count}个、样本{data.Samples.Count}户", $"{data.Projects.Count} assessment projects, {data.Samples.Count} sampled households",
            options, ct, clear: false);
        foreach (var (finding, project) in data.ProjectOf) finding.AssessmentProjectId = project.Id;
        db.Findings.AddRange(data.Findings);
        await SaveAsync(db, $"督查发现问题{data.Findings.Count}个", $"{data.Findings.Count} findings", options, ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    /// <summary>
    /// The closed national special assessment of the exited county (<see cref="DemoAssessmentGenerator.ClosedCountyExit"/>): its
    /// sample, forms and ended assignments in one save, before the nation approves that county's exit in <see cref="DemoHistory"/>.
    /// </summary>
    public static async Task AddClosedCountyExitAsync(JingzhunDbContext db, DemoOptions options, string countyCode, string countyName,
        DateOnly visitsOn, DateTime closedAt, CancellationToken ct = default)
    {
        var households = await CandidatesAsync(db, countyCode[..6], ct);
        var rules = await RuleBook.ForAsync(db, countyCode, options.CurrentYear, ct);
        var data = DemoAssessmentGenerator.ClosedCountyExit(households, rules, options.Seed, options.CurrentYear, countyName,
            await AssessorAsync(db, options, ct), visitsOn, closedAt);
        if (data.Projects.Count == 0) return;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.AssessmentProjects.AddRange(data.Projects);
        db.SampledHouseholds.AddRange(data.Samples);
        db.Assignments.AddRange(data.Assignments);
        await SaveAsync(db, $"{countyName}退出专项评估检查，样本{data.Samples.Count}户", $"the exited county's special assessment, {data.Samples.Count} sampled households",
            options, ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    /// <summary>The county's households an assessment may sample (all but those removed), by id.</summary>
    private static Task<List<AssessmentCandidate>> CandidatesAsync(JingzhunDbContext db, string county, CancellationToken ct) =>
        db.Households.AsNoTracking().Where(h => h.CountyCode == county && h.Status != HouseholdStatus.Removed)
            .OrderBy(h => h.Id).Select(h => new AssessmentCandidate(h.Id, h.VillageCode, h.Status)).ToListAsync(ct);

    /// <summary>
    /// The demo assessor's account id. Samples are assigned to it, so the demo accounts are made now when they do not exist
    /// yet, in their usual order.
    /// </summary>
    private static async Task<int> AssessorAsync(JingzhunDbContext db, DemoOptions options, CancellationToken ct)
    {
        await DemoAccounts.EnsureAccountsAsync(db, new DateTime(options.CurrentYear - 1, 12, 1, 0, 0, 0, DateTimeKind.Utc), ct);
        return (await db.Accounts.AsNoTracking().SingleAsync(a => a.UserName == DemoAssessmentGenerator.Assessor, ct)).Id;
    }

    private static async Task SaveAsync(JingzhunDbContext db, string zh, string en, DemoOptions options, CancellationToken ct, bool clear = true)
    {
        db.ChangeTracker.DetectChanges();
        db.BulkAuditSummary = $"演示数据：{zh} / demo data: {en} (seed {options.Seed})";
        await db.SaveChangesAsync(ct);
        db.BulkAuditSummary = null;
        if (clear) db.ChangeTracker.Clear();
    }
}
