using Jingzhun.Data.Database;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Exchange;

/// <summary>
/// The checks that need more than one row: household numbers twice in the file, members and
/// incomes of households that exist nowhere, villages missing from the region table or outside
/// the actor's scope, one head per household (the file's members together with those already
/// in the database), and income years twice.
/// </summary>
internal static class ImportChecks
{
    private const int LookupChunk = 500;

    /// <summary>Runs the checks, adding to the file's errors; returns the ids of the households that already exist, by number.</summary>
    public static async Task<Dictionary<string, long>> RunAsync(JingzhunDbContext db, ImportFile file, bool initialLoad, CancellationToken ct)
    {
        // Identifiers a spreadsheet turned into numbers, or a damaged header, refuse the file whole; checks across rows would only add noise.
        if (file.SkipsCrossChecks) return [];
        DuplicateHouseholds(file);
        await VillagesAsync(db, file, ct);
        var inFile = file.Households.Select(h => h.HouseholdNumber).Where(n => n.Length > 0).ToHashSet();
        var referenced = file.Members.Select(m => m.HouseholdNumber).Concat(file.Incomes.Select(i => i.HouseholdNumber)).Where(n => n.Length > 0);
        var existing = await ExistingAsync(db, inFile.Concat(referenced).Distinct().ToList(), ct);
        await OutsideScopeAsync(db, file, existing, initialLoad, ct);
        await StatusAsync(db, file, existing, initialLoad, ct);
        UnknownHouseholds(file, inFile, existing);
        var stored = await StoredMembersAsync(db, existing, ct);
        Heads(file, existing, stored);
        DuplicateIncomeYears(file);
        await MembersCountedAsync(db, file, existing, stored, ct);
        return existing;
    }

    private static void DuplicateHouseholds(ImportFile file)
    {
        var first = new Dictionary<string, int>();
        foreach (var h in file.Households.Where(h => h.HouseholdNumber.Length > 0))
        {
            if (first.TryAdd(h.HouseholdNumber, h.Row)) continue;
            file.Errors.Add(new(h.Table, h.Row, RegistryTables.HouseholdNumberHeader,
                $"户编号{h.HouseholdNumber}在文件中重复（第{first[h.HouseholdNumber]}行已有）",
                $"household number {h.HouseholdNumber} appears twice in the file (first in row {first[h.HouseholdNumber]})", h.HouseholdNumber));
        }
    }

    private static async Task VillagesAsync(JingzhunDbContext db, ImportFile file, CancellationToken ct)
    {
        var villages = (await db.Regions.Where(r => r.Level == RegionLevel.Village && r.ValidTo == null).Select(r => r.Code).ToListAsync(ct)).ToHashSet();
        foreach (var h in file.Households)
        {
            var code = h.Value.VillageCode;
            if (!RegionCode.TryParse(code, out _, out _)) continue; // already reported by the field rules
            if (!villages.Contains(code))
                file.Errors.Add(new(h.Table, h.Row, "村代码", $"村代码{code}不在区划表中", $"Village code {code} is not in the region table", h.HouseholdNumber));
            else if (!db.Scope.MayChange(code))
                file.Errors.Add(new(h.Table, h.Row, "村代码", $"无权修改村{code}的户", $"you may not change households of village {code}", h.HouseholdNumber));
        }
    }

    private static async Task<Dictionary<string, long>> ExistingAsync(JingzhunDbContext db, List<string> numbers, CancellationToken ct)
    {
        var existing = new Dictionary<string, long>();
        foreach (var chunk in numbers.Chunk(LookupChunk))
            foreach (var h in await db.Households.Where(h => chunk.Contains(h.Number)).Select(h => new { h.Number, h.Id }).ToListAsync(ct))
                existing[h.Number] = h.Id;
        return existing;
    }

    /// <summary>
    /// In an initial load, a number of a new household that is taken outside the actor's region cannot be created. Outside an
    /// initial load such a number is reported like any number not registered (<see cref="StatusAsync"/>), so that the report
    /// does not tell which numbers exist elsewhere.
    /// </summary>
    private static async Task<HashSet<string>> OutsideScopeAsync(JingzhunDbContext db, ImportFile file, Dictionary<string, long> existing,
        bool initialLoad, CancellationToken ct)
    {
        if (db.Scope.RegionPrefix.Length == 0 || !initialLoad) return [];
        var unseen = file.Households.Select(h => h.HouseholdNumber).Where(n => n.Length > 0 && !existing.ContainsKey(n)).Distinct().ToList();
        var elsewhere = new HashSet<string>();
        foreach (var chunk in unseen.Chunk(LookupChunk))
            elsewhere.UnionWith(await db.Households.IgnoreQueryFilters().Where(h => chunk.Contains(h.Number)).Select(h => h.Number).ToListAsync(ct));
        foreach (var h in file.Households.Where(h => elsewhere.Contains(h.HouseholdNumber)))
            file.Errors.Add(new(h.Table, h.Row, RegistryTables.HouseholdNumberHeader,
                Registry.RegistryStatusRules.NumberUnavailable(h.HouseholdNumber), h.HouseholdNumber));
        return elsewhere;
    }

    /// <summary>
    /// Status only through cases: a row of a registered household may repeat its status, status year and
    /// identified year (a year left empty keeps the stored one), never change them; a row of a number not in
    /// the registry is a new household, which only an initial load creates.
    /// </summary>
    private static async Task StatusAsync(JingzhunDbContext db, ImportFile file, Dictionary<string, long> existing, bool initialLoad, CancellationToken ct)
    {
        var stored = new Dictionary<string, (HouseholdStatus Status, int StatusYear, int IdentifiedYear, MonitoringCategory Monitoring)>();
        var numbers = file.Households.Select(h => h.HouseholdNumber).Where(existing.ContainsKey).Distinct().ToList();
        foreach (var chunk in numbers.Chunk(LookupChunk))
            foreach (var h in await db.Households.Where(h => chunk.Contains(h.Number)).Select(h => new { h.Number, h.Status, h.StatusYear, h.IdentifiedYear, h.Monitoring }).ToListAsync(ct))
                stored[h.Number] = (h.Status, h.StatusYear, h.IdentifiedYear, h.Monitoring);
        foreach (var h in file.Households.Where(h => h.HouseholdNumber.Length > 0))
        {
            if (stored.TryGetValue(h.HouseholdNumber, out var cur))
            {
                foreach (var e in StatusErrors(h.Value.Status, h.Value.StatusYear, h.Value.IdentifiedYear, cur.Status, cur.StatusYear, cur.IdentifiedYear)
                             .Concat(MonitoringErrors(h.Value.Monitoring, cur.Monitoring)))
                    file.Errors.Add(new(h.Table, h.Row, RegistryTables.HeaderOf(RegistryTables.HouseholdColumns, e.Field), e.Text, h.HouseholdNumber));
            }
            else if (!initialLoad)
                file.Errors.Add(new(h.Table, h.Row, RegistryTables.HouseholdNumberHeader,
                    Registry.RegistryStatusRules.UnknownHousehold(h.HouseholdNumber), h.HouseholdNumber));
        }
    }

    /// <summary>What a row of a registered household may not change: its status, and a status year or identified year it gives.</summary>
    internal static IEnumerable<Domain.Common.FieldError> StatusErrors(HouseholdStatus status, int statusYear, int identifiedYear,
        HouseholdStatus storedStatus, int storedStatusYear, int storedIdentifiedYear)
    {
        if (status != storedStatus) yield return Registry.RegistryStatusRules.StatusRefused();
        if (statusYear != 0 && statusYear != storedStatusYear) yield return Registry.RegistryStatusRules.StatusYearRefused();
        if (identifiedYear != 0 && identifiedYear != storedIdentifiedYear) yield return Registry.RegistryStatusRules.IdentifiedYearRefused();
    }

    /// <summary>The monitoring type (监测类型) is set by monitoring recognition: a row may repeat it, never change it.</summary>
    internal static IEnumerable<Domain.Common.FieldError> MonitoringErrors(MonitoringCategory monitoring, MonitoringCategory stored)
    {
        if (monitoring != stored) yield return Registry.RegistryStatusRules.MonitoringRefused();
    }

    private static void UnknownHouseholds(ImportFile file, HashSet<string> inFile, Dictionary<string, long> existing)
    {
        var rows = file.Members.Select(m => (m.Table, m.Row, m.HouseholdNumber)).Concat(file.Incomes.Select(i => (i.Table, i.Row, i.HouseholdNumber)));
        foreach (var (table, row, number) in rows.Where(r => r.HouseholdNumber.Length > 0))
        {
            if (inFile.Contains(number) || existing.ContainsKey(number)) continue;
            file.Errors.Add(new(table, row, RegistryTables.HouseholdNumberHeader, Registry.RegistryStatusRules.UnknownHouseholdOfRow(number), number));
        }
    }

    /// <summary>One head per household and no resident ID twice, over the members the household will have after the import.</summary>
    private static void Heads(ImportFile file, Dictionary<string, long> existing, Dictionary<string, List<Member>> stored)
    {
        var newHouseholds = file.Households.Select(h => h.HouseholdNumber).Where(n => n.Length > 0 && !existing.ContainsKey(n));
        var numbers = file.Members.Select(m => m.HouseholdNumber).Concat(newHouseholds).Distinct();
        var membersOf = file.Members.ToLookup(m => m.HouseholdNumber);
        foreach (var number in numbers.Where(n => n.Length > 0))
        {
            var rows = membersOf[number].ToList();
            var fromFile = rows.Select(r => r.Value.Member.ResidentId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var kept = stored.GetValueOrDefault(number, []).Where(m => !fromFile.Contains(m.ResidentId));
            var after = kept.Concat(rows.Select(r => r.Value.Member)).ToList();
            foreach (var error in RegistryValidation.Members(after))
                foreach (var row in RowsToBlame(error.Field, rows).DefaultIfEmpty(rows[0]))
                    file.Errors.Add(new(row.Table, row.Row, RegistryTables.HeaderOf(RegistryTables.MemberColumns, error.Field), error.Text, number));
        }
    }

    /// <summary>The rows a household-wide error is shown on: the heads (or the first row when there is none), or the repeated IDs.</summary>
    private static IEnumerable<Parsed<MemberRow>> RowsToBlame(string field, List<Parsed<MemberRow>> rows)
    {
        var present = rows.Where(r => r.Value.Member.State == MemberState.Present).ToList();
        if (field == nameof(Relation))
        {
            var heads = present.Where(r => r.Value.Member.Relation == Relation.Head).ToList();
            return heads.Count > 1 ? heads : present.Take(1);
        }
        return present.GroupBy(r => r.Value.Member.ResidentId, StringComparer.OrdinalIgnoreCase).SelectMany(g => g.Skip(1));
    }

    private static async Task<Dictionary<string, List<Member>>> StoredMembersAsync(JingzhunDbContext db, Dictionary<string, long> existing, CancellationToken ct)
    {
        var numberOf = existing.ToDictionary(e => e.Value, e => e.Key);
        var stored = new Dictionary<string, List<Member>>();
        foreach (var chunk in existing.Values.Chunk(LookupChunk))
        {
            var members = await db.Members.Where(m => chunk.Contains(m.HouseholdId))
                .Select(m => new { m.HouseholdId, m.ResidentId, m.Relation, m.State }).ToListAsync(ct);
            foreach (var m in members)
            {
                var list = stored.TryGetValue(numberOf[m.HouseholdId], out var l) ? l : stored[numberOf[m.HouseholdId]] = [];
                list.Add(new Member { Name = "", ResidentId = m.ResidentId, Relation = m.Relation, State = m.State });
            }
        }
        return stored;
    }

    /// <summary>
    /// 人口数 against the present members the household will have after the import (the file's, with the stored ones
    /// the file does not name): equal, or the number already saved for that year (<see cref="RegistryValidation.ImportedMembersCounted"/>).
    /// </summary>
    private static async Task MembersCountedAsync(JingzhunDbContext db, ImportFile file, Dictionary<string, long> existing,
        Dictionary<string, List<Member>> stored, CancellationToken ct)
    {
        var numbers = file.Incomes.Select(i => i.HouseholdNumber).Where(existing.ContainsKey).Distinct().ToList();
        var numberOf = numbers.ToDictionary(n => existing[n]);
        var saved = new Dictionary<(string, int), int>();
        foreach (var chunk in numberOf.Keys.Chunk(LookupChunk))
            foreach (var i in await db.Incomes.Where(i => chunk.Contains(i.HouseholdId)).Select(i => new { i.HouseholdId, i.Year, i.MembersCounted }).ToListAsync(ct))
                saved[(numberOf[i.HouseholdId], i.Year)] = i.MembersCounted;
        var membersOf = file.Members.ToLookup(m => m.HouseholdNumber);
        var present = new Dictionary<string, int>();
        int PresentOf(string number)
        {
            if (present.TryGetValue(number, out var count)) return count;
            var rows = membersOf[number].Select(r => r.Value.Member).ToList();
            var named = rows.Select(m => m.ResidentId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return present[number] = rows.Count(m => m.State == MemberState.Present)
                + stored.GetValueOrDefault(number, []).Count(m => m.State == MemberState.Present && !named.Contains(m.ResidentId));
        }
        foreach (var row in file.Incomes.Where(i => i.HouseholdNumber.Length > 0))
        {
            var income = row.Value.Income;
            var error = RegistryValidation.ImportedMembersCounted(income.MembersCounted, PresentOf(row.HouseholdNumber),
                saved.TryGetValue((row.HouseholdNumber, income.Year), out var s) ? s : null);
            if (error is not null)
                file.Errors.Add(new(row.Table, row.Row, RegistryTables.HeaderOf(RegistryTables.IncomeColumns, error.Field), error.Text, row.HouseholdNumber));
        }
    }

    private static void DuplicateIncomeYears(ImportFile file)
    {
        foreach (var group in file.Incomes.GroupBy(i => (i.HouseholdNumber, i.Value.Income.Year)).Where(g => g.Count() > 1))
            foreach (var row in group.Skip(1))
                file.Errors.Add(new(row.Table, row.Row, "年度", $"户{group.Key.HouseholdNumber}的{group.Key.Year}年收入重复",
                    $"income of {group.Key.Year} appears twice for household {group.Key.HouseholdNumber}", group.Key.HouseholdNumber));
    }
}
