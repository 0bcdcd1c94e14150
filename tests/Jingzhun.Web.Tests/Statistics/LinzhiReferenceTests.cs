using System.Net.Http.Json;
using System.Text.Json;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Data.Exit;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Statistics;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Exit;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Statistics;

/// <summary>
/// DESIGN §8: Linzhi (林芝) reported 8,895 households and 34,739 people exited, incidence 16.42% → 0
/// and per-capita net income of registered people 2,855 (2015) → 12,975 yuan (2020). A registry shaped
/// like that, with 2015 and 2020 frozen, must make the reports show exactly those figures.
/// </summary>
public abstract class LinzhiReferenceTests(HostFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string City = "540400000000";
    private const string County = "540402000000";
    private const int Households = 8_895;
    private const int People = 34_739;
    // 16.42% of the rural population were registered poor in 2015.
    private const int RuralPopulation = 211_565;
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly HashSet<string> Built = [];

    private async Task<ApiHost> RegistryAsync()
    {
        var host = fixture.Host;
        await Once.WaitAsync(Ct);
        try
        {
            if (Built.Add(host.Database)) await BuildAsync(host);
        }
        finally
        {
            Once.Release();
        }
        return host;
    }

    /// <summary>841 households of three and 8,054 of four make 34,739 people; all poor in 2015, all exited by 2020.</summary>
    private static async Task BuildAsync(ApiHost host)
    {
        await using var db = host.OpenDatabase();
        var villages = Enumerable.Range(1, 20).Select(v => $"540402001{v:000}").ToArray();
        db.BulkAuditSummary = "Linzhi reference regions";
        db.Regions.AddRange(
            new Region { Code = "540000000000", Name = "西藏自治区", Level = RegionLevel.Province, IsWestern = true },
            new Region { Code = City, Name = "林芝市", Level = RegionLevel.City, ParentCode = "540000000000", IsWestern = true },
            new Region { Code = County, Name = "巴宜区", Level = RegionLevel.County, ParentCode = City, IsWestern = true },
            new Region { Code = "540402001000", Name = "示例乡", Level = RegionLevel.Township, ParentCode = County, IsWestern = true });
        db.Regions.AddRange(villages.Select((code, v) => new Region
        {
            Code = code, Name = $"林芝{v + 1}村", Level = RegionLevel.Village, ParentCode = "540402001000", IsWestern = true,
            RuralPopulation = RuralPopulation / villages.Length + (v < RuralPopulation % villages.Length ? 1 : 0),
        }));
        await db.SaveChangesAsync(Ct);
        // The households come in as a county's first load does: through the bulk loader, one audit entry per chunk.
        var households = Enumerable.Range(0, Households).Select(i => NewHousehold(i, villages[i % villages.Length]));
        await RegistryBulkLoader.LoadAsync(DatabaseTarget.Parse(host.Database), households, new BulkLoadOptions { Source = "Linzhi reference registry" }, ct: Ct);
        var frozenAt = new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        db.BulkAuditSummary = "Linzhi reference year-ends";
        var stored = await db.Households.Where(h => h.CountyCode == "540402")
            .Select(h => new { h.Id, h.VillageCode, h.CountyCode, h.StatusYear, People = h.Members.Count }).ToListAsync(Ct);
        foreach (var h in stored)
        {
            db.Snapshots.Add(Snapshot(h.Id, h.VillageCode, h.CountyCode, h.People, 2015, HouseholdStatus.Poor, 2_855m, exited: false, frozenAt));
            db.Snapshots.Add(Snapshot(h.Id, h.VillageCode, h.CountyCode, h.People, 2020, HouseholdStatus.Exited, 12_975m, exited: h.StatusYear == 2020, frozenAt));
        }
        await db.SaveChangesAsync(Ct);
        await AreaStatistics.RefreshAsync(db, host.Clock.GetUtcNow().UtcDateTime, Ct);
    }

    /// <summary>Household <paramref name="i"/>: 841 of three people first, then households of four, exited 2016–2020 in turn.</summary>
    private static Household NewHousehold(int i, string village)
    {
        var size = i < 841 ? 3 : 4;
        var household = new Household
        {
            Number = $"{village}{i:00000}", VillageCode = village, CountyCode = "540402", Status = HouseholdStatus.Exited,
            StatusYear = 2016 + i % 5, IdentifiedYear = 2014, PrimaryCause = PovertyCause.LackOfSkills,
        };
        for (var m = 0; m < size; m++)
            household.Members.Add(new Member
            {
                Name = $"成员{i}-{m}", ResidentId = $"540402{1960 + m * 10}0101{i % 10_000:0000}", CountyCode = "540402",
                Relation = m == 0 ? Relation.Head : Relation.Other, BirthDate = new DateOnly(1960 + m * 10, 1, 1),
            });
        household.Incomes.Add(Income(household, 2015, size, 2_855m));
        household.Incomes.Add(Income(household, 2020, size, 12_975m));
        return household;
    }

    private static HouseholdIncome Income(Household h, int year, int size, decimal perCapita) =>
        new() { Year = year, CountyCode = h.CountyCode, MembersCounted = size, Wages = new Money(perCapita * size) };

    private static YearEndSnapshot Snapshot(long id, string village, string county, int people, int year, HouseholdStatus status, decimal perCapita, bool exited, DateTime at) =>
        new()
        {
            Year = year, HouseholdId = id, VillageCode = village, CountyCode = county, Status = status, People = people,
            PerCapitaNetIncomeFen = (long)(perCapita * 100), ExitedInYear = exited, FrozenAt = at,
        };

    private static async Task<JsonElement> FiguresAsync(HttpClient client, string asOf) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/stats/{City}?asOf={asOf}", Ct)).GetProperty("area").GetProperty("figures");

    [Fact]
    public async Task The_city_report_shows_8895_households_and_34739_people_exited()
    {
        var host = await RegistryAsync();
        using var client = await host.SignInAsync("nation");

        foreach (var asOf in new[] { "live", "2020" })
        {
            var figures = await FiguresAsync(client, asOf);
            Assert.Equal(Households, figures.GetProperty("exitedHouseholds").GetInt32());
            Assert.Equal(People, figures.GetProperty("exitedPeople").GetInt32());
            Assert.Equal(0, figures.GetProperty("currentPoorPeople").GetInt32());
        }
    }

    [Fact]
    public async Task Incidence_falls_from_16_42_percent_in_2015_to_zero_in_2020()
    {
        var host = await RegistryAsync();
        using var client = await host.SignInAsync("nation");

        var y2015 = await FiguresAsync(client, "2015");
        var y2020 = await FiguresAsync(client, "2020");

        Assert.Equal(People, y2015.GetProperty("currentPoorPeople").GetInt32());
        Assert.Equal(RuralPopulation, y2015.GetProperty("ruralPopulation").GetInt32());
        Assert.Equal(16.42, y2015.GetProperty("incidencePercent").GetDouble());
        Assert.Equal(0.0, y2020.GetProperty("incidencePercent").GetDouble());
    }

    [Fact]
    public async Task Per_capita_net_income_rises_from_2855_to_12975_yuan()
    {
        var host = await RegistryAsync();
        using var client = await host.SignInAsync("nation");

        var y2015 = await client.GetFromJsonAsync<JsonElement>($"/api/stats/{City}/income/2015", Ct);
        var y2020 = await client.GetFromJsonAsync<JsonElement>($"/api/stats/{City}/income/2020", Ct);

        Assert.Equal(2_855m, y2015.GetProperty("meanPerCapita").GetProperty("yuan").GetDecimal());
        Assert.Equal(12_975m, y2020.GetProperty("meanPerCapita").GetProperty("yuan").GetDecimal());
        Assert.Equal(12_975m, y2020.GetProperty("medianPerCapita").GetProperty("yuan").GetDecimal());
        Assert.Equal(People, y2020.GetProperty("people").GetInt32());
    }
}

/// <summary>An empty registry (no demo county) on each provider.</summary>
public sealed class EmptySqliteHost() : HostFixture(Engine.Sqlite, new() { ["demo-households"] = "0" });

public sealed class EmptyPostgresHost() : HostFixture(Engine.Postgres, new() { ["demo-households"] = "0" });

public sealed class SqliteLinzhiReferenceTests(EmptySqliteHost fixture) : LinzhiReferenceTests(fixture), IClassFixture<EmptySqliteHost>;

public sealed class PostgresLinzhiReferenceTests(EmptyPostgresHost fixture) : LinzhiReferenceTests(fixture), IClassFixture<EmptyPostgresHost>;
