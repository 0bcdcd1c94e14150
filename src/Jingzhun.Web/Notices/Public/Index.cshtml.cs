using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Notices.Public;

/// <summary>Open notices for everyone, without sign-in, read through the public read path only.</summary>
public sealed class IndexModel(PublicNotices notices, TimeProvider clock) : PageModel
{
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;
    public NoticePage Result { get; private set; } = new([], 0, 1, 20);
    public string? Region { get; private set; }

    public async Task OnGetAsync(string? region, int? page, CancellationToken ct)
    {
        Region = region;
        Result = await notices.ListOpenAsync(region, page ?? 1, Now, ct);
    }

    public string PageUrl(int page) => $"/public/notices?region={Uri.EscapeDataString(Region ?? "")}&page={page}";
}
