using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Exchange;

/// <summary>
/// Rows written straight into their table (<see cref="EntityRows"/>) are the rows a save writes: every column of credit
/// ratings and microloans (money in fen, a decimal rate, dates, an optional date, enums, times) reads back equal to the
/// same rows saved through the context, on both engines; the ids handed back are the rows' ids, and later rows that name
/// them (loans naming their ratings) point at the right ones.
/// </summary>
public abstract class EntityRowsTests(DatabaseProvider provider) : IDisposable
{
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    public void Dispose() => _folder.Dispose();

    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(Now);
    }

    private static List<(CreditRating Rating, MicroLoan? Loan)> Made(IReadOnlyList<long> households)
    {
        var rows = new List<(CreditRating, MicroLoan?)>();
        for (var i = 0; i < households.Count; i++)
        {
            var rating = new CreditRating
            {
                HouseholdId = households[i], CountyCode = "990121", RatedOn = new DateOnly(2019 + i % 4, 4, 1 + i), Integrity = 45 + i,
                Income = 6 + i % 9, Labour = i % 10, Score = 60 + i, Grade = (CreditGrade)(1 + i % 4), CreditLine = Money.FromFen(5_000_000 + 1_234 * i),
                RuleSet = $"规则{i}", RatedBy = "村评级小组", IsCurrent = i % 3 != 0, CreatedAt = Now.AddDays(-i).AddTicks(10 * i),
            };
            var loan = i % 2 == 1 ? null : new MicroLoan
            {
                HouseholdId = households[i], CountyCode = "990121", Bank = "农村信用社", Amount = new Money(30_000.07m + i), IssuedOn = new DateOnly(2020, 5, 1 + i),
                TermMonths = 36, DueOn = new DateOnly(2023, 5, 1 + i), RatePercent = 4.35m + i / 100m, SubsidyYears = 3, Purpose = "发展种养殖业",
                State = (LoanState)(1 + i % 3), Repaid = Money.FromFen(101 * i), SettledOn = i % 4 == 0 ? new DateOnly(2023, 6, 1) : null,
                RecordedBy = "demo", CreatedAt = Now.AddDays(-2 * i), UpdatedAt = Now,
            };
            rows.Add((rating, loan));
        }
        return rows;
    }

    [Fact]
    public async Task Rows_written_straight_read_back_as_the_rows_a_save_writes_with_their_ids()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "entity-rows")).WithRegionsAsync();
        await using (var seed = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await DemoSeeder.AddHouseholdsAsync(seed, new DemoGenerator(new DemoOptions(24, 3, Townships: 1, VillagesPerTownship: 2)).Households(), "test", cancellationToken: Ct);
        List<long> households;
        await using (var read = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            households = await read.Households.OrderBy(h => h.Id).Select(h => h.Id).Take(10).ToListAsync(Ct);

        // The same rows twice: through the context's save, and straight into the tables.
        var saved = Made(households);
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test"), new Clock()))
        {
            db.CreditRatings.AddRange(saved.Select(r => r.Rating));
            await db.SaveChangesAsync(Ct);
            foreach (var (rating, loan) in saved) if (loan is not null) loan.RatingId = rating.Id;
            db.Loans.AddRange(saved.Select(r => r.Loan).OfType<MicroLoan>());
            await db.SaveChangesAsync(Ct);
        }
        var straight = Made(households);
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test"), new Clock()))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await using (var session = await BulkSession.OverAsync(db, Ct))
            {
                await session.InsertWithIdsAsync(straight.Select(r => r.Rating).ToList(), Ct);
                foreach (var (rating, loan) in straight) if (loan is not null) loan.RatingId = rating.Id;
                await session.InsertWithIdsAsync(straight.Select(r => r.Loan).OfType<MicroLoan>().ToList(), Ct);
            }
            await transaction.CommitAsync(Ct);
        }

        await using var check = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var ratings = await check.CreditRatings.AsNoTracking().OrderBy(r => r.Id).ToListAsync(Ct);
        var loans = await check.Loans.AsNoTracking().OrderBy(l => l.Id).ToListAsync(Ct);
        Assert.Equal(2 * saved.Count, ratings.Count);
        Assert.Equal(straight.Select(r => r.Rating.Id), ratings.Skip(saved.Count).Select(r => r.Id));
        Assert.Equal(straight.Select(r => r.Loan?.Id).OfType<long>(), loans.Skip(loans.Count / 2).Select(l => l.Id));
        AssertSameColumns(check, ratings.Take(saved.Count).ToList(), ratings.Skip(saved.Count).ToList(), "Id");
        AssertSameColumns(check, loans.Take(loans.Count / 2).ToList(), loans.Skip(loans.Count / 2).ToList(), "Id", "RatingId");
        // Each loan written straight names the rating written straight for its household.
        var ratingOf = ratings.ToDictionary(r => r.Id);
        Assert.All(loans.Skip(loans.Count / 2), l => Assert.True(ratingOf[l.RatingId!.Value].HouseholdId == l.HouseholdId && ratingOf[l.RatingId.Value].Id > ratings[saved.Count - 1].Id));
    }

    [Fact]
    public async Task Ids_are_read_back_only_inside_a_transaction()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "entity-rows-tx")).WithRegionsAsync();
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await using var session = await BulkSession.OverAsync(db, Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.InsertWithIdsAsync(Made([1]).Select(r => r.Rating).ToList(), Ct));
    }

    /// <summary>Every mapped column but the named ones, row by row, as the context reads it back.</summary>
    private static void AssertSameColumns<T>(JingzhunDbContext db, List<T> expected, List<T> actual, params string[] except) where T : class
    {
        Assert.Equal(expected.Count, actual.Count);
        var properties = db.Model.FindEntityType(typeof(T))!.GetProperties().Where(p => !except.Contains(p.Name)).ToList();
        Assert.True(properties.Count > 10);
        for (var i = 0; i < expected.Count; i++)
            foreach (var p in properties)
                Assert.True(Equals(p.PropertyInfo!.GetValue(expected[i]), p.PropertyInfo.GetValue(actual[i])),
                    $"{typeof(T).Name} row {i}, {p.Name}: {p.PropertyInfo.GetValue(expected[i])} saved, {p.PropertyInfo.GetValue(actual[i])} written straight");
    }
}

public sealed class EntityRowsOnSqlite() : EntityRowsTests(DatabaseProvider.Sqlite);

public sealed class EntityRowsOnPostgres() : EntityRowsTests(DatabaseProvider.Postgres);
