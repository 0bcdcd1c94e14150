using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Exchange;

/// <summary>
/// Reads an interchange file (see <see cref="RegistryTables"/>) into the registry. Every row is
/// checked before anything is written; a file with any bad row is rejected as a whole unless
/// <see cref="ImportOptions.SkipInvalid"/>, which leaves out each household with a bad row of
/// its own, its members or its incomes. Households are matched by number and updated field by
/// field; members by resident ID within the household; incomes by year. Nothing is deleted:
/// members missing from the file stay as they are. Statuses are not the import's to change
/// (<see cref="Registry.RegistryStatusRules"/>): a row may repeat a registered household's status, never change
/// it, and only an initial load (<see cref="ImportOptions.InitialLoad"/>) creates households.
/// </summary>
public static class RegistryImporter
{
    public static async Task<ImportReport> ImportAsync(JingzhunDbContext db, string path, ImportOptions? options = null,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new ImportOptions();
        if (ExchangeFiles.Refusal(path) is { } refusal) return ImportReport.Refused(refusal);
        var format = ExchangeFiles.FormatOf(path)!.Value;
        var report = new ImportReport();
        if (options.InitialLoad && !Registry.RegistryStatusRules.MayInitialLoad(db.Scope))
        {
            report.Errors.Add(ImportError.InitialLoadRefused(ExchangeFiles.TableName(path, format, RegistryTables.HouseholdsSheet)));
            report.Rejected = true;
            return report;
        }
        var file = ImportFile.Read(path, format, db.Model, Jingzhun.Domain.Common.LocalTime.DateOf(options.Clock.GetUtcNow().UtcDateTime), progress, ct);
        progress?.Report(new(ImportStage.Checking, 0, 0));
        var existing = await ImportChecks.RunAsync(db, file, options.InitialLoad, ct);

        report.Errors.AddRange(file.Errors.OrderBy(e => e.Table == ExchangeFiles.TableName(path, format, RegistryTables.NotesSheet) ? 0 : e.Table == RegistryTables.HouseholdsSheet ? 1 : 2).ThenBy(e => e.Table).ThenBy(e => e.Row));
        // A masked export is never imported, not even its unmasked rows: its other cells may be masked too.
        if (report.Errors.Count > 0 && (!options.SkipInvalid || file.RefusedWhole))
        {
            report.Rejected = true;
            report.Masked = file.Masked;
            return report;
        }
        var bad = report.Errors.Select(e => e.HouseholdNumber).Where(n => n.Length > 0).ToHashSet();
        var plan = Plan(file, existing, bad, report);
        await WriteAsync(db, plan, Path.GetFileName(path), options, report, progress, ct);
        return report;
    }

    /// <summary>What the file holds for one household: its own row (absent when only members or incomes are given), members and incomes.</summary>
    private sealed record Incoming(string Number, Household? Household, List<Member> Members, List<HouseholdIncome> Incomes);

    private static List<Incoming> Plan(ImportFile file, Dictionary<string, long> existing, HashSet<string> bad, ImportReport report)
    {
        var members = file.Members.ToLookup(m => m.HouseholdNumber, m => m.Value.Member);
        var incomes = file.Incomes.ToLookup(i => i.HouseholdNumber, i => i.Value.Income);
        var households = file.Households.Where(h => h.HouseholdNumber.Length > 0).ToDictionary(h => h.HouseholdNumber, h => h.Value);
        var numbers = households.Keys.Concat(members.Select(g => g.Key)).Concat(incomes.Select(g => g.Key)).Distinct().ToList();
        report.SkippedHouseholds.AddRange(numbers.Where(n => bad.Contains(n) && (households.ContainsKey(n) || existing.ContainsKey(n))));
        return numbers.Where(n => !bad.Contains(n))
            .Select(n => new Incoming(n, households.GetValueOrDefault(n), members[n].ToList(), incomes[n].ToList()))
            .ToList();
    }

    private static async Task WriteAsync(JingzhunDbContext db, List<Incoming> plan, string fileName, ImportOptions options,
        ImportReport report, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var written = 0;
        var batchNumber = 0;
        foreach (var batch in plan.Chunk(options.BatchSize))
        {
            batchNumber++;
            var before = (report.HouseholdsCreated, report.HouseholdsUpdated);
            await WriteBatchAsync(db, batch, options.InitialLoad, options.Clock.GetUtcNow().UtcDateTime, report, ct);
            db.BulkAuditSummary = (options.InitialLoad ? "首次导入 / initial load: " : "") + $"导入{fileName}第{batchNumber}批：新增{report.HouseholdsCreated - before.HouseholdsCreated}户，" +
                $"更新{report.HouseholdsUpdated - before.HouseholdsUpdated}户 / import of {fileName}, batch {batchNumber}: " +
                $"{report.HouseholdsCreated - before.HouseholdsCreated} households created, {report.HouseholdsUpdated - before.HouseholdsUpdated} updated";
            // The change rules stamp versions and times while saving; changes detection must be on to save those stamps.
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            await db.SaveChangesAsync(ct);
            db.BulkAuditSummary = null;
            db.ChangeTracker.Clear();
            written += batch.Length;
            progress?.Report(new(ImportStage.Writing, written, plan.Count));
        }
        await transaction.CommitAsync(ct);
    }

    private static async Task WriteBatchAsync(JingzhunDbContext db, Incoming[] batch, bool initialLoad, DateTime now, ImportReport report,
        CancellationToken ct)
    {
        var numbers = batch.Select(b => b.Number).ToList();
        var stored = await db.Households.Include(h => h.Members).Include(h => h.Incomes)
            .Where(h => numbers.Contains(h.Number)).AsSplitQuery().ToDictionaryAsync(h => h.Number, ct);
        // Adding thousands of rows with detection on rescans the tracker on every add; detect once per batch instead.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var incoming in batch)
        {
            if (stored.TryGetValue(incoming.Number, out var household)) Update(household, incoming);
            else if (incoming.Household is not null && initialLoad) db.Households.Add(Create(db, incoming, now));
        }
        db.ChangeTracker.DetectChanges();
        Count(db, batch, stored, report);
    }

    /// <summary>A household of an initial load: its recorded number, status and years, with one history entry marked as the initial load.</summary>
    private static Household Create(JingzhunDbContext db, Incoming incoming, DateTime now)
    {
        var household = incoming.Household!;
        household.CountyCode = Household.CountyOf(household.VillageCode);
        var target = household.Status;
        var year = household.StatusYear > 0 ? household.StatusYear : household.IdentifiedYear > 0 ? household.IdentifiedYear : now.Year;
        // The household starts outside the registry so that its status has a history from the first day.
        household.Status = HouseholdStatus.NotPoor;
        if (target != HouseholdStatus.NotPoor)
            household.ChangeStatus(target, year, Registry.RegistryStatusRules.InitialLoadReason, db.Scope.Actor, now).Source = StatusChangeSource.InitialLoad;
        household.StatusYear = year;
        foreach (var m in incoming.Members) { m.CountyCode = household.CountyCode; household.Members.Add(m); }
        foreach (var i in incoming.Incomes) { i.CountyCode = household.CountyCode; household.Incomes.Add(i); }
        return household;
    }

    private static readonly HashSet<string> Fixed =
        [nameof(Household.Number), nameof(Household.Status), nameof(Household.StatusYear), nameof(Household.IdentifiedYear)];

    private static void Update(Household household, Incoming incoming)
    {
        if (incoming.Household is { } from)
        {
            // Number, status and its years are never changed by an import (the checks refuse rows that would): cases change them.
            foreach (var column in RegistryTables.HouseholdColumns.Where(c => !Fixed.Contains(c.Property)))
                column.Copy(from, household);
            household.CountyCode = Household.CountyOf(household.VillageCode);
        }
        foreach (var member in incoming.Members)
        {
            var match = household.Members.FirstOrDefault(m => string.Equals(m.ResidentId, member.ResidentId, StringComparison.OrdinalIgnoreCase));
            if (match is null) household.Members.Add(member);
            else foreach (var column in RegistryTables.MemberColumns.Skip(1)) column.Copy(new MemberRow { Member = member }, new MemberRow { Member = match });
        }
        foreach (var income in incoming.Incomes)
        {
            var match = household.Incomes.FirstOrDefault(i => i.Year == income.Year);
            if (match is null) household.Incomes.Add(income);
            else foreach (var column in RegistryTables.IncomeColumns.Skip(1)) column.Copy(new IncomeRow { Income = income }, new IncomeRow { Income = match });
        }
        // A household moved to another county takes its rows with it: the county code is the shard key.
        foreach (var m in household.Members) m.CountyCode = household.CountyCode;
        foreach (var i in household.Incomes) i.CountyCode = household.CountyCode;
    }

    private static void Count(JingzhunDbContext db, Incoming[] batch, Dictionary<string, Household> stored, ImportReport report)
    {
        var tracker = db.ChangeTracker;
        report.MembersCreated += tracker.Entries<Member>().Count(e => e.State == EntityState.Added);
        report.MembersUpdated += tracker.Entries<Member>().Count(e => e.State == EntityState.Modified);
        report.IncomesCreated += tracker.Entries<HouseholdIncome>().Count(e => e.State == EntityState.Added);
        report.IncomesUpdated += tracker.Entries<HouseholdIncome>().Count(e => e.State == EntityState.Modified);
        report.HouseholdsCreated += tracker.Entries<Household>().Count(e => e.State == EntityState.Added);
        foreach (var household in stored.Values)
        {
            var changed = db.Entry(household).State == EntityState.Modified
                || household.Members.Concat<object>(household.Incomes).Concat(household.StatusHistory)
                    .Any(e => db.Entry(e).State is EntityState.Added or EntityState.Modified);
            if (changed) report.HouseholdsUpdated++; else report.HouseholdsUnchanged++;
        }
    }
}
