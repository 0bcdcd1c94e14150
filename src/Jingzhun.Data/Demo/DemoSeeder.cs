using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Demo;

/// <summary>Writes a generated demo registry into the database in one transaction.</summary>
public static class DemoSeeder
{
    private const int BatchSize = 1_000;

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
    /// Adds households through the data context in batches (the audited EF path, inside the caller's transaction);
    /// returns the present members per village. Slow at national scale: see <see cref="ProvinceSeeder"/>.
    /// </summary>
    public static async Task<Dictionary<string, int>> AddHouseholdsAsync(JingzhunDbContext db, IEnumerable<Household> households, string label,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default, Func<Household, IEnumerable<AssistanceMeasure>>? measuresOf = null)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var peoplePerVillage = new Dictionary<string, int>();
        var written = 0;
        foreach (var chunk in households.Chunk(BatchSize))
        {
            foreach (var household in chunk)
                peoplePerVillage[household.VillageCode] = peoplePerVillage.GetValueOrDefault(household.VillageCode)
                    + household.Members.Count(m => m.State == MemberState.Present);
            db.Households.AddRange(chunk);
            if (measuresOf is not null) db.Measures.AddRange(chunk.SelectMany(measuresOf));
            db.BulkAuditSummary = $"演示数据：写入{chunk.Length}户 / demo data: {chunk.Length} households ({label})";
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            written += chunk.Length;
            progress?.Report(written);
        }
        db.BulkAuditSummary = null;
        return peoplePerVillage;
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
