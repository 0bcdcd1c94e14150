using Jingzhun.Domain.Access;
using System.Globalization;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Regions;

public sealed class RegionImportReport
{
    public int Rows { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int PopulationsCreated { get; set; }
    public int PopulationsUpdated { get; set; }
    public List<ImportError> Errors { get; } = [];
    /// <summary>True when the file had errors and nothing was written.</summary>
    public bool Rejected => Errors.Count > 0;
}

/// <summary>
/// Reads a region table (see <see cref="RegionTable"/>) and upserts it by (code, valid-from): new rows are added,
/// changed rows updated, equal rows left alone, so importing the same file twice changes nothing. Every row is
/// checked first; if any row is bad nothing is written. Populations by year are upserted by (code, year);
/// an empty cell leaves the stored figure as it is. The save writes one summary audit entry.
/// </summary>
public static class RegionImporter
{
    public static async Task<RegionImportReport> ImportAsync(JingzhunDbContext db, string path, ExchangeFormat? format = null, CancellationToken ct = default)
    {
        var report = new RegionImportReport();
        var chosen = format ?? ExchangeFiles.FormatOf(path) ?? ExchangeFormat.Csv;
        var table = ExchangeFiles.TableName(path, chosen, RegionTable.Sheet);
        if (!TableReader.Exists(path, chosen, RegionTable.Sheet))
        {
            report.Errors.Add(new(table, 1, "", $"文件中没有工作表“{RegionTable.Sheet}”", $"the file has no sheet named {RegionTable.Sheet}"));
            return report;
        }
        var rows = Read(path, chosen, table, report);
        report.Rows = rows.Count;
        if (report.Rejected) return report;

        var existing = await db.Regions.ToListAsync(ct);
        CrossChecks(db, rows, existing, table, report);
        if (report.Rejected) return report;

        await WriteAsync(db, rows, existing, Path.GetFileName(path), report, ct);
        return report;
    }

    private static List<RegionRow> Read(string path, ExchangeFormat format, string table, RegionImportReport report)
    {
        var rows = new List<RegionRow>();
        var headersChecked = false;
        Dictionary<string, int> yearColumns = [];
        foreach (var sheetRow in TableReader.Rows(path, format, RegionTable.Sheet))
        {
            if (!headersChecked)
            {
                headersChecked = true;
                foreach (var required in new[] { RegionTable.Code, RegionTable.Name, RegionTable.Level, RegionTable.Parent })
                    if (!sheetRow.Cells.ContainsKey(required))
                        report.Errors.Add(new(table, 1, required, $"缺少列“{required}”", $"the column {required} is missing"));
                foreach (var header in sheetRow.Cells.Keys.Where(h => h.StartsWith(RegionTable.Population, StringComparison.Ordinal) && h != RegionTable.Population))
                {
                    if (RegionTable.PopulationYear(header) is { } year && year is >= RegionTable.FirstYear and <= RegionTable.LastYear) yearColumns[header] = year;
                    else report.Errors.Add(new(table, 1, header, $"人口列名应为“{RegionTable.Population}”加四位年份，如{RegionTable.PopulationHeader(2014)}",
                        $"a population column is {RegionTable.Population} followed by a four-digit year, e.g. {RegionTable.PopulationHeader(2014)}"));
                }
                if (report.Rejected) return rows;
            }
            rows.Add(Parse(sheetRow, table, yearColumns, report));
        }
        return rows;
    }

    private static RegionRow Parse(SheetRow sheetRow, string table, Dictionary<string, int> yearColumns, RegionImportReport report)
    {
        var n = sheetRow.Number;
        string Cell(string header) => sheetRow.Cells.TryGetValue(header, out var v) ? v.Trim() : "";
        void Error(string column, string chinese, string english) => report.Errors.Add(new(table, n, column, chinese, english, Cell(RegionTable.Code)));

        var codeText = Cell(RegionTable.Code);
        var codeValid = false;
        RegionCode code = default;
        if (codeText.Length != 12 || !codeText.All(char.IsAsciiDigit))
            Error(RegionTable.Code, $"区划代码应为12位数字：{codeText}", $"the region code must be 12 digits: {codeText}");
        else if (!RegionCode.TryParse(codeText, out code, out var codeError))
            Error(RegionTable.Code, codeError.Split(" / ")[0], codeError.Split(" / ").Last());
        else if (code.Level == RegionLevel.Nation)
            Error(RegionTable.Code, "区划代码不能全为零", "the region code cannot be all zeros");
        else codeValid = true;

        var name = Cell(RegionTable.Name);
        if (name.Length == 0) Error(RegionTable.Name, "名称为空", "the name is empty");
        else if (name.Length > 100) Error(RegionTable.Name, "名称超过100字", "the name is longer than 100 characters");

        var level = RegionLevel.Nation;
        var levelText = Cell(RegionTable.Level);
        if (!Labels.TryParse<RegionLevel>(levelText, out level) || level == RegionLevel.Nation)
            Error(RegionTable.Level, $"级别应为省、市、县、乡镇或村：{levelText}", $"the level must be 省/市/县/乡镇/村 (province, city, county, township, village): {levelText}");
        else if (codeValid && code.Level != level)
            Error(RegionTable.Level, $"区划代码{codeText}是{code.Level.Chinese()}级代码，与级别“{level.Chinese()}”不符",
                $"the code {codeText} is a {code.Level.English().ToLowerInvariant()} code, not a {level.English().ToLowerInvariant()}");

        var parent = Cell(RegionTable.Parent);
        if (parent == RegionCode.Nation.Value) parent = "";
        if (codeValid)
        {
            var expected = code.Level == RegionLevel.Province ? "" : code.Parent!.Value.Value;
            if (parent.Length > 0 && RegionCode.TryParse(parent, out var parentCode, out _) && parentCode.Level == RegionLevel.Village)
                Error(RegionTable.Parent, $"上级代码{parent}是村，村下不能有下级区划", $"the parent {parent} is a village: nothing lies under a village");
            else if (parent != expected)
                Error(RegionTable.Parent, expected.Length == 0 ? $"省级区划没有上级代码：{parent}" : $"上级代码应为{expected}（区划代码的上一级），实为“{parent}”",
                    expected.Length == 0 ? $"a province has no parent code: {parent}" : $"the parent code must be {expected} (the code's own parent), not \"{parent}\"");
        }

        var urbanRural = Cell(RegionTable.UrbanRural);
        if (urbanRural.Length > 0 && (urbanRural.Length != 3 || !urbanRural.All(char.IsAsciiDigit)))
            Error(RegionTable.UrbanRural, $"城乡分类代码应为3位数字：{urbanRural}", $"the urban-rural class must be 3 digits: {urbanRural}");

        bool Flag(string header)
        {
            var text = Cell(header);
            if (text.Length == 0) return false;
            if (Codecs.YesNo.Parse(text, out var value)) return value;
            Error(header, $"{header}{Codecs.YesNo.Expected.Chinese}：{text}", $"{header} {Codecs.YesNo.Expected.English}: {text}");
            return false;
        }
        int? Year(string header)
        {
            var text = Cell(header);
            if (text.Length == 0) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d)
                && d is >= RegionTable.FirstYear and <= RegionTable.LastYear)
                return (int)d;
            Error(header, $"{header}应为{RegionTable.FirstYear}–{RegionTable.LastYear}之间的年份：{text}", $"{header} must be a year from {RegionTable.FirstYear} to {RegionTable.LastYear}: {text}");
            return null;
        }
        int? Count(string header)
        {
            var text = Cell(header);
            if (text.Length == 0) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d is >= 0 and <= int.MaxValue)
                return (int)d;
            Error(header, $"{header}应为非负整数：{text}", $"{header} must be a whole number, not negative: {text}");
            return null;
        }
        DateOnly? Date(string header)
        {
            var text = Cell(header);
            if (text.Length == 0) return null;
            if (RegionTable.TryParseDate(text, out var date) && date.Year is >= RegionTable.FirstYear and <= RegionTable.LastYear) return date;
            Error(header, $"{header}应为日期（如2014-01-01）：{text}", $"{header} must be a date such as 2014-01-01: {text}");
            return null;
        }

        var poorSince = Year(RegionTable.PoorSince);
        var exited = Year(RegionTable.Exited);
        if (poorSince is { } s && exited is { } e && e < s)
            Error(RegionTable.Exited, $"退出年度{e}早于列为贫困年度{s}", $"the exit year {e} is before the year it was listed as poor ({s})");
        var validFrom = Date(RegionTable.ValidFrom) ?? new Region { Code = "", Name = "" }.ValidFrom;
        var validTo = Date(RegionTable.ValidTo);
        if (validTo is { } to && to <= validFrom)
            Error(RegionTable.ValidTo, $"失效日期{RegionTable.FormatDate(to)}应晚于生效日期{RegionTable.FormatDate(validFrom)}",
                $"the end date {RegionTable.FormatDate(to)} must be after the start date {RegionTable.FormatDate(validFrom)}");

        var row = new RegionRow
        {
            Row = n, CodeValid = codeValid, StatedLevel = level, StatedParent = parent,
            Region = new Region
            {
                Code = codeText, Name = name, Level = level, ParentCode = parent, UrbanRuralClass = urbanRural,
                IsWestern = Flag(RegionTable.Western), IsPoorCounty = Flag(RegionTable.PoorCounty), IsPoorVillage = Flag(RegionTable.PoorVillage),
                IsDeepPoverty = Flag(RegionTable.DeepPoverty), PoorSinceYear = poorSince, ExitedYear = exited, ValidFrom = validFrom, ValidTo = validTo,
            },
        };
        foreach (var (header, year) in yearColumns)
            if (Count(header) is { } people) row.Populations[year] = people;
        if (Count(RegionTable.Population) is { } latest)
        {
            row.Region.RuralPopulation = latest;
            row.PopulationGiven = true;
        }
        else if (row.Populations.Count > 0)
        {
            row.Region.RuralPopulation = row.Populations[row.Populations.Keys.Max()];
            row.PopulationGiven = true;
        }
        return row;
    }

    private static void CrossChecks(JingzhunDbContext db, List<RegionRow> rows, List<Region> existing, string table, RegionImportReport report)
    {
        void Error(RegionRow r, string column, string chinese, string english) => report.Errors.Add(new(table, r.Row, column, chinese, english, r.Region.Code));

        var fileKeys = new Dictionary<(string, DateOnly), RegionRow>();
        foreach (var r in rows)
            if (!fileKeys.TryAdd((r.Region.Code, r.Region.ValidFrom), r))
            {
                var first = fileKeys[(r.Region.Code, r.Region.ValidFrom)];
                Error(r, RegionTable.Code, $"区划代码{r.Region.Code}（生效日期{RegionTable.FormatDate(r.Region.ValidFrom)}）在文件中重复（第{first.Row}行已有）",
                    $"the region {r.Region.Code} valid from {RegionTable.FormatDate(r.Region.ValidFrom)} appears twice in the file (first in row {first.Row})");
            }

        // Every period of a code, as it will be after the import: the file's rows, and the stored rows the file does not name.
        var periods = rows.Select(r => (r.Region.Code, r.Region.ValidFrom, r.Region.ValidTo, Row: (RegionRow?)r))
            .Concat(existing.Where(e => !fileKeys.ContainsKey((e.Code, e.ValidFrom))).Select(e => (e.Code, e.ValidFrom, e.ValidTo, Row: (RegionRow?)null)))
            .ToLookup(p => p.Code);
        foreach (var r in rows)
        {
            var clash = periods[r.Region.Code].FirstOrDefault(p => p.ValidFrom != r.Region.ValidFrom
                && p.ValidFrom < (r.Region.ValidTo ?? DateOnly.MaxValue) && r.Region.ValidFrom < (p.ValidTo ?? DateOnly.MaxValue));
            if (clash.Code is not null)
            {
                var where = clash.Row is { } o ? $"第{o.Row}行" : "数据库中";
                var whereEnglish = clash.Row is { } o2 ? $"row {o2.Row}" : "the database";
                Error(r, RegionTable.ValidFrom, $"区划代码{r.Region.Code}重复：与{where}生效于{RegionTable.FormatDate(clash.ValidFrom)}的一行有效期重叠",
                    $"duplicate region code {r.Region.Code}: its validity overlaps the row valid from {RegionTable.FormatDate(clash.ValidFrom)} in {whereEnglish}");
            }
        }

        var known = rows.Select(r => r.Region.Code).Concat(existing.Select(e => e.Code)).ToHashSet();
        foreach (var r in rows.Where(r => r.CodeValid && r.StatedParent.Length > 0 && RegionCode.Parse(r.Region.Code).Parent?.Value == r.StatedParent))
            if (!known.Contains(r.StatedParent))
                Error(r, RegionTable.Parent, $"上级代码{r.StatedParent}既不在文件中，也不在数据库中", $"the parent {r.StatedParent} is neither in the file nor in the database");

        var populations = new Dictionary<(string, int), RegionRow>();
        foreach (var r in rows)
            foreach (var (year, people) in r.Populations)
            {
                if (!populations.TryAdd((r.Region.Code, year), r) && populations[(r.Region.Code, year)].Populations[year] != people)
                    Error(r, RegionTable.PopulationHeader(year), $"区划{r.Region.Code}的{year}年农村户籍人口与第{populations[(r.Region.Code, year)].Row}行不同",
                        $"the {year} rural population of {r.Region.Code} differs from row {populations[(r.Region.Code, year)].Row}");
            }

        foreach (var r in rows.Where(r => r.CodeValid && !RegionPolicy.MayChange(db.Scope, r.Region.Code)))
            Error(r, RegionTable.Code, $"无权修改区划{r.Region.Code}（仅省级以上扶贫干部和管理员）", $"you may not change the region {r.Region.Code} (province officers and administrators only)");
    }

    private static async Task WriteAsync(JingzhunDbContext db, List<RegionRow> rows, List<Region> existing, string source, RegionImportReport report, CancellationToken ct)
    {
        var stored = existing.ToDictionary(e => (e.Code, e.ValidFrom));
        foreach (var r in rows)
        {
            var region = r.Region;
            if (!stored.TryGetValue((region.Code, region.ValidFrom), out var current))
            {
                db.Regions.Add(region);
                report.Created++;
                continue;
            }
            var before = Fingerprint(current);
            current.Name = region.Name;
            current.Level = region.Level;
            current.ParentCode = region.ParentCode;
            current.UrbanRuralClass = region.UrbanRuralClass;
            current.IsWestern = region.IsWestern;
            current.IsPoorCounty = region.IsPoorCounty;
            current.IsPoorVillage = region.IsPoorVillage;
            current.IsDeepPoverty = region.IsDeepPoverty;
            current.PoorSinceYear = region.PoorSinceYear;
            current.ExitedYear = region.ExitedYear;
            current.ValidTo = region.ValidTo;
            if (r.PopulationGiven) current.RuralPopulation = region.RuralPopulation;
            if (Fingerprint(current) == before) report.Unchanged++; else report.Updated++;
        }

        await PoorAreas.AreaDesignations.ImportFlagsAsync(db, rows.Where(r => r.Region.ValidTo is null).Select(r => r.Region).ToList(),
            $"导入区划表{source} / region table {source}", ct);

        var codes = rows.Where(r => r.Populations.Count > 0).Select(r => r.Region.Code).Distinct().ToList();
        var storedPopulations = new Dictionary<(string, int), RegionPopulation>();
        foreach (var chunk in codes.Chunk(500))
            foreach (var p in await db.RegionPopulations.Where(p => chunk.Contains(p.RegionCode)).ToListAsync(ct))
                storedPopulations[(p.RegionCode, p.Year)] = p;
        foreach (var r in rows)
            foreach (var (year, people) in r.Populations)
            {
                if (!storedPopulations.TryGetValue((r.Region.Code, year), out var p))
                {
                    p = new RegionPopulation { RegionCode = r.Region.Code, Year = year, RuralPopulation = people };
                    storedPopulations[(r.Region.Code, year)] = p;
                    db.RegionPopulations.Add(p);
                    report.PopulationsCreated++;
                }
                else if (p.RuralPopulation != people && db.Entry(p).State != EntityState.Added)
                {
                    p.RuralPopulation = people;
                    report.PopulationsUpdated++;
                }
            }

        if (!db.ChangeTracker.HasChanges()) return;
        db.BulkAuditSummary = string.Create(CultureInfo.InvariantCulture,
            $"导入区划表{source}：新增{report.Created}行、更新{report.Updated}行、未变{report.Unchanged}行，人口新增{report.PopulationsCreated}条、更新{report.PopulationsUpdated}条 / " +
            $"region table {source} imported: {report.Created} rows created, {report.Updated} updated, {report.Unchanged} unchanged; populations {report.PopulationsCreated} created, {report.PopulationsUpdated} updated");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.BulkAuditSummary = null;
        }
    }

    private static string Fingerprint(Region r) => string.Join("|", r.Name, r.Level, r.ParentCode, r.UrbanRuralClass, r.IsWestern, r.IsPoorCounty, r.IsPoorVillage,
        r.IsDeepPoverty, r.PoorSinceYear, r.ExitedYear, r.ValidTo, r.RuralPopulation);
}
