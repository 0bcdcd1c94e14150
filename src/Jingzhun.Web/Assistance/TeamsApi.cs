using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jingzhun.Web.Assistance;

/// <summary>
/// The Teams endpoints of the assistance API (mapped by <see cref="AssistanceApi"/>): village work teams and first
/// secretaries (驻村工作队、第一书记) and the coverage report (帮扶覆盖情况). Every write is a governed step of
/// <see cref="WorkTeams"/>: a role outside <see cref="AssistanceRoles.ManageTeams"/> answers 403, a team or member outside
/// the reader's region 404, a step that cannot be taken 422 with the fields named.
/// </summary>
public static class TeamsApi
{
    public static void MapTeamsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assistance").WithTags("Assistance 精准帮扶");
        api.MapGet("/teams/{regionCode}", Teams)
            .WithSummary("The work teams of an area's villages (every poor village, and every village that has or had a team), with members, rotations and assessments 驻村工作队");
        api.MapPost("/teams", Station).WithSummary("Station a work team in a village that has none stationed 派驻工作队");
        api.MapPost("/teams/{teamId:int}/members", AddMember).WithSummary("A member joins a stationed team (第一书记, 队长 or 队员)");
        api.MapPost("/teams/{teamId:int}/rotate", Rotate)
            .WithSummary("Rotate a team: its term ends on the date, its members leave with it, the next team is stationed from that date 轮换");
        api.MapPost("/team-members/{memberId:long}/leave", Leave).WithSummary("A team member leaves, with the date and reason 离队");
        api.MapPost("/team-members/{memberId:long}/assessments", Assess)
            .WithSummary("A member's assessment for a year; a second for the same year corrects the first (audited) 年度考核");
        api.MapGet("/coverage/{regionCode}", CoverageReport)
            .WithSummary("The coverage report of an area: poor villages without a team or first secretary, households without a cadre or a plan, cadres over the caseload limit, with counts, rates and the children's; ?rows= rows per list (default 200) 帮扶覆盖情况");
    }

    public sealed record StationRequest([property: TextLimit(12)] string? VillageCode, [property: TextLimit(100)] string? SendingUnit, DateOnly? TermStart,
        DateOnly? TermEnd, [property: TextLimit(500, Lines = true)] string? Note);

    /// <summary>A member joining: <c>teamRole</c> is FirstSecretary (第一书记), Leader (队长) or Member (队员).</summary>
    public sealed record MemberRequest([property: TextLimit(50)] string? Name, [property: TextLimit(100)] string? Unit, [property: TextLimit(20)] string? Phone,
        TeamRole? TeamRole, DateOnly? JoinedOn);

    public sealed record RotateRequest(DateOnly? On, [property: TextLimit(200)] string? Reason, [property: TextLimit(100)] string? NextSendingUnit,
        DateOnly? NextTermEnd, [property: TextLimit(500, Lines = true)] string? Note);

    public sealed record LeaveRequest(DateOnly? On, [property: TextLimit(200)] string? Reason);

    public sealed record AssessRequest(int? Year, AssessmentGrade? Grade, [property: TextLimit(500, Lines = true)] string? Comment);

    public sealed record AssessmentView(long Id, long MemberId, int Year, AssessmentGrade Grade, string Comment, string AssessedBy, DateTime AssessedAt);

    public sealed record MemberView(long Id, int TeamId, string VillageCode, string Name, string Unit, string Phone, TeamRole Role, DateOnly JoinedOn,
        DateOnly? LeftOn, string LeftReason, IReadOnlyList<AssessmentView> Assessments);

    public sealed record TeamJson(int Id, string VillageCode, string SendingUnit, DateOnly TermStart, DateOnly? TermEnd, WorkTeamState State,
        DateOnly? RotatedOn, string Note, IReadOnlyList<MemberView> Members);

    public sealed record VillageJson(string Code, string Name, bool IsPoorVillage, int? StationedTeamId, string? FirstSecretary, IReadOnlyList<TeamJson> Teams);

    public sealed record AreaTeamsJson(string Code, string Name, RegionLevel Level, IReadOnlyList<VillageJson> Villages);

    public sealed record FigureJson(CoverageList List, int Total, int Covered, int Uncovered, double? Rate);

    public sealed record CoverageAreaJson(string Code, string Name, RegionLevel Level, IReadOnlyList<FigureJson> Figures);

    public sealed record CoverageJson(CoverageAreaJson Area, IReadOnlyList<CoverageAreaJson> Children, IReadOnlyList<UncoveredVillage> VillagesWithoutTeam,
        IReadOnlyList<UncoveredVillage> VillagesWithoutFirstSecretary, IReadOnlyList<UncoveredHousehold> HouseholdsWithoutCadre,
        IReadOnlyList<UncoveredHousehold> HouseholdsWithoutPlan, IReadOnlyList<OverloadedCadre> CadresOverLimit, int RowLimit);

    private static async Task<Results<Ok<AreaTeamsJson>, NotFound>> Teams(JingzhunDbContext db, TimeProvider clock, string regionCode, CancellationToken ct)
    {
        var area = await WorkTeams.ForAreaAsync(db, regionCode, clock.GetUtcNow().UtcDateTime, ct);
        if (area is null) return TypedResults.NotFound();
        return TypedResults.Ok(new AreaTeamsJson(area.Code, area.Name, area.Level, [.. area.Villages.Select(v => new VillageJson(v.Code, v.Name, v.IsPoorVillage,
            v.Stationed?.Team.Id, v.Stationed?.FirstSecretary?.Member.Name, [.. v.Teams.Select(t => Team(db, t))]))]));
    }

    private static async Task<Results<Created<TeamJson>, NotFound, ValidationProblem>> Station(JingzhunDbContext db, TimeProvider clock, Lang lang,
        StationRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.VillageCode)) return Problem("villageCode", lang.T("请选择行政村", "villageCode is required"), lang);
        if (request.TermStart is not { } start) return Problem("termStart", lang.T("请填写派驻日期", "termStart is required"), lang);
        var result = await WorkTeams.StationAsync(db, new StationInput(request.VillageCode, request.SendingUnit ?? "", start, request.TermEnd, request.Note ?? ""),
            clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.Saved => TypedResults.Created($"/api/assistance/teams/{result.Value!.VillageCode}", Team(db, new TeamView(result.Value, []))),
            EditOutcome.NotFound => TypedResults.NotFound(),
            _ => Problem(result.Errors, lang),
        };
    }

    private static async Task<Results<Created<MemberView>, NotFound, ValidationProblem>> AddMember(JingzhunDbContext db, TimeProvider clock, Lang lang,
        int teamId, MemberRequest request, CancellationToken ct)
    {
        if (await WorkTeams.FindTeamAsync(db, teamId, ct) is null) return TypedResults.NotFound();
        if (string.IsNullOrWhiteSpace(request.Name)) return Problem("name", lang.T("请填写姓名", "name is required"), lang);
        if (request.TeamRole is not { } role) return Problem("teamRole", lang.T("请选择第一书记、队长或队员", "teamRole is required"), lang);
        if (request.JoinedOn is not { } joined) return Problem("joinedOn", lang.T("请填写入队日期", "joinedOn is required"), lang);
        var result = await WorkTeams.AddMemberAsync(db, teamId, new TeamMemberInput(request.Name, request.Unit ?? "", request.Phone ?? "", role, joined),
            clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.Saved => TypedResults.Created($"/api/assistance/teams/{result.Value!.VillageCode}", Member(db, new TeamMemberView(result.Value, []))),
            EditOutcome.NotFound => TypedResults.NotFound(),
            _ => Problem(result.Errors, lang),
        };
    }

    private static async Task<Results<Created<TeamJson>, NotFound, ValidationProblem>> Rotate(JingzhunDbContext db, TimeProvider clock, Lang lang,
        int teamId, RotateRequest request, CancellationToken ct)
    {
        if (await WorkTeams.FindTeamAsync(db, teamId, ct) is null) return TypedResults.NotFound();
        if (request.On is not { } on) return Problem("on", lang.T("请填写轮换日期", "on is required"), lang);
        if (string.IsNullOrWhiteSpace(request.NextSendingUnit)) return Problem("nextSendingUnit", lang.T("请填写新一届的派出单位", "nextSendingUnit is required"), lang);
        var result = await WorkTeams.RotateAsync(db, teamId, new RotationInput(on, request.Reason ?? "", request.NextSendingUnit, request.NextTermEnd, request.Note ?? ""),
            clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.Saved => TypedResults.Created($"/api/assistance/teams/{result.Value!.VillageCode}", Team(db, new TeamView(result.Value, []))),
            EditOutcome.NotFound => TypedResults.NotFound(),
            _ => Problem(result.Errors, lang),
        };
    }

    private static async Task<Results<Ok<MemberView>, NotFound, ValidationProblem>> Leave(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long memberId, LeaveRequest request, CancellationToken ct)
    {
        if (await WorkTeams.FindMemberAsync(db, memberId, ct) is null) return TypedResults.NotFound();
        if (request.On is not { } on) return Problem("on", lang.T("请填写离队日期", "on is required"), lang);
        if (string.IsNullOrWhiteSpace(request.Reason)) return Problem("reason", lang.T("请填写离队原因", "reason is required"), lang);
        var result = await WorkTeams.LeaveAsync(db, memberId, on, request.Reason, clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.Saved => TypedResults.Ok(Member(db, new TeamMemberView(result.Value!, []))),
            EditOutcome.NotFound => TypedResults.NotFound(),
            _ => Problem(result.Errors, lang),
        };
    }

    private static async Task<Results<Ok<AssessmentView>, NotFound, ValidationProblem>> Assess(JingzhunDbContext db, TimeProvider clock, Lang lang,
        long memberId, AssessRequest request, CancellationToken ct)
    {
        if (await WorkTeams.FindMemberAsync(db, memberId, ct) is null) return TypedResults.NotFound();
        if (request.Year is not { } year) return Problem("year", lang.T("请填写考核年度", "year is required"), lang);
        if (request.Grade is not { } grade) return Problem("grade", lang.T("请选择考核等次", "grade is required"), lang);
        var result = await WorkTeams.AssessAsync(db, memberId, new AssessmentInput(year, grade, request.Comment ?? ""), clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.Saved => TypedResults.Ok(Assessment(result.Value!)),
            EditOutcome.NotFound => TypedResults.NotFound(),
            _ => Problem(result.Errors, lang),
        };
    }

    private static async Task<Results<Ok<CoverageJson>, NotFound, BadRequest<string>>> CoverageReport(JingzhunDbContext db, TimeProvider clock, string regionCode,
        int? rows, CancellationToken ct)
    {
        if (rows is < 0 or > 10_000) return TypedResults.BadRequest("rows: 0–10000");
        var report = await global::Jingzhun.Data.Assistance.Coverage.ForAsync(db, regionCode, clock.GetUtcNow().UtcDateTime, rows ?? global::Jingzhun.Data.Assistance.Coverage.DefaultRows, ct);
        if (report is null) return TypedResults.NotFound();
        return TypedResults.Ok(new CoverageJson(Area(report.Area), [.. report.Children.Select(Area)], report.VillagesWithoutTeam,
            report.VillagesWithoutFirstSecretary, report.HouseholdsWithoutCadre, report.HouseholdsWithoutPlan, report.CadresOverLimit, report.RowLimit));
    }

    private static CoverageAreaJson Area(CoverageArea a) => new(a.Code, a.Name, a.Level,
        [.. global::Jingzhun.Data.Assistance.Coverage.Lists.Select(l => { var f = a[l]; return new FigureJson(l, f.Total, f.Covered, f.Uncovered, f.Rate); })]);

    private static TeamJson Team(JingzhunDbContext db, TeamView t) => new(t.Team.Id, t.Team.VillageCode, t.Team.SendingUnit, t.Team.TermStart, t.Team.TermEnd,
        t.Team.State, t.Team.RotatedOn, t.Team.Note, [.. t.Members.Select(m => Member(db, m))]);

    /// <summary>A member's phone is shown whole to those who manage the village's teams, masked to other readers.</summary>
    private static MemberView Member(JingzhunDbContext db, TeamMemberView m) => new(m.Member.Id, m.Member.TeamId, m.Member.VillageCode, m.Member.Name, m.Member.Unit,
        WorkTeams.MayManage(db, m.Member.VillageCode) ? m.Member.Phone : Masking.Phone(m.Member.Phone), m.Member.Role, m.Member.JoinedOn, m.Member.LeftOn,
        m.Member.LeftReason, [.. m.Assessments.Select(Assessment)]);

    private static AssessmentView Assessment(WorkTeamAssessment a) => new(a.Id, a.MemberId, a.Year, a.Grade, a.Comment, a.AssessedBy, a.AssessedAt);

    private static ValidationProblem Problem(string field, string message, Lang lang) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: lang.T("输入有误", "Some fields are not valid"));

    private static ValidationProblem Problem(IEnumerable<FieldError> errors, Lang lang) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field == "Role" ? "teamRole" : char.ToLowerInvariant(e.Field[0]) + e.Field[1..]).ToDictionary(g => g.Key, g => g.Select(e => e.Message(lang.English)).ToArray()),
            title: lang.T("输入有误", "Some fields are not valid"));
}
