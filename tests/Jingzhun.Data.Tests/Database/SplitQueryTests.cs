using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Database;

/// <summary>
/// A record loaded with its collections (a case step, a member or income edit) reads each collection in a statement of
/// its own. Joined into one statement, a collection sits behind a scope-filtered subquery that SQLite builds whole for every
/// load: at 20,000 households a case step read the county's status changes (40 ms) and an income edit its members and
/// incomes (250 ms), against 1–2 ms split. The first statement must therefore name no collection's table, on either engine.
/// </summary>
public sealed class SplitQueryTests
{
    public static TheoryData<DatabaseProvider> Engines => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Engines))]
    public void Loads_with_collections_read_each_collection_in_a_statement_of_its_own(DatabaseProvider provider)
    {
        var target = provider == DatabaseProvider.Sqlite
            ? DatabaseTarget.Parse("split-query-shape.db")
            : DatabaseTarget.Parse("Host=127.0.0.1;Database=split_query_shape");
        // Only the SQL is generated: no connection is opened. A village clerk's scope, so the filter is the real one.
        using var db = JingzhunDb.Create(target, AccessScope.For(new Account { UserName = "clerk", DisplayName = "clerk", Role = Role.VillageClerk, RegionCode = "990121001001" }));

        AssertFirstStatementReadsOnly(db.Cases.Include(c => c.Notices).Include(c => c.Household!).ThenInclude(h => h.StatusHistory)
            .Where(c => c.Id == 1), "Cases", "Notices", "StatusChanges");
        AssertFirstStatementReadsOnly(db.Households.Include(h => h.Members).Where(h => h.Id == 1), "Households", "Members");
        AssertFirstStatementReadsOnly(db.Households.Include(h => h.Incomes).Include(h => h.Members).Where(h => h.Id == 1),
            "Households", "Members", "Incomes");
    }

    private static void AssertFirstStatementReadsOnly<T>(IQueryable<T> query, string table, params string[] collections)
    {
        var sql = query.ToQueryString();
        Assert.Contains($"FROM \"{table}\"", sql);
        foreach (var collection in collections.Where(c => c != table))
            Assert.DoesNotContain($"\"{collection}\"", sql);
    }
}
