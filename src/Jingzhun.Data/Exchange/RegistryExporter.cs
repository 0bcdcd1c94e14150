using Jingzhun.Data.Database;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Exchange;

/// <summary>
/// Writes the registry in the context's scope to an interchange file (see <see cref="RegistryTables"/>),
/// ordered by household number. Rows are read from the database in pages without tracking and
/// written as they come, so memory stays flat however large the registry.
/// </summary>
public static class RegistryExporter
{
    private const int PageSize = 1_000;

    /// <summary>Exports and audits the export; returns the number of households written.</summary>
    public static async Task<long> ExportAsync(JingzhunDbContext db, string path, ExchangeFormat format,
        IProgress<long>? progress = null, CancellationToken ct = default)
    {
        long households = 0;
        var tables = new TableData[]
        {
            new(RegistryTables.HouseholdsSheet, Headers(RegistryTables.HouseholdColumns), Pages(db, ct).SelectMany(page =>
            {
                households += page.Length;
                progress?.Report(households);
                return page.Select(h => Cells(RegistryTables.HouseholdColumns, h));
            })),
            new(RegistryTables.MembersSheet, Headers(RegistryTables.MemberColumns), Pages(db, ct, members: true).SelectMany(page =>
                page.SelectMany(h => h.Members.OrderBy(m => m.Id)
                    .Select(m => Cells(RegistryTables.MemberColumns, new MemberRow { HouseholdNumber = h.Number, Member = m }))))),
            new(RegistryTables.IncomesSheet, Headers(RegistryTables.IncomeColumns), Pages(db, ct, incomes: true).SelectMany(page =>
                page.SelectMany(h => h.Incomes.OrderBy(i => i.Year)
                    .Select(i => Cells(RegistryTables.IncomeColumns, new IncomeRow { HouseholdNumber = h.Number, Income = i }))))),
        };
        await TableWriter.WriteAsync(path, format, tables, ct);

        db.AuditEntries.Add(new AuditEntry
        {
            At = DateTime.UtcNow, Actor = db.Scope.Actor, Action = AuditAction.Export, EntityType = "Registry", EntityId = "",
            RegionCode = db.Scope.RegionPrefix,
            Reason = $"导出{households}户到{Path.GetFileName(path)} / exported {households} households to {Path.GetFileName(path)}",
        });
        await db.SaveChangesAsync(ct);
        return households;
    }

    private static string[] Headers<TRow>(IReadOnlyList<ExchangeColumn<TRow>> columns) => columns.Select(c => c.Header).ToArray();

    private static object?[] Cells<TRow>(IReadOnlyList<ExchangeColumn<TRow>> columns, TRow row) =>
        columns.Select(c => c.Write(row)).ToArray();

    /// <summary>
    /// Households in pages, keyed on the household number rather than skipped over, so each page
    /// is an index seek. The writers pull synchronously, hence the synchronous queries.
    /// </summary>
    private static IEnumerable<Household[]> Pages(JingzhunDbContext db, CancellationToken ct, bool members = false, bool incomes = false)
    {
        var after = "";
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            IQueryable<Household> query = db.Households.AsNoTracking();
            if (members) query = query.Include(h => h.Members);
            if (incomes) query = query.Include(h => h.Incomes);
            var page = query.Where(h => string.Compare(h.Number, after) > 0).OrderBy(h => h.Number).Take(PageSize)
                .AsSplitQuery().ToArray();
            if (page.Length == 0) yield break;
            yield return page;
            after = page[^1].Number;
        }
    }
}
