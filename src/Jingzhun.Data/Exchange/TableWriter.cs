using System.Collections;
using System.Collections.ObjectModel;
using System.Data.Common;
using System.Text;
using MiniExcelLibs;

namespace Jingzhun.Data.Exchange;

/// <summary>A table to write: its sheet name and its rows as cell values, produced lazily page by page; each row an array of
/// its own, which a CSV write turns into text in place.</summary>
internal sealed record TableData(string Sheet, IReadOnlyList<string> Headers, IEnumerable<object?[]> Rows);

/// <summary>Writes the tables of an interchange file without holding them: every writer pulls rows through a data reader.</summary>
internal static class TableWriter
{
    /// <summary>
    /// Writes the tables: one workbook, or a CSV file per table. With <paramref name="sideBySide"/> the CSV files are written
    /// at once, each on a thread of its own; the caller says so only when no two tables read through the same context.
    /// </summary>
    public static async Task WriteAsync(string path, ExchangeFormat format, IReadOnlyList<TableData> tables, CancellationToken ct,
        bool sideBySide = false)
    {
        if (format == ExchangeFormat.Xlsx)
        {
            var sheets = tables.ToDictionary(t => t.Sheet, object (t) => new RowDataReader(t.Headers, t.Rows));
            await MiniExcel.SaveAsAsync(path, sheets, overwriteFile: true, cancellationToken: ct);
            return;
        }
        if (!sideBySide)
        {
            foreach (var table in tables) await WriteCsvAsync(path, table, ct);
            return;
        }
        // The first table to fail stops the others, and its error is the one that is thrown.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var writes = tables.Select(table => Task.Run(async () =>
        {
            try { await WriteCsvAsync(path, table, stop.Token); }
            catch { await stop.CancelAsync(); throw; }
        }, CancellationToken.None)).ToList();
        try { await Task.WhenAll(writes); }
        catch
        {
            var failed = writes.Where(w => w.IsFaulted).Select(w => w.Exception!.InnerException!).FirstOrDefault(e => e is not OperationCanceledException);
            if (failed is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
            throw;
        }
    }

    private static async Task WriteCsvAsync(string path, TableData table, CancellationToken ct)
    {
        // UTF-8 with a byte-order mark so that Excel shows the Chinese text.
        await using var text = new StreamWriter(ExchangeFiles.CsvPath(path, table.Sheet), false, new UTF8Encoding(true));
        await using var csv = Sylvan.Data.Csv.CsvDataWriter.Create(text);
        // Each row's cells are its own (made for this write), so they are turned into text in place.
        var rows = table.Rows.Select(r =>
        {
            for (var i = 0; i < r.Length; i++) r[i] = Codecs.Format(r[i]);
            return r;
        });
        await csv.WriteAsync(new RowDataReader(table.Headers, rows), ct);
    }
}

/// <summary>The smallest forward-only data reader over rows of values, the form both MiniExcel and Sylvan write from.</summary>
internal sealed class RowDataReader(IReadOnlyList<string> headers, IEnumerable<object?[]> rows) : DbDataReader, IDbColumnSchemaGenerator
{
    // Sylvan asks for the schema to decide how to write each column; every column holds text or numbers, so "object".
    public ReadOnlyCollection<DbColumn> GetColumnSchema() =>
        headers.Select((h, i) => (DbColumn)new Column(h, i)).ToList().AsReadOnly();

    private sealed class Column : DbColumn
    {
        public Column(string name, int ordinal)
        {
            ColumnName = name;
            ColumnOrdinal = ordinal;
            DataType = typeof(object);
            AllowDBNull = true;
        }
    }

    private readonly IEnumerator<object?[]> _rows = rows.GetEnumerator();
    private object?[] _current = [];

    public override bool Read()
    {
        if (!_rows.MoveNext()) return false;
        _current = _rows.Current;
        return true;
    }

    public override object GetValue(int ordinal) => _current[ordinal] ?? DBNull.Value;
    public override bool IsDBNull(int ordinal) => _current[ordinal] is null;
    public override int FieldCount => headers.Count;
    public override string GetName(int ordinal) => headers[ordinal];
    public override int GetOrdinal(string name) => headers.ToList().IndexOf(name);
    public override Type GetFieldType(int ordinal) => typeof(object);
    public override string GetDataTypeName(int ordinal) => "object";
    public override string GetString(int ordinal) => Codecs.Format(_current[ordinal]);
    public override int GetValues(object[] values)
    {
        var n = Math.Min(values.Length, _current.Length);
        for (var i = 0; i < n; i++) values[i] = GetValue(i);
        return n;
    }

    public override object this[int ordinal] => GetValue(ordinal);
    public override object this[string name] => GetValue(GetOrdinal(name));
    public override int Depth => 0;
    public override bool HasRows => true;
    public override bool IsClosed => false;
    public override int RecordsAffected => -1;
    public override bool NextResult() => false;
    public override IEnumerator GetEnumerator() => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _rows.Dispose();
        base.Dispose(disposing);
    }

    public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);
    public override byte GetByte(int ordinal) => throw new NotSupportedException();
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();
    public override char GetChar(int ordinal) => throw new NotSupportedException();
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();
    public override DateTime GetDateTime(int ordinal) => throw new NotSupportedException();
    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    public override double GetDouble(int ordinal) => Convert.ToDouble(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    public override float GetFloat(int ordinal) => throw new NotSupportedException();
    public override Guid GetGuid(int ordinal) => throw new NotSupportedException();
    public override short GetInt16(int ordinal) => throw new NotSupportedException();
    public override int GetInt32(int ordinal) => Convert.ToInt32(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    public override long GetInt64(int ordinal) => Convert.ToInt64(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
