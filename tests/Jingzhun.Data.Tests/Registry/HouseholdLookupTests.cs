using System.Text.Json;
using System.Text.Json.Serialization;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Registry;

/// <summary>
/// A household lookup (RegistrySearch.LoadAsync) reads the household through the scope filter and its members, incomes and
/// status history by its id alone. For every household of the demo and every kind of reader (the system, a county officer,
/// a village clerk, the demo's assessor, who reads only its assigned sample), it answers exactly what one query through the
/// scope filter with the three collections included answers: the same household or none, the same rows in the same order.
/// </summary>
public abstract class HouseholdLookupTests(DatabaseProvider provider) : IDisposable
{
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly JsonSerializerOptions Flat = new() { ReferenceHandler = ReferenceHandler.IgnoreCycles };

    public void Dispose() => _folder.Dispose();

    /// <summary>What the lookup read before: one query, the collections included, every table behind the scope filter.</summary>
    private static Task<Household?> ThroughTheFilterAsync(JingzhunDbContext db, long id) =>
        db.Households.AsNoTracking()
            .Include(h => h.Members.OrderBy(m => m.Relation).ThenBy(m => m.BirthDate))
            .Include(h => h.Incomes.OrderByDescending(i => i.Year))
            .Include(h => h.StatusHistory.OrderBy(s => s.Year).ThenBy(s => s.Id))
            .FirstOrDefaultAsync(h => h.Id == id, Ct);

    [Fact]
    public async Task A_lookup_reads_what_the_scope_filter_admits_for_every_reader()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "lookup")).WithDemoAsync(200, 9);
        List<long> ids;
        List<Account> readers;
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            ids = [.. await system.Households.AsNoTracking().OrderBy(h => h.Id).Select(h => h.Id).ToListAsync(Ct)];
            readers = await system.Accounts.AsNoTracking().Where(a => a.UserName == "county" || a.UserName == "village" || a.UserName == "assessor")
                .ToListAsync(Ct);
        }
        Assert.Equal(3, readers.Count);
        ids.AddRange([0, ids[^1] + 1, -5]);
        var scopes = readers.Select(AccessScope.For).Prepend(AccessScope.System("test"));
        foreach (var scope in scopes)
        {
            await using var db = JingzhunDb.Create(database.Target, scope);
            int found = 0, withAll = 0;
            foreach (var id in ids)
            {
                var expected = await ThroughTheFilterAsync(db, id);
                var looked = await RegistrySearch.LoadAsync(db, id, Ct);
                Assert.Equal(JsonSerializer.Serialize(expected, Flat), JsonSerializer.Serialize(looked, Flat));
                if (looked is null) continue;
                found++;
                if (looked.Members.Count > 1 && looked.Incomes.Count > 1 && looked.StatusHistory.Count > 0) withAll++;
                Assert.All(looked.Members, m => Assert.Same(looked, m.Household));
            }
            // Each reader reads some households, the clerk and the assessor not all of them; the comparison covered whole files.
            Assert.True(found > 0, $"{scope.Actor} read no household");
            Assert.True(scope.Role is not (Role.VillageClerk or Role.Assessor) || found < ids.Count - 3, $"{scope.Actor} read every household");
            Assert.True(withAll > 0 || scope.ReadsAssignedOnly, $"{scope.Actor} read no household with members, incomes and a status change");
        }
    }

    /// <summary>
    /// The region path a lookup shows is remembered (every lookup shows one); a region saved in this process is read again at
    /// the next lookup, whichever context saved it.
    /// </summary>
    [Fact]
    public async Task A_renamed_region_shows_in_the_next_region_path()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "path")).WithDemoAsync(20, 9);
        const string village = "990121001001";
        await using var reader = JingzhunDb.Create(database.Target, AccessScope.System("reader"));
        var before = await RegistrySearch.RegionPathAsync(reader, village, Ct);
        Assert.Equal(5, before.Split(' ').Length);
        Assert.Equal(before, await RegistrySearch.RegionPathAsync(reader, village, Ct));
        foreach (var (code, name) in new[] { (village, "改名村"), ("990121001000", "改名镇") })
        {
            await using var writer = JingzhunDb.Create(database.Target, AccessScope.System("writer"));
            var region = await writer.Regions.FirstAsync(r => r.Code == code && r.ValidTo == null, Ct);
            region.Name = name;
            await writer.SaveChangesAsync(Ct);
            Assert.Contains(name, await RegistrySearch.RegionPathAsync(reader, village, Ct));
        }
        Assert.EndsWith("改名镇 改名村", await RegistrySearch.RegionPathAsync(reader, village, Ct));
    }
}

public sealed class HouseholdLookupOnSqlite() : HouseholdLookupTests(DatabaseProvider.Sqlite);

public sealed class HouseholdLookupOnPostgres() : HouseholdLookupTests(DatabaseProvider.Postgres);
