using Jingzhun.Data.Database;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Registry;

namespace Jingzhun.Data.Exchange;

/// <summary>What to export beyond the defaults (every household in scope, audited under the file's own name).</summary>
public sealed record ExportOptions
{
    /// <summary>Only households matching these search criteria (their page and page size are ignored); all in scope when null.</summary>
    public RegistryCriteria? Criteria { get; init; }

    /// <summary>The name the audit entry records, e.g. the download name when the file itself is temporary.</summary>
    public string? FileName { get; init; }

    /// <summary>The clock the export is dated and audited by: the web host and the command line pass their own.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Receives the rows written so far over all tables (households, members, incomes), every few hundred rows
    /// and at the end: the progress of an export job, against <see cref="RegistryExporter.CountRowsAsync"/>.</summary>
    public IProgress<long>? RowsWritten { get; init; }
}

/// <summary>How many households an export wrote, and of how many their personal data was masked.</summary>
public sealed record ExportResult(long Households, long MaskedHouseholds)
{
    public bool Masked => MaskedHouseholds > 0;
}

/// <summary>
/// Writes the registry in the context's scope to an interchange file (see <see cref="RegistryTables"/>),
/// ordered by household number. Households are read in pages; the members and the incomes each in one statement, joined
/// to the households in scope and ordered as the sheet is, as the database's own
/// export would read them. Nothing is tracked and rows are written as they come, so memory stays flat however large the
/// registry. Every read says AsSingleQuery: a split query on PostgreSQL reads its whole result before the first row.
/// Personal data is written as the actor may see it (<see cref="PersonalDataView"/>): an assistance
/// cadre's export masks the resident IDs, phones, bank accounts and health detail of households
/// not paired with it. Such a file carries a 说明 table saying so, and the importer refuses it.
/// System work (the command line) always writes full data.
/// </summary>
public static class RegistryExporter
{
    private const int PageSize = 1_000;

    /// <summary>Exports and audits the export; returns the number of households written.</summary>
    public static async Task<long> ExportAsync(JingzhunDbContext db, string path, ExchangeFormat format,
        IProgress<long>? progress = null, CancellationToken ct = default) =>
        (await ExportAsync(db, path, format, new ExportOptions(), progress, ct)).Households;

    /// <summary>Exports the households matching the options, masked as the actor may see them, and audits the export.</summary>
    public static async Task<ExportResult> ExportAsync(JingzhunDbContext db, string path, ExchangeFormat format, ExportOptions options,
        IProgress<long>? progress = null, CancellationToken ct = default)
    {
        IQueryable<Household> SourceOf(JingzhunDbContext context) =>
            options.Criteria is { } c ? RegistrySearch.Filter(context, c) : context.Households.AsNoTracking();
        IQueryable<Household> Source() => SourceOf(db);
        var policy = await PersonalDataView.PolicyAsync(db, ct);
        var maskedFile = policy.MayMask && await policy.Masked(Source()).AnyAsync(ct);
        var fileName = options.FileName ?? Path.GetFileName(path);

        long households = 0;
        long masked = 0;
        long rows = 0;
        IEnumerable<object?[]> Counted(IEnumerable<object?[]> table) => table.Select(cells =>
        {
            // Interlocked: CSV tables are written side by side.
            if (Interlocked.Increment(ref rows) is var written && written % 250 == 0)
            {
                ct.ThrowIfCancellationRequested();
                options.RowsWritten?.Report(written);
            }
            return cells;
        });
        // The CSV tables are files of their own, so each is read on a context of its own and written side by side: the
        // database answers the members' and incomes' statements while the households are written, and the cells of the
        // three tables are made on as many cores (issue 19: one table after another, an export's CPU was twice that of a
        // plain write of the same rows). The contexts have the reader's scope, so they read exactly what it may read;
        // inside a caller's transaction, or on a database only one connection sees, everything is read on the one context.
        var sideBySide = format == ExchangeFormat.Csv && db.Database.CurrentTransaction is null
            && db.Target is { } target && (target.Provider == DatabaseProvider.Postgres || target.SqliteFile is not null);
        await using var membersDb = sideBySide ? JingzhunDb.Create(db.Target!, db.Scope, db.Clock) : null;
        await using var incomesDb = sideBySide ? JingzhunDb.Create(db.Target!, db.Scope, db.Clock) : null;
        var forMembers = membersDb ?? db;
        var forIncomes = incomesDb ?? db;
        var tables = new List<TableData>
        {
            new(RegistryTables.HouseholdsSheet, RegistryTables.HouseholdSheetHeaders, Counted(Households(Source, ct).SelectMany(page =>
            {
                households += page.Length;
                progress?.Report(households);
                var reading = ReadingCells(db, page);
                return page.Select(h =>
                {
                    var view = policy.For(h.Id);
                    if (view.Masked) masked++;
                    return RegistryTables.WithReadingCells(HouseholdCells(h, view), reading(h));
                });
            }))),
            new(RegistryTables.MembersSheet, Headers(RegistryTables.MemberColumns), Counted(
                SourceOf(forMembers).AsSingleQuery().Join(forMembers.Members, h => h.Id, m => m.HouseholdId, (h, m) => new { h.Id, h.Number, Member = m })
                    .OrderBy(r => r.Number).ThenBy(r => r.Member.Id).AsNoTracking().AsEnumerable()
                    .Select(r => MemberCells(r.Number, r.Member, policy.For(r.Id))))),
            new(RegistryTables.IncomesSheet, Headers(RegistryTables.IncomeColumns), Counted(
                SourceOf(forIncomes).AsSingleQuery().Join(forIncomes.Incomes, h => h.Id, i => i.HouseholdId, (h, i) => new { h.Number, Income = i })
                    .OrderBy(r => r.Number).ThenBy(r => r.Income.Year).AsNoTracking().AsEnumerable()
                    .Select(r => Cells(RegistryTables.IncomeColumns, new IncomeRow { HouseholdNumber = r.Number, Income = r.Income })))),
        };
        var now = options.Clock.GetUtcNow().UtcDateTime;
        if (maskedFile) tables.Add(Notes(db.Scope.Actor, now));
        await TableWriter.WriteAsync(path, format, tables, ct, sideBySide);
        options.RowsWritten?.Report(rows);
        // What the other contexts read counts as read by this one (an auditor's read entry names every household of the file).
        foreach (var other in new[] { membersDb, incomesDb })
            foreach (var (id, village) in other?.HouseholdsRead ?? [])
                db.HouseholdsRead.TryAdd(id, village);

        var result = new ExportResult(households, masked);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = AuditAction.Export, EntityType = "Registry", EntityId = "",
            RegionCode = db.Scope.RegionPrefix,
            Reason = result.Masked
                ? $"导出{households}户到{fileName}（已脱敏：{masked}户的个人信息） / exported {households} households to {fileName} (masked: personal data of {masked} households)"
                : $"导出{households}户到{fileName}（完整数据） / exported {households} households to {fileName} (full data)",
        });
        await db.SaveChangesAsync(ct);
        return result;
    }

    /// <summary>
    /// How many rows an export of these criteria writes over its three tables (households, their members, their incomes),
    /// counted before it starts so that its progress has a total.
    /// </summary>
    public static async Task<long> CountRowsAsync(JingzhunDbContext db, RegistryCriteria? criteria, CancellationToken ct = default)
    {
        IQueryable<Household> Source() => criteria is { } c ? RegistrySearch.Filter(db, c) : db.Households.AsNoTracking();
        return await Source().LongCountAsync(ct)
               + await Source().SelectMany(h => h.Members).LongCountAsync(ct)
               + await Source().SelectMany(h => h.Incomes).LongCountAsync(ct);
    }

    /// <summary>
    /// The reading cells of a page of households: the present head's name and the current names of the township and
    /// village, in two queries per page (names only: no member is loaded, so an audited reader's read log is unchanged).
    /// </summary>
    private static Func<Household, RegistryTables.ReadingCells> ReadingCells(JingzhunDbContext db, Household[] page)
    {
        var ids = page.Select(h => h.Id).ToList();
        var heads = db.Members.AsNoTracking().AsSingleQuery()
            .Where(m => ids.Contains(m.HouseholdId) && m.State == MemberState.Present && m.Relation == Relation.Head)
            .Select(m => new { m.HouseholdId, m.Name }).ToList()
            .GroupBy(m => m.HouseholdId).ToDictionary(g => g.Key, g => g.First().Name);
        var codes = page.Select(h => h.VillageCode).Distinct().SelectMany(v => new[] { v, TownshipOf(v) }).Distinct().ToList();
        var names = db.Regions.AsNoTracking().AsSingleQuery().Where(r => codes.Contains(r.Code) && r.ValidTo == null)
            .Select(r => new { r.Code, r.Name }).ToList()
            .GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First().Name);
        return h => new RegistryTables.ReadingCells(heads.GetValueOrDefault(h.Id, ""),
            names.GetValueOrDefault(TownshipOf(h.VillageCode), ""), names.GetValueOrDefault(h.VillageCode, ""));
    }

    private static string TownshipOf(string villageCode) =>
        Domain.Regions.RegionCode.TryParse(villageCode, out var code, out _) && code.Parent is { } township ? township.Value : "";

    /// <summary>
    /// Writes households that are not (yet) in a database, such as generated ones, as an interchange file with full data.
    /// CSV goes through <see cref="RegistryCsvWriter"/>, which writes the three files side by side in one pass, so a
    /// generator runs once; a workbook is written sheet by sheet, each sheet enumerating <paramref name="households"/> anew.
    /// Either way a generator streams and nothing is held.
    /// </summary>
    public static async Task WriteAsync(string path, ExchangeFormat format, Func<IEnumerable<Household>> households, CancellationToken ct = default)
    {
        if (format == ExchangeFormat.Csv)
        {
            await RegistryCsvWriter.WriteAsync(path, households(), null, ct);
            return;
        }
        await TableWriter.WriteAsync(path, format,
        [
            new(RegistryTables.HouseholdsSheet, Headers(RegistryTables.HouseholdColumns), households().Select(h => Cells(RegistryTables.HouseholdColumns, h))),
            new(RegistryTables.MembersSheet, Headers(RegistryTables.MemberColumns), households().SelectMany(h =>
                h.Members.Select(m => Cells(RegistryTables.MemberColumns, new MemberRow { HouseholdNumber = h.Number, Member = m })))),
            new(RegistryTables.IncomesSheet, Headers(RegistryTables.IncomeColumns), households().SelectMany(h =>
                h.Incomes.Select(i => Cells(RegistryTables.IncomeColumns, new IncomeRow { HouseholdNumber = h.Number, Income = i })))),
        ], ct);
    }

    private static readonly int PhoneColumn = RegistryTables.IndexOf(RegistryTables.HouseholdColumns, nameof(Household.Phone));
    private static readonly int BankAccountColumn = RegistryTables.IndexOf(RegistryTables.HouseholdColumns, nameof(Household.BankAccount));
    private static readonly int ResidentIdColumn = RegistryTables.IndexOf(RegistryTables.MemberColumns, nameof(Member.ResidentId));
    private static readonly int HealthColumn = RegistryTables.IndexOf(RegistryTables.MemberColumns, nameof(Member.Health));
    private static readonly int DisabilityColumn = RegistryTables.IndexOf(RegistryTables.MemberColumns, nameof(Member.DisabilityGrade));

    // Every column of personal data (as the descriptions mark it) is emptied in a masked export; those that have a
    // masked form (phone, bank account, resident ID, health) then get it.
    private static readonly int[] PersonalHouseholdColumns = PersonalColumns(RegistryTables.HouseholdColumns, HouseholdRecord.Fields);
    private static readonly int[] PersonalMemberColumns = PersonalColumns(RegistryTables.MemberColumns, MemberRecord.Fields);

    private static int[] PersonalColumns<TRow, TRecord>(IReadOnlyList<ExchangeColumn<TRow>> columns, IEnumerable<RecordField<TRecord>> fields) =>
        [.. fields.Where(f => f.Personal).Select(f => RegistryTables.IndexOf(columns, f.Code))];

    private static object?[] HouseholdCells(Household h, PersonalDataView view)
    {
        var cells = Cells(RegistryTables.HouseholdColumns, h);
        if (!view.Masked) return cells;
        foreach (var i in PersonalHouseholdColumns) cells[i] = null;
        cells[PhoneColumn] = view.Phone(h);
        cells[BankAccountColumn] = view.BankAccount(h);
        return cells;
    }

    private static object?[] MemberCells(string householdNumber, Member m, PersonalDataView view)
    {
        var cells = Cells(RegistryTables.MemberColumns, new MemberRow { HouseholdNumber = householdNumber, Member = m });
        if (!view.Masked) return cells;
        foreach (var i in PersonalMemberColumns) cells[i] = null;
        cells[ResidentIdColumn] = view.ResidentId(m);
        cells[HealthColumn] = view.HealthText(m, english: false);
        cells[DisabilityColumn] = null;
        return cells;
    }

    /// <summary>The 说明 table of a masked export: that it is masked, why, by whom and when.</summary>
    private static TableData Notes(string actor, DateTime now) => new(RegistryTables.NotesSheet,
        [RegistryTables.NoteItemHeader, RegistryTables.NoteTextHeader],
        [
            [RegistryTables.MaskedNote, "是"],
            ["说明", "本文件中导出人未结对帮扶的户，其身份证号、联系电话、银行账号和健康信息已脱敏，本文件仅供查阅，不能导入。 / " +
                     "Resident IDs, phones, bank accounts and health details of households not paired with the exporting account are masked; " +
                     "this file is for reading only and cannot be imported."],
            ["导出人", actor],
            ["导出时间", LocalTime.Minute(now)],
        ]);

    private static string[] Headers<TRow>(IReadOnlyList<ExchangeColumn<TRow>> columns) => columns.Select(c => c.Header).ToArray();

    private static object?[] Cells<TRow>(IReadOnlyList<ExchangeColumn<TRow>> columns, TRow row)
    {
        var cells = new object?[columns.Count];
        for (var i = 0; i < cells.Length; i++) cells[i] = columns[i].Write(row);
        return cells;
    }

    /// <summary>
    /// The households, whole, in pages keyed on the household number rather than skipped over, so each page is an index
    /// seek, and its reading cells are looked up a page at a time. The writers pull synchronously, hence the synchronous queries.
    /// </summary>
    private static IEnumerable<Household[]> Households(Func<IQueryable<Household>> source, CancellationToken ct)
    {
        var after = "";
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var page = source().AsNoTracking().AsSingleQuery().Where(h => string.Compare(h.Number, after) > 0).OrderBy(h => h.Number).Take(PageSize).ToArray();
            if (page.Length == 0) yield break;
            yield return page;
            after = page[^1].Number;
        }
    }
}
