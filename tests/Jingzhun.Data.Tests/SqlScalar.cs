using System.Data.Common;
using System.Globalization;
using Jingzhun.Data.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jingzhun.Data.Tests;

/// <summary>One value read by a statement (a PRAGMA, a count, a setting), as a test checks a connection's settings.</summary>
internal static class SqlScalar
{
    /// <summary>On the context's connection, in its transaction if it has one.</summary>
    public static Task<long> ReadAsync(JingzhunDbContext db, string sql) =>
        ReadAsync(db.Database.GetDbConnection(), sql, db.Database.CurrentTransaction?.GetDbTransaction());

    /// <summary>A PostgreSQL setting as the context's session has it now.</summary>
    public static Task<string> SettingAsync(JingzhunDbContext db, string name) =>
        db.Database.SqlQuery<string>($"SELECT current_setting({name}) AS \"Value\"").SingleAsync(TestContext.Current.CancellationToken);

    public static async Task<long> ReadAsync(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), CultureInfo.InvariantCulture);
    }
}
