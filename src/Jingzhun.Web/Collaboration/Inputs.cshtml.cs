using Jingzhun.Data.Collaboration;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Jingzhun.Web.Collaboration;

/// <summary>
/// /collaboration/inputs: the inputs the reader sees, the unconfirmed first; a partner (or the county or township on its
/// behalf) enters one; the village work team checks or rejects it, the county confirms or rejects it, each with the
/// buttons only the role that takes the step sees (<see cref="CollaborationWork.MayMove"/>).
/// </summary>
public sealed class InputsModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : CollaborationPage(db, lang)
{
    public sealed class EntryInput
    {
        public long? PairingId { get; set; }
        [TextLimit(12)] public string? RegionCode { get; set; }
        public InputKind? Kind { get; set; }
        public DateOnly? On { get; set; }
        public decimal? Amount { get; set; }
        public int? Count { get; set; }
        public int? Households { get; set; }
        public int? People { get; set; }
        [TextLimit(1000)] public string? Description { get; set; }
    }

    public sealed class StepInput
    {
        public long? InputId { get; set; }
        public int? Households { get; set; }
        public int? People { get; set; }
        [TextLimit(500)] public string? Reason { get; set; }
    }

    [BindProperty] public EntryInput Entry { get; set; } = new();
    [BindProperty] public StepInput Step { get; set; } = new();
    [BindProperty(SupportsGet = true)] public InputState? State { get; set; }

    public List<InputView> Inputs { get; private set; } = [];
    public List<PairingView> EnterablePairings { get; private set; } = [];
    public DateOnly Today { get; private set; }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => !Readable ? Forbid() : await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostEnterAsync(CancellationToken ct) => StepAsync("enter", async () =>
    {
        await CollaborationWork.EnterInputAsync(Db, new InputForm(Entry.PairingId ?? 0, Entry.RegionCode ?? "", Entry.Kind ?? 0, Entry.On ?? DateOnly.FromDateTime(Now),
            new Money(Entry.Amount ?? 0m), Entry.Count ?? 0, Entry.Households ?? 0, Entry.People ?? 0, Entry.Description ?? ""), Now, ct);
        return true;
    }, "/collaboration/inputs", () => LoadAsync(ct));

    public Task<IActionResult> OnPostCheckAsync(CancellationToken ct) => StepAsync("step", async () =>
        await CollaborationWork.CheckAsync(Db, Step.InputId ?? 0, Now, ct) is not null, "/collaboration/inputs", () => LoadAsync(ct));

    public Task<IActionResult> OnPostConfirmAsync(CancellationToken ct) => StepAsync("step", async () =>
        await CollaborationWork.ConfirmAsync(Db, Step.InputId ?? 0, Step.Households, Step.People, Now, ct) is not null, "/collaboration/inputs", () => LoadAsync(ct));

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct) => StepAsync("step", async () =>
        await CollaborationWork.RejectAsync(Db, Step.InputId ?? 0, Step.Reason ?? "", Now, ct) is not null, "/collaboration/inputs", () => LoadAsync(ct));

    public bool MayMove(CollaborationInput input) => CollaborationWork.MayMove(Db, input);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Today = DateOnly.FromDateTime(Now);
        var inputs = await CollaborationFigures.InputsAsync(Db, states: State is { } s ? [s] : null, ct: ct);
        // The unconfirmed first: they are the work.
        Inputs = inputs.OrderBy(i => i.Input.IsCounted || i.Input.IsRejected).ToList();
        EnterablePairings = (await CollaborationFigures.PairingsAsync(Db, ct: ct))
            .Where(p => p.Pairing.EndsOn is null && CollaborationWork.May(Db, CollaborationRoles.Enter, p.Pairing.RegionCode, p.Pairing.PartnerId)).ToList();
        return true;
    }
}
