using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Jingzhun.Data.Exchange.Bulk;

/// <summary>
/// Rows of one mapped entity straight into its table, every column as the context maps it (names, value converters),
/// through the session's sink: binary COPY on PostgreSQL, one prepared INSERT on SQLite. No save rule runs and nothing
/// is tracked, so the caller stamps, marks and audits the rows as their save would: this is for rows the system made
/// whole itself, such as the demo's generated assistance, where a tracked save cost about 70 µs a row.
/// </summary>
internal static class EntityRows
{
    /// <summary>Writes the rows in order and gives each the id the database assigned it.</summary>
    public static async Task InsertAsync<T>(this BulkSession session, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var entity = session.Db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
        var table = $"\"{entity.GetTableName()}\"";
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var columns = entity.GetProperties().Where(p => p != key).Select(Column).ToList();
        var before = await session.CountAsync($"SELECT COALESCE(MAX(\"{key.GetColumnName()}\"), 0) FROM {table}", ct);
        using (var sink = session.Sink(table, [.. columns.Select(c => (c.Name, c.Type))]))
        {
            var values = new object?[columns.Count];
            foreach (var row in rows)
            {
                for (var i = 0; i < columns.Count; i++) values[i] = columns[i].Value(row);
                sink.Add(values);
            }
            sink.Complete();
        }
        // Identity columns number rows in the order written; the seeding's transaction holds the table's write lock.
        await using var read = session.Command($"SELECT \"{key.GetColumnName()}\" FROM {table} WHERE \"{key.GetColumnName()}\" > @before ORDER BY 1", ("before", before));
        await using var reader = await read.ExecuteReaderAsync(ct);
        var setter = key.PropertyInfo!;
        foreach (var row in rows)
        {
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException($"{table}: fewer ids than rows written");
            setter.SetValue(row, Convert.ChangeType(reader.GetValue(0), key.ClrType, System.Globalization.CultureInfo.InvariantCulture));
        }
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
