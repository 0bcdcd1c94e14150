using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>A proposal: where, what, and (for a village's project) the 四议两公开 decision that carried it.</summary>
public sealed record ProjectProposal(string RegionCode, int Year, string Name, ProjectType Type, string Content, string Implementer, string ResponsiblePerson,
    string BenefitMechanism, int BeneficiaryPeople, DateOnly? PlannedStart, DateOnly? PlannedEnd, DateOnly? DeliberatedOn, int? VotesFor, int? VotesAgainst,
    string DeliberationMinutes);

/// <summary>What may be edited while a project is proposed. Its stage, number, region and year are not among them.</summary>
public sealed record ProjectEdit(string Name, ProjectType Type, string Content, string Implementer, string ResponsiblePerson, DateOnly? PlannedStart,
    DateOnly? PlannedEnd, int BeneficiaryPeople, string BenefitMechanism);

/// <summary>A budget line: a source, the county allocation it draws on (when known), the amount. With a line id it changes that line (0 empties it).</summary>
public sealed record FundingInput(FundSource Source, long? AllocationId, Money Amount, long? LineId = null);

/// <summary>One project of an area's list with what its budget, payments and beneficiaries come to.</summary>
public sealed record ProjectRow(long Id, string Number, string Name, ProjectType Type, int Year, string RegionCode, string RegionName, ProjectStage Stage,
    Money Budget, Money Paid, int Households, int People);

public sealed record ProjectPage(string Code, string Name, int? Year, ProjectStage? Stage, ProjectType? Type, int Page, int PageSize, int Total,
    IReadOnlyList<ProjectRow> Rows);

/// <summary>A beneficiary as the project page shows it: the household's number, head's name and masked ID.</summary>
public sealed record BeneficiaryRow(long Id, long HouseholdId, string Number, string VillageCode, string HeadName, string HeadIdMasked, int People,
    DateTime AddedAt, string AddedBy, DateTime? EndedAt, string EndedReason);

public sealed record FundingRow(long Id, FundSource Source, long? AllocationId, string? AllocationLabel, Money Amount);

public sealed record ProjectDisclosureRow(long Id, DisclosureKind Kind, string Title, DateTime PostedAt, DateTime EndsAt, DateTime? ClosedAt, int DaysLeft,
    int OpenObjections, IReadOnlyList<DisclosureObjection> Objections);

public sealed record ProjectPaymentRow(long Id, PaymentKind Kind, DateOnly PaidOn, Money Amount, string Payee, string Purpose, bool IsReversal);

public sealed record DocumentRow(long Id, string FileName, string ContentType, long Size, string Sha256, ProjectStage Stage, string UploadedBy, DateTime UploadedAt);

/// <summary>What the reader may do on the project now (the same checks the steps run, so a page shows only what would pass).</summary>
public sealed record ProjectAbilities(bool Edit, bool Advance, bool ReturnOrReject, bool Beneficiaries, bool Funding, bool Documents);

public sealed record ProjectDetail(Project Project, string RegionName, IReadOnlyList<ProjectStep> Steps,
    IReadOnlyList<FundingRow> Funding, IReadOnlyList<BeneficiaryRow> Beneficiaries, IReadOnlyList<ProjectDisclosureRow> Disclosures,
    IReadOnlyList<ProjectPaymentRow> Payments, IReadOnlyList<DocumentRow> Documents, Money Budget, Money Paid, bool HasAssets, ProjectAbilities May);

/// <summary>
/// The county project library (项目库) as governed steps: a proposal with its number and the village's 四议两公开 decision,
/// edits while proposed by the level that proposed it, beneficiaries (ended, never deleted), budget lines within what
/// the county's allocations have left, and the lifecycle of <see cref="ProjectRules"/>: each move by its roles only, the
/// disclosures posted on approval and completion and waited for before the project goes on, a step row in the same save.
/// </summary>
public static class ProjectLibrary
{
    private const int MaxNumberAttempts = 20;

    private static readonly Role[] VillageRoles = [Role.VillageClerk, Role.WorkTeamMember];

    /// <summary>The level a role proposes at: the village's roles, the township's, the county's.</summary>
    private static int LevelOf(string? role) => role switch
    {
        nameof(Role.VillageClerk) or nameof(Role.WorkTeamMember) => 3,
        nameof(Role.TownshipOfficer) => 2,
        nameof(Role.CountyOfficer) => 1,
        _ => 0,
    };

    private static bool IsVillage(string regionCode) => RegionCode.TryParse(regionCode, out var c, out _) && c.Level == RegionLevel.Village;

    public static DateOnly Today(DateTime now) => DateOnly.FromDateTime(now);

    // ---------------------------------------------------------------- proposal

    public static async Task<EditResult<Project>> ProposeAsync(JingzhunDbContext db, ProjectProposal input, DateTime now, CancellationToken ct = default)
    {
        var region = (input.RegionCode ?? "").Trim();
        if (!RegionCode.TryParse(region, out var code, out _) || code.Level is not (RegionLevel.County or RegionLevel.Township or RegionLevel.Village))
            return EditResult<Project>.Invalid([new("RegionCode", "项目所在地应是县、乡镇或村的12位代码", "The project's place is a county, township or village (12-digit code)")]);
        region = code.Value;
        FundSteps.Require(db, FundRoles.Propose, region, new Bilingual("申报项目", "propose a project"));
        // The village's clerk and work team propose for their own village; the offices above at their own level or below.
        if (VillageRoles.Contains(db.Scope.Role ?? Role.Auditor) && code.Level != RegionLevel.Village)
            throw new WorkflowRefusedException("村级只能申报本村项目", "a village proposes projects of its own village only", region);
        var regionName = await db.Regions.AsNoTracking().Where(r => r.Code == region && r.ValidTo == null).Select(r => r.Name).FirstOrDefaultAsync(ct);
        var errors = new List<FieldError>();
        if (regionName is null) errors.Add(new("RegionCode", $"没有区划{region}", $"There is no region {region}"));
        var year = input.Year == 0 ? now.Year : input.Year;
        if (year < 2000 || year > now.Year + 1) errors.Add(new("Year", "项目年度应在2000年到明年之间", "The plan year is between 2000 and next year"));
        var project = new Project { Name = "", RegionCode = region, Year = year, ProposedBy = db.Scope.Actor };
        Apply(project, new ProjectEdit(input.Name, input.Type, input.Content, input.Implementer, input.ResponsiblePerson, input.PlannedStart, input.PlannedEnd,
            input.BeneficiaryPeople, input.BenefitMechanism), errors);
        if (code.Level == RegionLevel.Village)
        {
            if (input.DeliberatedOn is null) errors.Add(new("DeliberatedOn", "请填写四议两公开的决议日期", "Give the date of the village's 四议两公开 decision"));
            else if (input.DeliberatedOn > Today(now)) errors.Add(new("DeliberatedOn", "决议日期不能晚于今天", "The decision date cannot be in the future"));
            if (input.VotesFor is not { } yes || yes < 0) errors.Add(new("VotesFor", "请填写赞成票数", "Give the votes for"));
            if (input.VotesAgainst is not { } no || no < 0) errors.Add(new("VotesAgainst", "请填写反对票数", "Give the votes against"));
            if (input.VotesFor is { } f && input.VotesAgainst is { } a && f >= 0 && a >= 0 && f <= a)
                errors.Add(new("VotesFor", "决议未获多数通过，不能申报", "The decision did not carry a majority; the project cannot be proposed"));
            if (string.IsNullOrWhiteSpace(input.DeliberationMinutes)) errors.Add(new("DeliberationMinutes", "请填写会议纪要", "Give the minutes of the meeting"));
        }
        else if (input.DeliberatedOn > Today(now)) errors.Add(new("DeliberatedOn", "决议日期不能晚于今天", "The decision date cannot be in the future"));
        if ((input.DeliberationMinutes ?? "").Length > 2000) errors.Add(new("DeliberationMinutes", "会议纪要最多2000字", "The minutes are at most 2000 characters"));
        if (errors.Count > 0) return EditResult<Project>.Invalid(errors);

        project.DeliberatedOn = input.DeliberatedOn;
        project.VotesFor = input.VotesFor;
        project.VotesAgainst = input.VotesAgainst;
        project.DeliberationMinutes = (input.DeliberationMinutes ?? "").Trim();
        project.CountyCode = region[..6];
        project.Steps.Add(Step(db, project, ProjectStage.Proposed, ProjectStage.Proposed, ProjectAction.Propose, "", now));
        db.Projects.Add(project);
        // Two proposals in one county at once may pick the same sequence: the unique index refuses the second, which takes the next.
        for (var attempt = 1; ; attempt++)
        {
            var prefix = $"XM{year}{project.CountyCode}";
            var numbers = await db.Projects.IgnoreQueryFilters().AsNoTracking().Where(p => p.Number.StartsWith(prefix)).Select(p => p.Number).ToListAsync(ct);
            var sequence = numbers.Select(n => int.TryParse(n.AsSpan(prefix.Length), out var s) ? s : 0).DefaultIfEmpty(0).Max() + 1;
            if (sequence > 9999)
                return EditResult<Project>.Invalid([new("Year", $"{year}年本县项目编号已用完", $"the county has no project numbers left for {year}")]);
            project.Number = $"{prefix}{sequence:0000}";
            try
            {
                await db.SaveChangesAsync(ct);
                return EditResult<Project>.Saved(project);
            }
            catch (DbUpdateException) when (attempt < MaxNumberAttempts)
            {
                if (!await db.Projects.IgnoreQueryFilters().AsNoTracking().AnyAsync(p => p.Number == project.Number, ct)) throw;
                foreach (var entry in db.ChangeTracker.Entries<Domain.Audit.AuditEntry>().Where(e => e.State == EntityState.Added).ToList())
                    entry.State = EntityState.Detached;
            }
        }
    }

    private static ProjectStep Step(JingzhunDbContext db, Project project, ProjectStage from, ProjectStage to, ProjectAction action, string comment, DateTime now) => new()
    {
        ProjectId = project.Id, RegionCode = project.RegionCode, CountyCode = project.CountyCode, From = from, To = to, Action = action,
        Actor = db.Scope.Actor, Role = db.Scope.Role?.ToString() ?? "", At = now, Comment = comment.Trim(),
    };

    private static void Apply(Project project, ProjectEdit edit, List<FieldError> errors)
    {
        static string Text(string? s) => (s ?? "").Trim();
        void Limit(string field, string value, int max, string zh, string en, bool required = false)
        {
            if (required && value.Length == 0) errors.Add(new(field, $"请填写{zh}", $"Give the {en}"));
            else if (value.Length > max) errors.Add(new(field, $"{zh}最多{max}字", $"The {en} is at most {max} characters"));
        }
        project.Name = Text(edit.Name);
        Limit("Name", project.Name, 200, "项目名称", "project's name", required: true);
        if (!Enum.IsDefined(edit.Type)) errors.Add(new("Type", "请选择项目类型", "Choose the project's type"));
        project.Type = edit.Type;
        project.Content = Text(edit.Content);
        Limit("Content", project.Content, 2000, "建设内容", "content", required: true);
        project.Implementer = Text(edit.Implementer);
        Limit("Implementer", project.Implementer, 200, "实施单位", "implementer");
        project.ResponsiblePerson = Text(edit.ResponsiblePerson);
        Limit("ResponsiblePerson", project.ResponsiblePerson, 100, "负责人", "responsible person");
        project.BenefitMechanism = Text(edit.BenefitMechanism);
        Limit("BenefitMechanism", project.BenefitMechanism, 1000, "带贫机制", "benefit mechanism");
        if (edit.BeneficiaryPeople is < 0 or > 10_000_000) errors.Add(new("BeneficiaryPeople", "受益人口应在0到1000万之间", "Beneficiary people are between 0 and 10 million"));
        project.BeneficiaryPeople = edit.BeneficiaryPeople;
        if (edit.PlannedStart is { } s && edit.PlannedEnd is { } e && e < s)
            errors.Add(new("PlannedEnd", "计划完工日期不能早于计划开工日期", "The planned end cannot be before the planned start"));
        project.PlannedStart = edit.PlannedStart;
        project.PlannedEnd = edit.PlannedEnd;
    }

    // ---------------------------------------------------------------- who may do what

    /// <summary>The role of the step that proposed the project ("" when unknown).</summary>
    private static async Task<string> ProposerRoleAsync(JingzhunDbContext db, long projectId, CancellationToken ct) =>
        await db.ProjectSteps.AsNoTracking().Where(s => s.ProjectId == projectId && s.Action == ProjectAction.Propose)
            .OrderBy(s => s.Id).Select(s => s.Role).FirstOrDefaultAsync(ct) ?? "";

    private static bool MayChange(AccessScope scope, string regionCode) =>
        scope.MayChange(regionCode) && !scope.WritesAssignedOnly;

    /// <summary>Edit while proposed: a proposing role of the level that proposed it, inside the project's region.</summary>
    public static bool MayEdit(AccessScope scope, Project project, string proposerRole) =>
        project.Stage == ProjectStage.Proposed && FundRoles.May(scope.Role, FundRoles.Propose) && MayChange(scope, project.RegionCode)
        && LevelOf(scope.Role?.ToString()) == LevelOf(proposerRole) && LevelOf(proposerRole) > 0;

    /// <summary>Budget lines before the project enters the library: whoever may edit it, or the role that moves it on from here.</summary>
    public static bool MayFund(AccessScope scope, Project project, string proposerRole) =>
        project.Stage is ProjectStage.Proposed or ProjectStage.Reviewed
        && (MayEdit(scope, project, proposerRole) || (ProjectRules.MayAdvance(scope.Role, project.Stage) && MayChange(scope, project.RegionCode)));

    /// <summary>Beneficiaries: a proposing role inside the project's region, while the project is alive.</summary>
    public static bool MayKeepBeneficiaries(AccessScope scope, Project project) =>
        project.Stage != ProjectStage.Rejected && FundRoles.May(scope.Role, FundRoles.Propose) && MayChange(scope, project.RegionCode);

    public static bool MayAdvance(AccessScope scope, Project project) =>
        ProjectRules.MayAdvance(scope.Role, project.Stage) && MayChange(scope, project.RegionCode);

    public static bool MayReturnOrReject(AccessScope scope, Project project) =>
        ProjectRules.MayReturnOrReject(scope.Role, project.Stage) && MayChange(scope, project.RegionCode);

    /// <summary>Documents: whoever may take the next step, may edit, or has taken a step on the project, inside its region.</summary>
    public static async Task<bool> MayAttachAsync(JingzhunDbContext db, Project project, string proposerRole, CancellationToken ct)
    {
        var scope = db.Scope;
        if (scope.Role is null || !MayChange(scope, project.RegionCode) || scope.Role is Role.Auditor or Role.Assessor or Role.AssistanceCadre) return false;
        if (MayAdvance(scope, project) || MayEdit(scope, project, proposerRole)) return true;
        var actor = scope.Actor;
        return await db.ProjectSteps.AsNoTracking().AnyAsync(s => s.ProjectId == project.Id && s.Actor == actor, ct);
    }

    private static Task<Project?> FindAsync(JingzhunDbContext db, long projectId, CancellationToken ct) =>
        db.Projects.Include(p => p.Funding).FirstOrDefaultAsync(p => p.Id == projectId, ct);

    private static void RefuseUnless(JingzhunDbContext db, bool may, string region, Bilingual what)
    {
        if (db.Scope.IsAdministrator && db.Scope.Role is null) return;
        if (!may) throw new WorkflowRefusedException($"{db.Scope.Actor}不能{what.Chinese}", $"{db.Scope.Actor} may not {what.English}", region);
    }

    // ---------------------------------------------------------------- edits

    public static async Task<EditResult<Project>> EditAsync(JingzhunDbContext db, long projectId, ProjectEdit edit, DateTime now, CancellationToken ct = default)
    {
        var project = await FindAsync(db, projectId, ct);
        if (project is null) return EditResult<Project>.NotFound();
        FundSteps.Require(db, FundRoles.Propose, project.RegionCode, new Bilingual("修改项目", "edit a project"));
        var proposer = await ProposerRoleAsync(db, projectId, ct);
        if (project.Stage != ProjectStage.Proposed)
            throw new WorkflowBlockedException("项目已提交审核，不能再修改", "the project has moved past its proposal and can no longer be edited");
        RefuseUnless(db, MayEdit(db.Scope, project, proposer), project.RegionCode, new("修改其他层级申报的项目", "edit a project proposed at another level"));
        var errors = new List<FieldError>();
        Apply(project, edit, errors);
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return EditResult<Project>.Invalid(errors);
        }
        await db.SaveChangesAsync(ct);
        return EditResult<Project>.Saved(project);
    }

    public static async Task<EditResult<ProjectBeneficiary>> AddBeneficiaryAsync(JingzhunDbContext db, long projectId, long householdId, int? people, DateTime now,
        CancellationToken ct = default)
    {
        var project = await FindAsync(db, projectId, ct);
        if (project is null) return EditResult<ProjectBeneficiary>.NotFound();
        FundSteps.Require(db, FundRoles.Propose, project.RegionCode, new Bilingual("登记受益户", "record a beneficiary household"));
        RefuseUnless(db, MayKeepBeneficiaries(db.Scope, project), project.RegionCode, new("登记此项目的受益户", "record beneficiaries of this project"));
        var household = await db.Households.AsNoTracking().Where(h => h.Id == householdId)
            .Select(h => new { h.Id, h.VillageCode, h.CountyCode, h.Status, People = h.Members.Count(m => m.State == MemberState.Present) })
            .FirstOrDefaultAsync(ct);
        var errors = new List<FieldError>();
        if (household is null) errors.Add(new("HouseholdId", "没有找到该户", "No such household"));
        else
        {
            if (household.CountyCode != project.CountyCode) errors.Add(new("HouseholdId", "受益户应是本县的建档户", "A beneficiary is a registered household of the project's county"));
            else if (IsVillage(project.RegionCode) && household.VillageCode != project.RegionCode)
                errors.Add(new("HouseholdId", "村级项目的受益户应是本村的户", "A village project's beneficiaries live in that village"));
            else if (!household.VillageCode.StartsWith(RegionCode.Parse(project.RegionCode).Prefix, StringComparison.Ordinal))
                errors.Add(new("HouseholdId", "受益户应在项目所在区域内", "A beneficiary lives inside the project's region"));
            if (household.Status == HouseholdStatus.Removed) errors.Add(new("HouseholdId", "该户已被剔除", "The household has been removed from the register"));
            if (await db.ProjectBeneficiaries.AnyAsync(b => b.ProjectId == projectId && b.HouseholdId == householdId && b.EndedAt == null, ct))
                errors.Add(new("HouseholdId", "该户已是本项目的受益户", "The household already benefits from this project"));
        }
        var count = people ?? household?.People ?? 0;
        if (count is < 1 or > 100) errors.Add(new("People", "受益人数应在1到100之间", "People who benefit are between 1 and 100"));
        if (errors.Count > 0) return EditResult<ProjectBeneficiary>.Invalid(errors);
        var row = new ProjectBeneficiary
        {
            ProjectId = projectId, HouseholdId = householdId, CountyCode = project.CountyCode, People = count, AddedAt = now, AddedBy = db.Scope.Actor,
        };
        db.ProjectBeneficiaries.Add(row);
        await db.SaveChangesAsync(ct);
        return EditResult<ProjectBeneficiary>.Saved(row);
    }

    public static async Task<EditResult<ProjectBeneficiary>> EndBeneficiaryAsync(JingzhunDbContext db, long projectId, long beneficiaryId, string? reason, DateTime now,
        CancellationToken ct = default)
    {
        var project = await FindAsync(db, projectId, ct);
        var row = project is null ? null : await db.ProjectBeneficiaries.FirstOrDefaultAsync(b => b.Id == beneficiaryId && b.ProjectId == projectId, ct);
        if (project is null || row is null) return EditResult<ProjectBeneficiary>.NotFound();
        FundSteps.Require(db, FundRoles.Propose, project.RegionCode, new Bilingual("移出受益户", "end a beneficiary household"));
        RefuseUnless(db, MayKeepBeneficiaries(db.Scope, project), project.RegionCode, new("移出此项目的受益户", "end beneficiaries of this project"));
        var text = (reason ?? "").Trim();
        var errors = new List<FieldError>();
        if (text.Length == 0) errors.Add(new("Reason", "请填写移出原因", "Give the reason"));
        else if (text.Length > 200) errors.Add(new("Reason", "原因最多200字", "The reason is at most 200 characters"));
        if (row.EndedAt is not null) errors.Add(new("Reason", "该户已移出", "The household was already ended"));
        if (errors.Count > 0) return EditResult<ProjectBeneficiary>.Invalid(errors);
        row.EndedAt = now;
        row.EndedReason = text;
        db.ChangeReason = $"移出受益户：{text}";
        await db.SaveChangesAsync(ct);
        return EditResult<ProjectBeneficiary>.Saved(row);
    }

    /// <summary>
    /// Adds a budget line, or changes one (an amount of 0 empties it: lines are never deleted). A line on an allocation needs
    /// one received by the project's county in the project's year or earlier, of the same source, and no more than the
    /// allocation's unpaid balance less what other lines already budget on it.
    /// </summary>
    public static async Task<EditResult<ProjectFunding>> FundAsync(JingzhunDbContext db, long projectId, FundingInput input, DateTime now, CancellationToken ct = default)
    {
        var project = await FindAsync(db, projectId, ct);
        if (project is null) return EditResult<ProjectFunding>.NotFound();
        var roles = FundRoles.Propose.Concat(ProjectRules.Steps.Take(2).SelectMany(s => s.Roles)).Distinct().ToArray();
        FundSteps.Require(db, roles, project.RegionCode, new Bilingual("编制项目预算", "budget a project"));
        if (project.Stage is not (ProjectStage.Proposed or ProjectStage.Reviewed))
            throw new WorkflowBlockedException("项目已入库，预算不能再改", "the project is in the library; its budget can no longer change");
        RefuseUnless(db, MayFund(db.Scope, project, await ProposerRoleAsync(db, projectId, ct)), project.RegionCode, new("编制此项目的预算", "budget this project"));
        var errors = new List<FieldError>();
        ProjectFunding? line = null;
        if (input.LineId is { } lineId)
        {
            line = project.Funding.FirstOrDefault(f => f.Id == lineId);
            if (line is null) return EditResult<ProjectFunding>.NotFound();
        }
        if (!Enum.IsDefined(input.Source)) errors.Add(new("Source", "请选择资金来源", "Choose the fund source"));
        if (input.Amount.Fen < 0 || (line is null && input.Amount.Fen == 0)) errors.Add(new("Amount", "金额应大于0", "The amount is more than 0"));
        if (input.Amount.Yuan > 10_000_000_000m) errors.Add(new("Amount", "金额过大", "The amount is too large"));
        if (input.AllocationId is { } allocationId && errors.Count == 0)
        {
            var allocation = await db.Allocations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == allocationId, ct);
            if (allocation is null || allocation.ReversesId is not null)
                errors.Add(new("AllocationId", "没有找到该笔县级资金", "No such county allocation"));
            else
            {
                if (allocation.ToCode != project.CountyCode.PadRight(12, '0'))
                    errors.Add(new("AllocationId", "只能使用本县收到的资金", "Only funds received by the project's county can be budgeted"));
                if (allocation.Year > project.Year)
                    errors.Add(new("AllocationId", "不能使用项目年度以后的资金", "Funds of a year after the project's cannot be budgeted"));
                if (allocation.Source != input.Source)
                    errors.Add(new("Source", "资金来源与所选资金不一致", "The source differs from the allocation's"));
                if (errors.Count == 0)
                {
                    var balance = await FundBalances.ForAsync(db, allocationId, ct);
                    var others = (await db.ProjectFunding.AsNoTracking().Where(f => f.AllocationId == allocationId && f.Id != (line == null ? 0 : line.Id))
                        .Select(f => f.Amount).ToListAsync(ct)).Sum(m => m.Yuan);
                    var left = (balance?.Unpaid.Yuan ?? 0) - others;
                    if (input.Amount.Yuan > left)
                        errors.Add(new("Amount", $"超过该笔资金可安排的余额{Math.Max(0, left):0.00}元", $"More than the {Math.Max(0, left):0.00} yuan left of the allocation"));
                }
            }
        }
        if (errors.Count > 0) return EditResult<ProjectFunding>.Invalid(errors);
        if (line is null)
        {
            line = new ProjectFunding { ProjectId = project.Id, RegionCode = project.RegionCode, CountyCode = project.CountyCode, Source = input.Source, AllocationId = input.AllocationId, Amount = input.Amount };
            db.ProjectFunding.Add(line);
        }
        else
        {
            line.Source = input.Source;
            line.AllocationId = input.AllocationId;
            line.Amount = input.Amount;
        }
        await db.SaveChangesAsync(ct);
        return EditResult<ProjectFunding>.Saved(line);
    }

    // ---------------------------------------------------------------- the lifecycle

    /// <summary>
    /// Advances, returns or rejects the project. The role check comes first (403), then the state (409), then the fields
    /// (400). The step row is saved with the move; the disclosure of the stage reached is posted in the same save.
    /// </summary>
    public static async Task<EditResult<Project>> StepAsync(JingzhunDbContext db, long projectId, ProjectAction kind, string? comment, DateOnly? on, DateTime now,
        CancellationToken ct = default)
    {
        if (kind == ProjectAction.Propose) throw FundSteps.Invalid("步骤应是通过、退回或不予通过", "the step is advance, return or reject");
        var project = await FindAsync(db, projectId, ct);
        if (project is null) return EditResult<Project>.NotFound();
        var from = project.Stage;
        var rule = ProjectRules.Next(from);
        var what = kind switch
        {
            ProjectAction.Return => new Bilingual($"退回{from.Chinese()}的项目", $"return a project at {from.English()}"),
            ProjectAction.Reject => new Bilingual($"否决{from.Chinese()}的项目", $"reject a project at {from.English()}"),
            _ => rule is null ? new Bilingual("推进项目", "advance the project") : new Bilingual($"将项目推进到{rule.To.Chinese()}", $"move the project to {rule.To.English()}"),
        };
        if (rule is null)
        {
            // Nobody may move a finished or rejected project; a role that may take no step at all is refused as such.
            if (!ProjectRules.Steps.Any(s => s.Roles.Contains(db.Scope.Role ?? Role.Auditor)) && !(db.Scope.IsAdministrator && db.Scope.Role is null))
                throw new WorkflowRefusedException($"{db.Scope.Actor}的角色不能{what.Chinese}", $"{db.Scope.Actor}'s role may not {what.English}", project.RegionCode);
            throw new WorkflowBlockedException($"项目处于“{from.Chinese()}”，没有下一步", $"the project is at “{from.English()}” and has no further step");
        }
        FundSteps.Require(db, rule.Roles, project.RegionCode, what);
        var text = (comment ?? "").Trim();
        var errors = new List<FieldError>();
        if (text.Length > 500) errors.Add(new("Comment", "意见最多500字", "The comment is at most 500 characters"));

        if (kind is ProjectAction.Return or ProjectAction.Reject)
        {
            if (!ProjectRules.MayReturnOrReject(db.Scope.Role, from) && !(db.Scope.IsAdministrator && db.Scope.Role is null))
                throw new WorkflowBlockedException("项目已入库，不能退回或否决", "a project in the library can no longer be returned or rejected");
            if (text.Length == 0) errors.Add(new("Comment", kind == ProjectAction.Return ? "请填写退回原因" : "请填写不予通过的原因", "Give the reason"));
            if (errors.Count > 0) return EditResult<Project>.Invalid(errors);
            var to = kind == ProjectAction.Return ? ProjectStage.Proposed : ProjectStage.Rejected;
            project.Stage = to;
            project.Steps.Add(Step(db, project, from, to, kind == ProjectAction.Return ? ProjectAction.Return : ProjectAction.Reject, text, now));
            await db.SaveChangesAsync(ct);
            return EditResult<Project>.Saved(project);
        }

        var next = rule.To;
        if (next == ProjectStage.Approved)
        {
            if (project.Budget.Fen <= 0) throw new WorkflowBlockedException("项目没有预算，不能入库", "the project has no budget and cannot be approved");
            if (project.BeneficiaryPeople <= 0) throw new WorkflowBlockedException("项目没有受益人口，不能入库", "the project has no beneficiary people and cannot be approved");
        }
        if (next == ProjectStage.HandedOver && !await db.Assets.AnyAsync(a => a.ProjectId == project.Id, ct))
            throw new WorkflowBlockedException("项目还没有登记资产，请先在资产页登记后再移交", "the project has no asset registered yet: register its assets first, then hand them over");
        if (ProjectRules.DisclosureBefore(from) is { } before) await Disclosures.RequireClearAsync(db, project, before, now, ct);

        var day = on ?? Today(now);
        if (next is ProjectStage.Started or ProjectStage.Completed or ProjectStage.Accepted or ProjectStage.HandedOver)
        {
            if (day > Today(now)) errors.Add(new("On", "日期不能晚于今天", "The date cannot be in the future"));
            var earlier = next switch
            {
                ProjectStage.Completed => project.StartedOn,
                ProjectStage.Accepted => project.CompletedOn,
                ProjectStage.HandedOver => project.AcceptedOn,
                _ => null,
            };
            if (earlier is { } e && day < e) errors.Add(new("On", $"日期不能早于上一环节（{e:yyyy-MM-dd}）", $"The date cannot be before the previous step's ({e:yyyy-MM-dd})"));
        }
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return EditResult<Project>.Invalid(errors);
        }
        switch (next)
        {
            case ProjectStage.Started: project.StartedOn = day; break;
            case ProjectStage.Completed: project.CompletedOn = day; break;
            case ProjectStage.Accepted: project.AcceptedOn = day; break;
            case ProjectStage.HandedOver: project.HandedOverOn = day; break;
        }
        project.Stage = next;
        project.Steps.Add(Step(db, project, from, next, ProjectAction.Advance, text, now));
        if (ProjectRules.DisclosureOn(next) is { } posted) await Disclosures.PostProjectAsync(db, project, posted, now, ct);
        await db.SaveChangesAsync(ct);
        return EditResult<Project>.Saved(project);
    }

    // ---------------------------------------------------------------- reading

    /// <summary>An area's projects, newest year first, by year, stage and type; null when the area is not readable.</summary>
    public static async Task<ProjectPage?> ListAsync(JingzhunDbContext db, string regionCode, int? year, ProjectStage? stage, ProjectType? type, int page, int pageSize,
        CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(regionCode, out var code, out _)) return null;
        if (!db.Scope.CanRead || db.Scope.ReadsAssignedOnly) return null;
        var scopePrefix = db.Scope.RegionPrefix;
        if (!code.Prefix.StartsWith(scopePrefix, StringComparison.Ordinal) && !scopePrefix.StartsWith(code.Prefix, StringComparison.Ordinal)) return null;
        var name = code.Level == RegionLevel.Nation ? "全国"
            : await db.Regions.AsNoTracking().Where(r => r.Code == code.Value && r.ValidTo == null).Select(r => r.Name).FirstOrDefaultAsync(ct);
        if (name is null) return null;
        var prefix = code.Prefix;
        var query = db.Projects.AsNoTracking().Where(p => p.RegionCode.StartsWith(prefix));
        if (year is { } y) query = query.Where(p => p.Year == y);
        if (stage is { } s) query = query.Where(p => p.Stage == s);
        if (type is { } t) query = query.Where(p => p.Type == t);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var total = await query.CountAsync(ct);
        page = Math.Max(1, page);
        var projects = await query.OrderByDescending(p => p.Year).ThenBy(p => p.Number).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new { p.Id, p.Number, p.Name, p.Type, p.Year, p.RegionCode, p.Stage }).ToListAsync(ct);
        var ids = projects.Select(p => p.Id).ToList();
        var funding = await db.ProjectFunding.AsNoTracking().Where(f => ids.Contains(f.ProjectId)).Select(f => new { f.ProjectId, f.Amount }).ToListAsync(ct);
        var paid = await db.Payments.AsNoTracking().Where(p => p.ProjectId != null && ids.Contains(p.ProjectId.Value)).Select(p => new { p.ProjectId, p.Amount }).ToListAsync(ct);
        var beneficiaries = await db.ProjectBeneficiaries.AsNoTracking().Where(b => ids.Contains(b.ProjectId) && b.EndedAt == null)
            .Select(b => new { b.ProjectId, b.People }).ToListAsync(ct);
        var codes = projects.Select(p => p.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code) && r.ValidTo == null).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var rows = projects.Select(p => new ProjectRow(p.Id, p.Number, p.Name, p.Type, p.Year, p.RegionCode, names.GetValueOrDefault(p.RegionCode, p.RegionCode), p.Stage,
            new Money(funding.Where(f => f.ProjectId == p.Id).Sum(f => f.Amount.Yuan)), new Money(paid.Where(x => x.ProjectId == p.Id).Sum(x => x.Amount.Yuan)),
            beneficiaries.Count(b => b.ProjectId == p.Id), beneficiaries.Where(b => b.ProjectId == p.Id).Sum(b => b.People))).ToList();
        return new ProjectPage(code.Value, name, year, stage, type, page, pageSize, total, rows);
    }

    /// <summary>Everything about one project the reader may see, with what the reader may do; null outside the reader's region.</summary>
    public static async Task<ProjectDetail?> DetailAsync(JingzhunDbContext db, long projectId, DateTime now, CancellationToken ct = default)
    {
        if (db.Scope.ReadsAssignedOnly) return null;
        var project = await db.Projects.AsNoTracking().Include(p => p.Funding).FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null) return null;
        var regionName = await db.Regions.AsNoTracking().Where(r => r.Code == project.RegionCode && r.ValidTo == null).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? project.RegionCode;
        var steps = await db.ProjectSteps.AsNoTracking().Where(s => s.ProjectId == projectId).OrderBy(s => s.At).ThenBy(s => s.Id).ToListAsync(ct);
        var proposer = steps.FirstOrDefault(s => s.Action == ProjectAction.Propose)?.Role ?? "";
        var allocationIds = project.Funding.Where(f => f.AllocationId != null).Select(f => f.AllocationId!.Value).Distinct().ToList();
        var allocations = await db.Allocations.AsNoTracking().Where(a => allocationIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Year, a.Source, a.DocumentNumber }).ToListAsync(ct);
        var funding = project.Funding.OrderBy(f => f.Id).Select(f => new FundingRow(f.Id, f.Source, f.AllocationId,
            allocations.FirstOrDefault(a => a.Id == f.AllocationId) is { } a ? $"{a.Year} {a.Source.Chinese()} {a.DocumentNumber}".Trim() : null, f.Amount)).ToList();
        var beneficiaries = (await db.ProjectBeneficiaries.AsNoTracking().Where(b => b.ProjectId == projectId)
            .Select(b => new
            {
                b.Id, b.HouseholdId, b.Household!.Number, b.Household.VillageCode, b.People, b.AddedAt, b.AddedBy, b.EndedAt, b.EndedReason,
                Head = b.Household.Members.Where(m => m.State == MemberState.Present && m.Relation == Relation.Head).Select(m => new { m.Name, m.ResidentId }).FirstOrDefault(),
            }).ToListAsync(ct))
            .OrderBy(b => b.EndedAt is null ? 0 : 1).ThenBy(b => b.Number, StringComparer.Ordinal)
            .Select(b => new BeneficiaryRow(b.Id, b.HouseholdId, b.Number, b.VillageCode, b.Head?.Name ?? "—", b.Head is null ? "—" : Masking.ResidentId(b.Head.ResidentId),
                b.People, b.AddedAt, b.AddedBy, b.EndedAt, b.EndedReason)).ToList();
        var disclosures = (await db.Disclosures.AsNoTracking().Include(d => d.Objections).Where(d => d.ProjectId == projectId).ToListAsync(ct))
            .OrderBy(d => d.PostedAt).ThenBy(d => d.Id)
            .Select(d => new ProjectDisclosureRow(d.Id, d.Kind, d.Title, d.PostedAt, d.EndsAt, d.ClosedAt,
                d.ClosedAt is null && d.EndsAt > now ? (int)Math.Ceiling((d.EndsAt - now).TotalDays) : 0,
                d.Objections.Count(o => o.Status == ObjectionStatus.Open), d.Objections.OrderBy(o => o.Id).ToList())).ToList();
        var payments = (await db.Payments.AsNoTracking().Where(p => p.ProjectId == projectId).ToListAsync(ct))
            .OrderBy(p => p.PaidOn).ThenBy(p => p.Id)
            .Select(p => new ProjectPaymentRow(p.Id, p.Kind, p.PaidOn, p.Amount, p.Payee, p.Purpose, p.IsReversal)).ToList();
        var documents = await ProjectDocuments.ListAsync(db, projectId, ct);
        var hasAssets = await db.Assets.AsNoTracking().AnyAsync(a => a.ProjectId == projectId, ct);
        var scope = db.Scope;
        var may = new ProjectAbilities(MayEdit(scope, project, proposer), MayAdvance(scope, project), MayReturnOrReject(scope, project),
            MayKeepBeneficiaries(scope, project), MayFund(scope, project, proposer), await MayAttachAsync(db, project, proposer, ct));
        return new ProjectDetail(project, regionName, steps, funding, beneficiaries, disclosures, payments, documents,
            project.Budget, new Money(payments.Sum(p => p.Amount.Yuan)), hasAssets, may);
    }

    /// <summary>Whether the reader may propose a project at a region (the "new project" link).</summary>
    public static bool MayPropose(AccessScope scope, string regionCode) =>
        FundRoles.May(scope.Role, FundRoles.Propose) && RegionCode.TryParse(regionCode, out var code, out _)
        && code.Level is RegionLevel.County or RegionLevel.Township or RegionLevel.Village && MayChange(scope, code.Value)
        && (!VillageRoles.Contains(scope.Role!.Value) || code.Level == RegionLevel.Village);

    internal static Task<string> ProposerRoleOfAsync(JingzhunDbContext db, long projectId, CancellationToken ct) => ProposerRoleAsync(db, projectId, ct);
}
