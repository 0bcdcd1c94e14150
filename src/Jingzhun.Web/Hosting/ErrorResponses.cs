using Jingzhun.Data.Audit;
using System.Diagnostics;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Access;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Hosting;

/// <summary>
/// Turns refusals and failures into HTTP answers: out of scope 403, stale edit or blocked step 409, a bug 500, and
/// every bare error status (404, 405, a bad anti-forgery token's 400, …). The JSON API (<c>/api</c>, the OpenAPI
/// document) answers problem+json; pages answer with the error page (<c>/error</c>, re-executed as a GET) in the
/// reader's language, with the layout's navigation and a way back, and never the exception's text.
/// </summary>
public static class ErrorResponses
{
    /// <summary>Where the error page finds the refusal an exception was turned into.</summary>
    public const string RefusalKey = "jingzhun.refusal";

    public const string ErrorPath = "/error";

    /// <summary>
    /// Why a request failed, in both languages: the reason of a refusal (empty for a bare status or a bug, whose
    /// text is never shown), and for 500 the reference that finds the request in the log.
    /// </summary>
    public sealed record Refusal(int Status, string Chinese, string English, string? Reference)
    {
        public Refusal(int status, Bilingual text, string? reference) : this(status, text.Chinese, text.English, reference) { }

        public Bilingual Text => new(Chinese, English);
    }

    /// <summary>The JSON API and the OpenAPI document answer problem+json; everything else is a page.</summary>
    public static bool IsApi(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/openapi");

    /// <summary>The id that ties an answer to the request's log entries (the trace id, as problem+json carries it).</summary>
    public static string ReferenceOf(HttpContext http) => Activity.Current?.Id ?? http.TraceIdentifier;

    public static Refusal Describe(Exception? error, HttpContext http) => error switch
    {
        ScopeViolationException => new(StatusCodes.Status403Forbidden, "无权修改本辖区以外的数据", "You may not change data outside your region", null),
        WorkflowRefusedException refused => new(StatusCodes.Status403Forbidden, refused.Text, null),
        WorkflowBlockedException blocked => new(StatusCodes.Status409Conflict, blocked.Text, null),
        Data.Funds.FundInputException input => new(StatusCodes.Status400BadRequest, input.Text, null),
        Data.Assessment.AssessmentInputException input => new(StatusCodes.Status400BadRequest, input.Text, null),
        Data.Workflows.AttachmentRefusedException refused => new(StatusCodes.Status422UnprocessableEntity, refused.Text, null),
        DbUpdateConcurrencyException => new(StatusCodes.Status409Conflict, "数据已被他人修改，请刷新后重试", "Someone else changed this record; reload and try again", null),
        DeletionRefusedException => new(StatusCodes.Status409Conflict, "登记数据不能删除，只能变更状态", "Registry data is never deleted, only its state changes", null),
        // The save's last check (a form or request that let the value through): the field and why, no data shown.
        StoredValueRefusedException stored => new(StatusCodes.Status422UnprocessableEntity,
            $"{stored.Error.Field}：{stored.Error.Chinese}", $"{stored.Error.Field}: {stored.Error.English}", null),
        // A JSON body that does not read as its type (a text where a number goes, a list for an object, broken JSON): the field, as JSON names it.
        BadHttpRequestException { InnerException: System.Text.Json.JsonException json } => new(StatusCodes.Status400BadRequest,
            $"{(json.Path is null or "$" ? "请求内容" : json.Path.TrimStart('$', '.'))}：格式不正确",
            $"{(json.Path is null or "$" ? "The request body" : json.Path.TrimStart('$', '.'))}: not a valid value", null),
        // The framework's message (a body too large, a malformed form) is English only and technical: the status says it.
        BadHttpRequestException bad => new(bad.StatusCode, "", "", null),
        _ => new(StatusCodes.Status500InternalServerError, "", "", ReferenceOf(http)),
    };

    /// <summary>An answer below 500: the request was refused for a reason it can be told, not broken by a bug.</summary>
    public static bool IsRefusal(Exception? error, HttpContext http) => Describe(error, http).Status < StatusCodes.Status500InternalServerError;

    /// <summary>The exception handler: audits a refusal, then answers problem+json (API) or leaves the status for the error page.</summary>
    public static async Task WriteAsync(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var refusal = Describe(error, http);
        if (error is ScopeViolationException scope) await AuditRefusalAsync(http, scope.RegionCode, scope.Message);
        if (error is WorkflowRefusedException step) await AuditRefusalAsync(http, step.RegionCode, step.English);
        var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Jingzhun.Errors");
        if (refusal.Reference is { } reference)
            log.LogError("{Method} {Path} failed with {Exception}; reference {Reference}", http.Request.Method, http.Request.Path, error?.GetType().Name, reference);
        else
            // No exception object: a refusal's stack says nothing an operator needs, and it would bury the real errors.
            log.LogWarning("{Method} {Path} refused with {Status} ({Refusal}): {Reason}", http.Request.Method, http.Request.Path,
                refusal.Status, error?.GetType().Name, refusal.English.Length > 0 ? refusal.English : error?.Message);
        http.Response.StatusCode = refusal.Status;
        if (IsApi(http))
        {
            var lang = new Lang(new HttpContextAccessor { HttpContext = http });
            var title = refusal.Chinese.Length > 0 ? lang.T(refusal.Text)
                : error is BadHttpRequestException bad ? bad.Message
                : lang.T("系统错误", "Internal error");
            await Results.Problem(title: title, statusCode: refusal.Status).ExecuteAsync(http);
            return;
        }
        // Nothing written: the status code page (outside this handler) renders the error page with this refusal.
        http.Items[RefusalKey] = refusal;
    }

    /// <summary>
    /// A bare error status (no body yet): problem+json for the API, otherwise the error page. The page is the same
    /// pipeline run again for <see cref="ErrorPath"/> as a GET (a refused POST must not be re-posted to the page,
    /// nor its anti-forgery token checked again), with the original path, query and method restored afterwards.
    /// </summary>
    public static async Task StatusCodePageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        if (IsApi(http))
        {
            await Results.Problem(statusCode: status).ExecuteAsync(http);
            return;
        }
        var request = http.Request;
        var (path, pathBase, query, method) = (request.Path, request.PathBase, request.QueryString, request.Method);
        var routeValues = http.Features.Get<IRouteValuesFeature>();
        http.Features.Set<IStatusCodeReExecuteFeature>(new StatusCodeReExecuteFeature
        {
            OriginalPath = path.Value ?? "", OriginalPathBase = pathBase.Value ?? "", OriginalQueryString = query.HasValue ? query.Value : null,
            Endpoint = http.GetEndpoint(), RouteValues = routeValues?.RouteValues is { } values ? new(values) : null,
        });
        // A bare status has no reason beyond itself; an exception's refusal is already there.
        if (http.Items[RefusalKey] is not Refusal) http.Items[RefusalKey] = new Refusal(status, "", "", null);
        http.SetEndpoint(null);
        routeValues?.RouteValues.Clear();
        request.Path = ErrorPath;
        request.QueryString = QueryString.Empty;
        if (!HttpMethods.IsHead(method)) request.Method = HttpMethods.Get;
        try
        {
            await context.Next(http);
        }
        finally
        {
            request.Path = path;
            request.QueryString = query;
            request.Method = method;
            http.Features.Set<IStatusCodeReExecuteFeature>(null);
        }
    }

    /// <summary>The refused change leaves one trace: this audit entry, written apart from the failed unit of work.</summary>
    private static async Task AuditRefusalAsync(HttpContext http, string regionCode, string reason)
    {
        var target = http.RequestServices.GetRequiredService<DatabaseTarget>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await AuditEvents.RefusedRequestAsync(target, AccountClaims.ScopeOf(http.User).Actor, $"{http.Request.Method} {http.Request.Path}",
            regionCode, reason, now);
    }
}
