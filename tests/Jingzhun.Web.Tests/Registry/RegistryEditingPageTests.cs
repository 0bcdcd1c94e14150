using Xunit;
using System.Net;
using static Jingzhun.Web.Tests.PageTestHelpers;

namespace Jingzhun.Web.Tests.Registry;

public sealed class RegistryEditingPageTests(JingzhunWebFactory app) : IClassFixture<JingzhunWebFactory>
{
    /// <summary>The create form filled in: no number (the system gives it) and no status (a new household is not poor).</summary>
    private static HtmlForm NewHousehold(HtmlForm form, string residentId)
    {
        form["Household.Address"] = "测试地址";
        form["Household.PrimaryCause"] = "Illness";
        form["Head.Name"] = "测试户主";
        form["Head.ResidentId"] = residentId;
        return form;
    }

    [Fact]
    public async Task Create_with_a_bad_resident_id_shows_the_form_again_with_the_error_at_the_field_and_writes_nothing()
    {
        var client = await app.SignInAsync("village");
        var before = await app.CountInAsync(OwnVillage);
        var form = NewHousehold(await client.GetFormAsync("/households/new", "household-form"), "990121198001010000");

        var (response, html) = await client.PostFormAsync("/households/new", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("id=\"household-form\"", html);
        Assert.Contains("id=\"error-summary\"", html);
        Assert.Matches("<span class=\"field-error field-validation-error\" data-valmsg-for=\"Head.ResidentId\"[^>]*>[^<]*身份证", html);
        Assert.Contains("value=\"测试地址\"", html); // what was typed stays in the form
        Assert.Equal(before, await app.CountInAsync(OwnVillage));
    }

    [Fact]
    public async Task Create_with_valid_input_redirects_to_the_new_household_which_search_then_finds()
    {
        var client = await app.SignInAsync("village");
        var (page, blank) = await client.GetPageAsync("/households/new");
        Assert.Equal(HttpStatusCode.OK, page);
        Assert.DoesNotContain("name=\"Household.Number\"", blank); // the system gives the number
        Assert.DoesNotContain("name=\"Household.Status\"", blank); // a new household is not poor
        var form = NewHousehold(await client.GetFormAsync("/households/new", "household-form"), ValidResidentId());
        form.SetAll("OtherCauses", "LackOfCapital", "LackOfSkills");

        var (response, _) = await client.PostFormAsync("/households/new", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var created = await app.FindAsync(long.Parse(response.Headers.Location!.OriginalString["/households/".Length..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(created);
        var number = created.Number;
        Assert.Matches($"^{OwnVillage}[0-9]{{4}}$", number);
        Assert.Equal(Domain.Registry.HouseholdStatus.NotPoor, created.Status);
        Assert.Equal(OwnVillage, created.VillageCode);
        Assert.Equal(Domain.Registry.PovertyCause.LackOfCapital | Domain.Registry.PovertyCause.LackOfSkills, created.OtherCauses);
        var (detailStatus, detail) = await client.GetPageAsync($"/households/{created.Id}");
        Assert.Equal(HttpStatusCode.OK, detailStatus);
        Assert.Contains("测试户主", detail);
        Assert.Contains("<td>新增</td>", detail); // the change history records the creation
        var (_, search) = await client.GetPageAsync($"/households?number={number}");
        Assert.Contains($"<a href=\"/households/{created.Id}\">{number}</a>", search);
    }

    [Fact]
    public async Task Edit_with_a_stale_version_answers_409_with_the_conflict_and_saves_nothing()
    {
        var id = await app.HouseholdInAsync(OwnVillage);
        var client = await app.SignInAsync("village");
        var first = await client.GetFormAsync($"/households/{id}/edit", "household-form");
        var second = await client.GetFormAsync($"/households/{id}/edit", "household-form");
        first["Household.Address"] = "先保存的地址";
        var (saved, _) = await client.PostFormAsync($"/households/{id}/edit", first);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var afterFirst = await app.FindAsync(id);

        second["Household.Address"] = "后保存的地址";
        var (response, html) = await client.PostFormAsync($"/households/{id}/edit", second);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("id=\"conflict\"", html);
        Assert.Contains($"href=\"/households/{id}/edit\" id=\"current-values\"", html);
        var now = await app.FindAsync(id);
        Assert.Equal("先保存的地址", now!.Address);
        Assert.Equal(afterFirst!.Version, now.Version);
    }

    [Fact]
    public async Task The_edit_page_shows_number_and_status_read_only_and_a_forged_status_is_refused_at_its_field()
    {
        var id = await app.HouseholdInAsync(OwnVillage);
        var before = await app.FindAsync(id);
        var client = await app.SignInAsync("village");
        var (_, page) = await client.GetPageAsync($"/households/{id}/edit");
        Assert.Contains($"id=\"fixed-number\" class=\"mono\">{before!.Number}<", page);
        Assert.Contains("id=\"fixed-status\"", page);
        Assert.Contains($"href=\"/households/{id}#exit-readiness\" id=\"open-case\"", page);
        Assert.DoesNotContain("name=\"Household.Status\"", page);
        Assert.DoesNotContain("name=\"Household.Number\"", page);
        var form = await client.GetFormAsync($"/households/{id}/edit", "household-form");
        form["Household.Status"] = before.Status == Domain.Registry.HouseholdStatus.Exited ? "Poor" : "Exited";
        form["Reason"] = "直接改状态";

        var (response, html) = await client.PostFormAsync($"/households/{id}/edit", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("户状态只能通过识别、退出或回头看程序改变", html);
        var after = await app.FindAsync(id);
        Assert.Equal((before.Status, before.Version), (after!.Status, after.Version));
    }

    [Fact]
    public async Task An_auditor_reads_a_household_but_a_save_is_refused_with_403()
    {
        var id = await app.HouseholdInAsync(OwnVillage);
        var clerk = await app.SignInAsync("village");
        var form = await clerk.GetFormAsync($"/households/{id}/edit", "household-form");
        var auditor = await app.SignInAsync("auditor");
        var (detailStatus, detail) = await auditor.GetPageAsync($"/households/{id}");
        form["__RequestVerificationToken"] = HtmlForm.AntiforgeryToken(detail); // the auditor's own token (sign-out form)
        form["Household.Address"] = "审计员不能改";

        var (editPage, _) = await auditor.GetPageAsync($"/households/{id}/edit");
        var (response, _) = await auditor.PostFormAsync($"/households/{id}/edit", form);

        Assert.Equal(HttpStatusCode.OK, detailStatus);
        Assert.DoesNotContain("id=\"edit-household\"", detail);
        Assert.Equal(HttpStatusCode.Forbidden, editPage);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual("审计员不能改", (await app.FindAsync(id))!.Address);
    }

    [Fact]
    public async Task A_member_leaves_the_household_by_state_and_stays_on_the_detail_page()
    {
        var client = await app.SignInAsync("village");
        var (created, _) = await client.PostFormAsync("/households/new",
            NewHousehold(await client.GetFormAsync("/households/new", "household-form"), ValidResidentId()));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var household = await app.FindAsync(long.Parse(created.Headers.Location!.OriginalString["/households/".Length..], System.Globalization.CultureInfo.InvariantCulture));
        var add = await client.GetFormAsync($"/households/{household!.Id}/members/new", "member-form");
        add["Member.Name"] = "测试配偶";
        add["Member.ResidentId"] = ValidResidentId();
        var (added, _) = await client.PostFormAsync($"/households/{household.Id}/members/new", add);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var spouse = (await app.FindAsync(household.Id))!.Members.Single(m => m.Name == "测试配偶");

        var edit = await client.GetFormAsync($"/households/{household.Id}/members/{spouse.Id}/edit", "member-form");
        edit["Member.State"] = "MovedOut";
        var (moved, _) = await client.PostFormAsync($"/households/{household.Id}/members/{spouse.Id}/edit", edit);

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var members = (await app.FindAsync(household.Id))!.Members;
        Assert.Equal(2, members.Count);
        Assert.Equal(Domain.Registry.MemberState.MovedOut, members.Single(m => m.Id == spouse.Id).State);
        var (_, detail) = await client.GetPageAsync($"/households/{household.Id}");
        Assert.Contains($"id=\"member-{spouse.Id}\" class=\"gone\"", detail);
        Assert.Contains("迁出", detail);
    }

    [Fact]
    public async Task Income_of_a_year_is_saved_and_shown_with_its_per_capita_net_income()
    {
        var id = await app.HouseholdInAsync(OwnVillage);
        var present = (await app.FindAsync(id))!.PresentMembers.Count();
        var client = await app.SignInAsync("village");
        var form = await client.GetFormAsync($"/households/{id}/incomes/2031", "income-form");
        Assert.Equal(present.ToString(), form["Income.MembersCounted"]); // prefilled with the present members
        form["Income.MembersCounted"] = "4";
        form["Income.Wages"] = "10000";
        form["Income.DibaoAllowance"] = "2000.50";
        form["Income.ProductionCosts"] = "1000";

        var (response, html) = await client.PostFormAsync($"/households/{id}/incomes/2031", form);

        if (present != 4)
        {
            // A number other than the present members is asked about, with both numbers, and saved once confirmed.
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains($"计算人数为4人，而本户在户成员为{present}人", html);
            Assert.Contains("id=\"confirm-members\"", html);
            form = HtmlForm.Parse(html, "income-form");
            form["Income.ConfirmMembersCounted"] = "true";
            (response, _) = await client.PostFormAsync($"/households/{id}/incomes/2031", form);
        }
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, detail) = await client.GetPageAsync($"/households/{id}");
        Assert.Contains("id=\"income-2031\"", detail);
        Assert.Contains("2750.13", detail); // (10000 + 2000.50 − 1000) ÷ 4
        var again = await client.GetFormAsync($"/households/{id}/incomes/2031", "income-form");
        Assert.Equal("4", again["Income.MembersCounted"]);
    }
}
