using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;
using Jingzhun.Domain.Workflows;

namespace Jingzhun.Domain.Demo;

/// <summary>A member of a registered household, as the funds generator needs it (the payee of a household payment).</summary>
public sealed record FundsMember(long Id, string Name, Relation Relation, MemberState State);

/// <summary>A registered poor household (贫困户, 已脱贫, 返贫) of the demo county and its members.</summary>
public sealed record FundsCandidate(long Id, string Number, string VillageCode, HouseholdStatus Status, IReadOnlyList<FundsMember> Members)
{
    public int People => Members.Count(m => m.State == MemberState.Present);
    /// <summary>The one-card payee: the head when present, else the first present member.</summary>
    public FundsMember? Payee => Members.FirstOrDefault(m => m.State == MemberState.Present && m.Relation == Relation.Head)
        ?? Members.FirstOrDefault(m => m.State == MemberState.Present);
}

/// <summary>
/// What the demo plants for the control lists, by keys that do not depend on database ids: the document numbers of the two
/// idle county allocations, the number of the overdue project and the vouchers of the flagged payments. Every finding holds
/// on <see cref="AsOf"/> (the demo's day); a list run later also finds what has gone idle or overdue since.
/// </summary>
/// <param name="IdleDocumentNumbers">Two county allocations left largely unpaid for more than <c>RuleSet.IdleFundDays</c>.</param>
/// <param name="OverdueProjectNumber">A project past its planned end and not completed.</param>
/// <param name="NonBeneficiaryVoucher">张冠李戴: a household payment to a household that is not a beneficiary of its project.</param>
/// <param name="DeceasedVoucher">张冠李戴: a household payment in the name of a deceased member.</param>
/// <param name="DoubleVouchers">虚报冒领: the two payments to one household for the same purpose in one year.</param>
/// <param name="MisusedVoucher">挤占挪用: a project payment from an allocation that is not in the project's funding lines.</param>
/// <param name="CorrectionVouchers">The correction: the wrong payment, its reversal, the corrected payment (not a finding).</param>
public sealed record DemoFundsFindings(DateOnly AsOf, IReadOnlyList<string> IdleDocumentNumbers, string OverdueProjectNumber,
    string NonBeneficiaryVoucher, string DeceasedVoucher, IReadOnlyList<string> DoubleVouchers, string MisusedVoucher,
    IReadOnlyList<string> CorrectionVouchers);

/// <summary>
/// The demo county's funds, generated: rows linked by navigation where the model has one; the links the model keeps as
/// plain ids are given by the dictionaries (a county allocation's account, a disclosure's project, a dividend's asset and
/// income, a reversal's original), to be set once those rows are saved.
/// </summary>
public sealed class DemoFundsData
{
    public List<FundAccount> Accounts { get; } = [];
    /// <summary>Every allocation, parents before children.</summary>
    public List<FundAllocation> Allocations { get; } = [];
    public Dictionary<FundAllocation, FundAccount> AccountOf { get; } = new(ReferenceEqualityComparer.Instance);
    public List<Project> Projects { get; } = [];
    /// <summary>Project disclosures (plan and completion); their content is written from the saved project.</summary>
    public List<FundDisclosure> Disclosures { get; } = [];
    public Dictionary<FundDisclosure, Project> ProjectOf { get; } = new(ReferenceEqualityComparer.Instance);
    public List<ProjectAsset> Assets { get; } = [];
    public List<AssetIncome> Incomes { get; } = [];
    /// <summary>Payments and reversals in the order they were made.</summary>
    public List<FundPayment> Payments { get; } = [];
    public Dictionary<FundPayment, ProjectAsset> AssetOf { get; } = new(ReferenceEqualityComparer.Instance);
    public Dictionary<FundPayment, AssetIncome> IncomeOf { get; } = new(ReferenceEqualityComparer.Instance);
    public Dictionary<FundPayment, FundPayment> ReversesOf { get; } = new(ReferenceEqualityComparer.Instance);
    public DemoFundsFindings? Findings { get; set; }
}

/// <summary>
/// Generates the demo county's funds (扶贫资金与项目) for the three years before the demo's current year and that year:
/// central special funds passed down nation → province → city → county (the province and city keep a little back), the
/// province's funds, the city's, an integrated-fund share, all received into the county's one dedicated account; 4 to 8
/// projects a year in poor villages with their 四议两公开 decision, funding lines drawn on the county's allocations,
/// beneficiaries among the village's registered households, a step for every stage reached (older years mostly operating,
/// the current year from proposed to started), plan and completion disclosures (a few objections dismissed, one open);
/// payments to projects and one-card subsidies to households never above what is left of an allocation, one correction;
/// assets of handed-over projects with shares, yearly income and dividends. County allocations older than the idle limit
/// are paid out in full but two, and the findings of <see cref="Planted"/> are planted. Pure: the same input and seed
/// always give the same rows.
/// </summary>
public static class DemoFundsGenerator
{
    private const string Actor = "demo";

    /// <summary>The demo's day for the current year: the findings hold on it.</summary>
    public static DateOnly AsOf(int currentYear) => new(currentYear, DemoAssistanceGenerator.DemoDay.Month, DemoAssistanceGenerator.DemoDay.Day);

    /// <summary>The keys of what is planted for the control lists (the same for every seed).</summary>
    public static DemoFundsFindings Planted(int currentYear) => new(AsOf(currentYear),
        [$"示财农〔{currentYear - 1}〕88号", $"示市财农〔{currentYear}〕66号"], $"XM{currentYear - 1}{DemoGenerator.CountyPrefix}0099",
        Voucher(currentYear - 1, 9001), Voucher(currentYear - 1, 9002), [Voucher(currentYear - 1, 9003), Voucher(currentYear - 1, 9004)], Voucher(currentYear - 2, 9005),
        [Voucher(currentYear - 2, 9006), Voucher(currentYear - 2, 9007), Voucher(currentYear - 2, 9008)]);

    private static string Voucher(int year, int sequence) => $"PZ{year}{sequence:00000}";

    private static readonly Dictionary<ProjectType, string[]> Names = new()
    {
        [ProjectType.Industry] = ["肉牛养殖合作社扩建项目", "食用菌种植基地项目", "茶叶加工厂建设项目", "村级光伏电站项目", "中药材种植基地项目", "设施蔬菜大棚项目"],
        [ProjectType.Infrastructure] = ["通组公路硬化项目", "产业路建设项目", "生产便桥建设项目", "村内道路及排水沟项目"],
        [ProjectType.Water] = ["农村饮水安全巩固提升项目", "集中供水工程项目", "蓄水池及管网延伸项目"],
        [ProjectType.Housing] = ["农村危房改造项目"],
        [ProjectType.Employment] = ["公益性岗位及就业技能培训项目", "扶贫车间稳岗就业补助项目"],
        [ProjectType.Ecology] = ["经济林提质增效项目", "生态护林员补助项目"],
    };

    private static readonly string[] Contractors = ["示例县路桥工程有限公司", "示例县水利水电建设有限公司", "示例市建工集团有限公司", "示例县宏达建筑工程有限公司"];
    private static readonly string[] Cooperatives = ["种养殖专业合作社", "农业发展有限公司", "股份经济合作社"];

    private sealed class Slot
    {
        public int Year;
        public FundSource Source;
        public DateOnly IssuedOn;
        public required string From;
        public required string Purpose;
        public bool Integrated;
        public bool Chain;
        public bool Late;
        public bool Idle;
        public string Document = "";
        public long ExtraFen;
        public FundAllocation? Row;
    }

    private sealed class Pay
    {
        public required FundPayment Row;
        public Slot? Slot;
        public bool Fixed; // planted or part of the correction: its amount is never adjusted
    }

    public static DemoFundsData Generate(IReadOnlyList<FundsCandidate> households, IReadOnlyList<AssistanceVillage> villages,
        RuleSet rules, int seed, int currentYear)
    {
        var data = new DemoFundsData();
        var registered = households.Where(h => h.Status is HouseholdStatus.Poor or HouseholdStatus.Exited or HouseholdStatus.Returned && h.Payee is not null)
            .OrderBy(h => h.VillageCode, StringComparer.Ordinal).ThenBy(h => h.Number, StringComparer.Ordinal).ToList();
        var byVillage = registered.GroupBy(h => h.VillageCode).ToDictionary(g => g.Key, g => g.ToList());
        var places = villages.Where(v => v.IsPoor && byVillage.ContainsKey(v.Code)).OrderBy(v => v.Code, StringComparer.Ordinal).ToList();
        if (places.Count == 0) places = villages.Where(v => byVillage.ContainsKey(v.Code)).OrderBy(v => v.Code, StringComparer.Ordinal).ToList();
        if (places.Count == 0) return data;

        var rng = new Random(seed ^ 0x66756E64);
        var county = places[0].Code[..6];
        var countyCode = county + "000000";
        var cityCode = county[..4] + "00000000";
        var provinceCode = county[..2] + "0000000000";
        const string nation = "000000000000";
        var asOf = AsOf(currentYear);
        var idleBefore = asOf.AddDays(-rules.IdleFundDays);
        var disclosureDays = rules.FundDisclosureDays;
        var planted = Planted(currentYear);
        var firstYear = currentYear - 3;
        DateTime At(DateOnly day, int hour = 9) => day.ToDateTime(new TimeOnly(hour, rng.Next(0, 60)), DateTimeKind.Utc);
        long Round(long fen, long unit) => (fen + unit - 1) / unit * unit;
        string PersonName()
        {
            var given = rng.NextDouble() < 0.3 ? DemoNames.FemaleGiven : DemoNames.MaleGiven;
            return DemoNames.Surnames[rng.Next(DemoNames.Surnames.Length)] + given[rng.Next(given.Length)] + (rng.NextDouble() < 0.6 ? given[rng.Next(given.Length)] : "");
        }

        var account = new FundAccount
        {
            CountyCode = county, Name = "示例县财政局衔接推进乡村振兴（扶贫）资金专户", Bank = "示例县农村商业银行营业部",
            Number = "6228" + rng.NextInt64(100_000_000_000_000, 1_000_000_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            OpenedOn = new DateOnly(2016, 1, 5), CreatedAt = new DateTime(2016, 1, 5, 9, 0, 0, DateTimeKind.Utc),
        };
        data.Accounts.Add(account);

        // The county's allocations of each year, as slots whose amounts follow from what is paid out of them.
        var slots = new List<Slot>();
        var documents = new Dictionary<(string Issuer, int Year), int>();
        for (var year = firstYear; year <= currentYear; year++)
        {
            Slot Add(FundSource source, int month, int fromDay, string from, string purpose, bool chain = false, bool integrated = false)
            {
                var slot = new Slot
                {
                    Year = year, Source = source, IssuedOn = new DateOnly(year, month, fromDay + rng.Next(0, 10)), From = from, Purpose = purpose,
                    Chain = chain, Integrated = integrated,
                };
                slots.Add(slot);
                return slot;
            }
            Add(FundSource.CentralFiscal, 3, 10, cityCode, "中央财政衔接推进乡村振兴补助资金（第一批），用于产业发展和基础设施补短板", chain: true, integrated: true);
            Add(FundSource.ProvinceFiscal, 4, 5, provinceCode, "省级财政衔接推进乡村振兴补助资金，用于到户产业和就业帮扶");
            Add(FundSource.LocalFiscal, 5, 5, cityCode, "市级财政衔接资金，用于农村基础设施和危房改造");
            Add(FundSource.IntegratedAgricultural, 6, 1, provinceCode, "统筹整合使用财政涉农资金，纳入县级整合方案", integrated: true);
            var second = Add(FundSource.CentralFiscal, 8, 15, cityCode, "中央财政衔接推进乡村振兴补助资金（第二批）", chain: true, integrated: true);
            second.Late = year == currentYear;
        }
        var idle1 = new Slot
        {
            Year = currentYear - 1, Source = FundSource.ProvinceFiscal, IssuedOn = new DateOnly(currentYear - 1, 5, 20), From = provinceCode,
            Purpose = "省级财政衔接资金（产业项目补充），专项用于到村产业项目", Idle = true, Document = planted.IdleDocumentNumbers[0],
        };
        var idle2 = new Slot
        {
            Year = currentYear, Source = FundSource.LocalFiscal, IssuedOn = new DateOnly(currentYear, 4, 15), From = cityCode,
            Purpose = "市级财政衔接资金（补充），用于村内基础设施", Idle = true, Document = planted.IdleDocumentNumbers[1],
            ExtraFen = (200_000 + rng.Next(0, 20) * 10_000) * 100L,
        };
        slots.Add(idle1);
        slots.Add(idle2);

        // Payments and vouchers.
        var pays = new List<Pay>();
        var vouchers = new Dictionary<int, int>();
        string NextVoucher(int year) { var n = vouchers.GetValueOrDefault(year) + 1; vouchers[year] = n; return Voucher(year, n); }
        var paidFor = new HashSet<(long Household, int Year, ProjectType Type)>();
        Slot SlotFor(Project project, DateOnly on, Slot? preferred, Slot? second)
        {
            var open = slots.Where(s => s.Year == project.Year && !s.Late && !s.Idle && s.IssuedOn <= on).ToList();
            if (preferred is not null && open.Contains(preferred)) return preferred;
            if (second is not null && open.Contains(second)) return second;
            return open.Count > 0 ? open[rng.Next(open.Count)] : slots.Where(s => s.Year == project.Year && !s.Late && !s.Idle).MinBy(s => s.IssuedOn)!;
        }
        Pay ProjectPay(Project project, DateOnly on, long fen, string purpose, Slot slot)
        {
            if (on < slot.IssuedOn) on = slot.IssuedOn.AddDays(3);
            var row = new FundPayment
            {
                CountyCode = county, RegionCode = project.RegionCode, Year = on.Year, Kind = PaymentKind.Project, PaidOn = on, Amount = Money.FromFen(fen),
                Source = slot.Source, Project = project, Payee = project.Implementer, Purpose = purpose, PurposeType = project.Type,
                Voucher = NextVoucher(on.Year), RecordedBy = Actor, RecordedAt = At(on, 16),
            };
            var pay = new Pay { Row = row, Slot = slot };
            pays.Add(pay);
            return pay;
        }
        Pay HouseholdPay(Project project, FundsCandidate household, DateOnly on, long fen, string purpose, Slot slot)
        {
            if (on < slot.IssuedOn) on = slot.IssuedOn.AddDays(3);
            var payee = household.Payee!;
            paidFor.Add((household.Id, on.Year, project.Type));
            var row = new FundPayment
            {
                CountyCode = county, RegionCode = household.VillageCode, Year = on.Year, Kind = PaymentKind.Household, PaidOn = on, Amount = Money.FromFen(fen),
                Source = slot.Source, Project = project, HouseholdId = household.Id, MemberId = payee.Id, Payee = payee.Name, Purpose = purpose,
                PurposeType = project.Type, Voucher = NextVoucher(on.Year), RecordedBy = Actor, RecordedAt = At(on, 16),
            };
            var pay = new Pay { Row = row, Slot = slot };
            pays.Add(pay);
            return pay;
        }

        // Projects, year by year.
        var remainders = new List<(Project Project, Slot? Slot, FundSource Source, long Fen)>();
        var beneficiariesOf = new Dictionary<Project, List<FundsCandidate>>(ReferenceEqualityComparer.Instance);
        var subsidyOf = new Dictionary<Project, long>(ReferenceEqualityComparer.Instance);
        var worksOf = new Dictionary<Project, long>(ReferenceEqualityComparer.Instance);
        var shared = new HashSet<long>();
        Project? overdue = null;
        for (var year = firstYear; year <= currentYear; year++)
        {
            var current = year == currentYear;
            var count = rng.Next(4, 9);
            List<ProjectType> types = [ProjectType.Industry, ProjectType.Housing, ProjectType.Employment, rng.NextDouble() < 0.5 ? ProjectType.Infrastructure : ProjectType.Water];
            ProjectType[] more = [ProjectType.Industry, ProjectType.Infrastructure, ProjectType.Water, ProjectType.Ecology, ProjectType.Industry, ProjectType.Housing];
            while (types.Count < count) types.Add(more[rng.Next(more.Length)]);
            List<ProjectStage> stages;
            if (current)
            {
                ProjectStage[] spread = [ProjectStage.Started, ProjectStage.Approved, ProjectStage.Reviewed, ProjectStage.Proposed];
                stages = [.. spread];
                while (stages.Count < count) stages.Add(spread[rng.Next(spread.Length)]);
                stages = stages.OrderBy(_ => rng.Next()).ToList();
            }
            else stages = types.Select((_, i) => i < 4 ? ProjectStage.Operating
                : rng.NextDouble() switch { < 0.7 => ProjectStage.Operating, < 0.85 => ProjectStage.HandedOver, _ => ProjectStage.Accepted }).ToList();
            for (var i = 0; i < count; i++)
                NewProject(year, i + 1, types[i], stages[i], current && i == stages.IndexOf(ProjectStage.Approved));
            if (year == currentYear - 1) overdue = NewProject(year, 99, ProjectType.Industry, ProjectStage.Started, false, overdueOne: true);
        }

        Project NewProject(int year, int sequence, ProjectType type, ProjectStage stage, bool openObjection, bool overdueOne = false)
        {
            var current = year == currentYear;
            var typed = type is ProjectType.Housing or ProjectType.Employment;
            var candidates = places.Where(p => !typed || byVillage[p.Code].Count > 0).ToList();
            var village = sequence == 1 ? candidates[0] : candidates[rng.Next(candidates.Count)];
            var pool = byVillage[village.Code].OrderBy(_ => rng.Next()).ToList();
            var wanted = type switch { ProjectType.Housing => rng.Next(3, 9), ProjectType.Employment => rng.Next(4, 13), _ => rng.Next(5, 31) };
            var beneficiaries = pool.Take(Math.Min(wanted, Math.Max(1, pool.Count - 1))).ToList();
            var names = Names[type];
            var implementer = type switch
            {
                ProjectType.Industry => village.Name + Cooperatives[rng.Next(Cooperatives.Length)],
                ProjectType.Housing or ProjectType.Employment => $"{village.TownshipName}人民政府",
                ProjectType.Ecology => "示例县林业局",
                _ => Contractors[rng.Next(Contractors.Length)],
            };
            var project = new Project
            {
                Number = $"XM{year}{county}{sequence:0000}", Name = $"{village.Name}{names[rng.Next(names.Length)]}", Type = type, Year = year, CountyCode = county,
                RegionCode = village.Code, Stage = stage, Implementer = implementer, ResponsiblePerson = PersonName(), ProposedBy = "village",
                Content = type switch
                {
                    ProjectType.Industry => "新建标准化圈舍、加工车间及配套设施，购置设备，由合作社统一经营",
                    ProjectType.Infrastructure => $"硬化道路{rng.Next(2, 9)}.{rng.Next(0, 10)}公里，宽4.5米，配套排水和安防设施",
                    ProjectType.Water => $"新建蓄水池{rng.Next(1, 4)}座，铺设供水管网{rng.Next(3, 15)}公里，入户到{rng.Next(60, 300)}户",
                    ProjectType.Housing => "对鉴定为C、D级危房的建档立卡户实施加固或拆除重建，补助资金到户",
                    ProjectType.Employment => "开发护路、保洁、护林等公益性岗位，开展就业技能培训，补助到户",
                    _ => "实施经济林提质增效和生态护林，补助资金兑付到户",
                },
                BenefitMechanism = type switch
                {
                    ProjectType.Industry => "资产归村集体所有，收益按户分红，吸纳脱贫户务工",
                    ProjectType.Housing => "补助资金直接发放到户，保障住房安全",
                    ProjectType.Employment => "脱贫劳动力就近务工，岗位补贴和培训补助发放到户",
                    _ => "改善群众生产生活条件，覆盖全村农户",
                },
                VotesFor = rng.Next(32, 61), VotesAgainst = rng.Next(0, 4),
            };
            data.Projects.Add(project);
            beneficiariesOf[project] = beneficiaries;
            project.BeneficiaryPeople = beneficiaries.Sum(b => b.People) + (type is ProjectType.Infrastructure or ProjectType.Water ? rng.Next(200, 1200) : 0);

            // The timeline: each stage after the one before, the disclosures run their days before the project moves on.
            var start = current ? stage switch
            {
                ProjectStage.Proposed => asOf.AddDays(-30 + rng.Next(0, 10)),
                ProjectStage.Reviewed => asOf.AddDays(-70 + rng.Next(0, 10)),
                ProjectStage.Approved => asOf.AddDays(-80 + rng.Next(0, 10)),
                _ => new DateOnly(year, 3, 20).AddDays(rng.Next(0, 15)),
            } : new DateOnly(year, 2, 15).AddDays(rng.Next(0, 40));
            if (overdueOne) start = new DateOnly(year, 3, 1);
            project.DeliberatedOn = start;
            project.DeliberationMinutes = $"{start:yyyy年M月d日}村党组织提议、村“两委”商议、党员大会审议、村民代表会议决议通过；决议和实施结果公开。";
            var proposed = start.AddDays(rng.Next(3, 11));
            var reviewed = proposed.AddDays(rng.Next(7, 16));
            var approved = reviewed.AddDays(rng.Next(7, 21));
            if (openObjection) approved = asOf.AddDays(-3);
            var started = approved.AddDays(disclosureDays + rng.Next(2, 20));
            var completed = started.AddDays(rng.Next(90, 181));
            var accepted = completed.AddDays(disclosureDays + rng.Next(2, 15));
            var handedOver = accepted.AddDays(rng.Next(10, 31));
            var operating = handedOver.AddDays(rng.Next(5, 21));
            project.PlannedStart = approved.AddDays(disclosureDays + 5);
            project.PlannedEnd = overdueOne ? new DateOnly(year, 11, 30)
                : current ? new DateOnly(year, 11, 20).AddDays(rng.Next(0, 100)) : completed.AddDays(rng.Next(0, 30));
            var dates = new Dictionary<ProjectStage, DateOnly>
            {
                [ProjectStage.Proposed] = proposed, [ProjectStage.Reviewed] = reviewed, [ProjectStage.Approved] = approved, [ProjectStage.Started] = started,
                [ProjectStage.Completed] = completed, [ProjectStage.Accepted] = accepted, [ProjectStage.HandedOver] = handedOver, [ProjectStage.Operating] = operating,
            };
            var times = new Dictionary<ProjectStage, DateTime>();
            project.Steps.Add(new ProjectStep
            {
                RegionCode = village.Code, CountyCode = county, From = ProjectStage.Proposed, To = ProjectStage.Proposed, Action = ProjectAction.Propose,
                Actor = "village", Role = nameof(Role.VillageClerk), At = times[ProjectStage.Proposed] = At(proposed),
                Comment = $"经四议两公开，赞成{project.VotesFor}票、反对{project.VotesAgainst}票",
            });
            for (var s = ProjectStage.Proposed; s < stage; s = ProjectRules.Next(s)!.To)
            {
                var rule = ProjectRules.Next(s)!;
                var role = rule.Roles[0];
                project.Steps.Add(new ProjectStep
                {
                    RegionCode = village.Code, CountyCode = county, From = s, To = rule.To, Action = ProjectAction.Advance,
                    Actor = role switch { Role.TownshipOfficer => "township", Role.CountyOfficer => "county", _ => "village" }, Role = role.ToString(),
                    At = times[rule.To] = At(dates[rule.To], 10), Comment = rule.To.Chinese(),
                });
            }
            project.CreatedAt = times[ProjectStage.Proposed];
            project.UpdatedAt = times[stage];
            if (stage >= ProjectStage.Started) project.StartedOn = started;
            if (stage >= ProjectStage.Completed) project.CompletedOn = completed;
            if (stage >= ProjectStage.Accepted) project.AcceptedOn = accepted;
            if (stage >= ProjectStage.HandedOver) project.HandedOverOn = handedOver;
            foreach (var b in beneficiaries)
                project.Beneficiaries.Add(new ProjectBeneficiary
                {
                    HouseholdId = b.Id, CountyCode = county, People = b.People, AddedAt = times[ProjectStage.Proposed], AddedBy = "village",
                });

            // Disclosures: the plan on approval, the completion on completion, each closed when the project moved on.
            if (stage >= ProjectStage.Approved)
                Disclose(project, DisclosureKind.ProjectPlan, times[ProjectStage.Approved], times.GetValueOrDefault(ProjectStage.Started), openObjection);
            if (stage >= ProjectStage.Completed)
                Disclose(project, DisclosureKind.ProjectCompletion, times[ProjectStage.Completed], times.GetValueOrDefault(ProjectStage.Accepted), false);

            // What it costs and what was paid by now.
            long works = type switch
            {
                ProjectType.Industry => rng.Next(30, 151) * 10_000_00L,
                ProjectType.Infrastructure => rng.Next(50, 201) * 10_000_00L,
                ProjectType.Water => rng.Next(20, 81) * 10_000_00L,
                ProjectType.Ecology => rng.Next(15, 61) * 10_000_00L,
                ProjectType.Employment => rng.Next(20, 81) * 1_000_00L,
                _ => 0,
            };
            long subsidy = type switch { ProjectType.Housing => rng.Next(30, 61) * 500_00L, ProjectType.Employment => rng.Next(10, 31) * 100_00L, _ => 0 };
            worksOf[project] = works;
            subsidyOf[project] = subsidy;
            var budget = works + subsidy * beneficiaries.Count;
            if (stage < ProjectStage.Approved)
            {
                var central = Round(budget * 7 / 10, 100_00);
                remainders.Add((project, null, FundSource.CentralFiscal, central));
                if (budget - central > 0) remainders.Add((project, null, FundSource.ProvinceFiscal, budget - central));
                return project;
            }
            var yearSlots = slots.Where(s => s.Year == year && !s.Late && !s.Idle).ToList();
            var first = overdueOne ? idle1 : yearSlots[rng.Next(yearSlots.Count)];
            var second = overdueOne ? idle1 : yearSlots[rng.Next(yearSlots.Count)];
            var paid = 0L;
            if (works > 0 && stage >= ProjectStage.Started)
            {
                var advance = Round(works * 3 / 10, 100);
                ProjectPay(project, started.AddDays(rng.Next(10, 21)), advance, "工程预付款", overdueOne ? idle1 : SlotFor(project, started.AddDays(10), first, second));
                paid += advance;
                if (stage >= ProjectStage.Completed)
                {
                    var progress = Round(works * 4 / 10, 100);
                    var on = started.AddDays((completed.DayNumber - started.DayNumber) / 2);
                    ProjectPay(project, on, progress, "工程进度款", SlotFor(project, on, first, second));
                    paid += progress;
                }
                if (stage >= ProjectStage.Accepted)
                {
                    var on = accepted.AddDays(rng.Next(10, 26));
                    if (on > asOf) on = asOf.AddDays(-1);
                    ProjectPay(project, on, works - paid, "工程结算尾款", SlotFor(project, on, first, second));
                    paid = works;
                }
            }
            var subsidyStage = type == ProjectType.Housing ? ProjectStage.Completed : ProjectStage.Started;
            if (subsidy > 0 && stage >= subsidyStage)
            {
                var on0 = type == ProjectType.Housing ? completed.AddDays(rng.Next(10, 31)) : started.AddDays(rng.Next(30, 61));
                foreach (var b in beneficiaries)
                {
                    var on = on0.AddDays(rng.Next(0, 5));
                    if (on > asOf || paidFor.Contains((b.Id, on.Year, type))) continue;
                    HouseholdPay(project, b, on, subsidy, type == ProjectType.Housing ? "危房改造补助（一卡通）" : "公益性岗位及培训补助（一卡通）",
                        SlotFor(project, on, second, first));
                }
            }
            var paidNow = pays.Where(p => ReferenceEquals(p.Row.Project, project)).Sum(p => p.Row.Amount.Fen);
            // What is left of a project of the current year waits on the late allocation; of the overdue one, on the idle one.
            // A finished project of a past year cost what was paid (a household paid by another project of its kind is not paid twice).
            if (budget - paidNow > 0 && (current || overdueOne))
            {
                var slot = overdueOne ? idle1 : slots.Single(s => s.Year == year && s.Late);
                remainders.Add((project, slot, slot.Source, budget - paidNow));
            }
            return project;
        }

        void Disclose(Project project, DisclosureKind kind, DateTime posted, DateTime closed, bool openObjection)
        {
            var disclosure = new FundDisclosure
            {
                Kind = kind, RegionCode = project.RegionCode, CountyCode = county, Year = project.Year, Title = $"{project.Name}（{kind.Chinese()}）",
                PostedAt = posted, EndsAt = posted.AddDays(disclosureDays), ClosedAt = closed == default ? null : closed, PostedBy = "township",
            };
            if (openObjection)
                disclosure.Objections.Add(new DisclosureObjection
                {
                    RegionCode = project.RegionCode, CountyCode = county, SubmittedAt = posted.AddDays(2), SubmittedBy = "public", Contact = "139****" + rng.Next(1000, 10000),
                    Text = "项目选址占用了我家的承包地，事前没有征求意见。", Status = ObjectionStatus.Open,
                });
            else if (rng.NextDouble() < 0.25)
                disclosure.Objections.Add(new DisclosureObjection
                {
                    RegionCode = project.RegionCode, CountyCode = county, SubmittedAt = posted.AddDays(2), SubmittedBy = "public", Contact = "138****" + rng.Next(1000, 10000),
                    Text = "受益户名单中有常年外出的农户，是否符合条件？", Status = ObjectionStatus.Dismissed,
                    Outcome = "经村民代表和驻村工作队入户核实，该户为建档立卡户且户籍在本村，符合受益条件，异议不成立。",
                    ResolvedBy = "township", ResolvedAt = posted.AddDays(4),
                });
            data.Disclosures.Add(disclosure);
            data.ProjectOf[disclosure] = project;
        }

        var projects = data.Projects;
        var older = projects.Where(p => p.Year < currentYear && !ReferenceEquals(p, overdue)).ToList();

        // The correction (a project payment entered short, reversed, paid again right) and the payment from outside the
        // project's funding lines (挤占挪用), both on projects two years back.
        var twoBack = older.Where(p => p.Year == currentYear - 2 && worksOf[p] > 0).ToList();
        var corrected = pays.First(p => p.Row.Kind == PaymentKind.Project && twoBack.Any(t => ReferenceEquals(t, p.Row.Project)) && p.Row.Purpose == "工程进度款");
        {
            var right = corrected.Row;
            var wrong = Money.FromFen(right.Amount.Fen / 10 / 100 * 100);
            var original = new FundPayment
            {
                CountyCode = county, RegionCode = right.RegionCode, Year = right.Year, Kind = right.Kind, PaidOn = right.PaidOn, Amount = wrong, Source = right.Source,
                Project = right.Project, Payee = right.Payee, Purpose = right.Purpose, PurposeType = right.PurposeType, Voucher = planted.CorrectionVouchers[0],
                RecordedBy = Actor, RecordedAt = right.RecordedAt,
            };
            var day = right.PaidOn.AddDays(2);
            var reversal = new FundPayment
            {
                CountyCode = county, RegionCode = right.RegionCode, Year = day.Year, Kind = right.Kind, PaidOn = day, Amount = new Money(-wrong.Yuan), Source = right.Source,
                Project = right.Project, Payee = right.Payee, Purpose = right.Purpose, PurposeType = right.PurposeType, Voucher = planted.CorrectionVouchers[1],
                Reason = $"金额录入错误（应为{right.Amount.Yuan:0.00}元），冲正后重新支付", RecordedBy = Actor, RecordedAt = At(day, 15),
            };
            right.PaidOn = day;
            right.Year = day.Year;
            right.RecordedAt = At(day, 16);
            right.Voucher = planted.CorrectionVouchers[2];
            corrected.Fixed = true;
            var index = pays.IndexOf(corrected);
            pays.Insert(index, new Pay { Row = reversal, Slot = corrected.Slot, Fixed = true });
            pays.Insert(index, new Pay { Row = original, Slot = corrected.Slot, Fixed = true });
            data.ReversesOf[reversal] = original;
        }
        var misusedProject = twoBack.Last(p => !ReferenceEquals(p, corrected.Row.Project));
        {
            var own = pays.Where(p => ReferenceEquals(p.Row.Project, misusedProject)).Select(p => p.Slot).ToHashSet();
            var final = pays.Last(p => ReferenceEquals(p.Row.Project, misusedProject) && p.Row.Kind == PaymentKind.Project);
            var outside = slots.Where(s => s.Year == misusedProject.Year && !s.Late && !s.Idle && !own.Contains(s) && s.IssuedOn <= final.Row.PaidOn).ToList();
            if (outside.Count == 0)
                outside = slots.Where(s => !s.Late && !s.Idle && !own.Contains(s)).OrderBy(s => Math.Abs(s.Year - misusedProject.Year)).ThenBy(s => s.IssuedOn).ToList();
            var amount = Round(worksOf[misusedProject] / 5, 100_00);
            var on = final.Row.PaidOn.AddDays(7);
            var misuse = ProjectPay(misusedProject, on, amount, "项目办公经费及车辆购置", outside[0]);
            misuse.Row.Voucher = planted.MisusedVoucher;
            misuse.Fixed = true;
        }

        // 虚报冒领 and 张冠李戴 to a non-beneficiary, on household payments a year back.
        var lastYear = pays.Where(p => p.Row.Kind == PaymentKind.Household && p.Row.Year == currentYear - 1 && !p.Fixed).ToList();
        if (lastYear.Count == 0) lastYear = pays.Where(p => p.Row.Kind == PaymentKind.Household && !p.Fixed).ToList();
        {
            var once = lastYear[0];
            once.Row.Voucher = planted.DoubleVouchers[0];
            once.Fixed = true;
            var on = once.Row.PaidOn.AddDays(21);
            var household = registered.Single(h => h.Id == once.Row.HouseholdId);
            var twice = HouseholdPay(once.Row.Project!, household, on.Year == once.Row.Year ? on : once.Row.PaidOn.AddDays(1), once.Row.Amount.Fen,
                once.Row.Purpose, once.Slot!);
            twice.Row.Voucher = planted.DoubleVouchers[1];
            twice.Fixed = true;

            var target = lastYear.Select(p => p.Row.Project!).Distinct().Select(p => (Project: p, Outsider: byVillage[p.RegionCode]
                    .FirstOrDefault(h => beneficiariesOf[p].All(b => b.Id != h.Id) && !paidFor.Contains((h.Id, currentYear - 1, p.Type)))))
                .FirstOrDefault(x => x.Outsider is not null);
            if (target.Project is null)
            {
                var p = lastYear[^1].Row.Project!;
                target = (p, registered.First(h => beneficiariesOf[p].All(b => b.Id != h.Id) && !paidFor.Contains((h.Id, currentYear - 1, p.Type))));
            }
            var example = lastYear.First(x => ReferenceEquals(x.Row.Project, target.Project));
            var stranger = HouseholdPay(target.Project, target.Outsider!, example.Row.PaidOn, example.Row.Amount.Fen, example.Row.Purpose, example.Slot!);
            stranger.Row.Voucher = planted.NonBeneficiaryVoucher;
            stranger.Fixed = true;
        }

        // A payment in the name of a deceased member, when the registry has one.
        var deceasedVoucher = "";
        {
            var households1 = registered.ToDictionary(h => h.Id);
            var candidates = pays.Where(p => p.Row.Kind == PaymentKind.Household && !p.Fixed)
                .OrderBy(p => p.Row.Year == currentYear - 1 ? 0 : 1).ThenByDescending(p => p.Row.Year).ToList();
            var withDead = candidates.Select(p => (Pay: p, Dead: households1[p.Row.HouseholdId!.Value].Members.FirstOrDefault(m => m.State == MemberState.Deceased)))
                .FirstOrDefault(x => x.Dead is not null);
            // None in the registry: no member is made deceased for it (a death changes the household's present members, which
            // its recorded incomes count); the lists' tests craft that case themselves.
            if (withDead.Pay is { } dead)
            {
                dead.Row.MemberId = withDead.Dead!.Id;
                dead.Row.Payee = withDead.Dead.Name;
                dead.Row.Voucher = Voucher(dead.Row.Year, 9002);
                dead.Fixed = true;
                deceasedVoucher = dead.Row.Voucher;
            }
        }
        data.Findings = planted with { DeceasedVoucher = deceasedVoucher };

        // Allocation amounts: what was paid out of each and what projects still draw on it, in round figures (the difference
        // goes to the project's last payment or line, so a county allocation older than the idle limit is paid out in full).
        foreach (var slot in slots)
        {
            var fen = pays.Where(p => p.Slot == slot).Sum(p => p.Row.Amount.Fen) + remainders.Where(r => r.Slot == slot).Sum(r => r.Fen) + slot.ExtraFen;
            if (fen == 0) continue;
            var rounded = Round(fen, 10_000_00);
            if (rounded > fen)
            {
                var remainder = remainders.FindLastIndex(r => r.Slot == slot);
                var pay = pays.LastOrDefault(p => p.Slot == slot && !p.Fixed && p.Row.Kind == PaymentKind.Project);
                if (remainder >= 0) remainders[remainder] = remainders[remainder] with { Fen = remainders[remainder].Fen + rounded - fen };
                else if (pay is not null) pay.Row.Amount = Money.FromFen(pay.Row.Amount.Fen + rounded - fen);
                else rounded = fen;
            }
            var issuer = slot.From == provinceCode ? "示财农" : "示市财农";
            if (slot.Document.Length == 0)
            {
                var n = documents.GetValueOrDefault((issuer, slot.Year), 10) + rng.Next(1, 8);
                documents[(issuer, slot.Year)] = n;
                slot.Document = $"{issuer}〔{slot.Year}〕{n}号";
            }
            FundAllocation? parent = null;
            if (slot.Chain)
            {
                var cityGets = Round(rounded * (102 + rng.Next(0, 3)) / 100, 10_000_00);
                var provinceGets = Round(cityGets * (103 + rng.Next(0, 3)) / 100, 10_000_00);
                var top = Allocation(slot, nation, provinceCode, provinceGets, null, slot.IssuedOn.AddDays(-rng.Next(30, 41)), $"财农〔{slot.Year}〕{rng.Next(10, 60)}号");
                parent = Allocation(slot, provinceCode, cityCode, cityGets, top, slot.IssuedOn.AddDays(-rng.Next(10, 21)), Next("示财农", slot.Year));
            }
            slot.Row = Allocation(slot, slot.From, countyCode, rounded, parent, slot.IssuedOn, slot.Document);
            data.AccountOf[slot.Row] = account;
        }
        string Next(string issuer, int year)
        {
            var n = documents.GetValueOrDefault((issuer, year), 10) + rng.Next(1, 8);
            documents[(issuer, year)] = n;
            return $"{issuer}〔{year}〕{n}号";
        }
        FundAllocation Allocation(Slot slot, string from, string to, long fen, FundAllocation? parent, DateOnly issued, string document)
        {
            var row = new FundAllocation
            {
                Year = slot.Year, Source = slot.Source, FromCode = from, ToCode = to, CountyCode = to == countyCode ? county : "", Parent = parent,
                Amount = Money.FromFen(fen), Purpose = slot.Purpose, DocumentNumber = document, IssuedOn = issued, Integrated = slot.Integrated && to == countyCode,
                RecordedBy = Actor, CreatedAt = At(issued, 10),
            };
            data.Allocations.Add(row);
            return row;
        }

        // Funding lines: the allocations each project's payments drew on (not the one it was paid from by mistake) and what is left.
        foreach (var project in projects)
        {
            var lines = pays.Where(p => ReferenceEquals(p.Row.Project, project) && p.Row.Voucher != planted.MisusedVoucher)
                .GroupBy(p => p.Slot!).Select(g => (Slot: (Slot?)g.Key, g.Key.Source, Fen: g.Sum(p => p.Row.Amount.Fen)))
                .Concat(remainders.Where(r => ReferenceEquals(r.Project, project)).Select(r => (r.Slot, r.Source, r.Fen)))
                .GroupBy(l => (l.Slot, l.Source)).Select(g => (g.Key.Slot, g.Key.Source, Fen: g.Sum(l => l.Fen))).Where(l => l.Fen != 0);
            foreach (var line in lines)
                project.Funding.Add(new ProjectFunding
                {
                    CountyCode = county, RegionCode = project.RegionCode, Source = line.Source, Allocation = line.Slot?.Row, Amount = Money.FromFen(line.Fen),
                });
        }
        foreach (var pay in pays)
            pay.Row.Allocation = pay.Slot?.Row;

        var byId = registered.ToDictionary(h => h.Id);
        // Assets of handed-over projects: income-generating ones with shares, income and dividends; public works; homes.
        foreach (var project in projects.Where(p => p.Stage is ProjectStage.HandedOver or ProjectStage.Operating))
        {
            var handed = project.HandedOverOn!.Value;
            var village = places.First(v => v.Code == project.RegionCode);
            var value = Money.FromFen(worksOf[project]);
            if (project.Type == ProjectType.Industry)
            {
                var asset = NewAsset(project, project.Name.Replace("项目", "", StringComparison.Ordinal), AssetClass.Operating, AssetOwnership.VillageCollective, value, project.Implementer);
                foreach (var b in beneficiariesOf[project].Where(b => shared.Add(b.Id)))
                    asset.Shares.Add(new AssetShare { HouseholdId = b.Id, CountyCode = county, Weight = Math.Max(1, b.People), From = handed, CreatedAt = At(handed, 11) });
                if (project.Stage != ProjectStage.Operating || asset.Shares.Count == 0) continue;
                for (var year = handed.Year; year <= currentYear; year++)
                {
                    var received = year == currentYear ? new DateOnly(year, 7, 15) : new DateOnly(year, 12, 15);
                    if (received < handed.AddDays(60) || received > asOf) continue;
                    var amount = Round(value.Fen * (5 + rng.Next(0, 4)) / (year == currentYear ? 200 : 100), 100);
                    var distributed = Round(amount * 6 / 10, 100);
                    var on = received.AddDays(10);
                    var income = new AssetIncome
                    {
                        Asset = asset, CountyCode = county, RegionCode = project.RegionCode, Year = year, ReceivedOn = received, Amount = Money.FromFen(amount),
                        Distributed = Money.FromFen(distributed), DistributedOn = on, Note = "按入股份额分红，其余用于公益岗位和设施维护", RecordedBy = Actor, RecordedAt = At(received, 15),
                    };
                    data.Incomes.Add(income);
                    var parts = FundRules.Split(income.Distributed, asset.Shares.Select(s => s.Weight).ToList());
                    for (var i = 0; i < asset.Shares.Count; i++)
                    {
                        if (parts[i].Fen == 0) continue;
                        var household = byId[asset.Shares[i].HouseholdId];
                        var payee = household.Payee!;
                        var row = new FundPayment
                        {
                            CountyCode = county, RegionCode = household.VillageCode, Year = year, Kind = PaymentKind.Dividend, PaidOn = on, Amount = parts[i],
                            HouseholdId = household.Id, MemberId = payee.Id, Payee = payee.Name, Purpose = $"{asset.Name}{year}年收益分红", PurposeType = project.Type,
                            Voucher = NextVoucher(year), RecordedBy = Actor, RecordedAt = At(on, 16),
                        };
                        pays.Add(new Pay { Row = row });
                        data.AssetOf[row] = asset;
                        data.IncomeOf[row] = income;
                    }
                }
            }
            else if (project.Type is ProjectType.Infrastructure or ProjectType.Water or ProjectType.Ecology)
                NewAsset(project, project.Name.Replace("项目", "", StringComparison.Ordinal), AssetClass.PublicWelfare, AssetOwnership.VillageCollective, value, $"{village.Name}村民委员会");
            else if (project.Type == ProjectType.Housing)
                foreach (var b in beneficiariesOf[project])
                {
                    var home = NewAsset(project, $"{b.Payee!.Name}户危房改造住房", AssetClass.Household, AssetOwnership.Household, Money.FromFen(subsidyOf[project]), b.Payee.Name);
                    home.OwnerHouseholdId = b.Id;
                }
        }
        ProjectAsset NewAsset(Project project, string name, AssetClass kind, AssetOwnership owner, Money value, string operatorName)
        {
            var asset = new ProjectAsset
            {
                Project = project, CountyCode = county, RegionCode = project.RegionCode, Name = name, Class = kind, Ownership = owner, Value = value,
                Operator = operatorName, OwnershipRegistered = true, HandedOverOn = project.HandedOverOn, RecordedBy = "county",
                CreatedAt = At(project.HandedOverOn!.Value, 11), UpdatedAt = At(project.HandedOverOn!.Value, 11),
            };
            data.Assets.Add(asset);
            return asset;
        }

        data.Payments.AddRange(pays.OrderBy(p => p.Row.PaidOn).ThenBy(p => p.Row.Amount.Fen < 0 ? 0 : 1).Select(p => p.Row));
        return data;
    }
}
