using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Jingzhun.Data.Assistance;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Assistance;

/// <summary>
/// One plan per household through the real host, on both engines: a plan and its measures made on the pages appear on the
/// household page and in the printable 明白卡; a new plan supersedes the old one, which stays as history; an assistance
/// cadre changes only its own households' plans (403 and nothing changed elsewhere, page and API); other roles are
/// refused; generated bad bodies for the measure API answer 4xx and store nothing; the measure form refuses bad input at the field.
/// </summary>
public abstract partial class PlanPageTests(HostFixture fixture)
{
    private const string Village = "990121001001";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A household of the cadre's (paired with the demo cadre account), and one of its village that is not.</summary>
    private async Task<(long Paired, long Unpaired)> HouseholdsAsync()
    {
        await using var db = Host.OpenDatabase();
        var account = await db.Accounts.Where(a => a.UserName == "cadre").Select(a => a.Id).SingleAsync(Ct);
        var paired = await db.CadrePairings.Where(p => p.EndedOn == null && p.Cadre!.AccountId == account).OrderBy(p => p.HouseholdId).Select(p => p.HouseholdId).ToListAsync(Ct);
        var unpaired = await db.Households.Where(h => h.VillageCode == Village && !db.CadrePairings.Any(p => p.HouseholdId == h.Id && p.EndedOn == null && p.Cadre!.AccountId == account))
            .OrderBy(h => h.Id).Select(h => h.Id).ToListAsync(Ct);
        return (paired[Random.Shared.Next(paired.Count)], unpaired[Random.Shared.Next(unpaired.Count)]);
    }

    /// <summary>A new household of the village, not paired with the demo cadre, with no plan, need or measure yet (the demo gives most households theirs).</summary>
    private async Task<long> FreshHouseholdAsync()
    {
        await using var db = Host.OpenDatabase();
        var created = await Jingzhun.Data.Registry.RegistryEditing.CreateAsync(db, Hosting.WriteRoutes.NewForm(),
            [Hosting.WriteRoutes.NewMember(Jingzhun.Domain.Registry.Relation.Head)], "plan page tests", Host.Clock.GetUtcNow().UtcDateTime, Ct);
        Assert.Equal(Jingzhun.Data.Registry.EditOutcome.Saved, created.Outcome);
        Assert.Equal(Village, created.Value!.VillageCode);
        return created.Value.Id;
    }

    /// <summary>What a refused call could have changed on a household: its plans, needs, measures and funding rows.</summary>
    private async Task<string> FingerprintAsync(long householdId)
    {
        await using var db = Host.OpenDatabase();
        var plans = await db.Plans.Where(p => p.HouseholdId == householdId).OrderBy(p => p.Id).Select(p => $"{p.Id}:{p.State}:{p.Version}").ToListAsync(Ct);
        var needs = await db.Needs.Where(n => n.HouseholdId == householdId).OrderBy(n => n.Id).Select(n => $"{n.Id}:{n.State}:{n.Version}").ToListAsync(Ct);
        var measures = await db.Measures.Where(m => m.HouseholdId == householdId).OrderBy(m => m.Id).Select(m => $"{m.Id}:{m.State}:{m.Version}").ToListAsync(Ct);
        var funding = await db.MeasureFunding.Where(f => f.HouseholdId == householdId).OrderBy(f => f.Id).Select(f => $"{f.Id}").ToListAsync(Ct);
        var fundingAmounts = (await db.MeasureFunding.Where(f => f.HouseholdId == householdId).OrderBy(f => f.Id).Select(f => f.Amount).ToListAsync(Ct)).Select(a => a.ToString());
        return string.Join("|", plans.Concat(["/"]).Concat(needs).Concat(["/"]).Concat(measures).Concat(["/"]).Concat(funding).Concat(fundingAmounts));
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string url, object body) =>
        await client.PostAsJsonAsync(url, body, RegistryApiTests.Json, Ct);

    private static object PlanBody(string goals, int from = 2026) => new
    {
        fromYear = from, toYear = from + 2, goals, targetIncomePerCapita = 7000m, deadline = $"{from + 2}-12-31",
    };

    [Fact]
    public async Task A_plan_and_its_measures_made_on_the_pages_appear_on_the_household_page_and_in_the_card()
    {
        var id = await FreshHouseholdAsync();
        var clerk = await Host.SignInAsync("village");

        var household = await clerk.GetPageAsync($"/households/{id}");
        Assert.Contains("id=\"plan\"", household.Html);
        Assert.Contains($"href=\"/households/{id}/plan\"", household.Html);
        Assert.Contains($"href=\"/households/{id}/measures/new\"", household.Html);

        var plan = await clerk.GetFormAsync($"/households/{id}/plan", "plan-form");
        plan["Form.Goals"] = "发展黄牛养殖，三年内人均纯收入超过8000元";
        plan["Form.TargetIncomePerCapita"] = "8000";
        var (saved, _) = await clerk.PostFormAsync($"/households/{id}/plan", plan);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var measure = await clerk.GetFormAsync($"/households/{id}/measures/new", "measure-form");
        measure["Form.Type"] = nameof(MeasureType.Microcredit);
        measure["Form.Programme"] = "MIC-LOAN";
        measure["Form.Description"] = "贷款5万元购买黄牛";
        measure["Form.Funding[8].Amount"] = "50000"; // 信贷资金
        measure["Form.Funding[2].Amount"] = "1200.5"; // 市县财政资金 (贴息)
        measure["Form.State"] = nameof(MeasureState.Active);
        var (added, addedHtml) = await clerk.PostFormAsync($"/households/{id}/measures/new", measure);
        Assert.True(added.StatusCode == HttpStatusCode.Redirect, addedHtml);

        await using (var db = Host.OpenDatabase())
        {
            var m = await db.Measures.SingleAsync(x => x.HouseholdId == id && x.Programme == "MIC-LOAN", Ct);
            Assert.Equal(51_200.5m, m.Funds!.Value.Yuan);
            Assert.Equal(await db.Plans.Where(p => p.HouseholdId == id && p.State == PlanState.InForce).Select(p => (long?)p.Id).SingleAsync(Ct), m.PlanId);
        }

        // A suggested programme fills the form's type and programme; nothing is recorded until the form is saved.
        var suggested = await clerk.GetFormAsync($"/households/{id}/measures/new?programme=HOU-RENOVATE", "measure-form");
        Assert.Equal((nameof(MeasureType.HousingRenovation), "HOU-RENOVATE"), (suggested["Form.Type"], suggested["Form.Programme"]));

        // The household page shows the plan and the measure, with its state and funds.
        var page = (await clerk.GetPageAsync($"/households/{id}")).Html;
        Assert.Contains("发展黄牛养殖", page);
        Assert.Contains("扶贫小额信贷", page);
        Assert.Contains("贷款5万元购买黄牛", page);
        Assert.Contains("51200.50", page);
        Assert.Contains("实施中", page);
        Assert.DoesNotContain(">Microcredit<", page);

        // The card lists the household, the plan's goals and the measure with its amount and year — and no ID number.
        var (status, card) = await clerk.GetPageAsync($"/households/{id}/card");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("精准扶贫明白卡", card);
        Assert.Contains("发展黄牛养殖", card);
        Assert.Contains("扶贫小额信贷", card);
        Assert.Contains("51200.50", card);
        Assert.Contains("信贷资金 50000.00", card);
        Assert.Contains($"<td>{DateTime.UtcNow.Year}</td>", card.Replace("\n", ""));
        await using (var db = Host.OpenDatabase())
        {
            var h = await db.Households.AsNoTracking().Include(x => x.Members).SingleAsync(x => x.Id == id, Ct);
            Assert.Contains(h.Number, card);
            Assert.Contains(h.Head!.Name, card);
            foreach (var member in h.Members)
            {
                Assert.DoesNotContain(member.ResidentId, card);
                Assert.DoesNotContain(Masking.ResidentId(member.ResidentId), card);
            }
        }
        Assert.Contains("@media print", await (await clerk.GetAsync("/css/card.css", Ct)).Content.ReadAsStringAsync(Ct));

        // An auditor reads the section and prints the card, but is offered no change.
        var auditor = await Host.SignInAsync("auditor");
        var audited = (await auditor.GetPageAsync($"/households/{id}")).Html;
        Assert.Contains("扶贫小额信贷", audited);
        Assert.DoesNotContain($"/households/{id}/measures/new", audited);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetPageAsync($"/households/{id}/card")).Status);
    }

    [Fact]
    public async Task A_new_plan_supersedes_the_old_one_which_stays_in_the_history()
    {
        var id = await FreshHouseholdAsync();
        var clerk = await Host.SignInAsync("village");
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(clerk, $"/api/households/{id}/plan", PlanBody("第一份计划：种植花椒"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(clerk, $"/api/households/{id}/plan", PlanBody("第二份计划：外出务工", 2027))).StatusCode);

        var view = (await clerk.GetFromJsonAsync<JsonObject>($"/api/households/{id}/plan", RegistryApiTests.Json, Ct))!;
        Assert.Equal("第二份计划：外出务工", (string?)view["plan"]!["goals"]);
        var previous = Assert.Single(view["previousPlans"]!.AsArray());
        Assert.Equal("第一份计划：种植花椒", (string?)previous!["goals"]);
        Assert.Equal("Superseded", (string?)previous["state"]);

        var page = (await clerk.GetPageAsync($"/households/{id}/plan")).Html;
        Assert.Contains("id=\"previous-plans-table\"", page);
        Assert.Contains("第一份计划：种植花椒", page);
        Assert.Contains("已被新计划替代", page);
        Assert.Contains("另有1份以前的计划", (await clerk.GetPageAsync($"/households/{id}")).Html);
    }

    [Fact]
    public async Task An_assistance_cadre_changes_its_own_households_plan_and_is_refused_on_another_page_and_api_alike()
    {
        var (paired, unpaired) = await HouseholdsAsync();
        long otherMeasure;
        await using (var db = Host.OpenDatabase())
            otherMeasure = (await HouseholdPlans.AddMeasureAsync(db, unpaired, new MeasureInput(MeasureType.Health, "HEA-SERIOUS", 2026, null, null, null, "大病救助", []),
                new DateOnly(2026, 6, 1), Ct)).Value!.Id;
        var cadre = await Host.SignInAsync("cadre");

        // Its own household: the API and the page both take the plan.
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(cadre, $"/api/households/{paired}/plan", PlanBody("结对户计划"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(cadre, $"/api/households/{paired}/needs", new { area = "Health", description = "慢病用药" })).StatusCode);
        Assert.Contains($"/households/{paired}/measures/new", (await cadre.GetPageAsync($"/households/{paired}")).Html);
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetPageAsync($"/households/{paired}/plan")).Status);

        // Another household of its village: it reads it (card included) but every change is refused and nothing changes.
        var before = await FingerprintAsync(unpaired);
        var page = (await cadre.GetPageAsync($"/households/{unpaired}")).Html;
        Assert.Contains("id=\"plan\"", page);
        Assert.DoesNotContain($"/households/{unpaired}/plan\"", page);
        Assert.DoesNotContain($"href=\"/households/{unpaired}/measures/", page);
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetPageAsync($"/households/{unpaired}/card")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostJsonAsync(cadre, $"/api/households/{unpaired}/plan", PlanBody("越权计划"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostJsonAsync(cadre, $"/api/households/{unpaired}/needs", new { area = "Health", description = "越权" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostJsonAsync(cadre, $"/api/households/{unpaired}/measures",
            new { type = "Health", programme = "HEA-SERIOUS", year = 2026 })).StatusCode);
        var put = await cadre.PutAsJsonAsync($"/api/households/{unpaired}/measures/{otherMeasure}",
            new { type = "Health", programme = "HEA-SERIOUS", year = 2026, state = "Cancelled", stateReason = "越权作废" }, RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        foreach (var url in new[] { $"/households/{unpaired}/plan", $"/households/{unpaired}/measures/new", $"/households/{unpaired}/measures/{otherMeasure}" })
            Assert.Equal(HttpStatusCode.Forbidden, (await cadre.GetPageAsync(url)).Status);
        var token = ApiHost.AntiforgeryToken((await cadre.GetPageAsync($"/households/{paired}/plan")).Html);
        foreach (var (url, fields) in new[]
                 {
                     ($"/households/{unpaired}/plan", new Dictionary<string, string> { ["Form.FromYear"] = "2026", ["Form.ToYear"] = "2027", ["Form.Goals"] = "越权", ["Form.Deadline"] = "2027-12-31" }),
                     ($"/households/{unpaired}/plan?handler=Need", new Dictionary<string, string> { ["Need.Area"] = "Health", ["Need.Description"] = "越权" }),
                     ($"/households/{unpaired}/measures/new", new Dictionary<string, string> { ["Form.Type"] = "Health", ["Form.Year"] = "2026", ["Form.State"] = "Planned" }),
                     ($"/households/{unpaired}/measures/{otherMeasure}", new Dictionary<string, string> { ["Form.Type"] = "Health", ["Form.Year"] = "2026", ["Form.State"] = "Cancelled", ["Form.StateReason"] = "越权" }),
                 })
        {
            fields["__RequestVerificationToken"] = token;
            var response = await cadre.PostAsync(url, new FormUrlEncodedContent(fields), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url} → {(int)response.StatusCode}");
        }
        Assert.Equal(before, await FingerprintAsync(unpaired));
    }

    [Fact]
    public async Task Roles_that_may_not_plan_are_refused_on_the_pages_and_the_api()
    {
        var id = await FreshHouseholdAsync();
        var before = await FingerprintAsync(id);
        foreach (var user in new[] { "auditor", "city" })
        {
            var client = await Host.SignInAsync(user);
            Assert.Equal(HttpStatusCode.OK, (await client.GetPageAsync($"/households/{id}/card")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetPageAsync($"/households/{id}/plan")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetPageAsync($"/households/{id}/measures/new")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostJsonAsync(client, $"/api/households/{id}/plan", PlanBody("无权"))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostJsonAsync(client, $"/api/households/{id}/measures", new { type = "Health", year = 2026 })).StatusCode);
            var view = (await client.GetFromJsonAsync<JsonObject>($"/api/households/{id}/plan", RegistryApiTests.Json, Ct))!;
            Assert.False((bool)view["mayChange"]!);
        }
        // Another village's clerk does not find the household at all.
        var other = await Host.SignInAsync("village2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetPageAsync($"/households/{id}/card")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostJsonAsync(other, $"/api/households/{id}/plan", PlanBody("别村"))).StatusCode);
        Assert.Equal(before, await FingerprintAsync(id));
    }

    [Fact]
    public async Task The_catalogue_and_suggestions_come_from_the_api_with_their_reasons()
    {
        var clerk = await Host.SignInAsync("village");
        var catalogue = (await clerk.GetFromJsonAsync<JsonArray>("/api/assistance/catalogue", RegistryApiTests.Json, Ct))!;
        Assert.Equal(MeasureCatalogue.All.Count, catalogue.Count);
        Assert.Contains(catalogue, p => (string?)p!["code"] == "EDU-DROPOUT" && (string?)p["type"] == "Education");

        long id;
        await using (var db = Host.OpenDatabase())
            id = await db.Households.Where(h => h.VillageCode == Village && (h.PrimaryCause == PovertyCause.Illness)).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
        var suggestions = (await clerk.GetFromJsonAsync<JsonArray>($"/api/households/{id}/suggestions", RegistryApiTests.Json, Ct))!;
        var health = suggestions.Where(s => (string?)s!["programme"]!["type"] == "Health").ToList();
        Assert.NotEmpty(health);
        Assert.Contains(health, s => ((string?)s!["reasonChinese"])!.Contains("因病", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_measure_form_refuses_bad_input_at_the_field_and_stores_nothing()
    {
        var id = await FreshHouseholdAsync();
        var clerk = await Host.SignInAsync("village");
        var before = await FingerprintAsync(id);

        var form = await clerk.GetFormAsync($"/households/{id}/measures/new", "measure-form");
        form["Form.Type"] = nameof(MeasureType.Education);
        form["Form.Programme"] = "HEA-SERIOUS";
        form["Form.Year"] = "1999";
        form["Form.StartOn"] = "2026-05-01";
        form["Form.Deadline"] = "2026-04-01";
        form["Form.Funding[0].Amount"] = "-5";
        form["Form.State"] = nameof(MeasureState.Completed);
        form["Form.PeopleReached"] = "99";
        var (response, html) = await clerk.PostFormAsync($"/households/{id}/measures/new", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("error-summary", html);
        Assert.Contains("所选项目不属于该措施类型", FieldMessage(html, "Form.Programme"));
        Assert.Contains("年度须在", FieldMessage(html, "Form.Year"));
        Assert.Contains("完成期限须在开始日期之后", FieldMessage(html, "Form.Deadline"));
        Assert.Contains("金额须为", FieldMessage(html, "Form.Funding[0].Amount"));
        Assert.Contains("受益人数", FieldMessage(html, "Form.PeopleReached"));
        Assert.Contains("value=\"-5\"", html); // what was typed stays in the box

        // A value that is not a number is refused by the binder at its box, in both languages.
        var again = HtmlForm.Parse(html, "measure-form");
        again["Form.Type"] = nameof(MeasureType.Health);
        again["Form.Programme"] = "HEA-SERIOUS";
        again["Form.Year"] = "2026";
        again["Form.Deadline"] = "2026-12-31";
        again["Form.Funding[0].Amount"] = "一千";
        again["Form.State"] = nameof(MeasureState.Planned);
        (response, html) = await clerk.PostFormAsync($"/households/{id}/measures/new", again);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("is not a valid value", FieldMessage(html, "Form.Funding[0].Amount"));

        // The plan form, too, answers at its fields.
        var plan = await clerk.GetFormAsync($"/households/{id}/plan", "plan-form");
        plan["Form.Goals"] = "";
        plan["Form.ToYear"] = "2010";
        (response, html) = await clerk.PostFormAsync($"/households/{id}/plan", plan);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("请填写帮扶目标", FieldMessage(html, "Form.Goals"));
        Assert.Contains("截止年度须在", FieldMessage(html, "Form.ToYear"));
        Assert.Equal(before, await FingerprintAsync(id));
    }

    private static string FieldMessage(string html, string key)
    {
        var m = Regex.Match(html, $"<span[^>]*data-valmsg-for=\"{Regex.Escape(key)}\"[^>]*>([^<]*)</span>");
        Assert.True(m.Success, $"no message element for {key}");
        Assert.False(string.IsNullOrWhiteSpace(m.Groups[1].Value), $"no message at {key}");
        return System.Net.WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    /// <summary>One bad element every generated body carries, so that each must be refused.</summary>
    private static readonly (string Field, JsonNode? Value)[] BadValues =
    [
        ("type", JsonValue.Create(0)), ("type", JsonValue.Create(77)), ("type", JsonValue.Create("Nothing")), ("type", null),
        ("programme", JsonValue.Create("EDU-DROPOUT")), ("programme", JsonValue.Create("NO-SUCH")), ("programme", JsonValue.Create(new string('x', 65))),
        ("year", JsonValue.Create(1999)), ("year", JsonValue.Create(3000)), ("year", JsonValue.Create(-1)), ("year", JsonValue.Create("2026x")),
        ("deadline", JsonValue.Create("2026-01-01")), ("deadline", JsonValue.Create("not a date")), ("startOn", JsonValue.Create("2026-13-40")),
        ("funding", new JsonArray(new JsonObject { ["source"] = "Credit", ["amount"] = -1 })),
        ("funding", new JsonArray(new JsonObject { ["source"] = "Nowhere", ["amount"] = 10 })),
        ("funding", new JsonArray(new JsonObject { ["source"] = 99, ["amount"] = 10 })),
        ("funding", new JsonArray(new JsonObject { ["source"] = "Credit", ["amount"] = 0.001 })),
        ("funding", new JsonArray(new JsonObject { ["source"] = "Credit", ["amount"] = 1e12 })),
        ("funding", new JsonArray(new JsonObject { ["source"] = "Credit", ["amount"] = 5 }, new JsonObject { ["source"] = "Credit", ["amount"] = 6 })),
        ("funding", new JsonArray(new JsonObject { ["source"] = "Credit" })),
        ("funding", JsonValue.Create("lots")),
        ("state", JsonValue.Create("Cancelled")), ("state", JsonValue.Create("Stopped")), ("state", JsonValue.Create(42)),
        ("cadreId", JsonValue.Create(987654)), ("description", JsonValue.Create("a\u0001b")), ("description", JsonValue.Create(new string('说', 501))),
        ("peopleReached", JsonValue.Create(-3)), ("cadreId", JsonValue.Create("one")),
    ];

    private static readonly Gen<JsonObject> BadBody =
        Gen.Select(Gen.Int[0, BadValues.Length - 1], Gen.Enum<MeasureType>(), Gen.Int[2013, 2031], Gen.Bool, Gen.Int[0, 5], Gen.Decimal[0m, 100_000m], Gen.Enum<MeasureState>())
            .Select((bad, type, year, withProgramme, fundingRows, amount, state) =>
            {
                var body = new JsonObject
                {
                    ["type"] = type.ToString(), ["year"] = year, ["description"] = "生成的请求",
                    ["state"] = state is MeasureState.Planned or MeasureState.Active ? state.ToString() : "Planned",
                };
                if (withProgramme && MeasureCatalogue.OfType(type).FirstOrDefault() is { } p) body["programme"] = p.Code;
                var rows = new JsonArray();
                for (var i = 0; i < fundingRows; i++)
                    rows.Add(new JsonObject { ["source"] = Enum.GetValues<FundSource>()[i].ToString(), ["amount"] = decimal.Round(amount, 2) });
                body["funding"] = rows;
                var (field, value) = BadValues[bad];
                body[field] = value?.DeepClone();
                if (field == "deadline" && value is not null) body["startOn"] = "2026-06-01";
                // Programmes of another type: the body's type is one none of them belongs to. People reached is a result: the measure is done.
                if (field == "programme") body["type"] = nameof(MeasureType.Other);
                if (field == "peopleReached") body["state"] = nameof(MeasureState.Completed);
                return body;
            });

    [Fact]
    public async Task Generated_bad_bodies_for_the_measure_api_answer_4xx_and_store_nothing()
    {
        var id = await FreshHouseholdAsync();
        var clerk = await Host.SignInAsync("village");
        long measure;
        await using (var db = Host.OpenDatabase())
            measure = (await HouseholdPlans.AddMeasureAsync(db, id, new MeasureInput(MeasureType.Production, "IND-CROP", 2026, null, null, null, "种植", []),
                new DateOnly(2026, 6, 1), Ct)).Value!.Id;
        var before = await FingerprintAsync(id);
        var failures = new List<string>();
        await Gen.Select(BadBody, Gen.Bool).SampleAsync(async (body, put) =>
        {
            var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            var response = put
                ? await clerk.PutAsync($"/api/households/{id}/measures/{measure}", content, Ct)
                : await clerk.PostAsync($"/api/households/{id}/measures", content, Ct);
            var status = (int)response.StatusCode;
            // A move out of the measure's state without its reason, or a bad value: refused, never served as an error of the server.
            if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                lock (failures) failures.Add($"{(put ? "PUT" : "POST")} {body.ToJsonString()} → {status}");
        }, iter: 150, threads: 1);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        Assert.Equal(before, await FingerprintAsync(id));
    }
}

public sealed class PlanPagesOnSqlite(SqliteHost host) : PlanPageTests(host), IClassFixture<SqliteHost>;

public sealed class PlanPagesOnPostgres(PostgresHost host) : PlanPageTests(host), IClassFixture<PostgresHost>;
