using System.Net;
using Jingzhun.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Regions;

/// <summary>
/// The region detail page through the real host: a province officer renames a village through its form (kept as a new
/// row, with the change in its history and the audit log); a county officer sees the tree read-only and a change it
/// posts anyway is refused with 403 and changes nothing.
/// </summary>
public abstract class RegionPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_province_officer_renames_a_village_through_the_page()
    {
        const string village = "990121001003";
        var province = await Host.SignInAsync("province");
        var (status, html) = await GetAsync(province, $"/regions/{village}");
        Assert.Equal(HttpStatusCode.OK, status);
        var form = HtmlForm.Parse(html, "rename-form");
        form["Input.Name"] = "幸福新村";
        form["Input.Reason"] = "省民政厅批复（测试）";

        var response = await province.PostAsync($"/regions/{village}?handler=Rename", form.ToContent(), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/regions/{village}?changed=rename", response.Headers.Location!.OriginalString);
        var (_, after) = await GetAsync(province, $"/regions/{village}");
        Assert.Contains("幸福新村", after);
        Assert.Contains("id=\"region-changes\"", after);
        Assert.Contains("<td>更名</td>", after); // the kind in plain words, not its code name
        Assert.Contains("省民政厅批复（测试）", after);
        await using var db = Host.OpenDatabase();
        var rows = await db.Regions.Where(r => r.Code == village).OrderBy(r => r.ValidFrom).ToListAsync(Ct);
        Assert.Equal(2, rows.Count);
        Assert.Equal("幸福新村", rows[1].Name);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.RegionCode == village && a.EntityType == "RegionChange" && a.Actor == "province", Ct));
    }

    [Fact]
    public async Task A_change_without_a_reason_or_dated_in_the_future_comes_back_with_the_errors_at_the_fields()
    {
        const string village = "990121001005";
        var province = await Host.SignInAsync("province");
        var (_, html) = await GetAsync(province, $"/regions/{village}");
        var form = HtmlForm.Parse(html, "rename-form");
        form["Input.Name"] = "未来村";
        form["Input.Reason"] = "";
        form["Input.Effective"] = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd");

        var response = await province.PostAsync($"/regions/{village}?handler=Rename", form.ToContent(), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("id=\"error-summary\"", body);
        Assert.Contains("生效日期不能晚于今天", body);
        Assert.Contains("请填写调整原因", body);
        await using var db = Host.OpenDatabase();
        Assert.Equal(1, await db.Regions.CountAsync(r => r.Code == village, Ct));
    }

    [Fact]
    public async Task A_county_officer_sees_no_change_form_and_is_refused_403()
    {
        const string village = "990121001004";
        var county = await Host.SignInAsync("county");
        var (status, html) = await GetAsync(county, $"/regions/{village}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("rename-form", html);
        Assert.DoesNotContain("merge-form", html);
        Assert.Contains("id=\"read-only\"", html);

        var response = await county.PostAsync($"/regions/{village}?handler=Rename", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = "越权村", ["Input.Reason"] = "x", ["Input.Effective"] = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"),
            ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(html),
        }), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = Host.OpenDatabase();
        Assert.Equal(1, await db.Regions.CountAsync(r => r.Code == village, Ct));
        Assert.False(await db.RegionChanges.AnyAsync(c => c.FromCode == village, Ct));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.Refused && a.Actor == "county" && a.RegionCode == village, Ct));
    }

    [Fact]
    public async Task A_region_outside_the_readers_scope_is_not_found()
    {
        var village = await Host.SignInAsync("village");
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(village, "/regions/990121002001")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(village, "/regions/990121000000")).Status); // its own ancestors are shown
    }

    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}

public sealed class RegionPageOnSqlite(SqliteHost host) : RegionPageTests(host), IClassFixture<SqliteHost>;

public sealed class RegionPageOnPostgres(PostgresHost host) : RegionPageTests(host), IClassFixture<PostgresHost>;
