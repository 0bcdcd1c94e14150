using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Workflows;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Notices.Public;

/// <summary>
/// A notice for everyone, without sign-in, with the objection form. Any number of people may object while it runs; each
/// objection is answered with its receipt number and holds the case until the posting level answers it. A closed or ended
/// notice refuses it (409); a sender over the hourly limit is refused (429) and nothing is stored.
/// </summary>
public sealed class DetailModel(PublicNotices notices, TimeProvider clock, Lang lang, ObjectionThrottle throttle) : PageModel
{
    public const int MaxText = 2000;

    public NoticeDocument Notice { get; private set; } = default!;
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;
    /// <summary>The objection just recorded: its id is the receipt number.</summary>
    public long? Receipt { get; private set; }
    public string? Problem { get; private set; }
    public string Text { get; private set; } = "";
    public string Contact { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long noticeId, CancellationToken ct)
    {
        var notice = await notices.FindAsync(noticeId, Now, ct);
        if (notice is null) return NotFound();
        Notice = notice;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long noticeId, string? text, string? contact, CancellationToken ct)
    {
        var notice = await notices.FindAsync(noticeId, Now, ct);
        if (notice is null) return NotFound();
        Notice = notice;
        Text = text?.Trim() ?? "";
        Contact = contact?.Trim() ?? "";
        if (Text.Length == 0 || Text.Length > MaxText || Contact.Length > 100)
            return Problematic(StatusCodes.Status422UnprocessableEntity, lang.T(
                $"请填写异议内容（不超过{MaxText}字），联系方式不超过100字", $"Write the objection (at most {MaxText} characters); the contact at most 100"));
        if (throttle.TryTake(ObjectionThrottle.SenderOf(HttpContext.Connection.RemoteIpAddress), Now) is { } again)
            return Problematic(StatusCodes.Status429TooManyRequests, lang.T(
                $"提交过于频繁：每小时最多{throttle.PerHour}条异议，请于{LocalTime.Minute(again)}后再提交",
                $"Too many objections: at most {throttle.PerHour} an hour; please send again after {LocalTime.Minute(again)}"));
        try
        {
            Receipt = (await notices.ObjectAsync(noticeId, Text, Contact, Now, ct)).Id;
        }
        catch (WorkflowBlockedException blocked)
        {
            return Problematic(StatusCodes.Status409Conflict, lang.T(blocked.Text));
        }
        Notice = await notices.FindAsync(noticeId, Now, ct) ?? notice;
        return Page();
    }

    private PageResult Problematic(int status, string problem)
    {
        Problem = problem;
        Response.StatusCode = status;
        return Page();
    }
}
