using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CsCheck;
using Jingzhun.Data.Assistance;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Jingzhun.Web.Tests.Assistance;

/// <summary>
/// 遍访 through the real host: the demo cadre records a visit with photos from the phone form and finds it on the household
/// page and its daily list; a household not paired with it is refused (403) on the page and the API; damaged files come back
/// at the photo field (422), never a 500, with nothing stored; photos of another village are not found; a cross-origin
/// multipart post is refused like every other write; the API records a risk that goes to monitoring.
/// </summary>
public abstract class VisitPageTests(HostFixture fixture)
{
    private const string Village = "990121001001";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<long> PairedHouseholdAsync()
    {
        await using var db = Host.OpenDatabase();
        var account = await db.Accounts.SingleAsync(a => a.UserName == "cadre", Ct);
        return await db.CadrePairings.Where(p => p.EndedOn == null && p.Cadre!.AccountId == account.Id).OrderBy(p => p.HouseholdId).Select(p => p.HouseholdId).FirstAsync(Ct);
    }

    private async Task<long> UnpairedHouseholdAsync()
    {
        await using var db = Host.OpenDatabase();
        return await db.Households.Where(h => h.VillageCode == Village && !db.CadrePairings.Any(p => p.HouseholdId == h.Id && p.EndedOn == null))
            .OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
    }

    private async Task<(int Visits, int Photos, int Signals)> CountsAsync()
    {
        await using var db = Host.OpenDatabase();
        return (await db.Visits.CountAsync(Ct), await db.VisitPhotos.CountAsync(Ct), await db.RiskSignals.CountAsync(Ct));
    }

    private string Today => DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

    private MultipartFormDataContent Form(string? token, params (string Name, byte[] Bytes)[] photos)
    {
        var form = new MultipartFormDataContent();
        if (token is not null) form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent(Today), "Visit.VisitedOn");
        form.Add(new StringContent("家中"), "Visit.Place");
        form.Add(new StringContent("户主"), "Visit.Present");
        form.Add(new StringContent("生产生活正常，孩子按时上学"), "Visit.Findings");
        foreach (var (name, bytes) in photos)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg");
            form.Add(file, "photos", name);
        }
        return form;
    }

    private static MultipartFormDataContent ApiForm(string today, params (string Name, byte[] Bytes)[] photos)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(today), "visitedOn" }, { new StringContent("田间"), "place" }, { new StringContent("生产正常"), "findings" },
        };
        foreach (var (name, bytes) in photos) form.Add(new ByteArrayContent(bytes), "photos", name);
        return form;
    }

    [Fact]
    public async Task The_demo_cadre_records_a_visit_with_photos_from_the_phone_form_and_sees_it_on_the_household_page()
    {
        var householdId = await PairedHouseholdAsync();
        var cadre = await Host.SignInAsync("cadre");
        var before = await CountsAsync();

        var (_, mine) = await cadre.GetPageAsync("/assistance/visits/mine");
        Assert.Contains($"/households/{householdId}/visits/new", mine);
        var (_, householdPage) = await cadre.GetPageAsync($"/households/{householdId}");
        Assert.Contains($"href=\"/households/{householdId}/visits/new\"", householdPage);

        var (status, html) = await cadre.GetPageAsync($"/households/{householdId}/visits/new");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("accept=\"image/*\"", html);
        Assert.Contains("capture=\"environment\"", html);
        Assert.Contains(" multiple", html);
        Assert.Contains("enctype=\"multipart/form-data\"", html);
        Assert.Contains($"value=\"{Today}\"", html);
        Assert.Contains("GPS", html);
        Assert.DoesNotContain(">Vehicle<", html);
        Assert.DoesNotContain(">MedicalExpense<", html);

        var response = await cadre.PostAsync($"/households/{householdId}/visits/new",
            Form(HtmlForm.AntiforgeryToken(html), ("门口.jpg", Images.Jpeg(2000, 1500)), ("屋内.png", Images.Png(200, 300)), ("again.jpg", Images.Jpeg(2000, 1500))), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/households/{householdId}#visits", response.Headers.Location?.OriginalString);
        Assert.Equal(before with { Visits = before.Visits + 1, Photos = before.Photos + 2 }, await CountsAsync());

        long[] photoIds;
        await using (var db = Host.OpenDatabase())
        {
            var visit = await db.Visits.OrderByDescending(v => v.Id).FirstAsync(v => v.HouseholdId == householdId, Ct);
            Assert.Equal(("cadre", "生产生活正常，孩子按时上学", false), (visit.VisitedBy, visit.Findings, visit.RiskFound));
            Assert.NotNull(visit.CadreId);
            photoIds = await db.VisitPhotos.Where(p => p.VisitId == visit.Id).OrderBy(p => p.Id).Select(p => p.Id).ToArrayAsync(Ct);
        }
        (_, householdPage) = await cadre.GetPageAsync($"/households/{householdId}");
        foreach (var id in photoIds) Assert.Contains($"/assistance/visits/photos/{id}/thumb", householdPage);

        foreach (var url in new[] { $"/assistance/visits/photos/{photoIds[0]}", $"/assistance/visits/photos/{photoIds[0]}/thumb" })
        {
            var photo = await cadre.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
            Assert.Equal("image/jpeg", photo.Content.Headers.ContentType?.MediaType);
            Assert.True(photo.Headers.CacheControl?.Private, "photos are cached privately");
            var info = Image.Identify(await photo.Content.ReadAsByteArrayAsync(Ct));
            Assert.Null(info.Metadata.ExifProfile);
            Assert.True(Math.Max(info.Width, info.Height) <= (url.EndsWith("/thumb", StringComparison.Ordinal) ? 240 : 1600));
        }
        (_, mine) = await cadre.GetPageAsync("/assistance/visits/mine");
        Assert.Contains(Today, mine);
    }

    [Fact]
    public async Task A_cadre_is_refused_a_visit_on_a_household_not_paired_with_it_and_nothing_is_stored()
    {
        var householdId = await UnpairedHouseholdAsync();
        var cadre = await Host.SignInAsync("cadre");
        var before = await CountsAsync();

        var (status, householdPage) = await cadre.GetPageAsync($"/households/{householdId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("/visits/new", householdPage);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.GetAsync($"/households/{householdId}/visits/new", Ct)).StatusCode);
        // A token from the cadre's own form (for a household it is paired with): the refusal is the household's, not the token's.
        var token = HtmlForm.AntiforgeryToken(await cadre.GetStringAsync($"/households/{await PairedHouseholdAsync()}/visits/new", Ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.PostAsync($"/households/{householdId}/visits/new", Form(token, ("a.jpg", Images.Jpeg(64, 64))), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.PostAsync($"/api/households/{householdId}/visits", ApiForm(Today, ("a.jpg", Images.Jpeg(64, 64))), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.PostAsJsonAsync($"/api/households/{householdId}/visits",
            new { visitedOn = Today, findings = "x", riskFound = true, riskKind = "Disaster" }, Ct)).StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Damaged_files_come_back_at_the_photo_field_never_a_server_error_and_nothing_is_stored()
    {
        var householdId = await PairedHouseholdAsync();
        var cadre = await Host.SignInAsync("cadre");
        var (_, html) = await cadre.GetPageAsync($"/households/{householdId}/visits/new");
        var token = HtmlForm.AntiforgeryToken(html);
        var jpeg = Images.Jpeg(200, 150);
        var png = Images.Png(120, 90);
        var before = await CountsAsync();

        var damaged = Gen.OneOf(
            Gen.Byte.Array[1, 3000].Select(b => ("random.jpg", b)),
            Gen.String[Gen.Char.AlphaNumeric, 1, 300].Select(t => ("readme.jpg", System.Text.Encoding.UTF8.GetBytes(t))),
            Gen.Const(("empty.jpg", Array.Empty<byte>())),
            Gen.Int[2, jpeg.Length - 1].Select(n => ("cut.jpg", jpeg[..n])),
            Gen.Int[2, png.Length - 1].Select(n => ("cut.png", png[..n])),
            Gen.Select(Gen.Int[0, png.Length - 1], Gen.Int[0, 7]).Select((i, bit) => ("flipped.png", Images.Flip(png, i, bit))));
        var failures = new List<string>();
        await damaged.SampleAsync(async sample =>
        {
            var (name, bytes) = sample;
            var page = await cadre.PostAsync($"/households/{householdId}/visits/new", Form(token, (name, bytes)), Ct);
            var body = await page.Content.ReadAsStringAsync(Ct);
            if (page.StatusCode != HttpStatusCode.UnprocessableEntity || !body.Contains(name, StringComparison.Ordinal) || !body.Contains("id=\"photos-error\"", StringComparison.Ordinal))
                failures.Add($"page {name} ({bytes.Length} bytes) → {(int)page.StatusCode}");
            var api = await cadre.PostAsync($"/api/households/{householdId}/visits", ApiForm(Today, (name, bytes)), Ct);
            var answer = await api.Content.ReadAsStringAsync(Ct);
            if (api.StatusCode != HttpStatusCode.UnprocessableEntity || api.Content.Headers.ContentType?.MediaType != "application/problem+json" || !answer.Contains("\"photos\"", StringComparison.Ordinal))
                failures.Add($"api {name} ({bytes.Length} bytes) → {(int)api.StatusCode} {answer}");
        }, iter: 30, threads: 1);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));

        // Over 10 MB: refused at the field, not a server error.
        var big = new byte[VisitPhotos.MaxBytes + 10];
        jpeg.CopyTo(big, 0);
        var tooBig = await cadre.PostAsync($"/households/{householdId}/visits/new", Form(token, ("big.jpg", big)), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooBig.StatusCode);
        Assert.Contains("10MB", await tooBig.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Photos_of_another_village_are_not_found()
    {
        var householdId = await PairedHouseholdAsync();
        var clerk = await Host.SignInAsync("village");
        var created = await clerk.PostAsync($"/api/households/{householdId}/visits", ApiForm(Today, ("p.jpg", Images.Jpeg(80, 60))), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var visit = await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
        var photoId = visit.GetProperty("photoIds")[0].GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync($"/assistance/visits/photos/{photoId}", Ct)).StatusCode);

        var other = await Host.SignInAsync("village2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/assistance/visits/photos/{photoId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/assistance/visits/photos/{photoId}/thumb", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/households/{householdId}/visits", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/assistance/visits/{Village}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_cross_origin_multipart_post_is_refused_like_every_write_and_a_page_post_needs_its_token()
    {
        var householdId = await PairedHouseholdAsync();
        var clerk = await Host.SignInAsync("village");
        var before = await CountsAsync();
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/households/{householdId}/visits") { Content = ApiForm(Today, ("p.jpg", Images.Jpeg(50, 50))) })
        {
            request.Headers.Add("Origin", "https://evil.example");
            var response = await clerk.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        // The page's form without its anti-forgery token.
        Assert.Equal(HttpStatusCode.BadRequest, (await clerk.PostAsync($"/households/{householdId}/visits/new", Form(null, ("p.jpg", Images.Jpeg(50, 50))), Ct)).StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_api_records_a_risk_found_that_goes_to_monitoring_and_reports_coverage()
    {
        long householdId;
        await using (var db = Host.OpenDatabase())
            householdId = await db.Households.Where(h => h.VillageCode == Village && (h.Status == HouseholdStatus.Exited || h.Status == HouseholdStatus.NotPoor))
                .Where(h => !db.Cases.Any(c => c.HouseholdId == h.Id && c.ClosedAt == null))
                .Where(h => !db.MonitoredObjects.Any(m => m.HouseholdId == h.Id && m.State != RiskState.Eliminated))
                .Where(h => !db.RiskSignals.Any(s => s.HouseholdId == h.Id))
                .OrderByDescending(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
        var clerk = await Host.SignInAsync("village");

        var bad = await clerk.PostAsJsonAsync($"/api/households/{householdId}/visits", new { visitedOn = Today, findings = "车辆", riskFound = true, riskKind = "Vehicle" }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("\"riskKind\"", await bad.Content.ReadAsStringAsync(Ct));

        var created = await clerk.PostAsJsonAsync($"/api/households/{householdId}/visits",
            new { visitedOn = Today, place = "家中", findings = "户主因病住院，医疗支出大", riskFound = true, riskKind = "MedicalExpense" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await using (var db = Host.OpenDatabase())
        {
            var signal = await db.RiskSignals.SingleAsync(s => s.HouseholdId == householdId, Ct);
            Assert.Equal((DiscoveryChannel.Screening, RiskKind.MedicalExpense), (signal.Channel, signal.Kind));
            Assert.NotNull(signal.CaseId);
        }
        var list = await clerk.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/households/{householdId}/visits", Ct);
        Assert.True(list.GetArrayLength() >= 1);

        var county = await Host.SignInAsync("county");
        var coverage = await county.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/assistance/visits/990121000000", Ct);
        Assert.True(coverage.GetProperty("households").GetInt32() > 0);
        Assert.True(coverage.GetProperty("visits").GetInt32() >= 1);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await county.GetAsync("/api/assistance/visits/990121000000?year=1999", Ct)).StatusCode);
    }
}

public sealed class VisitPagesOnSqlite(SqliteHost host) : VisitPageTests(host), IClassFixture<SqliteHost>;

public sealed class VisitPagesOnPostgres(PostgresHost host) : VisitPageTests(host), IClassFixture<PostgresHost>;

/// <summary>Pictures made for the tests.</summary>
internal static class Images
{
    public static byte[] Jpeg(int width, int height)
    {
        using var image = Pattern(width, height);
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    public static byte[] Png(int width, int height)
    {
        using var image = Pattern(width, height);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    public static byte[] Flip(byte[] bytes, int index, int bit)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= (byte)(1 << bit);
        return copy;
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
