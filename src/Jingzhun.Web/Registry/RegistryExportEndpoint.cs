using System.Globalization;
using System.IO.Compression;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Jingzhun.Data.Registry;

namespace Jingzhun.Web.Registry;

/// <summary>
/// GET /households/export: the households the signed-in account may see that match the search
/// page's filters, as an interchange workbook (xlsx) or a zip of the CSV tables. Written by the
/// same exporter as the command line, with the account's scope: personal data of households an
/// assistance cadre is not paired with is masked, and the export is audited. The file is written
/// to a temporary file first and streamed from there; the temporary file goes when the response ends.
/// </summary>
public static class RegistryExportEndpoint
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The search page's filters, by the same query names (settable properties rather than a constructor: the
    /// build-time request delegate generator cannot bind a constructor's nullable strings).</summary>
    public sealed class ExportQuery
    {
        public string? Format { get; init; }
        public string? Name { get; init; }
        public string? ResidentId { get; init; }
        public string? Region { get; init; }
        public HouseholdStatus? Status { get; init; }
        public PovertyCause? Cause { get; init; }
        public string? Number { get; init; }
        public bool? Mine { get; init; }

        public RegistryCriteria Criteria(bool cadre) => new()
        {
            Name = Name, ResidentId = ResidentId, Region = Region, Status = Status, Cause = Cause, Number = Number,
            OnlyPaired = cadre && Mine == true,
        };
    }

    public static void MapRegistryExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/households/export", ExportAsync)
            .WithTags("Registry 建档立卡")
            .WithSummary("Export the households of the current search (xlsx, or csv as a zip) 导出");

    private static async Task<IResult> ExportAsync(HttpContext http, JingzhunDbContext db, TimeProvider clock, [AsParameters] ExportQuery query,
        CancellationToken ct)
    {
        ExchangeFormat format;
        try { format = ExchangeFiles.Parse(query.Format ?? "xlsx"); }
        catch (ArgumentException e) { return Results.Problem(title: e.Message, statusCode: StatusCodes.Status400BadRequest); }

        var region = RegionPart(query.Region, db.Scope.RegionPrefix);
        var stem = $"registry-{region}-{clock.GetLocalNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
        var download = format == ExchangeFormat.Xlsx ? stem + ".xlsx" : stem + ".zip";
        var folder = Directory.CreateTempSubdirectory("jingzhun-export-").FullName;
        try
        {
            var path = Path.Combine(folder, format == ExchangeFormat.Xlsx ? stem + ".xlsx" : stem + ".csv");
            await RegistryExporter.ExportAsync(db, path, format,
                new ExportOptions { Criteria = query.Criteria(db.Scope.WritesAssignedOnly), FileName = download, Clock = clock }, ct: ct);
            var send = format == ExchangeFormat.Xlsx ? path : Zip(folder, stem);
            // Moved out of the folder and deleted when the response has been sent.
            var temp = Path.Combine(Path.GetTempPath(), $"jingzhun-export-{Guid.NewGuid():N}{Path.GetExtension(send)}");
            File.Move(send, temp);
            var stream = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            return Results.File(stream, format == ExchangeFormat.Xlsx ? XlsxType : "application/zip", download);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The three (or, masked, four) CSV files of the export in one zip, under the download's stem.</summary>
    private static string Zip(string folder, string stem)
    {
        var zip = Path.Combine(folder, stem + ".zip");
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        foreach (var file in Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal))
            archive.CreateEntryFromFile(file, Path.GetFileName(file), CompressionLevel.Optimal);
        return zip;
    }

    /// <summary>The region in the file name: the searched region, or the account's own region; digits only.</summary>
    private static string RegionPart(string? searched, string scopePrefix)
    {
        var code = string.IsNullOrWhiteSpace(searched) ? scopePrefix : searched.Trim();
        code = new string(code.Where(char.IsAsciiDigit).ToArray());
        return code.Length == 0 ? "all" : code.PadRight(12, '0');
    }
}
