using Jingzhun.Domain.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Regions;

/// <summary>A region change that cannot be made as asked: the problems by form field, in Chinese and English.</summary>
public sealed class RegionChangeException(IReadOnlyList<FieldError> errors)
    : Exception(string.Join("; ", errors.Select(e => e.Text.Both)))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>What a region change wrote: its change rows and how many households it moved.</summary>
public sealed record RegionChangeResult(IReadOnlyList<RegionChange> Changes, int HouseholdsMoved);

/// <summary>The flags and attributes of a unit that <see cref="RegionChanges.SetAttributesAsync"/> sets.</summary>
public sealed record RegionAttributes(bool IsWestern, bool IsPoorCounty, bool IsPoorVillage, bool IsDeepPoverty,
    int? PoorSinceYear, int? ExitedYear, string UrbanRuralClass);

/// <summary>
/// Versioned changes of the region tree. A change takes effect on a date: the unit's current row is closed
/// (<see cref="Region.ValidTo"/> = the date) and a new row added from that date; rows are never rewritten or
/// deleted. Each unit changed gets a <see cref="RegionChange"/> row. When villages merge or move, their households
/// move to the new village code in the same save (village and county codes change, household numbers never do),
/// each with audit lines whose reason names the change.
/// Rules: the date may not lie in the future (enter a change on the day it takes effect; the current tree is the
/// one whose rows have no end date), must be after the unit's current row began, and must lie after the last frozen
/// year-end, so a frozen year's tree never changes. Merges, splits and moves are for villages and townships inside
/// one county; renames and attributes for any level. Only system work, administrators and province (or national)
/// officers inside their region may change regions (<see cref="RegionPolicy"/>).
/// </summary>
public static class RegionChanges
{
    public const int ReasonLength = 400;

    public static async Task<RegionChangeResult> RenameAsync(JingzhunDbContext db, string code, string newName, DateOnly effective, string reason,
        DateTime now, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var current = await CurrentAsync(db, code, "code", errors, ct);
        newName = newName.Trim();
        if (newName.Length == 0) errors.Add(new("name", "新名称为空", "the new name is empty"));
        else if (newName.Length > 100) errors.Add(new("name", "新名称超过100字", "the new name is longer than 100 characters"));
        else if (current is not null && newName == current.Name) errors.Add(new("name", "新名称与现名称相同", "the new name is the current name"));
        await CommonChecksAsync(db, current, effective, reason, now, errors, ct);
        Throw(errors);

        var next = Successor(current!, effective);
        next.Name = newName;
        var change = Change(db, RegionChangeKind.Renamed, effective, current!, next, reason, now);
        return await SaveAsync(db, change, reason, [change], 0, ct);
    }

    public static async Task<RegionChangeResult> SetAttributesAsync(JingzhunDbContext db, string code, RegionAttributes attributes, DateOnly effective,
        string reason, DateTime now, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var current = await CurrentAsync(db, code, "code", errors, ct);
        if (attributes.UrbanRuralClass.Length > 0 && (attributes.UrbanRuralClass.Length != 3 || !attributes.UrbanRuralClass.All(char.IsAsciiDigit)))
            errors.Add(new("urbanRuralClass", "城乡分类代码应为3位数字", "the urban-rural class must be 3 digits"));
        foreach (var (field, year) in new[] { ("poorSinceYear", attributes.PoorSinceYear), ("exitedYear", attributes.ExitedYear) })
            if (year is { } y && y is < RegionTable.FirstYear or > RegionTable.LastYear)
                errors.Add(new(field, $"年份应在{RegionTable.FirstYear}–{RegionTable.LastYear}之间", $"the year must be from {RegionTable.FirstYear} to {RegionTable.LastYear}"));
        if (attributes is { PoorSinceYear: { } since, ExitedYear: { } exited } && exited < since)
            errors.Add(new("exitedYear", "退出年度早于列为贫困年度", "the exit year is before the year it was listed as poor"));
        if (current is not null && Same(current, attributes))
            errors.Add(new("code", "属性没有变化", "nothing changed"));
        // The poor flags are the present state of the place's designations (PoorAreas): they change only through a
        // designation or the identification and exit workflows, never by editing the attributes.
        if (current is not null && (current.IsPoorCounty != attributes.IsPoorCounty || current.IsPoorVillage != attributes.IsPoorVillage
            || current.IsDeepPoverty != attributes.IsDeepPoverty || current.PoorSinceYear != attributes.PoorSinceYear || current.ExitedYear != attributes.ExitedYear))
            errors.Add(new("isPoorVillage", "贫困村、贫困县、深度贫困和退出年度由认定记录和识别、退出程序设置，不能直接修改",
                "poor-village, poor-county and deep-poverty flags and the exit year follow the designations and the identification and exit workflows; they are not edited here"));
        await CommonChecksAsync(db, current, effective, reason, now, errors, ct);
        Throw(errors);

        var next = Successor(current!, effective);
        next.IsWestern = attributes.IsWestern;
        next.IsPoorCounty = attributes.IsPoorCounty;
        next.IsPoorVillage = attributes.IsPoorVillage;
        next.IsDeepPoverty = attributes.IsDeepPoverty;
        next.PoorSinceYear = attributes.PoorSinceYear;
        next.ExitedYear = attributes.ExitedYear;
        next.UrbanRuralClass = attributes.UrbanRuralClass;
        var change = Change(db, RegionChangeKind.AttributesChanged, effective, current!, next, reason, now);
        return await SaveAsync(db, change, reason, [change], 0, ct);
    }

    /// <summary>
    /// <paramref name="mergedCode"/> (village or township) is merged into <paramref name="intoCode"/> of the same level and county.
    /// A merged village's households move to the surviving village, whose new row carries both rural populations;
    /// a merged township's villages move under the surviving township with new codes.
    /// </summary>
    public static async Task<RegionChangeResult> MergeAsync(JingzhunDbContext db, string intoCode, string mergedCode, DateOnly effective, string reason,
        DateTime now, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var into = await CurrentAsync(db, intoCode, "into", errors, ct);
        var merged = await CurrentAsync(db, mergedCode, "merged", errors, ct);
        if (into is not null && merged is not null)
        {
            if (into.Code == merged.Code) errors.Add(new("merged", "不能并入自身", "a unit cannot be merged into itself"));
            else if (into.Level != merged.Level) errors.Add(new("merged", "只能合并同级区划", "only units of the same level merge"));
            else if (merged.Level is not (RegionLevel.Village or RegionLevel.Township))
                errors.Add(new("merged", "只能合并村或乡镇", "only villages and townships merge"));
            else if (into.Code[..6] != merged.Code[..6])
                errors.Add(new("merged", "暂不支持跨县合并", "merging across counties is not supported"));
        }
        await CommonChecksAsync(db, into, effective, reason, now, errors, ct);
        if (merged is not null) await CommonChecksAsync(db, merged, effective, reason, now, errors, ct, dateOnly: true);
        Throw(errors);

        var changes = new List<RegionChange>();
        var moved = 0;
        Close(merged!, effective);
        var survivor = into!;
        if (merged!.Level == RegionLevel.Village)
        {
            survivor = Successor(into!, effective);
            survivor.RuralPopulation = into!.RuralPopulation + merged.RuralPopulation;
            db.Regions.Add(survivor);
            moved = await MoveHouseholdsAsync(db, merged.Code, into.Code, ct);
        }
        else
            moved = await MoveVillagesAsync(db, merged.Code, into!.Code, effective, reason, now, changes, ct);
        var change = Change(db, RegionChangeKind.Merged, effective, merged, survivor, reason, now);
        change.HouseholdsMoved = moved;
        changes.Insert(0, change);
        return await SaveAsync(db, change, reason, changes, moved, ct);
    }

    /// <summary>
    /// A village or township is split into new units (new codes under the same parent). The first part takes the
    /// households of a split village, or the villages of a split township (households are then moved one by one).
    /// </summary>
    public static async Task<RegionChangeResult> SplitAsync(JingzhunDbContext db, string code, IReadOnlyList<(string Code, string Name)> parts,
        DateOnly effective, string reason, DateTime now, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var current = await CurrentAsync(db, code, "code", errors, ct);
        if (current is not null && current.Level is not (RegionLevel.Village or RegionLevel.Township))
            errors.Add(new("code", "只能拆分村或乡镇", "only villages and townships split"));
        if (parts.Count < 2) errors.Add(new("parts", "拆分至少要有两个新区划", "a split needs at least two new units"));
        var seen = new HashSet<string>();
        for (var i = 0; i < parts.Count; i++)
        {
            var (partCode, partName) = (parts[i].Code.Trim(), parts[i].Name.Trim());
            if (!RegionCode.TryParse(partCode, out var parsed, out _) || partCode.Length != 12)
                errors.Add(new("parts", $"第{i + 1}个新区划代码应为12位数字：{partCode}", $"new unit {i + 1}: the code must be 12 digits: {partCode}"));
            else if (current is not null && (parsed.Level != current.Level || parsed.Parent?.Value != current.ParentCode))
                errors.Add(new("parts", $"第{i + 1}个新区划代码{partCode}应与原区划同级、同上级", $"new unit {i + 1}: {partCode} must be at the same level and under the same parent"));
            else if (!seen.Add(partCode) || await db.Regions.AnyAsync(r => r.Code == partCode, ct))
                errors.Add(new("parts", $"区划代码{partCode}已使用过（代码不重复使用）", $"the code {partCode} has been used before (codes are never reused)"));
            if (partName.Length is 0 or > 100)
                errors.Add(new("parts", $"第{i + 1}个新区划名称为空或超过100字", $"new unit {i + 1}: the name is empty or longer than 100 characters"));
        }
        await CommonChecksAsync(db, current, effective, reason, now, errors, ct);
        Throw(errors);

        Close(current!, effective);
        var changes = new List<RegionChange>();
        var moved = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var next = Successor(current!, effective);
            next.Code = parts[i].Code.Trim();
            next.Name = parts[i].Name.Trim();
            next.RuralPopulation = i == 0 ? current!.RuralPopulation : 0;
            var change = Change(db, RegionChangeKind.Split, effective, current!, next, reason, now);
            changes.Add(change);
            if (i > 0) continue;
            if (current!.Level == RegionLevel.Village)
                change.HouseholdsMoved = moved = await MoveHouseholdsAsync(db, current.Code, next.Code, ct);
            else
                moved = await MoveVillagesAsync(db, current.Code, next.Code, effective, reason, now, changes, ct);
        }
        changes[0].HouseholdsMoved = moved;
        return await SaveAsync(db, changes[0], reason, changes, moved, ct);
    }

    /// <summary>A village moves under another township of its county, which gives it a new code (given, or the next free one).</summary>
    public static async Task<RegionChangeResult> MoveAsync(JingzhunDbContext db, string code, string newParentCode, string? newCode, DateOnly effective,
        string reason, DateTime now, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var current = await CurrentAsync(db, code, "code", errors, ct);
        var parent = await CurrentAsync(db, newParentCode, "parent", errors, ct);
        if (current is not null && current.Level != RegionLevel.Village)
            errors.Add(new("code", "只能调整村的隶属（乡镇请用合并）", "only villages move (merge townships instead)"));
        if (current is not null && parent is not null)
        {
            if (parent.Level != RegionLevel.Township) errors.Add(new("parent", "新上级应为乡镇", "the new parent must be a township"));
            else if (parent.Code == current.ParentCode) errors.Add(new("parent", "新上级与现上级相同", "the new parent is the current parent"));
            else if (parent.Code[..6] != current.Code[..6]) errors.Add(new("parent", "暂不支持跨县调整", "moves across counties are not supported"));
        }
        newCode = newCode?.Trim();
        if (!string.IsNullOrEmpty(newCode) && parent is not null)
        {
            if (newCode.Length != 12 || !RegionCode.TryParse(newCode, out var parsed, out _) || parsed.Level != RegionLevel.Village || parsed.Parent?.Value != parent.Code)
                errors.Add(new("newCode", $"新代码应为新上级{parent.Code}下的12位村代码", $"the new code must be a 12-digit village code under {parent.Code}"));
            else if (await db.Regions.AnyAsync(r => r.Code == newCode, ct))
                errors.Add(new("newCode", $"区划代码{newCode}已使用过（代码不重复使用）", $"the code {newCode} has been used before (codes are never reused)"));
        }
        await CommonChecksAsync(db, current, effective, reason, now, errors, ct);
        if (parent is not null) RequireScope(db, parent.Code);
        Throw(errors);

        var next = Successor(current!, effective);
        Close(current!, effective);
        next.Code = string.IsNullOrEmpty(newCode) ? await FreeCodeAsync(db, parent!.Code, current!.Code, ct) : newCode;
        next.ParentCode = parent!.Code;
        var moved = await MoveHouseholdsAsync(db, current!.Code, next.Code, ct);
        var change = Change(db, RegionChangeKind.Moved, effective, current, next, reason, now);
        change.HouseholdsMoved = moved;
        return await SaveAsync(db, change, reason, [change], moved, ct);
    }

    /// <summary>
    /// Sets a unit's rural registered population for a year (an upsert); a figure for the latest year given also becomes
    /// the unit's current <see cref="Region.RuralPopulation"/>.
    /// </summary>
    public static async Task SetPopulationAsync(JingzhunDbContext db, string code, int year, int people, string reason, DateTime now, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var current = await CurrentAsync(db, code, "code", errors, ct);
        if (year is < RegionTable.FirstYear or > RegionTable.LastYear)
            errors.Add(new("year", $"年份应在{RegionTable.FirstYear}–{RegionTable.LastYear}之间", $"the year must be from {RegionTable.FirstYear} to {RegionTable.LastYear}"));
        if (people < 0) errors.Add(new("population", "人口不能为负", "the population cannot be negative"));
        CheckReason(reason, errors);
        if (current is not null) RequireScope(db, current.Code);
        Throw(errors);

        var row = await db.RegionPopulations.FirstOrDefaultAsync(p => p.RegionCode == code && p.Year == year, ct);
        if (row is null) db.RegionPopulations.Add(new RegionPopulation { RegionCode = code, Year = year, RuralPopulation = people });
        else row.RuralPopulation = people;
        var latest = await db.RegionPopulations.Where(p => p.RegionCode == code).MaxAsync(p => (int?)p.Year, ct);
        if (latest is null || year >= latest) current!.RuralPopulation = people;
        db.ChangeReason = $"农村户籍人口（{year}年）：{reason.Trim()} / rural population ({year}): {reason.Trim()}";
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.ChangeReason = null;
        }
    }

    /// <summary>The change rows that name the unit, oldest first, and all its rows (current and past).</summary>
    public static async Task<(List<RegionChange> Changes, List<Region> Rows)> HistoryAsync(JingzhunDbContext db, string code, CancellationToken ct = default)
    {
        var changes = await db.RegionChanges.AsNoTracking().Where(c => c.FromCode == code || c.ToCode == code)
            .OrderBy(c => c.EffectiveDate).ThenBy(c => c.Id).ToListAsync(ct);
        var rows = await db.Regions.AsNoTracking().Where(r => r.Code == code).OrderBy(r => r.ValidFrom).ToListAsync(ct);
        return (changes, rows);
    }

    private static bool Same(Region r, RegionAttributes a) =>
        r.IsWestern == a.IsWestern && r.IsPoorCounty == a.IsPoorCounty && r.IsPoorVillage == a.IsPoorVillage && r.IsDeepPoverty == a.IsDeepPoverty
        && r.PoorSinceYear == a.PoorSinceYear && r.ExitedYear == a.ExitedYear && r.UrbanRuralClass == a.UrbanRuralClass;

    private static async Task<Region?> CurrentAsync(JingzhunDbContext db, string code, string field, List<FieldError> errors, CancellationToken ct)
    {
        code = code.Trim();
        var region = await db.Regions.FirstOrDefaultAsync(r => r.Code == code && r.ValidTo == null, ct);
        if (region is null) errors.Add(new(field, $"找不到现行区划{code}", $"there is no current region {code}"));
        return region;
    }

    private static void RequireScope(JingzhunDbContext db, string code)
    {
        if (!RegionPolicy.MayChange(db.Scope, code))
            throw new ScopeViolationException($"{db.Scope.Actor} may not change the region {code} (province officers and administrators only)", code);
    }

    private static void CheckReason(string reason, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(reason)) errors.Add(new("reason", "请填写调整原因（如批准文号）", "give the reason (e.g. the approval document)"));
        else if (reason.Trim().Length > ReasonLength) errors.Add(new("reason", $"原因超过{ReasonLength}字", $"the reason is longer than {ReasonLength} characters"));
    }

    private static async Task CommonChecksAsync(JingzhunDbContext db, Region? current, DateOnly effective, string reason, DateTime now,
        List<FieldError> errors, CancellationToken ct, bool dateOnly = false)
    {
        if (current is not null) RequireScope(db, current.Code);
        if (!dateOnly) CheckReason(reason, errors);
        var today = DateOnly.FromDateTime(now);
        if (effective > today)
        {
            if (!dateOnly)
                errors.Add(new("effective", $"生效日期不能晚于今天（{RegionTable.FormatDate(today)}）：请在生效之日录入调整",
                    $"the effective date cannot be after today ({RegionTable.FormatDate(today)}): enter a change on the day it takes effect"));
            return;
        }
        if (current is not null && effective <= current.ValidFrom)
            errors.Add(new("effective", $"生效日期应晚于{current.Name}现行记录的生效日期{RegionTable.FormatDate(current.ValidFrom)}",
                $"the effective date must be after {RegionTable.FormatDate(current.ValidFrom)}, when the current row of {current.Name} began"));
        if (dateOnly) return;
        var frozen = await db.Snapshots.MaxAsync(s => (int?)s.Year, ct);
        if (frozen is { } year && effective.Year <= year)
            errors.Add(new("effective", $"{year}年已年终冻结：生效日期应在{year + 1}-01-01或之后", $"the year {year} is frozen: the effective date must be {year + 1}-01-01 or later"));
    }

    private static void Throw(List<FieldError> errors)
    {
        if (errors.Count > 0) throw new RegionChangeException(errors.Distinct().ToList());
    }

    private static void Close(Region current, DateOnly effective) => current.ValidTo = effective;

    /// <summary>Closes the current row and adds its successor (the same unit from the date), which the caller then changes.</summary>
    private static Region Successor(Region current, DateOnly effective)
    {
        current.ValidTo = effective;
        return new Region
        {
            Code = current.Code, Name = current.Name, Level = current.Level, ParentCode = current.ParentCode, ValidFrom = effective,
            IsWestern = current.IsWestern, IsPoorCounty = current.IsPoorCounty, IsPoorVillage = current.IsPoorVillage, IsDeepPoverty = current.IsDeepPoverty,
            RuralPopulation = current.RuralPopulation, UrbanRuralClass = current.UrbanRuralClass, PoorSinceYear = current.PoorSinceYear, ExitedYear = current.ExitedYear,
        };
    }

    private static RegionChange Change(JingzhunDbContext db, RegionChangeKind kind, DateOnly effective, Region from, Region to, string reason, DateTime now)
    {
        if (db.Entry(to).State == EntityState.Detached) db.Regions.Add(to);
        var change = new RegionChange
        {
            Kind = kind, EffectiveDate = effective, FromCode = from.Code, FromName = from.Name, ToCode = to.Code, ToName = to.Name,
            Reason = reason.Trim(), Actor = db.Scope.Actor, At = now,
        };
        db.RegionChanges.Add(change);
        return change;
    }

    /// <summary>
    /// A township's villages follow it to another township code: each gets the next free code there, a new region row,
    /// its households and a "moved" change (added to <paramref name="changes"/>). Returns the households moved.
    /// </summary>
    private static async Task<int> MoveVillagesAsync(JingzhunDbContext db, string fromTownship, string toTownship, DateOnly effective,
        string reason, DateTime now, List<RegionChange> changes, CancellationToken ct)
    {
        var moved = 0;
        foreach (var village in await ChildrenAsync(db, fromTownship, ct))
        {
            var next = Successor(village, effective);
            next.Code = await FreeCodeAsync(db, toTownship, village.Code, ct);
            next.ParentCode = toTownship;
            var households = await MoveHouseholdsAsync(db, village.Code, next.Code, ct);
            moved += households;
            var change = Change(db, RegionChangeKind.Moved, effective, village, next, reason, now);
            change.HouseholdsMoved = households;
            changes.Add(change);
        }
        return moved;
    }

    private static Task<List<Region>> ChildrenAsync(JingzhunDbContext db, string parentCode, CancellationToken ct) =>
        db.Regions.Where(r => r.ParentCode == parentCode && r.ValidTo == null).OrderBy(r => r.Code).ToListAsync(ct);

    /// <summary>
    /// A village code under <paramref name="township"/> never used before: the village's own last three digits when free,
    /// else the next number after the highest ever used there (codes are never reused, so history stays unambiguous).
    /// </summary>
    private static async Task<string> FreeCodeAsync(JingzhunDbContext db, string township, string village, CancellationToken ct)
    {
        var prefix = township[..9];
        var used = (await db.Regions.Where(r => r.Code.StartsWith(prefix)).Select(r => r.Code).ToListAsync(ct))
            .Concat(db.ChangeTracker.Entries<Region>().Select(e => e.Entity.Code).Where(c => c.StartsWith(prefix, StringComparison.Ordinal)))
            .ToHashSet();
        var same = prefix + village[9..];
        if (!used.Contains(same)) return same;
        var highest = used.Select(c => int.Parse(c[9..], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        if (highest >= 999) throw new RegionChangeException([new("parent", $"乡镇{township}下已无可用的村代码", $"no village code is left under {township}")]);
        return prefix + (highest + 1).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Moves every household of a village (and its active assignments' village) to the new code; returns how many.</summary>
    private static async Task<int> MoveHouseholdsAsync(JingzhunDbContext db, string from, string to, CancellationToken ct)
    {
        var households = await db.Households.Where(h => h.VillageCode == from).ToListAsync(ct);
        foreach (var h in households)
        {
            h.VillageCode = to;
            h.CountyCode = Household.CountyOf(to);
        }
        foreach (var a in await db.Assignments.Where(a => a.VillageCode == from).ToListAsync(ct))
            a.VillageCode = to;
        return households.Count;
    }

    private static async Task<RegionChangeResult> SaveAsync(JingzhunDbContext db, RegionChange main, string reason, IReadOnlyList<RegionChange> changes,
        int moved, CancellationToken ct)
    {
        var date = RegionTable.FormatDate(main.EffectiveDate);
        db.ChangeReason = $"区划调整（{main.Kind.Chinese()}）：{main.FromName}{main.FromCode} → {main.ToName}{main.ToCode}，{date}生效：{reason.Trim()} / " +
                          $"region change ({main.Kind.English()}): {main.FromCode} → {main.ToCode}, effective {date}: {reason.Trim()}";
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.ChangeReason = null;
        }
        return new RegionChangeResult(changes, moved);
    }
}
