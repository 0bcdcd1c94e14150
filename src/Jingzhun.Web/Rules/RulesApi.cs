using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Web.Rules;

/// <summary>
/// Rule sets, what-if and area exit as JSON. Who may write a rule set, and open an exit case, is
/// decided in the data layer (403 with an audited refusal); reads are the reader's scope.
/// </summary>
public static class RulesApi
{
    public static void MapRulesApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/rules").WithTags("Rules 规则");
        rules.MapGet("/", List).WithSummary("Rule-set versions and the rule set in force for the reader's region 规则集版本");
        rules.MapGet("/{ruleSetId:int}", Get).WithSummary("One stored rule-set version");
        rules.MapPost("/", CreateDraft).WithSummary("Save a draft rule set (national or provincial) 新建规则草案");
        rules.MapPost("/{ruleSetId:int}/publish", Publish).WithSummary("Publish a rule set as a new version 发布");
        rules.MapGet("/{ruleSetId:int}/whatif", RunWhatIf).WithSummary("What the rule set would change in the reader's registry, without changing it 测算");
        rules.MapGet("/{ruleSetId:int}/whatif.xlsx", ExportWhatIf).WithSummary("The what-if change list as xlsx (audited)");

        var areas = app.MapGroup("/api/areas").WithTags("Rules 规则");
        areas.MapGet("/", Areas).WithSummary("Poor villages and counties with their exit figures and decisions 贫困村、贫困县退出");
        areas.MapPost("/propose", Propose).WithSummary("Propose a village exit (township) or county exit (county, on incidence; the rates come from the national special assessment) 发起出列/摘帽");
    }

    public sealed record RuleSetView(int? Id, string Jurisdiction, int Year, int Version, bool IsDraft, bool Shipped, string Note, string CreatedBy, DateTime? CreatedAt, RuleSet Rules)
    {
        public static RuleSetView From(RuleSetVersion v) => new(v.Id, v.Jurisdiction, v.Year, v.Version, v.IsDraft, false, v.Note, v.CreatedBy, v.CreatedAt, RuleBook.Parse(v));

        public static RuleSetView Baseline(int year) => new(null, "", year, 0, false, true, PovertyLines.Source, "", null, PovertyLines.NationalRuleSet(year));
    }

    public sealed record RuleSetsAnswer(RuleSetView Baseline, RuleSet InForce, string Region, List<RuleSetView> Versions);

    public sealed record DraftRequest(RuleSet Rules, [property: TextLimit(500, Lines = true)] string? Note);

    public sealed record PublishRequest([property: TextLimit(500, Lines = true)] string? Note);

    public sealed record WhatIfAnswer(RuleSet Proposed, int Evaluated, int Households, int People, IReadOnlyList<WhatIfGroup> Groups,
        int Page, int PageSize, List<WhatIfChange> Changes);

    /// <summary>No rates: a county's third-party rates come from its national special assessment, never from the request.</summary>
    public sealed record ProposeRequest([property: TextLimit(12)] string RegionCode, [property: Range(2010, 2100)] int? Year,
        [property: TextLimit(1000, Lines = true)] string? Reason);

    public sealed record ProposeAnswer(bool Passed, Decision Decision, long? CaseId);

    /// <summary>Without a year asked for: the last complete year, the one whose incomes exits are decided on.</summary>
    public static int DefaultYear(TimeProvider clock) => clock.GetUtcNow().Year - 1;

    private static async Task<Ok<RuleSetsAnswer>> List(JingzhunDbContext db, TimeProvider clock, int? year, CancellationToken ct)
    {
        var y = year ?? DefaultYear(clock);
        var region = db.Scope.RegionPrefix;
        var versions = await RuleSetVersions.ListAsync(db, ct);
        return TypedResults.Ok(new RuleSetsAnswer(RuleSetView.Baseline(y), await RuleBook.ForAsync(db, region, y, ct), region,
            versions.Select(RuleSetView.From).ToList()));
    }

    private static async Task<Results<Ok<RuleSetView>, NotFound>> Get(JingzhunDbContext db, int ruleSetId, CancellationToken ct) =>
        await RuleSetVersions.FindAsync(db, ruleSetId, ct) is { } v ? TypedResults.Ok(RuleSetView.From(v)) : TypedResults.NotFound();

    private static async Task<Created<RuleSetView>> CreateDraft(JingzhunDbContext db, TimeProvider clock, DraftRequest request, CancellationToken ct)
    {
        var draft = await RuleSetVersions.CreateDraftAsync(db, request.Rules ?? new RuleSet(), request.Note ?? "", clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/rules/{draft.Id}", RuleSetView.From(draft));
    }

    private static async Task<Created<RuleSetView>> Publish(JingzhunDbContext db, TimeProvider clock, int ruleSetId, PublishRequest? request, CancellationToken ct)
    {
        var published = await RuleSetVersions.PublishAsync(db, ruleSetId, request?.Note ?? "", clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/rules/{published.Id}", RuleSetView.From(published));
    }

    private static async Task<Results<Ok<WhatIfAnswer>, NotFound>> RunWhatIf(JingzhunDbContext db, int ruleSetId, int? page, int? pageSize, CancellationToken ct)
    {
        if (await RuleSetVersions.FindAsync(db, ruleSetId, ct) is not { } version) return TypedResults.NotFound();
        var result = await WhatIf.RunAsync(db, RuleBook.Parse(version), ct);
        var size = Math.Clamp(pageSize ?? 50, 1, 500);
        var p = Math.Max(1, page ?? 1);
        return TypedResults.Ok(new WhatIfAnswer(result.Proposed, result.Evaluated, result.Changes.Count, result.People, result.Groups(), p, size,
            result.Changes.Skip((p - 1) * size).Take(size).ToList()));
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> ExportWhatIf(JingzhunDbContext db, TimeProvider clock, int ruleSetId,
        CancellationToken ct)
    {
        if (await RuleSetVersions.FindAsync(db, ruleSetId, ct) is not { } version) return TypedResults.NotFound();
        var rules = RuleBook.Parse(version);
        var bytes = await WhatIf.ExportAsync(db, await WhatIf.RunAsync(db, rules, ct), rules.Label, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"whatif-{ruleSetId}.xlsx");
    }

    private static async Task<Ok<List<AreaRow>>> Areas(JingzhunDbContext db, TimeProvider clock, int? year, CancellationToken ct) =>
        TypedResults.Ok(await AreaExit.ListAsync(db, year ?? DefaultYear(clock), ct));

    private static async Task<Results<Ok<ProposeAnswer>, Conflict<ProposeAnswer>>> Propose(JingzhunDbContext db, TimeProvider clock, ProposeRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (decision, opened) = await AreaExit.ProposeAsync(db, request.RegionCode ?? "", request.Year ?? DefaultYear(clock),
            request.Reason ?? "", now, ct);
        var answer = new ProposeAnswer(decision.Passed, decision, opened?.Id);
        return opened is null ? TypedResults.Conflict(answer) : TypedResults.Ok(answer);
    }
}
