namespace Jingzhun.Data.Exchange;

public enum ExchangeFormat
{
    Csv,
    Xlsx,
}

/// <summary>Where the three tables of an interchange file live.</summary>
public static class ExchangeFiles
{
    /// <summary>The format a file name implies: .xlsx is a workbook, .csv the households file of a CSV set.</summary>
    public static ExchangeFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".xlsx" => ExchangeFormat.Xlsx,
        ".csv" => ExchangeFormat.Csv,
        _ => null,
    };

    public static ExchangeFormat Parse(string format) => format.Trim().ToLowerInvariant() switch
    {
        "xlsx" or "excel" => ExchangeFormat.Xlsx,
        "csv" => ExchangeFormat.Csv,
        _ => throw new ArgumentException($"不支持的格式：{format}（可选 csv、xlsx） / unsupported format: {format} (csv or xlsx)"),
    };

    /// <summary>The CSV file of a table: households in the file itself, members, incomes (and the notes of a masked export) beside it.</summary>
    public static string CsvPath(string householdsPath, string sheet) => sheet switch
    {
        RegistryTables.MembersSheet => Sibling(householdsPath, ".members.csv"),
        RegistryTables.IncomesSheet => Sibling(householdsPath, ".incomes.csv"),
        RegistryTables.NotesSheet => Sibling(householdsPath, ".notes.csv"),
        _ => householdsPath,
    };

    /// <summary>The file name a user sees a table as, for error reports: the sheet name, or the CSV file name.</summary>
    public static string TableName(string path, ExchangeFormat format, string sheet) =>
        format == ExchangeFormat.Xlsx ? sheet : Path.GetFileName(CsvPath(path, sheet));

    private static string Sibling(string path, string suffix) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? path[..^4] + suffix : path + suffix;
}
