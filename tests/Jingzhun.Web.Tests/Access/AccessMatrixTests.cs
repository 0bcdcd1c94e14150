using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Notices;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Workflows;
using Jingzhun.Web.Tests.Hosting;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Access;

/// <summary>
/// The access matrix: every route of the application's routing table, called by every demo role
/// (and by an anonymous visitor) against a household outside that role's scope. Every call must be
/// refused or show nothing of the outside household, and the registry must be unchanged afterwards.
/// Routes are read from the host, so a new page or endpoint is in the matrix the day it is added;
/// a route parameter or an anonymous route the matrix does not know makes the test fail.
/// </summary>
public abstract partial class AccessMatrixTests(HostFixture fixture)
{
    /// <summary>Routes open without sign-in, reviewed one by one. A new anonymous route fails the test until added here.</summary>
    private static readonly HashSet<string> PublicRoutes =
    [
        "/health", "/account/login", "/account/denied", "/error", "/lang/{code}", "/openapi/{documentName}.json",
        "/scalar/{documentName?}", "/scalar/", "/scalar/{**rest}", "/scalar/scalar.js", "/scalar/scalar.aspnetcore.js", "/scalar/favicon.svg",
        // Public notices (公示): open notices only, masked, read through PublicNotices; objections rate-limited.
        "/public/notices", "/public/notices/{noticeId:long}",
        // Public monitoring applications (农户申请) through PublicMonitoring: a receipt number, and by it only a state.
        "/public/monitoring/apply", "/public/monitoring/receipt",
        // Funds: disclosure — fund and project disclosures (公告公示) through PublicFunds: masked projections only, projects in the
        // library, disclosures open or lately ended; objections rate-limited (the pages by the host, the API by its own limiter).
        "/public/funds", "/public/funds/{regionCode}", "/public/funds/disclosures/{disclosureId:long}",
        "/api/public/funds/{regionCode}", "/api/public/funds/disclosures/{disclosureId:long}/objections",
    ];

    /// <summary>How each route parameter is filled: the outside household, its member, a year, a language.</summary>
    private static readonly HashSet<string> KnownParameters = ["id", "memberId", "year", "code", "documentName", "rest", "noticeId", "ruleSetId", "caseId", "batchId", "regionCode",
        "householdId", "signalId", "objectId",
        "teamId", // Assistance: teams
        "measureId", // Assistance: plans
        "cadreId", "pairingId", // Assistance: roster
        "photoId", // Assistance: visits
        "fileId", // Cases: attachments — the outside case's file (OutsideCaseFileAsync)
        /* Assistance: credit (filled with any id: the outside household in {id} is what is refused) */ "loanId", "relocationId",
        "allocationId", "accountId", // Funds: ledger
        "disclosureId", "objectionId", // Funds: disclosure
        "assetId", "shareId", "incomeId", // Funds: assets — the outside village's asset, share and income (OutsideAssetAsync)
        /* Funds: projects (the outside village's project, its beneficiary and document: OutsideProjectAsync) */ "projectId", "beneficiaryId", "documentId",
        /* Funds: payments (any id: the intruder, a village clerk, may not reverse, and another area's payment is not found) */ "paymentId",
        /* Assessment: sampling (the outside province's project with a sample row: OutsideAssessmentAsync) */ "assessmentId",
        "jobId", // Registry: export jobs — the administrator's export job (OutsideExportJobAsync)
        "collaborationPairingId", "inputId", // Collaboration — the outside county's pairing and input, of a partner no demo account acts for (OutsideCollaborationAsync)
        "workerId", // Collaboration: labour (filled with any id: the outside household in {id} is what is refused)
        "censusRoundId", "censusRecordId", // Census — the outside county's round and the outside household's record in it (OutsideCensusAsync)
    ];

    private const string OutsideVillage = "980121001001";
    private const string OutsideProvince = "98";
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_role_on_every_route_is_refused_a_household_outside_its_scope_and_nothing_changes()
    {
        await EnsureOutsideRegionAsync();
        await OutsidePhotoAsync(); // Assistance: visits
        await OutsideCaseFileAsync(); // Cases: attachments
        await OutsideFundsAsync(); // Funds: ledger
        await OutsideProjectAsync(); // Funds: projects
        await OutsideDisclosureAsync(); // Funds: disclosure
        await OutsideAssetAsync(); // Funds: assets
        await OutsideAssessmentAsync(); // Assessment: sampling
        await OutsideAssessmentSampleAsync(); // Assessment: forms
        await OutsideRatesAsync(); // Rates
        await OutsideAnnualAsync(); // Assessment: annual
        await OutsideExportJobAsync(); // Registry: export jobs
        await OutsideCollaborationAsync(); // Collaboration
        await OutsideCensusAsync(); // Census
        var routes = Routes();
        var before = await FingerprintAsync();
        var leaks = new List<string>();
        var calls = 0;
        var roles = 0;

        foreach (var account in DemoAccounts.All)
        {
            var outside = await OutsideTargetAsync(account.UserName);
            if (outside is null) continue; // national officers and administrators: nothing lies outside their scope
            roles++;
            var client = await Host.SignInAsync(account.UserName);
            var token = ApiHost.AntiforgeryToken(await client.GetStringAsync("/account/login", Ct));
            foreach (var route in routes.Where(r => !r.Public))
                foreach (var method in route.Methods)
                {
                    calls++;
                    var problem = await CallAsync(client, route, method, outside, token);
                    if (problem is not null) leaks.Add($"{account.UserName} ({account.Role}): {problem}");
                }
            // Roles that read more than they may change: every write to a household they can see is refused too.
            if (await ReadableButNotChangeableAsync(account.UserName) is { } readable)
            {
                client = await Host.SignInAsync(account.UserName); // the walk above ended by signing out
                token = ApiHost.AntiforgeryToken(await client.GetStringAsync("/account/login", Ct));
                foreach (var route in routes.Where(r => !r.Public && r.Pattern.Contains("{id", StringComparison.Ordinal)))
                    foreach (var method in route.Methods.Where(m => m != "GET"))
                    {
                        calls++;
                        var problem = await CallAsync(client, route, method, readable, token);
                        if (problem is not null) leaks.Add($"{account.UserName} ({account.Role}) writing a household it may only read: {problem}");
                    }
            }
        }

        // Anonymous visitors: every route but the public ones asks them to sign in.
        var anonymous = Host.CreateClient(new() { AllowAutoRedirect = false });
        var anyTarget = (await OutsideTargetAsync("village"))!;
        foreach (var route in routes.Where(r => !r.Public))
            foreach (var method in route.Methods)
            {
                calls++;
                using var request = new HttpRequestMessage(new HttpMethod(method), Fill(route.Pattern, anyTarget));
                var response = await anonymous.SendAsync(request, Ct);
                var toSignIn = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/login", StringComparison.Ordinal);
                if (response.StatusCode != HttpStatusCode.Unauthorized && !toSignIn)
                    leaks.Add($"anonymous: {method} {route.Pattern} → {(int)response.StatusCode}");
            }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"access matrix: {routes.Count} routes ({routes.Count(r => r.Public)} public), {roles} roles with an outside + anonymous, {calls} calls, {leaks.Count} leaks");
        foreach (var leak in leaks) TestContext.Current.TestOutputHelper?.WriteLine("  LEAK " + leak);
        Assert.True(leaks.Count == 0, $"{leaks.Count} leaks, first: {leaks.FirstOrDefault()}");
        Assert.Equal(before, await FingerprintAsync());
        Assert.True(routes.Count >= 15, $"only {routes.Count} routes: the routing table was not read");
    }

    [Fact]
    public void Every_anonymous_route_is_a_reviewed_public_route()
    {
        var unreviewed = Routes().Where(r => r.Public && !PublicRoutes.Contains(r.Pattern)).Select(r => r.Pattern).ToList();
        Assert.True(unreviewed.Count == 0, $"routes open without sign-in that the access matrix has not reviewed: {string.Join(", ", unreviewed)}");
    }

    [Fact]
    public void The_statistics_report_and_exit_plan_routes_are_walked_by_the_matrix_and_need_sign_in()
    {
        var routes = Routes().ToDictionary(r => r.Pattern);
        foreach (var (pattern, method) in new[]
                 {
                     ("/stats/{regionCode}/report", "GET"), ("/stats/{regionCode}/plan", "POST"), ("/api/stats/{regionCode}/plans", "GET"),
                     ("/api/stats/{regionCode}/plans/{year:int}", "PUT"), ("/api/stats/{regionCode}/measures/{year:int}", "GET"),
                 })
        {
            Assert.True(routes.TryGetValue(pattern, out var route), $"{pattern} is not in the routing table");
            Assert.Contains(method, route!.Methods);
            Assert.False(route.Public, $"{pattern} is open without sign-in");
        }
    }

    private sealed record Route(string Pattern, string[] Methods, bool Public);

    /// <summary>What a role is asked for: an outside household and member, an outside notice (<see cref="OutsideNoticeAsync"/>),
    /// a rule set of the outside province (not personal data; writing one outside the jurisdiction is refused),
    /// and a case and village list outside its region.</summary>
    private sealed record Target(Household Household, Member Member, string[] Markers, string Village, long NoticeId = 0, int RuleSetId = 0)
    {
        public long CaseId { get; init; }
        public long BatchId { get; init; }
        public long SignalId { get; init; }
        public long ObjectId { get; init; }
        public int TeamId { get; init; } // Assistance: teams
        public long TeamMemberId { get; init; } // Assistance: teams
        // Assistance: roster
        public int CadreId { get; init; }
        public long PairingId { get; init; }
        // Assistance: visits
        public long PhotoId { get; init; }
        public long FileId { get; init; } // Cases: attachments
        // Funds: ledger
        public long AllocationId { get; init; }
        public long PaymentId { get; init; } // Funds: payments
        public long AccountId { get; init; }
        // Funds: disclosure
        public long DisclosureId { get; init; }
        public long DisclosureObjectionId { get; init; }
        // Funds: assets
        public long AssetId { get; init; }
        public long ShareId { get; init; }
        public long IncomeId { get; init; }
    }

    private List<Route> Routes()
    {
        var endpoints = Host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>();
        var routes = new Dictionary<string, Route>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var unknown = endpoint.RoutePattern.Parameters.Select(p => p.Name).Where(p => !KnownParameters.Contains(p)).ToList();
            Assert.True(unknown.Count == 0, $"{pattern}: the access matrix does not know how to fill {string.Join(", ", unknown)}");
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToArray() ?? ["GET", "POST"];
            var isPublic = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            routes[pattern] = routes.TryGetValue(pattern, out var existing)
                ? existing with { Methods = [.. existing.Methods.Union(methods)], Public = existing.Public && isPublic }
                : new Route(pattern, methods, isPublic);
        }
        // Signing out ends the role's session, so it goes last.
        return [.. routes.Values.OrderBy(r => r.Pattern == "/account/logout").ThenBy(r => r.Pattern, StringComparer.Ordinal)];
    }

    /// <summary>One call; returns what went wrong, or null when the route refused or showed nothing of the outside household.</summary>
    private async Task<string?> CallAsync(HttpClient client, Route route, string method, Target outside, string token)
    {
        var url = Fill(route.Pattern, outside);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method != "GET")
            request.Content = url.StartsWith("/api/", StringComparison.Ordinal)
                ? JsonContent.Create(JsonBody(outside), options: RegistryApiTests.Json)
                : new FormUrlEncodedContent(FormFields(outside, token));
        var response = await client.SendAsync(request, Ct);
        var status = (int)response.StatusCode;
        if (status >= 500) return $"{method} {url} → {status}";
        var takesId = new[] { "{id", "{memberId", "{caseId", "{batchId", "{noticeId", "{regionCode", "{householdId", "{signalId", "{objectId", "{teamId", "{cadreId", "{pairingId", "{photoId", /* Funds */ "{paymentId", "{allocationId", "{accountId", "{projectId", "{beneficiaryId", "{documentId", "{disclosureId", "{objectionId", "{assetId", "{shareId", "{incomeId", /* Assessment: sampling */ "{assessmentId", /* Collaboration */ "{collaborationPairingId", "{inputId", /* Census */ "{censusRoundId", "{censusRecordId" }.Any(p => route.Pattern.Contains(p, StringComparison.Ordinal));
        if (takesId && status is not (403 or 404 or 405)) return $"{method} {url} → {status}, expected 403 or 404";
        if (route.Pattern.Contains("{jobId", StringComparison.Ordinal) && status is not (403 or 404 or 405)) return $"{method} {url} → {status}, expected 404 for another account's export job"; // Registry: export jobs
        var body = await response.Content.ReadAsStringAsync(Ct);
        var shown = outside.Markers.FirstOrDefault(m => body.Contains(m, StringComparison.Ordinal));
        return shown is null ? null : $"{method} {url} → {status} shows {shown} of the outside household";
    }

    private static string Fill(string pattern, Target t)
    {
        var url = FillAssessmentForms(pattern); // Assessment: forms
        // Assistance: teams — a team member's routes take the outside team member, not the outside household's member.
        if (pattern.Contains("/team-members/", StringComparison.Ordinal)) url = Regex.Replace(url, "\\{memberId(:[^}]*)?\\}", t.TeamMemberId.ToString());
        // Rates: the rate routes and the results page take the outside county's closed assessment and the outside county itself.
        if (pattern.EndsWith("/rates", StringComparison.Ordinal) || pattern.StartsWith("/assessment/projects/results/", StringComparison.Ordinal))
            url = Regex.Replace(Regex.Replace(url, "\\{id(:[^}]*)?\\}", _outsideRatesProject.ToString()), "\\{code\\}", "980121000000");
        // Assessment: annual — an annual assessment's routes take the outside province's assessment, not the outside household.
        if (pattern.Contains("/assessment/annual/", StringComparison.Ordinal)) url = Regex.Replace(url, "\\{id(:[^}]*)?\\}", _outsideAnnual.ToString());
        foreach (var (name, value) in new[]
                 {
                     ("id", t.Household.Id.ToString()), ("memberId", t.Member.Id.ToString()), ("year", "2025"), ("code", "en"),
                     ("documentName", "v1"), ("rest", ""), ("noticeId", t.NoticeId.ToString()), ("ruleSetId", t.RuleSetId.ToString()),
                     ("caseId", t.CaseId.ToString()), ("batchId", t.BatchId.ToString()), ("regionCode", OutsideVillage),
                     ("householdId", t.Household.Id.ToString()), ("signalId", t.SignalId.ToString()), ("objectId", t.ObjectId.ToString()),
                     ("teamId", t.TeamId.ToString()), // Assistance: teams
                     ("measureId", "1"), // Assistance: plans — no measure of the outside household exists; the household itself is refused first
                     ("cadreId", t.CadreId.ToString()), ("pairingId", t.PairingId.ToString()), // Assistance: roster
                     ("photoId", t.PhotoId.ToString()), // Assistance: visits
                     ("fileId", t.FileId.ToString()), // Cases: attachments
                     /* Assistance: credit */ ("loanId", "1"), ("relocationId", "1"),
                     ("allocationId", t.AllocationId.ToString()), ("accountId", t.AccountId.ToString()), // Funds: ledger
                     ("disclosureId", t.DisclosureId.ToString()), ("objectionId", t.DisclosureObjectionId.ToString()), // Funds: disclosure
                     ("assetId", t.AssetId.ToString()), ("shareId", t.ShareId.ToString()), ("incomeId", t.IncomeId.ToString()), // Funds: assets
                     /* Funds: projects */ ("projectId", _outsideProject.Project.ToString()), ("beneficiaryId", _outsideProject.Beneficiary.ToString()),
                     ("documentId", _outsideProject.Document.ToString()),
                     /* Funds: payments */ ("paymentId", t.PaymentId.ToString()),
                     /* Assessment: sampling */ ("assessmentId", _outsideAssessment.ToString()),
                     /* Registry: export jobs */ ("jobId", _outsideExportJob),
                     /* Collaboration */ ("collaborationPairingId", _outsideCollaboration.Pairing.ToString()), ("inputId", _outsideCollaboration.Input.ToString()),
                     /* Collaboration: labour */ ("workerId", "1"),
                     /* Census */ ("censusRoundId", _outsideCensus.Round.ToString()), ("censusRecordId", _outsideCensus.Record.ToString()),
                 })
            url = Regex.Replace(url, "\\{\\**" + name + "(:[^}]*)?\\??\\}", value);
        // Every call also asks for the outside household by each search field a page or endpoint might take,
        // by prefix, so that a page echoing the query back is not mistaken for one showing the household.
        var number = t.Household.Number[..14];
        return url + $"?region={t.Village}&number={number}&residentId={t.Member.ResidentId[..14]}&household={number}&pageSize=200";
    }

    private static object JsonBody(Target t)
    {
        var household = HouseholdForm.From(t.Household);
        household.Number = null; // numbers are the system's to give; the body repeats the status it read
        var member = MemberForm.From(t.Member);
        member.Name = "越权写入";
        return new
        {
            household, members = new[] { member }, reason = "access matrix",
            number = household.Number, villageCode = t.Village, name = member.Name, residentId = member.ResidentId,
            year = 2025, membersCounted = 3, wages = 99_999m, version = t.Household.Version,
            userName = "matrix-intruder", displayName = "越权", role = "VillageClerk", regionCode = t.Village, password = "Intrude2026x",
        };
    }

    private static Dictionary<string, string> FormFields(Target t, string token)
    {
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Reason"] = "access matrix" };
        foreach (var prefix in new[] { "Household.", "Input.", "" })
        {
            fields[prefix + "VillageCode"] = t.Village;
            fields[prefix + "Phone"] = "13912345678";
            fields[prefix + "PrimaryCause"] = "Illness";
            fields[prefix + "Version"] = t.Household.Version.ToString();
        }
        foreach (var prefix in new[] { "Head.", "Member.", "Input.", "" })
        {
            fields[prefix + "Name"] = "越权写入";
            fields[prefix + "ResidentId"] = ResidentId.Create("980121", new DateOnly(1980, 1, 1), 777).Value;
            fields[prefix + "Relation"] = "Head";
            fields[prefix + "Version"] = t.Member.Version.ToString();
        }
        fields["Income.Year"] = "2025";
        fields["Income.MembersCounted"] = "3";
        fields["Income.Wages"] = "99999";
        fields["UserName"] = fields["Input.UserName"] = "matrix-intruder";
        fields["DisplayName"] = fields["Input.DisplayName"] = "越权";
        fields["Role"] = fields["Input.Role"] = "VillageClerk";
        fields["RegionCode"] = fields["Input.RegionCode"] = t.Village;
        fields["Password"] = fields["Input.Password"] = "Intrude2026x";
        fields["AccountId"] = "1";
        return fields;
    }

    /// <summary>A household the account may not see (or, for read-only and paired-only roles, not change), or null when none exists.</summary>
    private async Task<Target?> OutsideTargetAsync(string user)
    {
        var account = DemoAccounts.All.Single(a => a.UserName == user);
        await using var db = Host.OpenDatabase();
        var accountId = await db.Accounts.Where(a => a.UserName == user).Select(a => a.Id).SingleAsync(Ct);
        var prefix = RegionCode.Parse(account.RegionCode).Prefix;
        IQueryable<Household> candidates = db.Households.Include(h => h.Members);
        candidates = account.Role switch
        {
            Role.Assessor => candidates.Where(h => !db.Assignments.Any(a => a.HouseholdId == h.Id && a.AccountId == accountId && a.Kind == AssignmentKind.AssessmentSample)),
            _ => candidates.Where(h => !h.VillageCode.StartsWith(prefix)),
        };
        var household = await candidates.OrderBy(h => h.Id).FirstOrDefaultAsync(Ct);
        if (household is null) return null;
        var member = household.Members.OrderBy(m => m.Id).First();
        string[] markers = [household.Number, .. household.Members.Select(m => m.ResidentId), .. new[] { household.Phone, household.BankAccount }.Where(s => s.Length > 0)];
        var (noticeId, noticeHousehold) = await OutsideNoticeAsync(db);
        var ruleSetId = await db.RuleSets.Where(r => r.Jurisdiction == OutsideProvince).Select(r => r.Id).FirstAsync(Ct);
        return await WithOutsideCaseAsync(db, new Target(household, member, [.. markers, noticeHousehold, OutsideTeamMember], household.VillageCode, noticeId, ruleSetId));
    }

    /// <summary>For auditors, assessors and assistance cadres: a household they may read but not change.</summary>
    private async Task<Target?> ReadableButNotChangeableAsync(string user)
    {
        var account = DemoAccounts.All.Single(a => a.UserName == user);
        if (account.Role is not (Role.Auditor or Role.Assessor or Role.AssistanceCadre)) return null;
        await using var db = Host.OpenDatabase();
        var accountId = await db.Accounts.Where(a => a.UserName == user).Select(a => a.Id).SingleAsync(Ct);
        var prefix = RegionCode.Parse(account.RegionCode).Prefix;
        IQueryable<Household> candidates = db.Households.Include(h => h.Members).Where(h => h.VillageCode.StartsWith(prefix));
        candidates = account.Role switch
        {
            Role.Assessor => candidates.Where(h => db.Assignments.Any(a => a.HouseholdId == h.Id && a.AccountId == accountId && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null)),
            // Assistance: plans — a cadre's households are those paired with it on the roster (CadrePairings), no longer assignments.
            Role.AssistanceCadre => candidates.Where(h => !db.CadrePairings.Any(p => p.HouseholdId == h.Id && p.EndedOn == null && p.Cadre!.AccountId == accountId)),
            _ => candidates,
        };
        var household = await candidates.OrderBy(h => h.Id).FirstOrDefaultAsync(Ct);
        if (household is null) return null; // a small demo village may be paired to the cadre entirely
        // The household is readable, so its data may appear in answers: nothing to look for, only refusals and an unchanged registry.
        return await WithOutsideCaseAsync(db, new Target(household, household.Members.OrderBy(m => m.Id).First(), [], household.VillageCode));
    }

    /// <summary>The case and village list of the outside village (outside every demo role that has an outside), and its household's number to look for.</summary>
    private static async Task<Target> WithOutsideCaseAsync(Data.Database.JingzhunDbContext db, Target target)
    {
        var outsideCase = await db.Cases.Include(c => c.Household).Where(c => c.RegionCode == OutsideVillage && c.BatchId != null).OrderBy(c => c.Id).FirstAsync(Ct);
        var signalId = await db.RiskSignals.Where(s => s.VillageCode == OutsideVillage).Select(s => s.Id).FirstAsync(Ct);
        var objectId = await db.MonitoredObjects.Where(m => m.VillageCode == OutsideVillage).Select(m => m.Id).FirstAsync(Ct);
        var teamId = await db.WorkTeams.Where(w => w.VillageCode == OutsideVillage).Select(w => w.Id).FirstAsync(Ct); // Assistance: teams
        var teamMemberId = await db.WorkTeamMembers.Where(m => m.VillageCode == OutsideVillage).Select(m => m.Id).FirstAsync(Ct); // Assistance: teams
        // Assistance: roster — the outside county's cadre and its pairing (made with the outside region).
        var cadre = await db.Cadres.Where(c => c.CountyCode == "980121").Select(c => c.Id).FirstAsync(Ct);
        var pairing = await db.CadrePairings.Where(p => p.VillageCode == OutsideVillage).Select(p => p.Id).FirstAsync(Ct);
        // Assistance: visits — the outside village's visit photo (OutsidePhotoAsync).
        var photoId = await db.VisitPhotos.Where(p => p.Household!.VillageCode == OutsideVillage).Select(p => (long?)p.Id).FirstOrDefaultAsync(Ct) ?? 0;
        // Funds: ledger — the outside province's allocation to its county and that county's account (OutsideFundsAsync).
        var allocationId = await db.Allocations.Where(a => a.ToCode == "980121000000").Select(a => a.Id).FirstAsync(Ct);
        var accountId = await db.FundAccounts.Where(a => a.CountyCode == "980121").Select(a => a.Id).FirstAsync(Ct);
        // Funds: disclosure — the outside village's disclosure and its objection (OutsideDisclosureAsync).
        var disclosureId = await db.Disclosures.Where(d => d.RegionCode == OutsideVillage).Select(d => (long?)d.Id).FirstOrDefaultAsync(Ct) ?? 0;
        var disclosureObjectionId = await db.DisclosureObjections.Where(o => o.RegionCode == OutsideVillage).Select(o => (long?)o.Id).FirstOrDefaultAsync(Ct) ?? 0;
        // Funds: assets — the outside village's asset with its share and income (OutsideAssetAsync).
        var outsideAsset = await db.Assets.Where(x => x.RegionCode == OutsideVillage).Select(x => (long?)x.Id).FirstOrDefaultAsync(Ct) ?? 0;
        var outsideShare = await db.AssetShares.Where(x => x.AssetId == outsideAsset).Select(x => (long?)x.Id).FirstOrDefaultAsync(Ct) ?? 0;
        var outsideIncome = await db.AssetIncomes.Where(x => x.AssetId == outsideAsset).Select(x => (long?)x.Id).FirstOrDefaultAsync(Ct) ?? 0;
        return target with
        {
            AllocationId = allocationId, AccountId = accountId, // Funds: ledger
            PaymentId = await db.Payments.Where(p => p.CountyCode == "980121").Select(p => p.Id).FirstAsync(Ct), // Funds: payments
            AssetId = outsideAsset, ShareId = outsideShare, IncomeId = outsideIncome, // Funds: assets
            TeamId = teamId, TeamMemberId = teamMemberId,
            CaseId = outsideCase.Id, BatchId = outsideCase.BatchId!.Value,
            Markers = [.. target.Markers, outsideCase.Household!.Number, OutsideFundsMarker /* Funds: ledger */, OutsideSampleMarker /* Assessment: forms */, OutsideRatesMarker /* Rates */, OutsideCollaborationMarker /* Collaboration */, OutsideCensusMarker /* Census */],
            SignalId = signalId, ObjectId = objectId, CadreId = cadre, PairingId = pairing, PhotoId = photoId,
            // Cases: attachments — the file stored with a step of the outside case itself (OutsideCaseFileAsync).
            FileId = await db.CaseAttachments.Where(a => a.CaseId == outsideCase.Id).Select(a => (long?)a.Id).FirstOrDefaultAsync(Ct) ?? 0,
            DisclosureId = disclosureId, DisclosureObjectionId = disclosureObjectionId, // Funds: disclosure
        };
    }

    // Collaboration — a partner no demo account acts for, paired with the outside county, with an input in the outside village (once, by system work).
    private static (long Pairing, long Input) _outsideCollaboration;

    private async Task OutsideCollaborationAsync()
    {
        await using var db = Host.OpenDatabase();
        var existing = await db.CollaborationInputs.Where(i => i.RegionCode == OutsideVillage).Select(i => new { i.PairingId, i.Id }).FirstOrDefaultAsync(Ct);
        if (existing is not null) { _outsideCollaboration = (existing.PairingId, existing.Id); return; }
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        var partner = await Jingzhun.Data.Collaboration.CollaborationWork.AddPartnerAsync(db,
            new("邻省帮扶企业", Jingzhun.Domain.Collaboration.PartnerKind.Enterprise, "邻省"), now, Ct);
        var pairing = await Jingzhun.Data.Collaboration.CollaborationWork.PairAsync(db,
            new(partner.Id, "980121000000", Jingzhun.Domain.Collaboration.PairingType.EastWest, new DateOnly(2018, 1, 1)), now, Ct);
        var input = await Jingzhun.Data.Collaboration.CollaborationWork.EnterInputAsync(db, new(pairing.Id, OutsideVillage, Jingzhun.Domain.Collaboration.InputKind.Funds,
            DateOnly.FromDateTime(now), new Jingzhun.Domain.Common.Money(1_000m), 0, 1, 3, OutsideCollaborationMarker), now, Ct);
        _outsideCollaboration = (pairing.Id, input.Id);
    }

    // Census — the outside county's 2020 round (opened once, by system work) and the outside household's record in it.
    private static (long Round, long Record) _outsideCensus;
    private const string OutsideCensusMarker = "邻县普查MATRIX";

    private async Task OutsideCensusAsync()
    {
        await using var db = Host.OpenDatabase();
        var round = await db.CensusRounds.FirstOrDefaultAsync(r => r.CountyCode == "980121", Ct)
            ?? await Jingzhun.Data.Census.CensusWork.OpenAsync(db, 2020, "980121000000", OutsideCensusMarker, Host.Clock.GetUtcNow().UtcDateTime, Ct);
        var record = await db.CensusRecords.Where(r => r.RoundId == round.Id && r.VillageCode == OutsideVillage).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(Ct);
        _outsideCensus = (round.Id, record);
    }

    /// <summary>The outside input's description: a page or answer showing it leaked another area's collaboration.</summary>
    private const string OutsideCollaborationMarker = "邻省帮扶投入MATRIX";

    // Funds: disclosure — a project of the outside village in the library, its disclosure posted, with an open objection (once, by system work).
    private async Task OutsideDisclosureAsync()
    {
        await using var db = Host.OpenDatabase();
        if (await db.Disclosures.AnyAsync(d => d.RegionCode == OutsideVillage, Ct)) return;
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        var project = new Jingzhun.Domain.Funds.Project
        {
            Number = "XM-OUTSIDE-MATRIX", Name = "邻村项目", Year = 2025, RegionCode = OutsideVillage, Stage = Jingzhun.Domain.Funds.ProjectStage.Approved,
        };
        project.Steps.Add(new Jingzhun.Domain.Funds.ProjectStep
        {
            From = Jingzhun.Domain.Funds.ProjectStage.Reviewed, To = Jingzhun.Domain.Funds.ProjectStage.Approved, Action = Jingzhun.Domain.Funds.ProjectAction.Advance,
            RegionCode = OutsideVillage, Actor = "test", At = now,
        });
        db.Projects.Add(project);
        await db.SaveChangesAsync(Ct);
        var disclosure = await Jingzhun.Data.Funds.Disclosures.PostProjectAsync(db, project, Jingzhun.Domain.Funds.DisclosureKind.ProjectPlan, now, Ct);
        await db.SaveChangesAsync(Ct);
        db.DisclosureObjections.Add(new Jingzhun.Domain.Funds.DisclosureObjection { DisclosureId = disclosure.Id, RegionCode = OutsideVillage, Text = "邻村异议", SubmittedAt = now });
        await db.SaveChangesAsync(Ct);
    }

    // Assessment: sampling — the outside province's project of the outside county, under visits, with the first outside household
    // in its sample assigned to the demo assessor: every role must get 404 for it and see none of its rows.
    private static long _outsideAssessment = 1;

    private async Task OutsideAssessmentAsync()
    {
        await using var db = Host.OpenDatabase();
        var existing = await db.AssessmentProjects.Where(p => p.OrganiserPrefix == OutsideProvince).Select(p => (long?)p.Id).FirstOrDefaultAsync(Ct);
        if (existing is { } id)
        {
            _outsideAssessment = id;
            return;
        }
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        var household = await db.Households.Where(h => h.VillageCode == OutsideVillage).OrderBy(h => h.Id).FirstAsync(Ct);
        var assessor = await db.Accounts.Where(a => a.UserName == "assessor").Select(a => a.Id).SingleAsync(Ct);
        var project = new Domain.Assessment.AssessmentProject
        {
            Name = "邻省评估", Year = 2026, Kind = Domain.Assessment.AssessmentKind.CountyExit, Design = Domain.Assessment.SampleDesign.Stratified,
            State = Domain.Assessment.AssessmentState.Visiting, OrganiserCode = "980000000000", OrganiserPrefix = OutsideProvince, Seed = 1, CreatedBy = "matrix",
            Counties = [new Domain.Assessment.AssessmentCounty { CountyCode = "980121", ExitedFrame = 1, SampleSize = 1 }],
        };
        db.AssessmentProjects.Add(project);
        await db.SaveChangesAsync(Ct);
        db.SampledHouseholds.Add(new Domain.Assessment.SampledHousehold
        {
            ProjectId = project.Id, CountyCode = "980121", Stratum = "980121001000", VillageCode = OutsideVillage, OrganiserPrefix = OutsideProvince,
            Phase = Domain.Assessment.SamplePhase.Visiting, Frame = Domain.Assessment.SampleFrame.Exited, HouseholdId = household.Id, DrawOrder = 1, Weight = 1,
            AssessorAccountId = assessor, AssignedAt = now,
        });
        await db.SaveChangesAsync(Ct);
        _outsideAssessment = project.Id;
    }

    // Assessment: annual — the outside province's assessment of its counties, with the outside county's scores (by system work,
    // before the walk's fingerprint): its id fills the annual routes' {id}, so every role is shown to get nothing of it.
    private static long _outsideAnnual = 1;

    private async Task OutsideAnnualAsync()
    {
        await using var db = Host.OpenDatabase();
        var existing = await db.AnnualAssessments.Where(a => a.AssessorCode == OutsideProvince + "0000000000").Select(a => (long?)a.Id).FirstOrDefaultAsync(Ct);
        if (existing is { } id) { _outsideAnnual = id; return; }
        var assessment = new Jingzhun.Domain.Assessment.AnnualAssessment
        {
            Year = 2025, AssessorCode = OutsideProvince + "0000000000", Level = RegionLevel.County, CreatedBy = "matrix", CreatedAt = Host.Clock.GetUtcNow().UtcDateTime,
        };
        foreach (var indicator in Enum.GetValues<Jingzhun.Domain.Assessment.AnnualIndicator>())
            assessment.Scores.Add(new Jingzhun.Domain.Assessment.AnnualScore
            {
                RegionCode = "980121000000", Indicator = indicator, Value = 0.5m, Score = 5m, Total = 30m, Rank = 1, Source = "邻省考核 outside province",
            });
        db.AnnualAssessments.Add(assessment);
        await db.SaveChangesAsync(Ct);
        _outsideAnnual = assessment.Id;
    }

    // Assistance: visits — a visit with a photo in the outside village (once, by system work, before the walk's fingerprint).
    // Funds: projects — the outside village's project with a beneficiary and a document, whose ids fill the project routes.
    private static (long Project, long Beneficiary, long Document) _outsideProject = (1, 1, 1);

    private async Task OutsideProjectAsync()
    {
        await using var db = Host.OpenDatabase();
        var existing = await db.Projects.Where(p => p.RegionCode == OutsideVillage && db.ProjectDocuments.Any(d => d.ProjectId == p.Id))
            .OrderBy(p => p.Id).Select(p => (long?)p.Id).FirstOrDefaultAsync(Ct);
        if (existing is { } id)
        {
            _outsideProject = (id, await db.ProjectBeneficiaries.Where(b => b.ProjectId == id).Select(b => b.Id).FirstAsync(Ct),
                await db.ProjectDocuments.Where(d => d.ProjectId == id).Select(d => d.Id).FirstAsync(Ct));
            return;
        }
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        var household = await db.Households.Where(h => h.VillageCode == OutsideVillage).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
        var project = await Data.Funds.ProjectLibrary.ProposeAsync(db, new(OutsideVillage, 2026, "邻村项目", Domain.Funds.ProjectType.Industry, "访问矩阵",
            "", "", "", 10, null, null, new DateOnly(2026, 1, 1), 10, 1, "访问矩阵"), now, Ct);
        var beneficiary = await Data.Funds.ProjectLibrary.AddBeneficiaryAsync(db, project.Value!.Id, household, 2, now, Ct);
        var document = await Data.Funds.ProjectDocuments.UploadAsync(db, project.Value.Id, "m.png", Assistance.Images.Png(20, 20), now, Ct);
        _outsideProject = (project.Value.Id, beneficiary.Value!.Id, document.Value!.Id);
    }

    // Cases: attachments — a photo stored with a step of the outside village's first listed case (by system work, once).
    private async Task OutsideCaseFileAsync()
    {
        await using var db = Host.OpenDatabase();
        if (await db.CaseAttachments.AnyAsync(a => a.RegionCode == OutsideVillage, Ct)) return;
        var outsideCase = await db.Cases.Where(c => c.RegionCode == OutsideVillage && c.BatchId != null).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(Ct);
        await CaseWorkflow.AdvanceAsync(db, outsideCase, new StepInput("访问矩阵", Files: [new CaseFile("邻村现场.png", Assistance.Images.Png(30, 20))]), DateTime.UtcNow, Ct);
    }

    private async Task OutsidePhotoAsync()
    {
        await using var db = Host.OpenDatabase();
        if (await db.VisitPhotos.AnyAsync(p => p.Household!.VillageCode == OutsideVillage, Ct)) return;
        var household = await db.Households.Where(h => h.VillageCode == OutsideVillage).OrderBy(h => h.Id).Select(h => new { h.Id, h.CreatedAt }).FirstAsync(Ct);
        var recorded = await Data.Assistance.Visits.RecordAsync(db, household.Id, new Data.Assistance.VisitInput(
            DateOnly.FromDateTime(household.CreatedAt), "家中", "", "访问矩阵", false, null),
            [new Data.Assistance.PhotoUpload("m.png", Assistance.Images.Png(40, 30))], household.CreatedAt, Ct);
        Assert.Equal(Data.Registry.EditOutcome.Saved, recorded.Outcome);
    }

    // Funds: ledger — an allocation of the outside province to its county (its document number a marker) and the county's account.
    private const string OutsideFundsMarker = "邻省资金文号";

    // Rates: a closed county-exit assessment of the outside county, organised by its province, with recorded forms; its name
    // is a marker (the county rates route shows it) and its id fills the rate routes (once, by system work).
    private const string OutsideRatesMarker = "OUTSIDE-RATES-7731"; // ASCII: the JSON answers escape Chinese
    private static long _outsideRatesProject = 1;

    private async Task OutsideRatesAsync()
    {
        await using var db = Host.OpenDatabase();
        var existing = await db.AssessmentProjects.Where(p => p.Name == "邻省摘帽评估 " + OutsideRatesMarker).Select(p => (long?)p.Id).FirstOrDefaultAsync(Ct);
        if (existing is { } id) { _outsideRatesProject = id; return; }
        _outsideRatesProject = await Assessment.AssessmentRows.AddAsync(db, "980121000000", [OutsideVillage], wrongExits: 1,
            Jingzhun.Domain.Assessment.AssessmentState.Closed, DateTime.UtcNow, name: "邻省摘帽评估 " + OutsideRatesMarker, organiserPrefix: OutsideProvince, ct: Ct);
    }

    private async Task OutsideFundsAsync()
    {
        await using var db = Host.OpenDatabase();
        if (await db.Allocations.AnyAsync(a => a.ToCode == "980121000000", Ct)) return;
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        var day = DateOnly.FromDateTime(now);
        await Data.Funds.Allocations.AllocateAsync(db, new("980000000000", "980121000000", day.Year, Domain.Assistance.FundSource.ProvinceFiscal,
            new Domain.Common.Money(5_000m), "access matrix", OutsideFundsMarker, day), now, Ct);
        await Data.Funds.Allocations.OpenAccountAsync(db, new("980121000000", "邻县专户", "邻县银行", "6228480098765432", day), now, Ct);
        // Funds: payments — the outside county's payment to its household (the id that fills the payment routes).
        var allocation = await db.Allocations.Where(a => a.ToCode == "980121000000").Select(a => a.Id).FirstAsync(Ct);
        var household = await db.Households.Where(h => h.VillageCode == OutsideVillage).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(Ct);
        db.Payments.Add(new Domain.Funds.FundPayment
        {
            CountyCode = "980121", RegionCode = OutsideVillage, Year = day.Year, Kind = Domain.Funds.PaymentKind.Household, PaidOn = day,
            Amount = new Domain.Common.Money(10m), Source = Domain.Assistance.FundSource.ProvinceFiscal, AllocationId = allocation, HouseholdId = household,
            Payee = "邻村户主", Purpose = "access matrix", Voucher = "MATRIX-1",
        });
        await db.SaveChangesAsync(Ct);
    }

    // Funds: assets — a completed project of the outside village with an asset, an outside household's share and an income
    // (once, by system work, before the walk's fingerprint); the asset's name is not personal data, the share's household is a marker already.
    private async Task OutsideAssetAsync()
    {
        await using var db = Host.OpenDatabase();
        if (await db.Assets.AnyAsync(a => a.RegionCode == OutsideVillage, Ct)) return;
        var household = await db.Households.Where(h => h.VillageCode == OutsideVillage).OrderBy(h => h.Id).Select(h => new { h.Id, h.CreatedAt }).FirstAsync(Ct);
        var now = household.CreatedAt;
        var project = new Jingzhun.Domain.Funds.Project
        {
            Name = "邻村光伏电站", Number = "XM-OUTSIDE-1", Type = Jingzhun.Domain.Funds.ProjectType.Industry, Year = 2025, RegionCode = OutsideVillage,
            Stage = Jingzhun.Domain.Funds.ProjectStage.Completed,
        };
        project.Steps.Add(new Jingzhun.Domain.Funds.ProjectStep
        {
            From = Jingzhun.Domain.Funds.ProjectStage.Started, To = Jingzhun.Domain.Funds.ProjectStage.Completed, Action = Jingzhun.Domain.Funds.ProjectAction.Advance,
            RegionCode = OutsideVillage, Actor = "access matrix", At = now,
        });
        db.Projects.Add(project);
        await db.SaveChangesAsync(Ct);
        var asset = (await Data.Funds.ProjectAssets.RegisterAsync(db, new(project.Id, "邻村光伏电站", Jingzhun.Domain.Funds.AssetClass.Operating,
            Jingzhun.Domain.Funds.AssetOwnership.VillageCollective, null, new Jingzhun.Domain.Common.Money(100_000m), "邻村合作社"), now, Ct))!;
        await Data.Funds.ProjectAssets.AddShareAsync(db, asset.Id, new(household.Id, 1m, DateOnly.FromDateTime(now)), now, Ct);
        await Data.Funds.ProjectAssets.RecordIncomeAsync(db, asset.Id, new(now.Year, DateOnly.FromDateTime(now), new Jingzhun.Domain.Common.Money(500m)), now, Ct);
    }

    /// <summary>A province, city, county, township and village outside the demo province, with a few households, a village list and its cases.</summary>
    private async Task EnsureOutsideRegionAsync()
    {
        await using var db = Host.OpenDatabase();
        if (await db.Regions.AnyAsync(r => r.Code == OutsideVillage, Ct)) return;
        db.Regions.AddRange(
            new Region { Code = "980000000000", Name = "邻省", Level = RegionLevel.Province },
            new Region { Code = "980100000000", Name = "邻市", Level = RegionLevel.City, ParentCode = "980000000000" },
            new Region { Code = "980121000000", Name = "邻县", Level = RegionLevel.County, ParentCode = "980100000000" },
            new Region { Code = "980121001000", Name = "邻镇", Level = RegionLevel.Township, ParentCode = "980121000000" },
            new Region { Code = OutsideVillage, Name = "邻村", Level = RegionLevel.Village, ParentCode = "980121001000", RuralPopulation = 900 });
        await Jingzhun.Data.Rules.RuleSetVersions.CreateDraftAsync(db,
            Jingzhun.Domain.Rules.PovertyLines.NationalRuleSet(2025) with { Jurisdiction = OutsideProvince, PovertyLine = 6000m }, "access matrix", DateTime.UtcNow, Ct);
        await db.SaveChangesAsync(Ct);
        for (var i = 1; i <= 3; i++)
        {
            var head = new MemberForm { Name = $"邻户{i}", ResidentId = ResidentId.Create("980121", new DateOnly(1970, 1, i), 11 + 2 * i).Value, Relation = Relation.Head };
            await SeedAsync(db, $"{OutsideVillage}000{i}", HouseholdStatus.Poor, $"1350000000{i}", head);
        }
        await PostOutsideNoticeAsync(db);
        // A look-back list of the outside village: one case per household, each with its opening step.
        var ids = await db.Households.Where(h => h.VillageCode == OutsideVillage).Select(h => h.Id).ToListAsync(Ct);
        await CaseWorkflow.OpenVillageListAsync(db, CaseKind.LookBackRemoval, OutsideVillage, 2025, ids, "邻村回头看名单", DateTime.UtcNow, Ct);
        // An exclusion flag and a monitored household of the outside village, for the monitoring routes' {signalId} and {objectId}.
        await Jingzhun.Data.Monitoring.MonitoringWork.RaiseSignalAsync(db, new(ids[0], Jingzhun.Domain.Monitoring.DiscoveryChannel.Screening,
            Jingzhun.Domain.Monitoring.RiskKind.Vehicle, "access matrix"), DateTime.UtcNow, Ct);
        db.MonitoredObjects.Add(new Jingzhun.Domain.Monitoring.MonitoredObject
        {
            HouseholdId = ids[1], VillageCode = OutsideVillage, Type = MonitoringCategory.Marginal, RiskClass = Jingzhun.Domain.Monitoring.RiskClass.EntryRisk,
            People = 1, FoundAt = DateTime.UtcNow, RecognisedAt = DateTime.UtcNow, RecognisedYear = 2025,
        });
        await db.SaveChangesAsync(Ct);
        // Assistance: teams — a stationed team with a first secretary in the outside village, for {teamId}; its name is a marker.
        var outsideTeam = (await Jingzhun.Data.Assistance.WorkTeams.StationAsync(db, new(OutsideVillage, "邻省派出单位", new DateOnly(2025, 1, 1), null), DateTime.UtcNow, Ct)).Value!;
        await Jingzhun.Data.Assistance.WorkTeams.AddMemberAsync(db, outsideTeam.Id,
            new(OutsideTeamMember, "邻省派出单位", "13500000077", Jingzhun.Domain.Assistance.TeamRole.FirstSecretary, new DateOnly(2025, 1, 1)), DateTime.UtcNow, Ct);
        // The outside village's figures exist, so a {regionCode} route that answered would show them.
        // Assistance: roster — a cadre of the outside county's roster, paired with an outside household.
        var outsideCadre = new Jingzhun.Domain.Assistance.Cadre { CountyCode = "980121", Name = "邻县干部", Unit = "邻县农业局", Phone = "13600000001" };
        db.Cadres.Add(outsideCadre);
        await db.SaveChangesAsync(Ct);
        db.CadrePairings.Add(new Jingzhun.Domain.Assistance.CadrePairing
        {
            HouseholdId = ids[0], VillageCode = OutsideVillage, CountyCode = "980121", CadreId = outsideCadre.Id, StartedOn = new DateOnly(2025, 1, 1), StartReason = "access matrix",
        });
        await db.SaveChangesAsync(Ct);
        await Jingzhun.Data.Statistics.AreaStatistics.RefreshAsync(db, DateTime.UtcNow, Ct);
    }

    private const string OutsideNoticeHousehold = $"{OutsideVillage}0009";
    private const string OutsideTeamMember = "邻村第一书记"; // Assistance: teams

    /// <summary>An outside household as a county's first load brings it in: its number and status as recorded (the data layer, not a form).</summary>
    private async Task SeedAsync(JingzhunDbContext db, string number, HouseholdStatus status, string phone, MemberForm head)
    {
        var household = new Household
        {
            Number = number, VillageCode = OutsideVillage, CountyCode = Household.CountyOf(OutsideVillage), Status = HouseholdStatus.NotPoor,
            StatusYear = 2024, Phone = phone, PrimaryCause = status == HouseholdStatus.NotPoor ? PovertyCause.None : PovertyCause.Illness,
        };
        if (status != HouseholdStatus.NotPoor)
        {
            household.ChangeStatus(status, 2024, "access matrix fixture", "test", DateTime.UtcNow).Source = StatusChangeSource.InitialLoad;
            household.IdentifiedYear = 2024;
        }
        var member = new Member { Name = "", ResidentId = "", CountyCode = household.CountyCode };
        head.ApplyTo(member);
        household.Members.Add(member);
        db.Households.Add(household);
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>An outside household applying for identification, on its village notice: the {noticeId} of every role.</summary>
    private async Task PostOutsideNoticeAsync(JingzhunDbContext db)
    {
        var head = new MemberForm { Name = "邻户公示", ResidentId = ResidentId.Create("980121", new DateOnly(1972, 2, 2), 19).Value, Relation = Relation.Head };
        await SeedAsync(db, OutsideNoticeHousehold, HouseholdStatus.NotPoor, "13500000009", head);
        var id = await db.Households.Where(h => h.Number == OutsideNoticeHousehold).Select(h => h.Id).SingleAsync(Ct);
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        var opened = await CaseWorkflow.OpenHouseholdCaseAsync(db, CaseKind.Identification, id, 2025, "access matrix fixture", now, ct: Ct);
        await CaseWorkflow.AdvanceAsync(db, opened.Id, new StepInput("matrix"), now, Ct);
        await CaseWorkflow.AdvanceAsync(db, opened.Id, new StepInput("matrix", 9, 1), now, Ct);
        await CaseWorkflow.AdvanceAsync(db, opened.Id, new StepInput("matrix"), now, Ct);
    }

    private async Task<(long NoticeId, string Household)> OutsideNoticeAsync(JingzhunDbContext db) =>
        (await db.Notices.Where(n => n.RegionCode == OutsideVillage).OrderBy(n => n.Id).Select(n => n.Id).FirstAsync(Ct), OutsideNoticeHousehold);

    /// <summary>Everything a refused call could have changed: the registry, assignments and accounts (but not sign-in counters).</summary>
    private async Task<string> FingerprintAsync()
    {
        await using var db = Host.OpenDatabase();
        var households = await db.Households.Select(h => new { h.Id, h.Version, h.Phone, h.Status, h.VillageCode }).OrderBy(h => h.Id).ToListAsync(Ct);
        var members = await db.Members.Select(m => new { m.Id, m.Version, m.Name }).OrderBy(m => m.Id).ToListAsync(Ct);
        var incomes = await db.Incomes.Select(i => new { i.Id, i.Wages }).OrderBy(i => i.Id).ToListAsync(Ct);
        var changes = await db.StatusChanges.CountAsync(Ct);
        var assignments = await db.Assignments.Select(a => new { a.Id, a.EndedAt }).OrderBy(a => a.Id).ToListAsync(Ct);
        var accounts = await db.Accounts.Select(a => new { a.UserName, a.Role, a.RegionCode, a.IsDisabled, a.PasswordHash, a.MustChangePassword }).OrderBy(a => a.UserName).ToListAsync(Ct);
        var objections = await db.Objections.Select(o => new { o.Id, o.Status }).OrderBy(o => o.Id).ToListAsync(Ct);
        var notices = await db.Notices.Select(n => new { n.Id, n.ClosedAt }).OrderBy(n => n.Id).ToListAsync(Ct);
        var cases = await db.Cases.Select(c => new { c.Id, c.Stage, c.Version, c.ClosedAt }).OrderBy(c => c.Id).ToListAsync(Ct);
        var workflowRows = new[] { await db.CaseSteps.CountAsync(Ct), await db.Batches.CountAsync(Ct), await db.Notices.CountAsync(Ct), await db.Objections.CountAsync(Ct) };
        var changesAudited = await db.AuditEntries.CountAsync(a => a.Action == AuditAction.Create || a.Action == AuditAction.Update || a.Action == AuditAction.StatusChange, Ct);
        var ruleSets = await db.RuleSets.CountAsync(Ct); // rule sets written by a role outside their jurisdiction
        var exitPlans = await db.ExitPlans.CountAsync(Ct); // annual exit plans set outside the role's region or rights
        var measures = await db.Measures.Select(m => new { m.Id, m.Version, m.State }).OrderBy(m => m.Id).ToListAsync(Ct);
        // Assistance: teams
        var teams = await db.WorkTeams.Select(w => new { w.Id, w.Version }).OrderBy(w => w.Id).ToListAsync(Ct);
        var teamMembers = await db.WorkTeamMembers.Select(m => new { m.Id, m.Version }).OrderBy(m => m.Id).ToListAsync(Ct);
        var assessments = await db.WorkTeamAssessments.CountAsync(Ct);
        // Assistance: roster
        // Funds: ledger
        var funds = string.Join(";", await db.Allocations.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(Ct))
                    + string.Join(";", await db.FundAccounts.OrderBy(a => a.Id).Select(a => new { a.Id, a.Version, a.ClosedOn }).ToListAsync(Ct));
        // Funds: disclosure
        var disclosures = string.Join(";", await db.DisclosureObjections.OrderBy(o => o.Id).Select(o => new { o.Id, o.Status }).ToListAsync(Ct)) + "/" + await db.Disclosures.CountAsync(Ct);
        var roster = string.Join(";", await db.Cadres.OrderBy(c => c.Id).Select(c => new { c.Id, c.Version, c.State, c.AccountId }).ToListAsync(Ct))
                     + string.Join(";", await db.CadrePairings.OrderBy(p => p.Id).Select(p => new { p.Id, p.Version, p.EndedOn }).ToListAsync(Ct));
        // Assessment: sampling
        var sampling = string.Join(";", await db.AssessmentProjects.OrderBy(p => p.Id).Select(p => new { p.Id, p.State, p.Version }).ToListAsync(Ct))
                       + string.Join(";", await db.SampledHouseholds.OrderBy(x => x.Id).Select(x => new { x.Id, x.Phase, x.Version, x.AssessorAccountId }).ToListAsync(Ct));
        return sampling + "|" + string.Join("|", string.Join(";", households), string.Join(";", members), string.Join(";", incomes), changes,
            string.Join(";", assignments), string.Join(";", accounts), changesAudited,
            string.Join(";", objections), string.Join(";", notices), ruleSets, string.Join(";", cases), string.Join(";", workflowRows),
            exitPlans, string.Join(";", measures), string.Join(";", teams), string.Join(";", teamMembers), assessments, roster, funds, disclosures,
            await AssessmentFormsFingerprintAsync(db) /* Assessment: forms */);
    }
}

public sealed class AccessMatrixOnSqlite(SqliteHost host) : AccessMatrixTests(host), IClassFixture<SqliteHost>;

public sealed class AccessMatrixOnPostgres(PostgresHost host) : AccessMatrixTests(host), IClassFixture<PostgresHost>;
