using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assistance;

/// <summary>How a roster file is imported.</summary>
/// <param name="CountyCode">The county whose roster the file fills (6 digits; a county officer's own county when empty).</param>
/// <param name="SkipInvalid">Write the good rows and skip (and report) the bad ones, instead of refusing the file.</param>
/// <param name="FileName">The name the user knows the file by (an upload's original name); the path's name otherwise.</param>
public sealed record RosterImportOptions(string? CountyCode = null, bool SkipInvalid = false, string? FileName = null);

/// <summary>What came of a roster file: its counts, every problem by row and column, and whether anything was written.</summary>
public sealed class RosterImportReport
{
    public string CountyCode { get; set; } = "";
    public int Rows { get; set; }
    public int Added { get; set; }
    public int Linked { get; set; }
    public int Paired { get; set; }
    public int Skipped { get; set; }
    public List<ImportError> Errors { get; } = [];
    /// <summary>True when nothing was written (errors without skip-invalid, or a file refused as a whole).</summary>
    public bool Rejected { get; set; }
}

/// <summary>
/// Imports a roster file (<see cref="RosterFile"/>) into a county's roster: each good row adds a serving cadre, links the
/// named sign-in account and pairs the listed households of the county with them, all in one transaction. The rows are
/// checked against the database first (the account, the households, a cadre already on the roster); a file with any bad
/// row writes nothing, unless skip-invalid is asked for, and then writes only its good rows.
/// </summary>
public static class RosterImport
{
    public const string PairReason = "花名册导入结对";

    public static async Task<RosterImportReport> ImportAsync(JingzhunDbContext db, string path, RosterImportOptions options, DateOnly today,
        CancellationToken ct = default)
    {
        var county = CadreRoster.CountyCode(CadreRoster.CountyFor(db.Scope, options.CountyCode) ?? "");
        AssistanceSteps.Require(db, AssistanceRoles.ManageRoster, county, new Bilingual("导入帮扶责任人花名册", "import a roster of assistance cadres"));
        var name = string.IsNullOrWhiteSpace(options.FileName) ? Path.GetFileName(path) : Path.GetFileName(options.FileName.Trim());
        var report = new RosterImportReport { CountyCode = county };
        var file = RosterFile.Read(path, name, ct);
        report.Rows = file.RowCount;
        report.Errors.AddRange(file.Errors);
        if (file.RefusedWhole)
        {
            report.Rejected = true;
            report.Skipped = report.Rows;
            return report;
        }

        // The rows against the database: accounts, households of the county, people already on the roster, repeats in the file.
        var userNames = file.Rows.Select(r => r.UserName).Where(u => u.Length > 0).Distinct().ToList();
        var accounts = new Dictionary<string, (int? Id, FieldError? Error)>();
        foreach (var user in userNames) accounts[user] = await CadreRoster.AccountForAsync(db, county, user, null, ct);
        var numbers = file.Rows.SelectMany(r => r.HouseholdNumbers).Distinct().ToList();
        var households = new Dictionary<string, (long Id, string VillageCode)>();
        foreach (var chunk in numbers.Chunk(500))
            foreach (var h in await db.Households.AsNoTracking().Where(h => chunk.Contains(h.Number) && h.CountyCode == county)
                         .Select(h => new { h.Id, h.Number, h.VillageCode, h.Status }).ToListAsync(ct))
                if (h.Status != HouseholdStatus.Removed) households[h.Number] = (h.Id, h.VillageCode);
        var serving = (await db.Cadres.AsNoTracking().Where(c => c.CountyCode == county && c.State == CadreState.Serving)
            .Select(c => new { c.Name, c.Phone }).ToListAsync(ct)).Select(c => (c.Name, c.Phone)).ToHashSet();
        var seenPeople = new Dictionary<(string, string), int>();
        var seenAccounts = new Dictionary<string, int>();
        var good = new List<RosterRow>();
        foreach (var row in file.Rows)
        {
            var before = report.Errors.Count;
            void Fail(string column, string chinese, string english) => report.Errors.Add(new ImportError(name, row.Row, column, chinese, english));
            var person = (row.Cadre.Name, PhoneNumbers.Normalize(row.Cadre.Phone));
            if (serving.Contains(person))
                Fail(RosterFile.NameHeader, $"花名册上已有同名同电话的在岗帮扶责任人“{row.Cadre.Name}”", $"a serving cadre '{row.Cadre.Name}' with this phone is already on the roster");
            else if (seenPeople.TryGetValue(person, out var first))
                Fail(RosterFile.NameHeader, $"与第{first}行是同一人（同名同电话）", $"the same person (name and phone) as row {first}");
            else seenPeople[person] = row.Row;
            if (row.UserName.Length > 0)
            {
                if (accounts[row.UserName].Error is { } error) Fail(RosterFile.AccountHeader, error.Chinese, error.English);
                else if (seenAccounts.TryGetValue(row.UserName, out var firstUse))
                    Fail(RosterFile.AccountHeader, $"账号“{row.UserName}”已在第{firstUse}行使用（一个账号只能关联一名帮扶责任人）",
                        $"the account '{row.UserName}' is already used in row {firstUse} (one cadre per account)");
                else seenAccounts[row.UserName] = row.Row;
            }
            foreach (var number in row.HouseholdNumbers.Where(n => !households.ContainsKey(n)))
                Fail(RosterFile.HouseholdsHeader, $"户编号{number}不在本县的建档立卡登记中", $"the household {number} is not in the county's registry");
            if (report.Errors.Count == before) good.Add(row);
        }
        report.Errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        report.Skipped = report.Rows - good.Count;
        if (report.Errors.Count > 0 && !options.SkipInvalid)
        {
            report.Rejected = true;
            return report;
        }
        if (good.Count == 0) return report;

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var cadres = new List<(RosterRow Row, Cadre Cadre)>();
        foreach (var row in good)
        {
            var cadre = new Cadre { CountyCode = county, Name = "" };
            CadreRoster.Apply(row.Cadre, cadre);
            if (row.UserName.Length > 0) cadre.AccountId = accounts[row.UserName].Id;
            db.Cadres.Add(cadre);
            cadres.Add((row, cadre));
        }
        await db.SaveChangesAsync(ct);
        foreach (var (row, cadre) in cadres)
            foreach (var number in row.HouseholdNumbers)
            {
                var (householdId, village) = households[number];
                db.CadrePairings.Add(new CadrePairing
                {
                    HouseholdId = householdId, VillageCode = village, CountyCode = county, CadreId = cadre.Id,
                    StartedOn = today, StartReason = PairReason, StartedBy = db.Scope.Actor,
                });
                report.Paired++;
            }
        await db.SaveChangesAsync(ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        report.Added = cadres.Count;
        report.Linked = cadres.Count(c => c.Cadre.AccountId is not null);
        return report;
    }
}
