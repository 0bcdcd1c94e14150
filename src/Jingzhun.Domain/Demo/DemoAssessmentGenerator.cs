using System.Security.Cryptography;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Domain.Demo;

/// <summary>A registered household of the demo county, as the assessment generator needs it (a frame row or a finding's subject).</summary>
public sealed record AssessmentCandidate(long Id, string VillageCode, HouseholdStatus Status);

/// <summary>
/// What the demo plants for assessment and supervision, by keys that do not depend on database ids: the two projects' names
/// and the numbers of the findings in each state. Every state holds on <see cref="AsOf"/> (the demo's day).
/// </summary>
public sealed record DemoAssessmentKeys(DateOnly AsOf, string CurrentProject, string ClosedProject,
    string SignedOff, string Withdrawn, string Overdue, string Reported, string OpenInTime);

/// <summary>The demo's assessment rows: projects with their counties, sampled households with their forms, assignments, findings.</summary>
public sealed class DemoAssessmentData
{
    /// <summary>The closed annual survey of last year first, then this year's county-exit assessment.</summary>
    public List<AssessmentProject> Projects { get; } = [];
    public List<SampledHousehold> Samples { get; } = [];
    /// <summary>The assessor's reading rights on the sampled registry households (ended for the closed project).</summary>
    public List<HouseholdAssignment> Assignments { get; } = [];
    public List<Finding> Findings { get; } = [];
    /// <summary>A finding that came from an assessment project (the model keeps the link as a plain id).</summary>
    public Dictionary<Finding, AssessmentProject> ProjectOf { get; } = new(ReferenceEqualityComparer.Instance);
}

/// <summary>
/// Generates the demo county's third-party assessments and findings. This year: a province-organised county-exit
/// assessment (002:2663) drawn in two stages (villages, then exited and unregistered households in each), visits under way
/// with about half the forms recorded, one of them a wrong exit. Last year: a closed annual-assessment survey (002:2598)
/// drawn by township strata, every form recorded. Findings (002:2620): one signed off before its deadline, one withdrawn,
/// one open past its deadline, one reported and waiting, one open in time. The forms are judged as the forms service does
/// (rule set of the year: income at or under the line or a guarantee missing = exited wrongly; an unregistered household
/// under the line = should have been identified). Pure: the same input and seed always give the same rows.
/// </summary>
public static class DemoAssessmentGenerator
{
    public const string OrganiserCode = DemoGenerator.ProvinceCode;
    public const string OrganiserPrefix = "99";
    /// <summary>The demo assessor account's user name: it records the forms.</summary>
    public const string Assessor = "assessor";
    private const string Actor = "demo";
    private const int HouseholdsPerVillage = 8;
    private const int UnregisteredPerVillage = 3;

    /// <summary>The demo's day: the findings' states and the visits hold on it.</summary>
    public static DateOnly AsOf(int currentYear) => DemoFundsGenerator.AsOf(currentYear);

    public static DemoAssessmentKeys Planted(int currentYear)
    {
        string Number(int n) => $"ZG{currentYear}{DemoGenerator.CountyPrefix}-{n:0000}";
        return new(AsOf(currentYear), CurrentProjectName(currentYear), ClosedProjectName(currentYear - 1),
            SignedOff: Number(1), Withdrawn: Number(2), Overdue: Number(3), Reported: Number(4), OpenInTime: Number(5));
    }

    public static string CurrentProjectName(int year) => $"{year}年示例县贫困县退出专项评估检查";
    public static string ClosedProjectName(int year) => $"{year}年度示例省脱贫成效考核第三方评估（示例县）";

    /// <summary>The seed of a demo project's draw: from the demo's seed and the year, so it can be given again.</summary>
    public static long ProjectSeed(int seed, int year, AssessmentKind kind) => seed * 100_000L + year * 10L + (int)kind;

    /// <summary>
    /// Households to draw for a rate near <paramref name="p"/> within ± <paramref name="margin"/>: n₀ = z²p(1−p)/e², times
    /// the design effect 1 + (m − 1)ρ of a cluster sample of m households per village, corrected for a finite frame of N.
    /// </summary>
    public static int SampleSize(decimal p, decimal margin, decimal confidence, int householdsPerCluster, decimal rho, int frame)
    {
        var z = confidence switch { >= 0.99m => 2.5758, >= 0.95m => 1.9600, _ => 1.6449 };
        var n0 = z * z * (double)(p * (1 - p)) / (double)(margin * margin);
        n0 *= 1 + Math.Max(0, householdsPerCluster - 1) * (double)rho;
        var n = frame > 0 ? n0 / (1 + (n0 - 1) / frame) : n0;
        return Math.Min(Math.Max(frame, 0), (int)Math.Ceiling(n));
    }

    public static DemoAssessmentData Generate(IReadOnlyList<AssessmentCandidate> households, IReadOnlyList<AssistanceVillage> villages,
        RuleSet currentRules, RuleSet previousRules, int seed, int currentYear, int assessorAccountId)
    {
        var data = new DemoAssessmentData();
        var exited = households.Where(h => h.Status == HouseholdStatus.Exited).ToList();
        if (exited.Count == 0 || villages.Count == 0) return data;
        var closed = ClosedAnnualSurvey(households, previousRules, seed, currentYear - 1, assessorAccountId, data);
        CurrentCountyExit(households, currentRules, seed, currentYear, assessorAccountId, data);
        PlantFindings(households, villages, currentRules, seed, currentYear, closed, data);
        return data;
    }

    // ---- This year's county-exit assessment: two stages, visits under way. ----

    private static void CurrentCountyExit(IReadOnlyList<AssessmentCandidate> households, RuleSet rules, int seed, int year, int assessor, DemoAssessmentData data)
    {
        var asOf = AsOf(year);
        var visitsStart = At(asOf.AddDays(-24), 8);
        var project = NewProject(CurrentProjectName(year), year, AssessmentKind.CountyExit, SampleDesign.TwoStageCluster, seed,
            created: At(asOf.AddDays(-60), 9), sampled: At(asOf.AddDays(-45), 10), visits: visitsStart);
        project.Margin = 0.10m;
        project.State = AssessmentState.Visiting;
        data.Projects.Add(project);
        var rng = new Random((int)(project.Seed % int.MaxValue));
        var rows = TwoStageSample(project, households, rng, SamplePhase.Visiting, assessor, At(asOf.AddDays(-28), 10));
        data.Samples.AddRange(rows);

        // The assessor goes village by village: the first half of the rows have their forms; one of them is a wrong exit.
        var recorded = rows.Take((rows.Count + 1) / 2).ToList();
        var wrong = recorded.Where(r => r.Frame == SampleFrame.Exited).Skip(2).FirstOrDefault()
            ?? recorded.FirstOrDefault(r => r.Frame == SampleFrame.Exited);
        var days = Math.Max(1, asOf.DayNumber - DateOnly.FromDateTime(visitsStart).DayNumber - 1);
        for (var i = 0; i < recorded.Count; i++)
        {
            var on = DateOnly.FromDateTime(visitsStart).AddDays(1 + i * days / Math.Max(1, recorded.Count));
            Record(recorded[i], rules, on, rng, wrongExit: ReferenceEquals(recorded[i], wrong), missed: false);
        }
        foreach (var row in rows)
            data.Assignments.Add(Assign(row, assessor, visitsStart, null));
    }

    /// <summary>
    /// The national special assessment of the demo's exited county (示例东县, issue 21), two stages like this year's, every form
    /// recorded and the project closed on <paramref name="closedAt"/>, its rates passing whatever the sample's size: no wrong exit,
    /// none missed, and only every twenty-fifth exited household sampled not recognising its exit (so recognition is at least 96%). The nation approves that county's exit on them.
    /// </summary>
    public static DemoAssessmentData ClosedCountyExit(IReadOnlyList<AssessmentCandidate> households, RuleSet rules, int seed, int year,
        string countyName, int assessor, DateOnly visitsOn, DateTime closedAt)
    {
        var data = new DemoAssessmentData();
        if (!households.Any(h => h.Status == HouseholdStatus.Exited)) return data;
        var visitsStart = At(visitsOn, 8);
        var project = NewProject($"{year}年{countyName}贫困县退出专项评估检查", year, AssessmentKind.CountyExit, SampleDesign.TwoStageCluster, seed,
            created: At(visitsOn.AddDays(-30), 9), sampled: At(visitsOn.AddDays(-15), 10), visits: visitsStart);
        project.Seed += 1; // a draw of its own, not the demo county's
        project.Margin = 0.10m;
        project.State = AssessmentState.Closed;
        project.ClosedAt = closedAt;
        project.ClosedReason = "入户核查完成，评估结果已报国务院扶贫开发领导小组 / visits complete, results reported to the State Council's leading group";
        data.Projects.Add(project);
        var rng = new Random((int)(project.Seed % int.MaxValue));
        var rows = TwoStageSample(project, households, rng, SamplePhase.Closed, assessor, At(visitsOn.AddDays(-3), 10));
        data.Samples.AddRange(rows);
        var exitedOrder = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            Record(rows[i], rules, visitsOn.AddDays(i * 14 / Math.Max(1, rows.Count)), rng, wrongExit: false, missed: false);
            if (rows[i].Frame == SampleFrame.Exited)
                rows[i].Recognition = ++exitedOrder % 25 == 0 ? ExitRecognition.DoesNotRecognise : ExitRecognition.Recognises;
        }
        foreach (var row in rows)
            data.Assignments.Add(Assign(row, assessor, visitsStart, closedAt));
        return data;
    }

    /// <summary>
    /// A two-stage draw of one county: villages from its exited households' villages, then in each drawn village exited
    /// households (wrong-exit rate and recognition) and unregistered ones (missed rate), weighted (K/k)(M/m), the inverse
    /// of the chance of being drawn. The county is the one stratum (a township with a single drawn village would leave a
    /// stratum with one primary unit, whose variance cannot be estimated).
    /// </summary>
    private static List<SampledHousehold> TwoStageSample(AssessmentProject project, IReadOnlyList<AssessmentCandidate> households, Random rng,
        SamplePhase phase, int assessor, DateTime assignedAt)
    {
        var exitedByVillage = ByVillage(households, HouseholdStatus.Exited);
        var notPoorByVillage = ByVillage(households, HouseholdStatus.NotPoor);
        var county = households[0].VillageCode[..6];
        var frame = exitedByVillage.Sum(v => v.Value.Count);
        var size = SampleSize(project.ExpectedRate, project.Margin, project.Confidence, HouseholdsPerVillage, project.ClusterCorrelation, frame);
        var villageFrame = exitedByVillage.Keys.Order(StringComparer.Ordinal).ToList();
        var k = Math.Clamp((size + HouseholdsPerVillage - 1) / HouseholdsPerVillage, 1, villageFrame.Count);
        var drawn = Shuffle(villageFrame, rng).Take(k).Order(StringComparer.Ordinal).ToList();
        project.Counties.Add(new AssessmentCounty
        {
            CountyCode = county, ExitedFrame = frame, VillageFrame = villageFrame.Count, VillagesDrawn = k, SampleSize = size,
        });
        var rows = new List<SampledHousehold>();
        int exitedOrder = 0, unregisteredOrder = 0;
        foreach (var village in drawn)
        {
            var villageWeight = (decimal)villageFrame.Count / k;
            foreach (var (frameKind, pool, take) in new[]
            {
                (SampleFrame.Exited, exitedByVillage[village], HouseholdsPerVillage),
                (SampleFrame.Unregistered, notPoorByVillage.GetValueOrDefault(village) ?? [], UnregisteredPerVillage),
            })
            {
                var chosen = Shuffle(pool, rng).Take(take).OrderBy(h => h.Id).ToList();
                foreach (var h in chosen)
                    rows.Add(NewSample(project, h, frameKind, frameKind == SampleFrame.Exited ? ++exitedOrder : ++unregisteredOrder,
                        decimal.Round(villageWeight * pool.Count / chosen.Count, 6), phase, assessor, assignedAt, stratum: county.PadRight(12, '0')));
            }
        }
        return rows;
    }

    // ---- Last year's annual-assessment survey: township strata, every form recorded, closed. ----

    private static AssessmentProject ClosedAnnualSurvey(IReadOnlyList<AssessmentCandidate> households, RuleSet rules, int seed, int year, int assessor, DemoAssessmentData data)
    {
        // The annual assessment runs from December to the end of February (002:2594).
        var visitsStart = new DateTime(year, 12, 16, 8, 0, 0, DateTimeKind.Utc);
        var closedAt = new DateTime(year + 1, 2, 20, 17, 0, 0, DateTimeKind.Utc);
        var project = NewProject(ClosedProjectName(year), year, AssessmentKind.Annual, SampleDesign.Stratified, seed,
            created: new DateTime(year, 12, 2, 9, 0, 0, DateTimeKind.Utc), sampled: new DateTime(year, 12, 9, 10, 0, 0, DateTimeKind.Utc), visits: visitsStart);
        project.Margin = 0.12m;
        project.State = AssessmentState.Closed;
        project.ClosedAt = closedAt;
        project.ClosedReason = "入户核查完成，结果已报省考核办 / visits complete, results reported to the province's assessment office";
        data.Projects.Add(project);
        var rng = new Random((int)(project.Seed % int.MaxValue));

        var exitedByTownship = households.Where(h => h.Status == HouseholdStatus.Exited).GroupBy(h => Township(h.VillageCode))
            .ToDictionary(g => g.Key, g => g.OrderBy(h => h.Id).ToList());
        var notPoorByTownship = households.Where(h => h.Status == HouseholdStatus.NotPoor).GroupBy(h => Township(h.VillageCode))
            .ToDictionary(g => g.Key, g => g.OrderBy(h => h.Id).ToList());
        var frame = exitedByTownship.Sum(t => t.Value.Count);
        var size = SampleSize(project.ExpectedRate, project.Margin, project.Confidence, 1, 0, frame);
        var rows = new List<SampledHousehold>();
        int exitedOrder = 0, unregisteredOrder = 0;
        // Proportional allocation: each township draws its share of the sample, at least one household.
        foreach (var (township, pool) in exitedByTownship.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var take = Math.Clamp((int)Math.Round((double)size * pool.Count / frame), 1, pool.Count);
            var chosen = Shuffle(pool, rng).Take(take).OrderBy(h => h.Id).ToList();
            foreach (var h in chosen)
                rows.Add(NewSample(project, h, SampleFrame.Exited, ++exitedOrder, decimal.Round((decimal)pool.Count / chosen.Count, 6),
                    SamplePhase.Closed, assessor, visitsStart.AddDays(-3)));
            var unregistered = notPoorByTownship.GetValueOrDefault(township) ?? [];
            var others = Shuffle(unregistered, rng).Take(2).OrderBy(h => h.Id).ToList();
            foreach (var h in others)
                rows.Add(NewSample(project, h, SampleFrame.Unregistered, ++unregisteredOrder, decimal.Round((decimal)unregistered.Count / others.Count, 6),
                    SamplePhase.Closed, assessor, visitsStart.AddDays(-3)));
        }
        project.Counties.Add(new AssessmentCounty
        {
            CountyCode = DemoGenerator.CountyPrefix, ExitedFrame = frame, VillageFrame = exitedByTownship.Values.SelectMany(p => p).Select(h => h.VillageCode).Distinct().Count(),
            VillagesDrawn = rows.Select(r => r.VillageCode).Distinct().Count(), SampleSize = size,
        });
        data.Samples.AddRange(rows);

        var wrong = rows.Where(r => r.Frame == SampleFrame.Exited).Skip(3).FirstOrDefault() ?? rows.First(r => r.Frame == SampleFrame.Exited);
        var missed = rows.FirstOrDefault(r => r.Frame == SampleFrame.Unregistered);
        var first = DateOnly.FromDateTime(visitsStart);
        for (var i = 0; i < rows.Count; i++)
            Record(rows[i], rules, first.AddDays(1 + i * 35 / Math.Max(1, rows.Count)), rng, ReferenceEquals(rows[i], wrong), ReferenceEquals(rows[i], missed));
        foreach (var row in rows)
            data.Assignments.Add(Assign(row, assessor, visitsStart, closedAt));
        return project;
    }

    // ---- Findings of the county's villages and townships, one in each state. ----

    private static void PlantFindings(IReadOnlyList<AssessmentCandidate> households, IReadOnlyList<AssistanceVillage> villages, RuleSet rules,
        int seed, int year, AssessmentProject closed, DemoAssessmentData data)
    {
        var rng = new Random(seed ^ 0x7A67);
        var keys = Planted(year);
        var byVillage = households.GroupBy(h => h.VillageCode).ToDictionary(g => g.Key, g => g.OrderBy(h => h.Id).ToList());
        var withHouseholds = villages.Where(v => byVillage.ContainsKey(v.Code)).OrderBy(v => v.Code, StringComparer.Ordinal).ToList();
        var townships = withHouseholds.GroupBy(v => Township(v.Code)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        AssistanceVillage PickVillage() => withHouseholds[rng.Next(withHouseholds.Count)];
        AssessmentCandidate PickHousehold(string village) => byVillage[village][rng.Next(byVillage[village].Count)];
        string TownshipUnit(string code) => $"{villages.First(v => Township(v.Code) == Township(code)).TownshipName}人民政府";
        string VillageUnit(AssistanceVillage v) => $"{v.TownshipName}{v.Name.TrimEnd('村')}村民委员会";
        const string county = DemoGenerator.CountyCode, city = DemoGenerator.CityCode;
        var deadlineDays = rules.FindingDeadlineDays;

        // 1. Last year's wrong exit, found by the annual survey: rectified with evidence and signed off before the deadline.
        var wrongExit = data.Samples.First(s => ReferenceEquals(s.Project, closed) && s.Frame == SampleFrame.Exited && s.Finding == true);
        var wrongVillage = villages.First(v => v.Code == wrongExit.VillageCode);
        var signedOff = NewFinding(keys.SignedOff, wrongExit.VillageCode, city, FindingSource.Assessment, FindingSeverity.Serious,
            "第三方评估发现错退户", $"{closed.Year}年度第三方评估入户核查认定该户退出不符合标准（{wrongExit.FindingTrace}）。",
            VillageUnit(wrongVillage), DateOnly.FromDateTime(closed.ClosedAt!.Value), deadlineDays, "city");
        signedOff.Subjects.Add(new FindingSubject { RegionCode = wrongExit.VillageCode, HouseholdId = wrongExit.HouseholdId });
        var reported = signedOff.FoundOn.AddDays(deadlineDays - 8);
        signedOff.Rectifications.Add(new Rectification
        {
            RegionCode = signedOff.RegionCode, Measures = "已将该户重新纳入帮扶，落实危房改造，住房安全有保障；复核其他已脱贫户未发现同类问题。",
            ReportedOn = reported, ReportedBy = "village", ReportedAt = At(reported, 15),
            EvidenceName = "整改照片.png", EvidenceType = "image/png", Evidence = EvidencePng, EvidenceSha256 = Convert.ToHexStringLower(SHA256.HashData(EvidencePng)),
            Accepted = true, Answer = "整改到位，予以销号", AnsweredBy = "city", AnsweredAt = At(reported.AddDays(4), 10),
        });
        Close(signedOff, FindingState.SignedOff, At(reported.AddDays(4), 10), "city", "整改到位，予以销号");
        data.Findings.Add(signedOff);
        data.ProjectOf[signedOff] = closed;

        // 2. A fund-control flag that proved wrong on checking: withdrawn with the reason.
        var v2 = PickVillage();
        var h2 = PickHousehold(v2.Code);
        var withdrawn = NewFinding(keys.Withdrawn, v2.Code, county, FindingSource.FundControl, FindingSeverity.Minor,
            "疑似重复发放补贴", "资金监管比对发现该户同年两笔同类补贴。", VillageUnit(v2), new DateOnly(year, 5, 12), deadlineDays, "county");
        withdrawn.Subjects.Add(new FindingSubject { RegionCode = v2.Code, HouseholdId = h2.Id });
        Close(withdrawn, FindingState.Withdrawn, At(new DateOnly(year, 5, 20), 11), "county",
            "经核实两笔为不同项目的补助，不属于重复发放，问题不成立");
        data.Findings.Add(withdrawn);

        // 3. A complaint still open past its deadline on the demo's day.
        var v3 = PickVillage();
        var h3 = PickHousehold(v3.Code);
        var overdue = NewFinding(keys.Overdue, v3.Code, county, FindingSource.Complaint, FindingSeverity.Serious,
            "群众反映危房改造补助未及时发放", "群众来信反映该户危房改造竣工验收后补助迟迟未到位。", VillageUnit(v3),
            keys.AsOf.AddDays(-deadlineDays - 36), deadlineDays, "county");
        overdue.Subjects.Add(new FindingSubject { RegionCode = v3.Code, HouseholdId = h3.Id });
        data.Findings.Add(overdue);

        // 4. An audit of a township: rectification reported in time, waiting for the city's sign-off.
        var t4 = townships[Math.Min(1, townships.Count - 1)];
        var township4 = t4.Key;
        var audit = NewFinding(keys.Reported, township4, city, FindingSource.Audit, FindingSeverity.Serious,
            "扶贫项目资金拨付不及时", "审计发现乡镇两个产业项目完工后资金滞留超过规定期限。", TownshipUnit(township4),
            keys.AsOf.AddDays(-24), deadlineDays, "city");
        foreach (var v in t4.Take(2))
            audit.Subjects.Add(new FindingSubject { RegionCode = v.Code });
        var auditReported = keys.AsOf.AddDays(-3);
        audit.Rectifications.Add(new Rectification
        {
            RegionCode = township4, Measures = "滞留资金已全部拨付到项目实施单位，建立项目完工后十日内拨付的台账。",
            ReportedOn = auditReported, ReportedBy = "township", ReportedAt = At(auditReported, 16),
            EvidenceName = "拨付凭证.png", EvidenceType = "image/png", Evidence = EvidencePng, EvidenceSha256 = Convert.ToHexStringLower(SHA256.HashData(EvidencePng)),
        });
        audit.State = FindingState.Reported;
        data.Findings.Add(audit);

        // 5. A patrol's minor finding, open and still within its deadline.
        var t5 = townships[^1];
        var v5 = t5.First();
        var h5 = PickHousehold(v5.Code);
        var patrol = NewFinding(keys.OpenInTime, v5.Code, county, FindingSource.Patrol, FindingSeverity.Minor,
            "明白卡信息未更新", "巡查发现该户帮扶明白卡收入信息仍为上年数据。", VillageUnit(v5), keys.AsOf.AddDays(-10), deadlineDays, "county");
        patrol.Subjects.Add(new FindingSubject { RegionCode = v5.Code, HouseholdId = h5.Id });
        data.Findings.Add(patrol);
    }

    /// <summary>A 1×1 PNG: the rectification's evidence (a real picture file, recognised by its content).</summary>
    public static readonly byte[] EvidencePng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    // ---- The form and its judgement. ----

    /// <summary>
    /// Fills a form with what the assessor found and judges it with the rule set of the year, as the forms service does:
    /// an exited household is exited wrongly when its income is at or under the line or a guarantee is missing; an
    /// unregistered household should have been identified when its income is under the line.
    /// </summary>
    private static void Record(SampledHousehold row, RuleSet rules, DateOnly on, Random rng, bool wrongExit, bool missed)
    {
        var line = rules.PovertyLine;
        var factor = row.Frame == SampleFrame.Exited ? 1.25 + rng.NextDouble() * 2.0 : 1.10 + rng.NextDouble() * 2.5;
        if (missed) factor = 0.85;
        row.VisitedOn = on;
        row.PerCapitaIncome = decimal.Round(line * (decimal)factor / 10m) * 10m;
        row.FoodAndClothing = row.Education = row.Medical = row.Housing = row.Water = true;
        if (wrongExit)
        {
            row.PerCapitaIncome = decimal.Round(line * 0.92m / 10m) * 10m;
            row.Housing = false;
            row.Notes = "住房为C级危房，家庭收入主要靠低保 / house graded C (unsafe), income mostly subsistence allowance";
        }
        if (row.Frame == SampleFrame.Exited)
        {
            var r = rng.NextDouble();
            row.Recognition = wrongExit ? ExitRecognition.DoesNotRecognise
                : r < 0.86 ? ExitRecognition.Recognises : r < 0.94 ? ExitRecognition.CannotSay : ExitRecognition.DoesNotRecognise;
        }
        (row.Finding, row.FindingTrace) = Judge(row, rules);
        row.RecordedAt = At(on, 18);
        row.RecordedBy = Assessor;
    }

    /// <summary>The judgement of a form and its reasons, naming the rule set.</summary>
    public static (bool Finding, string Trace) Judge(SampledHousehold row, RuleSet rules)
    {
        var income = row.PerCapitaIncome ?? 0;
        var line = rules.PovertyLine;
        var ruleSet = $"{rules.Year}年规则（{(rules.Jurisdiction.Length == 0 ? "全国" : rules.Jurisdiction)}第{rules.Version}版），贫困线{line:0}元";
        if (row.Frame == SampleFrame.Unregistered)
        {
            var below = income < line;
            return (below, $"{ruleSet}：人均纯收入{income:0}元{(below ? "低于贫困线，应识别未识别（漏评）" : "不低于贫困线，未漏评")}");
        }
        var missing = new List<string>();
        if (row.FoodAndClothing == false) missing.Add("不愁吃穿");
        if (row.Education == false) missing.Add("义务教育");
        if (row.Medical == false) missing.Add("基本医疗");
        if (row.Housing == false) missing.Add("住房安全");
        if (row.Water == false) missing.Add("饮水安全");
        var poor = income <= line;
        var wrong = poor || missing.Count > 0;
        var reasons = $"人均纯收入{income:0}元{(poor ? "不高于贫困线" : "高于贫困线")}；" + (missing.Count == 0 ? "两不愁三保障均已保障" : $"未保障：{string.Join("、", missing)}");
        return (wrong, $"{ruleSet}：{reasons}{(wrong ? "，认定错退" : "，退出符合标准")}");
    }

    // ---- Helpers. ----

    private static AssessmentProject NewProject(string name, int year, AssessmentKind kind, SampleDesign design, int seed,
        DateTime created, DateTime sampled, DateTime visits) => new()
    {
        Name = name, Year = year, Kind = kind, Design = design, OrganiserCode = OrganiserCode, OrganiserPrefix = OrganiserPrefix,
        Seed = ProjectSeed(seed, year, kind), HouseholdsPerVillage = HouseholdsPerVillage, UnregisteredPerVillage = UnregisteredPerVillage,
        CreatedBy = "province", CreatedAt = created, SampledAt = sampled, VisitsStartedAt = visits,
    };

    private static SampledHousehold NewSample(AssessmentProject project, AssessmentCandidate h, SampleFrame frame, int order, decimal weight,
        SamplePhase phase, int assessor, DateTime assignedAt, string? stratum = null) => new()
    {
        Project = project, CountyCode = h.VillageCode[..6], Stratum = stratum ?? Township(h.VillageCode), VillageCode = h.VillageCode,
        OrganiserPrefix = OrganiserPrefix, Phase = phase, Frame = frame, HouseholdId = h.Id, DrawOrder = order, Weight = weight,
        AssessorAccountId = assessor, AssignedAt = assignedAt,
    };

    private static HouseholdAssignment Assign(SampledHousehold row, int assessor, DateTime from, DateTime? to) => new()
    {
        HouseholdId = row.HouseholdId!.Value, CountyCode = row.VillageCode[..6], VillageCode = row.VillageCode, AccountId = assessor,
        Kind = AssignmentKind.AssessmentSample, AssignedAt = from, AssignedBy = "province", EndedAt = to, EndedBy = to is null ? null : "province",
    };

    private static Finding NewFinding(string number, string region, string raisedBy, FindingSource source, FindingSeverity severity,
        string title, string description, string unit, DateOnly foundOn, int deadlineDays, string actor) => new()
    {
        Number = number, RegionCode = region, CountyCode = DemoGenerator.CountyPrefix, RaisedByCode = raisedBy, Source = source, Severity = severity,
        Title = title, Description = description, ResponsibleUnit = unit, FoundOn = foundOn, Deadline = foundOn.AddDays(deadlineDays),
        RaisedBy = actor, RaisedAt = At(foundOn, 10),
    };

    private static void Close(Finding finding, FindingState state, DateTime at, string by, string reason)
    {
        finding.State = state;
        finding.ClosedAt = at;
        finding.ClosedBy = by;
        finding.ClosedReason = reason;
    }

    private static Dictionary<string, List<AssessmentCandidate>> ByVillage(IReadOnlyList<AssessmentCandidate> households, HouseholdStatus status) =>
        households.Where(h => h.Status == status).GroupBy(h => h.VillageCode).ToDictionary(g => g.Key, g => g.OrderBy(h => h.Id).ToList());

    private static List<T> Shuffle<T>(IReadOnlyList<T> items, Random rng)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    private static string Township(string villageCode) => villageCode[..9] + "000";
    private static DateTime At(DateOnly day, int hour) => day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc);
}
