using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>
/// Imports a county's project list (<see cref="ProjectFile"/>): each good row becomes a project of the county at the stage
/// Proposed, numbered as the library numbers projects (XM + year + county + a 4-digit sequence), with a Propose step
/// (comment "导入 / imported"), its funding lines and its beneficiary households (of the county). A file with any bad row
/// writes nothing unless skip-invalid is asked for, and then writes its good rows, all in one save.
/// </summary>
public static class ProjectImport
{
    public const string StepComment = "导入 / imported";

    private static readonly Bilingual Step = new("导入项目清单", "import a project list");

    public static async Task<FundImportReport> ImportAsync(JingzhunDbContext db, string path, FundImportOptions options, DateTime now,
        CancellationToken ct = default)
    {
        var county = PaymentImport.CountyFor(db, options.CountyCode);
        FundSteps.Require(db, FundRoles.ImportProjects, county.PadRight(12, '0'), Step);
        var name = PaymentImport.FileName(path, options.FileName);
        var report = new FundImportReport { CountyCode = county };
        var (file, rows) = ProjectFile.Read(path, name, ct);
        report.Rows = file.RowCount;
        report.Errors.AddRange(file.Errors);
        if (file.RefusedWhole)
        {
            report.Rejected = true;
            report.Skipped = report.Rows;
            return report;
        }

        var codes = rows.Select(r => r.RegionCode).Distinct().ToList();
        var regions = new HashSet<string>();
        foreach (var chunk in codes.Chunk(500))
            regions.UnionWith(await db.Regions.AsNoTracking().Where(r => chunk.Contains(r.Code) && r.ValidTo == null).Select(r => r.Code).ToListAsync(ct));
        var numbers = rows.SelectMany(r => r.HouseholdNumbers).Distinct().ToList();
        var households = new Dictionary<string, (long Id, HouseholdStatus Status)>();
        foreach (var chunk in numbers.Chunk(500))
            foreach (var h in await db.Households.AsNoTracking().Where(h => chunk.Contains(h.Number) && h.CountyCode == county)
                         .Select(h => new { h.Id, h.Number, h.Status }).ToListAsync(ct))
                households[h.Number] = (h.Id, h.Status);

        var good = new List<ProjectFileRow>();
        foreach (var row in rows)
        {
            var before = report.Errors.Count;
            void Fail(string column, string chinese, string english) => report.Errors.Add(new ImportError(name, row.Row, column, chinese, english));
            if (row.RegionCode[..6] != county)
                Fail(ProjectFile.RegionHeader, $"所在村{row.RegionCode}不在本县（{county}）", $"the region {row.RegionCode} is not in the county {county}");
            else if (!regions.Contains(row.RegionCode))
                Fail(ProjectFile.RegionHeader, $"区划代码{row.RegionCode}不是现行区划", $"the region code {row.RegionCode} is not a current region");
            else if (!db.Scope.MayChange(row.RegionCode))
                Fail(ProjectFile.RegionHeader, $"无权在{row.RegionCode}建项目", $"you may not add projects in {row.RegionCode}");
            foreach (var number in row.HouseholdNumbers)
            {
                if (!households.TryGetValue(number, out var h))
                    Fail(ProjectFile.HouseholdsHeader, $"户编号{number}不在本县的建档立卡登记中", $"the household {number} is not in the county's registry");
                else if (h.Status == HouseholdStatus.Removed)
                    Fail(ProjectFile.HouseholdsHeader, $"户{number}已被剔除，不能作为受益户", $"the household {number} was removed from the registry; it cannot benefit");
            }
            if (report.Errors.Count == before) good.Add(row);
        }
        var sorted = report.Errors.OrderBy(e => e.Row).ToList();
        report.Errors.Clear();
        report.Errors.AddRange(sorted);
        report.Skipped = report.Rows - good.Count;
        if (report.Errors.Count > 0 && !options.SkipInvalid)
        {
            report.Rejected = true;
            return report;
        }
        if (good.Count == 0) return report;

        var householdIds = good.SelectMany(r => r.HouseholdNumbers).Distinct().Select(n => households[n].Id).ToList();
        var people = new Dictionary<long, int>();
        foreach (var chunk in householdIds.Chunk(500))
            foreach (var g in await db.Members.AsNoTracking().Where(m => chunk.Contains(m.HouseholdId) && m.State == MemberState.Present)
                         .GroupBy(m => m.HouseholdId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                people[g.Key] = g.Count;

        var next = new Dictionary<int, int>();
        foreach (var year in good.Select(r => r.Year).Distinct())
        {
            var prefix = NumberPrefix(year, county);
            var taken = await db.Projects.AsNoTracking().Where(p => p.Number.StartsWith(prefix)).Select(p => p.Number).ToListAsync(ct);
            next[year] = taken.Select(n => int.TryParse(n[prefix.Length..], out var s) ? s : 0).DefaultIfEmpty(0).Max() + 1;
        }
        var role = db.Scope.Role?.ToString() ?? "";
        foreach (var row in good)
        {
            FundSteps.Require(db, FundRoles.ImportProjects, row.RegionCode, Step);
            var project = new Project
            {
                Number = $"{NumberPrefix(row.Year, county)}{next[row.Year]++:0000}", Name = row.Name, Type = row.Type, Year = row.Year,
                CountyCode = county, RegionCode = row.RegionCode, Stage = ProjectStage.Proposed, Content = row.Content, Implementer = row.Implementer,
                ResponsiblePerson = row.ResponsiblePerson, BenefitMechanism = row.BenefitMechanism, BeneficiaryPeople = row.BeneficiaryPeople,
                PlannedStart = row.PlannedStart, PlannedEnd = row.PlannedEnd, ProposedBy = db.Scope.Actor,
            };
            foreach (var (source, amount) in row.Funding)
                project.Funding.Add(new ProjectFunding { Project = project, CountyCode = county, RegionCode = row.RegionCode, Source = source, Amount = new Money(amount) });
            foreach (var number in row.HouseholdNumbers)
            {
                var id = households[number].Id;
                project.Beneficiaries.Add(new ProjectBeneficiary
                {
                    Project = project, HouseholdId = id, CountyCode = county, People = people.GetValueOrDefault(id), AddedAt = now, AddedBy = db.Scope.Actor,
                });
            }
            project.Steps.Add(new ProjectStep
            {
                From = ProjectStage.Proposed, To = ProjectStage.Proposed, Action = ProjectAction.Propose, RegionCode = row.RegionCode, CountyCode = county,
                Actor = db.Scope.Actor, Role = role, At = now, Comment = StepComment,
            });
            db.Projects.Add(project);
            report.Amount += row.Funding.Sum(f => f.Amount);
        }
        await db.SaveChangesAsync(ct);
        report.Added = good.Count;
        return report;
    }

    /// <summary>项目编号 before its sequence: XM, the plan year and the county.</summary>
    public static string NumberPrefix(int year, string county) => $"XM{year}{county}";

    /// <summary>
    /// Writes a county's projects in the import's columns (funding lines and active beneficiaries joined by 、), then 项目编号,
    /// 阶段 and 预算. Household numbers are no personal data; nothing else here is. The export is audited. Returns the number of projects.
    /// </summary>
    public static async Task<int> ExportAsync(JingzhunDbContext db, string countyCode, string path, ExchangeFormat format, DateTime now,
        string? fileName = null, CancellationToken ct = default)
    {
        var county = PaymentImport.CountyFor(db, countyCode);
        var projects = await db.Projects.AsNoTracking().Where(p => p.CountyCode == county).Include(p => p.Funding)
            .OrderBy(p => p.Number).ThenBy(p => p.Id).AsSplitQuery().ToListAsync(ct);
        var ids = projects.Select(p => p.Id).ToList();
        var beneficiaries = new Dictionary<long, List<string>>();
        foreach (var chunk in ids.Chunk(500))
            foreach (var b in await db.ProjectBeneficiaries.AsNoTracking().Where(b => chunk.Contains(b.ProjectId) && b.EndedAt == null)
                         .OrderBy(b => b.Household!.Number).Select(b => new { b.ProjectId, b.Household!.Number }).ToListAsync(ct))
                (beneficiaries.TryGetValue(b.ProjectId, out var list) ? list : beneficiaries[b.ProjectId] = []).Add(b.Number);
        string[] headers =
        [
            ProjectFile.NameHeader, ProjectFile.TypeHeader, ProjectFile.YearHeader, ProjectFile.RegionHeader, ProjectFile.ContentHeader,
            ProjectFile.ImplementerHeader, ProjectFile.ResponsibleHeader, ProjectFile.StartHeader, ProjectFile.EndHeader, ProjectFile.PeopleHeader,
            ProjectFile.MechanismHeader, ProjectFile.SourceHeader, ProjectFile.AmountHeader, ProjectFile.HouseholdsHeader, "项目编号", "阶段", "预算",
        ];
        var cells = projects.Select(p => new object?[]
        {
            p.Name, p.Type.Chinese(), p.Year, p.RegionCode, p.Content, p.Implementer, p.ResponsiblePerson, p.PlannedStart?.ToString("yyyy-MM-dd") ?? "",
            p.PlannedEnd?.ToString("yyyy-MM-dd") ?? "", p.BeneficiaryPeople, p.BenefitMechanism,
            // Lines of one source drawing on several allocations are one source in the file, so that it reads back.
            string.Join("、", BySource(p).Select(f => f.Source.Chinese())),
            string.Join("、", BySource(p).Select(f => f.Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))),
            string.Join("、", beneficiaries.GetValueOrDefault(p.Id) ?? []), p.Number, p.Stage.Chinese(), p.Budget.Yuan,
        }).ToList();
        await TableWriter.WriteAsync(path, format, [new TableData(ProjectFile.Sheet, headers, cells)], ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = AuditAction.Export, EntityType = "Project", EntityId = county, RegionCode = county.PadRight(12, '0'),
            Reason = $"导出{county}的{projects.Count}个项目到{fileName ?? Path.GetFileName(path)} / exported {projects.Count} projects of {county} to {fileName ?? Path.GetFileName(path)}",
        });
        await db.SaveChangesAsync(ct);
        return projects.Count;
    }

    private static IEnumerable<(Domain.Assistance.FundSource Source, decimal Amount)> BySource(Project p) =>
        p.Funding.GroupBy(f => f.Source).OrderBy(g => g.Min(f => f.Id)).Select(g => (g.Key, g.Sum(f => f.Amount.Yuan)));
}
