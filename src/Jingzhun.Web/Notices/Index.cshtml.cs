using Jingzhun.Data.Database;
using Jingzhun.Domain.Workflows;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Notices;

/// <summary>Notices in the reader's scope, open and past, filtered by region, stage and whether they are open.</summary>
public sealed class IndexModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>The stages at which a case is on notice: the choices of the stage filter.</summary>
    public static IReadOnlyList<Stage> NoticeStages { get; } = Enum.GetValues<Stage>().Where(WorkflowRules.IsNotice).ToList();

    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;
    public NoticePage Result { get; private set; } = new([], 0, 1, 20);
    public string? Region { get; private set; }
    public Stage? Stage { get; private set; }
    /// <summary>"open", "past" or empty for both.</summary>
    public string State { get; private set; } = "";

    public async Task OnGetAsync(string? region, Stage? stage, string? state, int? page, CancellationToken ct)
    {
        Region = region;
        Stage = stage is { } s && WorkflowRules.IsNotice(s) ? s : null;
        State = state is "open" or "past" ? state : "";
        bool? open = State switch { "open" => true, "past" => false, _ => null };
        Result = await NoticeView.ListAsync(db, new NoticeFilter(region, Stage, open, page ?? 1), Now, ct);
    }

    public string PageUrl(int page) =>
        $"/notices?region={Uri.EscapeDataString(Region ?? "")}&stage={Stage}&state={State}&page={page}";
}
