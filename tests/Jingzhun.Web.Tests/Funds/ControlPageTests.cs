using System.Net;
using System.Text.Json.Nodes;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Funds;

/// <summary>
/// Funds control on the web: an auditor reads /funds/control of the county with a crafted payment to a household outside the
/// project's beneficiaries, an idle allocation and an overdue project on its lists, downloads the flagged payments as an xlsx
/// that opens and holds the row (audited), and the API answers the same; a village clerk and an assessor get nothing of the county.
/// The crafted rows are of a plan year no demo data uses (2033), written through the city's and the county officer's contexts.
/// </summary>
public abstract class ControlPageTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = "990121000000";
    private const int Year = 2033;

    private JingzhunDbContext As(string user) =>
        JingzhunDb.Create(DatabaseTarget.Parse(Host.Database), AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)), Host.Clock);

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly Dictionary<string, (long Payment, long Allocation, long Project)> Crafted = [];

    /// <summary>An allocation issued 200 days ago, a started project past its planned end, a payment to a household that is not its beneficiary.</summary>
    private async Task<(long Payment, long Allocation, long Project)> CraftAsync()
    {
        await Once.WaitAsync(Ct);
        try
        {
            if (Crafted.TryGetValue(Host.Database, out var known)) return known;
            var today = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime);
            List<(long Id, string Village, long Member)> households;
            await using (var db = Host.OpenDatabase())
                households = (await db.Households.AsNoTracking().Where(h => h.VillageCode.StartsWith("990121") && h.Members.Any(m => m.State == MemberState.Present))
                        .OrderBy(h => h.Id).Take(2)
                        .Select(h => new { h.Id, h.VillageCode, Member = h.Members.Where(m => m.State == MemberState.Present).Select(m => m.Id).First() }).ToListAsync(Ct))
                    .Select(h => (h.Id, h.VillageCode, h.Member)).ToList();
            var (a, b) = (households[0], households[1]);
            var allocation = new FundAllocation
            {
                Year = Year, Source = FundSource.CentralFiscal, FromCode = "990100000000", ToCode = County, Amount = new Money(80_000),
                IssuedOn = today.AddDays(-200), DocumentNumber = "示市扶〔2033〕9号", Purpose = "控制页测试",
            };
            await using (var city = As("city"))
            {
                city.Allocations.Add(allocation);
                await city.SaveChangesAsync(Ct);
            }
            await using var county = As("county");
            var project = new Project
            {
                Number = "XM-CONTROL-1", Name = "控制页测试项目", RegionCode = a.Village, Type = ProjectType.Industry, Year = Year, Stage = ProjectStage.Started,
                PlannedEnd = today.AddDays(-30),
            };
            project.Steps.Add(new ProjectStep { From = ProjectStage.Approved, To = ProjectStage.Started, Action = ProjectAction.Advance, RegionCode = a.Village, Actor = "county", At = Host.Clock.GetUtcNow().UtcDateTime });
            project.Funding.Add(new ProjectFunding { Source = FundSource.CentralFiscal, AllocationId = allocation.Id, Amount = new Money(50_000), RegionCode = a.Village });
            project.Beneficiaries.Add(new ProjectBeneficiary { HouseholdId = a.Id, People = 2, AddedBy = "county" });
            county.Projects.Add(project);
            await county.SaveChangesAsync(Ct);
            var payment = new FundPayment
            {
                CountyCode = "990121", RegionCode = b.Village, Year = Year, Kind = PaymentKind.Household, PaidOn = today.AddDays(-60), Amount = new Money(1_200),
                Source = FundSource.CentralFiscal, AllocationId = allocation.Id, ProjectId = project.Id, HouseholdId = b.Id, MemberId = b.Member,
                PurposeType = ProjectType.Industry, Payee = "测试收款人", Purpose = "产业补助", Voucher = "PZ-CONTROL-1",
            };
            county.Payments.Add(payment);
            await county.SaveChangesAsync(Ct);
            return Crafted[Host.Database] = (payment.Id, allocation.Id, project.Id);
        }
        finally
        {
            Once.Release();
        }
    }

    [Fact]
    public async Task An_auditor_reads_the_page_and_the_xlsx_holds_the_flagged_payment()
    {
        var (payment, allocation, project) = await CraftAsync();
        var auditor = await Host.SignInAsync("auditor");
        var (status, html) = await auditor.GetPageAsync($"/funds/control/{County}?year={Year}");
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var id in new[] { "control-figures", "control-lists", "control-children", "rows-Misdirected", "rows-IdleFunds", "rows-OverdueProjects" })
            Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-payment=\"{payment}\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-allocation=\"{allocation}\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-project=\"{project}\"", html, StringComparison.Ordinal);
        Assert.Contains("该户不是项目的受益户", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains($"href=\"/funds/control/{County}/export?list=Misdirected&amp;year={Year}\"", html, StringComparison.Ordinal);

        var response = await auditor.GetAsync($"/funds/control/{County}/export?list=Misdirected&year={Year}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)), useHeaderRow: true)
            .Cast<IDictionary<string, object?>>().Where(r => r["序号 No."] is not null).ToList();
        var row = Assert.Single(rows, r => Convert.ToInt64(r["支付ID Payment id"], System.Globalization.CultureInfo.InvariantCulture) == payment);
        Assert.Contains("受益户", (string)row["原因 Why"]!, StringComparison.Ordinal);
        Assert.Equal(1200m, Convert.ToDecimal(row["金额(元) Amount (yuan)"], System.Globalization.CultureInfo.InvariantCulture));
        var idle = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await auditor.GetByteArrayAsync($"/funds/control/{County}/export?list=IdleFunds&year={Year}", Ct)),
            useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(idle, r => Convert.ToInt64(r["资金编号 Allocation"], System.Globalization.CultureInfo.InvariantCulture) == allocation);
        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync($"/funds/control/{County}/export?list=Everything", Ct)).StatusCode);

        await using var db = Host.OpenDatabase();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Export && e.EntityType == "FundControl" && e.Actor == "auditor"
            && e.EntityId.Contains("Misdirected"), Ct));
    }

    [Fact]
    public async Task The_api_answers_the_page_figures_and_the_flags_and_refuses_what_it_does_not_know()
    {
        var (payment, _, _) = await CraftAsync();
        var auditor = await Host.SignInAsync("auditor");
        var json = JsonNode.Parse(await auditor.GetStringAsync($"/api/funds/control/{County}?year={Year}", Ct))!;
        var area = json["area"]!["figures"]!;
        Assert.Equal(8_000_000L, (long)area["allocatedFen"]!);
        Assert.Equal(1, (int)area["misdirected"]!);
        Assert.Equal((int)area["projects"]!, json["children"]!.AsArray().Sum(c => (int)c!["figures"]!["projects"]!));
        Assert.Equal((long)area["paidFen"]!, json["children"]!.AsArray().Sum(c => (long)c!["figures"]!["paidFen"]!));
        Assert.True((int)json["idleFunds"]! >= 1 && (int)json["overdueProjects"]! >= 1);

        var flags = JsonNode.Parse(await auditor.GetStringAsync($"/api/funds/control/{County}/flags?kind=Misdirected&year={Year}", Ct))!;
        Assert.Equal(1, (int)flags["total"]!);
        Assert.Equal(payment, (long)flags["rows"]![0]!["paymentId"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync($"/api/funds/control/{County}/flags?kind=Everything", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync($"/api/funds/control/{County}/export?list=Nothing", Ct)).StatusCode);
        var export = await auditor.GetAsync($"/api/funds/control/{County}/export?list=OverdueProjects&year={Year}", Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var lists = JsonNode.Parse(await auditor.GetStringAsync($"/api/funds/control/{County}/lists?year={Year}", Ct))!;
        Assert.True((int)lists["overdueProjects"]!["total"]! >= 1);
    }

    [Fact]
    public async Task Readers_outside_the_county_get_nothing_of_it()
    {
        await CraftAsync();
        foreach (var user in new[] { "village", "assessor" })
        {
            var client = await Host.SignInAsync(user);
            foreach (var url in new[] { $"/funds/control/{County}", $"/funds/control/{County}/export?list=Misdirected", $"/api/funds/control/{County}",
                         $"/api/funds/control/{County}/flags", $"/api/funds/control/{County}/export?list=IdleFunds" })
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url, Ct)).StatusCode);
        }
        var county = await Host.SignInAsync("county");
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync("/funds/control/980121000000", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync("/api/funds/control/not-a-code", Ct)).StatusCode);
    }
}

public sealed class SqliteControlPageTests(SqliteHost fixture) : ControlPageTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresControlPageTests(PostgresHost fixture) : ControlPageTests(fixture), IClassFixture<PostgresHost>;
