using System.Net;
using System.Text.RegularExpressions;
using Jingzhun.Data.Access;
using Jingzhun.Data.Audit;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Tests.Hosting;

/// <summary>
/// Issue 18, plain language: every page a demo role can reach from its home page, in Chinese and in English, shows the
/// domain's words: no True/False, no ISO timestamps, no UTC, no notes to developers, and on Chinese pages no enum or
/// class names in Latin letters. The walk follows the links each role is shown, so a new page is covered once linked.
/// </summary>
public sealed partial class PlainWordsTests(SqliteDemoHost fixture) : IClassFixture<SqliteDemoHost>
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Pages of one shape (their numbers replaced) read per role: enough to see each kind of page, few enough to finish.</summary>
    private const int PerShape = 2;
    private const int PerRole = 70;

    [Fact]
    public async Task Every_page_a_demo_role_reaches_speaks_plain_chinese()
    {
        var (findings, pages) = await WalkAllAsync(english: false);
        Assert.True(pages > 100, $"only {pages} pages were read");
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public async Task English_pages_show_no_booleans_timestamps_or_developer_notes()
    {
        var (findings, pages) = await WalkAllAsync(english: true, roles: ["county", "village", "auditor"]);
        Assert.True(pages > 30, $"only {pages} pages were read");
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public async Task The_audit_log_and_a_household_history_show_labels_not_internal_names()
    {
        await using (var db = Host.OpenDatabase())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == "WorkflowCase" && a.Field == "Stage", Ct), "the demo has no stage change to show");
        var client = await Host.SignInAsync("auditor");
        var (status, html) = await client.GetPageAsync("/audit?page=1");
        Assert.Equal(HttpStatusCode.OK, status);
        var text = PlainWords.VisibleText(html);
        Assert.DoesNotContain("WorkflowCase", MainView(html), StringComparison.Ordinal);
        Assert.Contains("业务办件", text, StringComparison.Ordinal);
        Assert.Empty(PlainWords.Findings(MainView(html), chinesePage: true));
        // The raw entry stays available to an auditor, folded away.
        Assert.Contains("原始记录", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_yes_no_field_changed_reads_as_words_in_the_household_history()
    {
        long household;
        await using (var db = Host.OpenDatabase())
        {
            var member = await db.Members.OrderBy(m => m.Id).FirstAsync(m => m.Household!.VillageCode == "990121001001", Ct);
            household = member.HouseholdId;
            member.HasPensionInsurance = !member.HasPensionInsurance;
            db.ChangeReason = "补录参保情况";
            await db.SaveChangesAsync(Ct);
        }
        var (status, html) = await (await Host.SignInAsync("village")).GetPageAsync($"/households/{household}");
        Assert.Equal(HttpStatusCode.OK, status);
        var history = PlainWords.VisibleText(Regex.Match(html, @"<table class=""grid"" id=""history"">.*?</table>", RegexOptions.Singleline).Value);
        Assert.Matches("(否 → 是|是 → 否)", history);
        Assert.Empty(PlainWords.Findings(PlainWords.VisibleText(html), chinesePage: true));
        Assert.DoesNotContain("id=\"household-version\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_audited_record_kind_and_every_field_the_demo_logged_has_a_label()
    {
        await using var db = Host.OpenDatabase();
        var mapped = db.Model.GetEntityTypes().Where(t => !t.IsOwned() && !t.HasSharedClrType).Select(t => t.ClrType.Name);
        Missing(mapped.Where(n => !AuditLabels.KnownKinds.Contains(n)));
        var logged = await db.AuditEntries.Select(a => a.EntityType).Distinct().ToListAsync(Ct);
        Missing(logged.Where(n => !AuditLabels.KnownKinds.Contains(n)));
        var fields = await db.AuditEntries.Where(a => a.Field != null).Select(a => a.Field!).Distinct().ToListAsync(Ct);
        Missing(fields.Where(f => !AuditLabels.HasLabel(f) && f != PersonalDataReads.HouseholdIdsField));
    }

    private static void Missing(IEnumerable<string> names)
    {
        var list = names.ToList();
        Assert.True(list.Count == 0, "no label for: " + string.Join(", ", list));
    }

    [Fact]
    public void Logged_values_read_as_words_labels_and_local_time()
    {
        Assert.Equal("否", AuditLabels.Value("Member", "HasMedicalInsurance", "False", english: false));
        Assert.Equal("yes", AuditLabels.Value("Member", "HasMedicalInsurance", "True", english: true));
        Assert.Equal("村级公示（退出）", AuditLabels.Value("WorkflowCase", "Stage", "VillageNotice", english: false));
        Assert.Equal(LocalTime.Minute(new DateTime(2026, 12, 3, 2, 5, 0, DateTimeKind.Utc)),
            AuditLabels.Value("WorkflowCase", "ClosedAt", "2026-12-03T02:05:00.0000000Z", english: false));
        Assert.Equal("业务办件", AuditLabels.Kind("WorkflowCase").Chinese);
        Assert.Equal("2024年人均纯收入", Jingzhun.Domain.Rules.TraceLabels.Criterion("income-2024").Chinese);
        Assert.Equal("两不愁：吃穿", Jingzhun.Domain.Rules.TraceLabels.Criterion("food-clothing").Chinese);
    }

    [Fact]
    public void Findings_name_booleans_timestamps_utc_notes_and_identifiers()
    {
        Assert.Equal(6, PlainWords.Findings("False → True，2026-12-03T10:00:00，10:00 UTC，outside the seeds; verify before use", chinesePage: false).Count);
        Assert.Equal(2, PlainWords.Findings("环节 VillageNotice → 核实 WorkflowCase", chinesePage: true).Count);
        Assert.Empty(PlainWords.Findings("导出 Excel（xlsx）、PDF、CSV，SHA-256，P0 11.87%，用户 admin，English", chinesePage: true));
        Assert.Empty(PlainWords.Findings("VillageNotice", chinesePage: false));
    }

    private async Task<(List<string> Findings, int Pages)> WalkAllAsync(bool english, string[]? roles = null)
    {
        var findings = new List<string>();
        var pages = 0;
        foreach (var account in DemoAccounts.All.Where(a => roles is null || roles.Contains(a.UserName)))
        {
            var client = await Host.SignInAsync(account.UserName);
            if (english) client.DefaultRequestHeaders.Add("Cookie", "lang=en");
            var (read, found) = await WalkAsync(client, account.UserName, english);
            pages += read;
            foreach (var (path, snippet) in found)
                findings.Add($"{account.UserName} {path}: {snippet}");
        }
        return (findings.Distinct().ToList(), pages);
    }

    /// <summary>Breadth first from the home page and the audit log, along the links the role is shown (GET pages only).</summary>
    private static async Task<(int Pages, List<(string Path, string Snippet)> Found)> WalkAsync(HttpClient client, string user, bool english)
    {
        var queue = new Queue<string>(["/", "/audit", "/rules", "/notices", "/monitoring", "/assistance", "/funds", "/assessment", "/households", "/cases"]);
        var seen = new HashSet<string>(queue);
        var shapes = new Dictionary<string, int>();
        var found = new List<(string, string)>();
        var pages = 0;
        while (queue.Count > 0 && pages < PerRole)
        {
            var path = queue.Dequeue();
            var shape = Number().Replace(path.Split('?')[0], "{n}");
            if (shapes.GetValueOrDefault(shape) >= PerShape) continue;
            using var response = await client.GetAsync(path, Ct);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            shapes[shape] = shapes.GetValueOrDefault(shape) + 1;
            pages++;
            var html = await response.Content.ReadAsStringAsync(Ct);
            foreach (var snippet in PlainWords.Findings(MainView(html), chinesePage: !english))
                found.Add((path, snippet));
            foreach (Match link in Link().Matches(html))
            {
                var href = WebUtility.HtmlDecode(link.Groups[1].Value);
                if (Followed(href) && seen.Add(href)) queue.Enqueue(href);
            }
        }
        _ = user;
        return (pages, found);
    }

    /// <summary>Pages, not files, API answers, language switches or the sign-out.</summary>
    private static bool Followed(string href) =>
        href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal)
        && !href.StartsWith("/api/", StringComparison.Ordinal) && !href.StartsWith("/lang/", StringComparison.Ordinal)
        && !href.StartsWith("/account/logout", StringComparison.Ordinal) && !href.StartsWith("/scalar", StringComparison.Ordinal)
        && !href.StartsWith("/openapi", StringComparison.Ordinal) && !href.Contains('#')
        && !FileLike().IsMatch(href);

    /// <summary>The visible text without what an auditor unfolds on purpose (the raw entry, hashes: "原始记录").</summary>
    private static string MainView(string html) => PlainWords.VisibleText(RawRecord().Replace(html, " "));

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"href=""([^""]+)""")]
    private static partial Regex Link();

    [GeneratedRegex(@"(export|download|\.xlsx|\.csv|\.pdf|/print|/photo|/thumbnail|/file|/content)", RegexOptions.IgnoreCase)]
    private static partial Regex FileLike();

    [GeneratedRegex(@"<details class=""raw-record"".*?</details>", RegexOptions.Singleline)]
    private static partial Regex RawRecord();
}

/// <summary>The time-zone setting changes the one process-wide display zone, so this runs alone (not beside other hosts).</summary>
[CollectionDefinition(nameof(DisplayZone), DisableParallelization = true)]
public sealed class DisplayZone;

/// <summary>Times on pages are local: Asia/Shanghai by default, the host's setting time-zone otherwise.</summary>
[Collection(nameof(DisplayZone))]
public sealed class LocalTimeSettingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_host_set_to_UTC_shows_the_audit_log_eight_hours_behind_the_default()
    {
        try
        {
            var shanghai = await FirstEntryAsync(null);
            var utc = await FirstEntryAsync("UTC");
            Assert.Equal(shanghai.At.AddHours(8).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), shanghai.Shown);
            Assert.Equal(utc.At.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), utc.Shown);
        }
        finally
        {
            LocalTime.Use(LocalTime.DefaultZoneId);
        }
    }

    /// <summary>The newest audit entry's stored (UTC) time and the time the audit page shows for it.</summary>
    private static async Task<(DateTime At, string Shown)> FirstEntryAsync(string? zone)
    {
        LocalTime.Use(LocalTime.DefaultZoneId);
        using var host = new ApiHost(Engine.Sqlite, settings: zone is null ? null : new() { ["time-zone"] = zone });
        var client = await host.SignInAsync("auditor");
        var html = await client.GetStringAsync("/audit", Ct);
        var row = Regex.Match(html, @"<tr data-entry=""(\d+)""[^>]*>\s*<td>([^<]+)</td>");
        Assert.True(row.Success, "the audit page lists no entry");
        await using var db = host.OpenDatabase();
        var id = long.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var entry = await db.AuditEntries.SingleAsync(a => a.Id == id, Ct);
        return (DateTime.SpecifyKind(entry.At, DateTimeKind.Utc), row.Groups[2].Value.Trim());
    }
}
