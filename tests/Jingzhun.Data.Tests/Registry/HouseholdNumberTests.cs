using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Registry;

namespace Jingzhun.Data.Tests.Registry;

/// <summary>户编号 is the system's: village code and the next free 4-digit sequence, unique even when clerks register at once.</summary>
public sealed class HouseholdNumberTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Village = "990121001001";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Households_registered_at_once_in_one_village_get_distinct_numbers_in_sequence_as_not_poor(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "numbers")).WithRegionsAsync();

        async Task<EditResult<Household>> RegisterAsync(int n)
        {
            await using var db = JingzhunDb.Create(database.Target, AccessScope.System($"clerk{n}"));
            var head = new MemberForm { Name = $"同时登记{n}", ResidentId = ResidentId.Create("990121", new DateOnly(1980, 1, 1 + n), 100 + 2 * n).Value, Relation = Relation.Head };
            return await RegistryEditing.CreateAsync(db, new HouseholdForm { VillageCode = Village }, [head], "test", DateTime.UtcNow, Ct);
        }
        var results = await Task.WhenAll(Enumerable.Range(1, 6).Select(RegisterAsync));

        Assert.All(results, r => Assert.Equal(EditOutcome.Saved, r.Outcome));
        await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var numbers = await check.Households.Where(h => h.VillageCode == Village).OrderBy(h => h.Number).Select(h => h.Number).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => RegistryStatusRules.NumberFor(Village, i)), numbers);
        Assert.True(await check.Households.AllAsync(h => h.Status == HouseholdStatus.NotPoor && h.IdentifiedYear == 0, Ct));
        Assert.Equal(0, await check.StatusChanges.CountAsync(Ct));
    }

    [Fact]
    public async Task A_request_that_names_a_number_status_or_year_is_refused_field_by_field()
    {
        using var folder = new TestFolder();
        await using var database = await TestDatabase.Sqlite(folder, "refused").WithRegionsAsync();
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("clerk"));
        var head = new MemberForm { Name = "户主", ResidentId = ResidentId.Create("990121", new DateOnly(1980, 1, 1), 101).Value, Relation = Relation.Head };
        var form = new HouseholdForm
        {
            VillageCode = Village, Number = Village + "0042", Status = HouseholdStatus.Poor, StatusYear = 2016, IdentifiedYear = 2016, PrimaryCause = PovertyCause.Illness,
        };

        var result = await RegistryEditing.CreateAsync(db, form, [head], "test", DateTime.UtcNow, Ct);

        Assert.Equal(EditOutcome.Invalid, result.Outcome);
        Assert.Equal(["IdentifiedYear", "Number", "Status", "StatusYear"], result.Errors.Select(e => e.Field).Order());
        Assert.Contains(result.Errors, e => e.English == "a household's status changes only through identification, exit or look-back");
        Assert.Equal(0, await db.Households.CountAsync(Ct));
    }
}
