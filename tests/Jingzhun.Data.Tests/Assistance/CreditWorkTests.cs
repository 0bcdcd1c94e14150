using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.AssistanceCredit;

/// <summary>
/// Microcredit as governed steps on both engines: the rating's trace (rule set on the row, a decision stored), the previous
/// rating no longer current, the overdue list exact for crafted dates, and a wrong role refused before anything is written.
/// </summary>
public sealed class CreditWorkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 6, 30, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Ratings_keep_their_trace_and_the_overdue_list_is_exact(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "credit")).WithDemoAsync(60);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var households = await db.Households.AsNoTracking().OrderBy(h => h.Id).Take(4).Select(h => new { h.Id, h.VillageCode }).ToListAsync(Ct);
        var county = households[0].VillageCode[..6] + "000000";

        // The rating: 92 → Good, 5万, with the rule set's label and a stored decision; a second rating replaces it.
        var first = await MicrocreditWork.RateAsync(db, households[0].Id, new RatingInput(65, 18, 9, Today.AddDays(-400)), Now, Ct);
        Assert.Equal((CreditGrade.Good, new Money(50_000m)), (first.Value!.Grade, first.Value.CreditLine));
        Assert.Contains(Today.AddDays(-400).Year.ToString(), first.Value.RuleSet, StringComparison.Ordinal);
        var second = await MicrocreditWork.RateAsync(db, households[0].Id, new RatingInput(60, 10, 5, Today.AddDays(-390)), Now, Ct);
        Assert.Equal((CreditGrade.Average, new Money(10_000m)), (second.Value!.Grade, second.Value.CreditLine));
        db.ChangeTracker.Clear();
        Assert.Equal([false, true], await db.CreditRatings.Where(r => r.HouseholdId == households[0].Id).OrderBy(r => r.Id).Select(r => r.IsCurrent).ToListAsync(Ct));
        Assert.Equal(2, await db.Decisions.CountAsync(d => d.HouseholdId == households[0].Id && d.Rule == "microcredit.rating", Ct));

        // The demo county has loans of its own: the crafted ones are measured against the county as it was before them.
        var before = (await MicrocreditWork.ForAreaAsync(db, county, Today, Ct))!;
        var beforeTomorrow = (await MicrocreditWork.ForAreaAsync(db, county, Today.AddDays(1), Ct))!;
        // Crafted loans: due 2025-12-31 (overdue 181 days), due 2026-06-30 (today: not yet), due 2026-03-31 repaid in full.
        for (var i = 1; i < 4; i++) await MicrocreditWork.RateAsync(db, households[i].Id, new RatingInput(70, 20, 10, new DateOnly(2024, 1, 1)), Now, Ct);
        var a = (await MicrocreditWork.LendAsync(db, households[1].Id, new LoanInput("农商银行", new Money(30_000m), new DateOnly(2024, 12, 31), 12, 4.35m, 1, "养殖"), Now, Ct)).Value!;
        var b = (await MicrocreditWork.LendAsync(db, households[2].Id, new LoanInput("农商银行", new Money(20_000m), new DateOnly(2024, 6, 30), 24, 4.35m, 2, "种植"), Now, Ct)).Value!;
        var c = (await MicrocreditWork.LendAsync(db, households[3].Id, new LoanInput("农商银行", new Money(10_000m), new DateOnly(2025, 3, 31), 12, 4.35m, 1, "加工"), Now, Ct)).Value!;
        await MicrocreditWork.RepayAsync(db, households[1].Id, a.Id, new RepaymentInput(new DateOnly(2025, 6, 1), new Money(5_000m), new Money(600m), new Money(600m)), Now, Ct);
        await MicrocreditWork.RepayAsync(db, households[3].Id, c.Id, new RepaymentInput(new DateOnly(2026, 3, 30), new Money(10_000m), new Money(435m), new Money(435m)), Now, Ct);

        var area = (await MicrocreditWork.ForAreaAsync(db, county, Today, Ct))!;
        var crafted = new HashSet<long> { a.Id, b.Id, c.Id };
        var overdue = Assert.Single(area.Overdue, r => crafted.Contains(r.LoanId));
        Assert.Equal((a.Id, new DateOnly(2025, 12, 31), 181, new Money(25_000m)), (overdue.LoanId, overdue.DueOn, overdue.DaysOverdue, overdue.Outstanding));
        Assert.Equal(before.Overdue.Select(r => r.LoanId), area.Overdue.Where(r => !crafted.Contains(r.LoanId)).Select(r => r.LoanId));
        Assert.Equal([a.Id, b.Id], area.Outstanding.Where(r => crafted.Contains(r.LoanId)).OrderBy(r => r.LoanId).Select(r => r.LoanId));
        Assert.Equal(before.Totals.Outstanding + new Money(45_000m), area.Totals.Outstanding);
        Assert.Equal(MicrocreditWork.Rate((before.Totals.OverdueOutstanding + new Money(25_000m)).Yuan, (before.Totals.Outstanding + new Money(45_000m)).Yuan),
            area.Totals.OverdueRate);
        // A day later the second loan is overdue by one day.
        var tomorrow = (await MicrocreditWork.ForAreaAsync(db, county, Today.AddDays(1), Ct))!;
        Assert.Equal([(a.Id, 182), (b.Id, 1)], tomorrow.Overdue.Where(r => crafted.Contains(r.LoanId)).Select(r => (r.LoanId, r.DaysOverdue)));
        Assert.Equal(beforeTomorrow.Overdue.Count + 2, tomorrow.Overdue.Count);

        // A village clerk may rate but not lend: refused before anything is written.
        var clerk = new Account { UserName = "clerk", DisplayName = "村信息员", Role = Role.VillageClerk, RegionCode = households[2].VillageCode };
        await using var asClerk = JingzhunDb.Create(database.Target, AccessScope.For(clerk));
        var own = households[2].Id;
        var loans = await db.Loans.CountAsync(Ct);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() =>
            MicrocreditWork.LendAsync(asClerk, own, new LoanInput("农商银行", new Money(1_000m), Today, 12, 4.35m, 1, "养殖"), Now, Ct));
        Assert.Equal(loans, await db.Loans.CountAsync(Ct));
    }
}
