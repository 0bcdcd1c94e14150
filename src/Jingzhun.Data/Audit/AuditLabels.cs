using System.Globalization;
using System.Reflection;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Audit;

/// <summary>
/// The audit log in the domain's words. Entries keep the program's names (a record's class, a property, a value as the
/// save hook wrote it, so that the hash chain stays what it sealed); a reader sees the record's kind, the field's label
/// and the value as the rest of the system shows it: yes/no, an enumeration's label, a local time.
/// </summary>
public static class AuditLabels
{
    /// <summary>Every audited record kind by the name the log keeps (its class name, or the name an event writes).</summary>
    private static readonly Dictionary<string, Bilingual> Kinds = new(StringComparer.Ordinal)
    {
        // Registry
        ["Household"] = new("户", "Household"), ["Households"] = new("户", "Households"), ["Member"] = new("家庭成员", "Member"),
        ["HouseholdIncome"] = new("家庭收入", "Income"), ["HouseholdStatusChange"] = new("户状态", "Household status"),
        ["HouseholdAssignment"] = new("结对与样本分配", "Pairing or sample assignment"), ["Registry"] = new("建档立卡数据", "Registry"),
        ["YearEndSnapshot"] = new("年度数据", "Year-end record"),
        // Regions
        ["Region"] = new("行政区划", "Region"), ["RegionChange"] = new("区划调整", "Region change"), ["RegionPopulation"] = new("农村人口", "Rural population"),
        ["AreaAggregate"] = new("区域统计", "Area figures"), ["AreaBreakdown"] = new("区域分项统计", "Area breakdown"), ["StaleCounty"] = new("待刷新统计的县", "County awaiting statistics"),
        ["AreaMeasureSums"] = new("区域贫困测度汇总", "Area poverty measure sums"), ["AreaAssistance"] = new("区域帮扶统计", "Area assistance figures"),
        ["AreaIncomeTrend"] = new("区域收入趋势", "Area income trend"),
        ["AreaFunds"] = new("区域资金统计", "Area funds figures"),
        ["StaleKeptCounty"] = new("待重算留存统计的县", "County awaiting its kept figures"),
        // Workflows, notices, exit, rules
        ["WorkflowCase"] = new("业务办件", "Case"), ["CaseStep"] = new("办理步骤", "Case step"), ["CaseBatch"] = new("批量办理", "Case batch"),
        ["CaseAttachment"] = new("办件附件", "Case file"),
        ["Notice"] = new("公示公告", "Notice"), ["Objection"] = new("异议", "Objection"), ["ExitPlan"] = new("年度退出计划", "Exit plan"),
        ["RuleSetVersion"] = new("规则集版本", "Rule-set version"), ["RuleDecision"] = new("规则判定", "Rule decision"), ["WhatIf"] = new("规则测算", "What-if"),
        // Access and audit
        ["Account"] = new("账号", "Account"), ["Request"] = new("访问请求", "Request"), ["AuditEntry"] = new("审计记录", "Audit entry"),
        // Monitoring
        ["MonitoredObject"] = new("监测对象", "Monitored household"), ["RiskSignal"] = new("风险信号", "Risk signal"), ["ScreeningVisit"] = new("排查走访", "Screening visit"),
        ["HomeVisitRecord"] = new("入户核查", "Home visit"), ["DataCheckConsent"] = new("数据核查授权", "Consent to data checks"),
        ["RiskAssessment"] = new("实地核查评估", "On-site assessment"), ["DepartmentFeed"] = new("部门数据", "Department data"),
        ["MonitoringLedger"] = new("监测台账", "Monitoring ledger"),
        // Assistance
        ["AssistancePlan"] = new("一户一策帮扶计划", "Assistance plan"), ["AssistanceNeed"] = new("帮扶需求", "Assistance need"),
        ["AssistanceMeasure"] = new("帮扶措施", "Assistance measure"), ["MeasureFunding"] = new("措施资金", "Measure funding"),
        ["AssistanceVisit"] = new("帮扶走访", "Assistance visit"), ["VisitPhoto"] = new("走访照片", "Visit photo"),
        ["Cadre"] = new("帮扶责任人", "Assistance cadre"), ["CadrePairing"] = new("结对帮扶", "Cadre pairing"),
        ["WorkTeam"] = new("驻村工作队", "Village work team"), ["WorkTeamMember"] = new("工作队队员", "Work-team member"),
        ["WorkTeamAssessment"] = new("工作队年度考核", "Work-team assessment"), ["CreditRating"] = new("评级授信", "Credit rating"),
        ["MicroLoan"] = new("扶贫小额信贷", "Microcredit loan"), ["LoanRepayment"] = new("还款", "Repayment"),
        ["MicrocreditOverdue"] = new("小额信贷逾期清单", "Overdue microcredit list"), ["Relocation"] = new("易地扶贫搬迁", "Relocation"),
        ["RelocationFollowUp"] = new("搬迁后续扶持", "Relocation follow-up"), ["CoverageReport"] = new("帮扶覆盖情况", "Coverage report"),
        // Funds
        ["FundAllocation"] = new("资金下达", "Fund allocation"), ["FundAccount"] = new("资金专户", "Fund account"), ["FundPayment"] = new("资金支付", "Payment"),
        ["Project"] = new("扶贫项目", "Project"), ["ProjectFunding"] = new("项目资金", "Project funding"), ["ProjectStep"] = new("项目流程", "Project step"),
        ["ProjectDocument"] = new("项目附件", "Project document"), ["ProjectBeneficiary"] = new("项目受益户", "Project beneficiary"),
        ["ProjectAsset"] = new("项目资产", "Project asset"), ["AssetIncome"] = new("资产收益", "Asset income"), ["AssetShare"] = new("收益分配份额", "Income share"),
        ["FundDisclosure"] = new("资金项目公告公示", "Funds disclosure"), ["DisclosureObjection"] = new("公示异议", "Disclosure objection"),
        ["FundControl"] = new("资金监管清单", "Funds control list"),
        // Assessment
        ["AssessmentProject"] = new("评估项目", "Assessment project"), ["AssessmentCounty"] = new("被评估县", "Assessed county"),
        ["SampledHousehold"] = new("评估样本户", "Sampled household"), ["SamplePhoto"] = new("评估照片", "Sample photo"),
        ["Finding"] = new("发现问题", "Finding"), ["FindingSubject"] = new("问题对象", "Finding subject"), ["Rectification"] = new("整改报告", "Rectification"),
        ["AnnualAssessment"] = new("年度考核", "Annual assessment"), ["AnnualScore"] = new("考核得分", "Annual score"), ["FindingsOverdue"] = new("逾期整改清单", "Overdue findings list"),
        // Collaboration
        ["Partner"] = new("帮扶单位", "Partner"), ["Pairing"] = new("东西部协作与社会帮扶结对", "Collaboration pairing"),
        ["SecondedCadre"] = new("挂职交流人员", "Person exchanged"), ["CollaborationInput"] = new("帮扶投入", "Assistance input"),
        ["CollaborationFigures"] = new("社会帮扶统计", "Collaboration figures"),
        // Collaboration: labour cooperation (a worker's steps are written once; only the worker's stage is ever updated)
        ["LabourWorker"] = new("劳务协作劳动力", "Labour cooperation worker"), ["LabourPlacement"] = new("劳务协作记录", "Labour cooperation step"),
        ["LabourFigures"] = new("劳务协作统计", "Labour cooperation figures"),
        // Poor areas (issue 21)
        ["RegionDesignation"] = new("贫困村、贫困县等认定", "Designation of a place"),
        // Census
        ["CensusRound"] = new("脱贫攻坚普查", "Census round"), ["CensusRecord"] = new("普查记录", "Census record"),
        ["CensusFigures"] = new("普查完成率", "Census completion rates"),
        // Sample checks and the transition (issue 21)
        ["SampleCheck"] = new("识别抽检核查", "Identification sample check"), ["SampleCheckItem"] = new("抽检办件", "Sampled case"),
        ["TransitionReport"] = new("过渡期帮扶情况", "Transition assistance report"),
    };

    /// <summary>Fields by the property name the log keeps, where the registry's descriptions do not name them.</summary>
    private static readonly Dictionary<string, Bilingual> Fields = new(StringComparer.Ordinal)
    {
        // Census
        ["RoundId"] = new("普查", "Census round"), ["StatusAtOpening"] = new("普查开始时的状态", "Status when the round opened"), ["SurveyedBy"] = new("清查摸底人", "Surveyed by"), ["SurveyedAt"] = new("清查摸底时间", "Surveyed at"), ["EnteredBy"] = new("录入人", "Entered by"), ["EnteredAt"] = new("录入时间", "Entered at"), ["TownshipBy"] = new("乡镇验收人", "Accepted by (township)"), ["TownshipAt"] = new("乡镇验收时间", "Township acceptance"), ["CountyBy"] = new("县级验收人", "Accepted by (county)"), ["CountyAt"] = new("县级验收时间", "County acceptance"), ["CityBy"] = new("市级验收人", "Accepted by (city)"), ["CityAt"] = new("市级验收时间", "City acceptance"), ["ProvinceBy"] = new("省级验收人", "Accepted by (province)"), ["ProvinceAt"] = new("省级验收时间", "Province acceptance"), ["SentBackLevel"] = new("退回层级", "Sent back by level"), ["SentBackBy"] = new("退回人", "Sent back by"), ["SentBackAt"] = new("退回时间", "Sent back at"), ["SentBackReason"] = new("退回原因（普查）", "Reason for sending back"), ["SendBacks"] = new("退回次数", "Times sent back"),
        // Collaboration
        ["PartnerId"] = new("帮扶单位", "Partner"), ["CheckedBy"] = new("核实人", "Checked by"), ["CheckedAt"] = new("核实时间", "Checked at"), ["ConfirmedBy"] = new("确认人", "Confirmed by"), ["ConfirmedAt"] = new("确认时间", "Confirmed at"), ["RejectedBy"] = new("退回人", "Rejected by"), ["RejectedAt"] = new("退回时间", "Rejected at"), ["RejectedReason"] = new("退回原因", "Reason for rejection"), ["HouseholdsReached"] = new("受益户数", "Households reached"), ["PeopleReached"] = new("受益人数", "People reached"), ["EndsOn"] = new("结束日期", "Ends on"), ["EndedReason"] = new("结束原因", "Reason for ending"), ["StartsOn"] = new("开始日期", "Starts on"), ["IsActive"] = new("在用", "Active"), ["InactiveReason"] = new("停用原因", "Reason for deactivation"),
        // Incomes (the household's other fields come from HouseholdRecord and MemberRecord)
        ["Year"] = new("年度", "Year"), ["MembersCounted"] = new("计算人数", "Members counted"), ["Wages"] = new("工资性收入", "Wages"),
        ["ProductionIncome"] = new("生产经营性收入", "Production income"), ["PropertyIncome"] = new("财产性收入", "Property income"),
        ["Pension"] = new("养老金", "Pension"), ["DibaoAllowance"] = new("低保金", "Dibao allowance"),
        ["ExtremeHardshipAllowance"] = new("特困供养金", "Extreme-hardship allowance"), ["EcologicalCompensation"] = new("生态补偿金", "Ecological compensation"),
        ["OtherTransfers"] = new("其他转移性收入", "Other transfers"), ["ProductionCosts"] = new("生产经营性支出", "Production costs"),
        // Cases, notices, steps
        ["Stage"] = new("环节", "Stage"), ["State"] = new("状态", "State"), ["Status"] = new("状态", "Status"), ["Kind"] = new("类别", "Kind"),
        ["Files"] = new("附件（SHA-256）", "Files (SHA-256)"), ["Sha256"] = new("文件指纹（SHA-256）", "File fingerprint (SHA-256)"),
        ["Outcome"] = new("处理结果", "Outcome"), ["Reason"] = new("理由", "Reason"), ["Note"] = new("说明", "Note"), ["Notes"] = new("说明", "Notes"),
        ["CaseId"] = new("办件", "Case"), ["NoticeId"] = new("公示", "Notice"), ["DecisionId"] = new("规则判定", "Rule decision"), ["BatchId"] = new("批次", "Batch"),
        ["OpenedAt"] = new("开始时间", "Opened"), ["OpenedBy"] = new("发起人", "Opened by"), ["OpenedOn"] = new("开始日期", "Opened on"),
        ["ClosedAt"] = new("结束时间", "Closed"), ["ClosedBy"] = new("结束人", "Closed by"), ["ClosedOn"] = new("结束日期", "Closed on"), ["ClosedReason"] = new("结束理由", "Reason closed"),
        ["DecidedAt"] = new("处理时间", "Decided"), ["EndsAt"] = new("截止时间", "Ends"), ["PostedAt"] = new("发布时间", "Posted"), ["PostedBy"] = new("发布人", "Posted by"),
        ["ResolvedAt"] = new("处理时间", "Resolved"), ["ResolvedBy"] = new("处理人", "Resolved by"), ["Answer"] = new("答复", "Answer"),
        ["AnsweredAt"] = new("答复时间", "Answered"), ["AnsweredBy"] = new("答复人", "Answered by"), ["From"] = new("原环节", "From"), ["To"] = new("新环节", "To"),
        ["VotesFor"] = new("赞成票", "Votes for"), ["VotesAgainst"] = new("反对票", "Votes against"), ["Passed"] = new("是否通过", "Passed"),
        // Monitoring
        ["EliminatedAt"] = new("风险消除时间", "Eliminated"), ["EliminationCaseId"] = new("风险消除办件", "Elimination case"),
        ["RecognisedAt"] = new("认定时间", "Recognised"), ["RecognitionCaseId"] = new("认定办件", "Recognition case"), ["RecognisedYear"] = new("认定年度", "Year recognised"),
        ["WithdrawnAt"] = new("撤回时间", "Withdrawn"), ["WithdrawnBy"] = new("撤回人", "Withdrawn by"), ["RiskClass"] = new("风险类别", "Risk class"),
        ["RiskKind"] = new("风险类型", "Kind of risk"), ["Channel"] = new("发现渠道", "Channel"), ["Type"] = new("类型", "Type"), ["Causes"] = new("致贫返贫原因", "Causes"),
        ["FoundAt"] = new("发现时间", "Found"), ["Severity"] = new("严重程度", "Severity"), ["GivenOn"] = new("授权日期", "Given on"), ["Document"] = new("文书编号", "Document"),
        ["Department"] = new("部门", "Department"), ["Matched"] = new("匹配", "Matched"), ["EvaluatedAt"] = new("评估时间", "Evaluated"), ["EvaluatedBy"] = new("评估人", "Evaluated by"),
        ["EvaluatedEffective"] = new("评估有效", "Judged effective"), ["Evaluation"] = new("成效评估", "Evaluation"), ["MonitoredObjectId"] = new("监测对象", "Monitored household"),
        ["ScreeningVisitId"] = new("排查走访", "Screening visit"), ["Findings"] = new("走访发现", "Findings"), ["RiskFound"] = new("发现风险", "Risk found"),
        ["VisitedOn"] = new("走访日期", "Visited on"), ["VisitedBy"] = new("走访人", "Visited by"), ["AssessedOn"] = new("评估日期", "Assessed on"),
        ["AssessedAt"] = new("评估时间", "Assessed"), ["AssessedBy"] = new("评估人", "Assessed by"),
        // Accounts
        ["DisplayName"] = new("名称", "Name"), ["Role"] = new("角色", "Role"), ["RegionCode"] = new("所属区域", "Region"), ["PasswordHash"] = new("密码", "Password"),
        ["MustChangePassword"] = new("须修改密码", "Must change password"), ["LockedUntil"] = new("锁定至", "Locked until"), ["FailedSignIns"] = new("登录失败次数", "Failed sign-ins"),
        ["PasswordChangedAt"] = new("密码修改时间", "Password changed"), ["IsAdministrator"] = new("系统管理员", "Administrator"), ["SessionStamp"] = new("登录会话", "Session"),
        ["CanAdministerAccounts"] = new("可管理账号", "May administer accounts"), ["ReadsAssignedOnly"] = new("仅查阅分配的户", "Reads assigned households only"),
        ["WritesAssignedOnly"] = new("仅修改分配的户", "Changes assigned households only"), ["AuditsReads"] = new("记录查阅", "Audits reads"), ["UserName"] = new("用户名", "User name"),
        // Regions, plans, rules
        ["Name"] = new("名称", "Name"), ["Code"] = new("代码", "Code"), ["ParentCode"] = new("上级区划", "Parent"), ["Level"] = new("层级", "Level"),
        ["RuralPopulation"] = new("农村人口", "Rural population"), ["IsPoorVillage"] = new("贫困村", "Poor village"), ["IsPoorCounty"] = new("贫困县", "Poor county"),
        ["IsWestern"] = new("西部地区", "Western region"), ["IsDeepPoverty"] = new("深度贫困地区", "Deep-poverty area"), ["ExitedYear"] = new("退出年度", "Year exited"),
        ["Plan"] = new("退出计划", "Plan"), ["PlannedHouseholds"] = new("计划退出户数", "Households planned"), ["PlannedPeople"] = new("计划退出人数", "People planned"),
        ["IsDraft"] = new("草案", "Draft"), ["Jurisdiction"] = new("辖区", "Jurisdiction"), ["Version"] = new("版本", "Version"), ["PovertyLine"] = new("贫困标准", "Poverty line"),
        ["EffectiveDate"] = new("生效日期", "Effective"), ["ValidFrom"] = new("生效日期", "Valid from"), ["ValidTo"] = new("失效日期", "Valid to"),
        // Assistance
        ["CadreId"] = new("帮扶责任人", "Cadre"), ["StartedOn"] = new("开始日期", "Started on"), ["EndedOn"] = new("结束日期", "Ended on"),
        ["StartReason"] = new("开始理由", "Reason started"), ["EndReason"] = new("结束理由", "Reason ended"), ["HandedOverToId"] = new("移交给", "Handed over to"),
        ["LeftOn"] = new("调离日期", "Left on"), ["LeftReason"] = new("调离理由", "Reason left"), ["Goals"] = new("帮扶目标", "Goals"), ["Deadline"] = new("完成期限", "Deadline"),
        ["CompletedOn"] = new("完成日期", "Completed on"), ["Amount"] = new("金额", "Amount"), ["Principal"] = new("本金", "Principal"), ["Repaid"] = new("已还金额", "Repaid"),
        ["DueOn"] = new("到期日", "Due on"), ["PaidOn"] = new("支付日期", "Paid on"), ["Grade"] = new("等级", "Grade"), ["Score"] = new("得分", "Score"), ["CreditLine"] = new("授信额度", "Credit line"),
        ["TermEnd"] = new("任期结束", "Term ends"), ["TermStart"] = new("任期开始", "Term starts"), ["Position"] = new("职务", "Position"), ["Unit"] = new("单位", "Unit"),
        ["Phone"] = new("联系电话", "Phone"), ["SendingUnit"] = new("派出单位", "Sending unit"), ["MovedOn"] = new("搬迁日期", "Moved on"), ["Content"] = new("内容", "Content"),
        // Funds and projects
        ["Title"] = new("标题", "Title"), ["Number"] = new("编号", "Number"), ["Source"] = new("资金来源", "Source"), ["Purpose"] = new("用途", "Purpose"),
        ["PlannedStart"] = new("计划开工", "Planned start"), ["PlannedEnd"] = new("计划完工", "Planned end"), ["Budget"] = new("预算", "Budget"),
        ["HandedOverOn"] = new("移交日期", "Handed over on"), ["Ownership"] = new("权属", "Ownership"), ["OwnershipRegistered"] = new("权属已登记", "Ownership registered"),
        ["Distributed"] = new("已分配", "Distributed"), ["DistributedOn"] = new("分配日期", "Distributed on"), ["ReversesId"] = new("冲正的支付", "Reverses payment"),
        ["Payee"] = new("收款人", "Payee"), ["Voucher"] = new("凭证号", "Voucher"), ["DocumentNumber"] = new("文号", "Document no."), ["IssuedOn"] = new("下达日期", "Issued on"),
        ["ReceivedOn"] = new("收到日期", "Received on"), ["Text"] = new("内容", "Text"), ["Contact"] = new("联系方式", "Contact"), ["FileName"] = new("文件名", "File name"),
        // Assessment
        ["Design"] = new("抽样设计", "Design"), ["Seed"] = new("随机种子", "Seed"), ["SampleSize"] = new("样本量", "Sample size"), ["Margin"] = new("允许误差", "Margin"),
        ["Confidence"] = new("置信水平", "Confidence"), ["ExpectedRate"] = new("预期比率", "Expected rate"), ["AssessorAccountId"] = new("评估人员", "Assessor"),
        ["SubmittedAt"] = new("提交时间", "Submitted"), ["SubmittedBy"] = new("提交人", "Submitted by"), ["RecordedAt"] = new("录入时间", "Recorded"),
        ["RecordedBy"] = new("录入人", "Recorded by"), ["VisitsStartedAt"] = new("入户开始时间", "Visits started"), ["FinalisedAt"] = new("定稿时间", "Finalised"),
        ["FinalisedBy"] = new("定稿人", "Finalised by"), ["ReportedAt"] = new("报告时间", "Reported"), ["ReportedBy"] = new("报告人", "Reported by"),
        ["ReportedOn"] = new("报告日期", "Reported on"), ["Accepted"] = new("已验收", "Accepted"), ["AcceptedOn"] = new("验收日期", "Accepted on"),
        ["Indicator"] = new("指标", "Indicator"), ["Value"] = new("数值", "Value"), ["Evidence"] = new("佐证材料", "Evidence"),
        // Poor areas
        ["FromYear"] = new("起始年度", "From year"), ["ToYear"] = new("截止年度", "To year"), ["EndedBy"] = new("结束人", "Ended by"),
        ["EndedAt"] = new("结束时间", "Ended"), ["PoorSinceYear"] = new("列为贫困年度", "Listed as poor since"),
        // Sample checks (issue 21)
        ["Share"] = new("抽检比例", "Share sampled"), ["Population"] = new("名单户数", "Cases on the list"), ["Conclusion"] = new("抽检结论", "Conclusion"),
        ["SampleCheckId"] = new("抽检核查", "Sample check"), ["Finding"] = new("核查结果", "Finding"),
    };

    /// <summary>The domain's types by class name, to read a logged value back with its property's type.</summary>
    private static readonly Dictionary<string, Type> Types = typeof(Household).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsPublic: true, IsAbstract: false } && t.Namespace?.StartsWith("Jingzhun.Domain", StringComparison.Ordinal) == true)
        .GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static readonly Bilingual Separator = new("、", ", ");

    /// <summary>The record kinds with a label (a test holds every mapped entity type to having one).</summary>
    public static IReadOnlyCollection<string> KnownKinds => Kinds.Keys;

    /// <summary>The kind of record an entry is about, or "记录" for a name this table does not know yet.</summary>
    public static Bilingual Kind(string entityType) => Kinds.TryGetValue(entityType, out var k) ? k : new("记录", "Record");

    /// <summary>The field's label: the registry's descriptions first, then the table; a field not known is named generically.</summary>
    public static Bilingual Field(string? field)
    {
        if (string.IsNullOrEmpty(field)) return new("", "");
        if (HouseholdRecord.Find(field) is { } h) return new(h.Label(false), h.Label(true));
        if (MemberRecord.Find(field) is { } m) return new(m.Label(false), m.Label(true));
        return Fields.TryGetValue(field, out var n) ? n : new("其他字段", Words(field));
    }

    /// <summary>Whether a field has a label of its own (not the generic one).</summary>
    public static bool HasLabel(string field) => HouseholdRecord.Find(field) is not null || MemberRecord.Find(field) is not null || Fields.ContainsKey(field);

    /// <summary>The record's key as a reader should see it: a pairing's "kind:account" with the kind's label.</summary>
    public static string Key(string entityType, string key, bool english) =>
        entityType == "HouseholdAssignment" && key.Split(':') is [var kind, var account]
            && Enum.TryParse<Domain.Access.AssignmentKind>(kind, out var k) ? $"{k.Label(english)} {account}" : key;

    /// <summary>
    /// An old or new value as the rest of the system shows it: yes/no, an enumeration's label (a set of flags as a list),
    /// a time in local time, a stage by its name; anything else as it was written.
    /// </summary>
    public static string Value(string entityType, string? field, string? value, bool english)
    {
        if (value is null) return "—";
        var type = PropertyType(entityType, field);
        if (type == typeof(bool) || (type is null && value is "True" or "False"))
            return bool.TryParse(value, out var b) ? (b ? (english ? "yes" : "是") : (english ? "no" : "否")) : value;
        if (type is { IsEnum: true } && Enum.TryParse(type, value, out var parsed)) return EnumText((Enum)parsed!, english);
        if ((type == typeof(DateTime) || type is null) && value.Length >= 16 && value[10] == 'T'
            && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
            return LocalTime.Minute(at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime());
        return value;
    }

    /// <summary>A reason the system wrote in both languages ("中文 / English") in the reader's one; a typed reason as typed.</summary>
    public static string Reason(string? reason, bool english) => reason is null ? "" : Bilingual.Parse(reason).In(english);

    private static string EnumText(Enum e, bool english)
    {
        var type = e.GetType();
        if (Enum.IsDefined(type, e)) return e.Label(english);
        if (!type.IsDefined(typeof(FlagsAttribute), false)) return e.ToString();
        var parts = Enum.GetValues(type).Cast<Enum>().Where(f => Convert.ToInt64(f, CultureInfo.InvariantCulture) != 0 && e.HasFlag(f));
        return string.Join(Separator.In(english), parts.Select(f => f.Label(english)));
    }

    private static Type? PropertyType(string entityType, string? field)
    {
        if (field is null) return null;
        var owner = entityType == nameof(HouseholdStatusChange) ? typeof(Household) : Types.GetValueOrDefault(entityType);
        var property = owner?.GetProperty(field, BindingFlags.Public | BindingFlags.Instance);
        return property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
    }

    /// <summary>"HandedOverOn" → "handed over on": a code name in words, for the English generic label.</summary>
    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
