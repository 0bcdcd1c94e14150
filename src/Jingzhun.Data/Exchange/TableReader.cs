using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Jingzhun.Data.Exchange;

/// <summary>One data row as the user sees it: its row number in the sheet (the header is row 1) and its cells by header.</summary>
/// <remarks>
/// <paramref name="NumberCells"/>: the headers whose cell a workbook stored as a number, not as text (none for CSV).
/// <paramref name="Header"/>: the header row as written, one entry per column in order (an unnamed column is ""), so that a
/// reader can refuse a header with a column twice or one it does not know; <see cref="Cells"/> keeps the first of two.
/// <paramref name="Width"/>: how many cells a CSV line has (null for a workbook, whose trailing empty cells do not exist).
/// <paramref name="Extra"/>: non-empty cells under no header (1-based column, text): the row is longer than its header.
/// </remarks>
public sealed record SheetRow(int Number, IReadOnlyDictionary<string, string> Cells, IReadOnlySet<string>? NumberCells = null)
{
    public IReadOnlyList<string> Header { get; init; } = [];
    public int? Width { get; init; }
    public IReadOnlyList<(int Column, string Text)> Extra { get; init; } = [];

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

    /// <summary>The spreadsheet column name of a 1-based column number (1 → A, 27 → AA), for pointing at a cell.</summary>
    public static string ColumnLetter(int column)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26) letters = (char)('A' + (column - 1) % 26) + letters;
        return letters;
    }

    // The header row is read as a row of its own (not MiniExcel's header mode), so that a column named twice,
    // an unnamed column and cells past the last header stay visible to the checks instead of being merged or dropped.
    private static IEnumerable<SheetRow> XlsxRows(string path, string sheet)
    {
        string[]? header = null;
        var number = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(path, useHeaderRow: false, sheetName: sheet))
        {
            number++;
            var values = row.Values.ToArray();
            if (header is null)
            {
                header = values.Select(v => CellText(v)).ToArray();
                var width = header.Length;
                while (width > 0 && header[width - 1].Trim().Length == 0) width--;
                header = header[..width];
                continue;
            }
            var cells = new Dictionary<string, string>(header.Length);
            HashSet<string>? numbers = null;
            List<(int, string)>? extra = null;
            for (var i = 0; i < values.Length; i++)
            {
                var text = CellText(values[i]);
                var name = i < header.Length ? header[i] : "";
                if (name.Trim().Length == 0)
                {
                    if (text.Trim().Length > 0) (extra ??= []).Add((i + 1, text));
                    continue;
                }
                if (!cells.TryAdd(name, text)) continue;
                if (values[i] is double or int or long or decimal or float) (numbers ??= []).Add(name);
            }
            foreach (var name in header) cells.TryAdd(name, "");
            if (cells.Values.Any(v => v.Length > 0) || extra is not null)
                yield return new SheetRow(number, cells, numbers) { Header = header, Extra = extra ?? [] };
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
            List<(int, string)>? extra = null;
            for (var i = 0; i < csv.RowFieldCount; i++)
            {
                if (i < headers.Length && headers[i].Trim().Length > 0) continue;
                var value = csv.GetString(i);
                if (value.Trim().Length > 0) (extra ??= []).Add((i + 1, value));
            }
            if (cells.Values.Any(v => v.Length > 0) || extra is not null)
                yield return new SheetRow(number, cells) { Header = headers, Width = csv.RowFieldCount, Extra = extra ?? [] };
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
