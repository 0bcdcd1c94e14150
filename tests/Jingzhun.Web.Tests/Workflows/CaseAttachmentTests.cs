using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using Jingzhun.Data.Audit;
using Jingzhun.Data.Database;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Tests.Assistance;
using Microsoft.EntityFrameworkCore;
using static Jingzhun.Web.Tests.Workflows.CaseFixtures;

namespace Jingzhun.Web.Tests.Workflows;

/// <summary>
/// Files of a case step through the real host: a phone's photo and a scanned PDF uploaded with the step (the page's
/// multipart form and the API), read back byte for byte, their SHA-256 in the step's audit entry under a chain that
/// verifies; refusals that store nothing; the save rules that keep them insert-only; and the case page's actions.
/// </summary>
public abstract partial class CaseAttachmentTests(HostFixture fixture)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A small but complete PDF: header, one empty page, cross-reference table, end-of-file mark.</summary>
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task A_photo_and_a_scan_sent_to_the_api_are_read_back_byte_for_byte_with_their_hashes_in_the_steps_audit_entry_and_the_chain_verifies()
    {
        var caseId = await NewCaseAsync();
        var village = await Host.SignInAsync("village");
        var photo = Images.Jpeg(640, 480);

        var response = await village.PostAsync($"/api/cases/{caseId}/advance/files",
            Multipart(("comment", "入户照片"), ("attachments", "房屋照片"), ("files", "房屋.jpg", photo), ("files", "申请书.pdf", Pdf)), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("DemocraticReview", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("case").GetProperty("stage").GetString());

        var files = await village.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/files", Ct);
        Assert.Equal(2, files.GetArrayLength());
        foreach (var (file, bytes, type) in new[] { (files[0], photo, "image/jpeg"), (files[1], Pdf, "application/pdf") })
        {
            var id = file.GetProperty("id").GetInt64();
            Assert.Equal(Sha(bytes), file.GetProperty("sha256").GetString());
            var download = await village.GetAsync($"/cases/{caseId}/files/{id}", Ct);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(type, download.Content.Headers.ContentType?.MediaType);
            Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync(Ct));
        }
        var thumb = await village.GetAsync($"/cases/{caseId}/files/{files[0].GetProperty("id").GetInt64()}/thumb", Ct);
        Assert.Equal("image/jpeg", thumb.Content.Headers.ContentType?.MediaType);
        using (var image = SixLabors.ImageSharp.Image.Load(await thumb.Content.ReadAsByteArrayAsync(Ct)))
            Assert.True(image.Width <= 240 && image.Height <= 240);
        Assert.Equal(HttpStatusCode.NotFound, (await village.GetAsync($"/cases/{caseId}/files/{files[1].GetProperty("id").GetInt64()}/thumb", Ct)).StatusCode);

        await using var db = Host.OpenDatabase();
        var step = await db.CaseSteps.Include(s => s.Files).SingleAsync(s => s.CaseId == caseId && s.Action == StepAction.Advance, Ct);
        Assert.Equal(2, step.Files.Count);
        Assert.Equal(photo, step.Files.Single(f => f.ContentType == "image/jpeg").Content);
        var entry = await db.AuditEntries.SingleAsync(a => a.EntityType == nameof(CaseStep) && a.Field == "Files" && a.NewValue!.Contains(Sha(photo)), Ct);
        Assert.Contains(Sha(Pdf), entry.NewValue);
        Assert.Equal("village", entry.Actor);
        var (verified, firstBreak) = await AuditChain.VerifyAsync(db, ct: Ct);
        Assert.Null(firstBreak);
        Assert.True(verified > 0);
    }

    [Fact]
    public async Task A_photo_sent_with_the_page_form_is_stored_as_sent_and_shown_with_its_thumbnail_under_the_step()
    {
        var caseId = await NewCaseAsync();
        var village = await Host.SignInAsync("village");
        var (_, html) = await village.GetPageAsync($"/cases/{caseId}");
        Assert.Contains("enctype=\"multipart/form-data\"", html);
        Assert.Matches("<input type=\"file\" name=\"files\"[^>]*accept=\"image/\\*,application/pdf\"[^>]*capture[^>]*multiple", html);
        var photo = Images.Jpeg(300, 200);

        var posted = await village.PostAsync($"/cases/{caseId}?handler=Advance",
            Multipart(("__RequestVerificationToken", HtmlForm.AntiforgeryToken(html)), ("comment", "现场照片"), ("files", "现场.jpg", photo)), Ct);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var (_, after) = await village.GetPageAsync($"/cases/{caseId}");
        var link = Regex.Match(after, "<a class=\"case-file\" href=\"(/cases/\\d+/files/(\\d+))\" data-sha256=\"([0-9a-f]{64})\"");
        Assert.True(link.Success, "the step shows its file");
        Assert.Equal(Sha(photo), link.Groups[3].Value);
        Assert.Contains($"/cases/{caseId}/files/{link.Groups[2].Value}/thumb", after);
        Assert.Equal(photo, await village.GetByteArrayAsync(link.Groups[1].Value, Ct));
    }

    [Fact]
    public async Task Files_too_big_of_the_wrong_type_cut_short_or_too_many_are_refused_naming_the_file_and_nothing_is_stored()
    {
        var caseId = await NewCaseAsync();
        var village = await Host.SignInAsync("village");
        var photo = Images.Jpeg(200, 150);
        var big = new byte[CaseAttachments.MaxBytes + 10];
        photo.CopyTo(big, 0);
        var before = await StateAsync(caseId);
        var refused = new (string Name, object[] Files)[]
        {
            ("big.jpg", [("files", "big.jpg", big)]),
            ("readme.jpg", [("files", "readme.jpg", Encoding.UTF8.GetBytes("%PDF is what this text says, but it is a text file"))]),
            ("notapdf.pdf", [("files", "notapdf.pdf", Encoding.UTF8.GetBytes("just words, no PDF at all"))]),
            ("cut.jpg", [("files", "cut.jpg", photo[..(photo.Length / 2)])]),
            ("empty.jpg", [("files", "empty.jpg", Array.Empty<byte>())]),
            ("7", Enumerable.Range(1, CaseAttachments.MaxPerStep + 1).Select(object (i) => ("files", $"p{i}.jpg", photo)).ToArray()),
        };
        foreach (var (name, files) in refused)
        {
            var api = await village.PostAsync($"/api/cases/{caseId}/advance/files", Multipart(files), Ct);
            var answer = await api.Content.ReadAsStringAsync(Ct);
            Assert.True(api.StatusCode == HttpStatusCode.UnprocessableEntity, $"{name}: {(int)api.StatusCode} {answer}");
            Assert.Contains(name, answer);

            var (_, html) = await village.GetPageAsync($"/cases/{caseId}");
            var page = await village.PostAsync($"/cases/{caseId}?handler=Advance",
                Multipart([("__RequestVerificationToken", HtmlForm.AntiforgeryToken(html)), .. files]), Ct);
            var body = await page.Content.ReadAsStringAsync(Ct);
            Assert.True(page.StatusCode == HttpStatusCode.UnprocessableEntity, $"page {name}: {(int)page.StatusCode}");
            Assert.Contains(name, Regex.Match(body, "id=\"case-problem\"[^>]*>([^<]*)<").Groups[1].Value);
        }
        Assert.Equal(before, await StateAsync(caseId));
    }

    [Fact]
    public async Task Another_villages_clerk_finds_neither_the_case_nor_its_files_and_a_role_that_may_not_take_the_step_is_refused()
    {
        var caseId = await NewCaseAsync();
        var village = await Host.SignInAsync("village");
        var posted = await village.PostAsync($"/api/cases/{caseId}/advance/files", Multipart(("files", "a.jpg", Images.Jpeg(80, 60))), Ct);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var fileId = (await village.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/files", Ct))[0].GetProperty("id").GetInt64();
        var before = await StateAsync(caseId);

        var other = await Host.SignInAsync("village2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/cases/{caseId}/files/{fileId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/cases/{caseId}/files/{fileId}/thumb", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/cases/{caseId}/files", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await other.PostAsync($"/api/cases/{caseId}/advance/files", Multipart(("files", "b.jpg", Images.Jpeg(80, 60))), Ct)).StatusCode);
        // The democratic review is the village's: the township may not take it, nor attach files to it.
        var township = await Host.SignInAsync("township");
        var refused = await township.PostAsync($"/api/cases/{caseId}/advance/files",
            Multipart(("votesFor", "9"), ("votesAgainst", "1"), ("files", "c.jpg", Images.Jpeg(80, 60))), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // A file of one case is not reached through another case's address.
        var second = await NewCaseAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await village.GetAsync($"/cases/{second}/files/{fileId}", Ct)).StatusCode);
        // A cross-origin post is refused like every write.
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/advance/files")
               { Content = Multipart(("votesFor", "9"), ("votesAgainst", "1"), ("files", "d.jpg", Images.Jpeg(80, 60))) })
        {
            request.Headers.Add("Origin", "https://evil.example");
            Assert.Equal(HttpStatusCode.Forbidden, (await village.SendAsync(request, Ct)).StatusCode);
        }
        Assert.Equal(before, await StateAsync(caseId));
    }

    [Fact]
    public async Task A_stored_file_cannot_be_changed_deleted_or_added_to_a_step_already_taken_through_the_context()
    {
        var caseId = await NewCaseAsync();
        var village = await Host.SignInAsync("village");
        var photo = Images.Jpeg(120, 90);
        Assert.Equal(HttpStatusCode.OK, (await village.PostAsync($"/api/cases/{caseId}/advance/files", Multipart(("files", "a.jpg", photo)), Ct)).StatusCode);
        var before = await StateAsync(caseId);

        await using (var db = Host.OpenDatabase())
        {
            var file = await db.CaseAttachments.SingleAsync(a => a.CaseId == caseId, Ct);
            file.Content = Images.Jpeg(120, 91);
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => db.SaveChangesAsync(Ct));
        }
        await using (var db = Host.OpenDatabase())
        {
            db.CaseAttachments.Remove(await db.CaseAttachments.SingleAsync(a => a.CaseId == caseId, Ct));
            await Assert.ThrowsAsync<DeletionRefusedException>(() => db.SaveChangesAsync(Ct));
        }
        await using (var db = Host.OpenDatabase())
        {
            var step = await db.CaseSteps.SingleAsync(s => s.CaseId == caseId && s.Action == StepAction.Advance, Ct);
            db.CaseAttachments.Add(new CaseAttachment { CaseStepId = step.Id, CaseId = caseId, RegionCode = step.RegionCode, FileName = "late.jpg", Content = photo });
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => db.SaveChangesAsync(Ct));
        }
        Assert.Equal(before, await StateAsync(caseId));
    }

    [Fact]
    public async Task Random_bytes_as_an_upload_are_refused_or_stored_intact_never_a_server_error()
    {
        var village = await Host.SignInAsync("village");
        var caseId = await NewCaseAsync();
        var photo = Images.Jpeg(60, 40);
        var failures = new List<string>();
        var gen = Gen.OneOf(
            Gen.Byte.Array[0, 4000],
            Gen.Int[1, photo.Length].Select(n => photo[..n]),
            Gen.Select(Gen.Int[0, photo.Length - 1], Gen.Byte).Select((i, b) => { var copy = (byte[])photo.Clone(); copy[i] = b; return copy; }),
            Gen.Byte.Array[0, 400].Select(b => (byte[])[.. "%PDF-1.7\n"u8.ToArray(), .. b]));
        await gen.SampleAsync(async bytes =>
        {
            var response = await village.PostAsync($"/api/cases/{caseId}/advance/files", Multipart(("files", "x.bin", bytes)), Ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var stored = (await village.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/files", Ct))[0].GetProperty("id").GetInt64();
                if (!(await village.GetByteArrayAsync($"/cases/{caseId}/files/{stored}", Ct)).AsSpan().SequenceEqual(bytes))
                    failures.Add($"{bytes.Length} bytes stored altered");
                caseId = await NewCaseAsync(); // the case moved on; the next sample goes to a fresh one
            }
            else if (response.StatusCode != HttpStatusCode.UnprocessableEntity)
                failures.Add($"{bytes.Length} bytes → {(int)response.StatusCode}");
        }, iter: 40, threads: 1);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public async Task During_a_notice_the_pass_button_is_disabled_with_a_countdown_and_after_it_enabled_while_return_and_reject_stay_offered()
    {
        var caseId = await NewCaseAsync();
        var village = await Host.SignInAsync("village");
        Assert.Equal("DemocraticReview", await AdvanceAsync(village, caseId, Ct));
        Assert.Equal("Verification", await AdvanceAsync(village, caseId, Ct, Votes));
        Assert.Equal("FirstNotice", await AdvanceAsync(village, caseId, Ct));

        DateTime endsAt;
        await using (var db = Host.OpenDatabase())
            endsAt = (await db.Notices.SingleAsync(n => n.CaseId == caseId && n.ClosedAt == null, Ct)).EndsAt;
        string Left()
        {
            var left = endsAt - Host.Clock.GetUtcNow().UtcDateTime;
            var days = (int)left.TotalDays;
            var hours = (int)Math.Ceiling(left.TotalHours - days * 24);
            return hours == 24 ? $"{days + 1} 天 0 小时" : $"{days} 天 {hours} 小时";
        }

        var (_, during) = await village.GetPageAsync($"/cases/{caseId}");
        Assert.Matches("<button type=\"submit\" id=\"advance\" class=\"case-pass\" disabled=\"disabled\"", during);
        var countdown = Regex.Match(during, "id=\"notice-countdown\"[^>]*>([^<]*)<").Groups[1].Value;
        Assert.Contains($"公示期还剩 {Left()}", countdown);
        Assert.Contains(Jingzhun.Domain.Common.LocalTime.Minute(endsAt), countdown);
        Assert.DoesNotMatch("\\d{4}-\\d\\d-\\d\\dT", countdown);
        Assert.Contains("id=\"return\" class=\"case-return\"", during);
        Assert.Contains("id=\"reject\" class=\"case-reject\"", during);

        Host.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(5));
        village = await Host.SignInAsync("village");
        var (_, later) = await village.GetPageAsync($"/cases/{caseId}");
        Assert.Contains($"公示期还剩 {Left()}", Regex.Match(later, "id=\"notice-countdown\"[^>]*>([^<]*)<").Groups[1].Value);
        Assert.Contains("disabled=\"disabled\"", Regex.Match(later, "<button[^>]*id=\"advance\"[^>]*>").Value);

        Host.Clock.Advance(endsAt - Host.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1));
        village = await Host.SignInAsync("village");
        var (_, after) = await village.GetPageAsync($"/cases/{caseId}");
        Assert.DoesNotContain("id=\"notice-countdown\"", after);
        Assert.DoesNotContain("disabled", Regex.Match(after, "<button[^>]*id=\"advance\"[^>]*>").Value);
        Assert.Equal("TownshipReview", await AdvanceAsync(village, caseId, Ct));
    }

    [Fact]
    public async Task The_case_page_names_the_region_by_names_and_offers_no_step_to_a_role_that_may_not_take_it()
    {
        var caseId = await NewCaseAsync();
        var township = await Host.SignInAsync("township");
        var (status, html) = await township.GetPageAsync($"/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("id=\"advance-form\"", html);
        Assert.Contains("id=\"case-not-yours\"", html);
        var region = Regex.Replace(Regex.Match(html, "<dd id=\"case-region\"[^>]*>(.*?)</dd>", RegexOptions.Singleline).Groups[1].Value, "<[^>]+>", "");
        Assert.DoesNotMatch("\\d{6}", region);
        Assert.Equal(5, Regex.Matches(region, "›").Count + 1); // province › city › county › township › village

        var village = await Host.SignInAsync("village");
        var (_, own) = await village.GetPageAsync($"/cases/{caseId}");
        Assert.Contains("id=\"advance-form\"", own);
        Assert.DoesNotContain("id=\"case-not-yours\"", own);
    }

    private async Task<long> NewCaseAsync()
    {
        Household household;
        await using (var db = Host.OpenDatabase())
            household = await CreateHouseholdAsync(db, HouseholdStatus.NotPoor, 1_500m, Ct);
        return await OpenAsync(await Host.SignInAsync("village"), "Identification", household.Id, Ct, "本人申请");
    }

    /// <summary>What a refused request must leave as it was: the case's stage and steps, and every stored file.</summary>
    private async Task<string> StateAsync(long caseId)
    {
        await using var db = Host.OpenDatabase();
        var c = await db.Cases.Include(x => x.Steps).SingleAsync(x => x.Id == caseId, Ct);
        var files = await db.CaseAttachments.OrderBy(a => a.Id).Select(a => new { a.Id, a.Sha256, a.FileName, a.CaseStepId }).ToListAsync(Ct);
        return $"{c.Stage} {c.Steps.Count} {string.Join(";", files)}";
    }

    /// <summary>A multipart body as a phone's browser sends it: (name, value) fields and (name, file name, bytes) files.</summary>
    private static MultipartFormDataContent Multipart(params object[] parts)
    {
        var content = new MultipartFormDataContent();
        foreach (var part in parts)
        {
            switch (part)
            {
                case (string name, string value):
                    content.Add(new StringContent(value), name);
                    break;
                case (string name, string fileName, byte[] bytes):
                    var file = new ByteArrayContent(bytes);
                    // What the browser claims is not what decides: the content is.
                    file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                    content.Add(file, name, fileName);
                    break;
                default:
                    throw new ArgumentException($"not a part: {part}");
            }
        }
        return content;
    }
}

public sealed class CaseAttachmentsOnSqlite(SqliteHost host) : CaseAttachmentTests(host), IClassFixture<SqliteHost>;

public sealed class CaseAttachmentsOnPostgres(PostgresHost host) : CaseAttachmentTests(host), IClassFixture<PostgresHost>;
