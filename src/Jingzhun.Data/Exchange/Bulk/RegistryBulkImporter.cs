using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Exchange.Bulk;

/// <summary>
/// The importer of <see cref="RegistryImporter"/> for files of any size, in constant memory. The
/// file is read once, row by row and never held: the first pass checks every row by the same field
/// rules and stages it whole in temporary tables in the database, where the checks across rows run
/// as queries (<see cref="BulkImportChecks"/>); the second pass writes the households, then the
/// members, then the incomes from those tables, inside the server, through
/// <see cref="RegistryBulkWriter"/>, in chunks of file rows of one transaction each. Without <see cref="ImportOptions.SkipInvalid"/> a file with any bad row is
/// rejected before anything is written; with it, every household with a bad row of its own, its
/// members or incomes is left out. A run that stopped halfway (killed, cancelled) is finished by
/// running the same file again: chunks already written match and change nothing. (A first load into an empty registry on
/// PostgreSQL writes its members and incomes as one transaction, their lookup indexes built after the rows:
/// <see cref="FirstLoadIndexes"/>; stopped there, it is run again the same way.) Statuses are not
/// the import's to change: rows that would change a registered household's status are refused, and
/// only <see cref="ImportOptions.InitialLoad"/> (county officers and above) creates households.
/// </summary>
public static class RegistryBulkImporter
{
    public static async Task<ImportReport> ImportAsync(DatabaseTarget target, Domain.Access.AccessScope scope, string path, ImportOptions? options = null,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new ImportOptions { BatchSize = 50_000 };
        if (scope.WritesAssignedOnly)
            throw new ScopeViolationException($"{scope.Actor} may change only the households assigned to it", scope.RegionPrefix);
        if (ExchangeFiles.Refusal(path) is { } refusal) return ImportReport.Refused(refusal);
        var format = ExchangeFiles.FormatOf(path)!.Value;
        var report = new ImportReport();
        if (options.InitialLoad && !Registry.RegistryStatusRules.MayInitialLoad(scope))
        {
            report.Errors.Add(ImportError.InitialLoadRefused(ExchangeFiles.TableName(path, format, RegistryTables.HouseholdsSheet)));
            report.Rejected = true;
            return report;
        }
        await using var session = await BulkSession.OpenAsync(target, scope, ct, options.Clock);
        var file = ImportFile.ForStreaming(path, format, session.Db.Model);
        if (file.Masked)
        {
            report.Errors.AddRange(file.Errors);
            report.Rejected = report.Masked = true;
            return report;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rows = await CheckAsync(session, file, path, format, options.InitialLoad, progress, ct);
        BulkSession.Phase("first pass: rows read, checked and staged; checks across rows", clock);
        var notes = ExchangeFiles.TableName(path, format, RegistryTables.NotesSheet);
        report.Errors.AddRange(file.Errors.OrderBy(e => e.Table == notes ? 0 : e.Table == RegistryTables.HouseholdsSheet ? 1 : 2).ThenBy(e => e.Table).ThenBy(e => e.Row));
        if (report.Errors.Count > 0 && (!options.SkipInvalid || file.RefusedWhole))
        {
            report.Rejected = true;
            report.Masked = file.Masked;
            return report;
        }
        var bad = report.Errors.Select(e => e.HouseholdNumber).Where(n => n.Length > 0).ToHashSet();
        if (bad.Count > 0) report.SkippedHouseholds.AddRange(await new BulkImportChecks(session).SkippedAsync(bad, ct));

        var counts = await WriteAsync(session, path, bad.Count > 0, options, rows, progress, ct);
        BulkSession.Phase("second pass: written", clock);
        report.HouseholdsCreated = (int)counts.HouseholdsCreated;
        report.HouseholdsUpdated = (int)counts.HouseholdsUpdated;
        report.HouseholdsUnchanged = (int)counts.HouseholdsUnchanged;
        report.MembersCreated = (int)counts.MembersCreated;
        report.MembersUpdated = (int)counts.MembersUpdated;
        report.IncomesCreated = (int)counts.IncomesCreated;
        report.IncomesUpdated = (int)counts.IncomesUpdated;
        return report;
    }

    /// <summary>The first pass: every row checked on its own and staged whole, then the checks across rows. Returns the rows read.</summary>
    private static async Task<long> CheckAsync(BulkSession session, ImportFile file, string path, ExchangeFormat format, bool initialLoad,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var db = session.Db;
        var villages = (await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village && r.ValidTo == null).Select(r => r.Code).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var checks = new BulkImportChecks(session);
        await checks.CreateAsync(ct);
        long rows = 0;
        void Count() { if (++rows % 10_000 == 0) progress?.Report(new(ImportStage.Reading, rows, 0)); }
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await using (var transaction = await session.BeginAsync(ct))
        {
            using (var sink = checks.Households())
            {
                foreach (var h in file.ReadHouseholds(path, format, ct))
                {
                    CheckVillage(db.Scope, villages, file, h);
                    if (h.HouseholdNumber.Length > 0) sink.Add(BulkImportChecks.HouseholdRow(h.HouseholdNumber, h.Row, h.Value));
                    Count();
                }
                sink.Complete();
            }
            using (var sink = checks.Members())
            {
                foreach (var m in file.ReadMembers(path, format, ct))
                {
                    sink.Add(BulkImportChecks.MemberRow(m.HouseholdNumber, m.Row, m.Value.Member));
                    Count();
                }
                sink.Complete();
            }
            using (var sink = checks.Incomes())
            {
                foreach (var i in file.ReadIncomes(path, format, ct))
                {
                    sink.Add(BulkImportChecks.IncomeRow(i.HouseholdNumber, i.Row, i.Value.Income));
                    Count();
                }
                sink.Complete();
            }
            progress?.Report(new(ImportStage.Checking, rows, rows));
            BulkSession.Phase("first pass: keys staged", clock);
            await checks.RunAsync(file, ExchangeFiles.TableName(path, format, RegistryTables.HouseholdsSheet),
                ExchangeFiles.TableName(path, format, RegistryTables.MembersSheet), ExchangeFiles.TableName(path, format, RegistryTables.IncomesSheet), initialLoad, ct);
            await transaction.CommitAsync(ct);
        }
        villages.Clear();
        return rows;
    }

    private static void CheckVillage(Domain.Access.AccessScope scope, HashSet<string> villages, ImportFile file, Parsed<Household> h)
    {
        var code = h.Value.VillageCode;
        if (!RegionCode.TryParse(code, out _, out _)) return; // already reported by the field rules
        if (!villages.Contains(code))
            file.Errors.Add(new(h.Table, h.Row, "村代码", $"村代码{code}不在区划表中", $"Village code {code} is not in the region table", h.HouseholdNumber));
        else if (!scope.MayChange(code))
            file.Errors.Add(new(h.Table, h.Row, "村代码", $"无权修改村{code}的户", $"you may not change households of village {code}", h.HouseholdNumber));
    }

    /// <summary>
    /// The second pass: households, then members, then incomes, each in chunks of file rows, written from the rows the first
    /// pass staged whole (the file is not read again); bad households left out.
    /// </summary>
    private static async Task<BulkLoadCounts> WriteAsync(BulkSession session, string path, bool skipBad, ImportOptions options, long total,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var firstLoad = await FirstLoadIndexes.AppliesAsync(session, options.InitialLoad, ct);
        var writer = await RegistryBulkWriter.OpenAsync(session, Path.GetFileName(path), options.InitialLoad, ct, firstLoad);
        var chunk = Math.Max(1, options.BatchSize);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var good = skipBad ? $" AND NOT EXISTS (SELECT 1 FROM {BulkImportChecks.Bad} b WHERE b.\"Number\" = c.\"Number\")" : "";
        long done = 0;

        // One staged table in chunks by the file's row numbers, which an index finds; a table's rows are numbered from its header on.
        async Task WriteTableAsync(string table, Func<string, string, CancellationToken, Task> flush)
        {
            await session.ExecuteAsync($"CREATE INDEX IF NOT EXISTS {table}_row ON {table} (\"Row\")", ct);
            var (first, last) = await RowsAsync(session, table, ct);
            for (var from = first; from <= last; from += chunk)
            {
                await flush(table, $"c.\"Row\" >= {from} AND c.\"Row\" < {from + chunk}{good}", ct);
                done = Math.Min(total, done + Math.Min(chunk, last - from + 1));
                progress?.Report(new(ImportStage.Writing, done, total));
            }
            if (table == BulkImportChecks.CH) await writer.AnalyzeHouseholdsAsync(ct);
            BulkSession.Phase($"second pass: {table} written", clock);
        }
        async Task WriteMembersAndIncomesAsync()
        {
            await WriteTableAsync(BulkImportChecks.CM, writer.FlushStagedMembersAsync);
            await WriteTableAsync(BulkImportChecks.CI, writer.FlushStagedIncomesAsync);
        }

        progress?.Report(new(ImportStage.Writing, 0, total));
        await WriteTableAsync(BulkImportChecks.CH, writer.FlushStagedHouseholdsAsync);
        if (firstLoad)
        {
            await using var transaction = await session.BeginAsync(ct);
            var indexes = await FirstLoadIndexes.DropAsync(session, ct);
            await writer.JoinByNumberIndexAsync(true, ct);
            await WriteMembersAndIncomesAsync();
            await writer.JoinByNumberIndexAsync(false, ct);
            await indexes.BuildAsync(ct);
            await transaction.CommitAsync(ct);
        }
        else await WriteMembersAndIncomesAsync();
        progress?.Report(new(ImportStage.Writing, total, total));
        BulkSession.Phase($"second pass: written; flushes took {writer.FlushTime.TotalSeconds:0.0} s", clock);
        await writer.AnalyzeAsync(ct);
        return await writer.CountsAsync(ct);
    }

    private static async Task<(long First, long Last)> RowsAsync(BulkSession session, string table, CancellationToken ct) =>
        (await session.CountAsync($"SELECT COALESCE(MIN(\"Row\"), 0) FROM {table}", ct), await session.CountAsync($"SELECT COALESCE(MAX(\"Row\"), -1) FROM {table}", ct));
}
