using Jingzhun.Data.Collaboration;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Collaboration;

/// <summary>
/// /collaboration/pairings/{collaborationPairingId}: one pairing, the people exchanged under it both ways, its inputs; the offices of
/// the helped area record people and end the pairing with a reason. A pairing the reader does not see is not found.
/// </summary>
public sealed class PairingModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : CollaborationPage(db, lang)
{
    public sealed class SecondeeInput
    {
        [TextLimit(50)] public string? Name { get; set; }
        public SecondmentDirection? Direction { get; set; }
        public SecondeeKind? Kind { get; set; }
        [TextLimit(100)] public string? Post { get; set; }
        public DateOnly? From { get; set; }
        public DateOnly? To { get; set; }
    }

    public sealed class EndInput
    {
        public DateOnly? EndsOn { get; set; }
        [TextLimit(500)] public string? Reason { get; set; }
    }

    [BindProperty] public SecondeeInput Secondee { get; set; } = new();
    [BindProperty] public EndInput Ending { get; set; } = new();

    public PairingView View { get; private set; } = null!;
    public List<SecondedCadre> People { get; private set; } = [];
    public List<InputView> Inputs { get; private set; } = [];
    public bool MayManage { get; private set; }
    public DateOnly Today { get; private set; }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(long collaborationPairingId, CancellationToken ct) => !Readable ? Forbid() : await LoadAsync(collaborationPairingId, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostSecondeeAsync(long collaborationPairingId, CancellationToken ct) => StepAsync("secondee", async () =>
    {
        if (!await Db.CollaborationPairings.AnyAsync(p => p.Id == collaborationPairingId, ct)) return false;
        await CollaborationWork.AddSecondeeAsync(Db, new SecondeeForm(collaborationPairingId, Secondee.Name ?? "", Secondee.Direction ?? 0, Secondee.Kind ?? 0, Secondee.Post ?? "",
            Secondee.From ?? default, Secondee.To), Now, ct);
        return true;
    }, $"/collaboration/pairings/{collaborationPairingId}#people", () => LoadAsync(collaborationPairingId, ct));

    public Task<IActionResult> OnPostEndAsync(long collaborationPairingId, CancellationToken ct) => StepAsync("end", async () =>
        await CollaborationWork.EndPairingAsync(Db, collaborationPairingId, Ending.EndsOn ?? DateOnly.FromDateTime(Now), Ending.Reason ?? "", Now, ct) is not null,
        $"/collaboration/pairings/{collaborationPairingId}", () => LoadAsync(collaborationPairingId, ct));

    private async Task<bool> LoadAsync(long collaborationPairingId, CancellationToken ct)
    {
        Today = DateOnly.FromDateTime(Now);
        var view = (await CollaborationFigures.PairingsAsync(Db, ct: ct)).FirstOrDefault(p => p.Pairing.Id == collaborationPairingId);
        if (view is null) return false;
        View = view;
        People = await Db.SecondedCadres.AsNoTracking().Where(c => c.PairingId == collaborationPairingId).OrderBy(c => c.From).ThenBy(c => c.Id).ToListAsync(ct);
        Inputs = await CollaborationFigures.InputsAsync(Db, collaborationPairingId, ct: ct);
        MayManage = CollaborationWork.May(Db, CollaborationRoles.ManagePairings, view.Pairing.RegionCode);
        return true;
    }
}
