using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Data.Audit;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Demo;

/// <summary>Writes a generated demo registry into the database in one transaction.</summary>
public static class DemoSeeder
{
    private const int BatchSize = 5_000;

    /// <summary>Seeds regions and households; <paramref name="progress"/> receives households written so far.</summary>
    public static async Task SeedAsync(DatabaseTarget target, DemoOptions options, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default, SeedingClock? clock = null)
    {
        var generator = new DemoGenerator(options);
        await using var db = JingzhunDb.Create(target, AccessScope.System("demo"));
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var regions = generator.Regions();
        var known = await db.Regions.Select(r => r.Code).ToListAsync(cancellationToken);
        db.Regions.AddRange(regions.Where(r => !known.Contains(r.Code)));
        db.BulkAuditSummary = $"演示数据：区划 / demo data: regions (seed {options.Seed})";
        await db.SaveChangesAsync(cancellationToken);
        db.BulkAuditSummary = null;
        db.ChangeTracker.Clear();
        clock?.Done("regions");

        // Exits per county and township and year, counted as the households stream past, give the demo's annual plans.
        var exits = new Dictionary<(string Area, int Year), (int Households, int People)>();
        var peoplePerVillage = await AddHouseholdsAsync(db, generator.Households().Select(h => CountExits(h, exits)),
            $"seed {options.Seed}", progress, cancellationToken, generator.MeasuresOf);
        clock?.Done("households");

        if (exits.Count > 0)
        {
            db.ExitPlans.AddRange(generator.ExitPlans(exits));
            db.BulkAuditSummary = $"演示数据：年度脱贫计划 / demo data: annual exit plans (seed {options.Seed})";
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        clock?.Done("exit plans");

        await SetRuralPopulationsAsync(db, generator, peoplePerVillage, cancellationToken);
        clock?.Done("village populations");
        await DemoAssistance.AddAsync(db, options, cancellationToken); // roster, teams, plans, microcredit, relocation (issue 15)
        clock?.Done("assistance");
        await DemoExitedCounty.AddAsync(db, generator, cancellationToken); // the second county, exited later in DemoHistory (issue 21)
        clock?.Done("exited county");
        await DemoFunds.AddAsync(db, options, cancellationToken); // allocations, projects, payments, assets, disclosures (issue 16)
        clock?.Done("funds");
        await DemoAssessment.AddAsync(db, options, cancellationToken); // assessments with the assessor's sample, findings (issue 17)
        clock?.Done("assessment");
        await DemoCollaborationData.AddAsync(db, options, cancellationToken); // pairings, people exchanged, inputs (issue 20)
        clock?.Done("collaboration");
        await DemoLabour.AddAsync(db, options, cancellationToken); // labour cooperation workers (issue 20)
        clock?.Done("labour");
        await DemoPoorAreas.AddAsync(db, options, cancellationToken); // designations of places with their years (issue 21)
        clock?.Done("poor areas");
        await DemoCensus.AddAsync(db, options, cancellationToken); // the 2020 census round (issue 21)
        clock?.Done("census");
        await transaction.CommitAsync(cancellationToken);
        clock?.Done("commit");
    }

    /// <summary>
    /// Adds households through the bulk writer that a county's initial load uses (<see cref="RegistryBulkWriter"/>), in the
    /// caller's transaction when it has one, with one audit entry per chunk; their measures follow each chunk straight into
    /// their table (<see cref="AddMeasuresAsync"/>). Returns the present members per village.
    /// </summary>
    public static async Task<Dictionary<string, int>> AddHouseholdsAsync(JingzhunDbContext db, IEnumerable<Household> households, string label,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default, Func<Household, IEnumerable<AssistanceMeasure>>? measuresOf = null)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var peoplePerVillage = new Dictionary<string, int>();
        var written = 0;
        await using var session = await BulkSession.OverAsync(db, cancellationToken);
        var writer = await RegistryBulkWriter.OpenAsync(session, $"演示数据 / demo data ({label})", initialLoad: true, cancellationToken);
        foreach (var chunk in households.Chunk(BatchSize))
        {
            foreach (var household in chunk)
            {
                peoplePerVillage[household.VillageCode] = peoplePerVillage.GetValueOrDefault(household.VillageCode)
                    + household.Members.Count(m => m.State == MemberState.Present);
                writer.Add(household);
            }
            var before = measuresOf is null ? 0 : await session.CountAsync("SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Households\"", cancellationToken);
            await writer.FlushAsync(cancellationToken);
            if (measuresOf is not null) await AddMeasuresAsync(session, chunk, measuresOf, label, before, cancellationToken);
            written += chunk.Length;
            progress?.Report(written);
        }
        return peoplePerVillage;
    }

    /// <summary>
    /// The measures of households just written, straight into their table as the households were: the generator made them
    /// for those households, so the save's checks would only look the households up again. They name their household by
    /// number until it has an id; their county is marked for a recount as a save of them would mark it.
    /// </summary>
    private static async Task AddMeasuresAsync(BulkSession session, Household[] chunk, Func<Household, IEnumerable<AssistanceMeasure>> measuresOf,
        string label, long idsAbove, CancellationToken ct)
    {
        var db = session.Db;
        // The chunk's households were just created, with ids above the largest before them: read by that range of the key,
        // not by a list of 5,000 numbers (0.16–0.5 s a chunk on SQLite). Numbers registered before, if any, by number.
        var ids = await db.Households.Where(h => h.Id > idsAbove).Select(h => new { h.Number, h.Id }).ToDictionaryAsync(h => h.Number, h => h.Id, ct);
        var numbers = chunk.Select(h => h.Number).Where(n => !ids.ContainsKey(n)).ToList();
        if (numbers.Count > 0)
            foreach (var h in await db.Households.Where(h => numbers.Contains(h.Number)).Select(h => new { h.Number, h.Id }).ToListAsync(ct))
                ids[h.Number] = h.Id;
        var now = DateTime.SpecifyKind(db.Clock.GetUtcNow().UtcDateTime, DateTimeKind.Utc);
        var measures = chunk.SelectMany(measuresOf).ToList();
        foreach (var m in measures)
        {
            var household = m.Household!;
            m.HouseholdId = ids[household.Number];
            if (m.CountyCode.Length == 0) m.CountyCode = Household.CountyOf(household.VillageCode);
            m.Version = 0;
            m.CreatedAt = DateTime.SpecifyKind(m.CreatedAt == default ? now : m.CreatedAt, DateTimeKind.Utc);
            m.UpdatedAt = now;
            db.ChangedCounties.Add(m.CountyCode);
        }
        session.Insert(measures);
        db.AuditEntries.Add(BulkAuditLine.For(db, now,
            $"演示数据：{chunk.Length}户的帮扶措施{measures.Count}项 / demo data: {measures.Count} measures of {chunk.Length} households ({label})"));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>Each village's rural population from its present registered people (<see cref="DemoGenerator.RuralPopulationOf"/>).</summary>
    public static async Task SetRuralPopulationsAsync(JingzhunDbContext db, DemoGenerator generator, IReadOnlyDictionary<string, int> peoplePerVillage,
        CancellationToken cancellationToken = default)
    {
        foreach (var (village, people) in peoplePerVillage)
        {
            var population = generator.RuralPopulationOf(village, people);
            await db.Regions.Where(r => r.Code == village)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.RuralPopulation, population), cancellationToken);
        }
    }

    private static Household CountExits(Household household, Dictionary<(string Area, int Year), (int Households, int People)> exits)
    {
        var present = household.Members.Count(m => m.State == MemberState.Present);
        foreach (var exit in household.StatusHistory.Where(c => c.To == HouseholdStatus.Exited))
            foreach (var area in new[] { DemoGenerator.CountyCode, household.VillageCode[..9] + "000" })
            {
                var (h, p) = exits.GetValueOrDefault((area, exit.Year));
                exits[(area, exit.Year)] = (h + 1, p + present);
            }
        return household;
    }

    /// <summary>True when the registry holds no household yet (the first start).</summary>
    public static async Task<bool> IsEmptyAsync(DatabaseTarget target, CancellationToken cancellationToken = default)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System());
        return !await db.Households.AnyAsync(cancellationToken);
    }
}
