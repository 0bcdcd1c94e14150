using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Jingzhun.Data.Tests.Assistance;

/// <summary>
/// The migration that brought the roster moves pairings made with sign-in accounts onto it: a database as it stood
/// before (an assistance-cadre account with an active and an ended assignment) comes out with the account's roster entry
/// and one pairing per assignment, dates and actors kept.
/// </summary>
public sealed class RosterMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_roster_migration_moves_an_accounts_assignments_onto_the_roster_as_pairings(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "rostermigration")).WithDemoAsync(60);
        int accountId;
        List<long> households;
        List<string> villages;
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var account = new Account { UserName = "old-cadre", DisplayName = "老帮扶人", Role = Role.AssistanceCadre, RegionCode = "990121001001", CreatedAt = new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc) };
            Passwords.Set(account, "demo2025-old");
            db.Accounts.Add(account);
            await db.SaveChangesAsync(Ct);
            accountId = account.Id;
            var two = await db.Households.Where(h => h.CountyCode == "990121").OrderBy(h => h.Id).Select(h => new { h.Id, h.VillageCode }).Take(2).ToListAsync(Ct);
            Assert.Equal(2, two.Count);
            (households, villages) = (two.Select(h => h.Id).ToList(), two.Select(h => h.VillageCode).ToList());

            // Back to the schema before the roster, where a cadre's pairings were assignments (kind 1) of its account. The demo's
            // assistance rows go first (test set-up, below the save rules): a database of that time had none.
            await db.Database.ExecuteSqlRawAsync("""UPDATE "Measures" SET "PlanId" = NULL, "CadreId" = NULL""", Ct);
            foreach (var delete in new[]
            {
                // The funds came later still (their tables go with their own migration on the way down).
                // (rows that point at rows of their own table let go first: a restricted key is checked row by row).
                "DELETE FROM \"DisclosureObjections\"", "DELETE FROM \"Disclosures\"",
                "UPDATE \"Payments\" SET \"ReversesId\" = NULL", "DELETE FROM \"Payments\"",
                "UPDATE \"Allocations\" SET \"ParentId\" = NULL, \"ReversesId\" = NULL", "DELETE FROM \"AssetIncomes\"",
                "DELETE FROM \"AssetShares\"", "DELETE FROM \"Assets\"", "DELETE FROM \"ProjectDocuments\"", "DELETE FROM \"ProjectSteps\"",
                "DELETE FROM \"ProjectBeneficiaries\"", "DELETE FROM \"ProjectFunding\"", "DELETE FROM \"Projects\"", "DELETE FROM \"Allocations\"",
                "DELETE FROM \"FundAccounts\"",
                "DELETE FROM \"VisitPhotos\"",
                "DELETE FROM \"Visits\"",
                "DELETE FROM \"RelocationFollowUps\"",
                "DELETE FROM \"Relocations\"",
                "DELETE FROM \"Repayments\"",
                "DELETE FROM \"Loans\"",
                "DELETE FROM \"CreditRatings\"",
                "DELETE FROM \"MeasureFunding\"",
                "DELETE FROM \"Needs\"",
                "DELETE FROM \"Plans\"",
                "DELETE FROM \"WorkTeamAssessments\"",
                "DELETE FROM \"WorkTeamMembers\"",
                "DELETE FROM \"WorkTeams\"",
                "DELETE FROM \"CadrePairings\"",
                "DELETE FROM \"Cadres\"",
            })
                await db.Database.ExecuteSqlRawAsync(delete, Ct);
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("MemberCountyCodes", Ct);
            var assigned = new DateTime(2025, 3, 4, 8, 0, 0, DateTimeKind.Utc);
            var ended = new DateTime(2025, 9, 30, 8, 0, 0, DateTimeKind.Utc);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "Assignments" ("HouseholdId", "CountyCode", "VillageCode", "AccountId", "Kind", "AssignedAt", "AssignedBy", "EndedAt", "EndedBy")
                VALUES ({0}, '990121', {3}, {1}, 1, {2}, 'village', NULL, NULL)
                """, [households[0], accountId, assigned, villages[0]], Ct);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "Assignments" ("HouseholdId", "CountyCode", "VillageCode", "AccountId", "Kind", "AssignedAt", "AssignedBy", "EndedAt", "EndedBy")
                VALUES ({0}, '990121', {4}, {1}, 1, {2}, 'village', {3}, 'township')
                """, [households[1], accountId, assigned, ended, villages[1]], Ct);
        }

        await JingzhunDb.MigrateAsync(database.Target, Ct);

        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var cadre = await db.Cadres.SingleAsync(c => c.AccountId == accountId, Ct);
            Assert.Equal(("990121", "老帮扶人", CadreState.Serving), (cadre.CountyCode, cadre.Name, cadre.State));
            var pairings = await db.CadrePairings.Where(p => p.CadreId == cadre.Id).OrderBy(p => p.HouseholdId).ToListAsync(Ct);
            Assert.Equal(households, pairings.Select(p => p.HouseholdId));
            Assert.Equal((new DateOnly(2025, 3, 4), "village", (DateOnly?)null, villages[0]), (pairings[0].StartedOn, pairings[0].StartedBy, pairings[0].EndedOn, villages[0]));
            Assert.Equal(villages[0], pairings[0].VillageCode);
            Assert.Equal((new DateOnly(2025, 9, 30), "township"), (pairings[1].EndedOn!.Value, pairings[1].EndedBy));
            // The account now changes the household paired with it through the roster, and sees the other masked.
            var scope = AccessScope.For(await db.Accounts.SingleAsync(a => a.Id == accountId, Ct));
            await using var asCadre = JingzhunDb.Create(database.Target, scope);
            Assert.True(await Jingzhun.Data.Registry.PersonalDataView.IsPairedAsync(asCadre, households[0], Ct));
            Assert.False(await Jingzhun.Data.Registry.PersonalDataView.IsPairedAsync(asCadre, households[1], Ct));
        }
    }
}
