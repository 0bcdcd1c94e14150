using System.Text.Json;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Assistance;

/// <summary>
/// The roster of assistance cadres and the pairings of households with them, as JSON. Who may take each step is decided
/// by the data services (<see cref="AssistanceRoles"/>: 403), which region a reader sees by the context's scope filters
/// (another county's cadre: 404).
/// </summary>
public static class RosterApi
{
    public static void MapRosterApi(this IEndpointRouteBuilder app)
    {
        var cadres = app.MapGroup("/api/assistance/cadres").WithTags("Assistance 帮扶");
        cadres.MapGet("/", List).WithSummary("The roster of a county with caseloads 帮扶责任人花名册");
        cadres.MapPost("/", Add).WithSummary("Add a cadre to the county's roster 新增帮扶责任人");
        cadres.MapGet("/{cadreId:int}", Get).WithSummary("One cadre with their households and pairing history");
        cadres.MapPut("/{cadreId:int}", Edit).WithSummary("Change a cadre (send the version you read); accountUserName links (\"\" unlinks)");
        cadres.MapPost("/{cadreId:int}/leave", Leave).WithSummary("Mark a cadre as left; their households are listed for handover 帮扶责任人调离");
        cadres.MapPost("/import", Import).WithSummary("Import a roster file (multipart: file, county, skipInvalid) 导入花名册")
            .Accepts<RosterUpload>("application/json", "multipart/form-data");

        var pairings = app.MapGroup("/api/households/{id:long}/pairings").WithTags("Assistance 帮扶");
        pairings.MapGet("/", History).WithSummary("The household's pairings with cadres over time 结对历史");
        pairings.MapPost("/", Pair).WithSummary("Pair a cadre of the county's roster with the household 结对");
        pairings.MapPost("/{pairingId:long}/handover", HandOver).WithSummary("Hand a pairing over to another cadre, with the reason 调整帮扶责任人");
        pairings.MapPost("/{pairingId:long}/end", End).WithSummary("End a pairing with the reason 解除结对");
    }

    public sealed record CadreView(int Id, string CountyCode, string Name, string Unit, string Position, string Phone, CadreLevel Level, string LevelLabel,
        CadreState State, string StateLabel, DateOnly? LeftOn, string LeftReason, string? AccountUserName, int Caseload, bool OverLimit, int Version);

    public sealed record RosterAnswer(string CountyCode, int CaseloadLimit, int Serving, int OverLimit, IReadOnlyList<CadreView> Cadres);

    public sealed record CadreDetail(CadreView Cadre, int CaseloadLimit, IReadOnlyList<CadrePairingRow> Households, IReadOnlyList<CadrePairingRow> History);

    public sealed record CadreRequest(string? CountyCode, [property: TextLimit(50)] string? Name, [property: TextLimit(100)] string? Unit,
        [property: TextLimit(50)] string? Position, [property: TextLimit(30)] string? Phone, CadreLevel? Level, [property: TextLimit(64)] string? AccountUserName,
        int? Version);

    public sealed record LeaveRequest(DateOnly? LeftOn, [property: TextLimit(200)] string? Reason);

    public sealed record LeaveAnswer(CadreView Cadre, IReadOnlyList<CadrePairingRow> NeedHandover);

    public sealed record RosterUpload(string? County, bool SkipInvalid, string? FileName, string? Content);

    public sealed record ImportAnswer(string CountyCode, int Rows, int Added, int Linked, int Paired, int Skipped, bool Rejected, IReadOnlyList<ImportError> Errors);

    public sealed record PairRequest(int? CadreId, [property: TextLimit(200)] string? Reason);

    public sealed record HandOverRequest(int? ToCadreId, [property: TextLimit(200)] string? Reason);

    public sealed record EndRequest([property: TextLimit(200)] string? Reason);

    public sealed record PairingView(long Id, int CadreId, string CadreName, string CadreUnit, DateOnly StartedOn, string StartReason, string StartedBy,
        DateOnly? EndedOn, string EndReason, string EndedBy, long? HandedOverToId, bool Active);

    private static DateOnly Today(TimeProvider clock) => Jingzhun.Domain.Common.LocalTime.DateOf(clock.GetUtcNow().UtcDateTime);

    public static CadreView View(JingzhunDbContext db, CadreRow c, Lang lang) =>
        new(c.Id, c.CountyCode, c.Name, c.Unit, c.Position, CadreRoster.PhoneFor(db.Scope, c), c.Level, lang.Label(c.Level), c.State, lang.Label(c.State),
            c.LeftOn, c.LeftReason, c.AccountUserName, c.Caseload, c.OverLimit, c.Version);

    private static async Task<IResult> List(JingzhunDbContext db, Lang lang, TimeProvider clock, string? county, string? q, CadreState? state, bool? overLimit,
        CancellationToken ct)
    {
        if (CadreRoster.CountyFor(db.Scope, county) is not { } code || code.Length != 6)
            return Problem(lang, 422, "county：须指定县（6位县级代码）", "county: give the county (its 6-digit code)");
        if (!CadreRoster.MayRead(db.Scope, code)) return TypedResults.NotFound();
        var roster = await CadreRoster.RosterAsync(db, code, new RosterFilter(q, state, overLimit == true), Today(clock), ct);
        return TypedResults.Ok(new RosterAnswer(roster.CountyCode, roster.CaseloadLimit, roster.Serving, roster.OverLimit,
            roster.Cadres.Select(c => View(db, c, lang)).ToList()));
    }

    private static async Task<IResult> Get(JingzhunDbContext db, Lang lang, TimeProvider clock, int cadreId, CancellationToken ct)
    {
        var today = Today(clock);
        if (await CadreRoster.FindAsync(db, cadreId, today, ct) is not { } cadre) return TypedResults.NotFound();
        var pairings = await CadreRoster.PairingsAsync(db, cadreId, ct);
        var limit = (await Data.Rules.RuleBook.ForAsync(db, cadre.CountyCode, today.Year, ct)).CadreCaseloadLimit;
        return TypedResults.Ok(new CadreDetail(View(db, cadre, lang), limit, pairings.Where(p => p.IsActive).ToList(), pairings));
    }

    private static async Task<IResult> Add(JingzhunDbContext db, Lang lang, TimeProvider clock, CadreRequest request, CancellationToken ct)
    {
        if (CadreRoster.CountyFor(db.Scope, request.CountyCode) is not { } county)
            return Problem(lang, 422, "countyCode：须指定县（6位县级代码）", "countyCode: give the county (its 6-digit code)");
        var result = await CadreRoster.AddAsync(db, county, Form(request), request.AccountUserName, ct);
        if (result.Outcome == EditOutcome.Invalid) return Problem(result.Errors, lang);
        var cadre = result.Value!;
        var row = await CadreRoster.FindAsync(db, cadre.Id, Today(clock), ct);
        return TypedResults.Created($"/api/assistance/cadres/{cadre.Id}", View(db, row!, lang));
    }

    private static async Task<IResult> Edit(JingzhunDbContext db, Lang lang, TimeProvider clock, int cadreId, CadreRequest request, CancellationToken ct)
    {
        var result = await CadreRoster.EditAsync(db, cadreId, Form(request), request.AccountUserName, ct);
        if (result.Outcome == EditOutcome.NotFound) return TypedResults.NotFound();
        if (result.Outcome == EditOutcome.Invalid) return Problem(result.Errors, lang);
        var row = await CadreRoster.FindAsync(db, cadreId, Today(clock), ct);
        return TypedResults.Ok(View(db, row!, lang));
    }

    private static async Task<IResult> Leave(JingzhunDbContext db, Lang lang, TimeProvider clock, int cadreId, LeaveRequest request, CancellationToken ct)
    {
        var today = Today(clock);
        var result = await CadreRoster.LeaveAsync(db, cadreId, request.LeftOn, request.Reason, today, ct);
        if (result.Outcome == EditOutcome.NotFound) return TypedResults.NotFound();
        if (result.Outcome == EditOutcome.Invalid) return Problem(result.Errors, lang);
        var row = await CadreRoster.FindAsync(db, cadreId, today, ct);
        return TypedResults.Ok(new LeaveAnswer(View(db, row!, lang), result.Value!.NeedHandover));
    }

    private static async Task<IResult> Import(HttpRequest request, JingzhunDbContext db, TimeProvider clock, Lang lang, CancellationToken ct)
    {
        string? county;
        string fileName;
        bool skipInvalid;
        var path = Path.Combine(Path.GetTempPath(), $"jingzhun-roster-{Guid.NewGuid():N}");
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                var file = form.Files.GetFile("file");
                if (file is null || file.Length == 0) return Problem(lang, 422, "file：请选择文件（.xlsx或.csv）", "file: choose a file (.xlsx or .csv)");
                if (file.Length > FeedsApi.MaxFileBytes) return Problem(lang, 413, "file：文件太大", "file: the file is too large");
                county = form["county"].ToString();
                skipInvalid = form["skipInvalid"].ToString() is "true" or "on" or "True" or "1";
                fileName = file.FileName;
                path += FeedsApi.Extension(fileName);
                await using var stream = File.Create(path);
                await file.CopyToAsync(stream, ct);
            }
            else
            {
                RosterUpload? upload;
                try { upload = await JsonSerializer.DeserializeAsync<RosterUpload>(request.Body, JsonSerializerOptions.Web, ct); }
                catch (JsonException) { return Problem(lang, 400, "请求内容：格式不正确", "The request body: not a valid value"); }
                if (upload is null) return Problem(lang, 422, "body：请求内容不能为空", "body: the request needs a body");
                byte[] bytes;
                try { bytes = Convert.FromBase64String(upload.Content ?? ""); }
                catch (FormatException) { return Problem(lang, 422, "content：不是有效的base64", "content: not valid base64"); }
                if (bytes.Length == 0) return Problem(lang, 422, "content：文件内容不能为空", "content: the file is empty");
                county = upload.County;
                skipInvalid = upload.SkipInvalid;
                fileName = upload.FileName ?? "roster.csv";
                path += FeedsApi.Extension(fileName);
                await File.WriteAllBytesAsync(path, bytes, ct);
            }
            if (CadreRoster.CountyFor(db.Scope, county) is null)
                return Problem(lang, 422, "county：须指定县（6位县级代码）", "county: give the county (its 6-digit code)");
            var report = await RosterImport.ImportAsync(db, path, new RosterImportOptions(county, skipInvalid, FeedsApi.Clean(fileName)), Today(clock), ct);
            var answer = new ImportAnswer(report.CountyCode, report.Rows, report.Added, report.Linked, report.Paired, report.Skipped, report.Rejected, report.Errors);
            if (!report.Rejected) return TypedResults.Ok(answer);
            var first = report.Errors.FirstOrDefault();
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: lang.T($"文件有{report.Errors.Count}处错误，未写入任何数据：第{first?.Row}行 {first?.Column}：{first?.Chinese}",
                    $"The file has {report.Errors.Count} errors; nothing was written: row {first?.Row} {first?.Column}: {first?.English}"),
                extensions: new Dictionary<string, object?> { ["report"] = answer });
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<IResult> History(JingzhunDbContext db, long id, CancellationToken ct)
    {
        if (!await db.Households.AnyAsync(h => h.Id == id, ct)) return TypedResults.NotFound();
        var history = await Pairings.HistoryAsync(db, id, ct);
        return TypedResults.Ok(history.Select(Pairing).ToList());
    }

    private static async Task<IResult> Pair(JingzhunDbContext db, Lang lang, TimeProvider clock, long id, PairRequest request, CancellationToken ct)
    {
        var result = await Pairings.PairAsync(db, id, request.CadreId ?? 0, request.Reason ?? "", Today(clock), ct);
        return await AnswerAsync(db, lang, id, result, created: true, ct);
    }

    private static async Task<IResult> HandOver(JingzhunDbContext db, Lang lang, TimeProvider clock, long id, long pairingId, HandOverRequest request,
        CancellationToken ct)
    {
        var result = await Jingzhun.Data.Registry.Pairings.HandOverAsync(db, id, pairingId, request.ToCadreId ?? 0, request.Reason ?? "", Today(clock), ct);
        return await AnswerAsync(db, lang, id, result, created: true, ct);
    }

    private static async Task<IResult> End(JingzhunDbContext db, Lang lang, TimeProvider clock, long id, long pairingId, EndRequest request, CancellationToken ct)
    {
        var result = await Pairings.EndAsync(db, id, pairingId, request.Reason ?? "", Today(clock), ct);
        return await AnswerAsync(db, lang, id, result, created: false, ct);
    }

    private static async Task<IResult> AnswerAsync(JingzhunDbContext db, Lang lang, long householdId, EditResult<CadrePairing> result, bool created, CancellationToken ct)
    {
        if (result.Outcome == EditOutcome.NotFound) return TypedResults.NotFound();
        if (result.Outcome == EditOutcome.Invalid) return Problem(result.Errors, lang);
        var id = result.Value!.Id;
        var saved = (await Pairings.HistoryAsync(db, householdId, ct)).Single(p => p.Id == id);
        return created ? TypedResults.Created($"/api/households/{householdId}/pairings", Pairing(saved)) : TypedResults.Ok(Pairing(saved));
    }

    private static PairingView Pairing(CadrePairing p) =>
        new(p.Id, p.CadreId, p.Cadre?.Name ?? "", p.Cadre?.Unit ?? "", p.StartedOn, p.StartReason, p.StartedBy, p.EndedOn, p.EndReason, p.EndedBy,
            p.HandedOverToId, p.EndedOn is null);

    private static CadreForm Form(CadreRequest r) => new()
    {
        Name = r.Name ?? "", Unit = r.Unit ?? "", Position = r.Position ?? "", Phone = r.Phone ?? "", Level = r.Level, Version = r.Version,
    };

    private static ValidationProblem Problem(IEnumerable<FieldError> errors, Lang lang) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message(lang.English)).ToArray()),
            title: lang.T("输入有误", "Some fields are not valid"));

    private static IResult Problem(Lang lang, int status, string chinese, string english) =>
        TypedResults.Problem(statusCode: status, title: lang.T(chinese, english));
}
