using Jingzhun.Data.Audit;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Jingzhun.Data.Tests.Audit;

/// <summary>
/// The read log of auditors and assessors is kept by a materialisation interceptor, and with any such interceptor EF Core
/// compiles a delegate for every entity it reads: two thirds of a county export's CPU. So only contexts of actors whose
/// reads are audited carry it, and those contexts still note every household they read, on both engines.
/// </summary>
public sealed class ReadInterceptorTests : IDisposable
{
    private const string County = "990121000000";
    private readonly TestFolder _folder = new();
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Only_contexts_of_actors_whose_reads_are_audited_carry_the_read_interceptor()
    {
        var target = DatabaseTarget.Parse(_folder.File("shape.db"));
        var scopes = Enum.GetValues<Role>().Select(role => AccessScope.For(Account(role)))
            .Append(AccessScope.System()).Append(AccessScope.None).ToList();
        Assert.Contains(scopes, s => s.AuditsReads);
        Assert.Contains(scopes, s => !s.AuditsReads);
        foreach (var scope in scopes)
        {
            using var db = JingzhunDb.Create(target, scope);
            var interceptors = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
            Assert.True(scope.AuditsReads == interceptors.OfType<IMaterializationInterceptor>().Any(),
                $"{scope.Role}: reads audited {scope.AuditsReads}, interceptors [{string.Join(", ", interceptors.Select(i => i.GetType().Name))}]");
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_auditors_context_notes_every_household_and_member_read_and_an_officers_notes_none(DatabaseProvider provider)
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "reads")).WithDemoAsync(60);

        await using (var auditor = JingzhunDb.Create(database.Target, AccessScope.For(Account(Role.Auditor))))
        {
            var households = await auditor.Households.AsNoTracking().OrderBy(h => h.Id).Take(5).ToListAsync(Ct);
            var last = households[^1].Id;
            var member = await auditor.Members.AsNoTracking().Where(m => m.HouseholdId > last).OrderBy(m => m.Id).FirstAsync(Ct);
            Assert.Equal(households.Select(h => h.Id).Append(member.HouseholdId).Order(), auditor.HouseholdsRead.Keys.Order());
            Assert.All(households, h => Assert.Equal(h.VillageCode, auditor.HouseholdsRead[h.Id]));
        }
        await using var officer = JingzhunDb.Create(database.Target, AccessScope.For(Account(Role.CountyOfficer)));
        Assert.NotEmpty(await officer.Households.AsNoTracking().Include(h => h.Members).Take(5).ToListAsync(Ct));
        Assert.Empty(officer.HouseholdsRead);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_household_lookup_is_in_an_auditors_read_log_whoever_looked_one_up_before(DatabaseProvider provider)
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "lookups")).WithDemoAsync(30);
        long id;
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            id = await system.Households.Where(h => h.Members.Any()).Select(h => h.Id).FirstAsync(Ct);

        // The lookup's statements are compiled once per model: an officer's lookup, then an auditor's, then an officer's
        // again, each must read with its own context's interceptors (or none).
        foreach (var role in new[] { Role.CountyOfficer, Role.Auditor, Role.CountyOfficer })
        {
            await using var db = JingzhunDb.Create(database.Target, AccessScope.For(Account(role)));
            var household = await Jingzhun.Data.Registry.RegistrySearch.LoadAsync(db, id, Ct);
            Assert.NotNull(household);
            Assert.NotEmpty(household.Members);
            if (role == Role.Auditor) Assert.Equal([id], db.HouseholdsRead.Keys);
            else Assert.Empty(db.HouseholdsRead);
        }
    }

    private static Account Account(Role role) => new()
    {
        UserName = role.ToString(), DisplayName = role.ToString(), Role = role, RegionCode = County,
    };

    public void Dispose() => _folder.Dispose();
}
