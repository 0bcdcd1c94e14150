using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Monitoring;

/// <summary>How a department file is imported.</summary>
/// <param name="Department">The sending department, in its own name (医保局, 残联, 民政局…).</param>
/// <param name="SkipInvalid">Write the good rows and skip (and report) the bad ones, instead of refusing the file.</param>
/// <param name="FileName">The name the user knows the file by (an upload's original name); the path's name otherwise.</param>
/// <param name="CountyCode">The county whose registry is matched, for system work above county level; an officer's own region otherwise.</param>
public sealed record FeedOptions(string Department, bool SkipInvalid = false, string? FileName = null, string? CountyCode = null);

/// <summary>What came of a department file: its counts, every problem by row and column, and whether anything was written.</summary>
public sealed class FeedReport
{
    public long? FeedId { get; set; }
    public int Rows { get; set; }
    public int Matched { get; set; }
    public int Signals { get; set; }
    public int Skipped { get; set; }
    /// <summary>Signals that opened new monitoring work, joined open work, or flagged an exclusion check.</summary>
    public int CasesOpened { get; set; }
    public int Flagged { get; set; }
    public List<ImportError> Errors { get; } = [];
    /// <summary>True when nothing was written (errors without skip-invalid, or a file refused as a whole).</summary>
    public bool Rejected { get; set; }
}

/// <summary>
/// Department early warning (部门筛查预警, 003.md §3.8): a department's file of events (medical bills, disability,
/// 低保, unemployment, disasters, drop-outs, unsafe housing, income drops, and the exclusion checks) is matched to
/// households by a member's resident ID, in bulk, against the importer's region and only where the household's
/// data-check consent is on record; each matched row becomes a signal on the department-warning channel, routed as
/// <see cref="MonitoringWork.RaiseSignalAsync"/> routes one. All or nothing, unless skip-invalid is asked for.
/// </summary>
public static class DepartmentFeeds
{
    /// <summary>
    /// County officers (and system work). A feed is a row of its county (<see cref="DepartmentFeed.CountyCode"/>), which a
    /// township officer may neither write nor read; letting townships import needs a region column on the feed.
    /// </summary>
    private static readonly Role[] Importers = [Role.CountyOfficer];

    /// <summary>Whether this scope may import department files (the page shows its form, the API takes the upload).</summary>
    public static bool MayImport(AccessScope scope) =>
        (scope.IsAdministrator && scope.Role is null) || (scope.Role is { } role && Importers.Contains(role) && scope.CanWrite);

    /// <summary>Rows routed (and saved) per batch; the change tracker is cleared between batches.</summary>
    private const int BatchSize = 500;

    public static async Task<FeedReport> ImportAsync(JingzhunDbContext db, string path, FeedOptions options, DateTime now, CancellationToken ct = default)
    {
        var report = new FeedReport();
        var department = options.Department.Trim();
        var name = string.IsNullOrWhiteSpace(options.FileName) ? Path.GetFileName(path) : Path.GetFileName(options.FileName.Trim());
        var (county, prefix) = RegionOf(db, options.CountyCode);
        MonitoringWork.RequireRole(db, Importers, prefix, new("导入部门预警数据", "import department warning data"));
        if (department.Length == 0 || department.Length > 50)
            throw new WorkflowBlockedException("须填写数据来源部门（不超过50字）", "name the sending department (at most 50 characters)");

        var file = FeedFile.Read(path, name, DateOnly.FromDateTime(now), ct);
        report.Rows = file.RowCount;
        report.Errors.AddRange(file.Errors);
        if (file.RefusedWhole)
        {
            report.Rejected = true;
            report.Skipped = report.Rows;
            return report;
        }

        // Match the good rows in one query, with the consent check; a row that matches nothing or lacks consent is bad too.
        List<FeedMatch> matches;
        try
        {
            await FeedMatching.StageAsync(db, file.Rows.Select(r => (r.Row, r.ResidentId)), ct);
            matches = await FeedMatching.MatchAsync(db, prefix, ct);
        }
        finally
        {
            await FeedMatching.DropAsync(db, CancellationToken.None);
        }
        var byRow = matches.ToDictionary(m => m.Row);
        var numbers = await NumbersAsync(db, matches.Where(m => !m.Consent).Select(m => m.HouseholdId).Distinct().ToList(), ct);
        var good = new List<(FeedRow Row, long HouseholdId)>();
        foreach (var row in file.Rows)
        {
            if (!byRow.TryGetValue(row.Row, out var match))
                report.Errors.Add(new ImportError(name, row.Row, FeedFile.IdHeader,
                    $"身份证号{Masking.ResidentId(row.ResidentId)}不在本辖区的建档立卡登记中（或此人已不在户）",
                    $"resident ID {Masking.ResidentId(row.ResidentId)} is not in the registry of your region (or no longer a present member)"));
            else if (!match.Consent)
                report.Errors.Add(new ImportError(name, row.Row, FeedFile.IdHeader,
                    $"该户未签署数据核查授权，不能比对部门数据（户编号{numbers.GetValueOrDefault(match.HouseholdId)}，身份证号{Masking.ResidentId(row.ResidentId)}）",
                    $"the household has not signed a data-check consent; department data cannot be matched (household {numbers.GetValueOrDefault(match.HouseholdId)}, resident ID {Masking.ResidentId(row.ResidentId)})",
                    numbers.GetValueOrDefault(match.HouseholdId) ?? ""));
            else good.Add((row, match.HouseholdId));
        }
        report.Matched = good.Count;
        report.Errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        report.Skipped = report.Rows - good.Count;
        if (report.Errors.Count > 0 && !options.SkipInvalid)
        {
            report.Rejected = true;
            report.Matched = 0;
            return report;
        }

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var feed = new DepartmentFeed
        {
            CountyCode = county, Department = department, FileName = name.Length > 200 ? name[..200] : name, ImportedAt = now,
            ImportedBy = db.Scope.Actor, Rows = report.Rows, Matched = good.Count, Skipped = report.Skipped,
        };
        db.DepartmentFeeds.Add(feed);
        await db.SaveChangesAsync(ct);
        var signals = await RaiseAsync(db, feed, good, now, report, ct);
        feed = await db.DepartmentFeeds.SingleAsync(f => f.Id == feed.Id, ct);
        feed.Signals = signals;
        await db.SaveChangesAsync(ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        report.FeedId = feed.Id;
        report.Signals = signals;
        return report;
    }

    /// <summary>The feeds of the actor's region, newest first.</summary>
    public static Task<List<DepartmentFeed>> ListAsync(JingzhunDbContext db, int take = 100, CancellationToken ct = default) =>
        db.DepartmentFeeds.AsNoTracking().OrderByDescending(f => f.ImportedAt).ThenByDescending(f => f.Id).Take(take).ToListAsync(ct);

    /// <summary>
    /// One signal per matched row, routed in batches: the batch's households, open monitoring cases and active monitored
    /// objects are read in three queries; a household without either gets one new case, which its later rows join.
    /// </summary>
    private static async Task<int> RaiseAsync(JingzhunDbContext db, DepartmentFeed feed, List<(FeedRow Row, long HouseholdId)> rows, DateTime now,
        FeedReport report, CancellationToken ct)
    {
        var count = 0;
        var opened = new Dictionary<long, long>(); // household → the case this feed opened
        foreach (var batch in rows.Chunk(BatchSize))
        {
            var ids = batch.Select(b => b.HouseholdId).Distinct().ToList();
            var households = await db.Households.Where(h => ids.Contains(h.Id)).ToDictionaryAsync(h => h.Id, ct);
            var openCases = (await db.Cases.Where(c => c.HouseholdId != null && ids.Contains(c.HouseholdId.Value) && c.Kind == CaseKind.Monitoring && c.ClosedAt == null)
                .Select(c => new { HouseholdId = c.HouseholdId!.Value, c.Id }).ToListAsync(ct))
                .GroupBy(c => c.HouseholdId).ToDictionary(g => g.Key, g => g.Min(c => c.Id));
            var monitored = (await db.MonitoredObjects.Where(m => ids.Contains(m.HouseholdId) && m.State != RiskState.Eliminated)
                .Select(m => m.HouseholdId).ToListAsync(ct)).ToHashSet();
            foreach (var (row, householdId) in batch)
            {
                if (!households.TryGetValue(householdId, out var household)) continue; // out of scope since matching: cannot happen in one transaction
                var signal = new RiskSignal
                {
                    HouseholdId = household.Id, Household = household, VillageCode = household.VillageCode, Channel = DiscoveryChannel.DepartmentWarning,
                    Kind = row.Kind, Source = feed.Department, Evidence = Evidence(feed.Department, row), Amount = row.Amount, EventDate = row.EventDate,
                    RaisedAt = now, FeedId = feed.Id,
                };
                db.RiskSignals.Add(signal);
                count++;
                long? caseId = openCases.TryGetValue(household.Id, out var open) || opened.TryGetValue(household.Id, out open) ? open : null;
                var route = MonitoringWork.Settle(signal, MonitoringRules.Route(signal.Kind, caseId is not null, monitored.Contains(household.Id), household.Status),
                    household, caseId, now);
                if (route == SignalRoute.FlagForReview) report.Flagged++;
                if (route != SignalRoute.OpenCase) continue;
                var workflowCase = await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.Monitoring, household.Id, now.Year,
                    $"{DiscoveryChannel.DepartmentWarning.Chinese()}：{signal.Kind.Chinese()}（{feed.Department}）", now, ct: ct);
                signal.CaseId = workflowCase.Id;
                opened[household.Id] = workflowCase.Id;
                report.CasesOpened++;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return count;
    }

    /// <summary>What the signal says: the department's item, amount and date, and its own words (IDs already masked).</summary>
    private static string Evidence(string department, FeedRow row)
    {
        var text = $"{department}：{row.Kind.Chinese()}，{row.EventDate:yyyy-MM-dd}" + (row.Amount is { } a ? $"，{a}元" : "")
                   + (row.Evidence.Length > 0 ? $"。{row.Evidence}" : "");
        return text.Length <= 1000 ? text : text[..1000];
    }

    /// <summary>The county of the feed and the region prefix its rows are matched within: the officer's own region, or the county given for system work.</summary>
    private static (string County, string Prefix) RegionOf(JingzhunDbContext db, string? countyCode)
    {
        var prefix = db.Scope.RegionPrefix;
        if (prefix.Length >= 6) return (prefix[..6], prefix);
        var county = (countyCode ?? "").Trim();
        if (county.Length != 6 || !county.All(char.IsAsciiDigit) || !county.StartsWith(prefix, StringComparison.Ordinal))
            throw new WorkflowBlockedException("须指定县（6位县级代码）：部门数据按县比对", "give the county (its 6-digit code): department data is matched county by county");
        return (county, county);
    }

    private static async Task<Dictionary<long, string>> NumbersAsync(JingzhunDbContext db, List<long> ids, CancellationToken ct)
    {
        var numbers = new Dictionary<long, string>();
        foreach (var chunk in ids.Chunk(1000))
            foreach (var h in await db.Households.Where(h => chunk.Contains(h.Id)).Select(h => new { h.Id, h.Number }).ToListAsync(ct))
                numbers[h.Id] = h.Number;
        return numbers;
    }
}
