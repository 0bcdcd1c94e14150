using Jingzhun.Data.Census;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Census;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Jingzhun.Web.Census;

/// <summary>
/// /census: the census rounds the reader sees with their five rates, the rates of an area for a year with a drill-down
/// province → city → county → township → village, the xlsx download; the county office or its province opens a round here
/// (<see cref="CensusWork.OpenAsync"/>).
/// </summary>
public sealed class IndexModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : CensusPage(db, lang)
{
    public sealed class OpenInput
    {
        public int? Year { get; set; }
        [TextLimit(12)] public string? CountyCode { get; set; }
        [TextLimit(200)] public string? Name { get; set; }
    }

    [BindProperty] public OpenInput NewRound { get; set; } = new();
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Area { get; set; }

    public IReadOnlyList<CensusRoundView> Rounds { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    public CensusArea? Rates { get; private set; }
    public bool MayOpen { get; private set; }
    public string OwnCounty { get; private set; } = "";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => !Readable ? Forbid() : await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostOpenAsync(CancellationToken ct) => StepAsync("open", async () =>
    {
        var round = await CensusWork.OpenAsync(Db, NewRound.Year ?? 0, NewRound.CountyCode ?? "", NewRound.Name, Now, ct);
        Year = round.Year;
        return true;
    }, "/census", () => LoadAsync(ct));

    /// <summary>The round of a county in the year shown, for the links from a village's row to its records.</summary>
    public long? RoundOf(string code) => Rounds.FirstOrDefault(r => r.Round.Year == Rates?.Year && code.StartsWith(r.Round.CountyCode, StringComparison.Ordinal))?.Round.Id;

    /// <summary>The area one level up, while it is still inside the reader's region.</summary>
    public string? Up => Rates is { } a && Jingzhun.Domain.Regions.RegionCode.Parse(a.Code) is var code && code.Prefix.Length > Db.Scope.RegionPrefix.Length
        ? code.Parent?.Value : null;

    public string AreaLink(string code) => $"/census?year={Rates?.Year}&area={code}";

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Rounds = await CensusFigures.RoundsAsync(Db, ct);
        Years = await CensusFigures.YearsAsync(Db, ct);
        var year = Year ?? (Years.Count > 0 ? Years[0] : 2020);
        try { Rates = await CensusFigures.AreaAsync(Db, year, Area, ct); }
        catch (WorkflowBlockedException) { return false; }
        MayOpen = CensusWork.May(Db, CensusRoles.Open, Db.Scope.RegionPrefix.PadRight(12, '0'));
        OwnCounty = Db.Scope.RegionPrefix.Length == 6 ? Db.Scope.RegionPrefix.PadRight(12, '0') : "";
        return true;
    }
}
