using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;
using Jingzhun.Data.Registry;

namespace Jingzhun.Web.Tests.Workflows;

/// <summary>Households made to measure for the case scenarios, and the case API called as a person would.</summary>
public static class CaseFixtures
{
    public const string Village = "990121001001";
    public const int Year = 2025;
    private static int _next = 9000;

    /// <summary>
    /// A new household of the demo village with one insured adult, safe housing and water, and the
    /// given per-capita income in the last two years: 9,000 yuan makes a poor household exit-ready,
    /// 1,500 makes any household eligible for identification. It is registered as the create form does
    /// (not poor, number given by the system); a poor or exited one then gets its status as a county's
    /// first load brings it in (identified in 2016, marked as the initial load), through the data layer.
    /// </summary>
    public static async Task<Household> CreateHouseholdAsync(JingzhunDbContext db, HouseholdStatus status, decimal perCapita, CancellationToken ct,
        int[]? years = null)
    {
        var n = Interlocked.Increment(ref _next);
        var form = new HouseholdForm
        {
            VillageCode = Village, PrimaryCause = status == HouseholdStatus.NotPoor ? PovertyCause.None : PovertyCause.Illness,
            HousingSafety = HousingSafetyGrade.A, DrinkingWater = DrinkingWater.Safe, HousingAreaM2 = 80,
        };
        var head = new MemberForm { Name = $"案例户{n}", ResidentId = ResidentId.Create("990121", new DateOnly(1975, 3, 1 + n % 28), n % 500 * 2 + 1).Value, Relation = Relation.Head };
        var created = await RegistryEditing.CreateAsync(db, form, [head], "case scenario fixture", DateTime.UtcNow, ct);
        Assert.True(created.Outcome == EditOutcome.Saved, string.Join("; ", created.Errors.Select(e => e.Message(true))));
        if (status != HouseholdStatus.NotPoor)
        {
            var household = created.Value!;
            household.ChangeStatus(HouseholdStatus.Poor, 2016, "case scenario fixture", "test", DateTime.UtcNow).Source = StatusChangeSource.InitialLoad;
            if (status != HouseholdStatus.Poor)
                household.ChangeStatus(status, 2018, "case scenario fixture", "test", DateTime.UtcNow).Source = StatusChangeSource.InitialLoad;
            household.IdentifiedYear = 2016;
            await db.SaveChangesAsync(ct);
        }
        foreach (var year in years ?? [Year - 1, Year])
        {
            var income = await RegistryEditing.SetIncomeAsync(db, created.Value!.Id, new IncomeForm { Year = year, MembersCounted = 1, Wages = perCapita },
                DateTime.UtcNow, ct);
            Assert.True(income.Outcome == EditOutcome.Saved, string.Join("; ", income.Errors.Select(e => e.Message(true))));
        }
        return created.Value!;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string url, object body, CancellationToken ct)
    {
        var response = await client.PostAsJsonAsync(url, body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Opens a household case through the API and returns its id.</summary>
    public static async Task<long> OpenAsync(HttpClient client, string kind, long householdId, CancellationToken ct, string reason = "")
    {
        var (status, body) = await PostAsync(client, "/api/cases", new { kind, householdId, reason }, ct);
        Assert.True(status == HttpStatusCode.Created, $"open {kind} answered {(int)status}: {body}");
        return body.GetProperty("case").GetProperty("id").GetInt64();
    }

    /// <summary>Advances a case and checks the answer; returns the stage it is at afterwards.</summary>
    public static async Task<string> AdvanceAsync(HttpClient client, long caseId, CancellationToken ct, object? body = null,
        HttpStatusCode expect = HttpStatusCode.OK)
    {
        var (status, answer) = await PostAsync(client, $"/api/cases/{caseId}/advance", body ?? new { comment = "同意" }, ct);
        Assert.True(status == expect, $"advance case {caseId} answered {(int)status}, expected {(int)expect}: {answer}");
        return status == HttpStatusCode.OK ? answer.GetProperty("case").GetProperty("stage").GetString()! : "";
    }

    public static object Votes => new { comment = "村民代表会议评议", votesFor = 23, votesAgainst = 2, attachments = "评议记录.pdf; 签到表.jpg" };
}
