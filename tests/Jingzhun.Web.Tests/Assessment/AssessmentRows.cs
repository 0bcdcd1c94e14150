using Jingzhun.Data.Database;
using Jingzhun.Domain.Assessment;

namespace Jingzhun.Web.Tests.Assessment;

/// <summary>
/// A county-exit assessment written straight into the database (as the sampling and forms steps would leave it): two-stage
/// design, the given villages as PSUs (their township the stratum), <paramref name="perVillage"/> recorded exited households
/// (weight 20) and two recorded unregistered households (weight 30) in each village, all recognising their exit; the first
/// <paramref name="wrongExits"/> exited households judged exited wrongly.
/// </summary>
internal static class AssessmentRows
{
    public static async Task<long> AddAsync(JingzhunDbContext db, string countyCode, IReadOnlyList<string> villages, int wrongExits,
        AssessmentState state, DateTime now, int perVillage = 5, string name = "退出专项评估检查", string organiserPrefix = "", CancellationToken ct = default)
    {
        var project = new AssessmentProject
        {
            Name = name, Year = 2025, Kind = AssessmentKind.CountyExit, Design = SampleDesign.TwoStageCluster, State = state,
            OrganiserCode = organiserPrefix.PadRight(12, '0'), OrganiserPrefix = organiserPrefix, Seed = 1, CreatedBy = "nation", CreatedAt = now.AddDays(-30),
            SampledAt = now.AddDays(-29), VisitsStartedAt = state >= AssessmentState.Visiting ? now.AddDays(-20) : null,
            ClosedAt = state == AssessmentState.Closed ? now.AddDays(-1) : null, ClosedReason = state == AssessmentState.Closed ? "核查完成" : null,
        };
        project.Counties.Add(new AssessmentCounty
        {
            CountyCode = countyCode[..6], ExitedFrame = 100 * villages.Count, VillageFrame = 2 * villages.Count, VillagesDrawn = villages.Count,
            SampleSize = perVillage * villages.Count,
        });
        db.AssessmentProjects.Add(project);
        await db.SaveChangesAsync(ct);
        var phase = state switch { AssessmentState.Closed => SamplePhase.Closed, AssessmentState.Visiting => SamplePhase.Visiting, _ => SamplePhase.Drawn };
        var order = 0;
        var wrong = wrongExits;
        var recorded = state >= AssessmentState.Visiting;
        foreach (var village in villages)
        {
            SampledHousehold Row(SampleFrame frame, decimal weight) => new()
            {
                ProjectId = project.Id, CountyCode = countyCode[..6], Stratum = village[..9] + "000", VillageCode = village, OrganiserPrefix = organiserPrefix,
                Phase = phase, Frame = frame, FoundName = $"户{++order}", DrawOrder = order, Weight = weight,
                RecordedAt = recorded ? now.AddDays(-5) : null, RecordedBy = recorded ? "assessor" : null,
            };
            for (var h = 0; h < perVillage; h++)
            {
                var row = Row(SampleFrame.Exited, 20m);
                if (recorded) { row.Finding = wrong-- > 0; row.Recognition = ExitRecognition.Recognises; }
                db.SampledHouseholds.Add(row);
            }
            for (var h = 0; h < 2; h++)
            {
                var row = Row(SampleFrame.Unregistered, 30m);
                if (recorded) row.Finding = false;
                db.SampledHouseholds.Add(row);
            }
        }
        await db.SaveChangesAsync(ct);
        return project.Id;
    }
}
