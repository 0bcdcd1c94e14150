using Jingzhun.Data.Database;
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
            DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, lang.T("数据已被他人修改，请刷新后重试", "Someone else changed this record; reload and try again")),
            DeletionRefusedException => (StatusCodes.Status409Conflict, lang.T("登记数据不能删除，只能变更状态", "Registry data is never deleted, only its state changes")),
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            _ => (StatusCodes.Status500InternalServerError, lang.T("系统错误", "Internal error")),
        };
        http.Response.StatusCode = status;
        await Results.Problem(title: title, statusCode: status).ExecuteAsync(http);
    }
}
