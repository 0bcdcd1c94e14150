using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Jingzhun.Bench.Scenarios;

/// <summary>
/// The limit of the import figure: the provider's raw bulk load of the same rows, without checks,
/// change rules or audit. The three CSV files are read with the same cell codecs as the importer
/// and written straight into the registry tables (columns from the EF model): one prepared INSERT
/// per row in one transaction on SQLite, binary COPY on PostgreSQL.
/// TODO(bulk): when RawBulkLoad from the bulk-import work (/work/wt-bulk) is merged, call it here instead
/// (<see cref="ImportScenario.RawBaselineAsync"/> is the one place that calls this class).
/// </summary>
public static class BaselineBulkLoad
{
    public static async Task<long> LoadAsync(DatabaseTarget target, string householdsCsv, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("bench"));
        var ids = new Dictionary<string, (long Id, string County)>(StringComparer.Ordinal);
        long rows = 0;
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        var households = Read(householdsCsv, RegistryTables.HouseholdColumns, () => new Household { Number = "", VillageCode = "" })
            .Select(h =>
            {
                h.Id = ids.Count + 1;
                h.CountyCode = Household.CountyOf(h.VillageCode);
                ids[h.Number] = (h.Id, h.CountyCode);
                return (object)h;
            });
        var memberId = 0L;
        var members = Read(ExchangeFiles.CsvPath(householdsCsv, RegistryTables.MembersSheet), RegistryTables.MemberColumns, () => new MemberRow())
            .Select(r =>
            {
                r.Member.Id = ++memberId;
                (r.Member.HouseholdId, r.Member.CountyCode) = ids[r.HouseholdNumber];
                return (object)r.Member;
            });
        var incomeId = 0L;
        var incomes = Read(ExchangeFiles.CsvPath(householdsCsv, RegistryTables.IncomesSheet), RegistryTables.IncomeColumns, () => new IncomeRow())
            .Select(r =>
            {
                r.Income.Id = ++incomeId;
                (r.Income.HouseholdId, r.Income.CountyCode) = ids[r.HouseholdNumber];
                return (object)r.Income;
            });
        if (target.Provider == DatabaseProvider.Postgres)
        {
            var pg = (NpgsqlConnection)connection;
            rows += await CopyAsync(pg, db.Model.FindEntityType(typeof(Household))!, households, ct);
            rows += await CopyAsync(pg, db.Model.FindEntityType(typeof(Member))!, members, ct);
            rows += await CopyAsync(pg, db.Model.FindEntityType(typeof(HouseholdIncome))!, incomes, ct);
        }
        else
        {
            var sqlite = (SqliteConnection)connection;
            await using var transaction = (SqliteTransaction)await sqlite.BeginTransactionAsync(ct);
            rows += Insert(sqlite, transaction, db.Model.FindEntityType(typeof(Household))!, households);
            rows += Insert(sqlite, transaction, db.Model.FindEntityType(typeof(Member))!, members);
            rows += Insert(sqlite, transaction, db.Model.FindEntityType(typeof(HouseholdIncome))!, incomes);
            await transaction.CommitAsync(ct);
        }
        return rows;
    }

    /// <summary>Rows of one CSV table, each cell read by its column's codec (no checks beyond that).</summary>
    private static IEnumerable<TRow> Read<TRow>(string path, IReadOnlyList<ExchangeColumn<TRow>> columns, Func<TRow> create)
    {
        using var reader = Sylvan.Data.Csv.CsvDataReader.Create(path);
        var map = Enumerable.Range(0, reader.FieldCount)
            .Select(i => columns.FirstOrDefault(c => c.Matches(reader.GetName(i))))
            .ToArray();
        while (reader.Read())
        {
            var row = create();
            for (var i = 0; i < map.Length; i++) map[i]?.Read(row, reader.GetString(i));
            yield return row;
        }
    }

    private sealed record Column(string Name, Func<object, object?> Value, NpgsqlDbType Type);

    private static List<Column> Columns(IEntityType entity) =>
    [
        .. entity.GetProperties().Where(p => !p.IsShadowProperty() && p.PropertyInfo is not null).Select(p =>
        {
            var getter = p.GetGetter();
            var converter = p.GetTypeMapping().Converter;
            var providerType = Nullable.GetUnderlyingType(converter?.ProviderClrType ?? p.ClrType) ?? converter?.ProviderClrType ?? p.ClrType;
            Func<object, object?> value = converter is null
                ? e => getter.GetClrValueUsingContainingEntity(e)
                : e => getter.GetClrValueUsingContainingEntity(e) is { } v ? converter.ConvertToProvider(v) : null;
            return new Column(p.GetColumnName(), value, TypeOf(providerType.IsEnum ? Enum.GetUnderlyingType(providerType) : providerType));
        }),
    ];

    private static NpgsqlDbType TypeOf(Type t) =>
        t == typeof(string) ? NpgsqlDbType.Text
        : t == typeof(int) ? NpgsqlDbType.Integer
        : t == typeof(long) ? NpgsqlDbType.Bigint
        : t == typeof(short) ? NpgsqlDbType.Smallint
        : t == typeof(bool) ? NpgsqlDbType.Boolean
        : t == typeof(double) ? NpgsqlDbType.Double
        : t == typeof(decimal) ? NpgsqlDbType.Numeric
        : t == typeof(DateTime) ? NpgsqlDbType.TimestampTz
        : t == typeof(DateOnly) ? NpgsqlDbType.Date
        : throw new NotSupportedException($"column type {t}");

    private static async Task<long> CopyAsync(NpgsqlConnection connection, IEntityType entity, IEnumerable<object> rows, CancellationToken ct)
    {
        var columns = Columns(entity);
        var sql = $"COPY \"{entity.GetTableName()}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
        long n = 0;
        await using (var writer = await connection.BeginBinaryImportAsync(sql, ct))
        {
            foreach (var row in rows)
            {
                await writer.StartRowAsync(ct);
                foreach (var c in columns)
                {
                    var v = c.Value(row);
                    if (v is null) await writer.WriteNullAsync(ct);
                    else if (v is DateTime d) await writer.WriteAsync(DateTime.SpecifyKind(d, DateTimeKind.Utc), c.Type, ct);
                    else if (v is Enum e) await writer.WriteAsync(Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture), c.Type, ct);
                    else await writer.WriteAsync(v, c.Type, ct);
                }
                n++;
            }
            await writer.CompleteAsync(ct);
        }
        return n;
    }

    private static long Insert(SqliteConnection connection, SqliteTransaction transaction, IEntityType entity, IEnumerable<object> rows)
    {
        var columns = Columns(entity);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{entity.GetTableName()}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) " +
                              $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        command.Prepare();
        long n = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var v = columns[i].Value(row);
                parameters[i].Value = v switch
                {
                    null => DBNull.Value,
                    Enum e => Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture),
                    DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture),
                    _ => v,
                };
            }
            command.ExecuteNonQuery();
            n++;
        }
        return n;
    }

    /// <summary>Rows in the registry tables, to check that the import and the baseline wrote the same.</summary>
    public static async Task<long> CountAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("bench"));
        return await db.Households.LongCountAsync(ct) + await db.Members.LongCountAsync(ct) + await db.Incomes.LongCountAsync(ct);
    }
}
