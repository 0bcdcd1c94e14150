using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Database;

/// <summary>
/// On SQLite a search by the beginning of a code (every query scoped to an area: <c>"VillageCode" LIKE '990121%'</c>) reads a
/// range of the code's index, not the whole table, and LIKE tells case apart as PostgreSQL's does. With SQLite's own LIKE
/// (ASCII case folded) no index on a code column can serve the prefix: a county's households in a registry of 10 M took
/// 1.7 s to find, against 35 ms as a range.
/// </summary>
public sealed class SqlitePrefixSearchTests : IDisposable
{
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_county_officers_households_and_incomes_are_found_through_the_village_code_index()
    {
        await using var database = TestDatabase.Sqlite(_folder, "prefix-search");
        await JingzhunDb.MigrateAsync(database.Target, Ct);
        var officer = new Account { UserName = "county", DisplayName = "county", Role = Role.CountyOfficer, RegionCode = "990121000000" };
        await using var db = JingzhunDb.Create(database.Target, AccessScope.For(officer));

        // The scope filter alone (the officer's county), and the trend's own raw statement for a county.
        var households = await PlanAsync(db, db.Households.Select(h => h.Id).CreateDbCommand());
        Assert.Contains("USING COVERING INDEX IX_Households_VillageCode_Status (VillageCode>? AND VillageCode<?)", households);
        Assert.DoesNotContain("SCAN h", households);
        var trend = await PlanAsync(db, db.Database.SqlQueryRaw<int>(
            """SELECT DISTINCT i."Year" AS "Value" FROM "Incomes" i JOIN "Households" h ON h."Id" = i."HouseholdId" WHERE h."VillageCode" LIKE {0}""",
            "990121%").CreateDbCommand());
        Assert.Contains("(VillageCode>? AND VillageCode<?)", trend);
        Assert.DoesNotContain("SCAN i", trend);
    }

    [Fact]
    public async Task Like_tells_case_apart_on_every_connection_as_on_PostgreSQL()
    {
        await using var database = TestDatabase.Sqlite(_folder, "like-case");
        await JingzhunDb.MigrateAsync(database.Target, Ct);
        // Several contexts in turn, so pooled connections (handles set before) are reused as well as new ones opened.
        for (var i = 0; i < 3; i++)
        {
            await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            Assert.Equal([0, 1], await db.Database.SqlQueryRaw<int>("""SELECT 'X' LIKE 'x' AS "Value" UNION ALL SELECT 'X' LIKE 'X'""").ToListAsync(Ct));
        }
    }

    /// <summary>The query plan of a statement EF Core made, run on the context's own (opened) connection with its parameters.</summary>
    private static async Task<string> PlanAsync(JingzhunDbContext db, System.Data.Common.DbCommand command)
    {
        await db.Database.OpenConnectionAsync(Ct);
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var details = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) details.Add(reader.GetString(3));
        return string.Join("\n", details);
    }
}
