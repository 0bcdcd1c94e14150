using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Assistance;

/// <summary>
/// Work teams as governed steps: stationing, members joining and leaving, a rotation that ends the term, takes the members
/// with it and stations the next team while keeping the old one as history; one assessment per member and year, a
/// correction audited; roles outside <see cref="AssistanceRoles.ManageTeams"/> refused with nothing changed.
/// </summary>
public sealed class WorkTeamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Village = "990121001001";
    private static readonly DateTime Now = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);

    private static AccessScope As(Role role, string region, int id) =>
        AccessScope.For(new Account { Id = id, UserName = role.ToString().ToLowerInvariant(), DisplayName = "x", Role = role, RegionCode = region });

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_rotation_ends_the_term_takes_the_members_along_and_keeps_the_history(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "teams")).WithRegionsAsync();
        await using var db = JingzhunDb.Create(database.Target, As(Role.CountyOfficer, "990121000000", 901));

        var first = await WorkTeams.StationAsync(db, new StationInput(Village, "市财政局", new DateOnly(2024, 5, 1), new DateOnly(2026, 5, 1)), Now, Ct);
        Assert.Equal(EditOutcome.Saved, first.Outcome);
        var team = first.Value!;
        var again = await WorkTeams.StationAsync(db, new StationInput(Village, "省交通厅", new DateOnly(2025, 1, 1), null), Now, Ct);
        Assert.Equal(EditOutcome.Invalid, again.Outcome);
        Assert.Equal("VillageCode", Assert.Single(again.Errors).Field);

        var secretary = (await WorkTeams.AddMemberAsync(db, team.Id, new TeamMemberInput("王书记", "市财政局", "13912345678", TeamRole.FirstSecretary, new DateOnly(2024, 5, 1)), Now, Ct)).Value!;
        var member = (await WorkTeams.AddMemberAsync(db, team.Id, new TeamMemberInput("李队员", "市财政局", "", TeamRole.Member, new DateOnly(2024, 6, 1)), Now, Ct)).Value!;
        var second = await WorkTeams.AddMemberAsync(db, team.Id, new TeamMemberInput("赵书记", "市财政局", "", TeamRole.FirstSecretary, new DateOnly(2024, 6, 1)), Now, Ct);
        Assert.Equal("Role", Assert.Single(second.Errors).Field);
        var early = await WorkTeams.LeaveAsync(db, member.Id, new DateOnly(2024, 1, 1), "调回", Now, Ct);
        Assert.Equal("On", Assert.Single(early.Errors).Field);

        var rotated = await WorkTeams.RotateAsync(db, team.Id, new RotationInput(new DateOnly(2026, 5, 1), "任期届满", "省交通厅", new DateOnly(2028, 5, 1)), Now, Ct);
        Assert.Equal(EditOutcome.Saved, rotated.Outcome);
        var next = rotated.Value!;
        Assert.Equal((WorkTeamState.Stationed, new DateOnly(2026, 5, 1)), (next.State, next.TermStart));

        await using var reader = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var area = (await WorkTeams.ForAreaAsync(reader, Village, Now, Ct))!;
        var village = Assert.Single(area.Villages);
        Assert.Equal([next.Id, team.Id], village.Teams.Select(t => t.Team.Id));
        var old = village.Teams[1];
        Assert.Equal((WorkTeamState.Rotated, (DateOnly?)new DateOnly(2026, 5, 1)), (old.Team.State, old.Team.RotatedOn));
        Assert.All(old.Members, m => Assert.Equal((new DateOnly(2026, 5, 1), "任期届满"), (m.Member.LeftOn!.Value, m.Member.LeftReason)));
        Assert.Equal(2, old.Members.Count);
        Assert.Null(village.Stationed!.FirstSecretary);
        Assert.Equal(EditOutcome.Invalid, (await WorkTeams.RotateAsync(db, team.Id, new RotationInput(new DateOnly(2026, 5, 2), "", "x", null), Now, Ct)).Outcome);
        Assert.Equal(EditOutcome.Invalid, (await WorkTeams.AddMemberAsync(db, team.Id, new TeamMemberInput("迟到", "", "", TeamRole.Member, new DateOnly(2026, 5, 1)), Now, Ct)).Outcome);

        // Assessments: one per member and year; a second is a correction of the same row, and the log keeps the old grade.
        Assert.Equal(EditOutcome.Saved, (await WorkTeams.AssessAsync(db, secretary.Id, new AssessmentInput(2025, AssessmentGrade.Competent, "称职"), Now, Ct)).Outcome);
        Assert.Equal(EditOutcome.Saved, (await WorkTeams.AssessAsync(db, secretary.Id, new AssessmentInput(2025, AssessmentGrade.Excellent, "更正：优秀"), Now, Ct)).Outcome);
        Assert.Equal("Year", Assert.Single((await WorkTeams.AssessAsync(db, secretary.Id, new AssessmentInput(2027, AssessmentGrade.Excellent, ""), Now, Ct)).Errors).Field);
        var assessment = await reader.WorkTeamAssessments.SingleAsync(a => a.MemberId == secretary.Id, Ct);
        Assert.Equal((AssessmentGrade.Excellent, "更正：优秀"), (assessment.Grade, assessment.Comment));
        Assert.True(await reader.AuditEntries.AnyAsync(a => a.EntityType == nameof(WorkTeamAssessment) && a.Action == AuditAction.Update, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_role_outside_the_team_table_is_refused_and_nothing_changes(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "teams-refused")).WithRegionsAsync();
        int teamId;
        long memberId;
        await using (var county = JingzhunDb.Create(database.Target, As(Role.CountyOfficer, "990121000000", 901)))
        {
            teamId = (await WorkTeams.StationAsync(county, new StationInput(Village, "市财政局", new DateOnly(2024, 5, 1), null), Now, Ct)).Value!.Id;
            memberId = (await WorkTeams.AddMemberAsync(county, teamId, new TeamMemberInput("王书记", "", "", TeamRole.FirstSecretary, new DateOnly(2024, 5, 1)), Now, Ct)).Value!.Id;
        }
        async Task<string> FingerprintAsync()
        {
            await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            var teams = await db.WorkTeams.OrderBy(t => t.Id).Select(t => new { t.Id, t.State, t.Version }).ToListAsync(Ct);
            var members = await db.WorkTeamMembers.OrderBy(m => m.Id).Select(m => new { m.Id, m.LeftOn, m.Version }).ToListAsync(Ct);
            return string.Join(";", teams) + "|" + string.Join(";", members) + "|" + await db.WorkTeamAssessments.CountAsync(Ct);
        }
        var before = await FingerprintAsync();
        foreach (var scope in new[]
                 {
                     As(Role.VillageClerk, Village, 902), As(Role.WorkTeamMember, Village, 903), As(Role.AssistanceCadre, Village, 904),
                     As(Role.Auditor, "990121000000", 905), As(Role.TownshipOfficer, "990121002000", 906), As(Role.CityOfficer, "990100000000", 907),
                 })
        {
            await using var db = JingzhunDb.Create(database.Target, scope);
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => WorkTeams.StationAsync(db, new StationInput("990121001002", "某局", new DateOnly(2025, 1, 1), null), Now, Ct));
            var outside = scope.Role == Role.TownshipOfficer;
            foreach (var step in new Func<Task<EditOutcome>>[]
                     {
                         async () => (await WorkTeams.AddMemberAsync(db, teamId, new TeamMemberInput("越权", "", "", TeamRole.Member, new DateOnly(2025, 1, 1)), Now, Ct)).Outcome,
                         async () => (await WorkTeams.RotateAsync(db, teamId, new RotationInput(new DateOnly(2026, 1, 1), "", "某局", null), Now, Ct)).Outcome,
                         async () => (await WorkTeams.LeaveAsync(db, memberId, new DateOnly(2026, 1, 1), "越权", Now, Ct)).Outcome,
                         async () => (await WorkTeams.AssessAsync(db, memberId, new AssessmentInput(2025, AssessmentGrade.Incompetent, ""), Now, Ct)).Outcome,
                     })
            {
                // Another township does not find the team; every other role here finds it and is refused.
                if (outside) Assert.Equal(EditOutcome.NotFound, await step());
                else await Assert.ThrowsAsync<WorkflowRefusedException>(step);
            }
        }
        Assert.Equal(before, await FingerprintAsync());
        // The township of the village may.
        await using var township = JingzhunDb.Create(database.Target, As(Role.TownshipOfficer, "990121001000", 908));
        Assert.Equal(EditOutcome.Saved, (await WorkTeams.LeaveAsync(township, memberId, new DateOnly(2026, 1, 1), "调回原单位", Now, Ct)).Outcome);
    }
}
