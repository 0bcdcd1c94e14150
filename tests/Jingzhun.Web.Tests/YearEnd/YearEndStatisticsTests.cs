using System.Net;
using Jingzhun.Data.Audit;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Microsoft.Extensions.DependencyInjection;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.YearEnd;

/// <summary>A year frozen from the web page appears in the statistics at once, and anchors the audit log in a checkpoint.</summary>
public sealed class YearEndStatisticsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_year_frozen_on_the_page_is_in_the_statistics_straight_away()
    {
        var audit = Directory.CreateTempSubdirectory("jingzhun-web-audit-").FullName;
        using var host = new ApiHost(Engine.Sqlite, households: 80, settings: new()
        {
            ["demo-history"] = "true", ["audit-key-file"] = Path.Combine(audit, "county.key"),
        });
        _ = host.Services;
        var year = host.Clock.GetUtcNow().Year; // the demo froze up to last year; move on a year so this one is finished
        host.Clock.Advance(TimeSpan.FromDays(366));
        var county = await host.SignInAsync("county");
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/api/stats/990121000000?asOf={year}", Ct)).StatusCode);

        var index = await county.GetStringAsync("/yearend", Ct);
        var frozen = await county.PostAsync("/yearend", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Year"] = $"{year}", ["Confirm"] = "true", ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(index),
        }), Ct);
        Assert.Contains("freeze-message", await frozen.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/api/stats/990121000000?asOf={year}", Ct)).StatusCode);

        // The host's audit-key-file setting names the key; the checkpoints sit beside it: the demo's year-ends and this one.
        var target = host.Services.GetRequiredService<DatabaseTarget>();
        Assert.Equal(Path.Combine(audit, "county.key"), target.AuditKeyFile);
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        var (checkedCount, findings) = await AuditCheckpoints.CheckAsync(db, Ct);
        Assert.Equal(2, checkedCount);
        Assert.Empty(findings);
        Assert.Null((await AuditChain.VerifyAsync(db, ct: Ct)).FirstBreak);
        Directory.Delete(audit, true);
    }
}
