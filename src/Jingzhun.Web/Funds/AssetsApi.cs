using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jingzhun.Web.Funds;

/// <summary>
/// Project assets (扶贫项目资产) as JSON. Every write is a governed step of <see cref="ProjectAssets"/>: a wrong role answers
/// 403 and changes nothing, a refused value 400 with the rule in both languages, a step the asset's state forbids (a
/// project not yet completed, a disposed asset) 409, an asset outside the reader's region 404.
/// </summary>
public static class AssetsApi
{
    public static void MapAssetsApi(this IEndpointRouteBuilder app)
    {
        var assets = app.MapGroup("/api/funds/assets").WithTags("Funds 资金项目");
        assets.MapGet("", List)
            .WithSummary("An area's project assets (?region=, &class=, &ownership=, &state=): totals by class and ownership with 移交率 and 确权率, income and dividends by year");
        assets.MapPost("", Register).WithSummary("Register an asset of a project that is completed or later: class, ownership (a household asset names a beneficiary), value, operator 登记项目资产");
        assets.MapGet("/{assetId:long}", Get).WithSummary("An asset: its project, shares (heads' IDs masked), incomes and the dividend payments they produced");
        assets.MapPost("/{assetId:long}/state", State).WithSummary("Put an asset in use, idle or disposed of, with the reason (never deleted) 资产状态");
        assets.MapPost("/{assetId:long}/registration", Registration).WithSummary("Record the ownership registration (确权登记) and the handover date (移交)");
        assets.MapPost("/{assetId:long}/shares", AddShare).WithSummary("Give a household of the project's county a weighted share of the asset's income 收益分配份额");
        assets.MapPost("/{assetId:long}/shares/{shareId:long}/end", EndShare).WithSummary("End a household's share with the reason");
        assets.MapPost("/{assetId:long}/incomes", RecordIncome).WithSummary("Record an income-generating asset's income for a year 资产收益");
        assets.MapPost("/{assetId:long}/incomes/{incomeId:long}/distribute", Distribute)
            .WithSummary("Distribute part of an income to the open shares by weight: one dividend payment per household, whole fen, summing exactly 收益分红");
    }

    public sealed record AssetRequest(long? ProjectId, [property: TextLimit(200)] string? Name, AssetClass? Class, AssetOwnership? Ownership,
        long? OwnerHouseholdId, [property: Range(0d, 10_000_000_000d)] decimal? Value, [property: TextLimit(200)] string? Operator, bool? OwnershipRegistered,
        DateOnly? HandedOverOn);

    public sealed record StateRequest(AssetState? State, [property: TextLimit(500, Lines = true)] string? Reason);

    public sealed record RegistrationRequest(bool? Registered, DateOnly? HandedOverOn);

    public sealed record ShareRequest(long? HouseholdId, [property: Range(0d, 1_000_000d)] decimal? Weight, DateOnly? From);

    public sealed record EndShareRequest([property: TextLimit(200, Lines = true)] string? Reason, DateOnly? On);

    public sealed record IncomeRequest([property: Range(2000, 2999)] int? Year, DateOnly? ReceivedOn, [property: Range(0d, 10_000_000_000d)] decimal? Amount,
        [property: TextLimit(500, Lines = true)] string? Note);

    public sealed record DistributeRequest([property: Range(0d, 10_000_000_000d)] decimal? Amount, DateOnly? PaidOn, [property: TextLimit(100)] string? Voucher);

    public sealed record AssetView(long Id, long ProjectId, string RegionCode, string CountyCode, string Name, AssetClass Class, AssetOwnership Ownership,
        long? OwnerHouseholdId, decimal Value, string Operator, bool OwnershipRegistered, DateOnly? HandedOverOn, AssetState State, string StateReason,
        string RecordedBy, int Version)
    {
        public static AssetView From(ProjectAsset a) => new(a.Id, a.ProjectId, a.RegionCode, a.CountyCode, a.Name, a.Class, a.Ownership, a.OwnerHouseholdId,
            a.Value.Yuan, a.Operator, a.OwnershipRegistered, a.HandedOverOn, a.State, a.StateReason, a.RecordedBy, a.Version);
    }

    public sealed record ShareView(long Id, long AssetId, long HouseholdId, decimal Weight, DateOnly From, DateOnly? To, string EndedReason)
    {
        public static ShareView Of(AssetShare s) => new(s.Id, s.AssetId, s.HouseholdId, s.Weight, s.From, s.To, s.EndedReason);
    }

    public sealed record IncomeView(long Id, long AssetId, int Year, DateOnly ReceivedOn, decimal Amount, decimal Distributed, decimal Undistributed,
        DateOnly? DistributedOn, string Note, string RecordedBy)
    {
        public static IncomeView From(AssetIncome i) => new(i.Id, i.AssetId, i.Year, i.ReceivedOn, i.Amount.Yuan, i.Distributed.Yuan,
            (i.Amount - i.Distributed).Yuan, i.DistributedOn, i.Note, i.RecordedBy);
    }

    public sealed record DividendView(long Id, long? AssetIncomeId, long? HouseholdId, string Number, string Payee, decimal Amount, int Year, DateOnly PaidOn,
        string Voucher, bool IsReversal);

    public sealed record DistributionView(IncomeView Income, IReadOnlyList<DividendView> Payments);

    public sealed record ShareRowView(long Id, long HouseholdId, string Number, string VillageCode, string HeadName, string HeadIdMasked, decimal Weight,
        decimal Percent, DateOnly From, DateOnly? To, string EndedReason);

    public sealed record AssetPageView(AssetView Asset, string ProjectNumber, string ProjectName, ProjectType ProjectType, ProjectStage ProjectStage,
        string? OwnerNumber, IReadOnlyList<ShareRowView> Shares, IReadOnlyList<IncomeView> Incomes, IReadOnlyList<DividendView> Dividends);

    public sealed record AssetRowView(long Id, string Name, AssetClass Class, AssetOwnership Ownership, decimal Value, string Operator, bool OwnershipRegistered,
        DateOnly? HandedOverOn, AssetState State, string RegionCode, long ProjectId, string ProjectNumber, string ProjectName);

    public sealed record GroupView(AssetClass Class, AssetOwnership Ownership, int Assets, decimal Value, int HandedOver, int Registered, decimal HandoverRate,
        decimal RegistrationRate);

    public sealed record YearView(int Year, decimal Income, decimal Distributed, decimal Dividends, int Households);

    public sealed record AreaView(string Code, string Name, int InService, decimal Value, int HandedOver, int Registered, decimal HandoverRate,
        decimal RegistrationRate, IReadOnlyList<GroupView> Groups, IReadOnlyList<YearView> Years, IReadOnlyList<AssetRowView> Assets);

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static async Task<Results<Ok<AreaView>, NotFound, ForbidHttpResult>> List(JingzhunDbContext db, string? region, AssetClass? @class,
        AssetOwnership? ownership, AssetState? state, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return TypedResults.Forbid();
        var code = string.IsNullOrWhiteSpace(region) ? db.Scope.RegionPrefix.PadRight(12, '0') : region;
        if (await ProjectAssets.ForAreaAsync(db, code, new AssetFilter(@class, ownership, state), ct) is not { } a) return TypedResults.NotFound();
        return TypedResults.Ok(new AreaView(a.Code, a.Name, a.InService, a.Value.Yuan, a.HandedOver, a.Registered, a.HandoverRate, a.RegistrationRate,
            [.. a.Groups.Select(g => new GroupView(g.Class, g.Ownership, g.Assets, g.Value.Yuan, g.HandedOver, g.Registered, g.HandoverRate, g.RegistrationRate))],
            [.. a.Years.Select(y => new YearView(y.Year, y.Income.Yuan, y.Distributed.Yuan, y.Dividends.Yuan, y.Households))],
            [.. a.Assets.Select(r => new AssetRowView(r.Id, r.Name, r.Class, r.Ownership, r.Value.Yuan, r.Operator, r.OwnershipRegistered, r.HandedOverOn, r.State,
                r.RegionCode, r.ProjectId, r.ProjectNumber, r.ProjectName))]));
    }

    private static async Task<Results<Ok<AssetPageView>, NotFound, ForbidHttpResult>> Get(JingzhunDbContext db, long assetId, CancellationToken ct)
    {
        if (db.Scope.ReadsAssignedOnly) return TypedResults.Forbid();
        if (await ProjectAssets.ForAssetAsync(db, assetId, ct) is not { } p) return TypedResults.NotFound();
        return TypedResults.Ok(new AssetPageView(AssetView.From(p.Asset), p.Project.Number, p.Project.Name, p.Project.Type, p.Project.Stage, p.OwnerNumber,
            [.. p.Shares.Select(s => new ShareRowView(s.Id, s.HouseholdId, s.Number, s.VillageCode, s.HeadName, s.HeadIdMasked, s.Weight, s.Percent, s.From, s.To,
                s.EndedReason))],
            [.. p.Incomes.Select(IncomeView.From)],
            [.. p.Dividends.Select(d => new DividendView(d.Id, d.AssetIncomeId, d.HouseholdId, d.Number, d.Payee, d.Amount.Yuan, d.Year, d.PaidOn, d.Voucher,
                d.IsReversal))]));
    }

    private static async Task<Results<Created<AssetView>, NotFound>> Register(JingzhunDbContext db, TimeProvider clock, AssetRequest request,
        CancellationToken ct)
    {
        // A missing class or ownership reaches the step as an undefined value: refused at its field after the project and role checks.
        var input = new AssetInput(request.ProjectId ?? 0, request.Name ?? "", request.Class ?? 0, request.Ownership ?? 0, request.OwnerHouseholdId,
            new Money(request.Value ?? 0m), request.Operator ?? "", request.OwnershipRegistered ?? false, request.HandedOverOn);
        var asset = await ProjectAssets.RegisterAsync(db, input, clock.GetUtcNow().UtcDateTime, ct);
        return asset is null ? TypedResults.NotFound() : TypedResults.Created($"/api/funds/assets/{asset.Id}", AssetView.From(asset));
    }

    private static async Task<Results<Ok<AssetView>, NotFound>> State(JingzhunDbContext db, long assetId, StateRequest request, CancellationToken ct) =>
        await ProjectAssets.SetStateAsync(db, assetId, request.State ?? 0, request.Reason, ct) is { } asset ? TypedResults.Ok(AssetView.From(asset)) : TypedResults.NotFound();

    private static async Task<Results<Ok<AssetView>, NotFound>> Registration(JingzhunDbContext db, TimeProvider clock, long assetId, RegistrationRequest request,
        CancellationToken ct) =>
        await ProjectAssets.RecordRegistrationAsync(db, assetId, request.Registered ?? false, request.HandedOverOn, clock.GetUtcNow().UtcDateTime, ct) is { } asset
            ? TypedResults.Ok(AssetView.From(asset)) : TypedResults.NotFound();

    private static async Task<Results<Created<ShareView>, NotFound>> AddShare(JingzhunDbContext db, TimeProvider clock, long assetId, ShareRequest request,
        CancellationToken ct) =>
        await ProjectAssets.AddShareAsync(db, assetId, new ShareInput(request.HouseholdId ?? 0, request.Weight ?? 0m, request.From), clock.GetUtcNow().UtcDateTime, ct)
            is { } share ? TypedResults.Created($"/api/funds/assets/{assetId}", ShareView.Of(share)) : TypedResults.NotFound();

    private static async Task<Results<Ok<ShareView>, NotFound>> EndShare(JingzhunDbContext db, TimeProvider clock, long assetId, long shareId,
        EndShareRequest request, CancellationToken ct) =>
        await ProjectAssets.EndShareAsync(db, assetId, shareId, request.Reason, request.On, clock.GetUtcNow().UtcDateTime, ct) is { } share
            ? TypedResults.Ok(ShareView.Of(share)) : TypedResults.NotFound();

    private static async Task<Results<Created<IncomeView>, NotFound>> RecordIncome(JingzhunDbContext db, TimeProvider clock, long assetId, IncomeRequest request,
        CancellationToken ct)
    {
        var today = Today(clock);
        var received = request.ReceivedOn ?? today;
        var income = await ProjectAssets.RecordIncomeAsync(db, assetId, new IncomeInput(request.Year ?? received.Year, received, new Money(request.Amount ?? 0m),
            request.Note ?? ""), clock.GetUtcNow().UtcDateTime, ct);
        return income is null ? TypedResults.NotFound() : TypedResults.Created($"/api/funds/assets/{assetId}", IncomeView.From(income));
    }

    private static async Task<Results<Created<DistributionView>, NotFound>> Distribute(JingzhunDbContext db, TimeProvider clock, long assetId, long incomeId,
        DistributeRequest request, CancellationToken ct)
    {
        var result = await ProjectAssets.DistributeAsync(db, assetId, incomeId, new DistributionInput(new Money(request.Amount ?? 0m), request.PaidOn,
            request.Voucher ?? ""), clock.GetUtcNow().UtcDateTime, ct);
        if (result is null) return TypedResults.NotFound();
        var numbers = await ProjectAssets.ForAssetAsync(db, assetId, ct) is { } page
            ? page.Dividends.ToDictionary(d => d.Id, d => d.Number) : [];
        return TypedResults.Created($"/api/funds/assets/{assetId}", new DistributionView(IncomeView.From(result.Income),
            [.. result.Payments.Select(p => new DividendView(p.Id, p.AssetIncomeId, p.HouseholdId, numbers.GetValueOrDefault(p.Id, ""), p.Payee, p.Amount.Yuan, p.Year,
                p.PaidOn, p.Voucher, p.IsReversal))]));
    }
}
