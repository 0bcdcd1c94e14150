using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>An asset to register: what it is, who owns it (a household asset names its owner, a beneficiary of the project), its value and operator.</summary>
public sealed record AssetInput(long ProjectId, string Name, AssetClass Class, AssetOwnership Ownership, long? OwnerHouseholdId, Money Value,
    string Operator, bool OwnershipRegistered = false, DateOnly? HandedOverOn = null);

/// <summary>A household's share of an asset's income: a weight among the asset's open shares, from a day.</summary>
public sealed record ShareInput(long HouseholdId, decimal Weight, DateOnly? From = null);

/// <summary>Income an asset produced for a year, as received.</summary>
public sealed record IncomeInput(int Year, DateOnly ReceivedOn, Money Amount, string Note = "");

/// <summary>How much of an income to pay out to the asset's open shares, and on which day.</summary>
public sealed record DistributionInput(Money Amount, DateOnly? PaidOn = null, string Voucher = "");

/// <summary>A distribution: the income after it and the dividend payments it made (one per household with a share, whole fen).</summary>
public sealed record Distribution(AssetIncome Income, IReadOnlyList<FundPayment> Payments);

/// <summary>One asset in an area's list.</summary>
public sealed record AssetRow(long Id, string Name, AssetClass Class, AssetOwnership Ownership, Money Value, string Operator, bool OwnershipRegistered,
    DateOnly? HandedOverOn, AssetState State, string RegionCode, long ProjectId, string ProjectNumber, string ProjectName, ProjectType ProjectType);

/// <summary>Assets of a class and ownership: how many, their value, how many handed over (移交) and registered (确权), and the two rates in percent.</summary>
public sealed record AssetGroup(AssetClass Class, AssetOwnership Ownership, int Assets, Money Value, int HandedOver, int Registered,
    decimal HandoverRate, decimal RegistrationRate);

/// <summary>An area's asset income and dividends of a year: income recorded, distributed, and the dividend payments made (households paid).</summary>
public sealed record AssetYear(int Year, Money Income, Money Distributed, Money Dividends, int Households);

/// <summary>Which assets an area's list shows (null: all).</summary>
public sealed record AssetFilter(AssetClass? Class = null, AssetOwnership? Ownership = null, AssetState? State = null);

/// <summary>
/// An area's project assets: every asset of the filter, the totals by class and ownership, the area's 移交率 and 确权率
/// (assets handed over / registered ÷ assets in service, disposed of left out), and income and dividends by year.
/// </summary>
public sealed record AssetArea(string Code, string Name, AssetFilter Filter, IReadOnlyList<AssetRow> Assets, IReadOnlyList<AssetGroup> Groups,
    int InService, Money Value, int HandedOver, int Registered, decimal HandoverRate, decimal RegistrationRate, IReadOnlyList<AssetYear> Years,
    IReadOnlyList<CompletedProject> Projects);

/// <summary>A completed project of the area an asset may be registered for.</summary>
public sealed record CompletedProject(long Id, string Number, string Name, ProjectStage Stage, string RegionCode);

/// <summary>A share as the asset's page shows it: the household's number, its head's name and masked ID, and the share of the open weights.</summary>
public sealed record ShareRow(long Id, long HouseholdId, string Number, string VillageCode, string HeadName, string HeadIdMasked, decimal Weight,
    decimal Percent, DateOnly From, DateOnly? To, string EndedReason)
{
    public bool IsOpen => To is null;
}

/// <summary>A dividend payment of the asset.</summary>
public sealed record DividendRow(long Id, long? AssetIncomeId, long? HouseholdId, string Number, string Payee, Money Amount, int Year, DateOnly PaidOn,
    string Voucher, bool IsReversal);

/// <summary>An asset's page: the asset, its project, the owning household's number, shares, incomes and the dividend payments.</summary>
public sealed record AssetPage(ProjectAsset Asset, Project Project, string? OwnerNumber, IReadOnlyList<ShareRow> Shares, IReadOnlyList<AssetIncome> Incomes,
    IReadOnlyList<DividendRow> Dividends)
{
    public Money Undistributed(AssetIncome income) => income.Amount - income.Distributed;
}

/// <summary>
/// Project assets (扶贫项目资产, 003.md §2.10) as governed steps: an asset of a completed project is registered with its
/// class, ownership, value and operator (<see cref="FundRoles.ManageAssets"/>); its ownership registration (确权) and handover
/// (移交) are recorded; it leaves service by state with a reason, never by deletion; households hold weighted shares of its
/// income; its income is recorded by year (<see cref="FundRoles.RecordIncome"/>) and distributed by the county
/// (<see cref="FundRoles.Distribute"/>) as dividend payments split by weight in whole fen (<see cref="FundRules.Split"/>),
/// the payments and the income's distributed part in one save. Each step checks the role first (403), then the values (400).
/// </summary>
public static class ProjectAssets
{
    public const string DividendPurpose = "资产收益分红";
    private static readonly Money MaxAmount = new(10_000_000_000m);

    /// <summary>Whether the reader's role may take a step of <paramref name="roles"/> on a row of <paramref name="regionCode"/> (what the pages offer).</summary>
    public static bool May(JingzhunDbContext db, IReadOnlyCollection<Role> roles, string regionCode) =>
        (db.Scope.IsAdministrator && db.Scope.Role is null)
        || (FundRoles.May(db.Scope.Role, roles) && db.Scope.MayChange(regionCode) && !db.Scope.WritesAssignedOnly);

    private static DateOnly Today(DateTime now) => DateOnly.FromDateTime(now);

    private static void CheckMoney(Money amount, string zh, string en)
    {
        if (amount <= Money.Zero || amount > MaxAmount) throw FundSteps.Invalid($"{zh}应大于0", $"{en} must be more than 0");
        if (amount.Fen != amount.Yuan * 100) throw FundSteps.Invalid($"{zh}最小单位为分", $"{en} is in whole fen");
    }

    private static string Text(string? value, int max, string zh, string en, bool required = true)
    {
        var text = (value ?? "").Trim();
        if (required && text.Length == 0) throw FundSteps.Invalid($"请填写{zh}", $"give the {en}");
        if (text.Length > max) throw FundSteps.Invalid($"{zh}不能超过{max}字", $"the {en} has at most {max} characters");
        return text;
    }

    /// <summary>Registers an asset of a project that is completed or later; null when the project is not the reader's to see.</summary>
    public static async Task<ProjectAsset?> RegisterAsync(JingzhunDbContext db, AssetInput input, DateTime now, CancellationToken ct = default)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == input.ProjectId, ct);
        if (project is null) return null;
        FundSteps.Require(db, FundRoles.ManageAssets, project.RegionCode, new Bilingual("登记项目资产", "register a project asset"));
        if (!ProjectRules.IsCompleted(project.Stage))
            throw new WorkflowBlockedException($"项目处于“{project.Stage.Chinese()}”，完工后才能登记资产",
                $"the project is at “{project.Stage.English()}”; assets are registered once it is completed");
        var name = Text(input.Name, 200, "资产名称", "asset's name");
        var op = Text(input.Operator, 200, "经营主体", "operator");
        if (!Enum.IsDefined(input.Class)) throw FundSteps.Invalid("请选择资产类别", "choose the asset's class");
        if (!Enum.IsDefined(input.Ownership)) throw FundSteps.Invalid("请选择资产权属", "choose the asset's ownership");
        CheckMoney(input.Value, "资产价值", "the value");
        if (input.HandedOverOn is { } handed && (handed > Today(now) || handed.Year < 2000))
            throw FundSteps.Invalid("移交日期不能晚于今天", "the handover date cannot be in the future");
        if (input.Ownership == AssetOwnership.Household)
        {
            if (input.OwnerHouseholdId is not { } owner) throw FundSteps.Invalid("到户资产请选择所属农户", "a household asset names its owning household");
            var beneficiary = await db.ProjectBeneficiaries.AsNoTracking()
                .AnyAsync(b => b.ProjectId == project.Id && b.HouseholdId == owner && b.EndedAt == null, ct);
            if (!beneficiary) throw FundSteps.Invalid("所属农户不是本项目的受益户", "the owning household is not a beneficiary of the project");
        }
        else if (input.OwnerHouseholdId is not null)
            throw FundSteps.Invalid("只有权属为农户的资产才填写所属农户", "only an asset owned by a household names one");

        var asset = new ProjectAsset
        {
            ProjectId = project.Id, RegionCode = project.RegionCode, CountyCode = project.CountyCode, Name = name, Class = input.Class,
            Ownership = input.Ownership, OwnerHouseholdId = input.Ownership == AssetOwnership.Household ? input.OwnerHouseholdId : null,
            Value = input.Value, Operator = op, OwnershipRegistered = input.OwnershipRegistered, HandedOverOn = input.HandedOverOn,
            State = AssetState.InUse, RecordedBy = db.Scope.Actor,
        };
        db.Assets.Add(asset);
        await db.SaveChangesAsync(ct);
        return asset;
    }

    private static async Task<ProjectAsset?> AssetAsync(JingzhunDbContext db, long assetId, CancellationToken ct) =>
        await db.Assets.FirstOrDefaultAsync(a => a.Id == assetId, ct);

    private static void NotDisposed(ProjectAsset asset)
    {
        if (asset.State == AssetState.Disposed)
            throw new WorkflowBlockedException("资产已处置，不能再变更", "the asset has been disposed of and changes no more");
    }

    /// <summary>Puts an asset in use, idle or disposed of, with the reason (kept on the asset and in its change history); a disposed asset stays so.</summary>
    public static async Task<ProjectAsset?> SetStateAsync(JingzhunDbContext db, long assetId, AssetState state, string? reason, CancellationToken ct = default)
    {
        var asset = await AssetAsync(db, assetId, ct);
        if (asset is null) return null;
        FundSteps.Require(db, FundRoles.ManageAssets, asset.RegionCode, new Bilingual("变更资产状态", "change an asset's state"));
        NotDisposed(asset);
        if (!Enum.IsDefined(state)) throw FundSteps.Invalid("请选择资产状态", "choose the asset's state");
        var why = Text(reason, 500, "变更原因", "reason");
        if (state == asset.State) throw FundSteps.Invalid("资产已是此状态", "the asset is in that state already");
        asset.State = state;
        asset.StateReason = why;
        db.ChangeReason = why;
        await db.SaveChangesAsync(ct);
        return asset;
    }

    /// <summary>Records the asset's ownership registration (确权登记) and handover date (移交).</summary>
    public static async Task<ProjectAsset?> RecordRegistrationAsync(JingzhunDbContext db, long assetId, bool registered, DateOnly? handedOverOn, DateTime now,
        CancellationToken ct = default)
    {
        var asset = await AssetAsync(db, assetId, ct);
        if (asset is null) return null;
        FundSteps.Require(db, FundRoles.ManageAssets, asset.RegionCode, new Bilingual("登记资产确权和移交", "record an asset's registration and handover"));
        NotDisposed(asset);
        if (handedOverOn is { } handed && (handed > Today(now) || handed.Year < 2000))
            throw FundSteps.Invalid("移交日期不能晚于今天", "the handover date cannot be in the future");
        asset.OwnershipRegistered = registered;
        asset.HandedOverOn = handedOverOn;
        await db.SaveChangesAsync(ct);
        return asset;
    }

    /// <summary>Gives a household of the project's county a weighted share of the asset's income; a household holds at most one open share of an asset.</summary>
    public static async Task<AssetShare?> AddShareAsync(JingzhunDbContext db, long assetId, ShareInput input, DateTime now, CancellationToken ct = default)
    {
        var asset = await AssetAsync(db, assetId, ct);
        if (asset is null) return null;
        FundSteps.Require(db, FundRoles.ManageAssets, asset.RegionCode, new Bilingual("设置资产收益分配份额", "give a household a share of an asset's income"));
        NotDisposed(asset);
        if (input.Weight <= 0 || input.Weight > 1_000_000m) throw FundSteps.Invalid("份额权重应大于0", "the share's weight must be more than 0");
        if (decimal.Round(input.Weight, 4) != input.Weight) throw FundSteps.Invalid("份额权重最多4位小数", "the weight has at most 4 decimals");
        var household = await db.Households.AsNoTracking().Where(h => h.Id == input.HouseholdId)
            .Select(h => new { h.Id, h.CountyCode }).FirstOrDefaultAsync(ct);
        if (household is null || household.CountyCode != asset.CountyCode)
            throw FundSteps.Invalid("农户不在项目所在县", "the household is not one of the project's county");
        if (await db.AssetShares.AnyAsync(s => s.AssetId == asset.Id && s.HouseholdId == household.Id && s.To == null, ct))
            throw FundSteps.Invalid("该户已有本资产的份额", "the household already holds a share of this asset");
        var from = input.From ?? Today(now);
        if (from > Today(now).AddYears(1) || from.Year < 2000) throw FundSteps.Invalid("份额起始日期不合理", "the share's start date is not plausible");
        var share = new AssetShare { AssetId = asset.Id, HouseholdId = household.Id, CountyCode = asset.CountyCode, Weight = input.Weight, From = from, CreatedAt = now };
        db.AssetShares.Add(share);
        await db.SaveChangesAsync(ct);
        return share;
    }

    /// <summary>Ends a household's share with the reason (the row stays; later distributions leave it out).</summary>
    public static async Task<AssetShare?> EndShareAsync(JingzhunDbContext db, long assetId, long shareId, string? reason, DateOnly? on, DateTime now,
        CancellationToken ct = default)
    {
        var asset = await AssetAsync(db, assetId, ct);
        var share = asset is null ? null : await db.AssetShares.FirstOrDefaultAsync(s => s.Id == shareId && s.AssetId == assetId, ct);
        if (asset is null || share is null) return null;
        FundSteps.Require(db, FundRoles.ManageAssets, asset.RegionCode, new Bilingual("终止资产收益分配份额", "end a share of an asset's income"));
        if (share.To is not null) throw FundSteps.Invalid("该份额已终止", "the share has ended already");
        var why = Text(reason, 200, "终止原因", "reason");
        var to = on ?? Today(now);
        if (to < share.From || to > Today(now)) throw FundSteps.Invalid("终止日期应在份额起始日和今天之间", "the end date is between the share's start and today");
        share.To = to;
        share.EndedReason = why;
        db.ChangeReason = why;
        await db.SaveChangesAsync(ct);
        return share;
    }

    /// <summary>Records what an income-generating asset earned for a year.</summary>
    public static async Task<AssetIncome?> RecordIncomeAsync(JingzhunDbContext db, long assetId, IncomeInput input, DateTime now, CancellationToken ct = default)
    {
        var asset = await AssetAsync(db, assetId, ct);
        if (asset is null) return null;
        FundSteps.Require(db, FundRoles.RecordIncome, asset.RegionCode, new Bilingual("登记资产收益", "record an asset's income"));
        NotDisposed(asset);
        if (asset.Class != AssetClass.Operating)
            throw FundSteps.Invalid("只有经营性资产登记收益", "income is recorded only for income-generating assets");
        CheckMoney(input.Amount, "收益金额", "the amount");
        if (input.ReceivedOn > Today(now) || input.ReceivedOn.Year < 2000) throw FundSteps.Invalid("收益日期不能晚于今天", "the date received cannot be in the future");
        if (input.Year < 2000 || input.Year > input.ReceivedOn.Year) throw FundSteps.Invalid("收益年度不能晚于收到日期", "the income's year cannot be after the date it was received");
        var income = new AssetIncome
        {
            AssetId = asset.Id, RegionCode = asset.RegionCode, CountyCode = asset.CountyCode, Year = input.Year, ReceivedOn = input.ReceivedOn,
            Amount = input.Amount, Distributed = Money.Zero, Note = Text(input.Note, 500, "说明", "note", required: false), RecordedBy = db.Scope.Actor,
        };
        db.AssetIncomes.Add(income);
        await db.SaveChangesAsync(ct);
        return income;
    }

    /// <summary>
    /// Distributes part of an income to the asset's open shares by weight: one dividend payment per household in its head's
    /// name, whole fen summing exactly to the amount, and the income's distributed part raised — all in one save. The amount
    /// is at most what is still undistributed. The asset's version moves with it, so two distributions at once cannot both pass.
    /// </summary>
    public static async Task<Distribution?> DistributeAsync(JingzhunDbContext db, long assetId, long incomeId, DistributionInput input, DateTime now,
        CancellationToken ct = default)
    {
        var asset = await db.Assets.Include(a => a.Project).FirstOrDefaultAsync(a => a.Id == assetId, ct);
        var income = asset is null ? null : await db.AssetIncomes.FirstOrDefaultAsync(i => i.Id == incomeId && i.AssetId == assetId, ct);
        if (asset is null || income is null) return null;
        FundSteps.Require(db, FundRoles.Distribute, asset.RegionCode, new Bilingual("分配资产收益", "distribute an asset's income"));
        CheckMoney(input.Amount, "分配金额", "the amount to distribute");
        var left = income.Amount - income.Distributed;
        if (input.Amount > left)
            throw FundSteps.Invalid($"分配金额超过未分配收益{left.Yuan:0.00}元", $"the amount is more than the {left.Yuan:0.00} yuan not yet distributed");
        var paidOn = input.PaidOn ?? Today(now);
        if (paidOn > Today(now) || paidOn < income.ReceivedOn) throw FundSteps.Invalid("分红日期应在收到收益之后、今天以前", "the payment date is between the date received and today");
        var voucher = Text(input.Voucher, 100, "凭证号", "voucher", required: false);

        var shares = await db.AssetShares.AsNoTracking().Where(s => s.AssetId == asset.Id && s.To == null).OrderBy(s => s.Id)
            .Select(s => new { s.HouseholdId, s.Weight, s.Household!.VillageCode, s.Household.CountyCode }).ToListAsync(ct);
        // Shares are households of the asset's county, which the county's officers (the only role that distributes) all see.
        if (shares.Count == 0) throw FundSteps.Invalid("本资产没有有效的收益分配份额", "the asset has no open shares to distribute to");
        var ids = shares.Select(s => s.HouseholdId).ToList();
        var members = await db.Members.AsNoTracking().Where(m => ids.Contains(m.HouseholdId) && m.State == MemberState.Present)
            .Select(m => new { m.Id, m.HouseholdId, m.Name, m.Relation }).ToListAsync(ct);
        var parts = FundRules.Split(input.Amount, [.. shares.Select(s => s.Weight)]);
        var payments = new List<FundPayment>();
        for (var i = 0; i < shares.Count; i++)
        {
            if (parts[i] <= Money.Zero) continue; // a weight too small to earn a fen this time
            var s = shares[i];
            var payee = members.Where(m => m.HouseholdId == s.HouseholdId).OrderBy(m => m.Relation == Relation.Head ? 0 : 1).ThenBy(m => m.Id).FirstOrDefault()
                ?? throw FundSteps.Invalid("有份额农户没有在册成员，无法实名发放", "a shareholding household has no member to pay in their name");
            payments.Add(new FundPayment
            {
                CountyCode = s.CountyCode, RegionCode = s.VillageCode, Year = income.Year, Kind = PaymentKind.Dividend, PaidOn = paidOn, Amount = parts[i],
                Source = null, AllocationId = null, ProjectId = asset.ProjectId, HouseholdId = s.HouseholdId, MemberId = payee.Id, AssetId = asset.Id,
                AssetIncomeId = income.Id, Payee = payee.Name, Purpose = DividendPurpose, PurposeType = asset.Project!.Type, Voucher = voucher,
                RecordedBy = db.Scope.Actor,
            });
        }
        db.Payments.AddRange(payments);
        income.Distributed += input.Amount;
        income.DistributedOn = paidOn;
        db.Entry(asset).Property(a => a.UpdatedAt).IsModified = true; // moves the asset's version: a concurrent distribution gets 409
        db.ChangeReason = $"资产收益分红{input.Amount.Yuan:0.00}元";
        await db.SaveChangesAsync(ct);
        return new Distribution(income, payments);
    }

    /// <summary>The area's name when the reader sees it (a valid code inside the reader's region); the nation is 全国.</summary>
    private static async Task<(RegionCode Code, string Name)?> AreaAsync(JingzhunDbContext db, string regionCode, CancellationToken ct)
    {
        if (!RegionCode.TryParse(regionCode, out var code, out _) || !code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal)) return null;
        var name = code.Prefix.Length == 0 ? "全国" : await db.Regions.AsNoTracking().Where(r => r.Code == code.Value).Select(r => r.Name).FirstOrDefaultAsync(ct);
        return name is null ? null : (code, name);
    }

    /// <summary>A share in percent, two decimals; 0 of nothing is 0.</summary>
    public static decimal Rate(decimal part, decimal whole) => whole == 0 ? 0m : decimal.Round(part * 100m / whole, 2, MidpointRounding.AwayFromZero);

    private static Money Sum(IEnumerable<Money> values) => values.Aggregate(Money.Zero, (a, b) => a + b);

    /// <summary>An area's assets (by the filter), totals by class and ownership with 移交率 and 确权率, income and dividends by year; null when the area is not the reader's.</summary>
    public static async Task<AssetArea?> ForAreaAsync(JingzhunDbContext db, string regionCode, AssetFilter? filter = null, CancellationToken ct = default)
    {
        if (await AreaAsync(db, regionCode, ct) is not { } area) return null;
        filter ??= new AssetFilter();
        var prefix = area.Code.Prefix;
        var all = await db.Assets.AsNoTracking().Where(a => a.RegionCode.StartsWith(prefix))
            .Select(a => new AssetRow(a.Id, a.Name, a.Class, a.Ownership, a.Value, a.Operator, a.OwnershipRegistered, a.HandedOverOn, a.State, a.RegionCode,
                a.ProjectId, a.Project!.Number, a.Project.Name, a.Project.Type))
            .ToListAsync(ct);
        var rows = all.Where(a => (filter.Class is null || a.Class == filter.Class) && (filter.Ownership is null || a.Ownership == filter.Ownership)
                && (filter.State is null || a.State == filter.State))
            .OrderBy(a => a.RegionCode, StringComparer.Ordinal).ThenBy(a => a.Id).ToList();
        var inService = rows.Where(a => a.State != AssetState.Disposed).ToList();
        var groups = inService.GroupBy(a => (a.Class, a.Ownership)).OrderBy(g => g.Key.Class).ThenBy(g => g.Key.Ownership)
            .Select(g =>
            {
                var handed = g.Count(a => a.HandedOverOn is not null);
                var registered = g.Count(a => a.OwnershipRegistered);
                return new AssetGroup(g.Key.Class, g.Key.Ownership, g.Count(), Sum(g.Select(a => a.Value)), handed, registered, Rate(handed, g.Count()),
                    Rate(registered, g.Count()));
            }).ToList();
        var handedOver = inService.Count(a => a.HandedOverOn is not null);
        var registeredAll = inService.Count(a => a.OwnershipRegistered);

        var shown = rows.Select(a => a.Id).ToHashSet();
        var incomes = (await db.AssetIncomes.AsNoTracking().Where(i => i.RegionCode.StartsWith(prefix))
            .Select(i => new { i.AssetId, i.Year, i.Amount, i.Distributed }).ToListAsync(ct)).Where(i => shown.Contains(i.AssetId)).ToList();
        var dividends = (await db.Payments.AsNoTracking()
            .Where(p => p.Kind == PaymentKind.Dividend && p.AssetId != null && db.Assets.Any(a => a.Id == p.AssetId && a.RegionCode.StartsWith(prefix)))
            .Select(p => new { p.AssetId, p.Year, p.Amount, p.HouseholdId }).ToListAsync(ct)).Where(p => shown.Contains(p.AssetId!.Value)).ToList();
        var years = incomes.Select(i => i.Year).Union(dividends.Select(p => p.Year)).Order()
            .Select(y => new AssetYear(y, Sum(incomes.Where(i => i.Year == y).Select(i => i.Amount)), Sum(incomes.Where(i => i.Year == y).Select(i => i.Distributed)),
                Sum(dividends.Where(p => p.Year == y).Select(p => p.Amount)),
                dividends.Where(p => p.Year == y && p.Amount > Money.Zero).Select(p => p.HouseholdId).Distinct().Count()))
            .ToList();
        var projects = await db.Projects.AsNoTracking()
            .Where(p => p.RegionCode.StartsWith(prefix) && p.Stage >= ProjectStage.Completed && p.Stage < ProjectStage.Rejected)
            .OrderBy(p => p.Number).Select(p => new CompletedProject(p.Id, p.Number, p.Name, p.Stage, p.RegionCode)).Take(500).ToListAsync(ct);
        return new AssetArea(area.Code.Value, area.Name, filter, rows, groups, inService.Count, Sum(inService.Select(a => a.Value)), handedOver, registeredAll,
            Rate(handedOver, inService.Count), Rate(registeredAll, inService.Count), years, projects);
    }

    /// <summary>The asset's page: shares (heads' IDs masked), incomes newest first, and its dividend payments; null when the asset is not the reader's.</summary>
    public static async Task<AssetPage?> ForAssetAsync(JingzhunDbContext db, long assetId, CancellationToken ct = default)
    {
        var asset = await db.Assets.AsNoTracking().Include(a => a.Project).FirstOrDefaultAsync(a => a.Id == assetId, ct);
        if (asset?.Project is null) return null;
        var owner = asset.OwnerHouseholdId is { } ownerId
            ? await db.Households.AsNoTracking().Where(h => h.Id == ownerId).Select(h => h.Number).FirstOrDefaultAsync(ct)
            : null;
        var shares = await db.AssetShares.AsNoTracking().Where(s => s.AssetId == assetId).OrderBy(s => s.To != null).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.HouseholdId, s.Household!.Number, s.Household.VillageCode, s.Weight, s.From, s.To, s.EndedReason,
                Head = s.Household.Members.Where(m => m.Relation == Relation.Head && m.State == MemberState.Present).Select(m => new { m.Name, m.ResidentId }).FirstOrDefault(),
            }).ToListAsync(ct);
        var openWeight = shares.Where(s => s.To is null).Sum(s => s.Weight);
        var shareRows = shares.Select(s => new ShareRow(s.Id, s.HouseholdId, s.Number, s.VillageCode, s.Head?.Name ?? "", s.Head is null ? "" : Masking.ResidentId(s.Head.ResidentId),
            s.Weight, s.To is null ? Rate(s.Weight, openWeight) : 0m, s.From, s.To, s.EndedReason)).ToList();
        var incomes = await db.AssetIncomes.AsNoTracking().Where(i => i.AssetId == assetId).OrderByDescending(i => i.Year).ThenByDescending(i => i.Id).ToListAsync(ct);
        var dividends = await db.Payments.AsNoTracking().Where(p => p.AssetId == assetId && p.Kind == PaymentKind.Dividend)
            .OrderByDescending(p => p.PaidOn).ThenBy(p => p.Id)
            .Select(p => new DividendRow(p.Id, p.AssetIncomeId, p.HouseholdId, p.Household != null ? p.Household.Number : "", p.Payee, p.Amount, p.Year, p.PaidOn, p.Voucher,
                p.ReversesId != null))
            .ToListAsync(ct);
        return new AssetPage(asset, asset.Project, owner, shareRows, incomes, dividends);
    }
}
