using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Data.Notices;

namespace Jingzhun.Web.Notices.Public;

/// <summary>
/// Open notices for everyone, without sign-in, read through the public read path only. A reader finds a village's
/// notices by names: province → county → township → village, each step listing the areas below with open notices,
/// or by typing part of a name.
/// </summary>
public sealed class IndexModel(PublicNotices notices, TimeProvider clock) : PageModel
{
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;
    public NoticePage Result { get; private set; } = new([], 0, 1, 20);
    public NoticeAreas Areas { get; private set; } = new("000000000000", [], []);
    public string? Region { get; private set; }
    public string? Name { get; private set; }

    public async Task OnGetAsync(string? region, string? name, int? page, CancellationToken ct)
    {
        Region = string.IsNullOrWhiteSpace(region) ? null : region.Trim();
        Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim()[..Math.Min(name.Trim().Length, 20)];
        Areas = await notices.AreasAsync(Region, Name, Now, ct);
        Result = await notices.ListOpenAsync(Region, page ?? 1, Now, ct);
    }

    public static string AreaUrl(string code) => $"/public/notices?region={code}";

    public string PageUrl(int page) => $"/public/notices?region={Uri.EscapeDataString(Region ?? "")}&page={page}";
}
