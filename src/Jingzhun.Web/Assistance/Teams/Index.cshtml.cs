using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Assistance.Teams;

/// <summary>
/// The work teams of an area (驻村工作队与第一书记): each poor village and each village that has or had a team, with its
/// stationed team, members, assessments and past teams. A village's page carries the forms (add a member, rotate, a member
/// leaves, assess) and an area's page the form to station a team in a poor village without one — shown only to the roles of
/// <see cref="AssistanceRoles.ManageTeams"/> inside their region, the same check the steps make (<see cref="WorkTeams.MayManage"/>).
/// </summary>
public sealed class IndexModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : PageModel
{
    public AreaTeams Area { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public string? Saved { get; private set; }

    public bool IsVillage => Area.Level == RegionLevel.Village;

    public bool MayManage(string villageCode) => WorkTeams.MayManage(db, villageCode);

    /// <summary>Phones whole for those who manage the village's teams, masked for other readers.</summary>
    public string Phone(WorkTeamMember m) => MayManage(m.VillageCode) ? m.Phone : Masking.Phone(m.Phone);

    /// <summary>Villages where a team may be stationed from this page: this village, or the area's poor villages without a team.</summary>
    public IEnumerable<VillageTeams> Stationable => Area.Villages.Where(v => v.Stationed is null && (IsVillage || v.IsPoorVillage) && MayManage(v.Code));

    public async Task<IActionResult> OnGetAsync(string regionCode, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct)) return NotFound();
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostStationAsync(string regionCode, string? villageCode, string? sendingUnit, DateOnly? termStart, DateOnly? termEnd,
        string? note, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct)) return NotFound();
        if (termStart is null) return await Invalid(regionCode, "termStart", "请填写派驻日期", "Give the term's start", ct);
        var result = await WorkTeams.StationAsync(db, new StationInput(villageCode ?? "", sendingUnit ?? "", termStart.Value, termEnd, note ?? ""), Now, ct);
        return await Outcome(regionCode, result.Outcome, result.Errors, "station", ct);
    }

    public async Task<IActionResult> OnPostMemberAsync(string regionCode, int teamId, string? name, string? unit, string? phone, TeamRole? role, DateOnly? joinedOn,
        CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct) || await TeamHereAsync(teamId, ct) is null) return NotFound();
        if (role is null || joinedOn is null) return await Invalid(regionCode, "member", "请选择角色并填写入队日期", "Choose the role and give the day they joined", ct);
        var result = await WorkTeams.AddMemberAsync(db, teamId, new TeamMemberInput(name ?? "", unit ?? "", phone ?? "", role.Value, joinedOn.Value), Now, ct);
        return await Outcome(regionCode, result.Outcome, result.Errors, "member", ct);
    }

    public async Task<IActionResult> OnPostRotateAsync(string regionCode, int teamId, DateOnly? on, string? reason, string? nextSendingUnit, DateOnly? nextTermEnd,
        CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct) || await TeamHereAsync(teamId, ct) is null) return NotFound();
        if (on is null) return await Invalid(regionCode, "on", "请填写轮换日期", "Give the rotation date", ct);
        var result = await WorkTeams.RotateAsync(db, teamId, new RotationInput(on.Value, reason ?? "", nextSendingUnit ?? "", nextTermEnd), Now, ct);
        return await Outcome(regionCode, result.Outcome, result.Errors, "rotate", ct);
    }

    public async Task<IActionResult> OnPostLeaveAsync(string regionCode, long memberId, DateOnly? on, string? reason, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct) || await MemberHereAsync(memberId, ct) is null) return NotFound();
        if (on is null) return await Invalid(regionCode, "on", "请填写离队日期", "Give the day they left", ct);
        var result = await WorkTeams.LeaveAsync(db, memberId, on.Value, reason ?? "", Now, ct);
        return await Outcome(regionCode, result.Outcome, result.Errors, "leave", ct);
    }

    public async Task<IActionResult> OnPostAssessAsync(string regionCode, long memberId, int? year, AssessmentGrade? grade, string? comment, CancellationToken ct)
    {
        if (!await LoadAsync(regionCode, ct) || await MemberHereAsync(memberId, ct) is null) return NotFound();
        if (year is null || grade is null) return await Invalid(regionCode, "assess", "请填写年度并选择等次", "Give the year and choose a grade", ct);
        var result = await WorkTeams.AssessAsync(db, memberId, new AssessmentInput(year.Value, grade.Value, comment ?? ""), Now, ct);
        return await Outcome(regionCode, result.Outcome, result.Errors, "assess", ct);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<bool> LoadAsync(string regionCode, CancellationToken ct)
    {
        var area = await WorkTeams.ForAreaAsync(db, regionCode, Now, ct);
        if (area is null) return false;
        Area = area;
        Today = DateOnly.FromDateTime(Now);
        return true;
    }

    /// <summary>The team, if it lies inside this page's area (a form posts to the page of the team's own area).</summary>
    private async Task<WorkTeam?> TeamHereAsync(int teamId, CancellationToken ct) =>
        await WorkTeams.FindTeamAsync(db, teamId, ct) is { } t && RegionCode.Parse(Area.Code).Contains(RegionCode.Parse(t.VillageCode)) ? t : null;

    private async Task<WorkTeamMember?> MemberHereAsync(long memberId, CancellationToken ct) =>
        await WorkTeams.FindMemberAsync(db, memberId, ct) is { } m && RegionCode.Parse(Area.Code).Contains(RegionCode.Parse(m.VillageCode)) ? m : null;

    private async Task<IActionResult> Outcome(string regionCode, EditOutcome outcome, IReadOnlyList<FieldError> errors, string what, CancellationToken ct)
    {
        if (outcome == EditOutcome.NotFound) return NotFound();
        if (outcome == EditOutcome.Saved) return Redirect($"/assistance/teams/{Area.Code}?saved={what}");
        foreach (var e in errors) ModelState.AddModelError(e.Field, e.Message(lang.English));
        await LoadAsync(regionCode, ct);
        return Page();
    }

    private async Task<IActionResult> Invalid(string regionCode, string field, string zh, string en, CancellationToken ct)
    {
        ModelState.AddModelError(field, lang.T(zh, en));
        await LoadAsync(regionCode, ct);
        return Page();
    }
}
