using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Database;

/// <summary>
/// Readers of an assigned sample (assessors) and every other reader each query through a model of their own, in which the
/// query filters hold the reader's kind as a constant: an officer's household read carries no assessor clause, and an
/// assessor's still reads its sample only, whichever kind of reader came first in the process.
/// </summary>
public abstract class ReaderKindTests(DatabaseProvider provider) : IDisposable
{
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_officers_household_read_has_no_assessor_clause_and_an_assessors_has_it()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "kind-sql")).WithDemoAsync(20, 9);
        var (county, assessor) = await ReadersAsync(database);

        await using var officer = JingzhunDb.Create(database.Target, AccessScope.For(county));
        await using var sampler = JingzhunDb.Create(database.Target, AccessScope.For(assessor));
        var officerSql = officer.Households.Where(h => h.Id == 1).ToQueryString();
        var samplerSql = sampler.Households.Where(h => h.Id == 1).ToQueryString();

        Assert.DoesNotContain("Assignments", officerSql);
        Assert.Contains("Assignments", samplerSql);
        Assert.NotSame(officer.Model, sampler.Model);
        // Rows of an area are closed to an assessor by the model itself, not by a parameter.
        Assert.Empty(await sampler.AuditEntries.Take(5).ToListAsync(Ct));
        Assert.NotEmpty(await officer.AuditEntries.Take(5).ToListAsync(Ct));
    }

    [Fact]
    public async Task Each_kind_of_reader_reads_its_own_households_in_whatever_order_they_come()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "kind-read")).WithDemoAsync(200, 9);
        var (county, assessor) = await ReadersAsync(database);
        var countyPrefix = AccessScope.For(county).RegionPrefix;
        List<long> all, sample;
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            all = await system.Households.Where(h => h.VillageCode.StartsWith(countyPrefix)).OrderBy(h => h.Id).Select(h => h.Id).ToListAsync(Ct);
            sample = await system.Assignments.Where(a => a.AccountId == assessor.Id && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null)
                .Select(a => a.HouseholdId).Distinct().OrderBy(id => id).ToListAsync(Ct);
        }
        Assert.NotEmpty(sample);
        Assert.True(sample.Count < all.Count, $"sample {sample.Count}, county {all.Count}, {county.RegionCode}");

        // An assessor's scope made by hand without the read log still reads through the model of sample readers.
        var readers = new[]
        {
            (Scope: AccessScope.For(county), Expected: all),
            (Scope: AccessScope.For(assessor), Expected: sample),
            (Scope: AccessScope.For(county), Expected: all),
            (Scope: AccessScope.For(assessor) with { AuditsReads = false }, Expected: sample),
            (Scope: AccessScope.For(county) with { AuditsReads = true }, Expected: all),
        };
        foreach (var (scope, expected) in readers)
        {
            await using var db = JingzhunDb.Create(database.Target, scope);
            Assert.Equal(expected, await db.Households.OrderBy(h => h.Id).Select(h => h.Id).ToListAsync(Ct));
            var looked = new List<long>();
            foreach (var id in all)
                if (await RegistrySearch.LoadAsync(db, id, Ct) is { } household) looked.Add(household.Id);
            Assert.Equal(expected, looked);
        }
    }

    /// <summary>The demo's county officer and assessor: a reader of every household of a county and a reader of a sample.</summary>
    internal static async Task<(Account County, Account Assessor)> ReadersAsync(TestDatabase database)
    {
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var county = await system.Accounts.AsNoTracking().SingleAsync(a => a.UserName == "county", Ct);
        var assessor = await system.Accounts.AsNoTracking().SingleAsync(a => a.UserName == "assessor", Ct);
        return (county, assessor);
    }
}

public sealed class ReaderKindOnSqlite() : ReaderKindTests(DatabaseProvider.Sqlite);

public sealed class ReaderKindOnPostgres() : ReaderKindTests(DatabaseProvider.Postgres);
