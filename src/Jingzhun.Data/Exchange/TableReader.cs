using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Jingzhun.Data.Exchange;

/// <summary>One data row as the user sees it: its row number in the sheet (the header is row 1) and its cells by header.</summary>
/// <remarks><paramref name="NumberCells"/>: the headers whose cell a workbook stored as a number, not as text (none for CSV).</remarks>
public sealed record SheetRow(int Number, IReadOnlyDictionary<string, string> Cells, IReadOnlySet<string>? NumberCells = null)
{
    public bool IsNumberCell(string header) => NumberCells?.Contains(header) == true;
}

/// <summary>Streams the rows of one table of an interchange file, xlsx through MiniExcel and CSV through Sylvan.</summary>
internal static class TableReader
{
    /// <summary>False when the file has no such table (a missing sheet or CSV file).</summary>
    public static bool Exists(string path, ExchangeFormat format, string sheet) => format switch
    {
        ExchangeFormat.Xlsx => MiniExcel.GetSheetNames(path).Contains(sheet),
        _ => File.Exists(ExchangeFiles.CsvPath(path, sheet)),
    };

    public static IEnumerable<SheetRow> Rows(string path, ExchangeFormat format, string sheet) =>
        format == ExchangeFormat.Xlsx ? XlsxRows(path, sheet) : CsvRows(ExchangeFiles.CsvPath(path, sheet));

    private static IEnumerable<SheetRow> XlsxRows(string path, string sheet)
    {
        var number = 1;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(path, useHeaderRow: true, sheetName: sheet))
        {
            number++;
            var cells = row.ToDictionary(c => c.Key, c => CellText(c.Value));
            HashSet<string>? numbers = null;
            foreach (var (header, value) in row)
                if (value is double or int or long or decimal or float) (numbers ??= []).Add(header);
            if (cells.Values.Any(v => v.Length > 0)) yield return new SheetRow(number, cells, numbers);
        }
    }

    private static IEnumerable<SheetRow> CsvRows(string path)
    {
        // Files saved by Excel carry a byte-order mark; the reader detects it.
        using var text = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = Sylvan.Data.Csv.CsvDataReader.Create(text, new Sylvan.Data.Csv.CsvDataReaderOptions { HasHeaders = true });
        var headers = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray();
        var number = 1;
        while (csv.Read())
        {
            number++;
            var cells = new Dictionary<string, string>(headers.Length);
            for (var i = 0; i < headers.Length; i++) cells.TryAdd(headers[i], i < csv.RowFieldCount ? csv.GetString(i) : "");
            if (cells.Values.Any(v => v.Length > 0)) yield return new SheetRow(number, cells);
        }
    }

    // Number cells come back as doubles: the shortest round-trip text keeps 1234.56 as "1234.56".
    private static string CellText(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
