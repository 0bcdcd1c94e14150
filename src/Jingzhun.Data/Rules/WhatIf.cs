using Jingzhun.Data.Database;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Data.Rules;

/// <summary>One household whose outcome differs under the proposed rules.</summary>
public sealed record WhatIfChange(long HouseholdId, string Number, string VillageCode, HouseholdStatus Status, int People,
    string Rule, bool Before, bool After, IReadOnlyList<string> FailingBefore, IReadOnlyList<string> FailingAfter)
{
    public string TownshipCode => VillageCode.Length >= 9 ? VillageCode[..9] + "000" : VillageCode;
    public string CountyCode => Household.CountyOf(VillageCode) + "000000";
    public bool IsExit => Rule == HouseholdRules.ExitRule;
}

/// <summary>Households and people that change, for one area (county, township or village).</summary>
public sealed record WhatIfGroup(string RegionCode, int Level, int ExitLost, int ExitGained, int IdentificationGained, int IdentificationLost, int Households, int People);

public sealed record WhatIfResult(RuleSet Proposed, int Evaluated, IReadOnlyList<WhatIfChange> Changes)
{
    public int People => Changes.Sum(c => c.People);

    /// <summary>The changes summed by county, township and village (level 0, 1, 2), in code order.</summary>
    public IReadOnlyList<WhatIfGroup> Groups() =>
    [
        .. new (Func<WhatIfChange, string> Key, int Level)[] { (c => c.CountyCode, 0), (c => c.TownshipCode, 1), (c => c.VillageCode, 2) }
            .SelectMany(k => Changes.GroupBy(k.Key).Select(g => new WhatIfGroup(g.Key, k.Level,
                g.Count(c => c.IsExit && c.Before && !c.After), g.Count(c => c.IsExit && !c.Before && c.After),
                g.Count(c => !c.IsExit && !c.Before && c.After), g.Count(c => !c.IsExit && c.Before && !c.After),
                g.Count(), g.Sum(c => c.People))))
            .OrderBy(g => g.RegionCode, StringComparer.Ordinal).ThenBy(g => g.Level),
    ];
}

/// <summary>
/// What-if: runs a proposed rule set over the registry in the reader's scope without changing it.
/// Poor and returned households are tested for exit, not-poor and exited ones for identification,
/// each under the proposal and under the rules in force; only differences are kept.
/// Households stream in id order, untracked, with their members and incomes beside them, so a county of 20,000
/// households (or a province of millions) stays small in memory.
/// </summary>
public static class WhatIf
{
    private static readonly HouseholdStatus[] Considered = [HouseholdStatus.Poor, HouseholdStatus.Returned, HouseholdStatus.NotPoor, HouseholdStatus.Exited];

    public static async Task<WhatIfResult> RunAsync(JingzhunDbContext db, RuleSet proposed, CancellationToken ct = default)
    {
        var year = proposed.Year;
        // By province (the rules in force differ only there): the rules of each year, and whether the proposal equals them.
        var inForce = new Dictionary<string, (Func<int, RuleSet> Rules, bool Same)>();
        var proposedText = RuleBook.Serialize(proposed);
        var changes = new List<WhatIfChange>();
        var evaluated = 0;
        // Read before the households stream: their statement holds the connection until the last household.
        var published = await RuleBook.PublishedAsync(db, year - 5, year, ct);
        await foreach (var household in HouseholdsAsync(db, year, ct))
        {
            var province = household.VillageCode[..2];
            if (!inForce.TryGetValue(province, out var rules))
            {
                var years = RuleBook.YearsFor(published, household.VillageCode, year - 5, year);
                inForce[province] = rules = (years, RuleBook.Serialize(years(year)) == proposedText);
            }
            var current = rules.Rules;
            evaluated++;
            // The proposal replaces the rules of its own year and jurisdiction only; where it equals them nothing can change.
            var applies = household.VillageCode.StartsWith(proposed.Jurisdiction, StringComparison.Ordinal);
            if (!applies || rules.Same) continue;
            if (Compare(household, current, y => y == year ? proposed : current(y), year) is { } change) changes.Add(change);
        }
        return new WhatIfResult(proposed, evaluated, changes);
    }

    /// <summary>
    /// The households the rules consider, each with its present members and the incomes the rules read: three statements
    /// read side by side in household order and merged here, so each table is read once, in the order of its index, as a
    /// plain scan of the same columns reads it (issue 19: pages of 5,000 households, three statements each, cost PostgreSQL
    /// about three times that scan). Only the columns the rules use, no names: a what-if reports household numbers and
    /// criteria, never personal data. The households carry the actor's scope filter. Members and incomes are read without
    /// it, within the scope's range of household ids, and kept only for the households read: the same rows the filter
    /// would admit (it admits a member or an income exactly when it admits its household), without joining every row to
    /// its household. PostgreSQL runs one statement at a time on a connection, so the members and incomes are read on
    /// connections of their own, through contexts of the same target and scope.
    /// </summary>
    private static async IAsyncEnumerable<Household> HouseholdsAsync(JingzhunDbContext db, int year,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var considered = db.Households.AsNoTracking().AsSingleQuery().Where(h => Considered.Contains(h.Status));
        var range = await considered.GroupBy(_ => 1).Select(g => new { First = g.Min(h => h.Id), Last = g.Max(h => h.Id) }).FirstOrDefaultAsync(ct);
        if (range is null) yield break;
        var target = db.Target ?? throw new InvalidOperationException("a what-if needs a context made for a database target");
        await using var membersDb = JingzhunDb.Create(target, db.Scope, db.Clock);
        await using var incomesDb = JingzhunDb.Create(target, db.Scope, db.Clock);

        var households = considered.OrderBy(h => h.Id).Select(h => new Household
        {
            Id = h.Id, Number = h.Number, VillageCode = h.VillageCode, Status = h.Status,
            HousingSafety = h.HousingSafety, DrinkingWater = h.DrinkingWater,
        });
        var members = membersDb.Members.IgnoreQueryFilters().AsNoTracking().AsSingleQuery()
            .Where(m => m.HouseholdId >= range.First && m.HouseholdId <= range.Last && m.State == MemberState.Present)
            .OrderBy(m => m.HouseholdId)
            .Select(m => new Member
            {
                HouseholdId = m.HouseholdId, Name = "", ResidentId = "", BirthDate = m.BirthDate,
                Schooling = m.Schooling, HasMedicalInsurance = m.HasMedicalInsurance, State = m.State,
            });
        var incomes = incomesDb.Incomes.IgnoreQueryFilters().AsNoTracking().AsSingleQuery()
            .Where(i => i.HouseholdId >= range.First && i.HouseholdId <= range.Last && i.Year > year - 6 && i.Year <= year)
            .OrderBy(i => i.HouseholdId)
            .Select(i => new HouseholdIncome
            {
                HouseholdId = i.HouseholdId, Year = i.Year, MembersCounted = i.MembersCounted, Wages = i.Wages,
                ProductionIncome = i.ProductionIncome, PropertyIncome = i.PropertyIncome, Pension = i.Pension,
                DibaoAllowance = i.DibaoAllowance, ExtremeHardshipAllowance = i.ExtremeHardshipAllowance,
                EcologicalCompensation = i.EcologicalCompensation, OtherTransfers = i.OtherTransfers, ProductionCosts = i.ProductionCosts,
            });
        await using var memberRows = new Ordered<Member>(members.AsAsyncEnumerable().GetAsyncEnumerator(ct), m => m.HouseholdId);
        await using var incomeRows = new Ordered<HouseholdIncome>(incomes.AsAsyncEnumerable().GetAsyncEnumerator(ct), i => i.HouseholdId);
        await foreach (var household in households.AsAsyncEnumerable().WithCancellation(ct))
        {
            await foreach (var member in memberRows.OfAsync(household.Id)) household.Members.Add(member);
            await foreach (var income in incomeRows.OfAsync(household.Id)) household.Incomes.Add(income);
            yield return household;
        }
    }

    /// <summary>Rows in household order, handed out household by household; rows of households not asked for are passed over.</summary>
    private sealed class Ordered<T>(IAsyncEnumerator<T> rows, Func<T, long> householdOf) : IAsyncDisposable
    {
        private bool started;
        private bool more;

        public async IAsyncEnumerable<T> OfAsync(long householdId)
        {
            if (!started) (started, more) = (true, await rows.MoveNextAsync());
            while (more && householdOf(rows.Current) < householdId) more = await rows.MoveNextAsync();
            while (more && householdOf(rows.Current) == householdId)
            {
                yield return rows.Current;
                more = await rows.MoveNextAsync();
            }
        }

        public ValueTask DisposeAsync() => rows.DisposeAsync();
    }

    private static WhatIfChange? Compare(Household household, Func<int, RuleSet> current, Func<int, RuleSet> proposed, int year)
    {
        var poor = household.Status is HouseholdStatus.Poor or HouseholdStatus.Returned;
        // Plain pass/fail first; the decisions with their trace are built only for the few households whose outcome changes.
        bool Passes(Func<int, RuleSet> rules) => poor ? HouseholdRules.PassesExit(household, rules(year), rules) : HouseholdRules.PassesIdentification(household, rules(year));
        if (Passes(current) == Passes(proposed)) return null;
        var before = poor ? HouseholdRules.EvaluateExit(household, current(year), current) : HouseholdRules.EvaluateIdentification(household, current(year));
        var after = poor ? HouseholdRules.EvaluateExit(household, proposed(year), proposed) : HouseholdRules.EvaluateIdentification(household, proposed(year));
        return new WhatIfChange(household.Id, household.Number, household.VillageCode, household.Status, household.PresentMembers.Count(),
            before.Rule, before.Passed, after.Passed, Codes(before, poor), Codes(after, poor));
    }

    /// <summary>For exit the failing criteria matter; for identification the passing one (income below the line) is the reason.</summary>
    private static string[] Codes(Decision d, bool exit) => exit ? [.. d.Failed.Select(c => c.Code)] : [.. d.Criteria.Where(c => c.Passed).Select(c => c.Code)];

    /// <summary>The change list as an xlsx sheet; the only thing a what-if writes is the audit entry of the export.</summary>
    public static async Task<byte[]> ExportAsync(JingzhunDbContext db, WhatIfResult result, string ruleSetLabel, DateTime now,
        CancellationToken ct = default)
    {
        var rows = result.Changes.Select(c => new Dictionary<string, object>
        {
            ["户编号 Household"] = c.Number, ["村 Village"] = c.VillageCode, ["户状态 Status"] = c.Status.ToString(), ["人数 People"] = c.People,
            ["规则 Rule"] = c.Rule, ["现行 Before"] = Outcome(c, c.Before), ["拟议 After"] = Outcome(c, c.After),
            ["现行条件 Criteria before"] = string.Join(",", c.FailingBefore), ["拟议条件 Criteria after"] = string.Join(",", c.FailingAfter),
        }).ToList();
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows, sheetName: "whatif", cancellationToken: ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = AuditAction.Export, EntityType = "WhatIf", EntityId = ruleSetLabel,
            RegionCode = db.Scope.RegionPrefix,
            Reason = $"导出规则测算结果（{ruleSetLabel}，{result.Changes.Count}户） / exported the what-if of {ruleSetLabel} ({result.Changes.Count} households)",
        });
        await db.SaveChangesAsync(ct);
        return stream.ToArray();
    }

    public static string Outcome(WhatIfChange c, bool passed) => c.IsExit
        ? passed ? "可退出 exit-ready" : "未达退出 not exit-ready"
        : passed ? "符合识别 identifiable" : "不符合识别 not identifiable";
}
