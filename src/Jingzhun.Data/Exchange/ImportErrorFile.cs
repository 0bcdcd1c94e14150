using System.Text;

namespace Jingzhun.Data.Exchange;

/// <summary>The errors of an import as a CSV file next to the imported one, for fixing the rows in a spreadsheet.</summary>
public static class ImportErrorFile
{
    public static string PathFor(string importedPath) => importedPath + ".errors.csv";

    public static async Task WriteAsync(string path, IEnumerable<ImportError> errors, CancellationToken ct = default)
    {
        string[] headers = ["表 / Table", "行 / Row", "列 / Column", "户编号 / Household", "错误 / Error", "Error (English)"];
        var rows = errors.Select(e => new object?[] { e.Table, e.Row.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Column, e.HouseholdNumber, e.Chinese, e.English });
        await using var text = new StreamWriter(path, false, new UTF8Encoding(true));
        await using var csv = Sylvan.Data.Csv.CsvDataWriter.Create(text);
        await csv.WriteAsync(new RowDataReader(headers, rows), ct);
    }
}
