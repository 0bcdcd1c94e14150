using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Census;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Census;

/// <summary>
/// The census through the pages and the API on both engines, on the demo's 2020 round: the rates with their drill-down
/// and the xlsx; the demo village corrects a record the county sent back (a correction without a note is refused at the
/// form), the township accepts it on the page and the township's rates rise; the city sends one back through the API
/// only with a reason; assessors and partner accounts read nothing of it.
/// </summary>
public abstract class CensusPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Village = "990121001001";
    private const string Township = "990121001000";

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page, Ct);
        fields["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(html);
        return await client.PostAsync($"{page}{(page.Contains('?') ? '&' : '?')}handler={handler}", new FormUrlEncodedContent(fields), Ct);
    }

    private async Task<long> RoundAsync()
    {
        await using var db = Host.OpenDatabase();
        return await db.CensusRounds.Where(r => r.Year == 2020 && r.CountyCode == "990121").Select(r => r.Id).SingleAsync(Ct);
    }

    private async Task<JsonNode> RatesAsync(HttpClient client, string area) =>
        JsonNode.Parse(await client.GetStringAsync($"/api/census/rates?year=2020&area={area}", Ct))!["counts"]!;

    [Fact]
    public async Task The_rates_drill_down_and_download_and_the_pages_are_shut_to_assessors_and_partners()
    {
        var round = await RoundAsync();
        var province = await Host.SignInAsync("province");
        var (status, html) = await province.GetPageAsync("/census");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("2020年脱贫攻坚普查", html, StringComparison.Ordinal);
        Assert.Contains("id=\"area-rates\"", html, StringComparison.Ordinal);
        // Drill-down: the county's townships, then a village's rates with the link to its records.
        (status, html) = await province.GetPageAsync("/census?year=2020&area=990121000000");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"data-area=\"{Township}\"", html, StringComparison.Ordinal);
        (status, html) = await province.GetPageAsync($"/census?year=2020&area={Village}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"/census/rounds/{round}?area={Village}", html, StringComparison.Ordinal);
        Assert.Contains("id=\"link-up\"", html, StringComparison.Ordinal);
        var county = JsonNode.Parse(await province.GetStringAsync("/api/census/rates?year=2020&area=990121000000", Ct))!;
        Assert.True((int)county["counts"]!["listed"]! > 0);
        Assert.True((decimal)county["counts"]!["provinceRate"]! < 1m);
        Assert.NotEmpty(county["children"]!.AsArray());
        var xlsx = await province.GetAsync("/api/census/rates.xlsx?year=2020&area=990121000000", Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.True((await xlsx.Content.ReadAsByteArrayAsync(Ct)).Length > 1000);

        foreach (var user in new[] { "assessor", "partner" })
        {
            var client = await Host.SignInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/census", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/census/rounds/{round}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/census/rounds", Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task The_village_corrects_a_sent_back_record_and_the_township_accepts_it_on_the_page()
    {
        var round = await RoundAsync();
        long record;
        await using (var db = Host.OpenDatabase())
            record = await db.CensusRecords.Where(r => r.RoundId == round && r.VillageCode == Village && r.State == CensusState.SentBack)
                .OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(Ct);
        var township = await Host.SignInAsync("township");
        var before = await RatesAsync(township, Township);

        var village = await Host.SignInAsync("village");
        var page = $"/census/rounds/{round}?area={Village}&state=SentBack";
        var (status, html) = await village.GetPageAsync(page);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"id=\"enter-{record}\"", html, StringComparison.Ordinal);
        // The home page lists the corrections to make.
        Assert.Contains("普查待录入或更正", (await village.GetPageAsync("/")).Html, StringComparison.Ordinal);
        var refused = await PostFormAsync(village, page, "Enter", new() { ["Step.RecordId"] = record.ToString(), ["Step.Note"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("请写明更正的内容", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var corrected = await PostFormAsync(village, page, "Enter", new() { ["Step.RecordId"] = record.ToString(), ["Step.Note"] = "已按户籍更正家庭人口" });
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        // The village does not review its own record.
        var notTheirs = await village.PostAsJsonAsync($"/api/census/records/{record}/accept", new { level = "Township" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);

        var townshipPage = $"/census/rounds/{round}?area={Village}&state=Entered";
        (status, html) = await township.GetPageAsync(townshipPage);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"id=\"accept-{record}\"", html, StringComparison.Ordinal);
        var accepted = await PostFormAsync(township, townshipPage, "Accept", new() { ["Step.RecordId"] = record.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        var after = await RatesAsync(township, Township);
        Assert.Equal((int)before["entered"]! + 1, (int)after["entered"]!);
        Assert.Equal((int)before["townshipAccepted"]! + 1, (int)after["townshipAccepted"]!);
        Assert.Equal((int)before["countyAccepted"]!, (int)after["countyAccepted"]!);
        Assert.Equal((int)before["sentBack"]! - 1, (int)after["sentBack"]!);

        // The city sends back a record waiting for it, only with a reason; the rates of the levels it had passed fall.
        long waiting;
        await using (var db = Host.OpenDatabase())
            waiting = await db.CensusRecords.Where(r => r.RoundId == round && r.State == CensusState.CountyAccepted).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(Ct);
        var city = await Host.SignInAsync("city");
        var cityBefore = await RatesAsync(city, "990121000000");
        Assert.Equal(HttpStatusCode.Conflict, (await city.PostAsJsonAsync($"/api/census/records/{waiting}/send-back", new { reason = "" }, Ct)).StatusCode);
        var sent = await city.PostAsJsonAsync($"/api/census/records/{waiting}/send-back", new { reason = "收入核算口径有误" }, Ct);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var cityAfter = await RatesAsync(city, "990121000000");
        Assert.Equal((int)cityBefore["countyAccepted"]! - 1, (int)cityAfter["countyAccepted"]!);
        Assert.Equal((int)cityBefore["cityAccepted"]!, (int)cityAfter["cityAccepted"]!);
        Assert.True((decimal)cityAfter["entryRate"]! < (decimal)cityBefore["entryRate"]!);
    }
}

public sealed class SqliteCensusPageTests(SqliteHost fixture) : CensusPageTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresCensusPageTests(PostgresHost fixture) : CensusPageTests(fixture), IClassFixture<PostgresHost>;
