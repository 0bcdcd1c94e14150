using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assessment;

/// <summary>
/// Assessment's part of the home page's work list: an assessor's sampled households still without a form; findings of the
/// reader's own area to rectify; rectification reports waiting for the raising level's answer; findings past their
/// deadline in the region (<see cref="Findings"/> counts them the same way). Through the scoped context.
/// </summary>
public static class AssessmentWorkItems
{
    /// <summary>The assessor's assigned households whose visits run and whose form is not recorded yet.</summary>
    public static async Task<IReadOnlyList<WorkItem>> SamplesAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        var account = db.Scope.AccountId;
        if (!AssessmentRoles.May(db.Scope.Role, AssessmentRoles.Record) || account == 0) return [];
        var left = db.SampledHouseholds.AsNoTracking()
            .Where(s => s.AssessorAccountId == account && s.Phase == SamplePhase.Visiting && s.RecordedAt == null);
        var count = await left.CountAsync(ct);
        if (count == 0) return [];
        var first = await left.OrderBy(s => s.VillageCode).ThenBy(s => s.Frame).ThenBy(s => s.DrawOrder).Take(WorkList.Shown)
            .Select(s => new
            {
                s.Id, s.VillageCode, s.FoundName,
                Head = s.Household == null ? null : s.Household.Members.Where(m => m.Relation == Relation.Head).Select(m => m.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        var places = await RegistrySearch.VillageNamesAsync(db, first.Select(s => s.VillageCode), ct);
        return [new WorkItem("samples", WorkSection.Own, new("待录入评估核查表的样本户", "Sampled households without a form yet"), count, "/assessment/mine",
            first.Select(s => new WorkLine($"/assessment/samples/{s.Id}", s.Head ?? s.FoundName ?? "", places.GetValueOrDefault(s.VillageCode, ""))).ToList())];
    }

    /// <summary>
    /// Findings for the reader's role: those of its own area to rectify (open), reports to answer (raised by its level or one
    /// below it), and the region's overdue findings.
    /// </summary>
    public static async Task<IReadOnlyList<WorkItem>> FindingsAsync(JingzhunDbContext db, DateTime now, CancellationToken ct = default)
    {
        var role = db.Scope.Role;
        if (!db.Scope.CanWrite || db.Scope.ReadsAssignedOnly) return [];
        var items = new List<WorkItem>();
        var own = Findings.OwnRegion(db);
        if (AssessmentRoles.May(role, AssessmentRoles.Rectify))
            items.AddRange(await ItemAsync(db, "findings-rectify", WorkSection.Own, new("本级待整改的问题", "Findings of your area to rectify"),
                db.Findings.Where(f => f.RegionCode == own && f.State == FindingState.Open), $"/assessment/findings/{own}?state={FindingState.Open}", false, ct));
        if (AssessmentRoles.May(role, AssessmentRoles.Supervise))
        {
            var prefix = db.Scope.RegionPrefix;
            items.AddRange(await ItemAsync(db, "findings-answer", WorkSection.Answers, new("整改报告待答复", "Rectification reports to answer"),
                db.Findings.Where(f => f.State == FindingState.Reported && f.RaisedByCode.StartsWith(prefix)),
                $"/assessment/findings/{own}?state={FindingState.Reported}", false, ct));
        }
        if (AssessmentRoles.May(role, AssessmentRoles.Rectify) || AssessmentRoles.May(role, AssessmentRoles.Supervise))
            items.AddRange(await OverdueAsync(db, now, "findings-overdue", WorkSection.Overdue, new("超过整改期限的问题", "Findings past their deadline"), ct));
        return items;
    }

    /// <summary>For readers who check rather than act (auditors): the region's findings past their deadline.</summary>
    public static Task<IReadOnlyList<WorkItem>> OverdueToReviewAsync(JingzhunDbContext db, DateTime now, CancellationToken ct = default) =>
        db.Scope.ReadsAssignedOnly ? Task.FromResult<IReadOnlyList<WorkItem>>([])
            : OverdueAsync(db, now, "review-findings-overdue", WorkSection.Review, new("超过整改期限的问题（查阅）", "Findings past their deadline (to review)"), ct);

    private static Task<IReadOnlyList<WorkItem>> OverdueAsync(JingzhunDbContext db, DateTime now, string id, WorkSection section, Bilingual title,
        CancellationToken ct)
    {
        var today = Findings.Today(now);
        var own = Findings.OwnRegion(db);
        return ItemAsync(db, id, section, title,
            db.Findings.Where(f => (f.State == FindingState.Open || f.State == FindingState.Reported) && f.Deadline < today),
            $"/assessment/findings/{own}?overdue=true", true, ct);
    }

    private static async Task<IReadOnlyList<WorkItem>> ItemAsync(JingzhunDbContext db, string id, WorkSection section, Bilingual title,
        IQueryable<Finding> findings, string link, bool overdue, CancellationToken ct)
    {
        findings = findings.AsNoTracking();
        var count = await findings.CountAsync(ct);
        if (count == 0) return [];
        var first = await findings.OrderBy(f => f.Deadline).ThenBy(f => f.Id).Take(WorkList.Shown)
            .Select(f => new { f.Id, f.Number, f.Title, f.RegionCode, f.Deadline }).ToListAsync(ct);
        var places = await RegistrySearch.VillageNamesAsync(db, first.Select(f => f.RegionCode), ct);
        var lines = first.Select(f => new WorkLine($"/assessment/findings/detail/{f.Id}", $"{f.Number} {f.Title}", places.GetValueOrDefault(f.RegionCode, ""),
            Note: new("整改期限", "deadline"), DueOn: f.Deadline)).ToList();
        return [new WorkItem(id, section, title, count, link, lines, overdue)];
    }
}
