using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Jingzhun.Data.Exchange.Bulk;

/// <summary>
/// Rows of one mapped entity straight into its table, every column as the context maps it (names, value converters),
/// through the session's sink: binary COPY on PostgreSQL, one prepared INSERT on SQLite. No save rule runs and nothing
/// is tracked, so the caller stamps, marks and audits the rows as their save would: this is for rows the system made
/// whole itself (the demo's generated assistance, a census round's records), where a tracked save cost about 90 µs a row.
/// </summary>
internal static class EntityRows
{
    /// <summary>Writes the rows in order.</summary>
    public static void Insert<T>(this BulkSession session, IReadOnlyList<T> rows) where T : class
    {
        if (rows.Count == 0) return;
        var (table, _, columns) = Shape<T>(session);
        Write(session, table, columns, rows);
    }

    /// <summary>
    /// Writes the rows in order and gives each the id the database assigned it, for rows that later rows name. Inside a
    /// transaction only, with the table locked against other writers until it ends (SQLite's write transaction already
    /// is), so that the ids above the largest one before are all this call's, in the order written.
    /// </summary>
    public static async Task InsertWithIdsAsync<T>(this BulkSession session, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        if (session.Db.Database.CurrentTransaction is null) throw new InvalidOperationException("ids are read back inside a transaction only");
        var (table, key, columns) = Shape<T>(session);
        var id = $"\"{key.GetColumnName()}\"";
        if (session.IsPostgres) await session.ExecuteAsync($"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE", ct);
        var before = await session.CountAsync($"SELECT COALESCE(MAX({id}), 0) FROM {table}", ct);
        Write(session, table, columns, rows);
        await using var read = session.Command($"SELECT {id} FROM {table} WHERE {id} > @before ORDER BY 1", ("before", before));
        await using var reader = await read.ExecuteReaderAsync(ct);
        foreach (var row in rows)
        {
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException($"{table}: fewer ids than rows written");
            key.PropertyInfo!.SetValue(row, Convert.ChangeType(reader.GetValue(0), key.ClrType, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (await reader.ReadAsync(ct)) throw new InvalidOperationException($"{table}: more ids than rows written");
    }

    private static (string Table, IProperty Key, List<EntityColumn> Columns) Shape<T>(BulkSession session)
    {
        var entity = session.Db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
        var key = entity.FindPrimaryKey()!.Properties.Single();
        return ($"\"{entity.GetTableName()}\"", key, entity.GetProperties().Where(p => p != key).Select(Column).ToList());
    }

    private static void Write<T>(BulkSession session, string table, List<EntityColumn> columns, IReadOnlyList<T> rows) where T : class
    {
        using var sink = session.Sink(table, [.. columns.Select(c => (c.Name, c.Type))]);
        var values = new object?[columns.Count];
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++) values[i] = columns[i].Value(row);
            sink.Add(values);
        }
        sink.Complete();
    }

    private sealed record EntityColumn(string Name, BulkType Type, Func<object, object?> Value);

    private static EntityColumn Column(IProperty property)
    {
        var get = property.PropertyInfo is { } info ? (Func<object, object?>)info.GetValue
            : throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} has no CLR property to read");
        var converter = property.GetTypeMapping().Converter;
        var stored = Nullable.GetUnderlyingType(converter?.ProviderClrType ?? property.ClrType) ?? converter?.ProviderClrType ?? property.ClrType;
        var type = TypeOf(stored, property);
        return new EntityColumn(property.GetColumnName(), type, row =>
        {
            var value = get(row);
            if (value is null) return null;
            if (converter is not null) value = converter.ConvertToProvider(value);
            // COPY writes integers at their column's width; enums convert to their underlying type.
            return type switch { BulkType.Int => Convert.ToInt32(value), BulkType.Long => Convert.ToInt64(value), _ => value };
        });
    }

    private static BulkType TypeOf(Type stored, IProperty property) =>
        stored == typeof(string) ? BulkType.Text
        : stored == typeof(int) || stored == typeof(short) || stored == typeof(byte) || stored.IsEnum ? BulkType.Int
        : stored == typeof(long) ? BulkType.Long
        : stored == typeof(bool) ? BulkType.Bool
        : stored == typeof(double) ? BulkType.Double
        : stored == typeof(decimal) ? BulkType.Decimal
        : stored == typeof(DateOnly) ? BulkType.Date
        : stored == typeof(DateTime) ? BulkType.Timestamp
        : throw new NotSupportedException($"{property.DeclaringType.DisplayName()}.{property.Name}: no bulk type for {stored.Name}");
}
