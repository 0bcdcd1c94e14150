using System.Globalization;
using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assessment;

/// <summary>
/// What an assessor found on a visit: the day, the household's per-capita net income, the five guarantees (food and
/// clothing, compulsory education, basic medical care, safe housing, safe drinking water: 两不愁三保障), whether the
/// household recognises its exit (exited frame only) and notes. Null where the assessor gave nothing.
/// </summary>
public sealed record FormInput(DateOnly? VisitedOn, decimal? PerCapitaIncome, bool? FoodAndClothing, bool? Education, bool? Medical, bool? Housing,
    bool? Water, ExitRecognition? Recognition, string? Notes);

/// <summary>A sampled household as the assessor's own list shows it.</summary>
public sealed record AssignedSample(long Id, long ProjectId, string ProjectName, SampleFrame Frame, string VillageCode, string VillageName,
    string? HouseholdNumber, string HeadName, bool Recorded, DateTime? RecordedAt);

/// <summary>One sampled household with what its form page shows: the household facts the reader may see and the photos.</summary>
public sealed record SampleDetail(SampledHousehold Sample, string ProjectName, int Year, DateOnly? VisitsFrom, string VillageName, string? HouseholdNumber,
    string HeadName, string Address, int People, IReadOnlyList<long> PhotoIds, bool MayRecord);

/// <summary>
/// The assessor's form of a sampled household (第三方评估入户核查表, 002:2663): recorded by the assessor the household is
/// assigned to while the visits run, judged on the spot by the rule set of the project's year (was the exit wrong; should
/// the household have been identified), kept idempotent for phones that resend after a dropped connection. The save
/// rules refuse every other writer even through the context; the audit log keeps each earlier value of a re-recorded form.
/// </summary>
public static class AssessmentForms
{
    public const decimal MaxIncome = 10_000_000m;
    public const int MaxNotes = 2000;

    private static readonly Bilingual RecordStep = new("录入评估核查表", "record an assessment form");

    /// <summary>
    /// Records (or records again) the form of a sample. Null when the sample is not found in the actor's scope (404).
    /// A role other than the assessor's answers 403, a value that cannot be stored 400 (AssessmentInputException), a sample
    /// whose visits are not running 409. The same <paramref name="clientId"/> sent twice returns the stored row unchanged.
    /// </summary>
    public static async Task<SampledHousehold?> RecordAsync(JingzhunDbContext db, long sampleId, FormInput form, Guid? clientId, DateTime now,
        CancellationToken ct = default)
    {
        var sample = await db.SampledHouseholds.Include(s => s.Project).FirstOrDefaultAsync(s => s.Id == sampleId, ct);
        if (sample is null) return null;
        RequireAssessor(db, sample, RecordStep);
        // A phone resending a form already stored (its answer was lost with the connection): the row as stored.
        if (clientId is { } resent && sample.ClientId == resent) return sample;
        if (sample.Phase != SamplePhase.Visiting)
            throw new WorkflowBlockedException("该样本不在入户核查阶段，不能录入", "the sample is not being visited; its form cannot be recorded");
        if (clientId is { } id && await db.SampledHouseholds.IgnoreQueryFilters().AnyAsync(s => s.ClientId == id && s.Id != sampleId, ct))
            throw AssessmentSteps.Invalid("该表单编号已用于另一户，请重新填写", "this form's id was already used for another household; fill the form again");

        var project = sample.Project!;
        var checkedForm = Check(form, sample.Frame, project, now);
        var rules = await RuleBook.ForAsync(db, sample.VillageCode, project.Year, ct);
        var (finding, trace) = Judge(sample.Frame, checkedForm, rules);

        // A second recording overwrites the form; the audit log keeps each earlier value.
        db.ChangeReason = sample.Recorded ? "评估人员重新录入核查表 / the assessor recorded the form again" : "评估人员入户核查 / the assessor's visit";
        sample.VisitedOn = checkedForm.VisitedOn;
        sample.PerCapitaIncome = checkedForm.PerCapitaIncome;
        sample.FoodAndClothing = checkedForm.FoodAndClothing;
        sample.Education = checkedForm.Education;
        sample.Medical = checkedForm.Medical;
        sample.Housing = checkedForm.Housing;
        sample.Water = checkedForm.Water;
        sample.Recognition = checkedForm.Recognition;
        sample.Notes = checkedForm.Notes;
        sample.Finding = finding;
        sample.FindingTrace = trace;
        sample.RecordedAt = now;
        sample.RecordedBy = db.Scope.Actor;
        if (clientId is not null) sample.ClientId = clientId;
        await db.SaveChangesAsync(ct);
        return sample;
    }

    /// <summary>The form with every value checked and its text trimmed; the first bad value refused (400), nothing stored.</summary>
    public static CheckedForm Check(FormInput form, SampleFrame frame, AssessmentProject project, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        if (form.VisitedOn is not { } visited) throw AssessmentSteps.Invalid("请填写入户日期", "the visit's date is needed");
        if (visited > today) throw AssessmentSteps.Invalid("入户日期不能晚于今天", "the visit cannot be dated in the future");
        if (project.VisitsStartedAt is { } started && visited < DateOnly.FromDateTime(started))
            throw AssessmentSteps.Invalid($"入户日期不能早于核查开始日期（{DateOnly.FromDateTime(started):yyyy-MM-dd}）",
                $"the visit cannot be dated before the visits started ({DateOnly.FromDateTime(started):yyyy-MM-dd})");
        if (form.PerCapitaIncome is not { } income) throw AssessmentSteps.Invalid("请填写人均纯收入", "the per-capita net income is needed");
        if (income < 0 || income > MaxIncome)
            throw AssessmentSteps.Invalid($"人均纯收入应在0至{MaxIncome:0}元之间", $"the per-capita net income is from 0 to {MaxIncome:0} yuan");
        if (decimal.Round(income, 2) != income) throw AssessmentSteps.Invalid("人均纯收入最多精确到分", "the per-capita net income is at most to the fen (0.01 yuan)");
        var guarantees = new (bool? Value, string Chinese, string English)[]
        {
            (form.FoodAndClothing, "不愁吃不愁穿", "food and clothing"), (form.Education, "义务教育有保障", "compulsory education"),
            (form.Medical, "基本医疗有保障", "basic medical care"), (form.Housing, "住房安全有保障", "safe housing"),
            (form.Water, "饮水安全有保障", "safe drinking water"),
        };
        foreach (var g in guarantees.Where(g => g.Value is null))
            throw AssessmentSteps.Invalid($"请回答“{g.Chinese}”是或否", $"answer yes or no for {g.English}");
        if (form.Recognition is { } recognition)
        {
            if (frame != SampleFrame.Exited)
                throw AssessmentSteps.Invalid("只有已脱贫户回答是否认可脱贫", "only an exited household is asked whether it recognises its exit");
            if (!Enum.IsDefined(recognition)) throw AssessmentSteps.Invalid("认可程度取值无效", "not an answer about recognition");
        }
        var notes = (form.Notes ?? "").Trim();
        if (TextRules.Check("Notes", notes, MaxNotes, lines: true) is { } error)
            throw AssessmentSteps.Invalid($"备注：{error.Chinese}", $"Notes: {error.English}");
        return new CheckedForm(visited, income, form.FoodAndClothing!.Value, form.Education!.Value, form.Medical!.Value, form.Housing!.Value,
            form.Water!.Value, form.Recognition, notes.Length == 0 ? null : notes);
    }

    /// <summary>A form whose every value passed <see cref="Check"/>.</summary>
    public sealed record CheckedForm(DateOnly VisitedOn, decimal PerCapitaIncome, bool FoodAndClothing, bool Education, bool Medical, bool Housing,
        bool Water, ExitRecognition? Recognition, string? Notes);

    /// <summary>
    /// The rules' judgement of a form. Exited frame: exited wrongly (错退) when the income is not above the year's poverty
    /// line or any of the five guarantees is not met. Unregistered frame: should have been identified (漏评) when the income
    /// is below the line. The trace names the rule set and every reason, in both languages.
    /// </summary>
    public static (bool Finding, string Trace) Judge(SampleFrame frame, CheckedForm form, RuleSet rules)
    {
        var line = rules.PovertyLine;
        var income = form.PerCapitaIncome;
        var reasons = new List<Bilingual>();
        if (frame == SampleFrame.Exited)
        {
            if (income <= line) reasons.Add(new($"人均纯收入{Yuan(income)}元不高于当年贫困线{Yuan(line)}元", $"income {Yuan(income)} yuan is not above the poverty line {Yuan(line)} yuan"));
            foreach (var (met, zh, en) in new[]
                     {
                         (form.FoodAndClothing, "不愁吃不愁穿", "food and clothing"), (form.Education, "义务教育", "compulsory education"),
                         (form.Medical, "基本医疗", "basic medical care"), (form.Housing, "住房安全", "safe housing"), (form.Water, "饮水安全", "safe drinking water"),
                     })
                if (!met) reasons.Add(new($"{zh}未保障", $"{en} not guaranteed"));
        }
        else if (income < line)
            reasons.Add(new($"人均纯收入{Yuan(income)}元低于当年贫困线{Yuan(line)}元", $"income {Yuan(income)} yuan is below the poverty line {Yuan(line)} yuan"));

        var finding = reasons.Count > 0;
        var verdict = (frame, finding) switch
        {
            (SampleFrame.Exited, true) => new Bilingual("错误退出", "exited wrongly"),
            (SampleFrame.Exited, false) => new Bilingual("退出符合标准", "exit meets the standard"),
            (_, true) => new Bilingual("应识别未识别（漏评）", "should have been identified (missed)"),
            _ => new Bilingual("不属于漏评", "not a missed household"),
        };
        var why = reasons.Count == 0
            ? new Bilingual(frame == SampleFrame.Exited ? $"收入高于贫困线{Yuan(line)}元且两不愁三保障均已保障" : $"收入不低于贫困线{Yuan(line)}元",
                frame == SampleFrame.Exited ? $"income above the poverty line {Yuan(line)} yuan and all five guarantees met" : $"income not below the poverty line {Yuan(line)} yuan")
            : new Bilingual(string.Join("；", reasons.Select(r => r.Chinese)), string.Join("; ", reasons.Select(r => r.English)));
        var trace = $"规则 {rules.Label}：{verdict.Chinese}（{why.Chinese}） / Rule set {rules.Label}: {verdict.English} ({why.English})";
        return (finding, trace);
    }

    private static string Yuan(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static bool IsSystem(JingzhunDbContext db) => db.Scope.IsAdministrator && db.Scope.Role is null;

    /// <summary>
    /// The role table (<see cref="AssessmentRoles.Record"/>), the region and the assignment: 403 for anyone but the
    /// assessor the sample is assigned to. (An assessor reads and changes nothing else, so the officers' region check,
    /// which asks whether the actor may change the area, does not apply: its sample is what it may write.)
    /// </summary>
    internal static void RequireAssessor(JingzhunDbContext db, SampledHousehold sample, Bilingual what)
    {
        if (IsSystem(db)) return;
        var scope = db.Scope;
        if (!AssessmentRoles.May(scope.Role, AssessmentRoles.Record) || !sample.VillageCode.StartsWith(scope.RegionPrefix, StringComparison.Ordinal))
            throw new WorkflowRefusedException($"{scope.Actor}的角色不能{what.Chinese}", $"{scope.Actor}'s role may not {what.English}", sample.VillageCode);
        if (sample.AssessorAccountId != scope.AccountId)
            throw new WorkflowRefusedException($"{scope.Actor}不是该样本户的评估人员", $"{scope.Actor} is not the assessor of this sample", sample.VillageCode);
    }

    /// <summary>Whether the reader may record this sample's form (the page shows the form only then).</summary>
    public static bool MayRecord(AccessScope scope, SampledHousehold sample) =>
        scope.Role == Role.Assessor && sample.AssessorAccountId == scope.AccountId && sample.Phase == SamplePhase.Visiting;

    // ---- reading ----

    /// <summary>The signed-in assessor's assigned households of the projects whose visits run, by village and draw order.</summary>
    public static async Task<List<AssignedSample>> MineAsync(JingzhunDbContext db, CancellationToken ct = default)
    {
        var account = db.Scope.AccountId;
        if (db.Scope.Role != Role.Assessor || account == 0) return [];
        var rows = await db.SampledHouseholds.AsNoTracking()
            .Where(s => s.AssessorAccountId == account && s.Phase == SamplePhase.Visiting)
            .Select(s => new
            {
                s.Id, s.ProjectId, ProjectName = s.Project!.Name, s.Frame, s.VillageCode, s.DrawOrder, s.FoundName, s.RecordedAt,
                Number = s.Household == null ? null : s.Household.Number,
                Head = s.Household == null ? null : s.Household.Members.Where(m => m.Relation == Relation.Head).Select(m => m.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        var villages = await NamesAsync(db, rows.Select(r => r.VillageCode), ct);
        return rows.OrderBy(r => r.VillageCode, StringComparer.Ordinal).ThenBy(r => r.Frame).ThenBy(r => r.DrawOrder)
            .Select(r => new AssignedSample(r.Id, r.ProjectId, r.ProjectName, r.Frame, r.VillageCode, villages.GetValueOrDefault(r.VillageCode, r.VillageCode),
                r.Number, r.Head ?? r.FoundName ?? "", r.RecordedAt is not null, r.RecordedAt)).ToList();
    }

    /// <summary>A sample with its household facts and photos, through the scoped context: null when the reader may not see it.</summary>
    public static async Task<SampleDetail?> FindAsync(JingzhunDbContext db, long sampleId, CancellationToken ct = default)
    {
        var sample = await db.SampledHouseholds.AsNoTracking().Include(s => s.Project).FirstOrDefaultAsync(s => s.Id == sampleId, ct);
        if (sample is null) return null;
        var household = sample.HouseholdId is not { } householdId ? null : await db.Households.AsNoTracking().Where(h => h.Id == householdId)
            .Select(h => new
            {
                h.Number, h.Address, People = h.Members.Count(m => m.State == MemberState.Present),
                Head = h.Members.Where(m => m.Relation == Relation.Head).Select(m => m.Name).FirstOrDefault(),
            }).FirstOrDefaultAsync(ct);
        var villages = await NamesAsync(db, [sample.VillageCode], ct);
        var photos = await SamplePhotos.IdsAsync(db, sampleId, ct);
        var project = sample.Project!;
        return new SampleDetail(sample, project.Name, project.Year, project.VisitsStartedAt is { } v ? DateOnly.FromDateTime(v) : null,
            villages.GetValueOrDefault(sample.VillageCode, sample.VillageCode), household?.Number, household?.Head ?? sample.FoundName ?? "",
            household?.Address ?? "", household?.People ?? 0, photos, MayRecord(db.Scope, sample));
    }

    private static async Task<Dictionary<string, string>> NamesAsync(JingzhunDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct().ToList();
        return (await db.Regions.AsNoTracking().Where(r => list.Contains(r.Code) && r.ValidTo == null).Select(r => new { r.Code, r.Name }).ToListAsync(ct))
            .GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First().Name);
    }
}
