using Microsoft.EntityFrameworkCore;
using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Jingzhun.Web.Funds;

/// <summary>
/// The county project library as JSON. Every write is a governed step of <see cref="ProjectLibrary"/> or
/// <see cref="ProjectDocuments"/>: a wrong role answers 403 and changes nothing, a held step 409 (a disclosure still
/// running, an open objection, no asset to hand over), a refused field 400 naming it, a project outside the reader's
/// region 404. The stage moves only through <c>/steps</c>: the edit body has no stage, and a field it does not know is ignored.
/// </summary>
public static class ProjectsApi
{
    /// <summary>One document of at most 10 MB and the form around it.</summary>
    public const long MaxRequestBytes = ProjectDocuments.MaxBytes + 1024 * 1024;

    public static void MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/funds/projects").WithTags("Funds 资金项目");
        api.MapGet("", List).WithSummary("An area's projects (?region=&year=&stage=&type=&page=) with budget, paid, beneficiary households and people 项目库");
        api.MapPost("", Propose).WithSummary("Propose a project (a village's with its 四议两公开 decision): number XM+year+county+sequence 项目申报");
        api.MapGet("/{projectId:long}", Get).WithSummary("A project: steps, budget lines, beneficiaries (ID masked), disclosures, payments, documents, and what the reader may do");
        api.MapPut("/{projectId:long}", Edit).WithSummary("Edit a proposed project (its proposing level): name, type, content, implementer, dates, beneficiary people, benefit mechanism; never the stage");
        api.MapPost("/{projectId:long}/steps", Step).WithSummary("A lifecycle step: advance (by the roles of the next stage), return or reject (with a reason, before approval) 项目流程");
        api.MapPost("/{projectId:long}/beneficiaries", AddBeneficiary).WithSummary("Add a registered household of the project's area as a beneficiary 受益户");
        api.MapPost("/{projectId:long}/beneficiaries/{beneficiaryId:long}/end", EndBeneficiary).WithSummary("End a beneficiary with the reason (never deleted)");
        api.MapPost("/{projectId:long}/funding", Fund).WithSummary("Add or change a budget line by source and county allocation, within what the allocation has left 项目资金");
        api.MapPost("/{projectId:long}/documents", Upload)
            .WithSummary("Attach a document (multipart field file, or JSON fileName and base64 content: PDF, JPEG, PNG, DOCX or XLSX by content, at most 10 MB) 项目附件")
            .Accepts<DocumentBody>("application/json", "multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxRequestBytes })
            .DisableAntiforgery();
        api.MapGet("/{projectId:long}/documents/{documentId:long}", Download).WithSummary("A document's bytes, inside the project's region only");
    }

    public sealed record ProposalRequest([property: TextLimit(12)] string? RegionCode, [property: Range(0, 2999)] int? Year, [property: TextLimit(200)] string? Name,
        ProjectType? Type, [property: TextLimit(2000, Lines = true)] string? Content, [property: TextLimit(200)] string? Implementer,
        [property: TextLimit(100)] string? ResponsiblePerson, [property: TextLimit(1000, Lines = true)] string? BenefitMechanism,
        [property: Range(0, 10_000_000)] int? BeneficiaryPeople, DateOnly? PlannedStart, DateOnly? PlannedEnd, DateOnly? DeliberatedOn,
        [property: Range(0, 100_000)] int? VotesFor, [property: Range(0, 100_000)] int? VotesAgainst, [property: TextLimit(2000, Lines = true)] string? DeliberationMinutes);

    /// <summary>What a PUT may change. There is no stage here: the stage moves by steps only.</summary>
    public sealed record EditRequest([property: TextLimit(200)] string? Name, ProjectType? Type, [property: TextLimit(2000, Lines = true)] string? Content,
        [property: TextLimit(200)] string? Implementer, [property: TextLimit(100)] string? ResponsiblePerson, DateOnly? PlannedStart, DateOnly? PlannedEnd,
        [property: Range(0, 10_000_000)] int? BeneficiaryPeople, [property: TextLimit(1000, Lines = true)] string? BenefitMechanism);

    public sealed record StepRequest([property: TextLimit(20)] string? Action, [property: TextLimit(500, Lines = true)] string? Comment, DateOnly? On);

    public sealed record BeneficiaryRequest(long? HouseholdId, [property: Range(0, 1000)] int? People);

    public sealed record EndRequest([property: TextLimit(200, Lines = true)] string? Reason);

    public sealed record FundingRequest(FundSource? Source, long? AllocationId, [property: Range(0d, 10_000_000_000d)] decimal? Amount, long? LineId);

    public sealed record ProjectRowJson(long Id, string Number, string Name, ProjectType Type, int Year, string RegionCode, string RegionName, ProjectStage Stage,
        decimal Budget, decimal Paid, int Households, int People);

    public sealed record ProjectListJson(string Code, string Name, int Page, int PageSize, int Total, IReadOnlyList<ProjectRowJson> Projects);

    public sealed record StepJson(ProjectStage From, ProjectStage To, ProjectAction Action, string Actor, string Role, DateTime At, string Comment);

    public sealed record FundingJson(long Id, FundSource Source, long? AllocationId, string? Allocation, decimal Amount);

    public sealed record BeneficiaryJson(long Id, long HouseholdId, string Number, string HeadName, string HeadIdMasked, int People, DateTime AddedAt,
        DateTime? EndedAt, string EndedReason);

    public sealed record ObjectionJson(long Id, DateTime SubmittedAt, ObjectionStatus Status, string Outcome, DateTime? ResolvedAt);

    public sealed record DisclosureJson(long Id, DisclosureKind Kind, string Title, DateTime PostedAt, DateTime EndsAt, DateTime? ClosedAt, int DaysLeft,
        int OpenObjections, IReadOnlyList<ObjectionJson> Objections);

    public sealed record PaymentJson(long Id, PaymentKind Kind, DateOnly PaidOn, decimal Amount, string Payee, string Purpose, bool IsReversal);

    public sealed record DocumentJson(long Id, string FileName, string ContentType, long Size, string Sha256, ProjectStage Stage, string UploadedBy,
        DateTime UploadedAt, string Url);

    public sealed record ProjectJson(long Id, string Number, string Name, ProjectType Type, int Year, string RegionCode, string RegionName, ProjectStage Stage,
        string Content, string Implementer, string ResponsiblePerson, string BenefitMechanism, int BeneficiaryPeople, DateOnly? PlannedStart, DateOnly? PlannedEnd,
        DateOnly? StartedOn, DateOnly? CompletedOn, DateOnly? AcceptedOn, DateOnly? HandedOverOn, DateOnly? DeliberatedOn, int? VotesFor, int? VotesAgainst,
        string DeliberationMinutes, string ProposedBy, int Version, decimal Budget, decimal Paid, bool HasAssets, IReadOnlyList<StepJson> Steps,
        IReadOnlyList<FundingJson> Funding, IReadOnlyList<BeneficiaryJson> Beneficiaries, IReadOnlyList<DisclosureJson> Disclosures,
        IReadOnlyList<PaymentJson> Payments, IReadOnlyList<DocumentJson> Documents, ProjectAbilities May)
    {
        public static ProjectJson From(ProjectDetail d)
        {
            var p = d.Project;
            return new(p.Id, p.Number, p.Name, p.Type, p.Year, p.RegionCode, d.RegionName, p.Stage, p.Content, p.Implementer, p.ResponsiblePerson,
                p.BenefitMechanism, p.BeneficiaryPeople, p.PlannedStart, p.PlannedEnd, p.StartedOn, p.CompletedOn, p.AcceptedOn, p.HandedOverOn, p.DeliberatedOn,
                p.VotesFor, p.VotesAgainst, p.DeliberationMinutes, p.ProposedBy, p.Version, d.Budget.Yuan, d.Paid.Yuan, d.HasAssets,
                [.. d.Steps.Select(s => new StepJson(s.From, s.To, s.Action, s.Actor, s.Role, s.At, s.Comment))],
                [.. d.Funding.Select(f => new FundingJson(f.Id, f.Source, f.AllocationId, f.AllocationLabel, f.Amount.Yuan))],
                [.. d.Beneficiaries.Select(b => new BeneficiaryJson(b.Id, b.HouseholdId, b.Number, b.HeadName, b.HeadIdMasked, b.People, b.AddedAt, b.EndedAt, b.EndedReason))],
                [.. d.Disclosures.Select(x => new DisclosureJson(x.Id, x.Kind, x.Title, x.PostedAt, x.EndsAt, x.ClosedAt, x.DaysLeft, x.OpenObjections,
                    [.. x.Objections.Select(o => new ObjectionJson(o.Id, o.SubmittedAt, o.Status, o.Outcome, o.ResolvedAt))]))],
                [.. d.Payments.Select(x => new PaymentJson(x.Id, x.Kind, x.PaidOn, x.Amount.Yuan, x.Payee, x.Purpose, x.IsReversal))],
                [.. d.Documents.Select(x => new DocumentJson(x.Id, x.FileName, x.ContentType, x.Size, x.Sha256, x.Stage, x.UploadedBy, x.UploadedAt,
                    $"/api/funds/projects/{p.Id}/documents/{x.Id}"))],
                d.May);
        }
    }

    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    private static IResult Invalid(Lang lang, IEnumerable<FieldError> errors) => Results.ValidationProblem(
        errors.GroupBy(e => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message(lang.English)).ToArray()),
        title: lang.T("输入有误", "Some fields are not valid"));

    private static async Task<IResult> DetailAsync(JingzhunDbContext db, TimeProvider clock, long projectId, CancellationToken ct) =>
        await ProjectLibrary.DetailAsync(db, projectId, Now(clock), ct) is { } detail ? Results.Ok(ProjectJson.From(detail)) : Results.NotFound();

    private static async Task<IResult> Answer<T>(EditResult<T> result, JingzhunDbContext db, TimeProvider clock, Lang lang, long projectId, bool created, CancellationToken ct)
    {
        if (result.Outcome == EditOutcome.NotFound) return Results.NotFound();
        if (result.Outcome == EditOutcome.Invalid) return Invalid(lang, result.Errors);
        db.ChangeTracker.Clear();
        var detail = await ProjectLibrary.DetailAsync(db, projectId, Now(clock), ct);
        if (detail is null) return Results.NotFound();
        return created ? Results.Created($"/api/funds/projects/{projectId}", ProjectJson.From(detail)) : Results.Ok(ProjectJson.From(detail));
    }

    private static async Task<IResult> List(JingzhunDbContext db, string? region, int? year, ProjectStage? stage, ProjectType? type, int? page, int? pageSize,
        CancellationToken ct)
    {
        var code = string.IsNullOrWhiteSpace(region) ? db.Scope.RegionPrefix.PadRight(12, '0') : region;
        var list = await ProjectLibrary.ListAsync(db, code, year, stage, type, page ?? 1, pageSize ?? 50, ct);
        return list is null ? Results.NotFound()
            : Results.Ok(new ProjectListJson(list.Code, list.Name, list.Page, list.PageSize, list.Total,
                [.. list.Rows.Select(r => new ProjectRowJson(r.Id, r.Number, r.Name, r.Type, r.Year, r.RegionCode, r.RegionName, r.Stage, r.Budget.Yuan, r.Paid.Yuan,
                    r.Households, r.People))]));
    }

    private static async Task<IResult> Propose(JingzhunDbContext db, TimeProvider clock, Lang lang, ProposalRequest request, CancellationToken ct)
    {
        var result = await ProjectLibrary.ProposeAsync(db, new ProjectProposal(request.RegionCode ?? "", request.Year ?? 0, request.Name ?? "",
            request.Type ?? 0, request.Content ?? "", request.Implementer ?? "", request.ResponsiblePerson ?? "", request.BenefitMechanism ?? "",
            request.BeneficiaryPeople ?? 0, request.PlannedStart, request.PlannedEnd, request.DeliberatedOn, request.VotesFor, request.VotesAgainst,
            request.DeliberationMinutes ?? ""), Now(clock), ct);
        return result.Outcome == EditOutcome.Saved ? await Answer(result, db, clock, lang, result.Value!.Id, true, ct) : await Answer(result, db, clock, lang, 0, true, ct);
    }

    private static Task<IResult> Get(JingzhunDbContext db, TimeProvider clock, long projectId, CancellationToken ct) => DetailAsync(db, clock, projectId, ct);

    private static async Task<IResult> Edit(JingzhunDbContext db, TimeProvider clock, Lang lang, long projectId, EditRequest request, CancellationToken ct)
    {
        var result = await ProjectLibrary.EditAsync(db, projectId, new ProjectEdit(request.Name ?? "", request.Type ?? 0, request.Content ?? "",
            request.Implementer ?? "", request.ResponsiblePerson ?? "", request.PlannedStart, request.PlannedEnd, request.BeneficiaryPeople ?? 0,
            request.BenefitMechanism ?? ""), Now(clock), ct);
        return await Answer(result, db, clock, lang, projectId, false, ct);
    }

    /// <summary>advance, return or reject; anything else is refused at its field.</summary>
    public static ProjectAction? ActionOf(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "advance" => ProjectAction.Advance,
        "return" => ProjectAction.Return,
        "reject" => ProjectAction.Reject,
        _ => null,
    };

    private static async Task<IResult> Step(JingzhunDbContext db, TimeProvider clock, Lang lang, long projectId, StepRequest request, CancellationToken ct)
    {
        // A project outside the reader's region does not exist for it, whatever the body says.
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct)) return TypedResults.NotFound();
        if (ActionOf(request.Action) is not { } action)
            return Invalid(lang, [new FieldError("Action", "步骤应是advance、return或reject", "The action is advance, return or reject")]);
        var result = await ProjectLibrary.StepAsync(db, projectId, action, request.Comment, request.On, Now(clock), ct);
        return await Answer(result, db, clock, lang, projectId, false, ct);
    }

    private static async Task<IResult> AddBeneficiary(JingzhunDbContext db, TimeProvider clock, Lang lang, long projectId, BeneficiaryRequest request, CancellationToken ct)
    {
        var result = await ProjectLibrary.AddBeneficiaryAsync(db, projectId, request.HouseholdId ?? 0, request.People is 0 ? null : request.People, Now(clock), ct);
        return await Answer(result, db, clock, lang, projectId, true, ct);
    }

    private static async Task<IResult> EndBeneficiary(JingzhunDbContext db, TimeProvider clock, Lang lang, long projectId, long beneficiaryId, EndRequest request,
        CancellationToken ct)
    {
        var result = await ProjectLibrary.EndBeneficiaryAsync(db, projectId, beneficiaryId, request.Reason, Now(clock), ct);
        return await Answer(result, db, clock, lang, projectId, false, ct);
    }

    private static async Task<IResult> Fund(JingzhunDbContext db, TimeProvider clock, Lang lang, long projectId, FundingRequest request, CancellationToken ct)
    {
        if (request.Amount is { } a && decimal.Round(a, 2) != a)
            return Invalid(lang, [new FieldError("Amount", "金额最小单位为分", "Amounts are in whole fen")]);
        var result = await ProjectLibrary.FundAsync(db, projectId, new FundingInput(request.Source ?? 0, request.AllocationId, new Money(request.Amount ?? 0),
            request.LineId), Now(clock), ct);
        return await Answer(result, db, clock, lang, projectId, request.LineId is null, ct);
    }

    private static async Task<IResult> Upload(HttpRequest request, JingzhunDbContext db, TimeProvider clock, Lang lang, long projectId, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            DocumentBody? body;
            try { body = await System.Text.Json.JsonSerializer.DeserializeAsync<DocumentBody>(request.Body, BodyJson, ct); }
            catch (System.Text.Json.JsonException) { return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: lang.T("请求内容：格式不正确", "The request body: not a valid value")); }
            byte[] content;
            try { content = Convert.FromBase64String(body?.Content ?? ""); }
            catch (FormatException) { return Invalid(lang, [new FieldError("Content", "文件内容应为base64", "The content is base64")]); }
            if ((body?.FileName ?? "").Length > 200) return Invalid(lang, [new FieldError("FileName", "文件名最多200字", "The file name is at most 200 characters")]);
            var saved = await ProjectDocuments.UploadAsync(db, projectId, body?.FileName, content, Now(clock), ct);
            return saved.Outcome != EditOutcome.Saved ? await Answer(saved, db, clock, lang, projectId, true, ct) : Created(projectId, saved.Value!);
        }
        IFormCollection form;
        try { form = await request.ReadFormAsync(ct); }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: lang.T("请求内容：表单格式不正确", "The request body: not a valid form"));
        }
        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        if (file is null) return Invalid(lang, [new FieldError("File", "请选择文件", "Choose a file")]);
        var (name, bytes) = await ReadAsync(file, ct);
        var result = await ProjectDocuments.UploadAsync(db, projectId, name, bytes, Now(clock), ct);
        return result.Outcome != EditOutcome.Saved ? await Answer(result, db, clock, lang, projectId, true, ct) : Created(projectId, result.Value!);
    }

    private static IResult Created(long projectId, ProjectDocument d) =>
        Results.Created($"/api/funds/projects/{projectId}/documents/{d.Id}", new DocumentJson(d.Id, d.FileName, d.ContentType, d.Size, d.Sha256, d.Stage,
            d.UploadedBy, d.UploadedAt, $"/api/funds/projects/{projectId}/documents/{d.Id}"));

    /// <summary>A document as JSON sends it (the multipart upload's other shape): its name and its bytes in base64.</summary>
    public sealed record DocumentBody(string? FileName, string? Content);

    private static readonly System.Text.Json.JsonSerializerOptions BodyJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>An upload as the data library takes it; a file over the limit is read only as far as the limit and one byte, which refuses it.</summary>
    public static async Task<(string Name, byte[] Bytes)> ReadAsync(IFormFile file, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length <= ProjectDocuments.MaxBytes && (read = await stream.ReadAsync(chunk, ct)) > 0) buffer.Write(chunk, 0, read);
        return (file.FileName, buffer.ToArray());
    }

    private static async Task<IResult> Download(JingzhunDbContext db, long projectId, long documentId, CancellationToken ct)
    {
        var document = await ProjectDocuments.GetAsync(db, projectId, documentId, ct);
        return document is null ? Results.NotFound() : Results.File(document.Content, document.ContentType, document.FileName);
    }
}
