using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Shared;

/// <summary>
/// Where a refused or failed page sends the reader back to: the page of this site it came from (the Referer,
/// only when it names this host; never an address elsewhere), or the home page.
/// </summary>
public static class WayBack
{
    /// <summary>The local page the reader came from, or null when there is none (or it is the page that failed).</summary>
    public static string? Referrer(HttpContext http, string? failedPathAndQuery = null)
    {
        var referer = http.Request.Headers.Referer.ToString();
        if (referer.Length == 0 || !Uri.TryCreate(referer, UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme is not ("http" or "https")) return null;
        var host = http.Request.Host;
        if (!host.HasValue || !string.Equals(uri.Authority, host.Value, StringComparison.OrdinalIgnoreCase)) return null;
        var local = uri.PathAndQuery;
        // A local path only: not "//host" nor "/\host", which browsers read as another site.
        if (!local.StartsWith('/') || local.StartsWith("//", StringComparison.Ordinal) || local.StartsWith("/\\", StringComparison.Ordinal)) return null;
        if (failedPathAndQuery is not null && string.Equals(local, failedPathAndQuery, StringComparison.Ordinal)) return null;
        return local;
    }
}
