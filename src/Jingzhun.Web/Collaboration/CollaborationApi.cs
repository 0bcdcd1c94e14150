using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Collaboration;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jingzhun.Web.Collaboration;

/// <summary>
/// Social assistance and east–west collaboration (社会帮扶与东西部协作) as JSON. Every write is a governed step of
/// <see cref="CollaborationWork"/>, the same one the pages take: a wrong role answers 403, a refused value 400 with the
/// rule in both languages, a step the entry's state forbids 409, a record outside the reader's region (or, for a partner
/// account, not its own) 404. Figures count confirmed inputs only.
/// </summary>
public static class CollaborationApi
{
    public static void MapCollaborationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/collaboration").WithTags("Collaboration 社会帮扶");
        group.MapGet("/partners", Partners).WithSummary("The partners the reader sees (a partner account: itself) 帮扶单位");
        group.MapPost("/partners", AddPartner).WithSummary("Register a partner: an eastern region, central unit, enterprise or social organisation");
        group.MapGet("/pairings", Pairings).WithSummary("Pairings of an area (?region=), ended ones too 结对关系");
        group.MapPost("/pairings", Pair).WithSummary("Pair a partner with a region of the reader's: type, start, agreement");
        group.MapPost("/pairings/{collaborationPairingId:long}/end", End).WithSummary("End a pairing on a day with the reason (kept with its history)");
        group.MapGet("/pairings/{collaborationPairingId:long}/secondees", Secondees).WithSummary("People exchanged under a pairing, both ways 挂职交流");
        group.MapPost("/pairings/{collaborationPairingId:long}/secondees", AddSecondee).WithSummary("Record a person exchanged under a pairing");
        group.MapGet("/inputs", Inputs).WithSummary("Inputs (?pairing=, &region=, &state=): entered, checked, confirmed or rejected 帮扶投入");
        group.MapPost("/inputs", Enter).WithSummary("Enter an input: the partner itself, or the county or township on its behalf");
        group.MapPost("/inputs/{inputId:long}/check", Check).WithSummary("The village work team checks an input 工作队核实");
        group.MapPost("/inputs/{inputId:long}/confirm", Confirm).WithSummary("The county confirms the households and people an input reached 县级确认");
        group.MapPost("/inputs/{inputId:long}/reject", Reject).WithSummary("Reject an input with the reason (the work team before the check, the county before confirming)");
        group.MapGet("/figures", Figures).WithSummary("Confirmed inputs by pairing, kind and year of an area (?region=), with the unconfirmed count");
        group.MapGet("/assessment", Assess).WithSummary("The yearly assessment of pairings (?year=, &region=): inputs and registered people lifted out where they worked");
        group.MapGet("/figures.xlsx", Workbook).WithSummary("The figures and assessments as an xlsx workbook");
    }

    public sealed record PartnerRequest([property: TextLimit(200)] string? Name, PartnerKind? Kind, [property: TextLimit(200)] string? Place,
        [property: TextLimit(12)] string? RegionCode, [property: TextLimit(18)] string? CreditCode, [property: TextLimit(100)] string? Contact);

    public sealed record PairingRequest(long? PartnerId, [property: TextLimit(12)] string? RegionCode, PairingType? Type, DateOnly? StartsOn,
        [property: TextLimit(1000, Lines = true)] string? Agreement, DateOnly? EndsOn);

    public sealed record EndRequest(DateOnly? EndsOn, [property: TextLimit(500, Lines = true)] string? Reason);

    public sealed record SecondeeRequest([property: TextLimit(50)] string? Name, SecondmentDirection? Direction, SecondeeKind? Kind,
        [property: TextLimit(100)] string? Post, DateOnly? From, DateOnly? To);

    public sealed record InputRequest(long? PairingId, [property: TextLimit(12)] string? RegionCode, InputKind? Kind, DateOnly? On,
        [property: Range(0d, 10_000_000_000d)] decimal? Amount, [property: Range(0, 10_000_000)] int? Count,
        [property: Range(0, 10_000_000)] int? HouseholdsReached, [property: Range(0, 100_000_000)] int? PeopleReached,
        [property: TextLimit(1000, Lines = true)] string? Description, FundSource? Source);

    public sealed record ConfirmRequest([property: Range(0, 10_000_000)] int? HouseholdsReached, [property: Range(0, 100_000_000)] int? PeopleReached);

    public sealed record RejectRequest([property: TextLimit(500, Lines = true)] string? Reason);

    public sealed record PartnerView(long Id, string Name, PartnerKind Kind, string Place, string RegionCode, bool IsActive)
    {
        public static PartnerView From(Partner p) => new(p.Id, p.Name, p.Kind, p.Place, p.RegionCode, p.IsActive);
    }

    public sealed record PairingView(long Id, long PartnerId, string PartnerName, PartnerKind PartnerKind, string RegionCode, string RegionName, PairingType Type,
        string Agreement, DateOnly StartsOn, DateOnly? EndsOn, string EndedReason)
    {
        public static PairingView From(Data.Collaboration.PairingView v) => new(v.Pairing.Id, v.Pairing.PartnerId, v.PartnerName, v.PartnerKind, v.Pairing.RegionCode,
            v.RegionName, v.Pairing.Type, v.Pairing.Agreement, v.Pairing.StartsOn, v.Pairing.EndsOn, v.Pairing.EndedReason);

        public static PairingView From(Pairing p) => new(p.Id, p.PartnerId, "", PartnerKind.Other, p.RegionCode, "", p.Type, p.Agreement, p.StartsOn, p.EndsOn, p.EndedReason);
    }

    public sealed record SecondeeView(long Id, long PairingId, string Name, SecondmentDirection Direction, SecondeeKind Kind, string Post, DateOnly From, DateOnly? To)
    {
        public static SecondeeView Of(SecondedCadre c) => new(c.Id, c.PairingId, c.Name, c.Direction, c.Kind, c.Post, c.From, c.To);
    }

    public sealed record InputView(long Id, long PairingId, long PartnerId, string RegionCode, InputKind Kind, int Year, DateOnly On, decimal Amount, int Count,
        FundSource? Source, string Description, int HouseholdsReached, int PeopleReached, InputState State, bool Counted, string EnteredBy, string CheckedBy,
        string ConfirmedBy, string RejectedBy, string RejectedReason, int Version)
    {
        public static InputView From(CollaborationInput i) => new(i.Id, i.PairingId, i.PartnerId, i.RegionCode, i.Kind, i.Year, i.On, i.Amount.Yuan, i.Count,
            i.Source, i.Description, i.HouseholdsReached, i.PeopleReached, i.State, i.IsCounted, i.EnteredBy, i.CheckedBy, i.ConfirmedBy, i.RejectedBy,
            i.RejectedReason, i.Version);
    }

    public sealed record FigureView(long PairingId, InputKind Kind, int Year, int Entries, decimal Amount, int Count, int Households, int People);

    public sealed record FiguresView(string Region, IReadOnlyList<PairingView> Pairings, IReadOnlyList<FigureView> Figures, int PendingEntries, int RejectedEntries);

    public sealed record AssessmentView(long PairingId, string PartnerName, string RegionCode, int Year, decimal Amount, int ConfirmedEntries, int PendingEntries,
        int PeopleReached, int ExitedHouseholds, int ExitedPeople, IReadOnlyList<string> AreasReached);

    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    /// <summary>Assessors read only their sample: nothing of collaboration.</summary>
    private static bool Shut(JingzhunDbContext db) => db.Scope.ReadsAssignedOnly || db.Scope.Role is null;

    private static async Task<Results<Ok<List<PartnerView>>, ForbidHttpResult>> Partners(JingzhunDbContext db, CancellationToken ct) =>
        Shut(db) ? TypedResults.Forbid()
            : TypedResults.Ok((await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Partners.OrderBy(p => p.Name), ct)).Select(PartnerView.From).ToList());

    private static async Task<Created<PartnerView>> AddPartner(JingzhunDbContext db, TimeProvider clock, PartnerRequest request, CancellationToken ct)
    {
        var p = await CollaborationWork.AddPartnerAsync(db, new PartnerForm(request.Name ?? "", request.Kind ?? 0, request.Place ?? "", request.RegionCode ?? "",
            request.CreditCode ?? "", request.Contact ?? ""), Now(clock), ct);
        return TypedResults.Created($"/api/collaboration/partners", PartnerView.From(p));
    }

    private static async Task<Results<Ok<List<PairingView>>, ForbidHttpResult>> Pairings(JingzhunDbContext db, string? region, CancellationToken ct) =>
        Shut(db) ? TypedResults.Forbid() : TypedResults.Ok((await CollaborationFigures.PairingsAsync(db, region, ct)).Select(PairingView.From).ToList());

    private static async Task<Created<PairingView>> Pair(JingzhunDbContext db, TimeProvider clock, PairingRequest request, CancellationToken ct)
    {
        var p = await CollaborationWork.PairAsync(db, new PairingForm(request.PartnerId ?? 0, request.RegionCode ?? "", request.Type ?? 0,
            request.StartsOn ?? default, request.Agreement ?? "", request.EndsOn), Now(clock), ct);
        return TypedResults.Created($"/collaboration/pairings/{p.Id}", PairingView.From(p));
    }

    private static async Task<Results<Ok<PairingView>, NotFound>> End(JingzhunDbContext db, TimeProvider clock, long collaborationPairingId, EndRequest request, CancellationToken ct) =>
        await CollaborationWork.EndPairingAsync(db, collaborationPairingId, request.EndsOn ?? DateOnly.FromDateTime(Now(clock)), request.Reason ?? "", Now(clock), ct) is { } p
            ? TypedResults.Ok(PairingView.From(p)) : TypedResults.NotFound();

    private static async Task<Results<Ok<List<SecondeeView>>, NotFound>> Secondees(JingzhunDbContext db, long collaborationPairingId, CancellationToken ct)
    {
        var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.SecondedCadres.Where(c => c.PairingId == collaborationPairingId).OrderBy(c => c.From), ct);
        if (rows.Count == 0 && !await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.CollaborationPairings, p => p.Id == collaborationPairingId, ct))
            return TypedResults.NotFound();
        return TypedResults.Ok(rows.Select(SecondeeView.Of).ToList());
    }

    private static async Task<Results<Created<SecondeeView>, NotFound>> AddSecondee(JingzhunDbContext db, TimeProvider clock, long collaborationPairingId,
        SecondeeRequest request, CancellationToken ct)
    {
        var c = await CollaborationWork.AddSecondeeAsync(db, new SecondeeForm(collaborationPairingId, request.Name ?? "", request.Direction ?? 0, request.Kind ?? 0,
            request.Post ?? "", request.From ?? default, request.To), Now(clock), ct);
        return c is null ? TypedResults.NotFound() : TypedResults.Created($"/collaboration/pairings/{collaborationPairingId}", SecondeeView.Of(c));
    }

    private static async Task<Results<Ok<List<InputView>>, ForbidHttpResult>> Inputs(JingzhunDbContext db, long? pairing, string? region, InputState? state, CancellationToken ct) =>
        Shut(db) ? TypedResults.Forbid()
            : TypedResults.Ok((await CollaborationFigures.InputsAsync(db, pairing, region, state is { } s ? [s] : null, ct: ct)).Select(v => InputView.From(v.Input)).ToList());

    private static async Task<Created<InputView>> Enter(JingzhunDbContext db, TimeProvider clock, InputRequest request, CancellationToken ct)
    {
        var i = await CollaborationWork.EnterInputAsync(db, new InputForm(request.PairingId ?? 0, request.RegionCode ?? "", request.Kind ?? 0,
            request.On ?? DateOnly.FromDateTime(Now(clock)), new Money(request.Amount ?? 0m), request.Count ?? 0, request.HouseholdsReached ?? 0,
            request.PeopleReached ?? 0, request.Description ?? "", request.Source), Now(clock), ct);
        return TypedResults.Created($"/api/collaboration/inputs?pairing={i.PairingId}", InputView.From(i));
    }

    private static async Task<Results<Ok<InputView>, NotFound>> Check(JingzhunDbContext db, TimeProvider clock, long inputId, CancellationToken ct) =>
        await CollaborationWork.CheckAsync(db, inputId, Now(clock), ct) is { } i ? TypedResults.Ok(InputView.From(i)) : TypedResults.NotFound();

    private static async Task<Results<Ok<InputView>, NotFound>> Confirm(JingzhunDbContext db, TimeProvider clock, long inputId, ConfirmRequest request, CancellationToken ct) =>
        await CollaborationWork.ConfirmAsync(db, inputId, request.HouseholdsReached, request.PeopleReached, Now(clock), ct) is { } i
            ? TypedResults.Ok(InputView.From(i)) : TypedResults.NotFound();

    private static async Task<Results<Ok<InputView>, NotFound>> Reject(JingzhunDbContext db, TimeProvider clock, long inputId, RejectRequest request, CancellationToken ct) =>
        await CollaborationWork.RejectAsync(db, inputId, request.Reason ?? "", Now(clock), ct) is { } i ? TypedResults.Ok(InputView.From(i)) : TypedResults.NotFound();

    private static async Task<Results<Ok<FiguresView>, ForbidHttpResult>> Figures(JingzhunDbContext db, string? region, CancellationToken ct)
    {
        if (Shut(db)) return TypedResults.Forbid();
        var a = await CollaborationFigures.ForAreaAsync(db, region, ct);
        return TypedResults.Ok(new FiguresView(a.Code, a.Pairings.Select(PairingView.From).ToList(),
            a.Figures.Select(f => new FigureView(f.PairingId, f.Kind, f.Year, f.Entries, f.Amount.Yuan, f.Count, f.Households, f.People)).ToList(),
            a.PendingEntries, a.RejectedEntries));
    }

    private static async Task<Results<Ok<List<AssessmentView>>, ForbidHttpResult>> Assess(JingzhunDbContext db, TimeProvider clock, int? year, string? region, CancellationToken ct)
    {
        if (Shut(db)) return TypedResults.Forbid();
        var rows = await CollaborationFigures.AssessAsync(db, year ?? Now(clock).Year - 1, region, ct);
        return TypedResults.Ok(rows.Select(a => new AssessmentView(a.Pairing.Pairing.Id, a.Pairing.PartnerName, a.Pairing.Pairing.RegionCode, a.Year, a.Amount.Yuan,
            a.ConfirmedEntries, a.PendingEntries, a.PeopleReached, a.ExitedHouseholds, a.ExitedPeople, a.AreasReached)).ToList());
    }

    private static async Task<Results<FileContentHttpResult, ForbidHttpResult>> Workbook(JingzhunDbContext db, TimeProvider clock, string? region, CancellationToken ct)
    {
        if (Shut(db)) return TypedResults.Forbid();
        var bytes = await CollaborationFigures.WorkbookAsync(db, region, Now(clock), ct);
        return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"社会帮扶-{region ?? "all"}.xlsx");
    }
}
