using System.Diagnostics;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Assistance;

/// <summary>
/// The demo county's assistance: a cadre for every poor household but a handful, nobody over the caseload limit but one
/// cadre, a team with a first secretary in every poor village but one, plans, measures with plans, programmes, states and
/// funding, microcredit with repayments and a few overdue, relocations within the area line; the same for the same seed.
/// </summary>
public abstract class DemoAssistanceTests(DatabaseProvider provider) : IDisposable
{
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_demo_county_has_cadres_teams_plans_and_microcredit_with_a_few_gaps()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "demo-assistance")).WithDemoAsync(1_000, 7);
        await using (var accounts = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await DemoAccounts.EnsureAsync(accounts, Now, Ct);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var limit = new Domain.Rules.RuleSet().CadreCaseloadLimit;

        // Every poor or returned household has an active pairing, but a handful left on purpose (none in the demo village).
        var poor = await db.Households.Where(h => h.Status == HouseholdStatus.Poor || h.Status == HouseholdStatus.Returned)
            .Select(h => new { h.Id, h.VillageCode, Paired = db.CadrePairings.Any(p => p.HouseholdId == h.Id && p.EndedOn == null) }).ToListAsync(Ct);
        var unpaired = poor.Where(p => !p.Paired).ToList();
        Assert.InRange(unpaired.Count, 1, 5);
        Assert.DoesNotContain(unpaired, u => u.VillageCode == DemoHistory.Village);

        // Caseloads: one cadre over the limit, every other at or under it.
        var caseloads = await db.CadrePairings.Where(p => p.EndedOn == null).GroupBy(p => p.CadreId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(Ct);
        Assert.Single(caseloads, c => c.Count > limit);
        // The demo account's cadre keeps its households.
        var cadreAccount = await db.Accounts.Where(a => a.UserName == "cadre").Select(a => a.Id).SingleAsync(Ct);
        var demoCadre = await db.Cadres.SingleAsync(c => c.AccountId == cadreAccount, Ct);
        Assert.InRange(caseloads.Single(c => c.Key == demoCadre.Id).Count, 1, limit);
        // The roster has realistic people: names, units, phones and levels; two handovers kept as history.
        var cadres = await db.Cadres.ToListAsync(Ct);
        Assert.All(cadres.Where(c => c.AccountId is null), c => Assert.InRange(c.Name.Length, 2, 4));
        Assert.Contains(cadres, c => c.Level == CadreLevel.Township && c.Unit.EndsWith("人民政府", StringComparison.Ordinal));
        Assert.Contains(cadres, c => c.Level == CadreLevel.County && c.Unit.StartsWith('县'));
        Assert.Contains(cadres, c => c.State == CadreState.Left);
        var handedOver = await db.CadrePairings.Where(p => p.HandedOverToId != null).ToListAsync(Ct);
        Assert.NotEmpty(handedOver);
        Assert.All(handedOver, p => Assert.NotNull(p.EndedOn));

        // A stationed team with a first secretary in every poor village but one; one team rotated; assessments by year.
        var poorVillages = await db.Regions.Where(r => r.Level == RegionLevel.Village && r.IsPoorVillage && r.ValidTo == null && r.Code.StartsWith(DemoGenerator.CountyPrefix))
            .Select(r => new
            {
                r.Code,
                Secretary = db.WorkTeamMembers.Any(m => m.VillageCode == r.Code && m.Role == TeamRole.FirstSecretary && m.LeftOn == null && m.Team!.RotatedOn == null),
            }).ToListAsync(Ct);
        Assert.Single(poorVillages, v => !v.Secretary);
        Assert.Equal(1, await db.WorkTeams.CountAsync(t => t.State == WorkTeamState.Rotated, Ct));
        Assert.True(await db.WorkTeamAssessments.Select(a => a.Year).Distinct().CountAsync(Ct) >= 3);

        // Plans in force for most households that need one, a few without; measures linked, with programmes and states.
        var needing = await db.Households.CountAsync(h => h.Status == HouseholdStatus.Poor || h.Status == HouseholdStatus.Returned || h.Status == HouseholdStatus.Monitored, Ct);
        var planned = await db.Plans.CountAsync(p => p.State == PlanState.InForce, Ct);
        Assert.InRange(planned, needing * 9 / 10, needing - 1);
        var measures = await db.Measures.ToListAsync(Ct);
        Assert.True(measures.Count(m => m.PlanId != null) > measures.Count * 9 / 10);
        Assert.All(measures, m => Assert.NotEqual("", m.Programme));
        Assert.Single(measures, m => m.State == MeasureState.Stopped);
        Assert.Contains(measures, m => m.State == MeasureState.Planned);
        Assert.True(measures.Count(m => m.State is MeasureState.Completed or MeasureState.Active) > measures.Count * 3 / 4);
        Assert.Contains(measures, m => m.IncomeEffect is not null && m.State == MeasureState.Completed);
        Assert.Contains(measures, m => m.GuaranteesFixed != Guarantee.None);
        Assert.All(measures.Where(m => m.State != MeasureState.Planned), m => Assert.True(m.PeopleReached > 0));
        // Funding rows add up to their measure's funds; some measures keep their total only.
        var funding = (await db.MeasureFunding.ToListAsync(Ct)).GroupBy(f => f.MeasureId).ToDictionary(g => g.Key, g => g.Sum(f => f.Amount.Fen));
        Assert.NotEmpty(funding);
        Assert.All(funding, f => Assert.Equal(measures.Single(m => m.Id == f.Key).Funds!.Value.Fen, f.Value));
        Assert.Contains(measures, m => m.Funds is not null && !funding.ContainsKey(m.Id));
        Assert.NotEmpty(await db.Needs.ToListAsync(Ct));

        // Microcredit: grades spread, loans within their line, each with repayments, some overdue now.
        var ratings = await db.CreditRatings.ToListAsync(Ct);
        Assert.True(ratings.Select(r => r.Grade).Distinct().Count() >= 3);
        var loans = await db.Loans.ToListAsync(Ct);
        var repayments = await db.Repayments.ToListAsync(Ct);
        Assert.NotEmpty(loans);
        Assert.All(loans, l =>
        {
            Assert.Contains(repayments, r => r.LoanId == l.Id);
            Assert.True(l.Amount <= ratings.Single(r => r.Id == l.RatingId).CreditLine);
            Assert.Equal(l.Repaid, repayments.Where(r => r.LoanId == l.Id).Aggregate(Domain.Common.Money.Zero, (a, r) => a + r.Principal));
        });
        Assert.Contains(loans, l => MicrocreditRules.IsOverdue(l, DateOnly.FromDateTime(Now)));
        Assert.Contains(loans, l => l.State == LoanState.Repaid);

        // Relocations within 25 m² a head, moved in, followed up; visits without photos.
        var relocations = await db.Relocations.ToListAsync(Ct);
        Assert.NotEmpty(relocations);
        Assert.All(relocations, r => Assert.True(r.AreaPerPerson <= 25m && r.MovedOn is not null));
        Assert.True(await db.RelocationFollowUps.CountAsync(Ct) >= relocations.Count);
        Assert.NotEmpty(await db.Visits.ToListAsync(Ct));
        Assert.Equal(0, await db.VisitPhotos.CountAsync(Ct));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_assistance()
    {
        async Task<string> SnapshotAsync(string name, int seed)
        {
            await using var database = await (await TestDatabase.CreateAsync(provider, _folder, name)).WithDemoAsync(300, seed);
            await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            var cadres = await db.Cadres.OrderBy(c => c.Id).Select(c => c.Name + c.Unit + c.Phone + c.Level).ToListAsync(Ct);
            var pairings = await db.CadrePairings.OrderBy(p => p.Id).Select(p => p.Household!.Number + ":" + p.CadreId + ":" + p.StartedOn + ":" + p.EndedOn).ToListAsync(Ct);
            var loans = (await db.Loans.OrderBy(l => l.Id).Select(l => new { l.Household!.Number, l.Amount, l.IssuedOn, l.State }).ToListAsync(Ct)).Select(l => $"{l.Number}:{l.Amount}:{l.IssuedOn}:{l.State}");
            var states = await db.Measures.OrderBy(m => m.Id).Select(m => m.State + m.Programme).ToListAsync(Ct);
            return string.Join("|", cadres.Concat(pairings).Concat(loans).Concat(states));
        }
        var first = await SnapshotAsync("seed-a", 5);
        Assert.Equal(first, await SnapshotAsync("seed-b", 5));
        Assert.NotEqual(first, await SnapshotAsync("seed-c", 6));
    }

    [Fact]
    public async Task Seeding_the_demo_with_its_assistance_stays_quick()
    {
        // The 300-household test demo seeds whole (households, measures and assistance) in a few seconds.
        await using var database = await TestDatabase.CreateAsync(provider, _folder, "demo-timing");
        await JingzhunDb.MigrateAsync(database.Target, Ct);
        var clock = Stopwatch.StartNew();
        await DemoSeeder.SeedAsync(database.Target, new DemoOptions(300, 2014), cancellationToken: Ct);
        TestContext.Current.SendDiagnosticMessage($"300-household demo seeded in {clock.Elapsed.TotalSeconds:0.00} s on {provider}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }
}

public sealed class DemoAssistanceOnSqlite() : DemoAssistanceTests(DatabaseProvider.Sqlite);

public sealed class DemoAssistanceOnPostgres() : DemoAssistanceTests(DatabaseProvider.Postgres);
