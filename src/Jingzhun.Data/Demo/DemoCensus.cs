using Jingzhun.Data.Census;
using Jingzhun.Data.Database;
using Jingzhun.Data.Audit;
using Jingzhun.Domain.Census;
using Jingzhun.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Demo;

/// <summary>
/// The demo's census (issue 21): the 2020 round of the demo county, opened through <see cref="CensusWork.OpenAsync"/> in
/// August 2020; most records accepted by the province by January 2021, a few still waiting for the city, and a few sent
/// back by the county through <see cref="CensusWork.SendBackAsync"/> (with their reasons) and not yet corrected, so the
/// rates read just under 100% and the village has corrections to make. The bulk climb is one save with one audit line.
/// </summary>
public static class DemoCensus
{
    public const int Year = 2020;
    private const string DemoVillage = "990121001001";
    private const string NextVillage = "990121001002";
    private static readonly DateTime Opened = new(2020, 8, 3, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Surveyed = new(2020, 9, 15, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Accepted = new(2021, 1, 10, 2, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Reasons =
    [
        "家庭人口与户籍登记不一致，请核实", "2020年人均纯收入计算漏报转移性收入", "住房安全等级与鉴定结论不符",
    ];

    public static async Task AddAsync(JingzhunDbContext db, DemoOptions options, CancellationToken ct = default)
    {
        if (!await db.Households.AnyAsync(h => h.VillageCode.StartsWith(DemoGenerator.CountyPrefix), ct)) return;
        // The opening is the governed step; its many records are logged as one line, like the demo's other bulk rows.
        db.BulkAuditSummary = $"演示数据：组织{Year}年脱贫攻坚普查 / demo data: the {Year} census round opened (seed {options.Seed})";
        var round = await CensusWork.OpenAsync(db, Year, DemoGenerator.CountyCode, $"{Year}年脱贫攻坚普查", Opened, ct);
        var records = await db.CensusRecords.AsNoTracking().Where(r => r.RoundId == round.Id).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.VillageCode }).ToListAsync(ct);
        // The demo village's clerk has two corrections to make and the next village two records waiting for the city, so
        // the demo accounts meet each step; elsewhere a regular few: every 40th still waits for the city, every 60th waits
        // for the county, which sends it back below.
        var corrections = records.Where(r => r.VillageCode == DemoVillage).Take(2).Select(r => r.Id).ToHashSet();
        var forCity = records.Where(r => r.VillageCode == NextVillage).Take(2).Select(r => r.Id).ToHashSet();
        var waitingForCity = new List<long>();
        var sendBack = new List<long>();
        for (var i = 0; i < records.Count; i++)
        {
            var id = records[i].Id;
            if (i % 40 == 17 || forCity.Contains(id)) waitingForCity.Add(id);
            else if (i % 60 == 29 || corrections.Contains(id)) sendBack.Add(id);
        }
        // The climb is written as three set-based updates (every record, then those that stopped lower) with one audit
        // line: the records are the round's own, just made, so the save's per-row checks would only reload their households.
        var mine = db.CensusRecords.Where(r => r.RoundId == round.Id);
        await mine.ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, CensusState.ProvinceAccepted)
            .SetProperty(r => r.SurveyedBy, "village").SetProperty(r => r.SurveyedAt, Surveyed)
            .SetProperty(r => r.EnteredBy, "village").SetProperty(r => r.EnteredAt, Surveyed.AddDays(3))
            .SetProperty(r => r.TownshipBy, "township").SetProperty(r => r.TownshipAt, Surveyed.AddDays(20))
            .SetProperty(r => r.CountyBy, "county").SetProperty(r => r.CountyAt, Surveyed.AddDays(45))
            .SetProperty(r => r.CityBy, "city").SetProperty(r => r.CityAt, Surveyed.AddDays(70))
            .SetProperty(r => r.ProvinceBy, "province").SetProperty(r => r.ProvinceAt, Accepted)
            .SetProperty(r => r.Version, r => r.Version + 1), ct);
        await mine.Where(r => waitingForCity.Contains(r.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, CensusState.CountyAccepted)
            .SetProperty(r => r.CityBy, "").SetProperty(r => r.ProvinceBy, "")
            .SetProperty(r => r.CityAt, (DateTime?)null).SetProperty(r => r.ProvinceAt, (DateTime?)null), ct);
        await mine.Where(r => sendBack.Contains(r.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, CensusState.TownshipAccepted)
            .SetProperty(r => r.CountyBy, "").SetProperty(r => r.CityBy, "").SetProperty(r => r.ProvinceBy, "")
            .SetProperty(r => r.CountyAt, (DateTime?)null).SetProperty(r => r.CityAt, (DateTime?)null).SetProperty(r => r.ProvinceAt, (DateTime?)null), ct);
        db.AuditEntries.Add(BulkAuditLine.For(db, db.Clock.GetUtcNow().UtcDateTime,
            $"演示数据：{Year}年普查{records.Count}户逐级审核验收 / demo data: the {Year} census, {records.Count} households reviewed level by level (seed {options.Seed})"));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        for (var i = 0; i < sendBack.Count; i++)
        {
            // Each send-back is its own step, as a county officer's request would be: a context that kept every record
            // sent back would compare all of them with their snapshots at each save.
            await CensusWork.SendBackAsync(db, sendBack[i], CensusLevel.County, Reasons[i % Reasons.Length], Accepted.AddDays(-5), ct);
            db.ChangeTracker.Clear();
        }
    }
}
