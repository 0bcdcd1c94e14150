using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using FundAllocations = Jingzhun.Data.Funds.Allocations;

namespace Jingzhun.Web.Funds;

/// <summary>
/// Allocations, dedicated accounts and the fund trace (资金分配、专户、资金追溯). Every write is a governed step of
/// <see cref="FundAllocations"/>: a role outside <see cref="FundRoles"/> or a region the reader does not hold answers 403, a
/// value that cannot be stored 400, a step the money does not allow (more than the parent's unpaid balance, a second
/// reversal) 409, a row outside the reader's region 404.
/// </summary>
public static class AllocationsApi
{
    public static void MapAllocationsApi(this IEndpointRouteBuilder app)
    {
        var funds = app.MapGroup("/api/funds").WithTags("Funds 扶贫资金");
        funds.MapGet("/allocations", List)
            .WithSummary("An area's allocations of a year (?region=12-digit code&year=): received and issued, each with allocated, passed down, paid and unpaid; totals by source 资金分配");
        funds.MapPost("/allocations", Record)
            .WithSummary("Allocate funds from the issuer's level to a region below it (parentId: the allocation passed down); received=true: a county records funds received from an issuer outside the system 资金下达");
        funds.MapPost("/allocations/{allocationId:long}/reverse", Reverse)
            .WithSummary("Reverse an allocation with the reason: a new row with the negative amount; refused while any of it was passed down or paid 冲正");
        funds.MapGet("/allocations/{allocationId:long}/trace", TraceDown)
            .WithSummary("The trace down from an allocation: the allocations below it, the projects and payments drawing on each, the households reached; sums at every level 资金追溯");
        funds.MapGet("/accounts", Accounts).WithSummary("A county's dedicated accounts (?county=); the number masked for readers who may not manage them 资金专户");
        funds.MapPost("/accounts", Open).WithSummary("Open a dedicated account for the county 开设专户");
        funds.MapPost("/accounts/{accountId:long}/close", Close).WithSummary("Close a dedicated account with the date and reason 专户销户");

        var households = app.MapGroup("/api/households").WithTags("Funds 扶贫资金");
        households.MapGet("/{id:long}/funds", TraceUp)
            .WithSummary("Every yuan the household received (household payments and dividends, reversals netted), each with its allocation chain, source and project; the projects it benefits from");
    }

    public sealed record AllocationRequest([property: TextLimit(12)] string? FromCode, [property: TextLimit(12)] string? ToCode, [property: Range(2010, 2100)] int? Year,
        FundSource? Source, [property: Range(0d, 100_000_000_000d)] decimal? Amount, [property: TextLimit(200)] string? Purpose,
        [property: TextLimit(100)] string? DocumentNumber, DateOnly? IssuedOn, long? ParentId, bool? Integrated, long? AccountId, bool? Received);

    public sealed record ReverseRequest([property: TextLimit(500)] string? Reason);

    public sealed record AccountRequest([property: TextLimit(12)] string? CountyCode, [property: TextLimit(100)] string? Name, [property: TextLimit(100)] string? Bank,
        [property: TextLimit(40)] string? Number, DateOnly? OpenedOn);

    public sealed record CloseRequest(DateOnly? ClosedOn, [property: TextLimit(200)] string? Reason);

    public sealed record AllocationJson(long Id, int Year, FundSource Source, string FromCode, string FromName, string ToCode, string ToName, decimal Amount,
        string Purpose, string DocumentNumber, DateOnly IssuedOn, long? ParentId, bool Integrated, long? AccountId, long? ReversesId, string Reason,
        bool RecordedByCounty, bool Reversed, decimal? Allocated, decimal? PassedDown, decimal? Paid, decimal? Unpaid, string RecordedBy, DateTime CreatedAt)
    {
        public static AllocationJson From(AllocationRow r)
        {
            var a = r.Allocation;
            return new(a.Id, a.Year, a.Source, a.FromCode, r.FromName, a.ToCode, r.ToName, a.Amount.Yuan, a.Purpose, a.DocumentNumber, a.IssuedOn, a.ParentId,
                a.Integrated, a.AccountId, a.ReversesId, r.RecordedByCounty ? "" : a.Reason, r.RecordedByCounty, r.Reversed, r.Balance?.Allocated.Yuan,
                r.Balance?.PassedDown.Yuan, r.Balance?.Paid.Yuan, r.Balance?.Unpaid.Yuan, a.RecordedBy, a.CreatedAt);
        }
    }

    public sealed record SourceJson(FundSource Source, decimal Allocated, decimal PassedDown, decimal Paid, decimal Unpaid);

    public sealed record AreaJson(string Code, string Name, RegionLevel Level, int Year, IReadOnlyList<int> Years, IReadOnlyList<AllocationJson> Received,
        IReadOnlyList<AllocationJson> Issued, IReadOnlyList<SourceJson> ReceivedBySource);

    public sealed record ProjectJson(long ProjectId, string Number, string Name, ProjectStage Stage, string RegionCode, decimal Budget, decimal Paid);

    public sealed record HouseholdJson(long HouseholdId, string Number, string HeadName, string VillageCode, decimal Paid, int Payments);

    public sealed record TraceJson(AllocationJson Allocation, decimal PaidToProjects, decimal PaidToHouseholds, decimal PaidOther,
        IReadOnlyList<ProjectJson> Projects, IReadOnlyList<HouseholdJson> Households, IReadOnlyList<TraceJson> Children)
    {
        public static TraceJson From(TraceNode n) => new(AllocationJson.From(n.Row), n.PaidToProjects.Yuan, n.PaidToHouseholds.Yuan, n.PaidOther.Yuan,
            [.. n.Projects.Select(p => new ProjectJson(p.ProjectId, p.Number, p.Name, p.Stage, p.RegionCode, p.Budget.Yuan, p.Paid.Yuan))],
            [.. n.Households.Select(h => new HouseholdJson(h.HouseholdId, h.Number, h.HeadName, h.VillageCode, h.Paid.Yuan, h.Payments))],
            [.. n.Children.Select(From)]);
    }

    public sealed record ReceivedJson(long PaymentId, DateOnly PaidOn, PaymentKind Kind, decimal Amount, decimal Reversed, decimal Net, FundSource? Source,
        string Purpose, ProjectType PurposeType, long? AllocationId, long? ProjectId, string? ProjectNumber, string? ProjectName, IReadOnlyList<AllocationJson> Chain);

    public sealed record BenefitJson(long ProjectId, string Number, string Name, ProjectType Type, ProjectStage Stage, int Year, int People);

    public sealed record HouseholdFundsJson(long HouseholdId, decimal Total, IReadOnlyList<ReceivedJson> Received, IReadOnlyList<BenefitJson> Projects);

    public sealed record AccountJson(long Id, string CountyCode, string Name, string Bank, string Number, DateOnly OpenedOn, DateOnly? ClosedOn, string ClosedReason)
    {
        public static AccountJson From(AccountView a) => new(a.Id, a.CountyCode, a.Name, a.Bank, a.Number, a.OpenedOn, a.ClosedOn, a.ClosedReason);
    }

    private static async Task<Results<Ok<AreaJson>, NotFound>> List(JingzhunDbContext db, TimeProvider clock, string? region, int? year, CancellationToken ct)
    {
        var code = string.IsNullOrWhiteSpace(region) ? (db.Scope.RegionPrefix.Length == 0 ? "000000000000" : db.Scope.RegionPrefix.PadRight(12, '0')) : region;
        if (year is < 2010 or > 2100) return TypedResults.NotFound();
        var area = await FundAllocations.ForAreaAsync(db, code, year, clock.GetUtcNow().UtcDateTime, ct);
        if (area is null) return TypedResults.NotFound();
        return TypedResults.Ok(new AreaJson(area.Code, area.Name, area.Level, area.Year, area.Years, [.. area.Received.Select(AllocationJson.From)],
            [.. area.Issued.Select(AllocationJson.From)],
            [.. area.ReceivedBySource.Select(s => new SourceJson(s.Source, s.Allocated.Yuan, s.PassedDown.Yuan, s.Paid.Yuan, s.Unpaid.Yuan))]));
    }

    private static async Task<Results<Created<AllocationJson>, ValidationProblem>> Record(JingzhunDbContext db, TimeProvider clock, Lang lang, AllocationRequest request,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.ToCode)) return Problem("toCode", lang.T("请选择接收资金的区划", "toCode is required"), lang);
        if (request.Year is not { } year) return Problem("year", lang.T("请填写年度", "year is required"), lang);
        if (request.Source is not { } source) return Problem("source", lang.T("请选择资金来源", "source is required"), lang);
        if (request.Amount is not { } amount) return Problem("amount", lang.T("请填写金额", "amount is required"), lang);
        var now = clock.GetUtcNow().UtcDateTime;
        var from = string.IsNullOrWhiteSpace(request.FromCode) ? (db.Scope.RegionPrefix.Length == 0 ? "000000000000" : db.Scope.RegionPrefix.PadRight(12, '0')) : request.FromCode;
        var input = new AllocationInput(from, request.ToCode, year, source, new Money(amount), request.Purpose ?? "", request.DocumentNumber ?? "",
            request.IssuedOn ?? DateOnly.FromDateTime(now), request.ParentId, request.Integrated ?? false, request.AccountId);
        var saved = request.Received == true ? await FundAllocations.RecordReceivedAsync(db, input, now, ct) : await FundAllocations.AllocateAsync(db, input, now, ct);
        var row = (await FundAllocations.FindAsync(db, saved.Id, ct))!;
        return TypedResults.Created($"/api/funds/allocations/{saved.Id}/trace", AllocationJson.From(row));
    }

    private static async Task<Results<Ok<AllocationJson>, NotFound>> Reverse(JingzhunDbContext db, TimeProvider clock, long allocationId, ReverseRequest request,
        CancellationToken ct)
    {
        var reversal = await FundAllocations.ReverseAsync(db, allocationId, request.Reason ?? "", clock.GetUtcNow().UtcDateTime, ct);
        if (reversal is null) return TypedResults.NotFound();
        return TypedResults.Ok(AllocationJson.From((await FundAllocations.FindAsync(db, reversal.Id, ct))!));
    }

    private static async Task<Results<Ok<TraceJson>, NotFound>> TraceDown(JingzhunDbContext db, long allocationId, CancellationToken ct) =>
        await Trace.DownAsync(db, allocationId, ct) is { } root ? TypedResults.Ok(TraceJson.From(root)) : TypedResults.NotFound();

    private static async Task<Results<Ok<HouseholdFundsJson>, NotFound>> TraceUp(JingzhunDbContext db, long id, CancellationToken ct)
    {
        var funds = await Trace.UpAsync(db, id, ct);
        if (funds is null) return TypedResults.NotFound();
        return TypedResults.Ok(new HouseholdFundsJson(funds.HouseholdId, funds.Total.Yuan,
            [.. funds.Lines.Select(l => new ReceivedJson(l.Payment.Id, l.Payment.PaidOn, l.Payment.Kind, l.Payment.Amount.Yuan, l.Reversed.Yuan, l.Net.Yuan,
                l.Payment.Source, l.Payment.Purpose, l.Payment.PurposeType, l.Payment.AllocationId, l.Payment.ProjectId, l.ProjectNumber, l.ProjectName,
                [.. l.Chain.Select(AllocationJson.From)]))],
            [.. funds.Projects.Select(p => new BenefitJson(p.ProjectId, p.Number, p.Name, p.Type, p.Stage, p.Year, p.People))]));
    }

    private static async Task<Results<Ok<IReadOnlyList<AccountJson>>, NotFound>> Accounts(JingzhunDbContext db, string? county, CancellationToken ct)
    {
        var code = string.IsNullOrWhiteSpace(county) ? db.Scope.RegionPrefix.PadRight(12, '0') : county.Trim();
        if (!RegionCode.TryParse(code, out var c, out _) || c.Level != RegionLevel.County || !db.Scope.CanRead || db.Scope.ReadsAssignedOnly
            || !c.Value.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal))
            return TypedResults.NotFound();
        var countyCode = c.Value;
        IReadOnlyList<AccountJson> list = [.. (await FundAllocations.AccountsAsync(db, countyCode, ct)).Select(AccountJson.From)];
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Created<AccountJson>, ValidationProblem>> Open(JingzhunDbContext db, TimeProvider clock, Lang lang, AccountRequest request,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var county = string.IsNullOrWhiteSpace(request.CountyCode) ? db.Scope.RegionPrefix.PadRight(12, '0') : request.CountyCode;
        if (string.IsNullOrWhiteSpace(request.Name)) return Problem("name", lang.T("请填写账户名称", "name is required"), lang);
        if (string.IsNullOrWhiteSpace(request.Number)) return Problem("number", lang.T("请填写账号", "number is required"), lang);
        var account = await FundAllocations.OpenAccountAsync(db, new AccountInput(county, request.Name, request.Bank ?? "", request.Number, request.OpenedOn ?? DateOnly.FromDateTime(now)),
            now, ct);
        return TypedResults.Created($"/api/funds/accounts?county={account.CountyCode}", AccountJson.From(FundAllocations.View(account, true)));
    }

    private static async Task<Results<Ok<AccountJson>, NotFound>> Close(JingzhunDbContext db, TimeProvider clock, long accountId, CloseRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await FundAllocations.CloseAccountAsync(db, accountId, request.ClosedOn ?? DateOnly.FromDateTime(now), request.Reason ?? "", now, ct);
        return account is null ? TypedResults.NotFound() : TypedResults.Ok(AccountJson.From(FundAllocations.View(account, true)));
    }

    private static ValidationProblem Problem(string field, string message, Lang lang) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: lang.T("输入有误", "Some fields are not valid"));
}
