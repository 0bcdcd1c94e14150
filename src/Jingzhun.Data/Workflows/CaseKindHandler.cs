using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;

namespace Jingzhun.Data.Workflows;

/// <summary>
/// What a feature adds to the case engine for its own kinds of case: the checks before a case opens or moves, and what
/// a finished or rejected case does to the feature's records. The engine keeps roles, notices, objections and steps;
/// the feature keeps its meaning. Found like the save rules, so that the engine needs no reference to the feature.
/// </summary>
public abstract class CaseKindHandler
{
    public abstract IReadOnlyList<CaseKind> Kinds { get; }

    /// <summary>Before a household case opens (the case is built, not yet added).</summary>
    public virtual Task CheckOpenAsync(JingzhunDbContext db, Household household, WorkflowCase workflowCase, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Before a case moves on from its stage to <paramref name="to"/>.</summary>
    public virtual Task CheckAdvanceAsync(JingzhunDbContext db, WorkflowCase workflowCase, Stage to, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The case reached its final stage; called before the save that records it.</summary>
    public virtual Task FinishedAsync(JingzhunDbContext db, WorkflowCase workflowCase, DateTime now, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The case was rejected (不予通过).</summary>
    public virtual Task RejectedAsync(JingzhunDbContext db, WorkflowCase workflowCase, string reason, DateTime now, CancellationToken ct) => Task.CompletedTask;

    private static readonly Dictionary<CaseKind, CaseKindHandler> ByKind = typeof(CaseKindHandler).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false } && t.IsSubclassOf(typeof(CaseKindHandler)))
        .Select(t => (CaseKindHandler)Activator.CreateInstance(t, nonPublic: true)!)
        .SelectMany(h => h.Kinds.Select(k => (k, h)))
        .ToDictionary(p => p.k, p => p.h);

    internal static CaseKindHandler? For(CaseKind kind) => ByKind.GetValueOrDefault(kind);
}
