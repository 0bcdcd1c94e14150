using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Regions;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assistance;

/// <summary>What stationing a work team takes: the village, the sending unit, the term and a note.</summary>
public sealed record StationInput(string VillageCode, string SendingUnit, DateOnly TermStart, DateOnly? TermEnd, string Note = "");

/// <summary>A member joining a team: name, unit, phone, role (第一书记, 队长, 队员) and the day they joined.</summary>
public sealed record TeamMemberInput(string Name, string Unit, string Phone, TeamRole Role, DateOnly JoinedOn);

/// <summary>A rotation: the day the team's term ends and the next team (its sending unit and planned end), which starts that day.</summary>
public sealed record RotationInput(DateOnly On, string Reason, string NextSendingUnit, DateOnly? NextTermEnd, string Note = "");

/// <summary>A member's assessment for one year.</summary>
public sealed record AssessmentInput(int Year, AssessmentGrade Grade, string Comment);

/// <summary>A team with its members (present and past) and their assessments.</summary>
public sealed record TeamView(WorkTeam Team, IReadOnlyList<TeamMemberView> Members)
{
    public bool IsStationed => Team.State == WorkTeamState.Stationed;
    public TeamMemberView? FirstSecretary => Members.FirstOrDefault(m => m.Member.IsActive && m.Member.Role == TeamRole.FirstSecretary);
}

public sealed record TeamMemberView(WorkTeamMember Member, IReadOnlyList<WorkTeamAssessment> Assessments);

/// <summary>A village with its teams, the stationed one first and then the past ones, newest first (the history a rotation keeps).</summary>
public sealed record VillageTeams(string Code, string Name, bool IsPoorVillage, IReadOnlyList<TeamView> Teams)
{
    public TeamView? Stationed => Teams.FirstOrDefault(t => t.IsStationed);
}

/// <summary>The teams of an area's villages.</summary>
public sealed record AreaTeams(string Code, string Name, RegionLevel Level, IReadOnlyList<VillageTeams> Villages);

/// <summary>
/// Village work teams (驻村工作队) and first secretaries (第一书记): stationing a team for a term, its members joining and
/// leaving, rotation (the team's term ends, its members leave with it, the next team is stationed, in one save), and each
/// member's yearly assessment (one per member and year; a correction is an update, audited by the save hook). Every step is
/// governed: <see cref="AssistanceRoles.ManageTeams"/> inside the actor's region (<see cref="AssistanceSteps.Require"/>), and
/// the context's scope filters and save rules hold besides. Nothing is deleted: a rotated team stays as history.
/// </summary>
public static class WorkTeams
{
    private static readonly Bilingual StationStep = new("派驻工作队", "station a work team");
    private static readonly Bilingual MemberStep = new("调整工作队队员", "change a work team's members");
    private static readonly Bilingual RotateStep = new("轮换工作队", "rotate a work team");
    private static readonly Bilingual AssessStep = new("考核工作队队员", "assess a work team member");

    /// <summary>Whether the actor may take the team steps in this village (pages show the forms exactly then).</summary>
    public static bool MayManage(JingzhunDbContext db, string villageCode) =>
        (db.Scope.IsAdministrator && db.Scope.Role is null) || (AssistanceRoles.May(db.Scope.Role, AssistanceRoles.ManageTeams) && db.Scope.MayChange(villageCode));

    /// <summary>Stations a team in a village that has none stationed.</summary>
    public static async Task<EditResult<WorkTeam>> StationAsync(JingzhunDbContext db, StationInput input, DateTime now, CancellationToken ct = default)
    {
        var village = (input.VillageCode ?? "").Trim();
        AssistanceSteps.Require(db, AssistanceRoles.ManageTeams, village, StationStep);
        var today = DateOnly.FromDateTime(now);
        var errors = new List<FieldError>();
        if (!await db.Regions.AsNoTracking().ValidOn(today).AnyAsync(r => r.Code == village && r.Level == RegionLevel.Village, ct))
            errors.Add(new FieldError("VillageCode", "请选择一个现有的行政村", "Choose an existing village"));
        errors.AddRange(CheckTerm(input.SendingUnit, input.TermStart, input.TermEnd, today, "SendingUnit", "TermStart", "TermEnd"));
        if (errors.Count == 0 && await db.WorkTeams.AnyAsync(t => t.VillageCode == village && t.State == WorkTeamState.Stationed, ct))
            errors.Add(new FieldError("VillageCode", "该村已有在村工作队：请轮换，不要重复派驻", "The village already has a stationed team: rotate it instead"));
        if (errors.Count > 0) return EditResult<WorkTeam>.Invalid(errors);
        var team = NewTeam(village, input.SendingUnit, input.TermStart, input.TermEnd, input.Note);
        db.WorkTeams.Add(team);
        await db.SaveChangesAsync(ct);
        return EditResult<WorkTeam>.Saved(team);
    }

    /// <summary>A member joins a stationed team; a team has one first secretary and one leader at a time.</summary>
    public static async Task<EditResult<WorkTeamMember>> AddMemberAsync(JingzhunDbContext db, int teamId, TeamMemberInput input, DateTime now,
        CancellationToken ct = default)
    {
        var team = await db.WorkTeams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, ct);
        if (team is null) return EditResult<WorkTeamMember>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.ManageTeams, team.VillageCode, MemberStep);
        var errors = new List<FieldError>();
        if (team.State != WorkTeamState.Stationed) errors.Add(new FieldError("TeamId", "该工作队已轮换，不能再增加队员", "The team has rotated out: no new members"));
        if (string.IsNullOrWhiteSpace(input.Name)) errors.Add(new FieldError("Name", "请填写姓名", "Give the member's name"));
        if (!Enum.IsDefined(input.Role)) errors.Add(new FieldError("Role", "请选择第一书记、队长或队员", "Choose first secretary, leader or member"));
        var phone = PhoneNumbers.Normalize(input.Phone);
        if (phone.Length > 0 && !PhoneNumbers.IsValid(phone)) errors.Add(new FieldError("Phone", "电话号码格式不对", "Not a phone number"));
        if (input.JoinedOn < team.TermStart) errors.Add(new FieldError("JoinedOn", "入队日期不能早于工作队派驻日期", "Joined before the team was stationed"));
        if (input.JoinedOn > DateOnly.FromDateTime(now)) errors.Add(new FieldError("JoinedOn", "入队日期不能晚于今天", "Joined after today"));
        if (errors.Count == 0 && input.Role is TeamRole.FirstSecretary or TeamRole.Leader
            && await db.WorkTeamMembers.AnyAsync(m => m.TeamId == teamId && m.LeftOn == null && m.Role == input.Role, ct))
            errors.Add(new FieldError("Role", input.Role == TeamRole.FirstSecretary ? "该队已有第一书记：请先办理其离队" : "该队已有队长：请先办理其离队",
                input.Role == TeamRole.FirstSecretary ? "The team has a first secretary: let them leave first" : "The team has a leader: let them leave first"));
        if (errors.Count > 0) return EditResult<WorkTeamMember>.Invalid(errors);
        var member = new WorkTeamMember
        {
            TeamId = team.Id, VillageCode = team.VillageCode, CountyCode = team.CountyCode, Name = input.Name.Trim(), Unit = (input.Unit ?? "").Trim(),
            Phone = phone, Role = input.Role, JoinedOn = input.JoinedOn,
        };
        db.WorkTeamMembers.Add(member);
        await db.SaveChangesAsync(ct);
        return EditResult<WorkTeamMember>.Saved(member);
    }

    /// <summary>A member leaves the team on a date, with the reason; the row stays.</summary>
    public static async Task<EditResult<WorkTeamMember>> LeaveAsync(JingzhunDbContext db, long memberId, DateOnly on, string reason, DateTime now,
        CancellationToken ct = default)
    {
        var member = await db.WorkTeamMembers.FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null) return EditResult<WorkTeamMember>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.ManageTeams, member.VillageCode, MemberStep);
        var errors = new List<FieldError>();
        if (member.LeftOn is not null) errors.Add(new FieldError("MemberId", "该队员已离队", "The member has already left"));
        if (string.IsNullOrWhiteSpace(reason)) errors.Add(new FieldError("Reason", "请填写离队原因", "Give the reason for leaving"));
        if (on < member.JoinedOn) errors.Add(new FieldError("On", "离队日期不能早于入队日期", "Left before joining"));
        if (on > DateOnly.FromDateTime(now)) errors.Add(new FieldError("On", "离队日期不能晚于今天", "Left after today"));
        if (errors.Count > 0) return EditResult<WorkTeamMember>.Invalid(errors);
        member.LeftOn = on;
        member.LeftReason = reason.Trim();
        await db.SaveChangesAsync(ct);
        return EditResult<WorkTeamMember>.Saved(member);
    }

    /// <summary>
    /// Rotates a stationed team (轮换): its term ends on the date, every present member leaves with it, and the next team
    /// is stationed from that date — one save, so the village is never left with two teams or with none by halves.
    /// Returns the next team.
    /// </summary>
    public static async Task<EditResult<WorkTeam>> RotateAsync(JingzhunDbContext db, int teamId, RotationInput input, DateTime now, CancellationToken ct = default)
    {
        var team = await db.WorkTeams.FirstOrDefaultAsync(t => t.Id == teamId, ct);
        if (team is null) return EditResult<WorkTeam>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.ManageTeams, team.VillageCode, RotateStep);
        var today = DateOnly.FromDateTime(now);
        var errors = new List<FieldError>();
        if (team.State != WorkTeamState.Stationed) errors.Add(new FieldError("TeamId", "该工作队已轮换", "The team has already rotated out"));
        if (input.On < team.TermStart) errors.Add(new FieldError("On", "轮换日期不能早于本届派驻日期", "Rotation before the term started"));
        if (input.On > today) errors.Add(new FieldError("On", "轮换日期不能晚于今天", "Rotation after today"));
        errors.AddRange(CheckTerm(input.NextSendingUnit, input.On, input.NextTermEnd, today, "NextSendingUnit", "On", "NextTermEnd")
            .Where(e => e.Field != "On"));
        var members = await db.WorkTeamMembers.Where(m => m.TeamId == teamId && m.LeftOn == null).ToListAsync(ct);
        if (members.Any(m => m.JoinedOn > input.On)) errors.Add(new FieldError("On", "轮换日期早于某队员的入队日期", "A member joined after the rotation date"));
        if (errors.Count > 0) return EditResult<WorkTeam>.Invalid(errors);
        var reason = string.IsNullOrWhiteSpace(input.Reason) ? "工作队轮换" : input.Reason.Trim();
        team.State = WorkTeamState.Rotated;
        team.RotatedOn = input.On;
        foreach (var m in members)
        {
            m.LeftOn = input.On;
            m.LeftReason = reason;
        }
        var next = NewTeam(team.VillageCode, input.NextSendingUnit, input.On, input.NextTermEnd, input.Note);
        db.WorkTeams.Add(next);
        await db.SaveChangesAsync(ct);
        return EditResult<WorkTeam>.Saved(next);
    }

    /// <summary>
    /// Records a member's assessment for a year in which they served; a second one for the same year corrects the first
    /// (the same row, updated: the audit log keeps the old grade and comment).
    /// </summary>
    public static async Task<EditResult<WorkTeamAssessment>> AssessAsync(JingzhunDbContext db, long memberId, AssessmentInput input, DateTime now,
        CancellationToken ct = default)
    {
        var member = await db.WorkTeamMembers.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null) return EditResult<WorkTeamAssessment>.NotFound();
        AssistanceSteps.Require(db, AssistanceRoles.ManageTeams, member.VillageCode, AssessStep);
        var errors = new List<FieldError>();
        var lastYear = member.LeftOn?.Year ?? now.Year;
        if (input.Year < member.JoinedOn.Year || input.Year > lastYear)
            errors.Add(new FieldError("Year", $"考核年度须在{member.JoinedOn.Year}–{lastYear}年之间（在队期间）",
                $"The year must be {member.JoinedOn.Year}–{lastYear}, while the member served"));
        if (!Enum.IsDefined(input.Grade)) errors.Add(new FieldError("Grade", "请选择考核等次", "Choose a grade"));
        if (errors.Count > 0) return EditResult<WorkTeamAssessment>.Invalid(errors);
        var comment = (input.Comment ?? "").Trim();
        var existing = await db.WorkTeamAssessments.FirstOrDefaultAsync(a => a.MemberId == memberId && a.Year == input.Year, ct);
        if (existing is null)
        {
            existing = new WorkTeamAssessment
            {
                MemberId = member.Id, TeamId = member.TeamId, VillageCode = member.VillageCode, CountyCode = member.CountyCode, Year = input.Year,
                Grade = input.Grade, Comment = comment, AssessedBy = db.Scope.Actor, AssessedAt = now,
            };
            db.WorkTeamAssessments.Add(existing);
        }
        else
        {
            existing.Grade = input.Grade;
            existing.Comment = comment;
            existing.AssessedBy = db.Scope.Actor;
            existing.AssessedAt = now;
        }
        await db.SaveChangesAsync(ct);
        return EditResult<WorkTeamAssessment>.Saved(existing);
    }

    /// <summary>Whether the reader may open the area: a valid code inside the reader's region, read as region work.</summary>
    public static bool IsVisible(JingzhunDbContext db, string regionCode, out RegionCode code) =>
        RegionCode.TryParse(regionCode, out code, out _) && db.Scope.CanRead && !db.Scope.ReadsAssignedOnly
        && code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The teams of an area: every village that has or had a team, and every poor village (with or without one; a village's
    /// own page always holds the village), each with
    /// its teams (the stationed one first), their members and assessments. Null when the reader may not see the area.
    /// </summary>
    public static async Task<AreaTeams?> ForAreaAsync(JingzhunDbContext db, string regionCode, DateTime now, CancellationToken ct = default)
    {
        if (!IsVisible(db, regionCode, out var code)) return null;
        var prefix = code.Prefix;
        var today = DateOnly.FromDateTime(now);
        var teams = await db.WorkTeams.AsNoTracking().Where(t => t.VillageCode.StartsWith(prefix)).ToListAsync(ct);
        var members = await db.WorkTeamMembers.AsNoTracking().Where(m => m.VillageCode.StartsWith(prefix)).ToListAsync(ct);
        var assessments = await db.WorkTeamAssessments.AsNoTracking().Where(a => a.VillageCode.StartsWith(prefix)).ToListAsync(ct);
        var villages = await db.Regions.AsNoTracking().ValidOn(today)
            .Where(r => r.Level == RegionLevel.Village && r.Code.StartsWith(prefix))
            .Select(r => new { r.Code, r.Name, r.IsPoorVillage }).ToListAsync(ct);
        var withTeams = teams.Select(t => t.VillageCode).ToHashSet();
        var byAssessment = assessments.ToLookup(a => a.MemberId);
        var byTeam = members.ToLookup(m => m.TeamId);
        var names = villages.ToDictionary(v => v.Code, v => (v.Name, v.IsPoorVillage));
        foreach (var missing in withTeams.Where(c => !names.ContainsKey(c)))
            names[missing] = ((await RegionsAsOf.NamesAsync(db, [missing], null, ct)).GetValueOrDefault(missing) ?? missing, false);
        var rows = names
            .Where(v => v.Value.IsPoorVillage || withTeams.Contains(v.Key) || code.Level == RegionLevel.Village)
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => new VillageTeams(v.Key, v.Value.Name, v.Value.IsPoorVillage,
                teams.Where(t => t.VillageCode == v.Key)
                    .OrderBy(t => t.State == WorkTeamState.Stationed ? 0 : 1).ThenByDescending(t => t.TermStart).ThenByDescending(t => t.Id)
                    .Select(t => new TeamView(t, byTeam[t.Id]
                        .OrderBy(m => m.LeftOn is null ? 0 : 1).ThenBy(m => m.Role).ThenBy(m => m.JoinedOn).ThenBy(m => m.Id)
                        .Select(m => new TeamMemberView(m, byAssessment[m.Id].OrderByDescending(a => a.Year).ToList())).ToList()))
                    .ToList()))
            .ToList();
        var areaName = (await RegionsAsOf.NamesAsync(db, [code.Value], null, ct)).GetValueOrDefault(code.Value) ?? code.Value;
        return new AreaTeams(code.Value, areaName, code.Level, rows);
    }

    /// <summary>The team with its village (for a page that acts on one team).</summary>
    public static Task<WorkTeam?> FindTeamAsync(JingzhunDbContext db, int teamId, CancellationToken ct = default) =>
        db.WorkTeams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, ct);

    /// <summary>The member with its village.</summary>
    public static Task<WorkTeamMember?> FindMemberAsync(JingzhunDbContext db, long memberId, CancellationToken ct = default) =>
        db.WorkTeamMembers.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct);

    private static WorkTeam NewTeam(string village, string sendingUnit, DateOnly start, DateOnly? end, string? note) => new()
    {
        VillageCode = village, CountyCode = Household.CountyOf(village), SendingUnit = sendingUnit.Trim(), TermStart = start, TermEnd = end,
        Note = (note ?? "").Trim(),
    };

    private static IEnumerable<FieldError> CheckTerm(string? unit, DateOnly start, DateOnly? end, DateOnly today, string unitField, string startField,
        string endField)
    {
        if (string.IsNullOrWhiteSpace(unit)) yield return new FieldError(unitField, "请填写派出单位", "Give the sending unit");
        if (start.Year < 2000 || start > today.AddYears(1)) yield return new FieldError(startField, "派驻日期不合理", "The term's start is not plausible");
        if (end is { } e && e <= start) yield return new FieldError(endField, "计划期满日期须晚于派驻日期", "The planned end must be after the start");
        if (end is { } far && far > start.AddYears(10)) yield return new FieldError(endField, "任期不能超过十年", "A term cannot exceed ten years");
    }
}
