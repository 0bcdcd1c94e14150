using System.Data.Common;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Database;

/// <summary>
/// <see cref="JingzhunDb.MigrateAsync"/> applies what is missing and only reads a database that has every migration; the
/// model check that EF makes while migrating (no model change without its migration) is kept here for both engines; a
/// database made from nothing, whose tables come from the model at once, has the schema the migrations build one by one.
/// </summary>
public sealed class MigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public void Every_model_change_has_its_migration(DatabaseProvider provider)
    {
        // The comparison needs the model and the migrations' snapshot, not a database: the design-time contexts serve.
        using JingzhunDbContext db = provider == DatabaseProvider.Sqlite
            ? new SqliteDesignTimeFactory().CreateDbContext([])
            : new PostgresDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), $"the {provider} model has changes without a migration: add one (dotnet ef migrations add)");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_new_database_gets_every_migration_and_a_second_run_changes_nothing(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await TestDatabase.CreateAsync(provider, folder, "migrate");

        await JingzhunDb.MigrateAsync(database.Target, Ct);
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
            db.Regions.Add(new Region { Code = "990000000000", Name = "示例省", Level = RegionLevel.Province });
            await db.SaveChangesAsync(Ct);
        }

        await JingzhunDb.MigrateAsync(database.Target, Ct);

        await using var again = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        Assert.Equal(again.Database.GetMigrations(), await again.Database.GetAppliedMigrationsAsync(Ct));
        Assert.Equal("示例省", (await again.Regions.SingleAsync(Ct)).Name);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_empty_database_gets_the_schema_the_migrations_build_one_by_one(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var stepwise = await TestDatabase.CreateAsync(provider, folder, "stepwise");
        await using var atOnce = await TestDatabase.CreateAsync(provider, folder, "at-once");
        await using (var db = JingzhunDb.Create(stepwise.Target, AccessScope.System("test")))
            await db.Database.MigrateAsync(Ct); // EF's own path: every migration in turn

        await JingzhunDb.MigrateAsync(atOnce.Target, Ct);

        var expected = await SchemaAsync(stepwise.Target);
        var actual = await SchemaAsync(atOnce.Target);
        Assert.True(expected.Count > 500, $"only {expected.Count} schema lines were read: the catalogue query is wrong");
        // Equal, but for one thing: a column a later migration added to a table that could hold rows carries the default
        // that filled those rows (AddColumn's defaultValue); the model has no default, EF writes every column of every row,
        // and so the tables made at once have none. Every other line is the same: columns, types, nullability, collations,
        // identities, indexes (partial and unique ones included), keys and foreign keys.
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(expected.Select(WithoutDefault).ToHashSet().SetEquals(actual.Select(WithoutDefault)),
            $"schema differs from the migrations'. Missing: {string.Join("; ", missing)}. Extra: {string.Join("; ", extra)}");
        Assert.All(missing, line => Assert.DoesNotContain(" default= ", line)); // only the stepwise side has a default…
        Assert.All(extra, line => Assert.Contains(" default= ", line)); // …and the other side has none there
        Assert.Equal(missing.Select(WithoutDefault).Order(), extra.Select(WithoutDefault).Order());
        await using var created = JingzhunDb.Create(atOnce.Target, AccessScope.System("test"));
        Assert.Equal(created.Database.GetMigrations(), await created.Database.GetAppliedMigrationsAsync(Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Two_hosts_starting_at_once_on_an_empty_database_both_start_and_build_it_once(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await TestDatabase.CreateAsync(provider, folder, "race");
        await using var reference = await TestDatabase.CreateAsync(provider, folder, "reference");
        await JingzhunDb.MigrateAsync(reference.Target, Ct);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => JingzhunDb.MigrateAsync(database.Target, Ct), Ct)));

        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
        Assert.Equal((await SchemaAsync(reference.Target)).Select(WithoutDefault).Order(), (await SchemaAsync(database.Target)).Select(WithoutDefault).Order());
    }

    private static string WithoutDefault(string line) =>
        System.Text.RegularExpressions.Regex.Replace(line, " default=.*?(?= (pk|collation)=)", "");

    /// <summary>
    /// The schema as the engine's catalogue describes it, one line per column, index and constraint, whatever the order the
    /// tables were created in. EF's migration lock table is left out: EF makes it when it first migrates.
    /// </summary>
    internal static async Task<HashSet<string>> SchemaAsync(DatabaseTarget target)
    {
        var sql = target.Provider == DatabaseProvider.Sqlite
            ? """
              SELECT 'column ' || m.name || '.' || c.name || ' ' || c.type || ' notnull=' || c."notnull" || ' default=' || coalesce(c.dflt_value, '') || ' pk=' || c.pk
              FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND m.name <> '__EFMigrationsLock'
              UNION ALL
              SELECT 'index ' || m.name || ' ' || coalesce(m.sql, 'auto ' || m.tbl_name) FROM sqlite_master m WHERE m.type = 'index' AND m.tbl_name <> '__EFMigrationsLock'
              UNION ALL
              SELECT 'fk ' || m.name || '.' || f."from" || ' -> ' || f."table" || '.' || f."to" || ' ' || f.on_delete
              FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'
              """
            : """
              SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '')
                     || ' null=' || is_nullable || ' default=' || coalesce(column_default, '') || ' collation=' || coalesce(collation_name, '')
                     || ' identity=' || coalesce(identity_generation, '')
              FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__EFMigrationsLock'
              UNION ALL
              SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
              UNION ALL
              SELECT 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
              FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
              """;
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var lines = new HashSet<string>(StringComparer.Ordinal);
        await using DbDataReader reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) lines.Add(reader.GetString(0));
        return lines;
    }
}
