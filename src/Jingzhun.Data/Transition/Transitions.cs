using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Regions;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Transition;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Transition;

/// <summary>What one exited household still receives during the transition (四个不摘).</summary>
public sealed record TransitionHousehold(long Id, string Number, string VillageCode, string VillageName, int? ExitedYear,
    IReadOnlyList<string> Cadres, IReadOnlyDictionary<MeasureType, int> ActiveMeasures, int OutstandingLoans, Money LoanBalance, bool RelocationFollowUp)
{
    public bool ReceivesNothing => Cadres.Count == 0 && ActiveMeasures.Count == 0 && OutstandingLoans == 0 && !RelocationFollowUp;
}

/// <summary>The report of an area: its counties' transitions and its exited households (one page of them).</summary>
public sealed record TransitionReport(string Code, string Name, DateOnly Today, IReadOnlyList<(string Code, string Name, TransitionPeriod? Period)> Counties,
    int ExitedHouseholds, int WithCadre, int WithMeasures, int WithLoans, int WithFollowUp, IReadOnlyList<TransitionHousehold> Rows, int Page, int PageSize);

/// <summary>
/// The transition after exit (过渡期, 003.md L242, L560): an exited county keeps five years from its exit date in which
/// 四个不摘 holds. A household's exit (销号) ends none of its pairing, measures or policies: each ends only through its
/// own step with a reason (Registry Pairings.EndAsync, Assistance HouseholdPlans for measures, Microcredit, Relocations).
/// This report shows what each exited household of an area still receives.
/// </summary>
public static class Transitions
{
    public const int DefaultPageSize = 100;
    private const int ExportPage = 2000;

    /// <summary>
    /// A county's transition, or null while it has not exited. The exit date is the day its county-exit case reached
    /// 正式批准退出; a county with only an exit year on record (imported, or exited before the system) exited on 31 December.
    /// </summary>
    public static async Task<TransitionPeriod?> ForCountyAsync(JingzhunDbContext db, string countyCode, CancellationToken ct = default)
    {
        var code = countyCode.Length >= 6 ? countyCode[..6].PadRight(12, '0') : countyCode;
        var county = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code && r.ValidTo == null && r.Level == RegionLevel.County, ct);
        if (county?.ExitedYear is not { } year) return null;
        // The date of a county's exit is public (it is announced); its case is read past the reader's scope for that date alone.
        var approved = await db.Cases.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.Kind == CaseKind.CountyExit && c.RegionCode == code && c.Stage == Stage.CountyExited && c.ClosedAt != null)
            .OrderByDescending(c => c.ClosedAt).Select(c => c.ClosedAt).FirstOrDefaultAsync(ct);
        return approved is { } at
            ? new TransitionPeriod(code, LocalTime.DateOf(at), ExitDateSource.ExitCase)
            : TransitionPeriod.FromYear(code, year);
    }

    /// <summary>The report of an area (null when the reader may not see it), one page of its exited households.</summary>
    public static async Task<TransitionReport?> ReportAsync(JingzhunDbContext db, string regionCode, DateTime now, int page = 1, int pageSize = DefaultPageSize,
        CancellationToken ct = default)
    {
        if (!WorkTeams.IsVisible(db, regionCode, out var code)) return null;
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 1000);
        var today = LocalTime.DateOf(now);
        var exited = Exited(db, code.Prefix);
        // The area's counties, or the county an area below a county lies in.
        var countyPrefix = code.Level >= RegionLevel.County ? code.Value[..6] : code.Prefix;
        var countyCodes = await db.Regions.AsNoTracking()
            .Where(r => r.Level == RegionLevel.County && r.ValidTo == null && r.Code.StartsWith(countyPrefix))
            .OrderBy(r => r.Code).Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        var counties = new List<(string, string, TransitionPeriod?)>();
        foreach (var c in countyCodes) counties.Add((c.Code, c.Name, await ForCountyAsync(db, c.Code, ct)));
        var name = (await RegionsAsOf.NamesAsync(db, [code.Value], null, ct)).GetValueOrDefault(code.Value) ?? code.Value;
        return new TransitionReport(code.Value, name, today, counties,
            await exited.CountAsync(ct),
            await exited.CountAsync(h => db.CadrePairings.Any(p => p.HouseholdId == h.Id && p.EndedOn == null), ct),
            await exited.CountAsync(h => db.Measures.Any(m => m.HouseholdId == h.Id && (m.State == MeasureState.Active || m.State == MeasureState.Planned)), ct),
            await exited.CountAsync(h => db.Loans.Any(l => l.HouseholdId == h.Id && l.State != LoanState.Repaid), ct),
            await exited.CountAsync(h => db.Relocations.Any(r => r.HouseholdId == h.Id && r.State == RelocationState.MovedIn && (r.FollowUpUntil == null || r.FollowUpUntil >= today)), ct),
            await RowsAsync(db, exited, today, (page - 1) * pageSize, pageSize, ct), page, pageSize);
    }

    /// <summary>Every exited household of the area as an xlsx sheet (no resident ID); the download is audited.</summary>
    public static async Task<byte[]?> ExportAsync(JingzhunDbContext db, string regionCode, DateTime now, CancellationToken ct = default)
    {
        if (!WorkTeams.IsVisible(db, regionCode, out var code)) return null;
        var today = LocalTime.DateOf(now);
        string[] headers = ["序号", "户编号", "行政村代码", "行政村", "脱贫年度", "帮扶责任人", "实施中的帮扶措施", "未结清小额信贷笔数", "小额信贷余额（元）", "搬迁后续扶持"];
        var rows = new List<Dictionary<string, object?>>();
        var exited = Exited(db, code.Prefix);
        for (var skip = 0; ; skip += ExportPage)
        {
            var batch = await RowsAsync(db, exited, today, skip, ExportPage, ct);
            foreach (var h in batch)
            {
                object?[] values = [rows.Count + 1, h.Number, h.VillageCode, h.VillageName, h.ExitedYear, string.Join("、", h.Cadres),
                    string.Join("、", h.ActiveMeasures.OrderBy(m => m.Key).Select(m => $"{m.Key.Chinese()}{m.Value}项")), h.OutstandingLoans,
                    h.LoanBalance.Yuan, h.RelocationFollowUp ? "是" : "否"];
                rows.Add(headers.Zip(values).ToDictionary(p => p.First, p => p.Second));
            }
            if (batch.Count < ExportPage) break;
        }
        var count = rows.Count;
        if (rows.Count == 0) rows.Add(headers.ToDictionary(h => h, _ => (object?)null));
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows, sheetName: "过渡期帮扶情况", cancellationToken: ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = AuditAction.Export, EntityType = "TransitionReport", EntityId = code.Value, RegionCode = code.Value,
            Reason = $"导出过渡期帮扶情况（{code.Value}，{count}户） / exported the transition report of {code.Value} ({count} households)",
        });
        await db.SaveChangesAsync(ct);
        return stream.ToArray();
    }

    private static IQueryable<Household> Exited(JingzhunDbContext db, string prefix) =>
        db.Households.AsNoTracking().Where(h => h.Status == HouseholdStatus.Exited && h.VillageCode.StartsWith(prefix));

    private static async Task<List<TransitionHousehold>> RowsAsync(JingzhunDbContext db, IQueryable<Household> households, DateOnly today, int skip, int take,
        CancellationToken ct)
    {
        var rows = await households.OrderBy(h => h.VillageCode).ThenBy(h => h.Number).ThenBy(h => h.Id).Skip(skip).Take(take)
            .Select(h => new
            {
                h.Id, h.Number, h.VillageCode,
                ExitedYear = h.StatusHistory.Where(s => s.To == HouseholdStatus.Exited).OrderByDescending(s => s.Year).Select(s => (int?)s.Year).FirstOrDefault(),
            }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var cadres = (await db.CadrePairings.AsNoTracking().Where(p => ids.Contains(p.HouseholdId) && p.EndedOn == null)
                .Select(p => new { p.HouseholdId, p.Cadre!.Name }).ToListAsync(ct))
            .ToLookup(p => p.HouseholdId, p => p.Name);
        var measures = (await db.Measures.AsNoTracking().Where(m => ids.Contains(m.HouseholdId) && (m.State == MeasureState.Active || m.State == MeasureState.Planned))
                .GroupBy(m => new { m.HouseholdId, m.Type }).Select(g => new { g.Key.HouseholdId, g.Key.Type, Count = g.Count() }).ToListAsync(ct))
            .ToLookup(m => m.HouseholdId);
        var loans = (await db.Loans.AsNoTracking().Where(l => ids.Contains(l.HouseholdId) && l.State != LoanState.Repaid)
                .Select(l => new { l.HouseholdId, l.Amount, l.Repaid }).ToListAsync(ct))
            .ToLookup(l => l.HouseholdId);
        var followUp = (await db.Relocations.AsNoTracking()
            .Where(r => ids.Contains(r.HouseholdId) && r.State == RelocationState.MovedIn && (r.FollowUpUntil == null || r.FollowUpUntil >= today))
            .Select(r => r.HouseholdId).ToListAsync(ct)).ToHashSet();
        var names = await RegionsAsOf.NamesAsync(db, rows.Select(r => r.VillageCode), null, ct);
        return [.. rows.Select(r => new TransitionHousehold(r.Id, r.Number, r.VillageCode, names.GetValueOrDefault(r.VillageCode) ?? r.VillageCode, r.ExitedYear,
            [.. cadres[r.Id].Order()], measures[r.Id].ToDictionary(m => m.Type, m => m.Count), loans[r.Id].Count(),
            new Money(loans[r.Id].Sum(l => l.Amount.Yuan - l.Repaid.Yuan)), followUp.Contains(r.Id)))];
    }
}
