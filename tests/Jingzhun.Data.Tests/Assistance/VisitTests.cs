using CsCheck;
using Jingzhun.Data.Access;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Jingzhun.Data.Tests.Assistance;

/// <summary>
/// 遍访 on the data library, each step by its demo account: a visit that finds a risk raises a signal on the screening channel
/// (and opens monitoring work) in the visit's own transaction, one without raises nothing; a cadre records visits only on its
/// paired households; photos are re-encoded without their metadata, and damaged files are refused with a message.
/// </summary>
public sealed class VisitTests
{
    private const string Village = "990121001001";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    // The demo is seeded on the real clock (its households are registered today), so the visits are dated on it too.
    private static readonly DateTime Now = TimeProvider.System.GetUtcNow().UtcDateTime;
    private static DateOnly Today => DateOnly.FromDateTime(Now);

    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(Now);
    }

    private sealed record Setup(TestFolder Folder, TestDatabase Database) : IAsyncDisposable
    {
        public JingzhunDbContext System() => JingzhunDb.Create(Database.Target, AccessScope.System("test"), new Clock());

        public async Task<JingzhunDbContext> AsAsync(string user)
        {
            await using var db = System();
            var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.UserName == user, Ct);
            return JingzhunDb.Create(Database.Target, AccessScope.For(account), new Clock());
        }

        public async ValueTask DisposeAsync()
        {
            await Database.DisposeAsync();
            Folder.Dispose();
        }
    }

    private static async Task<Setup> SetUpAsync(DatabaseProvider provider)
    {
        var folder = new TestFolder();
        var database = await (await TestDatabase.CreateAsync(provider, folder, "visits")).WithDemoAsync(500);
        var setup = new Setup(folder, database);
        await using var db = setup.System();
        await DemoAccounts.EnsureAsync(db, Now, Ct);
        return setup;
    }

    /// <summary>A household of the village that monitoring work can open on (not poor or exited, nothing open), paired with the demo cadre.</summary>
    private static async Task<long> FreeHouseholdPairedWithCadreAsync(Setup setup)
    {
        await using var db = setup.System();
        var household = await db.Households.Where(h => h.VillageCode == Village && (h.Status == HouseholdStatus.Exited || h.Status == HouseholdStatus.NotPoor))
            .Where(h => !db.MonitoredObjects.Any(m => m.HouseholdId == h.Id && m.State != RiskState.Eliminated))
            .Where(h => !db.Cases.Any(c => c.HouseholdId == h.Id && c.ClosedAt == null))
            .Where(h => !db.RiskSignals.Any(s => s.HouseholdId == h.Id))
            .OrderBy(h => h.Id).FirstAsync(Ct);
        var cadre = await db.Cadres.SingleAsync(c => c.AccountId == db.Accounts.Single(a => a.UserName == "cadre").Id, Ct);
        if (!await db.CadrePairings.AnyAsync(p => p.HouseholdId == household.Id && p.CadreId == cadre.Id && p.EndedOn == null, Ct))
            Assert.Equal(EditOutcome.Saved, (await Pairings.PairAsync(db, household.Id, cadre.Id, "走访测试", Today, Ct)).Outcome);
        return household.Id;
    }

    private static async Task<(int Visits, int Photos, int Screenings, int Signals)> CountsAsync(Setup setup)
    {
        await using var db = setup.System();
        return (await db.Visits.CountAsync(Ct), await db.VisitPhotos.CountAsync(Ct), await db.ScreeningVisits.CountAsync(Ct), await db.RiskSignals.CountAsync(Ct));
    }

    private static VisitInput Input(bool risk = false, RiskKind? kind = null, DateOnly? on = null) =>
        new(on ?? Today, "家中", "户主、配偶", risk ? "户主住院，花费较大" : "生产生活正常", risk, kind);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_visit_that_finds_a_risk_raises_a_screening_signal_that_opens_monitoring_work(DatabaseProvider provider)
    {
        await using var setup = await SetUpAsync(provider);
        var householdId = await FreeHouseholdPairedWithCadreAsync(setup);

        long visitId;
        await using (var db = await setup.AsAsync("village"))
        {
            var result = await Visits.RecordAsync(db, householdId, Input(true, RiskKind.MedicalExpense), [], Now, Ct);
            Assert.True(result.Outcome == EditOutcome.Saved, string.Join("; ", result.Errors));
            visitId = result.Value!.Id;
        }

        await using (var db = setup.System())
        {
            var visit = await db.Visits.SingleAsync(v => v.Id == visitId, Ct);
            Assert.Equal(("village", true, RiskKind.MedicalExpense), (visit.VisitedBy, visit.RiskFound, visit.RiskKind));
            var screening = await db.ScreeningVisits.SingleAsync(s => s.Id == visit.ScreeningVisitId, Ct);
            Assert.Equal((householdId, RiskKind.MedicalExpense, Today), (screening.HouseholdId, screening.Kind, screening.VisitedOn));
            var signal = await db.RiskSignals.SingleAsync(s => s.HouseholdId == householdId, Ct);
            Assert.Equal((DiscoveryChannel.Screening, RiskKind.MedicalExpense, screening.Id), (signal.Channel, signal.Kind, signal.ScreeningVisitId));
            var opened = await db.Cases.SingleAsync(c => c.Id == signal.CaseId, Ct);
            Assert.Equal((CaseKind.Monitoring, householdId), (opened.Kind, opened.HouseholdId));
        }

        // The paired cadre's visit that finds another risk joins the work already open: a second signal on the same case.
        await using (var db = await setup.AsAsync("cadre"))
        {
            var result = await Visits.RecordAsync(db, householdId, Input(true, RiskKind.Unemployment), [], Now, Ct);
            Assert.True(result.Outcome == EditOutcome.Saved, string.Join("; ", result.Errors));
            var cadre = await db.Cadres.SingleAsync(c => c.AccountId == db.Scope.AccountId, Ct);
            Assert.Equal(cadre.Id, result.Value!.CadreId);
        }
        await using (var db = setup.System())
        {
            var signals = await db.RiskSignals.Where(s => s.HouseholdId == householdId).ToListAsync(Ct);
            Assert.Equal(2, signals.Count);
            Assert.All(signals, s => Assert.Equal(DiscoveryChannel.Screening, s.Channel));
            Assert.Single(signals.Select(s => s.CaseId).Distinct());
            Assert.Equal(1, await db.Cases.CountAsync(c => c.HouseholdId == householdId && c.Kind == CaseKind.Monitoring, Ct));
            Assert.Equal(2, await db.Visits.CountAsync(v => v.HouseholdId == householdId && v.ScreeningVisitId != null, Ct));
        }

        // Where the risk opens new work, the paired cadre's visit opens it (WorkflowRules.OpenRoles): a screening signal and
        // a monitoring case at its first stage, whose next step is the village's.
        var second = await FreeHouseholdPairedWithCadreAsync(setup);
        await using (var db = await setup.AsAsync("cadre"))
        {
            var result = await Visits.RecordAsync(db, second, Input(true, RiskKind.Disaster), [Photo(Jpeg(64, 48))], Now, Ct);
            Assert.Equal(EditOutcome.Saved, result.Outcome);
            Assert.NotNull(result.Value!.ScreeningVisitId);
        }
        await using (var db = setup.System())
        {
            var signal = await db.RiskSignals.SingleAsync(s => s.HouseholdId == second, Ct);
            Assert.Equal((DiscoveryChannel.Screening, RiskKind.Disaster), (signal.Channel, signal.Kind));
            var opened = await db.Cases.SingleAsync(c => c.HouseholdId == second && c.Kind == CaseKind.Monitoring, Ct);
            Assert.Equal(Stage.Signal, opened.Stage);
            Assert.Equal(signal.CaseId, opened.Id);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_visit_without_a_risk_raises_nothing_and_field_errors_write_nothing(DatabaseProvider provider)
    {
        await using var setup = await SetUpAsync(provider);
        var householdId = await FreeHouseholdPairedWithCadreAsync(setup);
        var before = await CountsAsync(setup);

        await using (var db = await setup.AsAsync("cadre"))
        {
            var saved = await Visits.RecordAsync(db, householdId, Input(), [], Now, Ct);
            Assert.Equal(EditOutcome.Saved, saved.Outcome);
            Assert.Null(saved.Value!.ScreeningVisitId);
        }
        Assert.Equal(before with { Visits = before.Visits + 1 }, await CountsAsync(setup));

        // Each field rule answers at its field, and nothing is written.
        (VisitInput Input, string Field)[] bad =
        [
            (Input(on: Today.AddDays(1)), "VisitedOn"),
            (Input(on: Today.AddYears(-2)), "VisitedOn"),
            (Input() with { Findings = "  " }, "Findings"),
            (Input() with { Place = new string('地', 101) }, "Place"),
            (Input(true, null), "RiskKind"),
            (Input(true, RiskKind.Vehicle), "RiskKind"),
            (Input(true, (RiskKind)999), "RiskKind"),
        ];
        foreach (var (input, field) in bad)
        {
            await using var db = await setup.AsAsync("cadre");
            var result = await Visits.RecordAsync(db, householdId, input, [], Now, Ct);
            Assert.Equal(EditOutcome.Invalid, result.Outcome);
            Assert.Contains(result.Errors, e => e.Field == field);
        }
        Assert.Equal(before with { Visits = before.Visits + 1 }, await CountsAsync(setup));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_cadre_records_visits_only_on_its_paired_households(DatabaseProvider provider)
    {
        await using var setup = await SetUpAsync(provider);
        long unpaired;
        await using (var db = setup.System())
            unpaired = await db.Households.Where(h => h.VillageCode == Village && !db.CadrePairings.Any(p => p.HouseholdId == h.Id))
                .OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
        var before = await CountsAsync(setup);

        await using (var db = await setup.AsAsync("cadre"))
        {
            Assert.False(await Visits.MayRecordAsync(db, unpaired, Village, Ct));
            await Assert.ThrowsAsync<ScopeViolationException>(() => Visits.RecordAsync(db, unpaired, Input(), [Photo(Jpeg(800, 600))], Now, Ct));
        }
        await using (var db = await setup.AsAsync("cadre"))
            await Assert.ThrowsAsync<ScopeViolationException>(() => Visits.RecordAsync(db, unpaired, Input(true, RiskKind.Disaster), [], Now, Ct));
        // Roles outside the table are refused before anything is checked.
        await using (var db = await setup.AsAsync("auditor"))
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Visits.RecordAsync(db, unpaired, Input(), [], Now, Ct));
        Assert.Equal(before, await CountsAsync(setup));

        // Another village's household is not found at all.
        long other;
        await using (var db = setup.System())
            other = await db.Households.Where(h => h.VillageCode != Village).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
        await using (var db = await setup.AsAsync("village"))
            Assert.Equal(EditOutcome.NotFound, (await Visits.RecordAsync(db, other, Input(), [], Now, Ct)).Outcome);
        Assert.Equal(before, await CountsAsync(setup));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Photos_are_stored_reencoded_without_metadata_with_thumbnails_and_a_repeat_is_kept_once(DatabaseProvider provider)
    {
        await using var setup = await SetUpAsync(provider);
        var householdId = await FreeHouseholdPairedWithCadreAsync(setup);
        var jpeg = Jpeg(2400, 1200, withGps: true);
        var png = Png(300, 500);
        Assert.NotNull(Image.Identify(jpeg).Metadata.ExifProfile);

        long visitId;
        await using (var db = await setup.AsAsync("cadre"))
        {
            var result = await Visits.RecordAsync(db, householdId, Input(), [Photo(jpeg, "a.jpg"), Photo(png, "b.png"), Photo(jpeg, "a-again.jpg")], Now, Ct);
            Assert.Equal(EditOutcome.Saved, result.Outcome);
            visitId = result.Value!.Id;
        }
        await using var check = setup.System();
        var photos = await check.VisitPhotos.Where(p => p.VisitId == visitId).OrderBy(p => p.Id).ToListAsync(Ct);
        Assert.Equal(2, photos.Count);
        Assert.Equal((1600, 800), (photos[0].Width, photos[0].Height));
        Assert.Equal((300, 500), (photos[1].Width, photos[1].Height));
        foreach (var photo in photos)
        {
            Assert.Equal("image/jpeg", photo.ContentType);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(photo.Content)), photo.Sha256);
            var stored = Image.Identify(photo.Content, out var format);
            Assert.Equal("JPEG", format.Name);
            Assert.Null(stored.Metadata.ExifProfile);
            Assert.Equal((photo.Width, photo.Height), (stored.Width, stored.Height));
            var thumb = Image.Identify(photo.Thumbnail, out var thumbFormat);
            Assert.Equal("JPEG", thumbFormat.Name);
            Assert.Equal(240, Math.Max(thumb.Width, thumb.Height));
            Assert.Null(thumb.Metadata.ExifProfile);
        }
        var rows = await Visits.OfHouseholdAsync(check, householdId, ct: Ct);
        Assert.Equal(photos.Select(p => p.Id), Assert.Single(rows).PhotoIds);
        Assert.NotNull(await Visits.PhotoAsync(check, photos[0].Id, thumbnail: true, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Damaged_files_are_refused_with_a_message_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var setup = await SetUpAsync(provider);
        var householdId = await FreeHouseholdPairedWithCadreAsync(setup);
        var jpeg = Jpeg(320, 200);
        var png = Png(200, 120);
        var before = await CountsAsync(setup);

        // Files that are never a picture, or a picture cut short or with a flipped bit in a checked part: always refused.
        var refused = Gen.OneOf(
            Gen.Byte.Array[0, 4096].Select(b => ("random.jpg", b)),
            Gen.String[Gen.Char.AlphaNumeric, 0, 400].Select(t => ("note.jpg", System.Text.Encoding.UTF8.GetBytes(t))),
            Gen.Const(("empty.jpg", Array.Empty<byte>())),
            Gen.Int[1, jpeg.Length - 1].Select(n => ("cut.jpg", jpeg[..n])),
            Gen.Int[1, png.Length - 1].Select(n => ("cut.png", png[..n])),
            Gen.Select(Gen.Int[0, png.Length - 1], Gen.Int[0, 7]).Select((i, bit) => ("flipped.png", Flip(png, i, bit))),
            Gen.Select(Gen.Int[0, 2], Gen.Int[0, 7]).Select((i, bit) => ("header.jpg", Flip(jpeg, i, bit))));
        await refused.SampleAsync(async sample =>
        {
            await using var db = await setup.AsAsync("cadre");
            var result = await Visits.RecordAsync(db, householdId, Input(), [Photo(sample.Item2, sample.Item1)], Now, Ct);
            Assert.Equal(EditOutcome.Invalid, result.Outcome);
            var error = Assert.Single(result.Errors);
            Assert.Equal("Photos", error.Field);
            Assert.Contains(sample.Item1, error.Chinese);
        }, iter: 120, threads: 1);
        Assert.Equal(before, await CountsAsync(setup));

        // A bit flipped inside a JPEG's compressed data cannot be told (JPEG has no checksum): refused, or kept as a clean
        // re-encoded JPEG; never an exception, and a refusal stores nothing.
        await Gen.Select(Gen.Int[4, jpeg.Length - 1], Gen.Int[0, 7]).SampleAsync(async (i, bit) =>
        {
            var counts = await CountsAsync(setup);
            await using var db = await setup.AsAsync("cadre");
            var result = await Visits.RecordAsync(db, householdId, Input(), [Photo(Flip(jpeg, i, bit), "flipped.jpg")], Now, Ct);
            if (result.Outcome == EditOutcome.Invalid) Assert.Equal(counts, await CountsAsync(setup));
            else Assert.Equal(EditOutcome.Saved, result.Outcome);
        }, iter: 40, threads: 1);

        // Too large, too many, another format: refused with what to do about it.
        before = await CountsAsync(setup);
        await using (var db = await setup.AsAsync("cadre"))
        {
            var big = new byte[VisitPhotos.MaxBytes + 1];
            jpeg.CopyTo(big, 0);
            var tooLarge = await Visits.RecordAsync(db, householdId, Input(), [Photo(big, "big.jpg")], Now, Ct);
            Assert.Contains("10MB", Assert.Single(tooLarge.Errors).Chinese);
            var tooMany = await Visits.RecordAsync(db, householdId, Input(), Enumerable.Range(0, 7).Select(i => Photo(Jpeg(40 + i, 40), $"{i}.jpg")).ToList(), Now, Ct);
            Assert.Contains("最多6张", Assert.Single(tooMany.Errors).Chinese);
            using var gif = new Image<Rgba32>(20, 20);
            using var stream = new MemoryStream();
            gif.SaveAsGif(stream);
            var notAllowed = await Visits.RecordAsync(db, householdId, Input(), [Photo(stream.ToArray(), "anim.gif")], Now, Ct);
            Assert.Contains("JPEG、PNG或WebP", Assert.Single(notAllowed.Errors).Chinese);
            // One bad photo among good ones refuses the whole visit.
            var mixed = await Visits.RecordAsync(db, householdId, Input(), [Photo(jpeg, "good.jpg"), Photo([1, 2, 3], "bad.png")], Now, Ct);
            Assert.Equal(EditOutcome.Invalid, mixed.Outcome);
        }
        Assert.Equal(before, await CountsAsync(setup));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Coverage_counts_the_poor_and_monitored_households_visited_in_the_year(DatabaseProvider provider)
    {
        await using var setup = await SetUpAsync(provider);
        long poor, notPoor;
        string village;
        await using (var db = setup.System())
        {
            var first = await db.Households.Where(h => h.Status == HouseholdStatus.Returned).OrderBy(h => h.Id)
                .Select(h => new { h.Id, h.VillageCode }).FirstAsync(Ct);
            (poor, village) = (first.Id, first.VillageCode);
            notPoor = await db.Households.Where(h => h.Status == HouseholdStatus.NotPoor && h.Monitoring == MonitoringCategory.None)
                .OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
        }
        VisitCoverage before, lastYear;
        await using (var db = await setup.AsAsync("county"))
        {
            before = (await Visits.CoverageAsync(db, "990121000000", Today.Year, Ct))!;
            lastYear = (await Visits.CoverageAsync(db, "990121000000", Today.Year - 1, Ct))!; // the demo's own visits
        }
        Assert.True(before.Households > 0);
        Assert.Equal(0, before.Visited);

        await using (var db = await setup.AsAsync("county"))
        {
            Assert.Equal(EditOutcome.Saved, (await Visits.RecordAsync(db, poor, Input(), [], Now, Ct)).Outcome);
            Assert.Equal(EditOutcome.Saved, (await Visits.RecordAsync(db, poor, Input(), [], Now, Ct)).Outcome);
            Assert.Equal(EditOutcome.Saved, (await Visits.RecordAsync(db, notPoor, Input(), [], Now, Ct)).Outcome);
        }
        await using (var db = await setup.AsAsync("county"))
        {
            var after = (await Visits.CoverageAsync(db, "990121000000", Today.Year, Ct))!;
            Assert.Equal((before.Households, 1, 3, 2), (after.Households, after.Visited, after.Visits, after.VisitedHouseholds));
            Assert.Equal(Math.Round(1.0 / after.Households, 4), after.Rate);
            var row = after.Villages.Single(v => v.VillageCode == village);
            Assert.Equal(1, row.Visited);
            Assert.Equal(3, after.Villages.Sum(v => v.Visits));
            Assert.Equal(lastYear.Visited, (await Visits.CoverageAsync(db, "990121000000", Today.Year - 1, Ct))!.Visited);
        }
        // Above or beside the reader's region: not found.
        await using (var db = await setup.AsAsync("village"))
        {
            Assert.Null(await Visits.CoverageAsync(db, "990121000000", Today.Year, Ct));
            Assert.Null(await Visits.CoverageAsync(db, "990121001002", Today.Year, Ct));
            Assert.NotNull(await Visits.CoverageAsync(db, Village, Today.Year, Ct));
        }
    }

    private static PhotoUpload Photo(byte[] bytes, string name = "photo.jpg") => new(name, bytes);

    private static byte[] Flip(byte[] bytes, int index, int bit)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= (byte)(1 << bit);
        return copy;
    }

    internal static byte[] Jpeg(int width, int height, bool withGps = false)
    {
        using var image = Pattern(width, height);
        if (withGps)
        {
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.GPSLatitude, [new Rational(29, 1), new Rational(39, 1), new Rational(1234, 100)]);
            exif.SetValue(ExifTag.GPSLatitudeRef, "N");
            exif.SetValue(ExifTag.Model, "Test Phone");
            image.Metadata.ExifProfile = exif;
        }
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    internal static byte[] Png(int width, int height)
    {
        using var image = Pattern(width, height);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static Image<Rgba32> Pattern(int width, int height)
    {
        var image = new Image<Rgba32>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++) row[x] = new Rgba32((byte)(x * 7), (byte)(y * 5), (byte)((x + y) * 3), 255);
            }
        });
        return image;
    }
}
