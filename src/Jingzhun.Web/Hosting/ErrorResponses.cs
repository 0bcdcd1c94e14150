using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Web.Access;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Hosting;

/// <summary>Turns the data layer's refusals into HTTP answers: out of scope 403, stale edit 409.</summary>
public static class ErrorResponses
{
    public static async Task WriteAsync(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var lang = new Lang(new HttpContextAccessor { HttpContext = http });
        var (status, title) = error switch
        {
            ScopeViolationException => (StatusCodes.Status403Forbidden, lang.T("无权修改本辖区以外的数据", "You may not change data outside your region")),
            Data.Workflows.WorkflowRefusedException refused => (StatusCodes.Status403Forbidden, lang.T(refused.Chinese, refused.English)),
            Data.Workflows.WorkflowBlockedException blocked => (StatusCodes.Status409Conflict, lang.T(blocked.Chinese, blocked.English)),
            DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, lang.T("数据已被他人修改，请刷新后重试", "Someone else changed this record; reload and try again")),
            DeletionRefusedException => (StatusCodes.Status409Conflict, lang.T("登记数据不能删除，只能变更状态", "Registry data is never deleted, only its state changes")),
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            _ => (StatusCodes.Status500InternalServerError, lang.T("系统错误", "Internal error")),
        };
        if (error is ScopeViolationException scope) await AuditRefusalAsync(http, scope.RegionCode, scope.Message);
        if (error is Data.Workflows.WorkflowRefusedException step) await AuditRefusalAsync(http, step.RegionCode, step.English);
        http.Response.StatusCode = status;
        await Results.Problem(title: title, statusCode: status).ExecuteAsync(http);
    }

    /// <summary>The refused change leaves one trace: this audit entry, written apart from the failed unit of work.</summary>
    private static async Task AuditRefusalAsync(HttpContext http, string regionCode, string reason)
    {
        var target = http.RequestServices.GetRequiredService<DatabaseTarget>();
        var actor = AccountClaims.ScopeOf(http.User).Actor;
        await using var db = JingzhunDb.Create(target, AccessScope.System(actor));
        db.AuditEntries.Add(new AuditEntry
        {
            At = DateTime.UtcNow, Actor = actor, Action = AuditAction.Refused, EntityType = "Request",
            EntityId = $"{http.Request.Method} {http.Request.Path}", RegionCode = regionCode, Reason = reason,
        });
        await db.SaveChangesAsync();
    }
}
