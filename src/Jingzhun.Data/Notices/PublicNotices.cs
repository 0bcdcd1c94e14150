using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Workflows;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Workflows;

namespace Jingzhun.Data.Notices;

/// <summary>
/// The one public read path. A notice (公示) is posted for everyone, but an anonymous visitor has no
/// region scope, so the scoped context shows nothing. This class opens a context of its own with
/// the system scope (actor "public") and hands out ONLY the masked <see cref="NoticeDocument"/>
/// projection, never an entity: of notices now open, and — so that an objector can read the outcome —
/// of notices that closed or ended no more than <see cref="AfterEnd"/> ago. Objections from the
/// public are recorded through the same context, as <see cref="CaseWorkflow.ObjectAsync"/> with
/// SubmittedBy "public", so scope checks and the audit log name the public as the actor.
/// </summary>
public sealed class PublicNotices(DatabaseTarget target)
{
    public const string Actor = "public";

    /// <summary>How long a notice stays readable on the public page after it closed or ended.</summary>
    public static readonly TimeSpan AfterEnd = TimeSpan.FromDays(30);

    /// <summary>Open notices only, optionally below a region code.</summary>
    public async Task<NoticePage> ListOpenAsync(string? region, int page, DateTime now, CancellationToken ct = default)
    {
        await using var db = Open();
        return await NoticeView.ListAsync(db, new NoticeFilter(region, Open: true, Page: page, PageSize: 20), now, ct);
    }

    /// <summary>A notice open now or lately ended, as the public may see it; null otherwise.</summary>
    public async Task<NoticeDocument?> FindAsync(long noticeId, DateTime now, CancellationToken ct = default)
    {
        await using var db = Open();
        var document = await NoticeView.LoadAsync(db, noticeId, ct);
        if (document is null) return null;
        var ended = document.ClosedAt ?? document.EndsAt;
        if (!document.IsOpen(now) && now - ended > AfterEnd) return null;
        // Objectors' words and contacts are for the staff who check them, not for the public page.
        return document with { Objections = document.Objections.Select(o => o with { Text = "", Contact = "", SubmittedBy = "" }).ToList() };
    }

    /// <summary>An objection from the public page; refused (<see cref="WorkflowBlockedException"/>) once the notice has ended.</summary>
    public async Task<Objection> ObjectAsync(long noticeId, string text, string contact, DateTime now, CancellationToken ct = default)
    {
        await using var db = Open();
        return await CaseWorkflow.ObjectAsync(db, noticeId, text, contact, Actor, now, ct);
    }

    private JingzhunDbContext Open() => JingzhunDb.Create(target, AccessScope.System(Actor));
}
