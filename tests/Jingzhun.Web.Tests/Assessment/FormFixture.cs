using Jingzhun.Data.Access;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Assessment;

/// <summary>
/// Samples for the forms' web tests, written directly by system work on the host's database (the sampling part draws them in
/// the product): a new project of the demo province whose visits run, with the demo assessor's households on both frames,
/// one assigned to a second assessor, one still drawn and one of a closed project. Each call makes new rows.
/// </summary>
public sealed record FormSamples(long Project, long Exited, long Unregistered, long OtherAssessors, long Drawn, long Closed, string Village, int Year)
{
    public const string OtherAssessor = "assessor-b";

    public static async Task<FormSamples> CreateAsync(ApiHost host, CancellationToken ct)
    {
        await using var db = host.OpenDatabase();
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var started = now.Date.AddDays(-10);
        var assessor = await db.Accounts.SingleAsync(a => a.UserName == "assessor", ct);
        var other = await db.Accounts.SingleOrDefaultAsync(a => a.UserName == OtherAssessor, ct);
        if (other is null)
        {
            other = new Account { UserName = OtherAssessor, DisplayName = "评估人员乙", Role = Role.Assessor, RegionCode = "990121000000", CreatedAt = now };
            Passwords.Set(other, DemoAccounts.Password);
            db.Accounts.Add(other);
            await db.SaveChangesAsync(ct);
        }
        var assigned = await db.Assignments.Where(a => a.AccountId == assessor.Id && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null)
            .OrderBy(a => a.HouseholdId).Select(a => new { a.HouseholdId, a.VillageCode }).Take(4).ToListAsync(ct);
        AssessmentProject Project(string name, AssessmentState state) => new()
        {
            Name = name, Year = now.Year, Kind = AssessmentKind.CountyExit, Design = SampleDesign.Stratified, State = state, OrganiserCode = "990000000000",
            OrganiserPrefix = "99", Seed = 17, CreatedBy = "test", CreatedAt = started, SampledAt = started, VisitsStartedAt = started,
            ClosedAt = state == AssessmentState.Closed ? started : null,
        };
        var project = Project($"{now.Year}年示例县退出评估", AssessmentState.Visiting);
        var closed = Project("已结束的评估", AssessmentState.Closed);
        db.AssessmentProjects.AddRange(project, closed);
        await db.SaveChangesAsync(ct);
        SampledHousehold Row(AssessmentProject p, SamplePhase phase, SampleFrame frame, long? household, string village, int assessorId, int order) => new()
        {
            ProjectId = p.Id, CountyCode = "990121", Stratum = village[..9] + "000", VillageCode = village, OrganiserPrefix = "99", Phase = phase, Frame = frame,
            HouseholdId = household, FoundName = household is null ? "未建档户李四" : null, DrawOrder = order, Weight = 10m, AssessorAccountId = assessorId, AssignedAt = started,
        };
        var rows = new[]
        {
            Row(project, SamplePhase.Visiting, SampleFrame.Exited, assigned[0].HouseholdId, assigned[0].VillageCode, assessor.Id, 1),
            Row(project, SamplePhase.Visiting, SampleFrame.Unregistered, null, assigned[0].VillageCode, assessor.Id, 1),
            Row(project, SamplePhase.Visiting, SampleFrame.Exited, assigned[1].HouseholdId, assigned[1].VillageCode, other.Id, 2),
            Row(project, SamplePhase.Drawn, SampleFrame.Exited, assigned[2].HouseholdId, assigned[2].VillageCode, assessor.Id, 3),
            Row(closed, SamplePhase.Closed, SampleFrame.Exited, assigned[3].HouseholdId, assigned[3].VillageCode, assessor.Id, 1),
        };
        db.SampledHouseholds.AddRange(rows);
        await db.SaveChangesAsync(ct);
        return new FormSamples(project.Id, rows[0].Id, rows[1].Id, rows[2].Id, rows[3].Id, rows[4].Id, assigned[0].VillageCode, now.Year);
    }

    /// <summary>A valid form as the JSON API takes it.</summary>
    public static object Body(ApiHost host, decimal income = 9000m, Guid? clientId = null, bool recognition = true, bool water = true) => new
    {
        clientId = clientId ?? Guid.NewGuid(), visitedOn = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"), perCapitaIncome = income,
        foodAndClothing = true, education = true, medical = true, housing = true, water, recognition = recognition ? "Recognises" : null, notes = "户主在家",
    };

    /// <summary>The stored forms and photos of every sample: what a refused call must leave as it was.</summary>
    public static async Task<string> FormsAsync(ApiHost host, CancellationToken ct)
    {
        await using var db = host.OpenDatabase();
        var rows = await db.SampledHouseholds.AsNoTracking().OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.PerCapitaIncome, s.Finding, s.RecordedAt, s.ClientId, s.Version }).ToListAsync(ct);
        return string.Join(";", rows) + "|" + await db.SamplePhotos.CountAsync(ct);
    }
}
