using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Exit;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Rules;

/// <summary>Rule sets as versioned data through the real host: drafts, publishing, who may write, and what-if.</summary>
public abstract class RuleSetTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_county_officer_may_neither_draft_nor_publish_a_national_rule_set_and_the_refusal_is_audited()
    {
        var nation = await Host.SignInAsync("nation");
        var draft = await DraftAsync(nation, NationalRules(2031) with { PovertyLine = 4500m });
        var county = await Host.SignInAsync("county");

        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsJsonAsync($"/api/rules/{draft}/publish", new { note = "越权" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsJsonAsync("/api/rules", new { rules = NationalRules(2031) }, RegistryApiTests.Json, Ct)).StatusCode);
        var page = await county.GetStringAsync($"/rules/{draft}/whatif", Ct);
        Assert.DoesNotContain("id=\"publish-form\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsync($"/rules/{draft}/whatif?handler=Publish",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(page), ["Note"] = "x" }), Ct)).StatusCode);

        await using var db = Host.OpenDatabase();
        Assert.False(await db.RuleSets.AnyAsync(r => r.Year == 2031 && !r.IsDraft, Ct));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.Refused && a.Actor == "county" && a.EntityId.Contains("/publish"), Ct));
    }

    [Theory]
    [InlineData(int.MaxValue)] // six of them summed in an int overflowed: a 500 the request body fuzz found
    [InlineData(101)]
    [InlineData(-1)]
    public async Task Indicator_weights_out_of_range_are_refused_with_the_reason_and_no_draft_is_kept(int weight)
    {
        var nation = await Host.SignInAsync("nation");
        var rules = NationalRules(2033) with { AnnualIndicatorWeights = [weight, 20, 20, 20, 20, 20] };
        var response = await nation.PostAsJsonAsync("/api/rules", new { rules, note = "权重" }, RegistryApiTests.Json, Ct);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Contains("考核指标分值", problem.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
        await using var db = Host.OpenDatabase();
        Assert.False(await db.RuleSets.AnyAsync(r => r.Year == 2033, Ct));
    }

    [Fact]
    public async Task Publishing_makes_a_new_version_and_leaves_the_old_ones_as_they_were()
    {
        var nation = await Host.SignInAsync("nation");
        var first = await DraftAsync(nation, NationalRules(2029) with { PovertyLine = 4100m }, "第一稿");
        var published = await PublishAsync(nation, first);
        var second = await DraftAsync(nation, NationalRules(2029) with { PovertyLine = 4200m }, "第二稿");
        var republished = await PublishAsync(nation, second);

        var listed = (await nation.GetFromJsonAsync<JsonObject>("/api/rules?year=2029", RegistryApiTests.Json, Ct))!;
        var versions = listed["versions"]!.AsArray().Where(v => (int)v!["year"]! == 2029).ToList();
        Assert.Equal([1, 2, 3, 4], versions.Select(v => (int)v!["version"]!).Order());
        Assert.Equal(4200m, (decimal)listed["inForce"]!["povertyLine"]!);
        Assert.Equal(4000m, (decimal)listed["baseline"]!["rules"]!["povertyLine"]!);
        var old = (await nation.GetFromJsonAsync<JsonObject>($"/api/rules/{published}", RegistryApiTests.Json, Ct))!;
        Assert.Equal(4100m, (decimal)old["rules"]!["povertyLine"]!);
        Assert.False((bool)old["isDraft"]!);
        Assert.True((bool)(await nation.GetFromJsonAsync<JsonObject>($"/api/rules/{first}", RegistryApiTests.Json, Ct))!["isDraft"]!);
        Assert.True(republished > published);

        var html = await nation.GetStringAsync("/rules?year=2029", Ct);
        Assert.Contains($"rule-set-{published}", html, StringComparison.Ordinal);
        Assert.Contains("id=\"baseline\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_province_line_applies_in_its_province_and_not_in_another_and_may_not_go_below_the_nation()
    {
        var province = await Host.SignInAsync("province");
        Assert.Equal(HttpStatusCode.Forbidden, (await province.PostAsJsonAsync("/api/rules", new { rules = NationalRules(2030) }, RegistryApiTests.Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await province.PostAsJsonAsync("/api/rules",
            new { rules = NationalRules(2030) with { Jurisdiction = "99", PovertyLine = 3000m } }, RegistryApiTests.Json, Ct)).StatusCode);

        var draft = await DraftAsync(province, NationalRules(2030) with { Jurisdiction = "99", PovertyLine = 5200m, PovertyLineSource = "示例省人民政府文件" });
        await PublishAsync(province, draft);

        await using var db = Host.OpenDatabase();
        Assert.Equal(5200m, (await RuleBook.ForAsync(db, "990121001001", 2030, Ct)).PovertyLine);
        Assert.Equal("99", (await RuleBook.ForAsync(db, "990121001001", 2030, Ct)).Jurisdiction);
        Assert.Equal(PovertyLines.NationalRuleSet(2030).PovertyLine, (await RuleBook.ForAsync(db, "330199001001", 2030, Ct)).PovertyLine);
    }

    [Fact]
    public async Task A_draft_raising_the_line_to_6000_shows_exactly_the_households_that_change_and_changes_nothing()
    {
        // Two poor households whose incomes (5,000 a head) pass the 2025 line of 4,000 but not 6,000: the demo's own
        // households exited by 2020, and the few returned ones may or may not be exit-ready.
        await using (var fixtureDb = Host.OpenDatabase())
            for (var i = 0; i < 2; i++)
                await Workflows.CaseFixtures.CreateHouseholdAsync(fixtureDb, HouseholdStatus.Poor, 5_000m, Ct, [2023, 2024, 2025]);
        var nation = await Host.SignInAsync("nation");
        var draftId = await DraftAsync(nation, NationalRules(2025) with { PovertyLine = 6000m });
        var before = await FingerprintAsync();

        var answer = (await nation.GetFromJsonAsync<JsonObject>($"/api/rules/{draftId}/whatif?pageSize=500", RegistryApiTests.Json, Ct))!;
        var (exitLost, identificationGained, people) = await RecomputeAsync(6000m);

        Assert.True(exitLost > 0, "raising the line must make some exit-ready households not ready");
        Assert.Equal(exitLost + identificationGained, (int)answer["households"]!);
        Assert.Equal(people, (int)answer["people"]!);
        var counties = answer["groups"]!.AsArray().Where(g => (int)g!["level"]! == 0).ToList();
        Assert.Equal(exitLost, counties.Sum(g => (int)g!["exitLost"]!));
        Assert.Equal(identificationGained, counties.Sum(g => (int)g!["identificationGained"]!));
        Assert.All(answer["changes"]!.AsArray(), c => Assert.NotEqual((bool)c!["before"]!, (bool)c["after"]!));

        var page = await nation.GetStringAsync($"/rules/{draftId}/whatif", Ct);
        Assert.Contains($"id=\"changed-households\">{exitLost + identificationGained}<", page, StringComparison.Ordinal);

        var xlsx = await nation.GetAsync($"/api/rules/{draftId}/whatif.xlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString((await xlsx.Content.ReadAsByteArrayAsync(Ct))[..2]));

        Assert.Equal(before, await FingerprintAsync());
        await using var db = Host.OpenDatabase();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditAction.Export && a.EntityType == "WhatIf", Ct));
    }

    [Fact]
    public async Task The_draft_form_copies_the_rules_in_force_and_saves_a_draft()
    {
        var nation = await Host.SignInAsync("nation");
        var form = await nation.GetStringAsync("/rules/new?year=2028", Ct);
        Assert.Contains("value=\"4000", form, StringComparison.Ordinal);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ApiHost.AntiforgeryToken(form), ["Input.Jurisdiction"] = "", ["Input.Year"] = "2028",
            ["Input.PovertyLine"] = "4400", ["Input.PovertyLineSource"] = "测试来源", ["Input.StableIncomeYears"] = "2",
            ["Input.CompulsoryEducationFromAge"] = "6", ["Input.CompulsoryEducationToAge"] = "15", ["Input.SafeHousingGrades"] = "A",
            ["Input.ExitIncidencePercent"] = "2", ["Input.WesternExitIncidencePercent"] = "3", ["Input.MaxWrongExitRatePercent"] = "2",
            ["Input.MaxMissedRatePercent"] = "2", ["Input.MinRecognitionPercent"] = "90", ["Input.PoorVillageIncidenceMultiple"] = "2",
            ["Input.PoorVillageIncomeSharePercent"] = "60", ["Input.NoticeDays"] = "7", ["Input.MonitoringNoticeDays"] = "5",
            ["Input.MonitoringLineFactor"] = "1.5", ["Input.MonitoringLineSource"] = "当地上年度脱贫标准的1.6倍", ["Input.MonitoringDecisionDays"] = "10",
            ["Input.Note"] = "表单草案",
        };
        var saved = await nation.PostAsync("/rules/new", new FormUrlEncodedContent(fields), Ct);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var db = Host.OpenDatabase();
        var draft = await db.RuleSets.SingleAsync(r => r.Year == 2028, Ct);
        Assert.True(draft.IsDraft);
        var rules = RuleBook.Parse(draft);
        Assert.Equal(4400m, rules.PovertyLine);
        Assert.Equal([HousingSafetyGrade.A], rules.SafeHousingGrades);
        Assert.Equal(0.03m, rules.WesternExitIncidence);
        Assert.Equal((10, "当地上年度脱贫标准的1.6倍"), (rules.MonitoringDecisionDays, rules.MonitoringLineSource));
    }

    [Fact]
    public async Task A_version_saved_through_the_form_keeps_every_field_of_the_rule_set()
    {
        // Every field differs from the shipped national rules, so a field the form drops comes back as the default and is seen.
        const int year = 2032;
        var changed = NationalRules(year) with
        {
            PovertyLine = 4321.5m, PovertyLineSource = "测试来源甲", StableIncomeYears = 3, CompulsoryEducationFromAge = 7, CompulsoryEducationToAge = 16,
            SafeHousingGrades = [HousingSafetyGrade.A], ExitIncidence = 0.025m, WesternExitIncidence = 0.035m, MaxWrongExitRate = 0.015m,
            MaxMissedRate = 0.018m, MinRecognition = 0.92m, PoorVillageIncidenceMultiple = 2.5m, PoorVillageIncomeShare = 0.55m, ProvincialRuralIncome = 9_100m,
            PoorVillageRuleSource = "贫困村来源庚", NoticeDays = 8,
            MonitoringNoticeDays = 6, MonitoringLineFactor = 1.6m, MonitoringLineSource = "监测线来源乙", MonitoringDecisionDays = 20,
            CadreCaseloadLimit = 6, MicrocreditGoodFrom = 91, MicrocreditFairlyGoodFrom = 81, MicrocreditAverageFrom = 71, MicrocreditGoodLine = 48_000m,
            MicrocreditFairlyGoodLine = 28_000m, MicrocreditAverageLine = 9_000m, MicrocreditMaxYuan = 49_000m, MicrocreditMaxYears = 2,
            MicrocreditSource = "信贷来源丙", RelocationAreaPerPerson = 24.5m, RelocationAreaSource = "面积来源丁", RelocationFollowUpYears = 4,
            FundDisclosureDays = 12, IdleFundDays = 60, FundRulesSource = "资金来源戊", AnnualAssessmentStartMonth = 11, AnnualAssessmentDueMonth = 3,
            AnnualIndicatorWeights = [20, 20, 20, 15, 15, 10], FindingDeadlineDays = 45, AssessmentRulesSource = "考核来源己",
            TownshipSampleShare = 0.25m, CountySampleShare = 0.15m, SampleCheckSource = "抽检来源庚", // SampleChecks
        };
        var properties = typeof(RuleSet).GetProperties().Where(p => p.CanWrite && p.Name is not (nameof(RuleSet.Version) or nameof(RuleSet.Jurisdiction) or nameof(RuleSet.Year))).ToList();
        var shipped = NationalRules(year);
        foreach (var p in properties)
            Assert.False(Same(p.GetValue(changed), p.GetValue(shipped)), $"the test must change {p.Name}");

        var nation = await Host.SignInAsync("nation");
        await PublishAsync(nation, await DraftAsync(nation, changed, "每个字段"));
        var form = await nation.GetStringAsync($"/rules/new?year={year}", Ct);
        // Post back exactly what the form shows: every input, checked boxes only.
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", ApiHost.AntiforgeryToken(form)) };
        foreach (System.Text.RegularExpressions.Match input in System.Text.RegularExpressions.Regex.Matches(form, "<input[^>]*>"))
        {
            var tag = input.Value;
            string? Attr(string name) => System.Text.RegularExpressions.Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
            if (Attr("name") is not { } field || !field.StartsWith("Input.", StringComparison.Ordinal)) continue;
            if (Attr("type") == "checkbox" && !tag.Contains("checked", StringComparison.Ordinal)) continue;
            fields.Add(new(field, Attr("value") ?? ""));
        }
        var saved = await nation.PostAsync("/rules/new", new FormUrlEncodedContent(fields), Ct);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        await using var db = Host.OpenDatabase();
        var draft = await db.RuleSets.Where(r => r.Year == year && r.IsDraft).OrderByDescending(r => r.Id).FirstAsync(Ct);
        var rules = RuleBook.Parse(draft);
        foreach (var p in properties)
            Assert.True(Same(p.GetValue(changed), p.GetValue(rules)), $"{p.Name}: saved {p.GetValue(rules)}, expected {p.GetValue(changed)}");
    }

    private static bool Same(object? a, object? b) =>
        a is System.Collections.IEnumerable x && a is not string && b is System.Collections.IEnumerable y
            ? x.Cast<object>().SequenceEqual(y.Cast<object>())
            : Equals(a, b);

    private static RuleSet NationalRules(int year) => PovertyLines.NationalRuleSet(year);

    private async Task<int> DraftAsync(HttpClient client, RuleSet rules, string note = "测试草案")
    {
        var response = await client.PostAsJsonAsync("/api/rules", new { rules, note }, RegistryApiTests.Json, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (int)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    private async Task<int> PublishAsync(HttpClient client, int id)
    {
        var response = await client.PostAsJsonAsync($"/api/rules/{id}/publish", new { note = "发布" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (int)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    /// <summary>The what-if done by hand: every household evaluated under both rule sets with the domain rules.</summary>
    private async Task<(int ExitLost, int IdentificationGained, int People)> RecomputeAsync(decimal line)
    {
        await using var db = Host.OpenDatabase();
        var current = await RuleBook.YearsForAsync(db, "990121001001", 2019, 2025, Ct);
        var draft = current(2025) with { PovertyLine = line };
        RuleSet Proposed(int y) => y == 2025 ? draft : current(y);
        var households = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.Incomes).AsSplitQuery().ToListAsync(Ct);
        var exitLost = households.Where(h => h.Status is HouseholdStatus.Poor or HouseholdStatus.Returned)
            .Where(h => HouseholdRules.EvaluateExit(h, current(2025), current).Passed && !HouseholdRules.EvaluateExit(h, draft, Proposed).Passed).ToList();
        var gained = households.Where(h => h.Status is HouseholdStatus.NotPoor or HouseholdStatus.Exited)
            .Where(h => !HouseholdRules.EvaluateIdentification(h, current(2025)).Passed && HouseholdRules.EvaluateIdentification(h, draft).Passed).ToList();
        return (exitLost.Count, gained.Count, exitLost.Concat(gained).Sum(h => h.PresentMembers.Count()));
    }

    private async Task<string> FingerprintAsync()
    {
        await using var db = Host.OpenDatabase();
        var households = await db.Households.Select(h => new { h.Id, h.Version, h.Status }).OrderBy(h => h.Id).ToListAsync(Ct);
        return string.Join("|", string.Join(";", households), await db.Members.CountAsync(Ct), await db.StatusChanges.CountAsync(Ct),
            await db.Decisions.CountAsync(Ct), await db.Cases.CountAsync(Ct), await db.RuleSets.CountAsync(Ct));
    }
}

public sealed class RuleSetsOnSqlite(SqliteHost host) : RuleSetTests(host), IClassFixture<SqliteHost>;

public sealed class RuleSetsOnPostgres(PostgresHost host) : RuleSetTests(host), IClassFixture<PostgresHost>;
