using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Assessment;

/// <summary>
/// The demo county's assessments: this year's county-exit assessment under way with the demo assessor's sample (its rows
/// are exactly its active assignments), last year's closed survey with every form recorded and its assignments ended, forms
/// judged by the rule set of their year, weights that add up to the frames, and findings in every state, each where it
/// belongs; the same for the same seed.
/// </summary>
public abstract class DemoAssessmentTests(DatabaseProvider provider) : IDisposable
{
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly int CurrentYear = new DemoOptions().CurrentYear;
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_demo_has_a_county_exit_assessment_under_way_and_a_closed_survey_of_last_year()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "demo-assessment")).WithDemoAsync(1_000, 7);
        await using (var accounts = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await DemoAccounts.EnsureAsync(accounts, Now, Ct);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var keys = DemoAssessmentGenerator.Planted(CurrentYear);

        var projects = await db.AssessmentProjects.Include(p => p.Counties).ToListAsync(Ct);
        Assert.Equal(2, projects.Count);
        var current = projects.Single(p => p.Name == keys.CurrentProject);
        Assert.Equal((CurrentYear, AssessmentKind.CountyExit, SampleDesign.TwoStageCluster, AssessmentState.Visiting, "990000000000", "99"),
            (current.Year, current.Kind, current.Design, current.State, current.OrganiserCode, current.OrganiserPrefix));
        var closed = projects.Single(p => p.Name == keys.ClosedProject);
        Assert.Equal((CurrentYear - 1, AssessmentKind.Annual, AssessmentState.Closed), (closed.Year, closed.Kind, closed.State));
        Assert.NotNull(closed.ClosedAt);
        Assert.Equal(DemoGenerator.CountyPrefix, Assert.Single(current.Counties).CountyCode);

        var samples = await db.SampledHouseholds.Include(s => s.Household).ToListAsync(Ct);
        var now = samples.Where(s => s.ProjectId == current.Id).ToList();
        var last = samples.Where(s => s.ProjectId == closed.Id).ToList();
        Assert.All(now, s => Assert.Equal(SamplePhase.Visiting, s.Phase));
        Assert.All(last, s => Assert.Equal(SamplePhase.Closed, s.Phase));
        // Frames: exited households for the wrong-exit rate, unregistered (not poor) ones of the same villages for the missed rate.
        Assert.All(now.Where(s => s.Frame == SampleFrame.Exited), s => Assert.Equal(HouseholdStatus.Exited, s.Household!.Status));
        Assert.All(now.Where(s => s.Frame == SampleFrame.Unregistered), s => Assert.Equal(HouseholdStatus.NotPoor, s.Household!.Status));
        var drawnVillages = now.Where(s => s.Frame == SampleFrame.Exited).Select(s => s.VillageCode).ToHashSet();
        Assert.InRange(drawnVillages.Count, 2, 10);
        Assert.All(now, s => Assert.Contains(s.VillageCode, drawnVillages));
        // Strata: the county for the villages drawn county-wide, the townships for last year's stratified draw.
        Assert.All(now, s => Assert.Equal(DemoGenerator.CountyCode, s.Stratum));
        Assert.All(last, s => Assert.Equal(s.VillageCode[..9] + "000", s.Stratum));
        Assert.Equal(current.Counties[0].VillagesDrawn, drawnVillages.Count);

        // About half this year's forms recorded, every one of last year's; one wrong exit this year.
        var recorded = now.Count(s => s.Recorded);
        Assert.InRange(recorded, now.Count / 2 - 1, now.Count / 2 + 1);
        Assert.Single(now, s => s.Frame == SampleFrame.Exited && s.Finding == true);
        Assert.All(last, s => Assert.True(s.Recorded));
        Assert.Contains(last, s => s.Frame == SampleFrame.Exited && s.Finding == true);
        foreach (var form in samples.Where(s => s.Recorded))
        {
            // Judged as the contract says, with the poverty line of the project's year.
            var line = (await RuleBook.ForAsync(db, DemoGenerator.CountyCode, projects.Single(p => p.Id == form.ProjectId).Year, Ct)).PovertyLine;
            var expected = form.Frame == SampleFrame.Exited
                ? form.PerCapitaIncome <= line || new[] { form.FoodAndClothing, form.Education, form.Medical, form.Housing, form.Water }.Any(g => g == false)
                : form.PerCapitaIncome < line;
            Assert.Equal(expected, form.Finding);
            Assert.Contains($"{line:0}", form.FindingTrace);
            Assert.Equal("assessor", form.RecordedBy);
            Assert.NotNull(form.VisitedOn);
            Assert.Equal(form.Frame == SampleFrame.Exited, form.Recognition is not null);
        }
    }

    [Fact]
    public async Task The_assessor_reads_exactly_its_active_assignments_and_weights_add_up_to_the_frames()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "demo-assessor")).WithDemoAsync(1_000, 7);
        await using (var accounts = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await DemoAccounts.EnsureAsync(accounts, Now, Ct);
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var account = await system.Accounts.AsNoTracking().SingleAsync(a => a.UserName == "assessor", Ct);
        var projects = await system.AssessmentProjects.Include(p => p.Counties).ToListAsync(Ct);
        var current = projects.Single(p => p.State == AssessmentState.Visiting);
        var closed = projects.Single(p => p.State == AssessmentState.Closed);
        var assignments = await system.Assignments.Where(a => a.AccountId == account.Id).ToListAsync(Ct);
        Assert.All(assignments, a => Assert.Equal(AssignmentKind.AssessmentSample, a.Kind));
        var active = assignments.Where(a => a.EndedAt is null).Select(a => a.HouseholdId).Order().ToList();
        Assert.NotEmpty(active);
        Assert.All(assignments.Where(a => a.EndedAt is not null), a => Assert.Equal(closed.ClosedAt, a.EndedAt));

        await using (var assessor = JingzhunDb.Create(database.Target, AccessScope.For(account)))
        {
            var rows = await assessor.SampledHouseholds.ToListAsync(Ct);
            Assert.All(rows, r => Assert.Equal(current.Id, r.ProjectId));
            Assert.Equal(active, rows.Select(r => r.HouseholdId!.Value).Order().ToList());
            // The registry households it reads are its sample and nothing else.
            Assert.Equal(active, (await assessor.Households.Select(h => h.Id).ToListAsync(Ct)).Order().ToList());
        }

        // Two-stage weights (K/k)(M/m): the exited rows stand for the villages' exited households times K/k, so their sum is
        // near the frame; a stratified sample's weights add up to the frame exactly.
        var samples = await system.SampledHouseholds.AsNoTracking().ToListAsync(Ct);
        var exitedNow = samples.Where(s => s.ProjectId == current.Id && s.Frame == SampleFrame.Exited).ToList();
        var frame = current.Counties[0].ExitedFrame;
        Assert.Equal(await system.Households.CountAsync(h => h.Status == HouseholdStatus.Exited, Ct), frame);
        Assert.All(samples, s => Assert.True(s.Weight >= 1));
        Assert.InRange(exitedNow.Sum(s => s.Weight), frame * 0.4m, frame * 2.5m);
        var exitedLast = samples.Where(s => s.ProjectId == closed.Id && s.Frame == SampleFrame.Exited).ToList();
        Assert.InRange(exitedLast.Sum(s => s.Weight), closed.Counties[0].ExitedFrame - 0.01m, closed.Counties[0].ExitedFrame + 0.01m);
        // Within a drawn village every exited row carries the same weight (equal chances inside a cluster).
        Assert.All(exitedNow.GroupBy(s => s.VillageCode), g => Assert.Single(g.Select(s => s.Weight).Distinct()));
    }

    [Fact]
    public async Task The_findings_are_in_every_state_and_hold_on_the_demos_day()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "demo-findings")).WithDemoAsync(300, 7);
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var keys = DemoAssessmentGenerator.Planted(CurrentYear);
        var findings = await db.Findings.Include(f => f.Subjects).Include(f => f.Rectifications).ToListAsync(Ct);
        Assert.InRange(findings.Count, 4, 6);
        Assert.All(findings, f => Assert.Matches($"^ZG{CurrentYear}990121-\\d{{4}}$", f.Number));
        Assert.All(findings, f => Assert.Contains(f.RaisedByCode, new[] { DemoGenerator.CountyCode, DemoGenerator.CityCode }));
        Assert.True(findings.Select(f => f.Source).Distinct().Count() >= 4);
        Assert.True(findings.Select(f => f.Severity).Distinct().Count() >= 2);
        Finding F(string number) => findings.Single(f => f.Number == number);

        var overdue = F(keys.Overdue);
        Assert.Equal(FindingState.Open, overdue.State);
        Assert.True(overdue.IsOverdue(keys.AsOf));
        Assert.Single(findings, f => f.IsOverdue(keys.AsOf));
        var open = F(keys.OpenInTime);
        Assert.Equal(FindingState.Open, open.State);
        Assert.True(open.Deadline >= keys.AsOf);

        var signedOff = F(keys.SignedOff);
        Assert.Equal(FindingState.SignedOff, signedOff.State);
        var rectification = Assert.Single(signedOff.Rectifications);
        Assert.True(rectification.Accepted);
        Assert.True(rectification.ReportedOn <= signedOff.Deadline);
        Assert.True(DateOnly.FromDateTime(rectification.AnsweredAt!.Value) <= signedOff.Deadline);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, rectification.Evidence![..4]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(rectification.Evidence)), rectification.EvidenceSha256);
        Assert.NotNull(signedOff.AssessmentProjectId);

        var reported = F(keys.Reported);
        Assert.Equal(FindingState.Reported, reported.State);
        Assert.Null(Assert.Single(reported.Rectifications).Accepted);
        Assert.False(reported.IsOverdue(keys.AsOf));

        var withdrawn = F(keys.Withdrawn);
        Assert.Equal(FindingState.Withdrawn, withdrawn.State);
        Assert.False(string.IsNullOrWhiteSpace(withdrawn.ClosedReason));

        // Every finding is of the county, found before the demo's day, and its subjects lie in its area.
        foreach (var finding in findings)
        {
            Assert.StartsWith(DemoGenerator.CountyPrefix, finding.RegionCode);
            Assert.True(finding.FoundOn <= keys.AsOf);
            Assert.NotEmpty(finding.Subjects);
            var area = Domain.Regions.RegionCode.Parse(finding.RegionCode).Prefix;
            Assert.All(finding.Subjects, s => Assert.StartsWith(area, s.RegionCode));
            foreach (var household in finding.Subjects.Where(s => s.HouseholdId is not null))
                Assert.Equal(household.RegionCode, await db.Households.Where(h => h.Id == household.HouseholdId).Select(h => h.VillageCode).SingleAsync(Ct));
        }
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_assessment()
    {
        async Task<string> SnapshotAsync(string name, int seed)
        {
            await using var database = await (await TestDatabase.CreateAsync(provider, _folder, name)).WithDemoAsync(300, seed);
            await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            var projects = (await db.AssessmentProjects.OrderBy(p => p.Id).ToListAsync(Ct)).Select(p => $"{p.Name}:{p.Seed}:{p.State}");
            var samples = (await db.SampledHouseholds.OrderBy(s => s.Id).ToListAsync(Ct))
                .Select(s => $"{s.ProjectId}:{s.Frame}:{s.DrawOrder}:{s.HouseholdId}:{s.Weight}:{s.PerCapitaIncome}:{s.Finding}:{s.Recognition}");
            var findings = (await db.Findings.Include(f => f.Subjects).OrderBy(f => f.Id).ToListAsync(Ct))
                .Select(f => $"{f.Number}:{f.RegionCode}:{f.State}:{f.Deadline}:{string.Join(",", f.Subjects.Select(s => s.HouseholdId))}");
            return string.Join("|", projects.Concat(samples).Concat(findings));
        }
        var first = await SnapshotAsync("assessment-a", 5);
        Assert.Contains("ZG", first);
        Assert.Equal(first, await SnapshotAsync("assessment-b", 5));
        Assert.NotEqual(first, await SnapshotAsync("assessment-c", 6));
    }
}

public sealed class DemoAssessmentOnSqlite() : DemoAssessmentTests(DatabaseProvider.Sqlite);

public sealed class DemoAssessmentOnPostgres() : DemoAssessmentTests(DatabaseProvider.Postgres);
