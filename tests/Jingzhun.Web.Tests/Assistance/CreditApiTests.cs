using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.AssistanceCredit;

/// <summary>
/// Microcredit through the API and pages, on both engines: 92 → 5万, 75 → 1万, 65 → none, a loan over 5万 refused naming the
/// rule with nothing stored; repayments that settle; one extension; the overdue list exact for a crafted set of loans as the
/// clock moves; the household section with overdue loans in red; the xlsx; wrong roles 403 with nothing changed; bad bodies 4xx.
/// </summary>
public abstract class CreditApiTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Village = "990121001001";

    /// <summary>
    /// Households of the village not used by another test of the class: each test takes its own slice of those the demo
    /// has not rated, lent to or relocated (its exited households have credit histories too).
    /// </summary>
    private async Task<List<long>> HouseholdsAsync(string village, int skip, int take)
    {
        await using var db = Host.OpenDatabase();
        return await db.Households.Where(h => h.VillageCode == village && !db.CreditRatings.Any(r => r.HouseholdId == h.Id && r.RatedBy == "demo")
                && !db.Relocations.Any(r => r.HouseholdId == h.Id && r.RecordedBy == "demo"))
            .OrderBy(h => h.Id).Skip(skip).Take(take).Select(h => h.Id).ToListAsync(Ct);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

    private async Task<(int Ratings, int Loans, int Repayments, int Relocations, int FollowUps, string LoanStates)> CountsAsync()
    {
        await using var db = Host.OpenDatabase();
        var states = string.Join(",", await db.Loans.OrderBy(l => l.Id).Select(l => $"{l.Id}:{l.State}:{l.Version}").ToListAsync(Ct));
        return (await db.CreditRatings.CountAsync(Ct), await db.Loans.CountAsync(Ct), await db.Repayments.CountAsync(Ct), await db.Relocations.CountAsync(Ct),
            await db.RelocationFollowUps.CountAsync(Ct), states);
    }

    private string Today => DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

    [Fact]
    public async Task A_rating_of_92_gives_5_wan_75_gives_1_wan_65_gives_none_and_a_loan_over_5_wan_is_refused()
    {
        var h = await HouseholdsAsync(Village, 0, 3);
        var county = await Host.SignInAsync("county");
        var village = await Host.SignInAsync("village");

        async Task<JsonNode> RateAsync(HttpClient client, long id, int integrity, int income, int labour)
        {
            var response = await client.PostAsJsonAsync($"/api/households/{id}/credit-ratings", new { integrity, income, labour }, Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return await JsonAsync(response);
        }
        var good = await RateAsync(village, h[0], 65, 18, 9);
        Assert.Equal(92, (int)good["score"]!);
        Assert.Equal("Good", (string)good["grade"]!);
        Assert.Equal(50_000m, (decimal)good["creditLine"]!);
        var average = await RateAsync(county, h[1], 55, 12, 8);
        Assert.Equal(75, (int)average["score"]!);
        Assert.Equal("Average", (string)average["grade"]!);
        Assert.Equal(10_000m, (decimal)average["creditLine"]!);
        var none = await RateAsync(county, h[2], 50, 10, 5);
        Assert.Equal("Unrated", (string)none["grade"]!);
        Assert.Equal(0m, (decimal)none["creditLine"]!);

        // Over 5万: refused, naming the rule, nothing stored.
        var before = await CountsAsync();
        var refused = await county.PostAsJsonAsync($"/api/households/{h[0]}/loans",
            new { bank = "农商银行", amount = 50_000.01m, termMonths = 36, ratePercent = 4.35m, subsidyYears = 3, purpose = "养殖" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = (string)(await JsonAsync(refused))["errors"]!["Amount"]![0]!;
        Assert.Contains("5万元以下", message, StringComparison.Ordinal);
        Assert.Contains("人类减贫的中国实践", message, StringComparison.Ordinal);
        // Over the household's 1万 line, and no line at all.
        var overLine = await county.PostAsJsonAsync($"/api/households/{h[1]}/loans",
            new { bank = "农商银行", amount = 10_000.5m, termMonths = 12, purpose = "种植" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, overLine.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/households/{h[2]}/loans",
            new { bank = "农商银行", amount = 1_000m, termMonths = 12, purpose = "种植" }, Ct)).StatusCode);
        // A term over 3 years, a subsidy longer than the term.
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/households/{h[0]}/loans",
            new { bank = "农商银行", amount = 1_000m, termMonths = 37, purpose = "种植" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/households/{h[0]}/loans",
            new { bank = "农商银行", amount = 1_000m, termMonths = 12, subsidyYears = 2, purpose = "种植" }, Ct)).StatusCode);
        Assert.Equal(before, await CountsAsync());

        // 5万 exactly is lent; the line is then used up.
        var lent = await county.PostAsJsonAsync($"/api/households/{h[0]}/loans",
            new { bank = "农商银行", amount = 50_000m, termMonths = 36, ratePercent = 4.35m, subsidyYears = 3, purpose = "养殖" }, Ct);
        Assert.Equal(HttpStatusCode.Created, lent.StatusCode);
        var loan = await JsonAsync(lent);
        var loanId = (long)loan["id"]!;
        Assert.Equal("Outstanding", (string)loan["state"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/households/{h[0]}/loans",
            new { bank = "农商银行", amount = 1m, termMonths = 12, purpose = "再贷" }, Ct)).StatusCode);

        // Repayments: never more than outstanding; the loan settles at zero.
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/households/{h[0]}/loans/{loanId}/repayments",
            new { principal = 50_000.01m }, Ct)).StatusCode);
        var part = await county.PostAsJsonAsync($"/api/households/{h[0]}/loans/{loanId}/repayments",
            new { paidOn = Today, principal = 20_000m, interest = 870m, interestSubsidy = 870m }, Ct);
        Assert.Equal(HttpStatusCode.Created, part.StatusCode);
        Assert.Equal(30_000m, (decimal)(await JsonAsync(part))["loan"]!["outstanding"]!);
        var rest = await county.PostAsJsonAsync($"/api/households/{h[0]}/loans/{loanId}/repayments", new { principal = 30_000m }, Ct);
        Assert.Equal(HttpStatusCode.Created, rest.StatusCode);
        var settled = (await JsonAsync(rest))["loan"]!;
        Assert.Equal("Repaid", (string)settled["state"]!);
        Assert.Equal(0m, (decimal)settled["outstanding"]!);
        Assert.Equal(Today, (string)settled["settledOn"]!);

        // A new rating replaces the last, which stays; each rating's decision is kept with the rule set.
        await RateAsync(county, h[0], 50, 15, 8);
        await using (var db = Host.OpenDatabase())
        {
            // (The demo's village rating group may have rated the household before: those are left aside.)
            var ratings = await db.CreditRatings.Where(r => r.HouseholdId == h[0] && r.RatedBy != "村评级小组").OrderBy(r => r.Id).ToListAsync(Ct);
            Assert.Equal([false, true], ratings.Select(r => r.IsCurrent));
            Assert.All(ratings, r => Assert.False(string.IsNullOrEmpty(r.RuleSet)));
            Assert.Equal(2, await db.Decisions.CountAsync(d => d.HouseholdId == h[0] && d.Rule == "microcredit.rating", Ct));
        }

        // An extension, once, with its reason in the change history.
        var small = await county.PostAsJsonAsync($"/api/households/{h[1]}/loans", new { bank = "信用社", amount = 8_000m, termMonths = 12, purpose = "种植" }, Ct);
        var smallLoan = await JsonAsync(small);
        var due = DateOnly.Parse((string)smallLoan["dueOn"]!);
        var extend = $"/api/households/{h[1]}/loans/{(long)smallLoan["id"]!}/extend";
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync(extend, new { dueOn = due.AddMonths(13).ToString("yyyy-MM-dd"), reason = "受灾" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync(extend, new { dueOn = due.AddMonths(6).ToString("yyyy-MM-dd") }, Ct)).StatusCode);
        var extended = await county.PostAsJsonAsync(extend, new { dueOn = due.AddMonths(6).ToString("yyyy-MM-dd"), reason = "受灾减产" }, Ct);
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        Assert.Equal("Extended", (string)(await JsonAsync(extended))["state"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync(extend, new { dueOn = due.AddMonths(9).ToString("yyyy-MM-dd"), reason = "再次" }, Ct)).StatusCode);
        await using (var db = Host.OpenDatabase())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == "MicroLoan" && a.Reason != null && a.Reason.Contains("受灾减产"), Ct));
    }

    [Fact]
    public async Task The_rating_and_loan_forms_refuse_at_the_field_and_record_on_a_phone()
    {
        var h = await HouseholdsAsync(Village, 3, 1);
        var county = await Host.SignInAsync("county");
        var url = $"/households/{h[0]}/credit";
        var form = await county.GetFormAsync(url, "rate-form");
        form["Rate.Integrity"] = "70"; form["Rate.Income"] = "20"; form["Rate.Labour"] = "11";
        var (response, html) = await county.PostFormAsync(url + "?handler=Rate", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches("id=\"rate-labour\"[^>]*/>\\s*<span[^>]*>[^<]*0到10", html);
        form["Rate.Labour"] = "2";
        (response, _) = await county.PostFormAsync(url + "?handler=Rate", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var lend = await county.GetFormAsync(url, "lend-form");
        lend["Lend.Bank"] = "农商银行"; lend["Lend.Amount"] = "60000"; lend["Lend.TermMonths"] = "24"; lend["Lend.Purpose"] = "养殖";
        (response, html) = await county.PostFormAsync(url + "?handler=Lend", lend);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches("id=\"lend-amount\"[^>]*/>\\s*<span[^>]*>[^<]*5万元以下", html);
        lend["Lend.Amount"] = "20000";
        (response, _) = await county.PostFormAsync(url + "?handler=Lend", lend);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, page) = await county.GetPageAsync($"/households/{h[0]}");
        Assert.Contains("id=\"credit-line\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"credit-loans\"", page, StringComparison.Ordinal);

        // The village clerk rates but does not lend: no loan form, and a forged post is 403 with nothing stored.
        var village = await Host.SignInAsync("village");
        var (_, own) = await village.GetPageAsync(url);
        Assert.Contains("id=\"rate-form\"", own, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"lend-form\"", own, StringComparison.Ordinal);
        var before = await CountsAsync();
        var forged = HtmlForm.Parse(own, "rate-form");
        foreach (var f in lend.Fields.Where(f => f.Key.StartsWith("Lend.", StringComparison.Ordinal))) forged[f.Key] = f.Value;
        (response, _) = await village.PostFormAsync(url + "?handler=Lend", forged);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_overdue_list_is_exact_for_a_crafted_set_of_loans_as_the_clock_moves()
    {
        // A village of its own, so that the list holds only these loans.
        string village;
        await using (var db = Host.OpenDatabase())
            village = await db.Households.Where(h => h.VillageCode != Village && h.VillageCode != "990121001002"
                    && !db.Loans.Any(l => l.Household!.VillageCode == h.VillageCode)          // the demo county's own loans and ratings
                    && !db.CreditRatings.Any(r => r.Household!.VillageCode == h.VillageCode)) // are in other villages
                .Select(h => h.VillageCode).OrderByDescending(v => v).FirstAsync(Ct);
        var h = await HouseholdsAsync(village, 0, 5);
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var issued = new[] { today.AddDays(-400), today.AddDays(-400), today.AddDays(-420), today.AddDays(-100), today.AddDays(-380) };
        var loans = new List<MicroLoan>();
        await using (var db = Host.OpenDatabase())
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(EditOutcome.Saved,
                    (await MicrocreditWork.RateAsync(db, h[i], new RatingInput(66, 18, 9, today.AddDays(-500)), now, Ct)).Outcome);
                var lent = await MicrocreditWork.LendAsync(db, h[i], new LoanInput("农商银行", new Money(10_000m + i), issued[i], 12, 4.35m, 1, "养殖"), now, Ct);
                Assert.Equal(EditOutcome.Saved, lent.Outcome);
                loans.Add(lent.Value!);
            }
            // Loan 1 repaid in full, loan 2 in part, loan 4 extended by a year.
            await MicrocreditWork.RepayAsync(db, h[1], loans[1].Id, new RepaymentInput(today.AddDays(-50), new Money(10_001m), new Money(400m), new Money(400m)), now, Ct);
            await MicrocreditWork.RepayAsync(db, h[2], loans[2].Id, new RepaymentInput(today.AddDays(-30), new Money(4_000m), Money.Zero, Money.Zero), now, Ct);
            Assert.Equal(EditOutcome.Saved,
                (await MicrocreditWork.ExtendAsync(db, h[4], loans[4].Id, issued[4].AddMonths(24), "受灾", now, Ct)).Outcome);
        }
        var dues = issued.Select(d => d.AddMonths(12)).ToArray();
        int Days(int i, DateOnly on) => on.DayNumber - dues[i].DayNumber;

        var county = await Host.SignInAsync("county");
        async Task<List<(long Id, int Days, decimal Outstanding)>> OverdueAsync()
        {
            var json = await county.GetFromJsonAsync<JsonNode>($"/api/assistance/microcredit/{village}", Ct);
            return json!["overdue"]!.AsArray().Select(r => ((long)r!["loanId"]!, (int)r["daysOverdue"]!, (decimal)r["outstanding"]!)).ToList();
        }
        // Longest overdue first: loan 2 (due 420 days after… 20 days earlier) then loan 0.
        Assert.Equal([(loans[2].Id, Days(2, today), 6_002m), (loans[0].Id, Days(0, today), 10_000m)], await OverdueAsync());
        var totals = (await county.GetFromJsonAsync<JsonNode>($"/api/assistance/microcredit/{village}", Ct))!;
        Assert.Equal(5, (int)totals["loans"]!);
        Assert.Equal(50_010m, (decimal)totals["amount"]!);
        Assert.Equal(14_001m, (decimal)totals["repaid"]!);
        Assert.Equal(36_009m, (decimal)totals["outstanding"]!);
        Assert.Equal(2, (int)totals["overdueLoans"]!);
        Assert.Equal(MicrocreditWork.Rate(16_002m, 36_009m), (decimal)totals["overdueRate"]!);
        // 回收率 of the loans due (0, 1, 2): 14 001 of 30 003.
        Assert.Equal(MicrocreditWork.Rate(14_001m, 30_003m), (decimal)totals["repaymentRate"]!);
        Assert.Equal(5, (int)totals["householdsRated"]!);
        Assert.Equal(100m, (decimal)totals["creditRate"]!);

        // The page: the list, the household's section in red, and the xlsx with the same rows.
        var (status, html) = await county.GetPageAsync($"/assistance/microcredit/{village}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"data-loan=\"{loans[2].Id}\"", html, StringComparison.Ordinal);
        var (_, household) = await county.GetPageAsync($"/households/{h[0]}");
        Assert.Contains($"<tr data-loan=\"{loans[0].Id}\" class=\"warn overdue\">", household, StringComparison.Ordinal);
        var xlsx = await county.GetAsync($"/assistance/microcredit/{village}?handler=Xlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)), useHeaderRow: true)
            .Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal([Days(2, today), Days(0, today)], rows.Select(r => Convert.ToInt32(r["逾期天数"])));

        // 300 days on: loan 3 falls due and overdue, the extended loan 4 too.
        Host.Clock.Advance(TimeSpan.FromDays(300));
        county = await Host.SignInAsync("county"); // the session of 300 days ago has ended
        var later = today.AddDays(300);
        var expected = new[] { 2, 0, 3, 4 }.Where(i => later > (i == 4 ? issued[4].AddMonths(24) : dues[i]))
            .Select(i => (loans[i].Id, later.DayNumber - (i == 4 ? issued[4].AddMonths(24) : dues[i]).DayNumber,
                i switch { 2 => 6_002m, _ => 10_000m + i }))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Id).ToList();
        Assert.Equal(expected, await OverdueAsync());
        Assert.Contains(expected, e => e.Id == loans[3].Id);
    }

    [Fact]
    public async Task Wrong_roles_are_refused_with_403_and_nothing_changes()
    {
        var h = await HouseholdsAsync(Village, 5, 2);
        var county = await Host.SignInAsync("county");
        await county.PostAsJsonAsync($"/api/households/{h[0]}/credit-ratings", new { integrity = 70, income = 20, labour = 10 }, Ct);
        var loanId = (long)(await JsonAsync(await county.PostAsJsonAsync($"/api/households/{h[0]}/loans",
            new { bank = "农商银行", amount = 5_000m, termMonths = 12, purpose = "种植" }, Ct)))["id"]!;
        var before = await CountsAsync();
        async Task RefusedAsync(string user, string url, object body, HttpStatusCode expected = HttpStatusCode.Forbidden)
        {
            var client = await Host.SignInAsync(user);
            var response = await client.PostAsJsonAsync(url, body, Ct);
            Assert.True(expected == response.StatusCode, $"{user} {url}: {(int)response.StatusCode}");
        }
        await RefusedAsync("cadre", $"/api/households/{h[1]}/credit-ratings", new { integrity = 70, income = 20, labour = 10 });
        await RefusedAsync("village", $"/api/households/{h[0]}/loans", new { bank = "农商银行", amount = 1_000m, termMonths = 12, purpose = "种植" });
        await RefusedAsync("workteam", $"/api/households/{h[0]}/loans/{loanId}/repayments", new { principal = 100m });
        await RefusedAsync("village", $"/api/households/{h[0]}/loans/{loanId}/extend", new { dueOn = "2099-01-01", reason = "x" });
        await RefusedAsync("auditor", $"/api/households/{h[1]}/credit-ratings", new { integrity = 70, income = 20, labour = 10 });
        await RefusedAsync("city", $"/api/households/{h[1]}/credit-ratings", new { integrity = 70, income = 20, labour = 10 });
        // Another village's clerk does not see the household at all.
        await RefusedAsync("village2", $"/api/households/{h[1]}/credit-ratings", new { integrity = 70, income = 20, labour = 10 }, HttpStatusCode.NotFound);
        Assert.Equal(before, await CountsAsync());
        // The assessor reads no area lists.
        var assessor = await Host.SignInAsync("assessor");
        Assert.Equal(HttpStatusCode.Forbidden, (await assessor.GetAsync($"/api/assistance/microcredit/{Village}", Ct)).StatusCode);
        var village2 = await Host.SignInAsync("village2");
        Assert.Equal(HttpStatusCode.NotFound, (await village2.GetAsync($"/api/assistance/microcredit/{Village}", Ct)).StatusCode);
    }

    private static readonly string[] Keys =
    [
        "integrity", "income", "labour", "ratedOn", "bank", "amount", "issuedOn", "termMonths", "ratePercent", "subsidyYears", "purpose", "paidOn",
        "principal", "interest", "interestSubsidy", "dueOn", "reason",
    ];

    private static readonly Gen<JsonNode?> Value = Gen.OneOf<JsonNode?>(
        Gen.Int[0, 0].Select(_ => (JsonNode?)null),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Long.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Decimal.Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Double.Select(d => (JsonNode?)(double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create("NaN"))),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.OneOf("2025-02-30", "9999-12-31", "0001-01-01", "2024-06-01", "", "1e400", "Good", "-1").Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Int[0, 0].Select(_ => (JsonNode?)new JsonArray(1, 2)),
        Gen.Int[0, 0].Select(_ => (JsonNode?)new JsonObject { ["x"] = 1 }));

    private static readonly Gen<string> Body = Gen.OneOf(
        Gen.Select(Gen.Int[0, Keys.Length - 1].Array[0, 8], Value.Array[8]).Select((keys, values) =>
        {
            var o = new JsonObject();
            for (var i = 0; i < keys.Length; i++) o[Keys[keys[i]]] = values[i]?.DeepClone();
            return o.ToJsonString();
        }),
        Gen.OneOf("", "{", "[]", "null", "123", "\"x\"", "{\"amount\": 1e400}", "{\"termMonths\": 99999999999}", "{\"amount\": -5}"));

    [Fact]
    public async Task Bad_request_bodies_answer_4xx_and_never_500()
    {
        var h = await HouseholdsAsync(Village, 7, 1);
        var county = await Host.SignInAsync("county");
        await county.PostAsJsonAsync($"/api/households/{h[0]}/credit-ratings", new { integrity = 70, income = 20, labour = 10 }, Ct);
        var loanId = (long)(await JsonAsync(await county.PostAsJsonAsync($"/api/households/{h[0]}/loans",
            new { bank = "农商银行", amount = 2_000m, termMonths = 12, purpose = "种植" }, Ct)))["id"]!;
        string[] routes =
        [
            $"/api/households/{h[0]}/credit-ratings", $"/api/households/{h[0]}/loans", $"/api/households/{h[0]}/loans/{loanId}/repayments",
            $"/api/households/{h[0]}/loans/{loanId}/extend",
        ];
        var failures = new List<string>();
        await Body.SampleAsync(async body =>
        {
            foreach (var route in routes)
            {
                var response = await county.PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"), Ct);
                if ((int)response.StatusCode >= 500) failures.Add($"{route} {body} → {(int)response.StatusCode}");
            }
        }, iter: 40, threads: 1);
        Assert.Empty(failures);
    }
}

public sealed class SqliteCreditApiTests(SqliteHost fixture) : CreditApiTests(fixture), IClassFixture<SqliteHost>;

public sealed class PostgresCreditApiTests(PostgresHost fixture) : CreditApiTests(fixture), IClassFixture<PostgresHost>;
