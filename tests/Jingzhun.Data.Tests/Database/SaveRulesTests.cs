using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Database;

/// <summary>
/// The save rules find a changed row's household even when the row names it only by id (loaded before the save, through
/// the scope filter), and the scope filter table leaves exactly the public tables unfiltered.
/// </summary>
public sealed class SaveRulesTests : IDisposable
{
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AccessScope Clerk(string village) =>
        new(village, true, true, "clerk") { Role = Role.VillageClerk, Level = RegionLevel.Village };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_member_saved_without_its_household_is_scoped_audited_and_marks_its_county_by_the_household_loaded_for_it(DatabaseProvider provider)
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "owner")).WithDemoAsync(20);
        var (householdId, village) = await AnyHouseholdAsync(database);

        IReadOnlyCollection<string> saved = [];
        await using (var clerk = JingzhunDb.Create(database.Target, Clerk(village)))
        {
            clerk.RegistrySaved = counties => saved = counties;
            var member = await clerk.Members.FirstAsync(m => m.HouseholdId == householdId, Ct);
            Assert.Null(member.Household);
            member.MigrantWorkPlace = "浙江省宁波市北仑区";
            await clerk.SaveChangesAsync(Ct);
        }

        Assert.Equal([Household.CountyOf(village)], saved);
        await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var line = await check.AuditEntries.SingleAsync(a => a.Actor == "clerk" && a.Field == nameof(Member.MigrantWorkPlace), Ct);
        Assert.Equal((village, householdId, AuditAction.Update, "浙江省宁波市北仑区"), (line.RegionCode, line.HouseholdId, line.Action, line.NewValue));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_member_of_a_household_outside_the_scope_is_refused_though_the_save_names_the_household_by_id_only(DatabaseProvider provider)
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "outside")).WithDemoAsync(20);
        var (householdId, _) = await AnyHouseholdAsync(database);
        Member member;
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            member = await system.Members.AsNoTracking().FirstAsync(m => m.HouseholdId == householdId, Ct);

        await using var clerk = JingzhunDb.Create(database.Target, Clerk("990000000000"));
        clerk.Members.Attach(member);
        member.MigrantWorkPlace = "浙江省宁波市北仑区";
        await Assert.ThrowsAsync<ScopeViolationException>(() => clerk.SaveChangesAsync(Ct));
    }

    [Fact]
    public async Task Only_the_region_tree_accounts_rule_sets_and_stale_marks_are_read_without_a_scope_filter()
    {
        await using var db = JingzhunDb.Create(TestDatabase.Sqlite(_folder, "model").Target, AccessScope.System("test"));
        var unfiltered = db.Model.GetEntityTypes().Where(e => e.GetDeclaredQueryFilters().Count == 0).Select(e => e.ClrType.Name).Order();
        Assert.Equal(["Account", "Region", "RegionChange", "RegionPopulation", "RuleSetVersion", "StaleCounty", "StaleKeptCounty"], unfiltered);
    }

    private static async Task<(long Id, string Village)> AnyHouseholdAsync(TestDatabase database)
    {
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var household = await system.Households.Where(h => h.Members.Any()).OrderBy(h => h.Id)
            .Select(h => new { h.Id, h.VillageCode }).FirstAsync(Ct);
        return (household.Id, household.VillageCode);
    }

    public void Dispose() => _folder.Dispose();
}
