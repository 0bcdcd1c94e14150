using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Access;

// Assessment: forms — an outside sample (a household found on the spot in the outside village, assigned to the demo assessor
// itself, its visits running) with a photo: every role, the assessor included, gets nothing of it on the form and photo routes.
public abstract partial class AccessMatrixTests
{
    private const string OutsideSampleMarker = "邻村评估样本户";
    private static (long Sample, long Photo) _outsideSample = (1, 1);

    private async Task OutsideAssessmentSampleAsync()
    {
        await using var db = Host.OpenDatabase();
        var existing = await db.SampledHouseholds.Where(s => s.VillageCode == OutsideVillage && s.FoundName == OutsideSampleMarker).Select(s => (long?)s.Id).FirstOrDefaultAsync(Ct);
        if (existing is { } id)
        {
            _outsideSample = (id, await db.SamplePhotos.Where(p => p.SampleId == id).Select(p => p.Id).FirstAsync(Ct));
            return;
        }
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        var assessor = await db.Accounts.Where(a => a.UserName == "assessor").Select(a => a.Id).SingleAsync(Ct);
        var project = new Domain.Assessment.AssessmentProject
        {
            Name = "邻省评估", Year = now.Year, Kind = Domain.Assessment.AssessmentKind.CountyExit, Design = Domain.Assessment.SampleDesign.Stratified,
            State = Domain.Assessment.AssessmentState.Visiting, OrganiserCode = "980000000000", OrganiserPrefix = "98", CreatedBy = "access matrix", CreatedAt = now,
            VisitsStartedAt = now.AddDays(-5),
        };
        db.AssessmentProjects.Add(project);
        await db.SaveChangesAsync(Ct);
        var sample = new Domain.Assessment.SampledHousehold
        {
            ProjectId = project.Id, CountyCode = "980121", Stratum = "980121001000", VillageCode = OutsideVillage, OrganiserPrefix = "98",
            Phase = Domain.Assessment.SamplePhase.Visiting, Frame = Domain.Assessment.SampleFrame.Unregistered, FoundName = OutsideSampleMarker, DrawOrder = 1,
            Weight = 1m, AssessorAccountId = assessor, AssignedAt = now,
        };
        db.SampledHouseholds.Add(sample);
        await db.SaveChangesAsync(Ct);
        var photo = new Domain.Assessment.SamplePhoto
        {
            SampleId = sample.Id, Sample = sample, VillageCode = OutsideVillage, Content = Assistance.Images.Png(20, 20), Thumbnail = Assistance.Images.Png(10, 10),
            Width = 20, Height = 20, Sha256 = "access-matrix", UploadedBy = "access matrix",
        };
        db.SamplePhotos.Add(photo);
        await db.SaveChangesAsync(Ct);
        _outsideSample = (sample.Id, photo.Id);
    }

    /// <summary>The form and photo routes take the outside sample's and photo's ids in their {id}.</summary>
    private static string FillAssessmentForms(string url) =>
        url.Contains("/assessment/samples/{id", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(url, "\\{id(:[^}]*)?\\}", _outsideSample.Sample.ToString())
            : url.Contains("/assessment/photos/{id", StringComparison.Ordinal)
                ? System.Text.RegularExpressions.Regex.Replace(url, "\\{id(:[^}]*)?\\}", _outsideSample.Photo.ToString())
                : url;

    private static async Task<string> AssessmentFormsFingerprintAsync(Data.Database.JingzhunDbContext db) =>
        string.Join(";", await db.SampledHouseholds.OrderBy(s => s.Id).Select(s => new { s.Id, s.Version, s.RecordedAt }).ToListAsync(Ct))
        + "/" + await db.SamplePhotos.CountAsync(Ct);
}
