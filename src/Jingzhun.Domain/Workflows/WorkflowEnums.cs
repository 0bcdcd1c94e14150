using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Workflows;

/// <summary>The kinds of case that move through a workflow (DESIGN §4).</summary>
public enum CaseKind
{
    [Label("贫困户识别", "Household identification")] Identification = 1,
    [Label("贫困户退出", "Household exit")] HouseholdExit = 2,
    [Label("贫困村退出", "Village exit")] VillageExit = 3,
    [Label("贫困县退出", "County exit")] CountyExit = 4,
    [Label("回头看剔除", "Look-back removal")] LookBackRemoval = 5,
    [Label("监测对象认定", "Monitoring recognition")] Monitoring = 6,
    [Label("风险消除", "Risk elimination")] RiskElimination = 7,
    [Label("贫困村识别", "Poor-village identification")] VillageIdentification = 8,
}

/// <summary>Every stage of every workflow; the numbers are stored and must not change.</summary>
public enum Stage
{
    // Identification (两公示一公告)
    [Label("申请或提名", "Application or proposal")] Proposed = 1,
    [Label("民主评议", "Democratic review")] DemocraticReview = 2,
    [Label("入户核实", "Verification visit")] Verification = 3,
    [Label("村级公示", "Village notice")] FirstNotice = 4,
    [Label("乡镇审核", "Township review")] TownshipReview = 5,
    [Label("乡镇公示", "Township notice")] SecondNotice = 6,
    [Label("县级审定", "County approval")] CountyApproval = 7,
    [Label("县级公告", "County announcement")] Announcement = 8,
    [Label("纳入建档立卡", "Registered")] Registered = 9,

    // Household exit
    [Label("预退出", "Pre-exit")] PreExit = 20,
    [Label("户签字认可", "Household acknowledged")] HouseholdAcknowledged = 21,
    [Label("村级公示（退出）", "Village notice (exit)")] VillageNotice = 22,
    [Label("退出公告", "Exit announcement")] ExitAnnouncement = 23,
    [Label("销号", "Deregistered")] Deregistered = 24,

    // Village exit
    [Label("测算", "Figures computed")] Computed = 30,
    [Label("乡镇公示（出列）", "Township notice (village exit)")] TownshipNotice = 31,
    [Label("出列公告", "Village exit announcement")] VillageAnnouncement = 32,
    [Label("已出列", "Village exited")] VillageExited = 33,

    // County exit
    [Label("县级申请", "County proposal")] CountyProposal = 40,
    [Label("市级初审", "City first review")] CityReview = 41,
    [Label("省级核查", "Province verification")] ProvinceVerification = 42,
    [Label("社会公示", "Public notice")] PublicNotice = 43,
    [Label("省级审批", "Province approval")] ProvinceApproval = 44,
    [Label("国家专项评估检查", "National special assessment")] NationalAssessment = 45,
    [Label("正式批准退出", "Exit approved")] CountyExited = 46,

    // Look-back review
    [Label("剔除审核", "Removal review")] RemovalReview = 50,
    [Label("已剔除", "Removed")] RemovedFromRegistry = 51,

    // Monitoring against return to poverty (Lhasa procedure, 003.md L900): signal → home visit → village appraisal
    // → notice → township first review → county comparison and decision.
    [Label("风险信号", "Risk signal")] Signal = 60,
    [Label("入户核查", "Home visit")] HomeVisit = 61,
    [Label("村级评议", "Village appraisal")] VillageAppraisal = 62,
    [Label("村级公示（监测）", "Village notice (monitoring)")] MonitoringNotice = 63,
    [Label("乡镇初审", "Township first review")] TownshipCheck = 64,
    [Label("县级比对审定", "County comparison and decision")] CountyComparison = 65,
    [Label("纳入监测", "Recognised for monitoring")] Recognised = 66,

    // Risk elimination: on-site assessment → township review → county approval → eliminated.
    [Label("实地核查评估", "On-site assessment")] OnSiteAssessment = 70,
    [Label("乡镇审核（风险消除）", "Township review (elimination)")] EliminationReview = 71,
    [Label("县级审定（风险消除）", "County approval (elimination)")] EliminationApproval = 72,
    [Label("风险已消除", "Risk eliminated")] RiskEliminated = 73,

    // Poor-village identification: the village committee applies, the township reviews and posts the notice, the county
    // decides and announces (002:816).
    [Label("村委会申请", "Village committee application")] VillageApplication = 80,
    [Label("乡镇审核公示", "Township review and notice")] TownshipVillageNotice = 81,
    [Label("县级审定公告", "County decision and announcement")] CountyVillageAnnouncement = 82,
    [Label("已认定贫困村", "Identified as a poor village")] VillageIdentified = 83,

    [Label("未通过", "Not approved")] Rejected = 90,
}

/// <summary>What an actor does to a case.</summary>
public enum StepAction
{
    [Label("通过", "Approve")] Advance = 1,
    [Label("退回", "Return")] Return = 2,
    [Label("不予通过", "Reject")] Reject = 3,
    [Label("异议退回核实", "Objection: back to verification")] Objection = 4,
    [Label("发起", "Open")] Open = 5,
}

public enum ObjectionStatus
{
    [Label("待处理", "Open")] Open = 1,
    [Label("异议成立", "Upheld")] Upheld = 2,
    [Label("异议不成立", "Dismissed")] Dismissed = 3,
}
