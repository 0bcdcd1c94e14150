using System.Net;
using System.Net.Http.Json;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Access;

/// <summary>The audit log page and API: filters, paging, and only the reader's region.</summary>
public abstract class AuditLogTests(HostFixture fixture)
{
    private const string OwnVillage = "990121001001";
    private const string OtherVillage = "990121001002";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An edit by a village's own clerk, through the data layer as a page would make it; returns the household's id and number.</summary>
    private async Task<(long Id, string Number)> EditAsync(string clerk, string village, string address)
    {
        var target = DatabaseTarget.Parse(Host.Database);
        Account account;
        await using (var system = Host.OpenDatabase())
            account = await system.Accounts.AsNoTracking().SingleAsync(a => a.UserName == clerk, Ct);
        await using var db = JingzhunDb.Create(target, AccessScope.For(account));
        var household = await db.Households.Where(h => h.VillageCode == village).OrderByDescending(h => h.Id).FirstAsync(Ct);
        household.Address = address;
        await db.SaveChangesAsync(Ct);
        return (household.Id, household.Number);
    }

    private sealed record Entry(long Id, string Actor, AuditAction Action, long? HouseholdId, string RegionCode, string? Field, string? NewValue, long? ChainIndex);

    private sealed record LogPage(List<Entry> Items, int Total, int Page, int PageSize);

    [Fact]
    public async Task A_village_clerk_never_sees_an_audit_entry_of_another_village()
    {
        var (otherId, otherNumber) = await EditAsync("village2", OtherVillage, "塘湾村审计测试");
        var clerk = await Host.SignInAsync("village");
        var county = await Host.SignInAsync("county");

        var html = await clerk.GetStringAsync("/audit?actor=village2", Ct);
        var byHousehold = await clerk.GetFromJsonAsync<LogPage>($"/api/audit?household={otherNumber}", RegistryApiTests.Json, Ct);
        var byId = await clerk.GetFromJsonAsync<LogPage>($"/api/audit?household={otherId}", RegistryApiTests.Json, Ct);
        var all = await clerk.GetFromJsonAsync<LogPage>("/api/audit?pageSize=200", RegistryApiTests.Json, Ct);
        var countyView = await county.GetFromJsonAsync<LogPage>("/api/audit?actor=village2", RegistryApiTests.Json, Ct);

        Assert.Contains("id=\"no-results\"", html);
        Assert.DoesNotContain($"data-region=\"{OtherVillage}\"", html);
        Assert.Equal(0, byHousehold!.Total);
        Assert.Equal(0, byId!.Total);
        Assert.NotEmpty(all!.Items);
        Assert.All(all.Items, e => Assert.StartsWith(OwnVillage, e.RegionCode));
        Assert.Contains(countyView!.Items, e => e.HouseholdId == otherId && e.NewValue == "塘湾村审计测试");
    }

    [Fact]
    public async Task The_audit_page_filters_by_actor_action_and_household()
    {
        var (id, number) = await EditAsync("village", OwnVillage, "高峰村审计测试");
        var township = await Host.SignInAsync("township");

        var byActor = await township.GetStringAsync("/audit?actor=village&action=Update", Ct);
        var byHousehold = await township.GetStringAsync($"/audit?household={number}", Ct);
        var signIns = await township.GetFromJsonAsync<LogPage>("/api/audit?action=SignIn&actor=township", RegistryApiTests.Json, Ct);
        var today = DateTime.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var dated = await township.GetFromJsonAsync<LogPage>($"/api/audit?household={id}&from={today}&to={today}", RegistryApiTests.Json, Ct);
        var before = await township.GetFromJsonAsync<LogPage>($"/api/audit?household={id}&to=2020-01-01", RegistryApiTests.Json, Ct);

        Assert.Contains("高峰村审计测试", byActor);
        Assert.Contains($"href=\"/households/{id}\"", byActor);
        Assert.DoesNotContain("data-actor=\"township\"", byActor);
        Assert.DoesNotContain("data-action=\"SignIn\"", byActor);
        Assert.Contains("高峰村审计测试", byHousehold);
        Assert.Contains("修改", byHousehold);
        Assert.NotEmpty(signIns!.Items);
        Assert.All(signIns.Items, e => Assert.Equal(AuditAction.SignIn, e.Action));
        Assert.Contains(dated!.Items, e => e.NewValue == "高峰村审计测试" && e.ChainIndex > 0);
        Assert.Equal(0, before!.Total);
    }

    [Fact]
    public async Task The_audit_log_is_paged_fifty_to_a_page_newest_first()
    {
        await using (var db = Host.OpenDatabase())
        {
            // Enough entries for two pages, whatever ran before.
            db.AuditEntries.AddRange(Enumerable.Range(0, 60).Select(i => new AuditEntry
            {
                At = DateTime.UtcNow, Actor = "paging", Action = AuditAction.SignIn, EntityType = "Account", EntityId = "paging", RegionCode = OwnVillage,
            }));
            await db.SaveChangesAsync(Ct);
        }
        var county = await Host.SignInAsync("county");

        var first = await county.GetFromJsonAsync<LogPage>("/api/audit", RegistryApiTests.Json, Ct);
        var second = await county.GetFromJsonAsync<LogPage>("/api/audit?page=2", RegistryApiTests.Json, Ct);
        var html = await county.GetStringAsync("/audit", Ct);

        Assert.True(first!.Total > 50, $"only {first.Total} entries");
        Assert.Equal(50, first.Items.Count);
        Assert.True(first.Items.Zip(first.Items.Skip(1)).All(p => p.First.Id > p.Second.Id || p.First.ChainIndex > p.Second.ChainIndex));
        Assert.Empty(first.Items.Select(e => e.Id).Intersect(second!.Items.Select(e => e.Id)));
        Assert.Contains("id=\"pager\"", html);
        Assert.Equal(50, html.Split("<tr data-entry=").Length - 1);
    }

    [Fact]
    public async Task An_assessor_opens_the_audit_page_and_sees_nothing()
    {
        var assessor = await Host.SignInAsync("assessor");

        var response = await assessor.GetAsync("/audit", Ct);
        var api = await assessor.GetFromJsonAsync<LogPage>("/api/audit", RegistryApiTests.Json, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"no-results\"", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, api!.Total);
    }
}

public sealed class AuditLogOnSqlite(SqliteHost host) : AuditLogTests(host), IClassFixture<SqliteHost>;

public sealed class AuditLogOnPostgres(PostgresHost host) : AuditLogTests(host), IClassFixture<PostgresHost>;
