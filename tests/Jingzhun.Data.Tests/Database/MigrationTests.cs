using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Database;

/// <summary>
/// <see cref="JingzhunDb.MigrateAsync"/> applies what is missing and only reads a database that has every migration; the
/// model check that EF makes while migrating (no model change without its migration) is kept here for both engines.
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
}
