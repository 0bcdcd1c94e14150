using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Demo;

/// <summary>The rows planted for the control lists (<see cref="DemoFundsFindings"/>), by id; an id is null where the demo has none.</summary>
public sealed record DemoFundsPlanted(DateOnly AsOf, IReadOnlyList<long> IdleAllocations, long? OverdueProject, long? NonBeneficiaryPayment,
    long? DeceasedPayment, IReadOnlyList<long> DoublePayments, long? MisusedPayment, IReadOnlyList<long> Correction);

/// <summary>
/// Writes the demo county's funds (<see cref="DemoFundsGenerator"/>) after its assistance: the dedicated account, the
/// allocations with their results disclosed, the projects with funding lines, beneficiaries and steps, the assets, the
/// payments and the one reversal, the project disclosures — a handful of bulk saves with one audit line each. Runs inside
/// the seeding's transaction (a system context).
/// </summary>
public static class DemoFunds
{
    public static async Task AddAsync(JingzhunDbContext db, DemoOptions options, CancellationToken ct = default)
    {
        var county = DemoGenerator.CountyPrefix;
        var rows = await db.Households.AsNoTracking().Where(h => h.CountyCode == county
                && (h.Status == HouseholdStatus.Poor || h.Status == HouseholdStatus.Exited || h.Status == HouseholdStatus.Returned))
            .OrderBy(h => h.VillageCode).ThenBy(h => h.Number)
            .Select(h => new { h.Id, h.Number, h.VillageCode, h.Status, Members = h.Members.OrderBy(m => m.Id).Select(m => new FundsMember(m.Id, m.Name, m.Relation, m.State)).ToList() })
            .ToListAsync(ct);
        if (rows.Count == 0) return;
        var households = rows.Select(h => new FundsCandidate(h.Id, h.Number, h.VillageCode, h.Status, h.Members)).ToList();
        var regions = await db.Regions.AsNoTracking().Where(r => r.Code.StartsWith(county) && r.ValidTo == null
                && (r.Level == RegionLevel.Village || r.Level == RegionLevel.Township))
            .Select(r => new { r.Code, r.Name, r.Level, r.IsPoorVillage }).ToListAsync(ct);
        var townships = regions.Where(r => r.Level == RegionLevel.Township).ToDictionary(r => r.Code[..9], r => r.Name);
        var villages = regions.Where(r => r.Level == RegionLevel.Village).OrderBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => new AssistanceVillage(r.Code, r.Name, townships.GetValueOrDefault(r.Code[..9]) ?? "", r.IsPoorVillage)).ToList();
        var rules = await RuleBook.ForAsync(db, DemoHistory.County, options.CurrentYear, ct);
        var data = DemoFundsGenerator.Generate(households, villages, rules, options.Seed, options.CurrentYear);
        if (data.Projects.Count == 0) return;

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // The account first (allocations name it by id), then allocations, projects and assets in one save; the rows stay
        // tracked, so the payments, reversals and disclosures after them link to them by navigation or by their new ids.
        db.FundAccounts.AddRange(data.Accounts);
        await SaveAsync(db, "扶贫资金专户", "dedicated account", options, ct);
        foreach (var (allocation, account) in data.AccountOf) allocation.AccountId = account.Id;
        db.Allocations.AddRange(data.Allocations);
        db.Projects.AddRange(data.Projects);
        db.Assets.AddRange(data.Assets);
        db.AssetIncomes.AddRange(data.Incomes);
        await SaveAsync(db, $"资金下达{data.Allocations.Count}笔、项目{data.Projects.Count}个、项目资产{data.Assets.Count}项",
            $"{data.Allocations.Count} allocations, {data.Projects.Count} projects, {data.Assets.Count} assets", options, ct, clear: false);

        foreach (var payment in data.Payments)
        {
            if (data.AssetOf.TryGetValue(payment, out var asset)) payment.AssetId = asset.Id;
            if (data.IncomeOf.TryGetValue(payment, out var income)) payment.AssetIncomeId = income.Id;
        }
        var reversals = data.Payments.Where(p => data.ReversesOf.ContainsKey(p)).ToList();
        db.Payments.AddRange(data.Payments.Except(reversals));
        await SaveAsync(db, $"资金支付{data.Payments.Count - reversals.Count}笔", $"{data.Payments.Count - reversals.Count} payments", options, ct, clear: false);
        foreach (var reversal in reversals) reversal.ReversesId = data.ReversesOf[reversal].Id;
        db.Payments.AddRange(reversals);
        await SaveAsync(db, $"冲正{reversals.Count}笔", $"{reversals.Count} reversals", options, ct, clear: false);

        // Disclosures: each allocation's result, and each project's plan and completion with what had been paid when posted.
        foreach (var allocation in data.Allocations)
            await Funds.Disclosures.PostAllocationAsync(db, allocation, allocation.CreatedAt, ct);
        foreach (var disclosure in data.Disclosures)
        {
            var project = data.ProjectOf[disclosure];
            var paid = data.Payments.Where(p => ReferenceEquals(p.Project, project) && p.RecordedAt <= disclosure.PostedAt).Sum(p => p.Amount.Yuan);
            disclosure.ProjectId = project.Id;
            disclosure.Content = ((await Funds.Disclosures.ProjectContentAsync(db, project, ct)) with { Paid = paid }).ToJson();
        }
        db.Disclosures.AddRange(data.Disclosures);
        await SaveAsync(db, $"公告公示{data.Allocations.Count + data.Disclosures.Count}条", $"{data.Allocations.Count + data.Disclosures.Count} disclosures", options, ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    /// <summary>The planted rows of the demo county by id, found by the keys of <see cref="DemoFundsGenerator.Planted"/>.</summary>
    public static async Task<DemoFundsPlanted> PlantedAsync(JingzhunDbContext db, int currentYear, CancellationToken ct = default)
    {
        var keys = DemoFundsGenerator.Planted(currentYear);
        var county = DemoGenerator.CountyPrefix;
        var idle = await db.Allocations.AsNoTracking().Where(a => a.CountyCode == county && keys.IdleDocumentNumbers.Contains(a.DocumentNumber))
            .OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
        var overdue = await db.Projects.AsNoTracking().Where(p => p.Number == keys.OverdueProjectNumber).Select(p => (long?)p.Id).SingleOrDefaultAsync(ct);
        List<string> all = [keys.NonBeneficiaryVoucher, keys.DeceasedVoucher, keys.MisusedVoucher, .. keys.DoubleVouchers, .. keys.CorrectionVouchers];
        var payments = await db.Payments.AsNoTracking().Where(p => p.CountyCode == county && all.Contains(p.Voucher))
            .ToDictionaryAsync(p => p.Voucher, p => p.Id, ct);
        long? Of(string voucher) => payments.TryGetValue(voucher, out var id) ? id : null;
        return new DemoFundsPlanted(keys.AsOf, idle, overdue, Of(keys.NonBeneficiaryVoucher), Of(keys.DeceasedVoucher),
            keys.DoubleVouchers.Select(Of).OfType<long>().ToList(), Of(keys.MisusedVoucher), keys.CorrectionVouchers.Select(Of).OfType<long>().ToList());
    }

    private static async Task SaveAsync(JingzhunDbContext db, string zh, string en, DemoOptions options, CancellationToken ct, bool clear = true)
    {
        db.ChangeTracker.DetectChanges();
        db.BulkAuditSummary = $"演示数据：{zh} / demo data: {en} (seed {options.Seed})";
        await db.SaveChangesAsync(ct);
        db.BulkAuditSummary = null;
        if (clear) db.ChangeTracker.Clear();
    }
}
