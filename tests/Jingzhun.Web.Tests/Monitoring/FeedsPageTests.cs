using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Jingzhun.Data.Monitoring;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Monitoring;

/// <summary>Department files uploaded through the web page and the API by a county officer; nobody else may.</summary>
public abstract class FeedsPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A present member of a household of the demo village free of monitoring work, whose household consents.</summary>
    private async Task<(long HouseholdId, string ResidentId)> ConsentingAsync(int skip)
    {
        await using var db = Host.OpenDatabase();
        var person = await db.Members.Where(m => m.State == MemberState.Present && m.Household!.VillageCode == "990121001001"
                && m.Household.Status != HouseholdStatus.Poor && m.Household.Status != HouseholdStatus.Removed
                && !db.DataConsents.Any(c => c.HouseholdId == m.HouseholdId)
                && !db.Cases.Any(c => c.HouseholdId == m.HouseholdId && c.ClosedAt == null))
            .OrderBy(m => m.HouseholdId).Skip(skip).Select(m => new { m.HouseholdId, m.ResidentId }).FirstAsync(Ct);
        await MonitoringWork.RecordConsentAsync(db, person.HouseholdId, new DateOnly(2026, 1, 5), "授权书", Host.Clock.GetUtcNow().UtcDateTime, Ct);
        return (person.HouseholdId, person.ResidentId);
    }

    private static byte[] Csv(params string[] rows) =>
        Encoding.UTF8.GetBytes(string.Join("\n", ["身份证号,事项,金额,发生日期,说明", .. rows]) + "\n");

    private async Task<(HttpStatusCode, string)> UploadAsync(HttpClient client, byte[] file, bool skipInvalid, string department = "医保局")
    {
        var token = ApiHost.AntiforgeryToken(await client.GetStringAsync("/monitoring/feeds", Ct));
        using var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(part, "file", "医保局2026年1月.csv");
        content.Add(new StringContent(department), "Department");
        content.Add(new StringContent(token), "__RequestVerificationToken");
        if (skipInvalid) content.Add(new StringContent("true"), "skipInvalid");
        var response = await client.PostAsync("/monitoring/feeds", content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<int> SignalsAsync()
    {
        await using var db = Host.OpenDatabase();
        return await db.RiskSignals.CountAsync(Ct);
    }

    [Fact]
    public async Task A_county_officer_uploads_a_feed_a_bad_row_is_reported_by_row_and_skip_invalid_writes_the_good_row()
    {
        var (householdId, id) = await ConsentingAsync(0);
        var broken = id[..17] + (id[17] == '0' ? '1' : '0');
        var file = Csv($"{id},大额医疗支出,42000,2026-01-15,住院", $"{broken},失业,,2026-01-16,");
        var county = await Host.SignInAsync("county");
        var before = await SignalsAsync();

        var (status, html) = await UploadAsync(county, file, skipInvalid: false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("feed-rejected", html);
        Assert.Matches("<td class=\"num\">3</td><td>身份证号</td>", html);
        Assert.DoesNotContain(broken, html);
        Assert.Equal(before, await SignalsAsync());

        (status, html) = await UploadAsync(county, file, skipInvalid: true);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("feed-done", html);
        Assert.Contains("id=\"feeds\"", html);
        Assert.Contains("医保局2026年1月.csv", html);
        await using (var db = Host.OpenDatabase())
        {
            var signal = await db.RiskSignals.OrderByDescending(s => s.Id).FirstAsync(s => s.HouseholdId == householdId, Ct);
            Assert.Equal(("医保局", 42000m), (signal.Source, signal.Amount!.Value.Yuan));
            Assert.NotNull(signal.CaseId);
        }
    }

    [Fact]
    public async Task Only_a_county_officer_sees_the_form_and_may_upload()
    {
        var village = await Host.SignInAsync("village");
        var html = await village.GetStringAsync("/monitoring/feeds", Ct);
        Assert.DoesNotContain("feed-form", html);
        var county = await Host.SignInAsync("county");
        Assert.Contains("feed-form", await county.GetStringAsync("/monitoring/feeds", Ct));

        var token = ApiHost.AntiforgeryToken(html);
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(Csv()), "file", "x.csv");
        content.Add(new StringContent("医保局"), "Department");
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var response = await village.PostAsync("/monitoring/feeds", content, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        using var api = new MultipartFormDataContent();
        api.Add(new ByteArrayContent(Csv()), "file", "x.csv");
        api.Add(new StringContent("医保局"), "department");
        response = await village.PostAsync("/api/monitoring/feeds", api, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_api_takes_a_multipart_upload_and_answers_the_report()
    {
        var (householdId, id) = await ConsentingAsync(1);
        var county = await Host.SignInAsync("county");
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(Csv($"{id},新增残疾,,2026-01-20,二级")), "file", "残联.csv");
        content.Add(new StringContent("残联"), "department");
        var response = await county.PostAsync("/api/monitoring/feeds", content, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(1, json.RootElement.GetProperty("signals").GetInt32());
        var feedId = json.RootElement.GetProperty("feedId").GetInt64();

        // A bad file: 422 problem+json with the rows.
        using var bad = new MultipartFormDataContent();
        bad.Add(new ByteArrayContent(Csv($"{id},中彩票,,2026-01-20,")), "file", "残联.csv");
        bad.Add(new StringContent("残联"), "department");
        response = await county.PostAsync("/api/monitoring/feeds", bad, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("事项", await response.Content.ReadAsStringAsync(Ct));

        var list = await county.GetStringAsync("/api/monitoring/feeds", Ct);
        Assert.Contains($"\"id\":{feedId}", list);
        await using var db = Host.OpenDatabase();
        Assert.True(await db.RiskSignals.AnyAsync(s => s.FeedId == feedId && s.HouseholdId == householdId, Ct));
    }
}

public sealed class FeedsPageOnSqlite(SqliteHost host) : FeedsPageTests(host), IClassFixture<SqliteHost>;

public sealed class FeedsPageOnPostgres(PostgresHost host) : FeedsPageTests(host), IClassFixture<PostgresHost>;
