using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Funds;

/// <summary>
/// Project assets through the pages and the API, on both engines: the county registers an asset of a completed project on
/// the page, gives households shares through the API; the village clerk records income on the asset's page but is refused the
/// distribution (403, nothing changed) and is shown no distribution form; the county distributes and the dividends appear as
/// the households' payments summing to the amount; the area list shows the rates; an auditor reads and changes nothing.
/// </summary>
public abstract class AssetPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Village = "990121001001";

    private string Today => DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

    /// <summary>A completed project of the village, crafted with its step, with the given beneficiaries.</summary>
    private async Task<long> CompletedProjectAsync(params long[] beneficiaries)
    {
        await using var db = Host.OpenDatabase();
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        var project = new Project
        {
            Name = "村集体光伏电站", Number = $"XMT{Guid.NewGuid().ToString("N")[..12]}", Type = ProjectType.Industry, Year = now.Year, RegionCode = Village,
            Stage = ProjectStage.Completed, Implementer = "县能源公司",
        };
        project.Steps.Add(new ProjectStep { From = ProjectStage.Started, To = ProjectStage.Completed, Action = ProjectAction.Advance, RegionCode = Village, Actor = "test", At = now });
        foreach (var id in beneficiaries) project.Beneficiaries.Add(new ProjectBeneficiary { HouseholdId = id, People = 2, AddedAt = now, AddedBy = "test" });
        db.Projects.Add(project);
        await db.SaveChangesAsync(Ct);
        return project.Id;
    }

    private async Task<List<(long Id, string Number)>> HouseholdsAsync(int take)
    {
        await using var db = Host.OpenDatabase();
        return (await db.Households.Where(h => h.VillageCode == Village && h.Members.Any(m => m.Relation == Relation.Head && m.State == MemberState.Present))
            .OrderByDescending(h => h.Id).Take(take).Select(h => new { h.Id, h.Number }).ToListAsync(Ct)).Select(h => (h.Id, h.Number)).ToList();
    }

    private async Task<string> FingerprintAsync(long assetId)
    {
        await using var db = Host.OpenDatabase();
        return string.Join(";", await db.Payments.CountAsync(p => p.AssetId == assetId, Ct), await db.AssetIncomes.CountAsync(i => i.AssetId == assetId, Ct),
            string.Join(",", await db.AssetIncomes.Where(i => i.AssetId == assetId).OrderBy(i => i.Id).Select(i => i.Distributed).ToListAsync(Ct)),
            await db.AssetShares.CountAsync(s => s.AssetId == assetId, Ct), await db.Assets.Where(a => a.Id == assetId).Select(a => a.Version).SingleAsync(Ct));
    }

    [Fact]
    public async Task A_village_clerk_records_income_but_cannot_distribute_and_the_county_pays_the_dividends()
    {
        var h = await HouseholdsAsync(3);
        var projectId = await CompletedProjectAsync(h[0].Id);
        var county = await Host.SignInAsync("county");
        var village = await Host.SignInAsync("village");
        var auditor = await Host.SignInAsync("auditor");

        // The county registers the asset on the page.
        var form = await county.GetFormAsync($"/funds/assets/new?projectId={projectId}", "asset-form");
        form["Input.Name"] = "光伏电站100千瓦";
        form["Input.Class"] = "Operating";
        form["Input.Ownership"] = "VillageCollective";
        form["Input.Value"] = "450000.50";
        form["Input.Operator"] = "高峰村股份经济合作社";
        var (registered, _) = await county.PostFormAsync($"/funds/assets/new?projectId={projectId}", form);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var location = registered.Headers.Location!.OriginalString;
        Assert.StartsWith("/funds/assets/detail/", location, StringComparison.Ordinal);
        var assetId = long.Parse(location["/funds/assets/detail/".Length..]);

        // A village clerk may not register assets: the form is refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await village.GetAsync($"/funds/assets/new?projectId={projectId}", Ct)).StatusCode);

        // Shares through the API: weights 2 and 1; a household's second open share is refused.
        foreach (var (household, weight) in new[] { (h[0].Id, 2m), (h[1].Id, 1m) })
            Assert.Equal(HttpStatusCode.Created, (await county.PostAsJsonAsync($"/api/funds/assets/{assetId}/shares", new { householdId = household, weight }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/funds/assets/{assetId}/shares", new { householdId = h[1].Id, weight = 1m }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.PostAsJsonAsync($"/api/funds/assets/{assetId}/registration", new { registered = true, handedOverOn = Today }, Ct)).StatusCode);

        // The village clerk records income on the asset's page; no distribution form is offered to it.
        var (status, page) = await village.GetPageAsync($"/funds/assets/detail/{assetId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("id=\"distribute-form\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"share-form\"", page, StringComparison.Ordinal);
        var income = HtmlForm.Parse(page, "income-form");
        income["Income.Amount"] = "1000";
        var (recorded, _) = await village.PostFormAsync($"/funds/assets/detail/{assetId}?handler=Income", income);
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        // Income dated in the future comes back at its form.
        income["Income.ReceivedOn"] = DateOnly.Parse(Today).AddDays(2).ToString("yyyy-MM-dd");
        var (future, futureHtml) = await village.PostFormAsync($"/funds/assets/detail/{assetId}?handler=Income", income);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, future.StatusCode);
        Assert.Contains("收益日期不能晚于今天", futureHtml, StringComparison.Ordinal);
        long incomeId;
        await using (var db = Host.OpenDatabase())
            incomeId = await db.AssetIncomes.Where(i => i.AssetId == assetId).Select(i => i.Id).SingleAsync(Ct);

        // The clerk cannot distribute, through the API or the page: 403 and nothing changed; neither can the auditor record income.
        var before = await FingerprintAsync(assetId);
        Assert.Equal(HttpStatusCode.Forbidden, (await village.PostAsJsonAsync($"/api/funds/assets/{assetId}/incomes/{incomeId}/distribute", new { amount = 600m }, Ct)).StatusCode);
        var token = HtmlForm.AntiforgeryToken(page);
        var pagePost = await village.PostAsync($"/funds/assets/detail/{assetId}?handler=Distribute", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Distribute.IncomeId"] = incomeId.ToString(), ["Distribute.Amount"] = "600",
        }), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, pagePost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync($"/api/funds/assets/{assetId}/incomes", new { year = 2025, amount = 10m }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync($"/api/funds/assets/{assetId}/state", new { state = "Idle", reason = "审计" }, Ct)).StatusCode);
        Assert.Equal(before, await FingerprintAsync(assetId));

        // The county distributes 600.01 on the page: 400.01 and 200.00 by weight; the rest cannot be overdrawn.
        var distribute = await county.GetFormAsync($"/funds/assets/detail/{assetId}", "distribute-form");
        distribute["Distribute.Amount"] = "600.01";
        var (paid, _) = await county.PostFormAsync($"/funds/assets/detail/{assetId}?handler=Distribute", distribute);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        var over = await county.PostAsJsonAsync($"/api/funds/assets/{assetId}/incomes/{incomeId}/distribute", new { amount = 400m }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        var rest = await county.PostAsJsonAsync($"/api/funds/assets/{assetId}/incomes/{incomeId}/distribute", new { amount = 399.99m, voucher = "PZ-2" }, Ct);
        Assert.Equal(HttpStatusCode.Created, rest.StatusCode);
        var restJson = await JsonAsync(rest);
        Assert.Equal(1000m, (decimal)restJson["income"]!["distributed"]!);
        Assert.Equal(399.99m, restJson["payments"]!.AsArray().Sum(p => (decimal)p!["amount"]!));

        // The dividends are the households' payments, in the head's name, summing to the income.
        await using (var db = Host.OpenDatabase())
        {
            var payments = await db.Payments.Where(p => p.AssetId == assetId).ToListAsync(Ct);
            Assert.All(payments, p => Assert.Equal((PaymentKind.Dividend, Village, "资产收益分红"), (p.Kind, p.RegionCode, p.Purpose)));
            Assert.Equal(1000m, payments.Sum(p => p.Amount.Yuan));
            Assert.Equal(new[] { 400.01m + 266.66m, 200m + 133.33m }, new[] { h[0].Id, h[1].Id }.Select(id => payments.Where(p => p.HouseholdId == id).Sum(p => p.Amount.Yuan)));
            var heads = await db.Members.Where(m => (m.HouseholdId == h[0].Id || m.HouseholdId == h[1].Id) && m.Relation == Relation.Head).ToDictionaryAsync(m => m.Id, m => m.Name, Ct);
            Assert.All(payments, p => Assert.Equal(heads[p.MemberId!.Value], p.Payee));
        }

        // The asset as JSON: shares with masked IDs, the income fully distributed, every dividend.
        var asset = await JsonAsync(await county.GetAsync($"/api/funds/assets/{assetId}", Ct));
        Assert.Equal("Operating", (string)asset["asset"]!["class"]!);
        Assert.All(asset["shares"]!.AsArray(), s => Assert.Contains("*", (string)s!["headIdMasked"]!, StringComparison.Ordinal));
        Assert.Equal(0m, (decimal)asset["incomes"]![0]!["undistributed"]!);
        Assert.Equal(4, asset["dividends"]!.AsArray().Count);

        // The area: the asset listed, handed over and registered; the page shows it and the rates.
        var area = await JsonAsync(await county.GetAsync($"/api/funds/assets?region={Village}&class=Operating", Ct));
        Assert.Contains(area["assets"]!.AsArray(), a => (long)a!["id"]! == assetId && (bool)a["ownershipRegistered"]!);
        Assert.True((decimal)area["handoverRate"]! > 0m);
        var (areaStatus, areaHtml) = await county.GetPageAsync($"/funds/assets/{Village}");
        Assert.Equal(HttpStatusCode.OK, areaStatus);
        Assert.Contains($"href=\"/funds/assets/detail/{assetId}\"", areaHtml, StringComparison.Ordinal);
        Assert.Contains("id=\"handover-rate\"", areaHtml, StringComparison.Ordinal);
        Assert.Contains("id=\"register-asset\"", areaHtml, StringComparison.Ordinal);
        var (_, villageArea) = await village.GetPageAsync($"/funds/assets/{Village}");
        Assert.DoesNotContain("id=\"register-asset\"", villageArea, StringComparison.Ordinal);
        var (auditStatus, auditPage) = await auditor.GetPageAsync($"/funds/assets/detail/{assetId}");
        Assert.Equal(HttpStatusCode.OK, auditStatus);
        Assert.Contains("id=\"asset-readonly\"", auditPage, StringComparison.Ordinal);
        foreach (var id in new[] { "income-form", "distribute-form", "share-form", "end-share-form", "registration-form", "state-form" })
            Assert.DoesNotContain($"id=\"{id}\"", auditPage, StringComparison.Ordinal);
        var (detailStatus, detail) = await county.GetPageAsync($"/funds/assets/detail/{assetId}");
        Assert.Equal(HttpStatusCode.OK, detailStatus);
        Assert.Contains("PZ-2", detail, StringComparison.Ordinal);
        Assert.Contains(h[0].Number, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_values_answer_400_and_a_project_not_yet_completed_409()
    {
        var h = await HouseholdsAsync(2);
        var projectId = await CompletedProjectAsync(h[0].Id);
        var county = await Host.SignInAsync("county");
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync("/api/funds/assets",
            new { projectId, name = "大棚", @class = "Operating", ownership = "VillageCollective", value = 0m, @operator = "合作社" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync("/api/funds/assets",
            new { projectId, name = "牛棚", @class = "Household", ownership = "Household", ownerHouseholdId = h[1].Id, value = 100m, @operator = "农户" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.PostAsJsonAsync("/api/funds/assets",
            new { projectId = long.MaxValue, name = "大棚", @class = "Operating", ownership = "VillageCollective", value = 10m, @operator = "合作社" }, Ct)).StatusCode);
        var own = await county.PostAsJsonAsync("/api/funds/assets",
            new { projectId, name = "牛棚", @class = "Household", ownership = "Household", ownerHouseholdId = h[0].Id, value = 8000m, @operator = "农户自营" }, Ct);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        var ownId = (long)(await JsonAsync(own))["id"]!;
        // A household asset earns no income to distribute; a state change needs its reason; a disposed asset stays so.
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/funds/assets/{ownId}/incomes", new { amount = 10m }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/funds/assets/{ownId}/state", new { state = "Idle", reason = "" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.PostAsJsonAsync($"/api/funds/assets/{ownId}/state", new { state = "Disposed", reason = "牛已出栏" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await county.PostAsJsonAsync($"/api/funds/assets/{ownId}/state", new { state = "InUse", reason = "重新启用" }, Ct)).StatusCode);

        long started;
        await using (var db = Host.OpenDatabase())
        {
            var now = Host.Clock.GetUtcNow().UtcDateTime;
            var project = new Project { Name = "在建项目", Number = $"XMT{Guid.NewGuid().ToString("N")[..12]}", Type = ProjectType.Water, Year = now.Year, RegionCode = Village, Stage = ProjectStage.Started };
            project.Steps.Add(new ProjectStep { From = ProjectStage.Approved, To = ProjectStage.Started, Action = ProjectAction.Advance, RegionCode = Village, Actor = "test", At = now });
            db.Projects.Add(project);
            await db.SaveChangesAsync(Ct);
            started = project.Id;
        }
        Assert.Equal(HttpStatusCode.Conflict, (await county.PostAsJsonAsync("/api/funds/assets",
            new { projectId = started, name = "水池", @class = "PublicWelfare", ownership = "VillageCollective", value = 10m, @operator = "村委会" }, Ct)).StatusCode);
        var (status, html) = await county.GetPageAsync($"/funds/assets/new?projectId={started}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"not-completed\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"asset-form\"", html, StringComparison.Ordinal);
    }
}

public sealed class SqliteAssetPageTests(SqliteHost fixture) : AssetPageTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresAssetPageTests(PostgresHost fixture) : AssetPageTests(fixture), IClassFixture<PostgresHost>;
