using Jingzhun.Data.Audit;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Web.Access;

namespace Jingzhun.Web.Hosting;

/// <summary>Response headers that keep pages out of frames and scripts to our own origin, and the must-change-password gate.</summary>
public static class SecurityMiddleware
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // The API browser ships inline scripts and styles; every other page uses none.
        var csp = http.Request.Path.StartsWithSegments("/scalar")
            ? "default-src 'self' 'unsafe-inline' data:; frame-ancestors 'none'"
            : "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
        // Set as the answer starts, so that an error answer (whose headers the exception handler clears) has them too.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            // Our own pages learn where a reader came from (the error page's way back); other sites learn nothing.
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.ContentSecurityPolicy = csp;
            return Task.CompletedTask;
        });
        await next();
    });

    /// <summary>
    /// An account that must change its password (a one-time or reset password, or a demo password outside demo mode)
    /// may only change it, sign out or switch the language: every other page redirects to the password page, and every
    /// other route (the JSON API included) answers 403 with a problem that says why.
    /// </summary>
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path;
        if (http.User.HasClaim(c => c.Type == AccountClaims.MustChangePasswordClaim)
            && !path.StartsWithSegments("/account") && !path.StartsWithSegments("/css") && !path.StartsWithSegments("/health")
            && !path.StartsWithSegments("/lang") && !path.StartsWithSegments(ErrorResponses.ErrorPath))
        {
            if (!path.StartsWithSegments("/api"))
            {
                http.Response.Redirect("/account/password");
                return;
            }
            await Results.Problem(
                title: "须先修改密码 / Change your password first",
                detail: "此账号使用临时密码登录，在 /account/password 设置自己的密码之前，不能使用其他页面或接口。 / " +
                        "This account signed in with a temporary password: until it sets its own at /account/password, no other page or API route is open.",
                statusCode: StatusCodes.Status403Forbidden,
                extensions: new Dictionary<string, object?> { ["passwordChange"] = "/account/password" }).ExecuteAsync(http);
            return;
        }
        await next();
    });

    /// <summary>After each request by an auditor or assessor, the households whose personal data it read go into the audit log.</summary>
    public static IApplicationBuilder UseReadAudit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await next();
        if (!AccountClaims.ScopeOf(http.User).AuditsReads) return;
        var db = http.RequestServices.GetRequiredService<JingzhunDbContext>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await PersonalDataReads.FlushAsync(db, http.RequestServices.GetRequiredService<DatabaseTarget>(), $"{http.Request.Method} {http.Request.Path}", now);
    });
}
