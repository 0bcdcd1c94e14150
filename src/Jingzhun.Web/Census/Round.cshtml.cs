using Jingzhun.Data.Census;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Census;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Census;

/// <summary>
/// /census/rounds/{id}: a round's records in an area and state, each with the step the reader's role takes now (the
/// village surveys and enters or corrects; each level accepts or sends back with a reason), and the level's batch
/// acceptance of an area's waiting records (<see cref="CensusWork.AcceptAllAsync"/>, all or nothing).
/// </summary>
public sealed class RoundModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : CensusPage(db, lang)
{
    public sealed class StepInput
    {
        public long? RecordId { get; set; }
        [TextLimit(500)] public string? Note { get; set; }
        [TextLimit(500)] public string? Reason { get; set; }
        [TextLimit(12)] public string? BatchArea { get; set; }
    }

    [BindProperty] public StepInput Step { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Area { get; set; }
    [BindProperty(SupportsGet = true)] public CensusState? State { get; set; }

    public CensusRound Round { get; private set; } = null!;
    public CensusRoundView? View { get; private set; }
    public IReadOnlyList<CensusRecordView> Records { get; private set; } = [];
    public int Waiting { get; private set; }
    public const int Shown = 500;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private string Back => $"/census/rounds/{RouteData.Values["censusRoundId"]}?area={Area}&state={State}";

    private long Id => long.TryParse(RouteData.Values["censusRoundId"]?.ToString(), out var id) ? id : 0;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => !Readable ? Forbid() : await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostSurveyAsync(CancellationToken ct) => StepAsync("step", async () =>
        await Owned(ct) && await CensusWork.SurveyAsync(Db, Step.RecordId ?? 0, Now, ct) is not null, Back, () => LoadAsync(ct));

    public Task<IActionResult> OnPostEnterAsync(CancellationToken ct) => StepAsync("step", async () =>
        await Owned(ct) && await CensusWork.EnterAsync(Db, Step.RecordId ?? 0, Step.Note, Now, ct) is not null, Back, () => LoadAsync(ct));

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken ct) => StepAsync("step", async () =>
        await Owned(ct) && await CensusWork.AcceptAsync(Db, Step.RecordId ?? 0, ReviewLevel ?? CensusLevel.Township, Now, ct) is not null, Back, () => LoadAsync(ct));

    public Task<IActionResult> OnPostSendBackAsync(CancellationToken ct) => StepAsync("step", async () =>
        await Owned(ct) && await CensusWork.SendBackAsync(Db, Step.RecordId ?? 0, ReviewLevel ?? CensusLevel.Township, Step.Reason, Now, ct) is not null, Back, () => LoadAsync(ct));

    public Task<IActionResult> OnPostAcceptAllAsync(CancellationToken ct) => StepAsync("batch", async () =>
    {
        if (!await Db.CensusRounds.AnyAsync(r => r.Id == Id, ct)) return false;
        await CensusWork.AcceptAllAsync(Db, Id, Step.BatchArea ?? Area ?? Db.Scope.RegionPrefix.PadRight(12, '0'), ReviewLevel ?? CensusLevel.Township, Now, ct);
        return true;
    }, Back, () => LoadAsync(ct));

    /// <summary>The record belongs to this page's round (a record of another round is not found here).</summary>
    private Task<bool> Owned(CancellationToken ct) => Db.CensusRecords.AnyAsync(r => r.Id == (Step.RecordId ?? 0) && r.RoundId == Id, ct);

    public CensusAction? NextFor(CensusRecord record) => CensusWork.NextFor(Db, record);

    /// <summary>Whether the reader may accept in a batch here: its level's role, with records waiting in the area.</summary>
    public bool MayBatch => ReviewLevel is { } level && Waiting > 0 && CensusWork.May(Db, CensusRoles.Review(level), Db.Scope.RegionPrefix.PadRight(12, '0'));

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var round = await Db.CensusRounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id, ct);
        if (round is null) return false;
        Round = round;
        View = (await CensusFigures.RoundsAsync(Db, ct)).FirstOrDefault(v => v.Round.Id == Id);
        try { Records = await CensusFigures.RecordsAsync(Db, Id, Area, State, Shown, ct); }
        catch (WorkflowBlockedException) { return false; }
        if (ReviewLevel is { } level)
        {
            var prefix = string.IsNullOrWhiteSpace(Area) ? "" : Area.TrimEnd('0');
            var waiting = CensusRoles.WaitsFor(level);
            Waiting = await Db.CensusRecords.CountAsync(r => r.RoundId == Id && r.State == waiting && r.VillageCode.StartsWith(prefix), ct);
        }
        return true;
    }
}
