using System.Data.Common;
using System.Diagnostics;
using System.Text;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jingzhun.Bench.Scenarios;

/// <summary>
/// h. A county officer's export of the county's households (20,000 by default) as an xlsx workbook and as CSV, through
/// <see cref="RegistryExporter"/> (scope, masking policy, reading cells, audit), against the limit: a plain streaming write of
/// the same rows with the same library (MiniExcel for xlsx, Sylvan for CSV) straight from one <c>SELECT *</c> per table,
/// households, members and incomes of the county, in the export's order. Goal ≥ 0.5 (rows per second, ours ÷ plain).
/// The county is a province of one city of one county, loaded by the bulk loader into a database of its own.
/// Each pair runs twice, alternately; the better of each counts.
/// </summary>
public static class ExportScenario
{
    public static async Task<(List<Figure> Figures, List<string> Notes)> RunAsync(BenchOptions options, string work, CancellationToken ct)
    {
        var figures = new List<Figure>();
        var notes = new List<string>();
        var generator = new ProvinceGenerator(new ProvinceOptions(options.ExportHouseholds, options.Seed) { Cities = 1, MinCountiesPerCity = 1, MaxCountiesPerCity = 1 });
        await using var database = await BenchDatabase.CreateAsync(options, work, "export", ct);
        var watch = Stopwatch.StartNew();
        await JingzhunDb.MigrateAsync(database.Target, ct);
        await ProvinceSeeder.SeedAsync(database.Target, generator, null, ct);
        var county = generator.Regions().First(r => r.Level == RegionLevel.County).Code;
        var rows = await RowsAsync(database.Target, county, ct);
        notes.Add($"Export: a county ({county}) of {options.ExportHouseholds:#,0} households, {rows:#,0} rows over the three tables, loaded in {watch.Elapsed.TotalSeconds:0.0} s.");
        foreach (var format in new[] { ExchangeFormat.Xlsx, ExchangeFormat.Csv })
        {
            var ours = TimeSpan.MaxValue;
            var plain = TimeSpan.MaxValue;
            for (var run = 0; run < 2; run++)
            {
                var p = await PlainWriteAsync(database.Target, county, Path.Combine(work, "plain." + Extension(format)), format, ct);
                var o = await ExportAsync(database.Target, county, Path.Combine(work, "ours." + Extension(format)), format, ct);
                plain = p < plain ? p : plain;
                ours = o < ours ? o : ours;
            }
            var name = format == ExchangeFormat.Xlsx ? "xlsx" : "CSV";
            figures.Add(new Figure("i. export", $"county export to {name} (RegistryExporter, county officer)", rows / ours.TotalSeconds, "rows/s",
                rows / plain.TotalSeconds, $"plain {(format == ExchangeFormat.Xlsx ? "MiniExcel" : "Sylvan")} write", GoalKind.AtLeast, 0.5));
            notes.Add($"Export to {name}: {ours.TotalSeconds:0.00} s, plain write of the same rows {plain.TotalSeconds:0.00} s (best of two each).");
        }
        return (figures, notes);
    }

    /// <summary>The export as the web's export job runs it, under a county officer's scope.</summary>
    private static async Task<TimeSpan> ExportAsync(DatabaseTarget target, string county, string path, ExchangeFormat format, CancellationToken ct)
    {
        var scope = new AccessScope(RegionCode.Parse(county).Prefix, true, true, "bench-county") { Role = Role.CountyOfficer, Level = RegionLevel.County };
        var watch = Stopwatch.StartNew();
        await using var db = JingzhunDb.Create(target, scope);
        await RegistryExporter.ExportAsync(db, path, format, new ExportOptions(), ct: ct);
        return watch.Elapsed;
    }

    /// <summary>The limit: one SELECT * per table of the county's rows, in the export's order, streamed through the library's writer.</summary>
    private static async Task<TimeSpan> PlainWriteAsync(DatabaseTarget target, string county, string path, ExchangeFormat format, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var sql = new Dictionary<string, string>
        {
            [RegistryTables.HouseholdsSheet] = """SELECT * FROM "Households" WHERE "CountyCode" = @county ORDER BY "Number" """,
            [RegistryTables.MembersSheet] = """SELECT h."Number", m.* FROM "Members" m JOIN "Households" h ON h."Id" = m."HouseholdId" WHERE h."CountyCode" = @county ORDER BY h."Number", m."Id" """,
            [RegistryTables.IncomesSheet] = """SELECT h."Number", i.* FROM "Incomes" i JOIN "Households" h ON h."Id" = i."HouseholdId" WHERE h."CountyCode" = @county ORDER BY h."Number", i."Year" """,
        };
        // One connection a table: PostgreSQL reads one result at a time on a connection, and the workbook writer takes all sheets at once.
        var contexts = new List<JingzhunDbContext>();
        var readers = new Dictionary<string, object>();
        try
        {
            foreach (var (sheet, text) in sql)
            {
                var db = JingzhunDb.Create(target, AccessScope.System("bench"));
                contexts.Add(db);
                await db.Database.OpenConnectionAsync(ct);
                var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = text;
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@county";
                parameter.Value = county[..6];
                command.Parameters.Add(parameter);
                readers[sheet] = await command.ExecuteReaderAsync(ct);
            }
            if (format == ExchangeFormat.Xlsx)
                await MiniExcel.SaveAsAsync(path, readers, overwriteFile: true, cancellationToken: ct);
            else
                foreach (var (sheet, reader) in readers)
                {
                    await using var text = new StreamWriter(ExchangeFiles.CsvPath(path, sheet), false, new UTF8Encoding(true));
                    await using var csv = Sylvan.Data.Csv.CsvDataWriter.Create(text);
                    await csv.WriteAsync((DbDataReader)reader, ct);
                }
        }
        finally
        {
            foreach (var reader in readers.Values) await ((DbDataReader)reader).DisposeAsync();
            foreach (var db in contexts) await db.DisposeAsync();
        }
        return watch.Elapsed;
    }

    private static async Task<long> RowsAsync(DatabaseTarget target, string county, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("bench"));
        return await RegistryExporter.CountRowsAsync(db, null, ct);
    }

    private static string Extension(ExchangeFormat format) => format == ExchangeFormat.Xlsx ? "xlsx" : "csv";
}
