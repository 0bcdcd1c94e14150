using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Exit;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Statistics;

/// <summary>Poverty measures of an area through the API, checked against a count over the registry.</summary>
public abstract class MeasuresApiTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task County_headcount_and_guarantee_index_equal_a_count_over_the_registry()
    {
        var county = await Host.SignInAsync("county");
        var view = (await county.GetFromJsonAsync<JsonObject>("/api/stats/990121000000/measures/2025", Ct))!;

        await using var db = Host.OpenDatabase();
        var households = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.Incomes)
            .Where(h => h.Status != HouseholdStatus.NotPoor && h.Status != HouseholdStatus.Removed && h.Incomes.Any(i => i.Year == 2025))
            .ToListAsync(Ct);
        var line = PovertyLines.NationalRuleSet(2025).PovertyLine;
        double people = 0, poorPeople = 0, multiplyDeprived = 0;
        foreach (var h in households)
        {
            var income = h.IncomeIn(2025)!.Value;
            people += income.MembersCounted;
            if (income.PerCapitaNetIncome.Yuan < line) poorPeople += income.MembersCounted;
            var asOf = new DateOnly(2025, 12, 31);
            var present = h.Members.Where(m => m.State == MemberState.Present).ToList();
            var deprivations = new[]
            {
                income.PerCapitaNetIncome.Yuan <= line,
                present.Any(m => m.AgeOn(asOf) is >= 6 and <= 15 && m.Schooling is SchoolingStatus.DroppedOut or SchoolingStatus.NotStudent or SchoolingStatus.Preschool),
                present.Any(m => !m.HasMedicalInsurance),
                h.HousingSafety is not (HousingSafetyGrade.A or HousingSafetyGrade.B),
                h.DrinkingWater != DrinkingWater.Safe,
            }.Count(d => d);
            if (deprivations >= 2) multiplyDeprived += income.MembersCounted;
        }
        Assert.Equal(poorPeople / people, (double)view["income"]!["headcount"]!, 9);
        Assert.Equal(multiplyDeprived / people, (double)view["guarantees"]!["h"]!, 9);
        Assert.True((double)view["guarantees"]!["m0"]! <= (double)view["guarantees"]!["h"]!);
        var contributions = view["guarantees"]!["byArea"]!.AsArray().Sum(a => (double)a!["contribution"]!);
        Assert.Equal((double)view["guarantees"]!["m0"]!, contributions, 9);
    }

    [Fact]
    public async Task A_higher_line_raises_the_headcount_and_a_village_clerk_cannot_ask_for_the_county()
    {
        var county = await Host.SignInAsync("county");
        var atLine = (await county.GetFromJsonAsync<JsonObject>("/api/stats/990121000000/measures/2025", Ct))!;
        var higher = (await county.GetFromJsonAsync<JsonObject>("/api/stats/990121000000/measures/2025?line=8000", Ct))!;
        Assert.True((double)higher["income"]!["headcount"]! > (double)atLine["income"]!["headcount"]!);
        Assert.Equal(8000m, (decimal)higher["line"]!);
        var clerk = await Host.SignInAsync("village");
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync("/api/stats/990121000000/measures/2025", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/api/stats/990121001001/measures/2025", Ct)).StatusCode);
    }
}

public sealed class MeasuresApiOnSqlite(SqliteHost host) : MeasuresApiTests(host), IClassFixture<SqliteHost>;

public sealed class MeasuresApiOnPostgres(PostgresHost host) : MeasuresApiTests(host), IClassFixture<PostgresHost>;
