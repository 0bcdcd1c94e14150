using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Assistance;

/// <summary>Builds registers for the coverage tests straight on the context (system scope): households with a head, cadres, pairings, plans, teams.</summary>
internal static class CoverageRegister
{
    private static int _sequence;
    private static readonly DateTime At = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Makes exactly the given villages poor (and every other village of the county not poor).</summary>
    public static async Task SetPoorVillagesAsync(JingzhunDbContext db, string countyPrefix, IReadOnlyCollection<string> poor, CancellationToken ct)
    {
        foreach (var r in await db.Regions.Where(r => r.Code.StartsWith(countyPrefix) && r.Level == Domain.Regions.RegionLevel.Village).ToListAsync(ct))
            r.IsPoorVillage = poor.Contains(r.Code);
        await db.SaveChangesAsync(ct);
    }

    public static async Task<Household> HouseholdAsync(JingzhunDbContext db, string village, HouseholdStatus status, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _sequence);
        var number = $"{village}{(await db.Households.CountAsync(h => h.VillageCode == village, ct) + 1):0000}";
        var household = new Household
        {
            Number = number, VillageCode = village, CountyCode = Household.CountyOf(village), Status = HouseholdStatus.NotPoor, StatusYear = 2024,
            PrimaryCause = status == HouseholdStatus.NotPoor ? PovertyCause.None : PovertyCause.Illness,
        };
        if (status != HouseholdStatus.NotPoor)
        {
            household.ChangeStatus(status, 2024, "coverage fixture", "test", At).Source = StatusChangeSource.InitialLoad;
            household.IdentifiedYear = 2020;
        }
        var head = new Member { Name = "", ResidentId = "", CountyCode = household.CountyCode };
        new MemberForm
        {
            Name = $"户主{n}", Relation = Relation.Head,
            ResidentId = ResidentId.Create(village[..6], new DateOnly(1950 + n % 40, 1 + n % 12, 1 + n % 28), 100 + n % 800).Value,
        }.ApplyTo(head);
        household.Members.Add(head);
        db.Households.Add(household);
        await db.SaveChangesAsync(ct);
        return household;
    }

    public static async Task<Cadre> CadreAsync(JingzhunDbContext db, string county, string name, CadreState state = CadreState.Serving, CancellationToken ct = default)
    {
        var cadre = new Cadre { CountyCode = county, Name = name, Unit = "县农业农村局", State = state, LeftOn = state == CadreState.Left ? new DateOnly(2025, 1, 1) : null };
        db.Cadres.Add(cadre);
        await db.SaveChangesAsync(ct);
        return cadre;
    }

    public static void Pair(JingzhunDbContext db, Household h, Cadre c, bool ended = false) =>
        db.CadrePairings.Add(new CadrePairing
        {
            HouseholdId = h.Id, VillageCode = h.VillageCode, CadreId = c.Id, StartedOn = new DateOnly(2024, 3, 1), StartReason = "结对",
            EndedOn = ended ? new DateOnly(2025, 3, 1) : null, EndReason = ended ? "调整" : "",
        });

    public static void Plan(JingzhunDbContext db, Household h, PlanState state = PlanState.InForce) =>
        db.Plans.Add(new AssistancePlan { HouseholdId = h.Id, FromYear = 2025, ToYear = 2026, Goals = "增收", Deadline = new DateOnly(2026, 12, 31), State = state });

    public static void Monitor(JingzhunDbContext db, Household h, bool eliminated = false) =>
        db.MonitoredObjects.Add(new MonitoredObject
        {
            HouseholdId = h.Id, VillageCode = h.VillageCode, Type = MonitoringCategory.Marginal, RiskClass = RiskClass.EntryRisk, People = 3,
            FoundAt = At.AddDays(-30), Channel = DiscoveryChannel.Screening, RecognisedAt = At.AddDays(-10), RecognisedYear = 2026,
            State = eliminated ? RiskState.Eliminated : RiskState.Monitoring, EliminatedAt = eliminated ? At : null,
        });

    public static WorkTeam Team(JingzhunDbContext db, string village, bool stationed = true)
    {
        var team = new WorkTeam
        {
            VillageCode = village, SendingUnit = "市财政局", TermStart = new DateOnly(2024, 5, 1), TermEnd = new DateOnly(2026, 5, 1),
            State = stationed ? WorkTeamState.Stationed : WorkTeamState.Rotated, RotatedOn = stationed ? null : new DateOnly(2025, 5, 1),
        };
        db.WorkTeams.Add(team);
        return team;
    }

    public static void Member(JingzhunDbContext db, WorkTeam team, TeamRole role, bool left = false) =>
        db.WorkTeamMembers.Add(new WorkTeamMember
        {
            Team = team, VillageCode = team.VillageCode, Name = role == TeamRole.FirstSecretary ? "王书记" : "李队员", Role = role, JoinedOn = team.TermStart,
            LeftOn = left ? team.TermStart.AddMonths(6) : null, LeftReason = left ? "调回原单位" : "",
        });
}
