using System.Linq.Expressions;
using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Notices;

namespace Jingzhun.Web.Workflows;

/// <summary>
/// What the case pages and the case API read: work lists, one case with its steps and trace, live
/// exit readiness. Scope is not checked here: the data context filters every query by the reader's region.
/// </summary>
public static class CaseReading
{
    public const int PageSize = 200;

    /// <summary>The year a household is judged on: its latest income year (the figures the rules need), else last year.</summary>
    public static int YearOf(Household household, DateTime now) =>
        household.Incomes.Count > 0 ? household.Incomes.Max(i => i.Year) : now.Year - 1;

    /// <summary>Exit readiness evaluated live with the rule set of the household's region and year; nothing is stored.</summary>
    public static async Task<Decision> ExitReadinessAsync(JingzhunDbContext db, Household household, int year, CancellationToken ct)
    {
        var rulesOf = await RuleBook.YearsForAsync(db, household.VillageCode, year - 3, year, ct);
        return HouseholdRules.EvaluateExit(household, rulesOf(year), rulesOf);
    }

    public static async Task<Decision> IdentificationAsync(JingzhunDbContext db, Household household, int year, CancellationToken ct) =>
        HouseholdRules.EvaluateIdentification(household, await RuleBook.ForAsync(db, household.VillageCode, year, ct));

    /// <summary>
    /// Cases at a stage the role may move on: one (kind, stage) comparison per step of the role's,
    /// or'ed together as an expression the database can run (both columns are plain enumerations).
    /// </summary>
    public static Expression<Func<WorkflowCase, bool>> ActionableBy(Role? role)
    {
        var c = Expression.Parameter(typeof(WorkflowCase), "c");
        Expression body = Expression.Constant(false);
        foreach (var step in WorkflowRules.Steps.Where(s => role is { } r && s.Roles.Contains(r)))
            body = Expression.OrElse(body, Expression.AndAlso(
                Expression.Equal(Expression.Property(c, nameof(WorkflowCase.Kind)), Expression.Constant(step.Kind)),
                Expression.Equal(Expression.Property(c, nameof(WorkflowCase.Stage)), Expression.Constant(step.From))));
        return Expression.Lambda<Func<WorkflowCase, bool>>(body, c);
    }

    /// <summary>Open cases in scope: the reader's work (stages its role may act on), or all of them.</summary>
    public static IQueryable<WorkflowCase> Open(JingzhunDbContext db, CaseFilter filter)
    {
        var query = db.Cases.AsNoTracking().Where(c => c.ClosedAt == null);
        if (!filter.All) query = query.Where(ActionableBy(db.Scope.Role));
        if (filter.Kind is { } kind) query = query.Where(c => c.Kind == kind);
        if (filter.Stage is { } stage) query = query.Where(c => c.Stage == stage);
        if (filter.Year is { } year) query = query.Where(c => c.Year == year);
        return query;
    }

    public static async Task<(List<CaseRow> Rows, int Total)> ListAsync(JingzhunDbContext db, CaseFilter filter, CancellationToken ct)
    {
        var query = Open(db, filter);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(c => c.Id).Skip((Math.Max(filter.Page, 1) - 1) * PageSize).Take(PageSize)
            .Select(c => new CaseRow(c.Id, c.Kind, c.Stage, c.Year, c.HouseholdId, c.Household!.Number, c.RegionCode, c.BatchId, c.OpenedAt, c.OpenedBy, c.ClosedAt))
            .ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>One case with its household, steps, notices and the decision it was opened on; null outside the reader's scope.</summary>
    public static async Task<CaseView?> LoadAsync(JingzhunDbContext db, long caseId, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Include(x => x.Household).ThenInclude(h => h!.Members)
            .Include(x => x.Steps).Include(x => x.Notices).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == caseId, ct);
        if (c is null) return null;
        var stored = c.DecisionId is { } d ? await db.Decisions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == d, ct) : null;
        return new CaseView(c, stored is null ? null : RuleBook.ReadTrace(stored), WorkflowRules.MayAdvance(db.Scope.Role, c.Kind, c.Stage)
                                                                                && db.Scope.MayChange(c.RegionCode));
    }

    /// <summary>Every stage of a kind in order, from its start to its final stage.</summary>
    public static List<Stage> Path(CaseKind kind)
    {
        var path = new List<Stage> { WorkflowRules.Start(kind) };
        while (WorkflowRules.Next(kind, path[^1]) is { } step && !path.Contains(step.To)) path.Add(step.To);
        return path;
    }

    /// <summary>The stored decisions (with traces) the given cases were opened on, by decision id.</summary>
    public static async Task<Dictionary<long, Decision>> DecisionsAsync(JingzhunDbContext db, IEnumerable<long?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<long>().Distinct().ToList();
        var stored = await db.Decisions.AsNoTracking().Where(d => wanted.Contains(d.Id)).ToListAsync(ct);
        return stored.Select(s => (s.Id, Trace: RuleBook.ReadTrace(s))).Where(x => x.Trace is not null).ToDictionary(x => x.Id, x => x.Trace!);
    }
}

public sealed record CaseFilter(bool All = false, CaseKind? Kind = null, Stage? Stage = null, int? Year = null, int Page = 1);

public sealed record CaseRow(long Id, CaseKind Kind, Stage Stage, int Year, long? HouseholdId, string? HouseholdNumber, string RegionCode,
    long? BatchId, DateTime OpenedAt, string OpenedBy, DateTime? ClosedAt);

/// <summary>A case as its page and the API show it; <see cref="MayAct"/>: the reader's role may move it from its stage.</summary>
public sealed record CaseView(WorkflowCase Case, Decision? Decision, bool MayAct)
{
    public Notice? OpenNotice => Case.Notices.FirstOrDefault(n => n.ClosedAt is null);

    public CaseDetail ToDetail() => new(
        new CaseRow(Case.Id, Case.Kind, Case.Stage, Case.Year, Case.HouseholdId, Case.Household?.Number, Case.RegionCode, Case.BatchId,
            Case.OpenedAt, Case.OpenedBy, Case.ClosedAt),
        Case.Reason, CaseReading.Path(Case.Kind), WorkflowRules.Next(Case.Kind, Case.Stage)?.To, MayAct,
        Case.Steps.OrderBy(s => s.Id).Select(s => new StepView(s.From, s.To, s.Action, s.Actor, s.Role, s.At, s.Comment, s.VotesFor, s.VotesAgainst, s.Attachments)).ToList(),
        Case.Notices.OrderBy(n => n.Id).Select(n => new CaseNoticeLink(n.Id, n.Stage, n.Title, n.PostedAt, n.EndsAt, n.ClosedAt, $"/notices/{n.Id}")).ToList(),
        Decision);
}

public sealed record StepView(Stage From, Stage To, StepAction Action, string Actor, string Role, DateTime At, string Comment,
    int? VotesFor, int? VotesAgainst, string Attachments);

public sealed record CaseNoticeLink(long Id, Stage Stage, string Title, DateTime PostedAt, DateTime EndsAt, DateTime? ClosedAt, string Url);

public sealed record CaseDetail(CaseRow Case, string Reason, List<Stage> Path, Stage? Next, bool MayAct, List<StepView> Steps,
    List<CaseNoticeLink> Notices, Decision? Decision);
