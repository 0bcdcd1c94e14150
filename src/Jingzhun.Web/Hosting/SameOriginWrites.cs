using Jingzhun.Data.Audit;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Web.Access;

namespace Jingzhun.Web.Hosting;

/// <summary>
/// No state change from another site. A POST, PUT, PATCH or DELETE under /api signed in by the session cookie must
/// come from the site's own origin: the configured <c>public-url</c> when set, else the request's own scheme and host.
/// The browser says where a request comes from in <c>Origin</c>; without it, in <c>Sec-Fetch-Site</c> or the Referer.
/// A request naming none of the three is not a browser's cross-site request (browsers always send Origin on a
/// cross-origin POST and on a fetch POST from the page itself) and passes: scripts, tests and the CLI post that way.
/// A refusal answers 403 problem+json, is audited as refused, and the endpoint never runs.
/// </summary>
public static class SameOriginWrites
{
    /// <summary>The setting that names the site's public address (scheme, host and port), e.g. https://jz.example.gov.cn.</summary>
    public const string PublicUrlSetting = "public-url";

    /// <summary>The configured public origin ("https://host[:port]"), or null when none is configured (or it is not an absolute http(s) address).</summary>
    public static string? ConfiguredOrigin(IConfiguration configuration)
    {
        var url = configuration[PublicUrlSetting] ?? configuration["Jingzhun:PublicUrl"];
        return url is { Length: > 0 } && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
    }

    public static IApplicationBuilder UseSameOriginWrites(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method)
            || !request.Path.StartsWithSegments("/api") || http.User.Identity?.IsAuthenticated != true
            || IsSameOrigin(http))
        {
            await next();
            return;
        }
        await AuditAsync(http);
        await Results.Problem(
            title: "拒绝来自其他网站的修改请求 / A change requested from another site is refused",
            detail: "修改数据的请求必须来自本系统自己的页面。 / Requests that change data must come from this site's own pages.",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
    });

    /// <summary>Whether the request's Origin (or Sec-Fetch-Site, or Referer) names this site; true when it names none.</summary>
    public static bool IsSameOrigin(HttpContext http)
    {
        var headers = http.Request.Headers;
        var own = ConfiguredOrigin(http.RequestServices.GetRequiredService<IConfiguration>())
                  ?? $"{http.Request.Scheme}://{http.Request.Host.Value}";
        var origin = headers.Origin.ToString();
        if (origin.Length > 0) return SameAs(origin, own);
        var fetchSite = headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0) return fetchSite is "same-origin" or "none";
        var referer = headers.Referer.ToString();
        if (referer.Length > 0) return SameAs(referer, own);
        return true;
    }

    private static bool SameAs(string address, string own) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), own, StringComparison.OrdinalIgnoreCase);

    private static Task AuditAsync(HttpContext http) => AuditEvents.RefusedRequestAsync(
        http.RequestServices.GetRequiredService<DatabaseTarget>(), AccountClaims.ScopeOf(http.User).Actor,
        $"{http.Request.Method} {http.Request.Path}", "",
        $"cross-origin write refused (Origin: {Trim(http.Request.Headers.Origin.ToString(), 200)}, Referer: {Trim(http.Request.Headers.Referer.ToString(), 200)})",
        http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);

    private static string Trim(string value, int length) => value.Length > length ? value[..length] : value;
}
