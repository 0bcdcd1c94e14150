using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jingzhun.Data.Tests.Exchange;

/// <summary>
/// Every stored field of every household, member and income as one line of text each, so that
/// two registries can be compared field by field and a readable difference shown.
/// Keys and bookkeeping (ids, versions, times) are left out: they differ between databases.
/// </summary>
public static class RegistryDump
{
    private static readonly HashSet<string> Bookkeeping = ["Id", "HouseholdId", "Version", "CreatedAt", "UpdatedAt"];

    public static async Task<List<string>> OfAsync(DatabaseTarget target)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        var households = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.Incomes).AsSplitQuery().ToListAsync();
        var lines = new List<string>();
        foreach (var h in households.OrderBy(h => h.Number, StringComparer.Ordinal))
        {
            lines.Add("H " + Line(h));
            lines.AddRange(h.Members.OrderBy(m => m.ResidentId, StringComparer.Ordinal).Select(m => $"M {h.Number} {Line(m)}"));
            lines.AddRange(h.Incomes.OrderBy(i => i.Year).Select(i => $"I {h.Number} {Line(i)}"));
        }
        return lines;
    }

    /// <summary>Everything that an import could change, including versions, history and audit, as one hash.</summary>
    public static async Task<string> ChecksumAsync(DatabaseTarget target)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        var text = new StringBuilder();
        foreach (var line in await OfAsync(target)) text.AppendLine(line);
        foreach (var v in await db.Households.OrderBy(h => h.Number).Select(h => h.Version).ToListAsync()) text.Append(v).Append(',');
        text.Append(await db.Members.CountAsync()).Append('/').Append(await db.Incomes.CountAsync()).Append('/')
            .Append(await db.StatusChanges.CountAsync()).Append('/').Append(await db.AuditEntries.CountAsync());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Line(object entity) => string.Join("|", entity.GetType()
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && !Bookkeeping.Contains(p.Name) && IsValue(p.PropertyType))
        .OrderBy(p => p.Name, StringComparer.Ordinal)
        .Select(p => $"{p.Name}={Format(p.GetValue(entity))}"));

    private static bool IsValue(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Money) || t == typeof(DateOnly) || t == typeof(decimal);

    private static string Format(object? value) => value switch
    {
        null => "",
        Money m => m.Fen.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>A workbook's sheets as rows of cells, to change a file the way a user would in Excel.</summary>
public sealed class Workbook
{
    public Dictionary<string, List<Dictionary<string, object?>>> Sheets { get; } = [];

    public static Workbook Read(string path)
    {
        var book = new Workbook();
        foreach (var sheet in MiniExcel.GetSheetNames(path))
            book.Sheets[sheet] = MiniExcel.Query(path, useHeaderRow: true, sheetName: sheet)
                .Select(r => new Dictionary<string, object?>((IDictionary<string, object?>)r)).ToList();
        return book;
    }

    public List<Dictionary<string, object?>> this[string sheet] => Sheets[sheet];

    public void Save(string path) =>
        MiniExcel.SaveAs(path, Sheets.ToDictionary(s => s.Key, object (s) => s.Value), overwriteFile: true);

    /// <summary>The row number Excel shows for the i-th data row (the header is row 1).</summary>
    public static int ExcelRow(int index) => index + 2;
}
