using System.Threading.RateLimiting;

namespace Jingzhun.Web.Hosting;

/// <summary>
/// Rate limits per client address: sign-in attempts, and the endpoints open without sign-in.
/// Everything else is limited by sign-in itself. The numbers are configurable
/// (<c>rate-limit-sign-in</c>, <c>rate-limit-public</c>, per minute).
/// </summary>
public static class RequestLimits
{
    public static PartitionedRateLimiter<HttpContext> Create(IConfiguration configuration)
    {
        var signIn = configuration.GetValue("rate-limit-sign-in", 30);
        var open = configuration.GetValue("rate-limit-public", 300);
        return PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var client = http.Connection.RemoteIpAddress?.ToString() ?? "local";
            var path = http.Request.Path;
            if (HttpMethods.IsPost(http.Request.Method) && path.StartsWithSegments("/account/login"))
                return PerMinute($"sign-in:{client}", signIn);
            if (path.StartsWithSegments("/health") || path.StartsWithSegments("/public"))
                return PerMinute($"public:{client}", open);
            return RateLimitPartition.GetNoLimiter("signed-in");
        });
    }

    private static RateLimitPartition<string> PerMinute(string key, int limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        });
}
