using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Domain.Demo;

/// <summary>What the assistance generator needs to know of a seeded household.</summary>
public sealed record AssistanceCandidate(long Id, string Number, string VillageCode, string CountyCode, HouseholdStatus Status,
    MonitoringCategory Monitoring, int People, int Labour, int IdentifiedYear, int StatusYear, PovertyCause Causes);

/// <summary>A village of the demo county: its code, name, township name and whether it is a poor village (贫困村).</summary>
public sealed record AssistanceVillage(string Code, string Name, string TownshipName, bool IsPoor);

/// <summary>
/// The demo county's assistance, generated: the rows to write (linked by navigation where the model has one; the cadre of a
/// plan or visit by <see cref="CadreOf"/>, a loan's rating by <see cref="RatingOf"/>) and the gaps left on purpose, so the
/// coverage report finds something.
/// </summary>
public sealed class DemoAssistanceData
{
    public List<Cadre> Cadres { get; } = [];
    public List<CadrePairing> Pairings { get; } = [];
    /// <summary>Handovers: the ended pairing and the one that took over (its id is known only once saved).</summary>
    public List<(CadrePairing From, CadrePairing To)> Handovers { get; } = [];
    public List<WorkTeam> Teams { get; } = [];
    public List<WorkTeamMember> Members { get; } = [];
    public List<WorkTeamAssessment> Assessments { get; } = [];
    public List<AssistancePlan> Plans { get; } = [];
    public List<AssistanceNeed> Needs { get; } = [];
    public List<CreditRating> Ratings { get; } = [];
    public List<MicroLoan> Loans { get; } = [];
    public List<LoanRepayment> Repayments { get; } = [];
    public List<Relocation> Relocations { get; } = [];
    public List<RelocationFollowUp> FollowUps { get; } = [];
    public List<AssistanceVisit> Visits { get; } = [];
    public Dictionary<object, Cadre> CadreOf { get; } = new(ReferenceEqualityComparer.Instance);
    public Dictionary<MicroLoan, CreditRating> RatingOf { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Poor or monitored households left without a cadre on purpose.</summary>
    public List<long> UnpairedGaps { get; } = [];
    /// <summary>Households needing a plan left without one on purpose.</summary>
    public List<long> UnplannedGaps { get; } = [];
    /// <summary>The one cadre given more households than the caseload limit.</summary>
    public Cadre? OverLimit { get; set; }
    /// <summary>The poor village left without a work team.</summary>
    public string? VillageWithoutTeam { get; set; }
}

/// <summary>
/// Generates the demo county's assistance (帮扶): a roster of cadres from county bodies, townships and sending units, each
/// paired with at most the caseload limit of poor, returned or monitored households of one township (a handful left
/// without a cadre and one cadre over the limit, on purpose; two handovers in the history); a work team with a first
/// secretary in every poor village but one, one of them rotated, with yearly assessments; plans for most households that
/// need one; needs; credit ratings for households with labour, loans with repayments (a few overdue); a few relocations
/// within the area line with their follow-up; a few visits in the demo village. Pure: the same input and seed always give
/// the same rows.
/// </summary>
public static class DemoAssistanceGenerator
{
    /// <summary>The demo's "today" for rows already written: the autumn of the demo's last income year.</summary>
    public static readonly DateOnly DemoDay = new(2025, 10, 9);

    private static readonly string[] CountyUnits =
    [
        "县财政局", "县教育局", "县卫生健康局", "县农业农村局", "县人力资源和社会保障局", "县住房和城乡建设局", "县交通运输局",
        "县水利局", "县林业局", "县民政局", "县乡村振兴局", "县自然资源局", "县发展和改革局", "县审计局", "县统计局", "县农村商业银行",
        "县供电公司", "县委组织部", "县委宣传部", "县市场监督管理局",
    ];
    private static readonly string[] CountyPositions = ["科员", "股长", "副局长", "办公室主任", "干部", "副主任科员"];
    private static readonly string[] TownshipPositions = ["包村干部", "副镇长", "镇党委委员", "站所干部", "镇干部"];
    private static readonly string[] CityUnits = ["市发展和改革委员会", "市财政局", "市农业农村局", "市人力资源和社会保障局"];
    private static readonly string[] ProvinceUnits = ["省农业农村厅", "省财政厅", "省交通运输厅"];
    private static readonly string[] SendingUnits =
        ["省农业农村厅", "省交通运输厅", "市财政局", "市农业农村局", "县教育局", "县卫生健康局", "县水利局", "县农业农村局", "县林业局", "县农村商业银行"];
    private static readonly string[] Banks = ["县农村商业银行", "中国农业银行县支行", "中国邮政储蓄银行县支行"];

    public static DemoAssistanceData Generate(IReadOnlyList<AssistanceCandidate> households, IReadOnlyList<AssistanceVillage> villages,
        IReadOnlySet<long> reserved, RuleSet rules, int seed, int currentYear, bool inTransition = false)
    {
        var data = new DemoAssistanceData();
        var rng = new Random(seed ^ 0x61737369);
        var county = households.FirstOrDefault()?.CountyCode ?? DemoGenerator.CountyPrefix;
        var townshipNames = villages.GroupBy(v => v.Code[..9]).ToDictionary(g => g.Key, g => g.First().TownshipName);
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        string Name()
        {
            for (var i = 0; ; i++)
            {
                var female = rng.NextDouble() < 0.35;
                var given = female ? DemoNames.FemaleGiven : DemoNames.MaleGiven;
                var name = DemoNames.Surnames[rng.Next(DemoNames.Surnames.Length)] + given[rng.Next(given.Length)]
                    + (i > 3 ? given[rng.Next(given.Length)] : "");
                if (usedNames.Add(name)) return name;
            }
        }
        string Phone() => "1" + (new[] { "39", "38", "37", "58", "87", "35", "52" })[rng.Next(7)] + rng.Next(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Cadre NewCadre(string township)
        {
            var roll = rng.NextDouble();
            var (level, unit, position) = roll < 0.55 ? (CadreLevel.County, CountyUnits[rng.Next(CountyUnits.Length)], CountyPositions[rng.Next(CountyPositions.Length)])
                : roll < 0.9 ? (CadreLevel.Township, $"{townshipNames.GetValueOrDefault(township) ?? "示例镇"}人民政府", TownshipPositions[rng.Next(TownshipPositions.Length)])
                : roll < 0.97 ? (CadreLevel.City, CityUnits[rng.Next(CityUnits.Length)], "干部")
                : (CadreLevel.Province, ProvinceUnits[rng.Next(ProvinceUnits.Length)], "驻县干部");
            var cadre = new Cadre { CountyCode = county, Name = Name(), Unit = unit, Position = position, Phone = Phone(), Level = level };
            data.Cadres.Add(cadre);
            return cadre;
        }

        // Who needs a cadre and a plan: poor and returned households (贫困户, 返贫户) and monitored ones (监测户).
        // In an exited county's transition its exited households keep their cadres too (四个不摘: assistance is not removed).
        bool Needs(AssistanceCandidate h) => h.Status is HouseholdStatus.Poor or HouseholdStatus.Returned or HouseholdStatus.Monitored
            || (h.Monitoring != MonitoringCategory.None && h.Status != HouseholdStatus.Removed)
            || (inTransition && h.Status == HouseholdStatus.Exited);
        var needing = households.Where(Needs).OrderBy(h => h.VillageCode, StringComparer.Ordinal).ThenBy(h => h.Number, StringComparer.Ordinal).ToList();

        // A handful of gaps, spread over the county's last villages (away from the demo village).
        // (Every registered household exited by 2020, so those needing a cadre now are few: still at least one gap.)
        var gapCount = needing.Count == 0 ? 0 : Math.Clamp(needing.Count / 40, 1, 5);
        foreach (var village in needing.Where(h => !reserved.Contains(h.Id)).GroupBy(h => h.VillageCode).Reverse().Take(gapCount))
            data.UnpairedGaps.Add(village.ElementAt(rng.Next(village.Count())).Id);
        var gaps = data.UnpairedGaps.ToHashSet();

        // Pairings: township by township, a cadre for every 3 to 5 households of neighbouring villages; the first group of the
        // most crowded township is the one over the limit (the limit plus two).
        var limit = rules.CadreCaseloadLimit;
        var townships = needing.Where(h => !reserved.Contains(h.Id) && !gaps.Contains(h.Id)).GroupBy(h => h.VillageCode[..9]).ToList();
        // The group over the limit goes to the township with the most households to pair (the last of them on a tie).
        var crowded = townships.Select((g, t) => (Count: g.Count(), t)).DefaultIfEmpty().Max().t;
        var cadreOfHousehold = new Dictionary<long, Cadre>();
        for (var t = 0; t < townships.Count; t++)
        {
            var list = townships[t].ToList();
            var i = 0;
            var first = true;
            while (i < list.Count)
            {
                var size = first && t == crowded && list.Count >= limit + 2 ? limit + 2 : rng.Next(Math.Min(3, limit), limit + 1);
                var cadre = NewCadre(townships[t].Key);
                if (size > limit) data.OverLimit = cadre;
                first = false;
                foreach (var h in list.Skip(i).Take(size))
                {
                    var started = new DateOnly(Math.Max(2015, Math.Min(h.IdentifiedYear, currentYear)), 3, 1 + rng.Next(0, 28));
                    data.Pairings.Add(Pair(h, cadre, started, "建档立卡结对帮扶"));
                    cadreOfHousehold[h.Id] = cadre;
                }
                i += size;
            }
        }

        // Two handovers: a cadre of the first township left in 2023 and handed its households to a newcomer.
        foreach (var leaving in data.Pairings.Where(p => p.StartedOn.Year < 2023 && !ReferenceEquals(p.Cadre, data.OverLimit)).Select(p => p.Cadre!)
                     .Distinct().Take(2).ToList())
        {
            var on = new DateOnly(2023, 6, 30);
            leaving.State = CadreState.Left;
            leaving.LeftOn = on;
            leaving.LeftReason = "工作调动";
            var successor = NewCadre(data.Pairings.First(p => ReferenceEquals(p.Cadre, leaving)).VillageCode[..9]);
            foreach (var old in data.Pairings.Where(p => ReferenceEquals(p.Cadre, leaving)).ToList())
            {
                old.EndedOn = on;
                old.EndReason = "帮扶责任人工作调动，移交新的帮扶责任人";
                old.EndedBy = "demo";
                var next = new CadrePairing
                {
                    HouseholdId = old.HouseholdId, VillageCode = old.VillageCode, CountyCode = old.CountyCode, Cadre = successor,
                    StartedOn = on, StartReason = $"接替{leaving.Name}", StartedBy = "demo",
                };
                data.Pairings.Add(next);
                data.Handovers.Add((old, next));
                cadreOfHousehold[old.HouseholdId] = successor;
            }
        }

        // Work teams: one in every poor village but the last; the first poor village's team rotated in 2023.
        var poorVillages = villages.Where(v => v.IsPoor).OrderBy(v => v.Code, StringComparer.Ordinal).ToList();
        if (poorVillages.Count > 1) data.VillageWithoutTeam = poorVillages[^1].Code;
        for (var v = 0; v < poorVillages.Count; v++)
        {
            var village = poorVillages[v];
            if (village.Code == data.VillageWithoutTeam) continue;
            if (v == 0)
            {
                var old = Team(village, new DateOnly(2019, 5, 1), new DateOnly(2023, 5, 1), currentYear);
                old.State = WorkTeamState.Rotated;
                old.RotatedOn = new DateOnly(2023, 5, 1);
                old.Note = "期满轮换";
                foreach (var m in data.Members.Where(m => ReferenceEquals(m.Team, old)))
                {
                    m.LeftOn = old.RotatedOn;
                    m.LeftReason = "工作队轮换";
                }
                Team(village, new DateOnly(2023, 5, 1), null, currentYear);
            }
            else Team(village, new DateOnly(2021, 5, 1), null, currentYear);
        }

        WorkTeam Team(AssistanceVillage village, DateOnly start, DateOnly? rotated, int year)
        {
            var unit = SendingUnits[rng.Next(SendingUnits.Length)];
            var team = new WorkTeam
            {
                VillageCode = village.Code, CountyCode = county, SendingUnit = unit, TermStart = start, TermEnd = start.AddYears(2).AddDays(-1),
            };
            data.Teams.Add(team);
            foreach (var role in new[] { TeamRole.FirstSecretary, TeamRole.Member, TeamRole.Member })
            {
                var member = new WorkTeamMember
                {
                    Team = team, VillageCode = village.Code, CountyCode = county, Name = Name(), Unit = unit, Phone = Phone(), Role = role, JoinedOn = start,
                };
                data.Members.Add(member);
                var lastYear = Math.Min(year - 1, (rotated ?? new DateOnly(year, 1, 1)).Year - (rotated is null ? 0 : 1));
                for (var y = start.Year; y <= lastYear; y++)
                {
                    var r = rng.NextDouble();
                    data.Assessments.Add(new WorkTeamAssessment
                    {
                        Member = member, VillageCode = village.Code, CountyCode = county, Year = y,
                        Grade = r < 0.2 ? AssessmentGrade.Excellent : r < 0.92 ? AssessmentGrade.Competent : r < 0.99 ? AssessmentGrade.BasicallyCompetent : AssessmentGrade.Incompetent,
                        Comment = r < 0.2 ? "驻村帮扶成效突出" : "完成年度驻村任务", AssessedBy = "县委组织部",
                        AssessedAt = new DateTime(y + 1, 1, 20, 9, 0, 0, DateTimeKind.Utc),
                    });
                }
            }
            return team;
        }

        // Plans: every household that needs one but a few, and a completed plan for exited households (their measures' plan).
        var planGaps = needing.Where(h => !gaps.Contains(h.Id) && !reserved.Contains(h.Id)).Reverse().Where((_, i) => i % 97 == 13).Take(4).Select(h => h.Id).ToHashSet();
        data.UnplannedGaps.AddRange(planGaps);
        foreach (var h in households.Where(h => (Needs(h) || h.Status == HouseholdStatus.Exited) && !planGaps.Contains(h.Id)))
        {
            var exited = h.Status == HouseholdStatus.Exited;
            var from = Math.Max(2016, Math.Min(h.IdentifiedYear, currentYear));
            var plan = new AssistancePlan
            {
                HouseholdId = h.Id, CountyCode = h.CountyCode, FromYear = from,
                ToYear = exited ? Math.Max(from, h.StatusYear) : currentYear + 1,
                Goals = Goals(h.Causes),
                TargetIncomePerCapita = new Money(5_000 + 500 * rng.Next(0, 8)),
                Deadline = new DateOnly(exited ? Math.Max(from, h.StatusYear) : currentYear + 1, 12, 31),
                State = exited ? PlanState.Completed : PlanState.InForce,
                CreatedBy = "demo", CreatedAt = new DateTime(from, 3, 15, 9, 0, 0, DateTimeKind.Utc),
            };
            data.Plans.Add(plan);
            if (cadreOfHousehold.TryGetValue(h.Id, out var c)) data.CadreOf[plan] = c;
        }

        // Needs (帮扶需求): about one household in three that needs help says what it asks for.
        foreach (var h in needing.Where(_ => rng.NextDouble() < 0.33))
        {
            var area = AreaOf(h.Causes, rng);
            data.Needs.Add(new AssistanceNeed
            {
                HouseholdId = h.Id, CountyCode = h.CountyCode, Area = area, Description = NeedText(area),
                RecordedOn = new DateOnly(currentYear, 1 + rng.Next(0, 9), 1 + rng.Next(0, 28)), RecordedBy = "demo",
                State = rng.NextDouble() < 0.4 ? NeedState.Met : NeedState.Open,
            });
        }

        // Credit ratings (评级授信) for households with labour; loans for some with a line, repaid, running or overdue.
        var rated = households.Where(h => h.Labour > 0 && h.Status is HouseholdStatus.Poor or HouseholdStatus.Returned or HouseholdStatus.Exited or HouseholdStatus.Monitored)
            .Where(_ => rng.NextDouble() < 0.45).ToList();
        var overdue = 0;
        foreach (var h in rated)
        {
            var integrity = 45 + rng.Next(0, 26);
            var income = 6 + rng.Next(0, 15);
            var labour = Math.Min(10, 3 * h.Labour + rng.Next(0, 3));
            var (score, _) = MicrocreditRules.Score(integrity, income, labour);
            var grade = MicrocreditRules.GradeOf(score, rules);
            var ratedOn = new DateOnly(2019 + rng.Next(0, 4), 4, 1 + rng.Next(0, 28));
            var rating = new CreditRating
            {
                HouseholdId = h.Id, CountyCode = h.CountyCode, RatedOn = ratedOn, Integrity = integrity, Income = income, Labour = labour,
                Score = score, Grade = grade, CreditLine = MicrocreditRules.LineOf(grade, rules), RuleSet = rules.Label, RatedBy = "村评级小组",
                CreatedAt = ratedOn.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc),
            };
            data.Ratings.Add(rating);
            if (grade == CreditGrade.Unrated || rng.NextDouble() >= 0.4) continue;
            var line = rating.CreditLine.Yuan;
            var amount = Math.Min(line, Math.Min(rules.MicrocreditMaxYuan, 10_000m * rng.Next(1, 6)));
            var term = rng.NextDouble() < 0.7 ? 36 : rng.NextDouble() < 0.5 ? 24 : 12;
            var issued = ratedOn.AddDays(20 + rng.Next(0, 300));
            if (issued > DemoDay) issued = DemoDay.AddDays(-30);
            var loan = new MicroLoan
            {
                HouseholdId = h.Id, CountyCode = h.CountyCode, Bank = Banks[rng.Next(Banks.Length)], Amount = new Money(amount), IssuedOn = issued,
                TermMonths = term, DueOn = issued.AddMonths(term), RatePercent = 4.35m, SubsidyYears = Math.Min(rules.MicrocreditMaxYears, (term + 11) / 12),
                Purpose = rng.NextDouble() < 0.6 ? "发展种养殖业" : "发展农家乐及小商贸", RecordedBy = "demo",
                CreatedAt = issued.ToDateTime(new TimeOnly(11, 0), DateTimeKind.Utc),
            };
            data.Loans.Add(loan);
            data.RatingOf[loan] = rating;
            // Interest every year it ran (subsidised in full), the principal at the due date; a few never finished repaying.
            var yearlyInterest = new Money(decimal.Round(amount * loan.RatePercent / 100m, 2));
            for (var paid = issued.AddYears(1); paid <= loan.DueOn && paid <= DemoDay; paid = paid.AddYears(1))
                data.Repayments.Add(new LoanRepayment
                {
                    Loan = loan, HouseholdId = h.Id, CountyCode = h.CountyCode, PaidOn = paid, Principal = Money.Zero,
                    Interest = yearlyInterest, InterestSubsidy = yearlyInterest, RecordedBy = "demo",
                });
            if (loan.DueOn > DemoDay) continue;
            var late = rng.NextDouble() < 0.06 || (overdue < 3 && data.Loans.Count % 7 == 3);
            var principal = late ? new Money(decimal.Round(amount * 0.4m, 2)) : loan.Amount;
            if (late) overdue++;
            data.Repayments.Add(new LoanRepayment
            {
                Loan = loan, HouseholdId = h.Id, CountyCode = h.CountyCode, PaidOn = loan.DueOn, Principal = principal,
                Interest = Money.Zero, InterestSubsidy = Money.Zero, RecordedBy = "demo",
            });
            loan.Repaid = principal;
            if (!late)
            {
                loan.State = LoanState.Repaid;
                loan.SettledOn = loan.DueOn;
            }
        }

        // A few relocations (易地扶贫搬迁), within the 25 m² a head, with three years of follow-up.
        foreach (var h in households.Where(h => h.People > 0 && (h.Causes.HasFlag(PovertyCause.LackOfLand) || h.Causes.HasFlag(PovertyCause.PoorTransport))
                         && h.Status is HouseholdStatus.Poor or HouseholdStatus.Exited).Where((_, i) => i % 5 == 2).Take(8))
        {
            var year = 2017 + rng.Next(0, 3);
            var moved = new DateOnly(year, 9 + rng.Next(0, 3), 1 + rng.Next(0, 28));
            var perPerson = Math.Min(rules.RelocationAreaPerPerson, 18m + rng.Next(0, 8));
            var township = townshipNames.GetValueOrDefault(h.VillageCode[..9]) ?? "示例镇";
            var relocation = new Relocation
            {
                HouseholdId = h.Id, CountyCode = h.CountyCode, Reason = rng.NextDouble() < 0.5 ? RelocationReason.HarshConditions : RelocationReason.GeologicalHazard,
                Mode = rng.NextDouble() < 0.8 ? RelocationMode.Concentrated : RelocationMode.Scattered,
                Site = $"{township}易地扶贫搬迁集中安置点", People = h.People, HousingArea = perPerson * h.People,
                HousingSubsidy = new Money(20_000m * h.People), OtherSubsidy = new Money(5_000m), Year = year, MovedOn = moved,
                FollowUpUntil = RelocationRules.FollowUpUntil(moved, rules), State = RelocationState.MovedIn, RecordedBy = "demo",
                CreatedAt = moved.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
            };
            data.Relocations.Add(relocation);
            var kinds = new[] { (FollowUpKind.Employment, "安置点扶贫车间就业"), (FollowUpKind.Industry, "配套发展食用菌大棚"), (FollowUpKind.Visit, "搬迁后回访，生活稳定") };
            for (var k = 0; k < kinds.Length; k++)
                data.FollowUps.Add(new RelocationFollowUp
                {
                    Relocation = relocation, HouseholdId = h.Id, CountyCode = h.CountyCode, On = moved.AddMonths(4 + 10 * k), Kind = kinds[k].Item1,
                    Description = kinds[k].Item2, RecordedBy = "demo",
                });
        }

        // A few visits (遍访) by the households' cadres, in the demo village first (it may have fewer than six households
        // that need one since the poor exited by 2020), then in the next villages; no photos.
        foreach (var h in needing.Where(h => cadreOfHousehold.ContainsKey(h.Id))
                     .OrderBy(h => h.VillageCode == DemoGenerator.CountyPrefix + "001001" ? 0 : 1).Take(6))
        {
            var on = DemoDay.AddDays(-7 * (1 + rng.Next(0, 20)));
            var visit = new AssistanceVisit
            {
                HouseholdId = h.Id, VillageCode = h.VillageCode, CountyCode = h.CountyCode, VisitedOn = on, Place = "户内",
                VisitedBy = "demo", Present = "户主及家人", Findings = rng.NextDouble() < 0.5 ? "两不愁三保障达标，产业发展正常" : "家中劳动力外出务工，收入稳定",
                RecordedAt = on.ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc),
            };
            data.Visits.Add(visit);
            data.CadreOf[visit] = cadreOfHousehold[h.Id];
        }
        return data;

        CadrePairing Pair(AssistanceCandidate h, Cadre cadre, DateOnly on, string reason) => new()
        {
            HouseholdId = h.Id, VillageCode = h.VillageCode, CountyCode = h.CountyCode, Cadre = cadre, StartedOn = on, StartReason = reason, StartedBy = "demo",
        };
    }

    private static string Goals(PovertyCause causes) =>
        (causes.HasFlag(PovertyCause.Illness) ? "落实健康扶贫政策，" : "")
        + (causes.HasFlag(PovertyCause.Schooling) ? "保障子女义务教育不辍学，" : "")
        + (causes.HasFlag(PovertyCause.LackOfSkills) ? "参加技能培训转移就业，" : "")
        + "发展特色产业，人均纯收入稳定超过当年扶贫标准，两不愁三保障全部达标";

    private static MeasureType AreaOf(PovertyCause causes, Random rng) =>
        causes.HasFlag(PovertyCause.Illness) ? MeasureType.Health
        : causes.HasFlag(PovertyCause.Schooling) ? MeasureType.Education
        : causes.HasFlag(PovertyCause.LackOfCapital) ? MeasureType.Microcredit
        : causes.HasFlag(PovertyCause.LackOfSkills) ? MeasureType.SkillsTraining
        : rng.NextDouble() < 0.5 ? MeasureType.Production : MeasureType.Employment;

    private static string NeedText(MeasureType area) => area switch
    {
        MeasureType.Health => "希望解决慢性病门诊报销",
        MeasureType.Education => "希望落实子女教育资助",
        MeasureType.Microcredit => "希望申请小额信贷发展养殖",
        MeasureType.SkillsTraining => "希望参加技能培训",
        MeasureType.Production => "希望获得产业扶持资金和种苗",
        _ => "希望介绍稳定就业岗位",
    };

    /// <summary>The programme (项目) a demo measure of a type belongs to.</summary>
    public static string ProgrammeOf(MeasureType type) => type switch
    {
        MeasureType.Production => "特色种养殖产业扶持",
        MeasureType.Relocation => "易地扶贫搬迁",
        MeasureType.EcologicalCompensation => "生态护林员",
        MeasureType.Education => "雨露计划及教育资助",
        MeasureType.SocialSecurity => "农村低保兜底",
        MeasureType.Health => "基本医疗保险及大病救助",
        MeasureType.Employment => "转移就业补贴",
        MeasureType.HousingRenovation => "农村危房改造",
        MeasureType.Microcredit => "扶贫小额信贷",
        MeasureType.AssetIncome => "光伏扶贫资产收益",
        MeasureType.SkillsTraining => "职业技能培训",
        MeasureType.PublicWelfareJob => "乡村公益性岗位",
        _ => "其他帮扶",
    };
}
