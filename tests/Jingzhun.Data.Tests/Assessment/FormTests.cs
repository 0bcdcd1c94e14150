using CsCheck;
using Jingzhun.Data.Access;
using Jingzhun.Data.Assessment;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Assessment;

/// <summary>
/// Samples for the forms tests, written directly by system work (the sampling part draws them in the product): a project of
/// the demo province whose visits run, with households of the demo assessor's sample on both frames, one assigned to a
/// second assessor, one still drawn (hidden) and one of a closed project.
/// </summary>
internal sealed record FormSamples(long Project, long Exited, long Unregistered, long OtherAssessors, long Drawn, long Closed, int Assessor, int OtherAssessor,
    string ExitedVillage)
{
    public static readonly DateTime Now = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime VisitsStarted = new(2026, 5, 10, 0, 0, 0, DateTimeKind.Utc);
    public const int Year = 2025;

    public static async Task<FormSamples> CreateAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        await DemoAccounts.EnsureAsync(db, Now, ct);
        var assessor = await db.Accounts.SingleAsync(a => a.UserName == "assessor", ct);
        var other = new Account { UserName = "assessor-b", DisplayName = "评估人员乙", Role = Role.Assessor, RegionCode = "990121000000", CreatedAt = Now };
        Passwords.Set(other, DemoAccounts.Password);
        db.Accounts.Add(other);
        await db.SaveChangesAsync(ct);
        // Four households of the county the demo assessor reads through active sample assignments (added where the demo has none).
        var assigned = await db.Households.Where(h => h.CountyCode == "990121" && h.Status == HouseholdStatus.Exited).OrderBy(h => h.Id)
            .Select(h => new { HouseholdId = h.Id, h.VillageCode, h.CountyCode }).Take(4).ToListAsync(ct);
        foreach (var h in assigned.Where(h => !db.Assignments.Any(a => a.HouseholdId == h.HouseholdId && a.AccountId == assessor.Id
                     && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null)))
            db.Assignments.Add(new HouseholdAssignment
            {
                HouseholdId = h.HouseholdId, CountyCode = h.CountyCode, VillageCode = h.VillageCode, AccountId = assessor.Id,
                Kind = AssignmentKind.AssessmentSample, AssignedAt = VisitsStarted, AssignedBy = "test",
            });
        var project = NewProject("2026年示例县退出评估", AssessmentState.Visiting);
        var closed = NewProject("2025年已结束的评估", AssessmentState.Closed);
        db.AssessmentProjects.AddRange(project, closed);
        await db.SaveChangesAsync(ct);
        SampledHousehold Row(AssessmentProject p, SamplePhase phase, SampleFrame frame, long? household, string village, int assessorId, int order) => new()
        {
            ProjectId = p.Id, CountyCode = "990121", Stratum = village[..9] + "000", VillageCode = village, OrganiserPrefix = "99", Phase = phase, Frame = frame,
            HouseholdId = household, FoundName = household is null ? "未建档户张三" : null, DrawOrder = order, Weight = 12.5m, AssessorAccountId = assessorId,
            AssignedAt = VisitsStarted,
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
        return new FormSamples(project.Id, rows[0].Id, rows[1].Id, rows[2].Id, rows[3].Id, rows[4].Id, assessor.Id, other.Id, assigned[0].VillageCode);
    }

    private static AssessmentProject NewProject(string name, AssessmentState state) => new()
    {
        Name = name, Year = Year, Kind = AssessmentKind.CountyExit, Design = SampleDesign.Stratified, State = state, OrganiserCode = "990000000000",
        OrganiserPrefix = "99", Seed = 17, CreatedBy = "test", CreatedAt = VisitsStarted, SampledAt = VisitsStarted, VisitsStartedAt = VisitsStarted,
        ClosedAt = state == AssessmentState.Closed ? VisitsStarted : null,
    };

    public static async Task<JingzhunDbContext> AsAsync(DatabaseTarget target, string user, CancellationToken ct)
    {
        Account account;
        await using (var system = JingzhunDb.Create(target, AccessScope.System("test")))
            account = await system.Accounts.AsNoTracking().SingleAsync(a => a.UserName == user, ct);
        return JingzhunDb.Create(target, AccessScope.For(account));
    }

    public static FormInput Good(decimal income = 9000m, bool guaranteed = true, ExitRecognition? recognition = ExitRecognition.Recognises, string? notes = "户主在家") =>
        new(new DateOnly(2026, 5, 20), income, guaranteed, true, true, true, true, recognition, notes);

    /// <summary>The form fields of every sample, as stored.</summary>
    public static async Task<string> FormsAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        var rows = await db.SampledHouseholds.AsNoTracking().OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.VisitedOn, s.PerCapitaIncome, s.Finding, s.RecordedAt, s.ClientId, s.Notes, s.Version, s.Weight }).ToListAsync(ct);
        return string.Join(";", rows) + "|" + await db.SamplePhotos.CountAsync(ct);
    }
}

/// <summary>
/// The assessor's form as a governed step: only the assessor a sample is assigned to records it, while the visits run; the
/// rules of the project's year judge it (wrong exit on the exited frame, missed household on the unregistered frame) and say
/// why; a phone's resent form is stored once; bad values are refused with nothing stored; every other role is refused, through
/// the service and through a direct write on the context; photos are pictures only, six at most.
/// </summary>
public sealed class FormTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = FormSamples.Now;

    private static async Task<(TestDatabase Database, FormSamples Samples)> ArrangeAsync(DatabaseProvider provider, TestFolder folder, string name)
    {
        var database = await (await TestDatabase.CreateAsync(provider, folder, name)).WithDemoAsync(60);
        return (database, await FormSamples.CreateAsync(database.Target, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_assigned_assessor_records_the_form_and_the_rules_of_the_year_judge_it_on_both_frames(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        var (database, s) = await ArrangeAsync(provider, folder, "form-record");
        await using var _ = database;
        await using var assessor = await FormSamples.AsAsync(database.Target, "assessor", Ct);
        var rules = await RuleBook.ForAsync(assessor, s.ExitedVillage, FormSamples.Year, Ct);
        var line = rules.PovertyLine;

        var exited = (await AssessmentForms.RecordAsync(assessor, s.Exited, FormSamples.Good(line + 1000m), null, Now, Ct))!;
        Assert.False(exited.Finding);
        Assert.Contains(rules.Label, exited.FindingTrace);
        Assert.Contains("退出符合标准", exited.FindingTrace);
        Assert.Contains("exit meets the standard", exited.FindingTrace);
        Assert.Equal("assessor", exited.RecordedBy);

        // Recorded again: the income at the line and no safe water — exited wrongly, with both reasons; the audit keeps the earlier income.
        var again = (await AssessmentForms.RecordAsync(assessor, s.Exited, FormSamples.Good(line) with { Water = false }, null, Now, Ct))!;
        Assert.True(again.Finding);
        Assert.Contains("饮水安全未保障", again.FindingTrace);
        Assert.Contains("not above the poverty line", again.FindingTrace);
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            var income = await system.AuditEntries.Where(a => a.Field == nameof(SampledHousehold.PerCapitaIncome) && a.Action == AuditAction.Update).ToListAsync(Ct);
            var earlier = (line + 1000m).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(income.Any(a => a.OldValue != null && a.OldValue.Contains(earlier, StringComparison.Ordinal)),
                string.Join("; ", income.Select(a => $"{a.EntityType} {a.EntityId} {a.OldValue}→{a.NewValue}")));
        }

        // The unregistered frame: missed when the income is below the line (the guarantees are asked, not judged); no recognition.
        var missed = (await AssessmentForms.RecordAsync(assessor, s.Unregistered, FormSamples.Good(line - 0.01m, guaranteed: false, recognition: null), null, Now, Ct))!;
        Assert.True(missed.Finding);
        Assert.Contains("漏评", missed.FindingTrace);
        var notMissed = (await AssessmentForms.RecordAsync(assessor, s.Unregistered, FormSamples.Good(line, guaranteed: false, recognition: null), null, Now, Ct))!;
        Assert.False(notMissed.Finding);

        // The assessor's list: the demo's sample and this test's visible rows (not the other assessor's, the drawn or the closed).
        var mine = (await AssessmentForms.MineAsync(assessor, Ct)).Where(m => m.ProjectId == s.Project).ToList();
        Assert.Equal([s.Exited, s.Unregistered], mine.Select(m => m.Id).Order());
        Assert.All(mine, m => Assert.True(m.Recorded));
        Assert.Contains(mine, m => m.HouseholdNumber is { Length: > 0 } && m.HeadName.Length > 0 && m.VillageName.Length > 0);
        Assert.Contains(mine, m => m.HeadName == "未建档户张三" && m.HouseholdNumber is null);
    }

    [Fact]
    public void The_judgement_follows_the_line_and_the_five_guarantees_on_both_frames()
    {
        var rules = PovertyLines.NationalRuleSet(FormSamples.Year);
        var line = rules.PovertyLine;
        Gen.Select(Gen.Int[-500, 500], Gen.Bool.Array[5], Gen.Bool).Sample((cents, met, exitedFrame) =>
        {
            var income = Math.Max(0m, line + cents / 100m);
            var form = new AssessmentForms.CheckedForm(new DateOnly(2026, 5, 20), income, met[0], met[1], met[2], met[3], met[4], null, null);
            var frame = exitedFrame ? SampleFrame.Exited : SampleFrame.Unregistered;
            var (finding, trace) = AssessmentForms.Judge(frame, form, rules);
            var expected = exitedFrame ? income <= line || met.Any(m => !m) : income < line;
            Assert.Equal(expected, finding);
            Assert.Contains(rules.Label, trace);
            Assert.Contains(" / Rule set ", trace);
            Assert.True(trace.Length <= 2000);
        }, iter: 2000);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task No_one_but_the_assigned_assessor_records_a_form_through_the_service_or_the_context(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        var (database, s) = await ArrangeAsync(provider, folder, "form-refused");
        await using var _ = database;
        var before = await FormSamples.FormsAsync(database.Target, Ct);

        // Another assessor does not even see the sample (404); the county's offices, the auditor and the cadre see it and are refused (403).
        await using (var other = await FormSamples.AsAsync(database.Target, "assessor-b", Ct))
            Assert.Null(await AssessmentForms.RecordAsync(other, s.Exited, FormSamples.Good(), null, Now, Ct));
        foreach (var user in new[] { "county", "auditor", "township", "province" })
        {
            await using var db = await FormSamples.AsAsync(database.Target, user, Ct);
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => AssessmentForms.RecordAsync(db, s.Exited, FormSamples.Good(), null, Now, Ct));
        }
        await using (var cadre = await FormSamples.AsAsync(database.Target, "cadre", Ct))
        {
            var result = AssessmentForms.RecordAsync(cadre, s.Exited, FormSamples.Good(), null, Now, Ct);
            if (s.ExitedVillage == "990121001001") await Assert.ThrowsAsync<WorkflowRefusedException>(() => result);
            else Assert.Null(await result);
        }
        // The assessor's own sample of another assessor's list, a drawn (hidden) one and a closed project's: not found.
        await using (var assessor = await FormSamples.AsAsync(database.Target, "assessor", Ct))
            foreach (var id in new[] { s.OtherAssessors, s.Drawn, s.Closed })
                Assert.Null(await AssessmentForms.RecordAsync(assessor, id, FormSamples.Good(), null, Now, Ct));
        // Even system work records no form of a sample whose visits do not run.
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            foreach (var id in new[] { s.Drawn, s.Closed })
                await Assert.ThrowsAsync<WorkflowBlockedException>(() => AssessmentForms.RecordAsync(system, id, FormSamples.Good(), null, Now, Ct));

        // The side door: a direct write of the form fields on the context is refused by the save rules.
        foreach (var user in new[] { "county", "auditor", "province" })
        {
            await using var db = await FormSamples.AsAsync(database.Target, user, Ct);
            var row = await db.SampledHouseholds.SingleAsync(x => x.Id == s.Exited, Ct);
            row.PerCapitaIncome = 1m;
            row.RecordedAt = Now;
            await Assert.ThrowsAsync<ScopeViolationException>(() => db.SaveChangesAsync(Ct));
        }
        await using (var assessor = await FormSamples.AsAsync(database.Target, "assessor", Ct))
        {
            // The assessor writes its form only: the organiser's fields (the weight, the assignment) are not its own.
            var row = await assessor.SampledHouseholds.SingleAsync(x => x.Id == s.Exited, Ct);
            row.Weight = 1m;
            await Assert.ThrowsAsync<ScopeViolationException>(() => assessor.SaveChangesAsync(Ct));
        }
        Assert.Equal(before, await FormSamples.FormsAsync(database.Target, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_form_resent_with_the_same_client_id_is_stored_once_and_bad_values_store_nothing(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        var (database, s) = await ArrangeAsync(provider, folder, "form-client");
        await using var _ = database;
        var clientId = Guid.NewGuid();
        await using (var assessor = await FormSamples.AsAsync(database.Target, "assessor", Ct))
        {
            var first = (await AssessmentForms.RecordAsync(assessor, s.Exited, FormSamples.Good(7000m), clientId, Now, Ct))!;
            Assert.Equal(clientId, first.ClientId);
        }
        var stored = await FormSamples.FormsAsync(database.Target, Ct);
        await using (var assessor = await FormSamples.AsAsync(database.Target, "assessor", Ct))
        {
            // The phone sends it again (its answer was lost), even with other values and later: the stored row, unchanged.
            var resent = (await AssessmentForms.RecordAsync(assessor, s.Exited, FormSamples.Good(100m), clientId, Now.AddMinutes(5), Ct))!;
            Assert.Equal(7000m, resent.PerCapitaIncome);
            // The same id for another household is refused.
            await Assert.ThrowsAsync<AssessmentInputException>(() => AssessmentForms.RecordAsync(assessor, s.Unregistered,
                FormSamples.Good(recognition: null), clientId, Now, Ct));
        }
        Assert.Equal(stored, await FormSamples.FormsAsync(database.Target, Ct));

        var bad = new (string Why, long Sample, FormInput Form)[]
        {
            ("future", s.Exited, FormSamples.Good() with { VisitedOn = new DateOnly(2026, 6, 2) }),
            ("before the visits", s.Exited, FormSamples.Good() with { VisitedOn = new DateOnly(2026, 5, 9) }),
            ("no date", s.Exited, FormSamples.Good() with { VisitedOn = null }),
            ("negative", s.Exited, FormSamples.Good(-1m)),
            ("too large", s.Exited, FormSamples.Good(10_000_000.01m)),
            ("finer than a fen", s.Exited, FormSamples.Good(1.234m)),
            ("no income", s.Exited, FormSamples.Good() with { PerCapitaIncome = null }),
            ("no answer", s.Exited, FormSamples.Good() with { Medical = null }),
            ("recognition on the unregistered frame", s.Unregistered, FormSamples.Good()),
            ("not a recognition", s.Exited, FormSamples.Good(recognition: (ExitRecognition)9)),
            ("notes too long", s.Exited, FormSamples.Good(notes: new string('记', 2001))),
            ("control character", s.Exited, FormSamples.Good(notes: "a\u0001b")),
        };
        foreach (var (why, sample, form) in bad)
        {
            await using var assessor = await FormSamples.AsAsync(database.Target, "assessor", Ct);
            var error = await Assert.ThrowsAsync<AssessmentInputException>(() => AssessmentForms.RecordAsync(assessor, sample, form, Guid.NewGuid(), Now, Ct));
            Assert.True(error.Text.Chinese.Length > 0 && error.Text.English.Length > 0, why);
        }
        Assert.Equal(stored, await FormSamples.FormsAsync(database.Target, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Photos_are_pictures_of_the_assessors_own_sample_six_at_most(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        var (database, s) = await ArrangeAsync(provider, folder, "form-photos");
        await using var _ = database;
        await using (var assessor = await FormSamples.AsAsync(database.Target, "assessor", Ct))
        {
            await Assert.ThrowsAsync<AssessmentInputException>(() => SamplePhotos.AddAsync(assessor, s.Exited,
                new PhotoUpload("x.gif", "GIF89a not really"u8.ToArray()), Now, Ct));
            var ids = new List<long>();
            for (var i = 0; i < SamplePhotos.MaxPerSample; i++)
                ids.Add((await SamplePhotos.AddAsync(assessor, s.Exited, new PhotoUpload($"p{i}.png", Assistance.VisitTests.Png(20 + i, 20)), Now, Ct))!.Id);
            // The same picture again is the stored one; a seventh is refused.
            Assert.Equal(ids[0], (await SamplePhotos.AddAsync(assessor, s.Exited, new PhotoUpload("p0.png", Assistance.VisitTests.Png(20, 20)), Now, Ct))!.Id);
            await Assert.ThrowsAsync<AssessmentInputException>(() => SamplePhotos.AddAsync(assessor, s.Exited,
                new PhotoUpload("p7.png", Assistance.VisitTests.Png(40, 20)), Now, Ct));
            Assert.Equal(ids, await SamplePhotos.IdsAsync(assessor, s.Exited, Ct));
            Assert.NotNull(await SamplePhotos.ReadAsync(assessor, ids[0], true, Ct));
            Assert.Null(await SamplePhotos.AddAsync(assessor, s.OtherAssessors, new PhotoUpload("q.png", Assistance.VisitTests.Png(30, 30)), Now, Ct));
        }
        await using (var other = await FormSamples.AsAsync(database.Target, "assessor-b", Ct))
        {
            Assert.Empty(await SamplePhotos.IdsAsync(other, s.Exited, Ct));
            var photo = await other.SamplePhotos.IgnoreQueryFilters().Select(p => p.Id).FirstAsync(Ct);
            Assert.Null(await SamplePhotos.ReadAsync(other, photo, false, Ct));
        }
        await using (var county = await FormSamples.AsAsync(database.Target, "county", Ct))
        {
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => SamplePhotos.AddAsync(county, s.Exited, new PhotoUpload("c.png", Assistance.VisitTests.Png(31, 30)), Now, Ct));
            // The side door: a photo added straight to the context is refused by the save rules.
            var sample = await county.SampledHouseholds.SingleAsync(x => x.Id == s.Exited, Ct);
            county.SamplePhotos.Add(new SamplePhoto { SampleId = sample.Id, Sample = sample, VillageCode = sample.VillageCode, Content = [1], Thumbnail = [1], Sha256 = "x" });
            await Assert.ThrowsAsync<ScopeViolationException>(() => county.SaveChangesAsync(Ct));
        }
        await using (var system = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            Assert.Equal(SamplePhotos.MaxPerSample, await system.SamplePhotos.CountAsync(Ct));
    }
}
