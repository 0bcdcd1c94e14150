using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Jingzhun.Web.Tests.Assistance;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Assessment;

/// <summary>
/// The assessor's forms through the real host: the demo assessor lists its sample, records a form by the API and by the page,
/// a resent form is stored once, bad bodies are refused (400/422) with nothing stored; every other role is refused (403) or
/// does not see the sample (404) on the API and the page; drawn and closed samples are not found; photos are pictures only
/// and are seen only where their sample is.
/// </summary>
public abstract class FormPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    [Fact]
    public async Task The_assessor_lists_its_sample_and_records_a_form_by_the_api_once_per_client_id()
    {
        var s = await FormSamples.CreateAsync(Host, Ct);
        var assessor = await Host.SignInAsync("assessor");
        var mine = await JsonAsync(await assessor.GetAsync("/api/assessment/mine", Ct));
        var ids = mine.GetProperty("samples").EnumerateArray().Select(x => x.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(s.Exited, ids);
        Assert.Contains(s.Unregistered, ids);
        Assert.DoesNotContain(s.OtherAssessors, ids);
        Assert.DoesNotContain(s.Drawn, ids);
        Assert.DoesNotContain(s.Closed, ids);

        var clientId = Guid.NewGuid();
        var saved = await assessor.PutAsJsonAsync($"/api/assessment/samples/{s.Exited}/form", FormSamples.Body(Host, 50_000m, clientId), Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var json = await JsonAsync(saved);
        Assert.False(json.GetProperty("finding").GetBoolean());
        Assert.Contains("Rule set", json.GetProperty("findingTrace").GetString());
        var stored = await FormSamples.FormsAsync(Host, Ct);
        // The phone resends it (the answer was lost): the same row, nothing changed.
        var again = await assessor.PutAsJsonAsync($"/api/assessment/samples/{s.Exited}/form", FormSamples.Body(Host, 1m, clientId), Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(50_000m, (await JsonAsync(again)).GetProperty("perCapitaIncome").GetDecimal());
        Assert.Equal(stored, await FormSamples.FormsAsync(Host, Ct));

        // The unregistered frame: below the line is a missed household.
        var missed = await assessor.PutAsJsonAsync($"/api/assessment/samples/{s.Unregistered}/form", FormSamples.Body(Host, 100m, recognition: false), Ct);
        Assert.Equal(HttpStatusCode.OK, missed.StatusCode);
        Assert.True((await JsonAsync(missed)).GetProperty("finding").GetBoolean());
        var after = await JsonAsync(await assessor.GetAsync("/api/assessment/mine", Ct));
        Assert.True(after.GetProperty("done").GetInt32() >= 2);
    }

    [Fact]
    public async Task Bad_bodies_are_refused_and_store_nothing()
    {
        var s = await FormSamples.CreateAsync(Host, Ct);
        var assessor = await Host.SignInAsync("assessor");
        var before = await FormSamples.FormsAsync(Host, Ct);
        var today = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime);
        var bad = new (long Sample, object Body)[]
        {
            (s.Exited, new { clientId = Guid.NewGuid(), visitedOn = today.AddDays(1).ToString("yyyy-MM-dd"), perCapitaIncome = 9000, foodAndClothing = true, education = true, medical = true, housing = true, water = true }),
            (s.Exited, new { clientId = Guid.NewGuid(), visitedOn = today.AddDays(-30).ToString("yyyy-MM-dd"), perCapitaIncome = 9000, foodAndClothing = true, education = true, medical = true, housing = true, water = true }),
            (s.Exited, new { clientId = Guid.NewGuid(), visitedOn = today.ToString("yyyy-MM-dd"), perCapitaIncome = -1, foodAndClothing = true, education = true, medical = true, housing = true, water = true }),
            (s.Exited, new { clientId = Guid.NewGuid(), visitedOn = today.ToString("yyyy-MM-dd"), perCapitaIncome = 10_000_001, foodAndClothing = true, education = true, medical = true, housing = true, water = true }),
            (s.Exited, new { clientId = Guid.NewGuid(), visitedOn = today.ToString("yyyy-MM-dd"), perCapitaIncome = 9000, education = true, medical = true, housing = true, water = true }),
            (s.Exited, new { clientId = Guid.NewGuid(), visitedOn = today.ToString("yyyy-MM-dd"), perCapitaIncome = 9000, foodAndClothing = true, education = true, medical = true, housing = true, water = true, notes = new string('x', 2001) }),
            (s.Exited, new { clientId = "not-a-guid", visitedOn = today.ToString("yyyy-MM-dd"), perCapitaIncome = 9000 }),
            (s.Exited, new { clientId = Guid.NewGuid(), visitedOn = today.ToString("yyyy-MM-dd"), perCapitaIncome = "lots" }),
            (s.Exited, new { clientId = Guid.NewGuid(), visitedOn = today.ToString("yyyy-MM-dd"), perCapitaIncome = 9000, foodAndClothing = true, education = true, medical = true, housing = true, water = true, recognition = "Maybe" }),
            (s.Unregistered, FormSamples.Body(Host)),
        };
        foreach (var (sample, body) in bad)
        {
            var response = await assessor.PutAsJsonAsync($"/api/assessment/samples/{sample}/form", body, Ct);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity,
                $"{JsonSerializer.Serialize(body)[..Math.Min(200, JsonSerializer.Serialize(body).Length)]} → {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(before, await FormSamples.FormsAsync(Host, Ct));
    }

    [Theory]
    [InlineData("county", HttpStatusCode.Forbidden)]
    [InlineData("auditor", HttpStatusCode.Forbidden)]
    [InlineData("province", HttpStatusCode.Forbidden)]
    [InlineData(FormSamples.OtherAssessor, HttpStatusCode.NotFound)]
    public async Task Another_role_or_assessor_records_nothing_by_the_api_or_the_page(string user, HttpStatusCode expected)
    {
        var s = await FormSamples.CreateAsync(Host, Ct);
        var before = await FormSamples.FormsAsync(Host, Ct);
        var client = await Host.SignInAsync(user);
        Assert.Equal(expected, (await client.PutAsJsonAsync($"/api/assessment/samples/{s.Exited}/form", FormSamples.Body(Host), Ct)).StatusCode);
        Assert.Equal(expected, (await client.PostAsync($"/api/assessment/samples/{s.Exited}/photos", Photo(Images.Png(30, 30)), Ct)).StatusCode);
        // The page: its form is not shown (or the sample not found); a post made by hand is refused.
        var page = await client.GetAsync($"/assessment/samples/{s.Exited}", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("id=\"assessment-form\"", html);
        var token = HtmlForm.AntiforgeryToken(await client.GetStringAsync("/account/login", Ct));
        var post = await client.PostAsync($"/assessment/samples/{s.Exited}", new FormUrlEncodedContent(PageFields(token, "9000")), Ct);
        Assert.Equal(expected, post.StatusCode);
        Assert.Equal(before, await FormSamples.FormsAsync(Host, Ct));
    }

    [Fact]
    public async Task The_cadre_and_the_assessor_on_a_drawn_or_closed_sample_record_nothing()
    {
        var s = await FormSamples.CreateAsync(Host, Ct);
        var before = await FormSamples.FormsAsync(Host, Ct);
        var cadre = await Host.SignInAsync("cadre");
        Assert.True((await cadre.PutAsJsonAsync($"/api/assessment/samples/{s.Exited}/form", FormSamples.Body(Host), Ct)).StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound);
        var assessor = await Host.SignInAsync("assessor");
        foreach (var id in new[] { s.Drawn, s.Closed, s.OtherAssessors })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await assessor.PutAsJsonAsync($"/api/assessment/samples/{id}/form", FormSamples.Body(Host), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await assessor.GetAsync($"/api/assessment/samples/{id}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await assessor.GetAsync($"/assessment/samples/{id}", Ct)).StatusCode);
        }
        Assert.Equal(before, await FormSamples.FormsAsync(Host, Ct));
    }

    [Fact]
    public async Task The_assessor_records_by_the_page_form_and_sees_the_judgement()
    {
        var s = await FormSamples.CreateAsync(Host, Ct);
        var assessor = await Host.SignInAsync("assessor");
        var list = await assessor.GetStringAsync("/assessment/mine", Ct);
        Assert.Contains($"data-sample=\"{s.Exited}\"", list);
        Assert.Contains("id=\"count-left\"", list);
        var html = await assessor.GetStringAsync($"/assessment/samples/{s.Exited}", Ct);
        Assert.Contains("id=\"assessment-form\"", html);
        Assert.Contains("id=\"recognition\"", html);
        Assert.DoesNotContain("Recognises<", html); // labels, never the enumeration's names
        var token = HtmlForm.AntiforgeryToken(html);

        // A bad value comes back at the form (400) with nothing stored.
        var before = await FormSamples.FormsAsync(Host, Ct);
        var refused = await assessor.PostAsync($"/assessment/samples/{s.Exited}", new FormUrlEncodedContent(PageFields(token, "-5")), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("error-summary", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await FormSamples.FormsAsync(Host, Ct));

        var saved = await assessor.PostAsync($"/assessment/samples/{s.Exited}", new FormUrlEncodedContent(PageFields(token, "1000", water: "false")), Ct);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var shown = await assessor.GetStringAsync(saved.Headers.Location!.OriginalString, Ct);
        Assert.Contains("id=\"form-saved\"", shown);
        Assert.Contains("finding-yes", shown);
        await using var db = Host.OpenDatabase();
        var row = await db.SampledHouseholds.SingleAsync(x => x.Id == s.Exited, Ct);
        Assert.Equal((1000m, true, false), (row.PerCapitaIncome, row.Finding, row.Water));
        Assert.Equal(Domain.Assessment.ExitRecognition.CannotSay, row.Recognition);
    }

    [Fact]
    public async Task Photos_are_pictures_of_the_assessors_own_sample_and_seen_only_where_it_is()
    {
        var s = await FormSamples.CreateAsync(Host, Ct);
        var assessor = await Host.SignInAsync("assessor");
        var before = await FormSamples.FormsAsync(Host, Ct);
        var bad = await assessor.PostAsync($"/api/assessment/samples/{s.Exited}/photos", Photo("GIF89a-not-a-picture"u8.ToArray(), "x.gif"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var json = await assessor.PostAsJsonAsync($"/api/assessment/samples/{s.Exited}/photos", new { fileName = "x.png", content = "!!not base64!!" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal(before, await FormSamples.FormsAsync(Host, Ct));

        var added = await assessor.PostAsync($"/api/assessment/samples/{s.Exited}/photos", Photo(Images.Png(64, 48)), Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var id = (await JsonAsync(added)).GetProperty("id").GetInt64();
        var thumb = await assessor.GetAsync($"/api/assessment/photos/{id}/thumb", Ct);
        Assert.Equal("image/jpeg", thumb.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"/api/assessment/photos/{id}/thumb", await assessor.GetStringAsync($"/assessment/samples/{s.Exited}", Ct));
        var other = await Host.SignInAsync(FormSamples.OtherAssessor);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/assessment/photos/{id}", Ct)).StatusCode);
        var county = await Host.SignInAsync("county");
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/api/assessment/photos/{id}", Ct)).StatusCode);
    }

    private static MultipartFormDataContent Photo(byte[] bytes, string name = "p.png")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "photo", name);
        return form;
    }

    private Dictionary<string, string> PageFields(string token, string income, string water = "true") => new()
    {
        ["__RequestVerificationToken"] = token, ["Form.ClientId"] = Guid.NewGuid().ToString(),
        ["Form.VisitedOn"] = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"), ["Form.PerCapitaIncome"] = income,
        ["Form.FoodAndClothing"] = "true", ["Form.Education"] = "true", ["Form.Medical"] = "true", ["Form.Housing"] = "true", ["Form.Water"] = water,
        ["Form.Recognition"] = "CannotSay", ["Form.Notes"] = "家中无人务工",
    };
}

public sealed class FormPagesOnSqlite(SqliteHost host) : FormPageTests(host), IClassFixture<SqliteHost>;

public sealed class FormPagesOnPostgres(PostgresHost host) : FormPageTests(host), IClassFixture<PostgresHost>;
