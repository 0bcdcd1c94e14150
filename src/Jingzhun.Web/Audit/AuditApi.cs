using Jingzhun.Data.Audit;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Jingzhun.Data.Registry;

namespace Jingzhun.Web.Audit;

/// <summary>The audit log as JSON, with the audit page's filters. The data context limits it to the caller's region.</summary>
public static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", Search).WithTags("Audit 审计").WithSummary("The audit log of the caller's region, newest first 审计日志");
    }

    /// <summary>One entry of the log, with its place in the hash chain.</summary>
    public sealed record AuditLogView(long Id, DateTime At, string Actor, AuditAction Action, string EntityType, string EntityId,
        long? HouseholdId, string RegionCode, string? Field, string? OldValue, string? NewValue, string? Reason, long? ChainIndex)
    {
        public static AuditLogView From(AuditEntry a) => new(a.Id, a.At, a.Actor, a.Action, a.EntityType, a.EntityId,
            a.HouseholdId, a.RegionCode, a.Field, a.OldValue, a.NewValue, a.Reason, a.ChainIndex);
    }

    private static async Task<Ok<SearchPage<AuditLogView>>> Search(JingzhunDbContext db, string? actor, string? household, AuditAction? action,
        DateOnly? from, DateOnly? to, int? page, int? pageSize, CancellationToken ct)
    {
        var result = await AuditSearch.SearchAsync(db, new AuditCriteria
        {
            Actor = actor, Household = household, Action = action, From = from, To = to,
            Page = page ?? 1, PageSize = pageSize ?? AuditSearch.DefaultPageSize,
        }, ct);
        return TypedResults.Ok(new SearchPage<AuditLogView>(result.Items.Select(AuditLogView.From).ToList(), result.Total, result.Page, result.PageSize));
    }
}
