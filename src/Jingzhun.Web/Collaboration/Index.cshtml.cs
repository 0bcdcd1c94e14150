using Jingzhun.Data.Collaboration;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Collaboration;

/// <summary>
/// /collaboration: the pairings the reader sees, confirmed inputs by pairing, kind and year, the yearly assessment by people
/// lifted out, the xlsx download; officers who manage pairings register partners and pairings here (governed steps of
/// <see cref="CollaborationWork"/>).
/// </summary>
public sealed class IndexModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : CollaborationPage(db, lang)
{
    public sealed class PartnerInput
    {
        [TextLimit(200)] public string? Name { get; set; }
        public PartnerKind? Kind { get; set; }
        [TextLimit(200)] public string? Place { get; set; }
        [TextLimit(18)] public string? CreditCode { get; set; }
    }

    public sealed class PairingInput
    {
        public long? PartnerId { get; set; }
        [TextLimit(12)] public string? RegionCode { get; set; }
        public PairingType? Type { get; set; }
        public DateOnly? StartsOn { get; set; }
        [TextLimit(1000)] public string? Agreement { get; set; }
    }

    [BindProperty] public PartnerInput NewPartner { get; set; } = new();
    [BindProperty] public PairingInput NewPairing { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public AreaCollaboration Area { get; private set; } = null!;
    public List<PairingAssessment> Assessment { get; private set; } = [];
    public List<Partner> Partners { get; private set; } = [];
    public bool MayManage { get; private set; }
    public string OwnCode { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => !Readable ? Forbid() : await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostPartnerAsync(CancellationToken ct) => StepAsync("partner", async () =>
    {
        await CollaborationWork.AddPartnerAsync(Db, new PartnerForm(NewPartner.Name ?? "", NewPartner.Kind ?? 0, NewPartner.Place ?? "", CreditCode: NewPartner.CreditCode ?? ""),
            clock.GetUtcNow().UtcDateTime, ct);
        return true;
    }, "/collaboration#partners", () => LoadAsync(ct));

    public Task<IActionResult> OnPostPairingAsync(CancellationToken ct) => StepAsync("pairing", async () =>
    {
        var p = await CollaborationWork.PairAsync(Db, new PairingForm(NewPairing.PartnerId ?? 0, NewPairing.RegionCode ?? "", NewPairing.Type ?? 0,
            NewPairing.StartsOn ?? default, NewPairing.Agreement ?? ""), clock.GetUtcNow().UtcDateTime, ct);
        return true;
    }, "/collaboration#pairings", () => LoadAsync(ct));

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (Region is { Length: > 0 } r && !Domain.Regions.RegionCode.TryParse(r, out _, out _)) return false;
        Area = await CollaborationFigures.ForAreaAsync(Db, Region, ct);
        var year = Year ?? (Area.Years.Count > 0 ? Area.Years[^1] : clock.GetUtcNow().Year - 1);
        Year = year;
        Assessment = await CollaborationFigures.AssessAsync(Db, year, Region, ct);
        Partners = await Db.Partners.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        OwnCode = Db.Scope.RegionPrefix.PadRight(12, '0');
        MayManage = !IsPartner && CollaborationWork.May(Db, CollaborationRoles.ManagePairings, OwnCode);
        return true;
    }

    public static string Yuan(Money m) => m.Yuan.ToString("#,0.00");
}
