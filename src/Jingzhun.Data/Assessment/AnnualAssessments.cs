using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Data.Regions;
using Jingzhun.Data.Rules;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;
using Microsoft.EntityFrameworkCore;
using RegionCodeValue = Jingzhun.Domain.Regions.RegionCode;

namespace Jingzhun.Data.Assessment;

/// <summary>When an assessment of a year may start and by when it is due (the rule set's timetable).</summary>
public sealed record AnnualWindow(int Year, DateOnly Opens, DateOnly Due)
{
    public static AnnualWindow Of(RuleSet rules, int year)
    {
        var dueMonth = new DateOnly(year + 1, rules.AnnualAssessmentDueMonth, 1);
        return new(year, new DateOnly(year, rules.AnnualAssessmentStartMonth, 1), dueMonth.AddMonths(1).AddDays(-1));
    }

    public bool IsOpen(DateTime now) => DateOnly.FromDateTime(now) >= Opens;
    public bool IsOverdue(DateTime now) => DateOnly.FromDateTime(now) > Due;
}

/// <summary>One indicator of one area as the report shows it.</summary>
public sealed record AnnualLine(AnnualIndicator Indicator, decimal? Value, decimal Score, int Weight, string Source)
{
    public bool NoData => Value is null;
}

/// <summary>One assessed area of the report: its total, rank and indicators.</summary>
public sealed record AnnualArea(string Code, string Name, decimal Total, int Rank, IReadOnlyList<AnnualLine> Lines);

/// <summary>An assessment with its office, timetable and ranked areas (only the areas the reader may see).</summary>
public sealed record AnnualReport(AnnualAssessment Assessment, string OfficeName, AnnualWindow Window, bool Overdue, IReadOnlyList<int> Weights,
    IReadOnlyList<AnnualArea> Areas, bool MayRun);

/// <summary>
/// The annual performance assessment of provinces, cities and counties (D4, 002:2572–2630): an office in
/// <see cref="AssessmentRoles.AssessAnnually"/> opens one per year and level for the areas of that level inside its region,
/// computes each indicator from the system's own records (each with its source in words), scores and ranks them
/// (<see cref="AnnualScoring"/>), and finalises it; a final assessment changes no more (save rules).
/// Every figure is read under the caller's scope: the office reads its own region, which holds every area assessed.
/// </summary>
public static class AnnualAssessments
{
    /// <summary>The levels an office of <paramref name="office"/> level assesses (nation: provinces; province: cities or counties; city: counties).</summary>
    public static IReadOnlyList<RegionLevel> LevelsFor(RegionLevel office) => office switch
    {
        RegionLevel.Nation => [RegionLevel.Province],
        RegionLevel.Province => [RegionLevel.City, RegionLevel.County],
        RegionLevel.City => [RegionLevel.County],
        _ => [],
    };

    /// <summary>The reader's own office code (the nation is 000000000000).</summary>
    public static string OfficeCode(JingzhunDbContext db) => db.Scope.RegionPrefix.PadRight(12, '0');

    /// <summary>Whether the reader's role may run annual assessments (pages show the forms only then).</summary>
    public static bool MayAssess(JingzhunDbContext db) => AssessmentRoles.May(db.Scope.Role, AssessmentRoles.AssessAnnually) && db.Scope.CanWrite;

    public static async Task<AnnualWindow> WindowAsync(JingzhunDbContext db, string officeCode, int year, CancellationToken ct = default) =>
        AnnualWindow.Of(await RuleBook.ForAsync(db, officeCode, year, ct), year);

    // ---- reading --------------------------------------------------------------------------------------------------------

    /// <summary>
    /// The assessments the reader may read: its own office's and those of offices above it (the scope filter), and those in
    /// which an area of its region was assessed (read through its visible scores: the published result).
    /// </summary>
    public static async Task<List<AnnualAssessment>> ListAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        if (!db.Scope.CanRead || db.Scope.ReadsAssignedOnly) return [];
        // The scope filter admits the office's own, those of offices above, and those that scored an area of the reader.
        var own = await db.AnnualAssessments.AsNoTracking().ToListAsync(ct);
        return own.OrderByDescending(a => a.Year).ThenBy(a => a.AssessorCode, StringComparer.Ordinal).ThenBy(a => a.Level).ToList();
    }

    /// <summary>One assessment if the reader may read it (see <see cref="ListAsync"/>); null otherwise, so that it is simply not found.</summary>
    public static async Task<AnnualAssessment?> FindAsync(JingzhunDbContext db, long id, CancellationToken ct = default)
    {
        if (!db.Scope.CanRead || db.Scope.ReadsAssignedOnly) return null;
        return await db.AnnualAssessments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
    }

    /// <summary>The ranked report: every visible area with its total, rank, and each indicator's value, points and source.</summary>
    public static async Task<AnnualReport?> ReportAsync(JingzhunDbContext db, long id, DateTime now, CancellationToken ct = default)
    {
        var assessment = await FindAsync(db, id, ct);
        if (assessment is null) return null;
        var rules = await RuleBook.ForAsync(db, assessment.AssessorCode, assessment.Year, ct);
        var scores = await db.AnnualScores.AsNoTracking().Where(s => s.AssessmentId == id).ToListAsync(ct);
        var names = await RegionsAsOf.NamesAsync(db, scores.Select(s => s.RegionCode).Distinct().Append(assessment.AssessorCode), RegionsAsOf.YearEnd(assessment.Year), ct);
        var areas = scores.GroupBy(s => s.RegionCode)
            .Select(g => new AnnualArea(g.Key, names.GetValueOrDefault(g.Key) ?? g.Key, g.First().Total, g.First().Rank,
                g.OrderBy(s => s.Indicator).Select(s => new AnnualLine(s.Indicator, s.Value, s.Score, WeightOf(rules, s.Indicator), s.Source)).ToList()))
            .OrderBy(a => a.Rank).ThenBy(a => a.Code, StringComparer.Ordinal).ToList();
        var window = AnnualWindow.Of(rules, assessment.Year);
        var officeName = names.GetValueOrDefault(assessment.AssessorCode) ?? (assessment.AssessorCode.All(c => c == '0') ? "全国" : assessment.AssessorCode);
        var mayRun = MayAssess(db) && OfficeCode(db) == assessment.AssessorCode && assessment.State == AnnualAssessmentState.Open;
        return new AnnualReport(assessment, officeName, window, assessment.State == AnnualAssessmentState.Open && window.IsOverdue(now),
            rules.AnnualIndicatorWeights, areas, mayRun);
    }

    private static int WeightOf(RuleSet rules, AnnualIndicator indicator) => rules.AnnualIndicatorWeights[AnnualScoring.Indicators.ToList().IndexOf(indicator)];

    // ---- steps ----------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Opens the office's assessment of <paramref name="level"/> for <paramref name="year"/>. Refused (403) for a role outside
    /// <see cref="AssessmentRoles.AssessAnnually"/>; a level the office does not assess or a year out of range is 400; before the
    /// timetable opens (the start month of the assessed year) or when the office already has one: 409.
    /// </summary>
    public static async Task<AnnualAssessment> CreateAsync(JingzhunDbContext db, int year, RegionLevel level, DateTime now, CancellationToken ct = default)
    {
        var office = OfficeCode(db);
        AssessmentSteps.Require(db, AssessmentRoles.AssessAnnually, office, new Bilingual("开展年度考核", "run an annual assessment"));
        if (year < 2014 || year > now.Year)
            throw AssessmentSteps.Invalid($"考核年度须在2014年至{now.Year}年之间", $"the year assessed is between 2014 and {now.Year}");
        var officeLevel = RegionCodeValue.Parse(office).Level;
        if (!LevelsFor(officeLevel).Contains(level))
            throw AssessmentSteps.Invalid($"{officeLevel.Chinese()}级不能考核{level.Chinese()}", $"a {officeLevel.English().ToLowerInvariant()} office does not assess the {level.English().ToLowerInvariant()} level");
        var window = await WindowAsync(db, office, year, ct);
        if (!window.IsOpen(now))
            throw new WorkflowBlockedException($"{year}年度考核自{window.Opens:yyyy年M月d日}起开展，尚未开始", $"the {year} assessment opens on {window.Opens:yyyy-MM-dd}; it has not started yet");
        if (await db.AnnualAssessments.IgnoreQueryFilters().AnyAsync(a => a.AssessorCode == office && a.Year == year && a.Level == level, ct))
            throw new WorkflowBlockedException($"本级已有{year}年度{level.Chinese()}级考核", $"this office already has its {year} assessment of the {level.English().ToLowerInvariant()} level");
        var assessment = new AnnualAssessment { Year = year, AssessorCode = office, Level = level, CreatedBy = db.Scope.Actor, CreatedAt = now };
        db.AnnualAssessments.Add(assessment);
        db.ChangeReason = $"开展{year}年度考核 / open the {year} annual assessment";
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two requests at once: the unique index let one through; the other gets the same refusal as above.
            db.Entry(assessment).State = EntityState.Detached;
            if (await db.AnnualAssessments.IgnoreQueryFilters().AsNoTracking().AnyAsync(a => a.AssessorCode == office && a.Year == year && a.Level == level, ct))
                throw new WorkflowBlockedException($"本级已有{year}年度{level.Chinese()}级考核", $"this office already has its {year} assessment of the {level.English().ToLowerInvariant()} level");
            throw;
        }
        return assessment;
    }

    /// <summary>(Re)computes every indicator of every area while the assessment is open; 409 once final. Null when not found.</summary>
    public static async Task<AnnualAssessment?> ComputeAsync(JingzhunDbContext db, long id, DateTime now, CancellationToken ct = default)
    {
        var assessment = await LoadForStepAsync(db, id, new Bilingual("计算年度考核", "compute an annual assessment"), ct);
        if (assessment is null) return null;
        var rules = await RuleBook.ForAsync(db, assessment.AssessorCode, assessment.Year, ct);
        var areas = await AreasAsync(db, assessment, ct);
        var measured = await AnnualMeasures.MeasureAsync(db, assessment, areas, now, ct);
        var results = AnnualScoring.Score(measured.Select(m => new AreaValues(m.Key, m.Value.Select(v => v.Value).ToList())).ToList(), rules.AnnualIndicatorWeights);
        var existing = assessment.Scores.ToDictionary(s => (s.RegionCode, s.Indicator));
        foreach (var result in results)
            foreach (var line in result.Indicators)
            {
                if (!existing.TryGetValue((result.Code, line.Indicator), out var row))
                {
                    row = new AnnualScore { AssessmentId = assessment.Id, RegionCode = result.Code, Indicator = line.Indicator };
                    assessment.Scores.Add(row);
                }
                var source = measured[result.Code][AnnualScoring.Indicators.ToList().IndexOf(line.Indicator)].Source;
                row.Value = line.Value is { } v ? Math.Round(v, 6) : null;
                row.Score = line.Score;
                row.Total = result.Total;
                row.Rank = result.Rank;
                row.Source = source.Length > 1000 ? source[..1000] : source;
            }
        db.ChangeReason = $"计算{assessment.Year}年度考核 / computed the {assessment.Year} annual assessment";
        assessment.Version++; // the header changes too, so that two computations at once meet the concurrency check
        await db.SaveChangesAsync(ct);
        return assessment;
    }

    /// <summary>Finalises a computed assessment: after this nothing of it changes (409). Null when not found.</summary>
    public static async Task<AnnualAssessment?> FinaliseAsync(JingzhunDbContext db, long id, DateTime now, CancellationToken ct = default)
    {
        var assessment = await LoadForStepAsync(db, id, new Bilingual("确定年度考核结果", "finalise an annual assessment"), ct);
        if (assessment is null) return null;
        if (assessment.Scores.Count == 0)
            throw new WorkflowBlockedException("尚未计算得分，不能定稿", "compute the scores before finalising");
        assessment.State = AnnualAssessmentState.Final;
        assessment.FinalisedAt = now;
        assessment.FinalisedBy = db.Scope.Actor;
        db.ChangeReason = $"{assessment.Year}年度考核定稿 / finalised the {assessment.Year} annual assessment";
        await db.SaveChangesAsync(ct);
        return assessment;
    }

    /// <summary>The assessment of the office for a step: not found (null) when unreadable, 403 for another role or office, 409 when final.</summary>
    private static async Task<AnnualAssessment?> LoadForStepAsync(JingzhunDbContext db, long id, Bilingual what, CancellationToken ct)
    {
        if (await FindAsync(db, id, ct) is not { } found) return null;
        AssessmentSteps.Require(db, AssessmentRoles.AssessAnnually, found.AssessorCode, what);
        // Only the office itself runs its assessment, not an office above it reading it.
        if (!AssessmentScope.IsSystem(db.Scope) && OfficeCode(db) != found.AssessorCode)
            throw new WorkflowRefusedException($"{db.Scope.Actor}不是考核单位", $"{db.Scope.Actor} is not the assessing office", found.AssessorCode);
        var assessment = await db.AnnualAssessments.Include(a => a.Scores).FirstAsync(a => a.Id == id, ct);
        if (assessment.State == AnnualAssessmentState.Final)
            throw new WorkflowBlockedException("年度考核已定稿，不能修改", "the annual assessment is final and changes no more");
        return assessment;
    }

    /// <summary>The areas of the assessed level inside the office's region, in the tree of the assessed year's end.</summary>
    internal static async Task<List<string>> AreasAsync(JingzhunDbContext db, AnnualAssessment assessment, CancellationToken ct)
    {
        var prefix = RegionCodeValue.Parse(assessment.AssessorCode).Prefix;
        return (await db.Regions.AsNoTracking().ValidOn(RegionsAsOf.YearEnd(assessment.Year))
                .Where(r => r.Level == assessment.Level && r.Code.StartsWith(prefix)).Select(r => r.Code).ToListAsync(ct))
            .Order(StringComparer.Ordinal).ToList();
    }

    // ---- export ---------------------------------------------------------------------------------------------------------

    /// <summary>The ranked report as an xlsx workbook (the rows the reader sees); the download is audited. Null when not found.</summary>
    public static async Task<byte[]?> ExportAsync(JingzhunDbContext db, long id, DateTime now, CancellationToken ct = default)
    {
        var report = await ReportAsync(db, id, now, ct);
        if (report is null) return null;
        var rows = new List<Dictionary<string, object?>>();
        var headers = new List<string> { "排名 Rank", "代码 Code", "地区 Area", "总分 Total" };
        foreach (var indicator in AnnualScoring.Indicators)
        {
            var label = $"{indicator.Chinese()} {indicator.English()}";
            headers.AddRange([$"{label}：值 value", $"{label}：得分 points", $"{label}：来源 source"]);
        }
        foreach (var area in report.Areas)
        {
            var row = new Dictionary<string, object?> { [headers[0]] = area.Rank, [headers[1]] = area.Code, [headers[2]] = area.Name, [headers[3]] = area.Total };
            var i = 4;
            foreach (var indicator in AnnualScoring.Indicators)
            {
                var line = area.Lines.FirstOrDefault(l => l.Indicator == indicator);
                row[headers[i++]] = line?.Value is { } v ? Math.Round(v, 4) : "无数据 no data";
                row[headers[i++]] = line?.Score ?? 0m;
                row[headers[i++]] = line?.Source ?? "";
            }
            rows.Add(row);
        }
        if (rows.Count == 0) rows.Add(headers.ToDictionary(h => h, _ => (object?)null));
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows, sheetName: "年度考核", cancellationToken: ct);
        var a = report.Assessment;
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = AuditAction.Export, EntityType = "AnnualAssessment", EntityId = a.Id.ToString(),
            // A reader inside the assessed area logs its export in its own region (where it can read its audit).
            RegionCode = a.AssessorCode.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal) ? a.AssessorCode : OfficeCode(db),
            Reason = $"导出{a.Year}年度考核排名（{report.Areas.Count}个地区） / exported the {a.Year} annual assessment ranking ({report.Areas.Count} areas)",
        });
        await db.SaveChangesAsync(ct);
        return stream.ToArray();
    }
}
