using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Regions;

/// <summary>Writes the region table (every row, current and past, with the populations by year) as xlsx or CSV.</summary>
public static class RegionExporter
{
    /// <summary>Writes the regions under the actor's region (all for system work); returns the rows written.</summary>
    public static async Task<int> ExportAsync(JingzhunDbContext db, string path, ExchangeFormat format, CancellationToken ct = default)
    {
        var prefix = db.Scope.CanRead ? db.Scope.RegionPrefix : "-";
        var regions = await db.Regions.AsNoTracking().Where(r => r.Code.StartsWith(prefix))
            .OrderBy(r => r.Code).ThenBy(r => r.ValidFrom).ToListAsync(ct);
        var populations = await db.RegionPopulations.AsNoTracking().Where(p => p.RegionCode.StartsWith(prefix)).ToListAsync(ct);
        var years = populations.Select(p => p.Year).Distinct().Order().ToList();
        var byCode = populations.ToLookup(p => p.RegionCode);
        var headers = RegionTable.FixedHeaders.Concat(years.Select(RegionTable.PopulationHeader)).ToList();

        IEnumerable<object?[]> Rows()
        {
            foreach (var r in regions)
            {
                var row = new object?[headers.Count];
                row[0] = r.Code;
                row[1] = r.Name;
                row[2] = RegionTable.LevelLabel(r.Level);
                row[3] = r.ParentCode;
                row[4] = r.UrbanRuralClass;
                row[5] = Codecs.YesNo.Write(r.IsWestern);
                row[6] = Codecs.YesNo.Write(r.IsPoorCounty);
                row[7] = Codecs.YesNo.Write(r.IsPoorVillage);
                row[8] = Codecs.YesNo.Write(r.IsDeepPoverty);
                row[9] = r.PoorSinceYear;
                row[10] = r.ExitedYear;
                row[11] = RegionTable.FormatDate(r.ValidFrom);
                row[12] = r.ValidTo is { } to ? RegionTable.FormatDate(to) : null;
                row[13] = r.RuralPopulation;
                var mine = byCode[r.Code].ToDictionary(p => p.Year, p => p.RuralPopulation);
                for (var i = 0; i < years.Count; i++)
                    row[RegionTable.FixedHeaders.Count + i] = mine.TryGetValue(years[i], out var n) ? n : null;
                yield return row;
            }
        }

        await TableWriter.WriteAsync(path, format, [new TableData(RegionTable.Sheet, headers, Rows())], ct);
        return regions.Count;
    }
}
