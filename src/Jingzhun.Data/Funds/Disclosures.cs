using System.Text.Json;
using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>A funding line as published.</summary>
public sealed record PublishedFunding(FundSource Source, decimal Amount);

/// <summary>A beneficiary household as published: number, head's name, head's ID masked, people. Nothing else.</summary>
public sealed record PublishedBeneficiary(string Number, string HeadName, string HeadIdMasked, int People);

/// <summary>
/// What a disclosure published, frozen when it was posted (its <see cref="FundDisclosure.Content"/>): a project's plan or
/// completion, or an allocation result. Personal data is masked before it is written, so the public page can show it as is.
/// </summary>
public sealed record PublishedContent(
    string? ProjectNumber, string Name, ProjectType? Type, string RegionName, decimal Amount, IReadOnlyList<PublishedFunding> Funding,
    string Implementer, string Content, string BenefitMechanism, DateOnly? PlannedStart, DateOnly? PlannedEnd, DateOnly? CompletedOn,
    int BeneficiaryPeople, IReadOnlyList<PublishedBeneficiary> Beneficiaries, decimal Paid,
    string? FromName = null, string? DocumentNumber = null, string? Purpose = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    public string ToJson() => JsonSerializer.Serialize(this, Json);
    public static PublishedContent? Read(string json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<PublishedContent>(json, Json);
}

/// <summary>
/// Posting disclosures and holding projects on them: the lifecycle posts the plan on approval and the completion on
/// completion; a project leaves those stages only when the posting period has run with no open objection (as household
/// notices hold cases). Allocation results are posted when an allocation is recorded.
/// </summary>
public static class Disclosures
{
    /// <summary>Posts the disclosure of a project at its stage (built from the project as it is now) and returns it (not yet saved).</summary>
    public static async Task<FundDisclosure> PostProjectAsync(JingzhunDbContext db, Project project, DisclosureKind kind, DateTime now, CancellationToken ct = default)
    {
        var rules = await RuleBook.ForAsync(db, project.RegionCode, project.Year, ct);
        var content = await ProjectContentAsync(db, project, ct);
        var disclosure = new FundDisclosure
        {
            Kind = kind, RegionCode = project.RegionCode, ProjectId = project.Id == 0 ? null : project.Id, Year = project.Year,
            Title = $"{project.Name}（{kind.Chinese()}）", Content = content.ToJson(), PostedAt = now,
            EndsAt = now.AddDays(rules.FundDisclosureDays), PostedBy = db.Scope.Actor,
        };
        db.Disclosures.Add(disclosure);
        return disclosure;
    }

    /// <summary>Posts an allocation result at the receiving region, kept public for good (allocation results are always public).</summary>
    public static async Task<FundDisclosure> PostAllocationAsync(JingzhunDbContext db, FundAllocation allocation, DateTime now, CancellationToken ct = default)
    {
        var rules = await RuleBook.ForAsync(db, allocation.ToCode, allocation.Year, ct);
        var names = await db.Regions.AsNoTracking().Where(r => (r.Code == allocation.ToCode || r.Code == allocation.FromCode) && r.ValidTo == null)
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var content = new PublishedContent(null, $"{allocation.Year}年{allocation.Source.Chinese()}", null, names.GetValueOrDefault(allocation.ToCode, allocation.ToCode),
            allocation.Amount.Yuan, [new(allocation.Source, allocation.Amount.Yuan)], "", "", "", null, null, null, 0, [], 0,
            FromName: allocation.FromCode.All(c => c == '0') ? "中央" : names.GetValueOrDefault(allocation.FromCode, allocation.FromCode),
            DocumentNumber: allocation.DocumentNumber, Purpose: allocation.Purpose);
        var disclosure = new FundDisclosure
        {
            Kind = DisclosureKind.Allocation, RegionCode = allocation.ToCode, Year = allocation.Year,
            Title = $"{content.Name}分配结果", Content = content.ToJson(), PostedAt = now, EndsAt = now.AddDays(rules.FundDisclosureDays),
            PostedBy = db.Scope.Actor,
        };
        if (allocation.Id != 0) disclosure.AllocationId = allocation.Id;
        db.Disclosures.Add(disclosure);
        return disclosure;
    }

    /// <summary>
    /// Refuses (409) to let a project leave a stage whose disclosure has not run its days or has an open objection. Closes
    /// the disclosure when the project may go.
    /// </summary>
    public static async Task RequireClearAsync(JingzhunDbContext db, Project project, DisclosureKind kind, DateTime now, CancellationToken ct = default)
    {
        var disclosure = await db.Disclosures.Include(d => d.Objections)
            .Where(d => d.ProjectId == project.Id && d.Kind == kind).OrderByDescending(d => d.PostedAt).ThenByDescending(d => d.Id)
            .FirstOrDefaultAsync(ct)
            ?? throw new WorkflowBlockedException($"项目尚未{kind.Chinese()}", $"the project has no {kind.English().ToLowerInvariant()} posted");
        if (disclosure.Objections.Any(o => o.Status == ObjectionStatus.Open))
            throw new WorkflowBlockedException("公示期间有未处理的异议，处理后才能继续", "an objection to the disclosure is still open; resolve it first");
        if (disclosure.Objections.Any(o => o.Status == ObjectionStatus.Upheld))
            throw new WorkflowBlockedException("公示异议成立，须更正后重新公示", "an objection to the disclosure was upheld; correct the project and post it again");
        if (!disclosure.HasRun(now))
            throw new WorkflowBlockedException($"公示期未满（至{disclosure.EndsAt:yyyy-MM-dd HH:mm}）", $"the disclosure runs until {disclosure.EndsAt:yyyy-MM-dd HH:mm}");
        disclosure.ClosedAt ??= now;
    }

    /// <summary>The published content of a project now: beneficiaries masked, budget by source, what has been paid.</summary>
    public static async Task<PublishedContent> ProjectContentAsync(JingzhunDbContext db, Project project, CancellationToken ct = default)
    {
        var regionName = await db.Regions.AsNoTracking().Where(r => r.Code == project.RegionCode && r.ValidTo == null).Select(r => r.Name).FirstOrDefaultAsync(ct);
        var households = project.Id == 0 ? [] : await db.ProjectBeneficiaries.AsNoTracking()
            .Where(b => b.ProjectId == project.Id && b.EndedAt == null)
            .Select(b => new { b.People, b.HouseholdId, b.Household!.Number })
            .OrderBy(b => b.Number).ToListAsync(ct);
        // The heads in a query of their own: as a subquery of each beneficiary, SQLite built the scope-filtered members
        // of the whole registry for every one (about 50 ms a project at 20,000 households).
        var ids = households.Select(h => h.HouseholdId).ToList();
        var heads = (await db.Members.AsNoTracking()
                .Where(m => ids.Contains(m.HouseholdId) && m.State == MemberState.Present && m.Relation == Relation.Head)
                .OrderBy(m => m.Id).Select(m => new { m.HouseholdId, m.Name, m.ResidentId }).ToListAsync(ct))
            .DistinctBy(m => m.HouseholdId).ToDictionary(m => m.HouseholdId);
        var funding = project.Id == 0 ? project.Funding.ToList() : await db.ProjectFunding.AsNoTracking().Where(f => f.ProjectId == project.Id).ToListAsync(ct);
        var paid = project.Id == 0 ? 0m : (await db.Payments.AsNoTracking().Where(p => p.ProjectId == project.Id).Select(p => p.Amount).ToListAsync(ct)).Sum(m => m.Yuan);
        return new PublishedContent(project.Number, project.Name, project.Type, regionName ?? project.RegionCode,
            funding.Sum(f => f.Amount.Yuan), funding.GroupBy(f => f.Source).Select(g => new PublishedFunding(g.Key, g.Sum(f => f.Amount.Yuan))).ToList(),
            project.Implementer, project.Content, project.BenefitMechanism, project.PlannedStart, project.PlannedEnd, project.CompletedOn,
            project.BeneficiaryPeople,
            households.Select(h => heads.GetValueOrDefault(h.HouseholdId) is { } head
                ? new PublishedBeneficiary(h.Number, head.Name, Masking.ResidentId(head.ResidentId), h.People)
                : new PublishedBeneficiary(h.Number, "—", "—", h.People)).ToList(),
            paid);
    }
}
