using Jingzhun.Data.Audit;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Demo;

/// <summary>
/// Writes the demo county's assistance (<see cref="DemoAssistanceGenerator"/>) after its households: the roster, pairings,
/// work teams, plans, needs, microcredit, relocations and visits as bulk inserts (one audit line each), then the seeded
/// measures linked to their plans and given programmes, states, results and funding by source with a few set-based updates,
/// never one statement per household. Runs inside the seeding's transaction (a system context).
/// </summary>
public static class DemoAssistance
{
    /// <summary>The households the demo cadre account is paired with when the accounts are made (<c>DemoAccounts</c>): left to it.</summary>
    public const int DemoCadreHouseholds = 5;

    /// <summary>
    /// The assistance of one county: the demo county unless <paramref name="county"/> names another by its six digits;
    /// <paramref name="inTransition"/> for a county whose exited households keep their cadres (<see cref="DemoExitedCounty"/>).
    /// </summary>
    public static async Task AddAsync(JingzhunDbContext db, DemoOptions options, CancellationToken ct = default, string county = DemoGenerator.CountyPrefix,
        bool inTransition = false)
    {
        var households = await db.Households.AsNoTracking().Where(h => h.CountyCode == county)
            .OrderBy(h => h.VillageCode).ThenBy(h => h.Number)
            .Select(h => new AssistanceCandidate(h.Id, h.Number, h.VillageCode, h.CountyCode, h.Status, h.Monitoring,
                h.Members.Count(m => m.State == MemberState.Present),
                h.Members.Count(m => m.State == MemberState.Present && (m.Labour == LabourCapacity.Ordinary || m.Labour == LabourCapacity.Skilled)),
                h.IdentifiedYear, h.StatusYear, h.PrimaryCause | h.OtherCauses))
            .ToListAsync(ct);
        if (households.Count == 0) return;
        var regions = await db.Regions.AsNoTracking().Where(r => r.Code.StartsWith(county) && r.ValidTo == null
                && (r.Level == RegionLevel.Village || r.Level == RegionLevel.Township))
            .Select(r => new { r.Code, r.Name, r.Level, r.IsPoorVillage }).ToListAsync(ct);
        var townships = regions.Where(r => r.Level == RegionLevel.Township).ToDictionary(r => r.Code[..9], r => r.Name);
        var villages = regions.Where(r => r.Level == RegionLevel.Village).OrderBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => new AssistanceVillage(r.Code, r.Name, townships.GetValueOrDefault(r.Code[..9]) ?? "", r.IsPoorVillage)).ToList();
        // The demo cadre account's households (the first of the demo village, as DemoAccounts pairs them).
        var reserved = households.Where(h => h.VillageCode == DemoHistory.Village && h.Status != HouseholdStatus.Removed)
            .Take(DemoCadreHouseholds).Select(h => h.Id).ToHashSet();
        var rules = await RuleBook.ForAsync(db, county.PadRight(12, '0'), options.CurrentYear, ct);
        var data = DemoAssistanceGenerator.Generate(households, villages, reserved, rules, options.Seed, options.CurrentYear, inTransition);

        // The roster and its pairings, the teams with members and assessments.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Cadres.AddRange(data.Cadres);
        db.CadrePairings.AddRange(data.Pairings);
        db.WorkTeams.AddRange(data.Teams);
        db.WorkTeamMembers.AddRange(data.Members);
        await SaveAsync(db, $"帮扶责任人{data.Cadres.Count}名、结对{data.Pairings.Count}户次、驻村工作队{data.Teams.Count}支",
            $"{data.Cadres.Count} cadres, {data.Pairings.Count} pairings, {data.Teams.Count} work teams", options, ct);
        foreach (var (from, to) in data.Handovers)
        {
            db.CadrePairings.Attach(from);
            from.HandedOverToId = to.Id;
            db.Entry(from).Property(p => p.HandedOverToId).IsModified = true;
        }
        foreach (var a in data.Assessments)
        {
            (a.MemberId, a.TeamId, a.Member) = (a.Member!.Id, a.Member.TeamId, null);
        }
        db.WorkTeamAssessments.AddRange(data.Assessments);
        await SaveAsync(db, $"结对移交、驻村工作队员年度考核{data.Assessments.Count}条", $"pairing handovers, {data.Assessments.Count} team assessments", options, ct);

        // Plans with their cadres, needs, ratings; then loans with their ratings and repayments; relocations; visits. Straight
        // into their tables (EntityRows), stamped and marked as their save would, one audit line for each group as before:
        // 50,000 rows through tracked saves were a fifth of the first start.
        var now = db.Clock.GetUtcNow().UtcDateTime;
        foreach (var plan in data.Plans)
        {
            plan.CadreId = data.CadreOf.TryGetValue(plan, out var c) ? c.Id : null;
            plan.UpdatedAt = now;
        }
        foreach (var visit in data.Visits)
        {
            visit.CadreId = data.CadreOf.TryGetValue(visit, out var c) ? c.Id : null;
            if (visit.RecordedAt == default) visit.RecordedAt = now;
        }
        foreach (var need in data.Needs) need.UpdatedAt = now;
        foreach (var relocation in data.Relocations) (relocation.CreatedAt, relocation.UpdatedAt) = (relocation.CreatedAt == default ? now : relocation.CreatedAt, now);
        await using (var session = await BulkSession.OverAsync(db, ct))
        {
            session.Insert(data.Plans);
            session.Insert(data.Needs);
            await session.InsertWithIdsAsync(data.Ratings, ct);
            await session.InsertWithIdsAsync(data.Relocations, ct);
            foreach (var f in data.FollowUps) (f.RelocationId, f.CreatedAt) = (f.Relocation!.Id, f.CreatedAt == default ? now : f.CreatedAt);
            session.Insert(data.FollowUps);
            session.Insert(data.Visits);
        }
        await AuditedAsync(db, county, $"帮扶计划{data.Plans.Count}份、评级授信{data.Ratings.Count}户、搬迁{data.Relocations.Count}户",
            $"{data.Plans.Count} plans, {data.Ratings.Count} credit ratings, {data.Relocations.Count} relocations", options, ct);
        foreach (var loan in data.Loans) (loan.RatingId, loan.UpdatedAt) = (data.RatingOf[loan].Id, now);
        await using (var session = await BulkSession.OverAsync(db, ct))
        {
            await session.InsertWithIdsAsync(data.Loans, ct);
            foreach (var r in data.Repayments) (r.LoanId, r.CreatedAt) = (r.Loan!.Id, r.CreatedAt == default ? now : r.CreatedAt);
            session.Insert(data.Repayments);
        }
        await AuditedAsync(db, county, $"扶贫小额贷款{data.Loans.Count}笔", $"{data.Loans.Count} microloans", options, ct);

        // The seeded measures: their plan and its cadre, the people of the household, the programme of their type.
        var measures = db.Measures.Where(m => m.CountyCode == county);
        await measures.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.PlanId, m => db.Plans.Where(p => p.HouseholdId == m.HouseholdId).OrderBy(p => p.Id).Select(p => (long?)p.Id).FirstOrDefault())
            .SetProperty(m => m.CadreId, m => db.Plans.Where(p => p.HouseholdId == m.HouseholdId).OrderBy(p => p.Id).Select(p => p.CadreId).FirstOrDefault())
            .SetProperty(m => m.PeopleReached, m => db.Members.Count(x => x.HouseholdId == m.HouseholdId && x.State == MemberState.Present)), ct);
        // Programmes, and the results of those done, in one statement each (a CASE over the type, never one per type).
        await measures.ExecuteUpdateAsync(s => s.SetProperty(m => m.Programme, ByType(t => DemoAssistanceGenerator.ProgrammeOf(t), (AssistanceMeasure m) => m.Programme)), ct);
        await measures.Where(m => m.State == MeasureState.Completed).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.IncomeEffect, ByType(t => ResultOf(t).Income, (AssistanceMeasure m) => m.IncomeEffect))
            .SetProperty(m => m.GuaranteesFixed, ByType(t => ResultOf(t).Guarantees, (AssistanceMeasure m) => m.GuaranteesFixed)), ct);
        // States: some under way are only planned for now, and one was stopped.
        var seed = options.Seed;
        await measures.Where(m => m.State == MeasureState.Active && (m.Id + seed) % 9 == 0)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, MeasureState.Planned), ct);
        var stopped = await measures.Where(m => m.State == MeasureState.Active).OrderBy(m => m.Id).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
        if (stopped is { } id)
            await measures.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, MeasureState.Stopped)
                .SetProperty(m => m.StateReason, "农户外出务工，主动放弃该产业项目"), ct);

        // Funding by source for seven measures in ten that have funds (the rest keep their total only).
        var funded = await measures.Where(m => m.Funds != null && (m.Id + seed) % 10 < 7)
            .Select(m => new { m.Id, m.HouseholdId, m.CountyCode, m.Type, m.Funds }).ToListAsync(ct);
        var rows = new List<MeasureFunding>();
        foreach (var m in funded)
        {
            var total = m.Funds!.Value.Fen;
            var (first, second) = SourcesOf(m.Type, m.Id);
            var share = m.Id % 3 == 0 ? total : total * 7 / 10;
            rows.Add(new MeasureFunding { MeasureId = m.Id, HouseholdId = m.HouseholdId, CountyCode = m.CountyCode, Source = first, Amount = Money.FromFen(share) });
            if (total - share > 0)
                rows.Add(new MeasureFunding { MeasureId = m.Id, HouseholdId = m.HouseholdId, CountyCode = m.CountyCode, Source = second, Amount = Money.FromFen(total - share) });
        }
        await using (var session = await BulkSession.OverAsync(db, ct)) session.Insert(rows);
        await AuditedAsync(db, county, $"措施资金来源{rows.Count}条", $"{rows.Count} funding rows", options, ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    private static async Task SaveAsync(JingzhunDbContext db, string zh, string en, DemoOptions options, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        db.BulkAuditSummary = $"演示数据：{zh} / demo data: {en} (seed {options.Seed})";
        await db.SaveChangesAsync(ct);
        db.BulkAuditSummary = null;
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// The audit line and stale mark of rows written straight into their tables: what a save of them under
    /// <see cref="JingzhunDbContext.BulkAuditSummary"/> writes.
    /// </summary>
    private static async Task AuditedAsync(JingzhunDbContext db, string county, string zh, string en, DemoOptions options, CancellationToken ct)
    {
        db.AuditEntries.Add(BulkAuditLine.For(db, db.Clock.GetUtcNow().UtcDateTime, $"演示数据：{zh} / demo data: {en} (seed {options.Seed})"));
        db.ChangedCounties.Add(county);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>The value of each measure type as one conditional expression (a CASE in SQL); <paramref name="otherwise"/> for types without one.</summary>
    private static System.Linq.Expressions.Expression<Func<AssistanceMeasure, T>> ByType<T>(Func<MeasureType, T> valueOf,
        System.Linq.Expressions.Expression<Func<AssistanceMeasure, T>> otherwise)
    {
        var m = otherwise.Parameters[0];
        var body = otherwise.Body;
        foreach (var type in Enum.GetValues<MeasureType>())
            if (valueOf(type) is { } value)
                body = System.Linq.Expressions.Expression.Condition(
                    System.Linq.Expressions.Expression.Equal(System.Linq.Expressions.Expression.Property(m, nameof(AssistanceMeasure.Type)),
                        System.Linq.Expressions.Expression.Constant(type)),
                    System.Linq.Expressions.Expression.Constant(value, typeof(T)), body);
        return System.Linq.Expressions.Expression.Lambda<Func<AssistanceMeasure, T>>(body, m);
    }

    private static (Money? Income, Guarantee Guarantees) ResultOf(MeasureType type) => type switch
    {
        MeasureType.Production => (new Money(1_800m), Guarantee.FoodAndClothing),
        MeasureType.Employment => (new Money(12_000m), Guarantee.FoodAndClothing),
        MeasureType.PublicWelfareJob => (new Money(6_000m), Guarantee.None),
        MeasureType.EcologicalCompensation => (new Money(8_000m), Guarantee.None),
        MeasureType.AssetIncome => (new Money(1_500m), Guarantee.None),
        MeasureType.Microcredit => (new Money(3_000m), Guarantee.None),
        MeasureType.SkillsTraining => (new Money(2_400m), Guarantee.None),
        MeasureType.Education => (null, Guarantee.Education),
        MeasureType.Health => (null, Guarantee.Medical),
        MeasureType.HousingRenovation => (null, Guarantee.Housing),
        MeasureType.Relocation => (null, Guarantee.Housing | Guarantee.Water),
        MeasureType.SocialSecurity => (new Money(4_200m), Guarantee.FoodAndClothing),
        _ => (null, Guarantee.None),
    };

    private static (FundSource, FundSource) SourcesOf(MeasureType type, long id) => type switch
    {
        MeasureType.Relocation => (FundSource.CentralFiscal, FundSource.OwnFunds),
        MeasureType.HousingRenovation => (FundSource.ProvinceFiscal, FundSource.OwnFunds),
        MeasureType.Microcredit => (FundSource.Credit, FundSource.LocalFiscal),
        MeasureType.Education or MeasureType.Health or MeasureType.SocialSecurity => (FundSource.SectorDepartment, FundSource.LocalFiscal),
        _ => (id % 4) switch
        {
            0 => (FundSource.IntegratedAgricultural, FundSource.OwnFunds),
            1 => (FundSource.EastWest, FundSource.LocalFiscal),
            2 => (FundSource.Designated, FundSource.Society),
            _ => (FundSource.CentralFiscal, FundSource.LocalFiscal),
        },
    };
}
