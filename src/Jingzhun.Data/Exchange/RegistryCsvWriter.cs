using System.Text;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Exchange;

/// <summary>
/// Writes households to the CSV form of the interchange format (<see cref="RegistryTables"/>: <c>x.csv</c>,
/// <c>x.members.csv</c>, <c>x.incomes.csv</c>) in one pass, as they come: nothing is held but the
/// current household, so a generated registry of millions of households streams straight to disk.
/// The files read back through <see cref="RegistryImporter"/> like an export of the same rows.
/// </summary>
public sealed class RegistryCsvWriter : IAsyncDisposable, IDisposable
{
    private const int BufferSize = 1 << 16;
    private readonly StreamWriter _households;
    private readonly StreamWriter _members;
    private readonly StreamWriter _incomes;
    private readonly StringBuilder _line = new(512);

    public RegistryCsvWriter(string householdsPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(householdsPath));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _households = Open(householdsPath);
        _members = Open(ExchangeFiles.CsvPath(householdsPath, RegistryTables.MembersSheet));
        _incomes = Open(ExchangeFiles.CsvPath(householdsPath, RegistryTables.IncomesSheet));
        _households.Write(HeaderLine(RegistryTables.HouseholdColumns));
        _members.Write(HeaderLine(RegistryTables.MemberColumns));
        _incomes.Write(HeaderLine(RegistryTables.IncomeColumns));
    }

    public long Households { get; private set; }
    public long Members { get; private set; }
    public long Incomes { get; private set; }

    // UTF-8 with a byte-order mark so that Excel shows the Chinese text, as the exporter writes.
    private static StreamWriter Open(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, BufferSize), new UTF8Encoding(true), BufferSize);

    public void Write(Household household)
    {
        _households.Write(Line(RegistryTables.HouseholdColumns, household));
        foreach (var member in household.Members)
        {
            _members.Write(Line(RegistryTables.MemberColumns, new MemberRow { HouseholdNumber = household.Number, Member = member }));
            Members++;
        }
        foreach (var income in household.Incomes.OrderBy(i => i.Year))
        {
            _incomes.Write(Line(RegistryTables.IncomeColumns, new IncomeRow { HouseholdNumber = household.Number, Income = income }));
            Incomes++;
        }
        Households++;
    }

    /// <summary>Writes every household; <paramref name="progress"/> receives the count every 10,000 households.</summary>
    public static async Task<(long Households, long Members, long Incomes)> WriteAsync(string householdsPath, IEnumerable<Household> households,
        IProgress<long>? progress = null, CancellationToken ct = default)
    {
        await using var writer = new RegistryCsvWriter(householdsPath);
        foreach (var household in households)
        {
            writer.Write(household);
            if (writer.Households % 10_000 == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(writer.Households);
            }
        }
        progress?.Report(writer.Households);
        return (writer.Households, writer.Members, writer.Incomes);
    }

    /// <summary>One CSV line (with its line break) of a row: each cell as <see cref="Codecs.Format"/> writes it, quoted where needed.</summary>
    private string Line<TRow>(IReadOnlyList<ExchangeColumn<TRow>> columns, TRow row) => FormatLine(_line, columns, row);

    /// <summary>One CSV line (with its line break) of a row, built in <paramref name="buffer"/> (cleared first).</summary>
    public static string FormatLine<TRow>(StringBuilder buffer, IReadOnlyList<ExchangeColumn<TRow>> columns, TRow row)
    {
        buffer.Clear();
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0) buffer.Append(',');
            AppendCell(buffer, Codecs.Format(columns[i].Write(row)));
        }
        return buffer.Append("\r\n").ToString();
    }

    private static string HeaderLine<TRow>(IReadOnlyList<ExchangeColumn<TRow>> columns)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0) sb.Append(',');
            AppendCell(sb, columns[i].Header);
        }
        return sb.Append("\r\n").ToString();
    }

    /// <summary>RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled.</summary>
    public static void AppendCell(StringBuilder sb, string cell)
    {
        if (cell.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            sb.Append(cell);
            return;
        }
        sb.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    public async ValueTask DisposeAsync()
    {
        await _households.DisposeAsync();
        await _members.DisposeAsync();
        await _incomes.DisposeAsync();
    }

    public void Dispose()
    {
        _households.Dispose();
        _members.Dispose();
        _incomes.Dispose();
    }
}
