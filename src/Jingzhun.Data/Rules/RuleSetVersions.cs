using System.Text.Json;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Data.Rules;

/// <summary>
/// Rule sets as versioned data: a draft is a copy of the effective rules with edits; publishing
/// writes a new version (the highest number + 1) and never changes an old one, so every decision
/// can still be read against the version it named.
/// </summary>
public static class RuleSetVersions
{
    public static Task<List<RuleSetVersion>> ListAsync(JingzhunDbContext db, CancellationToken ct = default) =>
        db.RuleSets.AsNoTracking().OrderBy(r => r.Jurisdiction).ThenByDescending(r => r.Year).ThenByDescending(r => r.Version).ToListAsync(ct);

    public static Task<RuleSetVersion?> FindAsync(JingzhunDbContext db, int id, CancellationToken ct = default) =>
        db.RuleSets.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>
    /// Whether the actor may write rules for a jurisdiction: the nation ("") for national officers and
    /// administrators, a province prefix for that province's officers. Counties and below never may.
    /// </summary>
    public static bool MayWrite(AccessScope scope, string jurisdiction)
    {
        if (scope.IsAdministrator && scope.Role is null) return true; // system work
        return jurisdiction.Length switch
        {
            0 => scope.Role is Role.NationalOfficer or Role.SystemAdministrator,
            2 => scope.Role == Role.ProvinceOfficer && scope.RegionPrefix == jurisdiction
                 || scope.Role is Role.NationalOfficer or Role.SystemAdministrator,
            _ => false,
        };
    }

    /// <summary>Saves a draft for a jurisdiction and year; the content's own jurisdiction, year and version are replaced.</summary>
    public static async Task<RuleSetVersion> CreateDraftAsync(JingzhunDbContext db, RuleSet content, string note, DateTime now, CancellationToken ct = default)
    {
        var jurisdiction = content.Jurisdiction.Trim();
        Require(db, jurisdiction);
        Validate(content);
        // A province may raise the national line, never lower it.
        var national = await RuleBook.ForAsync(db, "", content.Year, ct);
        if (jurisdiction.Length > 0 && content.PovertyLine < national.PovertyLine)
            throw new WorkflowBlockedException($"省级标准不得低于国家标准{national.PovertyLine:0.##}元", $"a provincial line may not be below the national line of {national.PovertyLine:0.##}");
        return await AddVersionAsync(db, jurisdiction, content.Year, content, note, isDraft: true, now, ct);
    }

    /// <summary>Publishes a rule set (usually a draft) as a new version of its jurisdiction and year; the draft stays as it was.</summary>
    public static async Task<RuleSetVersion> PublishAsync(JingzhunDbContext db, int ruleSetId, string note, DateTime now, CancellationToken ct = default)
    {
        var source = await FindAsync(db, ruleSetId, ct) ?? throw new WorkflowBlockedException("规则集不存在", "no such rule set");
        Require(db, source.Jurisdiction);
        var text = string.IsNullOrWhiteSpace(note) ? $"由第{source.Id}号规则集发布 / published from rule set {source.Id}" : note;
        return await AddVersionAsync(db, source.Jurisdiction, source.Year, RuleBook.Parse(source), text, isDraft: false, now, ct);
    }

    private static async Task<RuleSetVersion> AddVersionAsync(JingzhunDbContext db, string jurisdiction, int year, RuleSet content, string note,
        bool isDraft, DateTime now, CancellationToken ct)
    {
        var last = await db.RuleSets.Where(r => r.Jurisdiction == jurisdiction && r.Year == year).MaxAsync(r => (int?)r.Version, ct) ?? 0;
        var version = new RuleSetVersion
        {
            Jurisdiction = jurisdiction, Year = year, Version = last + 1, IsDraft = isDraft,
            Content = JsonSerializer.Serialize(content with { Jurisdiction = jurisdiction, Year = year, Version = last + 1 }, RuleBook.Json),
            Note = note.Trim().Length > 500 ? note.Trim()[..500] : note.Trim(), CreatedBy = db.Scope.Actor, CreatedAt = now,
        };
        db.RuleSets.Add(version);
        await db.SaveChangesAsync(ct);
        return version;
    }

    private static void Require(JingzhunDbContext db, string jurisdiction)
    {
        if (!MayWrite(db.Scope, jurisdiction))
            throw new WorkflowRefusedException(
                $"{db.Scope.Actor}不能制定“{(jurisdiction.Length == 0 ? "全国" : jurisdiction)}”的规则",
                $"{db.Scope.Actor} may not write rules for jurisdiction '{(jurisdiction.Length == 0 ? "nation" : jurisdiction)}'",
                jurisdiction);
    }

    /// <summary>Figures a rule set cannot work with; a province may raise the line but no number may be absurd.</summary>
    private static void Validate(RuleSet r)
    {
        var errors = new List<(string Zh, string En)>();
        if (r.Year is < 2010 or > 2100) errors.Add(("年度无效", "invalid year"));
        if (r.PovertyLine <= 0) errors.Add(("贫困标准须大于0", "the poverty line must be positive"));
        if (string.IsNullOrWhiteSpace(r.PovertyLineSource)) errors.Add(("须注明贫困标准的来源", "the poverty line needs a source"));
        if (r.StableIncomeYears is < 1 or > 5) errors.Add(("稳定收入年数须在1–5之间", "stable income years must be 1–5"));
        if (r.CompulsoryEducationFromAge < 0 || r.CompulsoryEducationToAge < r.CompulsoryEducationFromAge) errors.Add(("义务教育年龄段无效", "invalid education ages"));
        if (r.SafeHousingGrades.Length == 0) errors.Add(("至少一个安全住房等级", "at least one safe housing grade"));
        foreach (var share in new[] { r.ExitIncidence, r.WesternExitIncidence, r.MaxWrongExitRate, r.MaxMissedRate, r.MinRecognition, r.PoorVillageIncomeShare })
            if (share is < 0 or > 1) { errors.Add(("比率须在0–1之间", "rates must be between 0 and 1")); break; }
        if (r.TownshipSampleShare is <= 0 or > 1 || r.CountySampleShare is <= 0 or > 1)
            errors.Add(("抽检比例须大于0且不超过1", "sample-check shares must be above 0 and at most 1"));
        if (r.NoticeDays < 1 || r.MonitoringNoticeDays < 1) errors.Add(("公示天数至少1天", "notice periods need at least one day"));
        // Upper bounds too: a notice of int.MaxValue days cannot be dated, and no line is a million yuan a year.
        if (r.NoticeDays > 90 || r.MonitoringNoticeDays > 90) errors.Add(("公示天数最多90天", "notice periods are at most 90 days"));
        if (r.PovertyLine > 1_000_000m || r.MonitoringLineFactor > 100m || r.PoorVillageIncidenceMultiple > 100m)
            errors.Add(("贫困标准或系数过大", "the poverty line or a factor is too large"));
        if (r.CompulsoryEducationToAge > 30) errors.Add(("义务教育年龄段无效", "invalid education ages"));
        // A monitoring notice runs at least five days (issue 14; 003.md §3.8), and a signal is decided within a month at most.
        if (r.MonitoringNoticeDays is > 0 and < 5) errors.Add(("监测公示至少5天", "a monitoring notice runs at least 5 days"));
        if (r.MonitoringDecisionDays is < 1 or > 30) errors.Add(("监测认定时限须在1–30天之间", "the monitoring decision period must be 1–30 days"));
        if (r.MonitoringDecisionDays < r.MonitoringNoticeDays) errors.Add(("监测认定时限不能短于公示期", "the decision period cannot be shorter than the notice"));
        if (string.IsNullOrWhiteSpace(r.MonitoringLineSource)) errors.Add(("须注明监测线的来源", "the monitoring line needs a source"));
        if (r.MonitoringLineFactor < 1 || r.PoorVillageIncidenceMultiple <= 0) errors.Add(("监测系数至少为1", "the monitoring factor must be at least 1"));
        // Poor-village identification (issue 21): the provincial average it is measured against, with its source.
        if (r.ProvincialRuralIncome is <= 0 or > 1_000_000m) errors.Add(("全省农民人均纯收入须大于0且不超过100万元", "the provincial rural income must be positive and at most a million yuan"));
        if (string.IsNullOrWhiteSpace(r.PoorVillageRuleSource)) errors.Add(("须注明贫困村识别标准的来源", "the poor-village rule needs a source"));
        // Assistance (issue 15): a caseload, rating bands that fall, lines within the loan maximum, the 3-year term, an area line.
        if (r.CadreCaseloadLimit is < 1 or > 100) errors.Add(("帮扶责任人结对户数上限须在1–100之间", "the cadre caseload limit must be 1–100"));
        if (!(r.MicrocreditGoodFrom <= 100 && r.MicrocreditGoodFrom > r.MicrocreditFairlyGoodFrom && r.MicrocreditFairlyGoodFrom > r.MicrocreditAverageFrom && r.MicrocreditAverageFrom > 0))
            errors.Add(("信用等级分数线须依次降低且在0–100之间", "credit grade bands must fall in order within 0–100"));
        if (r.MicrocreditMaxYuan is <= 0 or > 1_000_000m || r.MicrocreditGoodLine > r.MicrocreditMaxYuan
            || r.MicrocreditFairlyGoodLine > r.MicrocreditGoodLine || r.MicrocreditAverageLine > r.MicrocreditFairlyGoodLine || r.MicrocreditAverageLine < 0)
            errors.Add(("授信额度须依等级递减且不超过贷款上限", "credit lines must fall with the grade and stay within the loan maximum"));
        if (r.MicrocreditMaxYears is < 1 or > 10) errors.Add(("小额信贷期限须在1–10年之间", "the microcredit term must be 1–10 years"));
        if (r.RelocationAreaPerPerson is <= 0 or > 200m) errors.Add(("搬迁人均住房面积须在0–200平方米之间", "the relocation area line must be 0–200 m² per person"));
        if (r.FundDisclosureDays is < 1 or > 90) errors.Add(("项目公示天数须在1–90天之间", "project disclosure days must be 1–90"));
        if (r.IdleFundDays is < 1 or > 1000) errors.Add(("资金闲置天数须在1–1000天之间", "idle-fund days must be 1–1000"));
        if (r.RelocationFollowUpYears is < 0 or > 10) errors.Add(("后续扶持年限须在0–10年之间", "follow-up years must be 0–10"));
        if (r.AnnualAssessmentStartMonth is < 1 or > 12 || r.AnnualAssessmentDueMonth is < 1 or > 12)
            errors.Add(("考核起止月份须在1–12之间", "the assessment months must be 1–12"));
        if (r.AnnualIndicatorWeights.Length != Enum.GetValues<Domain.Assessment.AnnualIndicator>().Length || r.AnnualIndicatorWeights.Any(w => w is < 0 or > 100)
            || r.AnnualIndicatorWeights.Sum(w => (long)w) != 100) // in long: six weights near int.MaxValue overflow an int sum
            errors.Add(("考核指标分值须为6项、非负、合计100", "the annual indicator weights must be 6 non-negative numbers summing to 100"));
        if (r.FindingDeadlineDays is < 1 or > 730) errors.Add(("整改期限须在1–730天之间", "the rectification period must be 1–730 days"));
        if (string.IsNullOrWhiteSpace(r.AssessmentRulesSource)) errors.Add(("须注明考核评估规则的来源", "the assessment rules need a source"));
        if (string.IsNullOrWhiteSpace(r.MicrocreditSource) || string.IsNullOrWhiteSpace(r.RelocationAreaSource))
            errors.Add(("须注明小额信贷和搬迁面积规则的来源", "the microcredit and relocation rules need a source"));
        if (errors.Count > 0)
            throw new WorkflowBlockedException(string.Join("；", errors.Select(e => e.Zh)), string.Join("; ", errors.Select(e => e.En)));
    }
}
