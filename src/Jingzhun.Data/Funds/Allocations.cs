using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>An allocation to record: from the issuing region to a region below it, of one source and year.</summary>
/// <param name="ParentId">The allocation received by the issuer that this one passes down (same source and year); null for the issuer's own funds.</param>
/// <param name="AccountId">The receiving county's dedicated account, when the receiver is a county.</param>
public sealed record AllocationInput(string FromCode, string ToCode, int Year, FundSource Source, Money Amount, string Purpose, string DocumentNumber,
    DateOnly IssuedOn, long? ParentId = null, bool Integrated = false, long? AccountId = null);

/// <summary>A dedicated account (专户) to open for a county.</summary>
public sealed record AccountInput(string CountyCode, string Name, string Bank, string Number, DateOnly OpenedOn);

/// <summary>An allocation as a list shows it: the row, its names, its balance (null for a reversing row) and whether it was reversed.</summary>
public sealed record AllocationRow(FundAllocation Allocation, string FromName, string ToName, AllocationBalance? Balance, bool Reversed)
{
    public bool IsReversal => Allocation.ReversesId is not null;
    public bool RecordedByCounty => Allocations.IsRecordedByCounty(Allocation);
}

/// <summary>One source's totals in a list of allocations.</summary>
public sealed record SourceTotal(FundSource Source, Money Allocated, Money PassedDown, Money Paid)
{
    public Money Unpaid => Allocated - PassedDown - Paid;
}

/// <summary>An area's allocations of a year: what it received and what it issued to the regions below, with balances and totals by source.</summary>
public sealed record AreaAllocations(string Code, string Name, RegionLevel Level, int Year, IReadOnlyList<int> Years,
    IReadOnlyList<AllocationRow> Received, IReadOnlyList<AllocationRow> Issued, IReadOnlyList<SourceTotal> ReceivedBySource,
    IReadOnlyList<(string Code, string Name, RegionLevel Level)> Receivers);

/// <summary>A dedicated account as shown: the number masked for readers who may not manage accounts.</summary>
public sealed record AccountView(long Id, string CountyCode, string Name, string Bank, string Number, DateOnly OpenedOn, DateOnly? ClosedOn, string ClosedReason)
{
    public bool IsOpen => ClosedOn is null;
}

/// <summary>A project's budget line drawing on an integrated allocation.</summary>
public sealed record PlanLine(long ProjectId, string ProjectNumber, string ProjectName, ProjectStage Stage, string RegionCode, FundSource Source, long AllocationId, Money Amount);

/// <summary>One source of the integrated-fund plan: what was received and marked integrated, what projects budget on it, and what is left to plan.</summary>
public sealed record PlanSource(FundSource Source, Money Received, Money Budgeted)
{
    public Money Unplanned => Received - Budgeted;
}

/// <summary>The county's integrated-fund plan (统筹整合资金方案) of a year: its integrated allocations against the project budgets drawing on them.</summary>
public sealed record IntegratedPlan(string CountyCode, int Year, IReadOnlyList<AllocationRow> Allocations, IReadOnlyList<PlanSource> Sources, IReadOnlyList<PlanLine> Lines)
{
    public Money Received => new(Sources.Sum(s => s.Received.Yuan));
    public Money Budgeted => new(Sources.Sum(s => s.Budgeted.Yuan));
}

/// <summary>
/// Allocations (资金分配/下达) and the county's dedicated accounts (专户). Every write is a governed step: the role table
/// (<see cref="FundRoles.Allocate"/> for the issuing level, <see cref="FundRoles.ManageAccounts"/> for the county), the
/// actor's region, then the checks of the money itself (direction, the parent's unpaid balance counted by
/// <see cref="FundBalances"/>). Rows are written once: a wrong allocation is reversed by a new row with the negative
/// amount, never edited. An allocation to a county posts its allocation result (<see cref="Disclosures.PostAllocationAsync"/>)
/// in the same save.
/// </summary>
public static class Allocations
{
    /// <summary>The mark a county's own record of funds received from an issuer outside the system carries in <see cref="FundAllocation.Reason"/>.</summary>
    public const string CountyRecordMark = "县级登记：上级资金未在系统内下达";

    private static readonly Bilingual AllocateStep = new("下达资金", "allocate funds");
    private static readonly Bilingual ReceiveStep = new("登记上级下达的资金", "record funds received from above");
    private static readonly Bilingual AccountStep = new("管理资金专户", "manage dedicated accounts");

    public static bool IsRecordedByCounty(FundAllocation a) => a.ParentId is null && a.Reason == CountyRecordMark && a.ReversesId is null;

    private static bool IsSystem(JingzhunDbContext db) => db.Scope.IsAdministrator && db.Scope.Role is null;

    /// <summary>Whether the reader may allocate from this region (the page shows the form exactly then).</summary>
    public static bool MayAllocate(JingzhunDbContext db, string fromCode) =>
        RegionCode.TryParse(fromCode, out var from, out _) && from.Level < RegionLevel.County
        && (IsSystem(db) || (FundRoles.May(db.Scope.Role, FundRoles.Allocate) && db.Scope.MayChange(from.Value) && !db.Scope.WritesAssignedOnly
            && from.Prefix == db.Scope.RegionPrefix));

    /// <summary>Whether the reader may open and close this county's accounts and record what it received.</summary>
    public static bool MayManageAccounts(JingzhunDbContext db, string countyCode) =>
        RegionCode.TryParse(countyCode, out var county, out _) && county.Level == RegionLevel.County
        && (IsSystem(db) || (FundRoles.May(db.Scope.Role, FundRoles.ManageAccounts) && db.Scope.MayChange(county.Value) && !db.Scope.WritesAssignedOnly));

    /// <summary>Records an allocation from the issuer's level to a region below it (the issuer's region holds <see cref="AllocationInput.FromCode"/>).</summary>
    public static async Task<FundAllocation> AllocateAsync(JingzhunDbContext db, AllocationInput input, DateTime now, CancellationToken ct = default)
    {
        var from = Code(input.FromCode, "FromCode");
        var to = Code(input.ToCode, "ToCode");
        FundSteps.Require(db, FundRoles.Allocate, from.Value, AllocateStep);
        if (!IsSystem(db) && (from.Prefix != db.Scope.RegionPrefix || !db.Scope.MayChange(to.Value)))
            throw new WorkflowRefusedException($"{db.Scope.Actor}只能以本级名义向本辖区内下达资金", $"{db.Scope.Actor} allocates only from its own level to a region it holds", to.Value);
        var row = await CheckedRowAsync(db, input, from, to, now, ct);
        if (input.ParentId is { } parentId)
        {
            var parent = await db.Allocations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == parentId, ct)
                ?? throw FundSteps.Invalid("上级下达的资金不存在", "the parent allocation does not exist");
            if (parent.ReversesId is not null) throw FundSteps.Invalid("冲正记录不能作为上级资金", "a reversing entry cannot be a parent allocation");
            if (parent.ToCode != from.Value) throw FundSteps.Invalid("只能分配本级收到的资金", "only an allocation received by the issuer can be passed down");
            if (parent.Source != input.Source || parent.Year != input.Year)
                throw FundSteps.Invalid("分配的资金应与上级资金来源、年度相同", "the allocation must have the parent's source and year");
            var balance = (await FundBalances.ForAsync(db, parent.Id, ct))!;
            if (input.Amount > balance.Unpaid)
                throw new WorkflowBlockedException($"超过上级资金的未分配余额（{balance.Unpaid.Yuan:0.00}元）", $"more than the parent's unpaid balance ({balance.Unpaid.Yuan:0.00} yuan)");
            row.ParentId = parent.Id;
        }
        return await SaveAsync(db, row, to, now, ct);
    }

    /// <summary>
    /// Records what a county received from an issuer that is not in the system (a county officer): the issuing region as
    /// <see cref="FundAllocation.FromCode"/>, no parent, marked as the county's own record.
    /// </summary>
    public static async Task<FundAllocation> RecordReceivedAsync(JingzhunDbContext db, AllocationInput input, DateTime now, CancellationToken ct = default)
    {
        var from = Code(input.FromCode, "FromCode");
        var to = Code(input.ToCode, "ToCode");
        FundSteps.Require(db, FundRoles.ManageAccounts, to.Value, ReceiveStep);
        if (to.Level != RegionLevel.County) throw FundSteps.Invalid("只能登记本县收到的资金", "only a county records what it received");
        if (input.ParentId is not null) throw FundSteps.Invalid("上级已在系统内下达的资金不需要县级登记", "funds allocated in the system are not recorded again by the county");
        var row = await CheckedRowAsync(db, input, from, to, now, ct);
        row.Reason = CountyRecordMark;
        return await SaveAsync(db, row, to, now, ct);
    }

    private static RegionCode Code(string? text, string field) =>
        RegionCode.TryParse(text, out var code, out var error) ? code : throw FundSteps.Invalid($"{field}：{error}", $"{field}: {error}");

    private static async Task<FundAllocation> CheckedRowAsync(JingzhunDbContext db, AllocationInput input, RegionCode from, RegionCode to, DateTime now, CancellationToken ct)
    {
        if (FundRules.CheckDirection(from, to) is { } wrong) throw FundSteps.Invalid(wrong.Chinese, wrong.English);
        var today = DateOnly.FromDateTime(now);
        if (!Enum.IsDefined(input.Source)) throw FundSteps.Invalid("请选择资金来源", "choose the source of the funds");
        if (input.Year is < 2010 or > 2100) throw FundSteps.Invalid("年度应在2010至2100之间", "the year must be between 2010 and 2100");
        if (input.Amount <= Money.Zero) throw FundSteps.Invalid("金额应大于零", "the amount must be more than zero");
        if (decimal.Round(input.Amount.Yuan, 2) != input.Amount.Yuan) throw FundSteps.Invalid("金额最多精确到分", "the amount is exact to the fen (two decimals at most)");
        if (input.Amount.Yuan > 100_000_000_000m) throw FundSteps.Invalid("金额过大", "the amount is too large");
        if (input.IssuedOn > today) throw FundSteps.Invalid("下达日期不能晚于今天", "the issue date cannot be after today");
        if (input.IssuedOn.Year < 2010) throw FundSteps.Invalid("下达日期太早", "the issue date is too early");
        if (!await db.Regions.AsNoTracking().AnyAsync(r => r.Code == to.Value && r.ValidTo == null, ct))
            throw FundSteps.Invalid("接收资金的区划不存在", "the receiving region does not exist");
        if (input.Integrated && to.Level != RegionLevel.County) throw FundSteps.Invalid("只有县级资金可以纳入统筹整合", "only a county's funds can be integrated");
        if (input.AccountId is { } accountId)
        {
            if (to.Level != RegionLevel.County) throw FundSteps.Invalid("只有县级资金进入专户", "only a county's funds go into a dedicated account");
            var account = await db.FundAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
            if (account is null || account.CountyCode != to.Value[..6]) throw FundSteps.Invalid("专户不属于接收资金的县", "the account is not the receiving county's");
            if (account.ClosedOn is not null) throw FundSteps.Invalid("专户已销户", "the account is closed");
        }
        return new FundAllocation
        {
            FromCode = from.Value, ToCode = to.Value, Year = input.Year, Source = input.Source, Amount = input.Amount, Purpose = (input.Purpose ?? "").Trim(),
            DocumentNumber = (input.DocumentNumber ?? "").Trim(), IssuedOn = input.IssuedOn, Integrated = input.Integrated, AccountId = input.AccountId,
            RecordedBy = db.Scope.Actor, CreatedAt = now,
        };
    }

    private static async Task<FundAllocation> SaveAsync(JingzhunDbContext db, FundAllocation row, RegionCode to, DateTime now, CancellationToken ct)
    {
        db.Allocations.Add(row);
        if (to.Level == RegionLevel.County)
        {
            var disclosure = await Disclosures.PostAllocationAsync(db, row, now, ct);
            // The allocation's key is made on save: point the disclosure at it through the tracked (temporary) key.
            db.Entry(disclosure).Property(d => d.AllocationId).CurrentValue = db.Entry(row).Property(a => a.Id).CurrentValue;
        }
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>
    /// Reverses an allocation with a reason: a new row with the negative amount that points at it (and at its parent, so the
    /// parent's passed-down sum nets it). Refused while anything of it was passed down or paid (reverse those first).
    /// </summary>
    public static async Task<FundAllocation?> ReverseAsync(JingzhunDbContext db, long allocationId, string reason, DateTime now, CancellationToken ct = default)
    {
        var original = await db.Allocations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == allocationId, ct);
        if (original is null) return null;
        if (IsRecordedByCounty(original)) FundSteps.Require(db, FundRoles.ManageAccounts, original.ToCode, ReceiveStep);
        else
        {
            FundSteps.Require(db, FundRoles.Allocate, original.FromCode, AllocateStep);
            if (!IsSystem(db) && RegionCode.Parse(original.FromCode).Prefix != db.Scope.RegionPrefix)
                throw new WorkflowRefusedException($"{db.Scope.Actor}只能冲正本级下达的资金", $"{db.Scope.Actor} reverses only allocations its own level issued", original.ToCode);
        }
        if (original.ReversesId is not null) throw FundSteps.Invalid("冲正记录不能再冲正", "a reversing entry cannot be reversed");
        if (string.IsNullOrWhiteSpace(reason)) throw FundSteps.Invalid("请填写冲正原因", "give the reason for the reversal");
        if (reason.Trim().Length > 500) throw FundSteps.Invalid("冲正原因最多500字", "the reason is at most 500 characters");
        if (await db.Allocations.AnyAsync(a => a.ReversesId == allocationId, ct))
            throw new WorkflowBlockedException("该笔资金已冲正", "the allocation has already been reversed");
        var balance = (await FundBalances.ForAsync(db, allocationId, ct))!;
        if (balance.PassedDown.Yuan + balance.Paid.Yuan > 0)
            throw new WorkflowBlockedException($"该笔资金已分配{balance.PassedDown.Yuan:0.00}元、已支付{balance.Paid.Yuan:0.00}元，冲正后余额将为负：请先冲正下级分配和支付",
                $"{balance.PassedDown.Yuan:0.00} yuan of it was passed down and {balance.Paid.Yuan:0.00} paid; reverse those first");
        var reversal = new FundAllocation
        {
            FromCode = original.FromCode, ToCode = original.ToCode, Year = original.Year, Source = original.Source, Amount = new Money(-original.Amount.Yuan),
            ParentId = original.ParentId, Purpose = original.Purpose, DocumentNumber = original.DocumentNumber, IssuedOn = DateOnly.FromDateTime(now),
            Integrated = original.Integrated, AccountId = original.AccountId, ReversesId = original.Id, Reason = reason.Trim(), RecordedBy = db.Scope.Actor,
            CreatedAt = now,
        };
        db.Allocations.Add(reversal);
        await db.SaveChangesAsync(ct);
        return reversal;
    }

    /// <summary>The allocation with its names, balance and whether it was reversed; null when the reader cannot see it.</summary>
    public static async Task<AllocationRow?> FindAsync(JingzhunDbContext db, long allocationId, CancellationToken ct = default)
    {
        var a = await db.Allocations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == allocationId, ct);
        return a is null ? null : (await RowsAsync(db, [a], ct)).Single();
    }

    /// <summary>
    /// An area's allocations of a year (the latest year with any when none is asked): those it received and those it
    /// issued to the regions below, with balances, and what it received summed by source. Null outside the reader's region.
    /// </summary>
    public static async Task<AreaAllocations?> ForAreaAsync(JingzhunDbContext db, string regionCode, int? year, DateTime now, CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(regionCode, out var code, out _) || !db.Scope.CanRead || db.Scope.ReadsAssignedOnly || !code.Value.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal)) return null;
        string name;
        if (code.Level == RegionLevel.Nation) name = "全国";
        else
        {
            var region = await db.Regions.AsNoTracking().Where(r => r.Code == code.Value && r.ValidTo == null).Select(r => r.Name).FirstOrDefaultAsync(ct);
            if (region is null) return null;
            name = region;
        }
        var years = await db.Allocations.AsNoTracking().Where(a => a.ToCode == code.Value || a.FromCode == code.Value).Select(a => a.Year).Distinct().ToListAsync(ct);
        var thisYear = now.Year;
        var y = year ?? (years.Count > 0 ? years.Max() : thisYear);
        if (!years.Contains(y)) years.Add(y);
        years.Sort();
        years.Reverse();
        var received = await db.Allocations.AsNoTracking().Where(a => a.ToCode == code.Value && a.Year == y).OrderBy(a => a.IssuedOn).ThenBy(a => a.Id).ToListAsync(ct);
        var issued = await db.Allocations.AsNoTracking().Where(a => a.FromCode == code.Value && a.Year == y && a.Reason != CountyRecordMark)
            .OrderBy(a => a.ToCode).ThenBy(a => a.IssuedOn).ThenBy(a => a.Id).ToListAsync(ct);
        var receivedRows = await RowsAsync(db, received, ct);
        var issuedRows = await RowsAsync(db, issued, ct);
        var bySource = receivedRows.Where(r => r.Balance is not null).GroupBy(r => r.Allocation.Source).OrderBy(g => g.Key)
            .Select(g => new SourceTotal(g.Key, Sum(g, b => b.Allocated), Sum(g, b => b.PassedDown), Sum(g, b => b.Paid))).ToList();
        var receivers = code.Level >= RegionLevel.County ? [] : await db.Regions.AsNoTracking()
            .Where(r => r.ValidTo == null && r.Code.StartsWith(code.Prefix) && r.Code != code.Value && r.Level <= RegionLevel.County)
            .OrderBy(r => r.Code).Select(r => new { r.Code, r.Name, r.Level }).ToListAsync(ct);
        return new AreaAllocations(code.Value, name, code.Level, y, years, receivedRows, issuedRows, bySource,
            receivers.Where(r => r.Level > code.Level).Select(r => (r.Code, r.Name, r.Level)).ToList());
    }

    private static Money Sum(IEnumerable<AllocationRow> rows, Func<AllocationBalance, Money> pick) => new(rows.Sum(r => pick(r.Balance!).Yuan));

    /// <summary>Rows with names and balances; reversing rows carry no balance of their own (they reduce the one they reverse).</summary>
    internal static async Task<IReadOnlyList<AllocationRow>> RowsAsync(JingzhunDbContext db, IReadOnlyList<FundAllocation> rows, CancellationToken ct)
    {
        var ids = rows.Where(r => r.ReversesId is null).Select(r => r.Id).ToList();
        var balances = await FundBalances.ForAsync(db, ids, ct);
        var reversed = ids.Count == 0 ? [] : (await db.Allocations.AsNoTracking().Where(a => a.ReversesId != null && ids.Contains(a.ReversesId.Value))
            .Select(a => a.ReversesId!.Value).ToListAsync(ct)).ToHashSet();
        var names = await NamesAsync(db, rows.SelectMany(r => new[] { r.FromCode, r.ToCode }), ct);
        return rows.Select(r => new AllocationRow(r, names[r.FromCode], names[r.ToCode], r.ReversesId is null ? balances.GetValueOrDefault(r.Id) : null,
            reversed.Contains(r.Id))).ToList();
    }

    /// <summary>Region names by code ("中央" for the nation), the code itself when the region is unknown.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> NamesAsync(JingzhunDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        var found = await db.Regions.AsNoTracking().Where(r => wanted.Contains(r.Code) && r.ValidTo == null).Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        var names = found.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First().Name);
        return wanted.ToDictionary(c => c, c => c.All(ch => ch == '0') ? "中央" : names.GetValueOrDefault(c, c));
    }

    /// <summary>The county's integrated-fund plan of a year: its received allocations marked integrated, by source, against the project budget lines drawing on them.</summary>
    public static async Task<IntegratedPlan?> IntegratedPlanAsync(JingzhunDbContext db, string countyCode, int year, CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(countyCode, out var county, out _) || county.Level != RegionLevel.County) return null;
        var received = await db.Allocations.AsNoTracking().Where(a => a.ToCode == county.Value && a.Year == year && a.Integrated)
            .OrderBy(a => a.Source).ThenBy(a => a.IssuedOn).ThenBy(a => a.Id).ToListAsync(ct);
        var rows = await RowsAsync(db, received, ct);
        var ids = rows.Where(r => r.Balance is not null).Select(r => r.Allocation.Id).ToList();
        var lines = ids.Count == 0 ? [] : await db.ProjectFunding.AsNoTracking().Where(f => f.AllocationId != null && ids.Contains(f.AllocationId.Value))
            .OrderBy(f => f.Project!.Number).ThenBy(f => f.Id)
            .Select(f => new PlanLine(f.ProjectId, f.Project!.Number, f.Project.Name, f.Project.Stage, f.Project.RegionCode, f.Source, f.AllocationId!.Value, f.Amount))
            .ToListAsync(ct);
        var sourceOf = rows.Where(r => r.Balance is not null).ToDictionary(r => r.Allocation.Id, r => r.Allocation.Source);
        var sources = rows.Where(r => r.Balance is not null).GroupBy(r => r.Allocation.Source).OrderBy(g => g.Key)
            .Select(g => new PlanSource(g.Key, Sum(g, b => b.Allocated), new Money(lines.Where(l => sourceOf[l.AllocationId] == g.Key).Sum(l => l.Amount.Yuan))))
            .ToList();
        return new IntegratedPlan(county.Value[..6], year, rows, sources, lines);
    }

    /// <summary>Opens a dedicated account for a county.</summary>
    public static async Task<FundAccount> OpenAccountAsync(JingzhunDbContext db, AccountInput input, DateTime now, CancellationToken ct = default)
    {
        var county = Code(input.CountyCode, "CountyCode");
        FundSteps.Require(db, FundRoles.ManageAccounts, county.Value, AccountStep);
        if (county.Level != RegionLevel.County) throw FundSteps.Invalid("专户开在县级", "dedicated accounts are opened by a county");
        var name = (input.Name ?? "").Trim();
        var number = (input.Number ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
        if (name.Length == 0) throw FundSteps.Invalid("请填写账户名称", "give the account's name");
        if (name.Length > 100) throw FundSteps.Invalid("账户名称最多100字", "the name is at most 100 characters");
        if ((input.Bank ?? "").Trim().Length > 100) throw FundSteps.Invalid("开户银行最多100字", "the bank is at most 100 characters");
        if (number.Length is < 6 or > 40 || !number.All(char.IsAsciiDigit)) throw FundSteps.Invalid("账号应为6至40位数字", "the account number is 6 to 40 digits");
        if (input.OpenedOn > DateOnly.FromDateTime(now) || input.OpenedOn.Year < 2000) throw FundSteps.Invalid("开户日期不对", "the opening date is not valid");
        if (await db.FundAccounts.AnyAsync(a => a.CountyCode == county.Value.Substring(0, 6) && a.Number == number && a.ClosedOn == null, ct))
            throw new WorkflowBlockedException("该账号已是本县的专户", "the county already has this account open");
        var account = new FundAccount
        {
            CountyCode = county.Value[..6], Name = name, Bank = (input.Bank ?? "").Trim(), Number = number, OpenedOn = input.OpenedOn, CreatedAt = now,
        };
        db.FundAccounts.Add(account);
        await db.SaveChangesAsync(ct);
        return account;
    }

    /// <summary>Closes a dedicated account with the date and reason; the row stays.</summary>
    public static async Task<FundAccount?> CloseAccountAsync(JingzhunDbContext db, long accountId, DateOnly closedOn, string reason, DateTime now, CancellationToken ct = default)
    {
        var account = await db.FundAccounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null) return null;
        FundSteps.Require(db, FundRoles.ManageAccounts, account.CountyCode.PadRight(12, '0'), AccountStep);
        if (account.ClosedOn is not null) throw new WorkflowBlockedException("该专户已销户", "the account is already closed");
        if (string.IsNullOrWhiteSpace(reason)) throw FundSteps.Invalid("请填写销户原因", "give the reason for closing");
        if (reason.Trim().Length > 200) throw FundSteps.Invalid("销户原因最多200字", "the reason is at most 200 characters");
        if (closedOn < account.OpenedOn || closedOn > DateOnly.FromDateTime(now)) throw FundSteps.Invalid("销户日期不对", "the closing date is not valid");
        account.ClosedOn = closedOn;
        account.ClosedReason = reason.Trim();
        await db.SaveChangesAsync(ct);
        return account;
    }

    /// <summary>The accounts of a county, open ones first; numbers masked for readers who may not manage them.</summary>
    public static async Task<IReadOnlyList<AccountView>> AccountsAsync(JingzhunDbContext db, string countyCode, CancellationToken ct = default)
    {
        if (!RegionCode.TryParse(countyCode, out var county, out _) || county.Level != RegionLevel.County) return [];
        var whole = MayManageAccounts(db, county.Value);
        var rows = await db.FundAccounts.AsNoTracking().Where(a => a.CountyCode == county.Value.Substring(0, 6)).ToListAsync(ct);
        return rows.OrderBy(a => a.ClosedOn is not null).ThenBy(a => a.Id)
            .Select(a => View(a, whole)).ToList();
    }

    public static AccountView View(FundAccount a, bool whole) =>
        new(a.Id, a.CountyCode, a.Name, a.Bank, whole ? a.Number : Masking.BankAccount(a.Number), a.OpenedOn, a.ClosedOn, a.ClosedReason);

    /// <summary>An account the reader can see, or null.</summary>
    public static async Task<AccountView?> FindAccountAsync(JingzhunDbContext db, long accountId, CancellationToken ct = default) =>
        await db.FundAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct) is { } a ? View(a, MayManageAccounts(db, a.CountyCode.PadRight(12, '0'))) : null;
}
