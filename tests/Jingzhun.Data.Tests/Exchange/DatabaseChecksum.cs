using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Exchange;

/// <summary>
/// One hash over every row and every column of every table of the EF model (households, members, incomes, status changes,
/// audit entries, regions, accounts, …), each table ordered by its key, read with plain SQL so that nothing is left out by
/// a mapping: two equal hashes mean the database is unchanged, byte for byte as far as its values go.
/// </summary>
public static class DatabaseChecksum
{
    public static async Task<string> OfAsync(DatabaseTarget target, CancellationToken ct = default)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var text = new StringBuilder();
        var tables = db.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null && e.FindPrimaryKey() is not null)
            .GroupBy(e => e.GetTableName()!)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var key = table.First().FindPrimaryKey()!.Properties.Select(p => $"\"{p.GetColumnName()}\"");
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table.Key}\" ORDER BY {string.Join(", ", key)}";
            await using var reader = await command.ExecuteReaderAsync(ct);
            text.Append('#').AppendLine(table.Key);
            while (await reader.ReadAsync(ct)) AppendRow(text, reader);
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void AppendRow(StringBuilder text, DbDataReader reader)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var value = reader.GetValue(i);
            text.Append(value switch
            {
                DBNull => "∅",
                byte[] bytes => Convert.ToHexString(bytes),
                DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            }).Append('\u001f');
        }
        text.AppendLine();
    }
}
