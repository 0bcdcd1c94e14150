using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Funds;

/// <summary>How a funds file (payments or projects) is imported.</summary>
/// <param name="CountyCode">The county (6 digits; a county officer's own county when empty).</param>
/// <param name="SkipInvalid">Write the good rows and skip (and report) the bad ones, instead of refusing the file.</param>
/// <param name="FileName">The name the user knows the file by (an upload's original name); the path's name otherwise.</param>
public sealed record FundImportOptions(string? CountyCode = null, bool SkipInvalid = false, string? FileName = null);

/// <summary>What came of a funds file: its counts, every problem by row and column, and whether anything was written.</summary>
public sealed class FundImportReport
{
    public string CountyCode { get; set; } = "";
    public int Rows { get; set; }
    public int Added { get; set; }
    public int Skipped { get; set; }
    /// <summary>The total amount written (payments), or the total budget of the projects written.</summary>
    public decimal Amount { get; set; }
    public List<ImportError> Errors { get; } = [];
    /// <summary>True when nothing was written (errors without skip-invalid, or a file refused as a whole).</summary>
    public bool Rejected { get; set; }
}

/// <summary>
/// Imports a county's payment records (<see cref="PaymentFile"/>): every row is checked as a payment recorded by hand is
/// (<see cref="Payments.CheckAsync"/>), against the allocations' balances with the file's earlier rows counted, and against
/// the payments already recorded (the same voucher, amount and payee is refused as a repeat); a file with any bad row writes
/// nothing unless skip-invalid is asked for, and then writes its good rows, all in one save.
/// </summary>
public static class PaymentImport
{
    public static async Task<FundImportReport> ImportAsync(JingzhunDbContext db, string path, FundImportOptions options, DateOnly today,
        CancellationToken ct = default)
    {
        var county = CountyFor(db, options.CountyCode);
        FundSteps.Require(db, FundRoles.Pay, county.PadRight(12, '0'), new Bilingual("导入资金支付明细", "import payment records"));
        var name = FileName(path, options.FileName);
        var report = new FundImportReport { CountyCode = county };
        var (file, rows) = PaymentFile.Read(path, name, today, ct);
        report.Rows = file.RowCount;
        report.Errors.AddRange(file.Errors);
        if (file.RefusedWhole)
        {
            report.Rejected = true;
            report.Skipped = report.Rows;
            return report;
        }

        // References by what the file names them: allocations by id or document number, projects by number, households by number.
        var allocations = await db.Allocations.AsNoTracking().Where(a => a.CountyCode == county && a.ReversesId == null)
            .Select(a => new { a.Id, a.DocumentNumber }).ToListAsync(ct);
        var byDocument = allocations.Where(a => a.DocumentNumber.Length > 0).GroupBy(a => a.DocumentNumber.Trim()).ToDictionary(g => g.Key, g => g.Select(a => a.Id).ToList());
        var projectNumbers = rows.Select(r => r.ProjectNumber).Where(n => n.Length > 0).Distinct().ToList();
        var projects = new Dictionary<string, long>();
        foreach (var chunk in projectNumbers.Chunk(500))
            foreach (var p in await db.Projects.AsNoTracking().Where(p => chunk.Contains(p.Number) && p.CountyCode == county).Select(p => new { p.Id, p.Number }).ToListAsync(ct))
                projects[p.Number] = p.Id;
        var householdNumbers = rows.Select(r => r.HouseholdNumber).Where(n => n.Length > 0).Distinct().ToList();
        var households = new Dictionary<string, long>();
        foreach (var chunk in householdNumbers.Chunk(500))
            foreach (var h in await db.Households.AsNoTracking().Where(h => chunk.Contains(h.Number) && h.CountyCode == county).Select(h => new { h.Id, h.Number }).ToListAsync(ct))
                households[h.Number] = h.Id;
        var members = new Dictionary<long, List<(long Id, string Name, string ResidentId)>>();
        var householdIds = households.Values.ToList();
        foreach (var chunk in householdIds.Chunk(500))
            foreach (var m in await db.Members.AsNoTracking().Where(m => chunk.Contains(m.HouseholdId)).Select(m => new { m.Id, m.HouseholdId, m.Name, m.ResidentId }).ToListAsync(ct))
                (members.TryGetValue(m.HouseholdId, out var list) ? list : members[m.HouseholdId] = []).Add((m.Id, m.Name, m.ResidentId));
        var vouchers = rows.Select(r => r.Voucher).Distinct().ToList();
        var recorded = new HashSet<(string, long, long?, long?)>();
        foreach (var chunk in vouchers.Chunk(500))
            foreach (var p in await db.Payments.AsNoTracking()
                         .Where(p => p.CountyCode == county && p.ReversesId == null && chunk.Contains(p.Voucher) && !db.Payments.Any(r => r.ReversesId == p.Id))
                         .Select(p => new { p.Voucher, p.Amount, p.HouseholdId, p.ProjectId }).ToListAsync(ct))
                recorded.Add((p.Voucher, p.Amount.Fen, p.HouseholdId, p.ProjectId));

        var pending = new Dictionary<long, decimal>();
        var good = new List<FundPayment>();
        foreach (var row in rows)
        {
            var before = report.Errors.Count;
            void Fail(string column, string chinese, string english) => report.Errors.Add(new ImportError(name, row.Row, column, chinese, english));

            long? allocationId = null;
            if (row.AllocationId is { } id)
            {
                if (allocations.Any(a => a.Id == id)) allocationId = id;
                else Fail(PaymentFile.AllocationHeader, $"资金编号{id}不是本县收到的资金下达", $"the allocation {id} is not one the county received");
                if (allocationId is not null && row.AllocationDocument.Length > 0 && allocations.Single(a => a.Id == id).DocumentNumber.Trim() != row.AllocationDocument)
                    Fail(PaymentFile.DocumentHeader, $"资金下达文号与资金编号{id}不符", $"the document number does not match allocation {id}");
            }
            else if (byDocument.TryGetValue(row.AllocationDocument, out var ids))
            {
                if (ids.Count == 1) allocationId = ids[0];
                else Fail(PaymentFile.DocumentHeader, $"本县有{ids.Count}笔资金下达的文号都是“{FundTable.Shorten(row.AllocationDocument)}”，请填写资金编号",
                    $"{ids.Count} allocations of the county carry the document number '{FundTable.Shorten(row.AllocationDocument)}'; give the allocation id (资金编号)");
            }
            else Fail(PaymentFile.DocumentHeader, $"本县没有文号为“{FundTable.Shorten(row.AllocationDocument)}”的资金下达", $"the county received no allocation with the document number '{FundTable.Shorten(row.AllocationDocument)}'");

            long? projectId = null;
            if (row.ProjectNumber.Length > 0)
            {
                if (projects.TryGetValue(row.ProjectNumber, out var pid)) projectId = pid;
                else Fail(PaymentFile.ProjectHeader, $"项目编号{FundTable.Shorten(row.ProjectNumber)}不在本县项目库中", $"the project {FundTable.Shorten(row.ProjectNumber)} is not in the county's library");
            }

            long? householdId = null, memberId = null;
            if (row.HouseholdNumber.Length > 0)
            {
                if (households.TryGetValue(row.HouseholdNumber, out var hid))
                {
                    householdId = hid;
                    var list = members.GetValueOrDefault(hid) ?? [];
                    if (row.ResidentId.Length > 0)
                    {
                        var member = list.Where(m => string.Equals(m.ResidentId, row.ResidentId, StringComparison.OrdinalIgnoreCase)).ToList();
                        if (member.Count == 1) memberId = member[0].Id;
                        else Fail(PaymentFile.ResidentIdHeader, $"户{row.HouseholdNumber}中没有身份证号为{Masking.ResidentId(row.ResidentId)}的成员",
                            $"the household {row.HouseholdNumber} has no member with the resident ID {Masking.ResidentId(row.ResidentId)}");
                    }
                    if (row.Payee.Length > 0 && (memberId is { } m ? list.First(x => x.Id == m).Name : null) is { } memberName && memberName != row.Payee)
                        Fail(PaymentFile.PayeeHeader, $"收款人“{FundTable.Shorten(row.Payee)}”与身份证号对应的成员姓名不符", $"the payee '{FundTable.Shorten(row.Payee)}' is not the name of the member with that resident ID");
                }
                else Fail(PaymentFile.HouseholdHeader, $"户编号{row.HouseholdNumber}不在本县的建档立卡登记中", $"the household {row.HouseholdNumber} is not in the county's registry");
            }
            if (report.Errors.Count > before) continue;

            FundPayment payment;
            try
            {
                payment = await Payments.CheckAsync(db, new PaymentForm
                {
                    Kind = row.Kind, PaidOn = row.PaidOn, Amount = row.Amount, AllocationId = allocationId, ProjectId = projectId, HouseholdId = householdId,
                    MemberId = memberId, Payee = row.Kind == PaymentKind.Project ? row.Payee : null, Purpose = row.Purpose, PurposeType = row.PurposeType, Voucher = row.Voucher,
                }, today, ct);
            }
            catch (FundInputException e)
            {
                Fail(ColumnOf(e.Text.Chinese), e.Text.Chinese, e.Text.English);
                continue;
            }
            if (payment.Kind == PaymentKind.Household && row.Payee.Length > 0 && memberId is null && payment.Payee != row.Payee)
            {
                Fail(PaymentFile.PayeeHeader, $"收款人“{FundTable.Shorten(row.Payee)}”不是户主{payment.Payee}：请填写收款人身份证号", $"the payee '{FundTable.Shorten(row.Payee)}' is not the head of the household: give the payee's resident ID");
                continue;
            }
            if (!recorded.Add((payment.Voucher, payment.Amount.Fen, payment.HouseholdId, payment.ProjectId)))
            {
                Fail(PaymentFile.VoucherHeader, $"凭证号{FundTable.Shorten(payment.Voucher)}的这笔支付已登记过（同一凭证、金额和收款对象）", $"this payment (voucher {FundTable.Shorten(payment.Voucher)}, same amount and payee) is already recorded");
                continue;
            }
            try
            {
                await Payments.RequireBalanceAsync(db, payment.AllocationId!.Value, payment.Amount, ct, pending.GetValueOrDefault(payment.AllocationId.Value));
            }
            catch (WorkflowBlockedException e)
            {
                Fail(PaymentFile.AmountHeader, e.Chinese + "（已计入本文件前面各行）", e.English + " (counting the file's earlier rows)");
                continue;
            }
            pending[payment.AllocationId.Value] = pending.GetValueOrDefault(payment.AllocationId.Value) + payment.Amount.Yuan;
            good.Add(payment);
        }
        var sorted = report.Errors.OrderBy(e => e.Row).ToList();
        report.Errors.Clear();
        report.Errors.AddRange(sorted);
        report.Skipped = report.Rows - good.Count;
        if (report.Errors.Count > 0 && !options.SkipInvalid)
        {
            report.Rejected = true;
            return report;
        }
        if (good.Count == 0) return report;
        foreach (var payment in good) FundSteps.Require(db, FundRoles.Pay, payment.RegionCode, new Bilingual("导入资金支付明细", "import payment records"));
        db.Payments.AddRange(good);
        await db.SaveChangesAsync(ct);
        report.Added = good.Count;
        report.Amount = good.Sum(p => p.Amount.Yuan);
        return report;
    }

    private static string ColumnOf(string message) => message switch
    {
        _ when message.Contains("项目") => PaymentFile.ProjectHeader,
        _ when message.Contains("成员") || message.Contains("户主") => PaymentFile.ResidentIdHeader,
        _ when message.Contains("户") => PaymentFile.HouseholdHeader,
        _ when message.Contains("资金下达") || message.Contains("资金来源") => PaymentFile.DocumentHeader,
        _ when message.Contains("收款人") => PaymentFile.PayeeHeader,
        _ when message.Contains("日期") => PaymentFile.DateHeader,
        _ when message.Contains("金额") => PaymentFile.AmountHeader,
        _ => PaymentFile.KindHeader,
    };

    /// <summary>The county a file is for: the one given, or a county officer's (or lower) own county.</summary>
    internal static string CountyFor(JingzhunDbContext db, string? given)
    {
        var county = (given ?? "").Trim();
        if (county.Length == 12 && county.All(char.IsAsciiDigit) && county[6..].All(c => c == '0')) county = county[..6];
        if (county.Length == 0 && db.Scope.RegionPrefix.Length >= 6) county = db.Scope.RegionPrefix[..6];
        if (county.Length != 6 || !county.All(char.IsAsciiDigit) || county.EndsWith("00", StringComparison.Ordinal))
            throw FundSteps.Invalid("须指定县（6位县级代码）", "give the county (its 6-digit code)");
        return county;
    }

    internal static string FileName(string path, string? given) =>
        string.IsNullOrWhiteSpace(given) ? Path.GetFileName(path) : Path.GetFileName(given.Trim());

    /// <summary>
    /// Writes a county's payments (reversals included, as negative amounts) in the import's columns, then 支付编号, 冲正支付编号
    /// and 冲正原因. Resident IDs are masked for readers who may not see them (<see cref="PersonalDataView"/>, as the registry
    /// export masks them). The export is audited. Returns the number of rows written.
    /// </summary>
    public static async Task<int> ExportAsync(JingzhunDbContext db, string countyCode, string path, ExchangeFormat format, DateTime now,
        string? fileName = null, CancellationToken ct = default)
    {
        var county = CountyFor(db, countyCode);
        var policy = await PersonalDataView.PolicyAsync(db, ct);
        var rows = await Payments.Rows(db, db.Payments.AsNoTracking().Where(p => p.CountyCode == county).OrderBy(p => p.PaidOn).ThenBy(p => p.Id), ct);
        var memberIds = rows.Where(r => r.MemberId is not null).Select(r => r.MemberId!.Value).Distinct().ToList();
        var ids = new Dictionary<long, string>();
        foreach (var chunk in memberIds.Chunk(500))
            foreach (var m in await db.Members.AsNoTracking().Where(m => chunk.Contains(m.Id)).Select(m => new { m.Id, m.ResidentId }).ToListAsync(ct))
                ids[m.Id] = m.ResidentId;
        var masked = 0;
        string Id(PaymentRow r)
        {
            if (r.MemberId is not { } member || !ids.TryGetValue(member, out var id)) return "";
            if (!policy.For(r.HouseholdId ?? 0).Masked) return id;
            masked++;
            return Masking.ResidentId(id);
        }
        string[] headers =
        [
            PaymentFile.DateHeader, PaymentFile.AmountHeader, PaymentFile.KindHeader, PaymentFile.DocumentHeader, PaymentFile.AllocationHeader,
            PaymentFile.ProjectHeader, PaymentFile.HouseholdHeader, PaymentFile.ResidentIdHeader, PaymentFile.PayeeHeader, PaymentFile.PurposeHeader,
            PaymentFile.PurposeTypeHeader, PaymentFile.VoucherHeader, "支付编号", "冲正支付编号", "冲正原因",
        ];
        var cells = rows.Select(r => new object?[]
        {
            r.PaidOn.ToString("yyyy-MM-dd"), r.Amount, KindText(r.Kind), r.AllocationDocument, r.AllocationId?.ToString() ?? "", r.ProjectNumber,
            r.HouseholdNumber, Id(r), r.Payee, r.Purpose, r.PurposeType.Chinese(), r.Voucher, r.Id.ToString(), r.ReversesId?.ToString() ?? "", r.Reason,
        }).ToList();
        await TableWriter.WriteAsync(path, format, [new TableData(PaymentFile.Sheet, headers, cells)], ct);
        var name = fileName ?? Path.GetFileName(path);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = db.Scope.Actor, Action = AuditAction.Export, EntityType = "FundPayment", EntityId = county, RegionCode = county.PadRight(12, '0'),
            Reason = masked > 0
                ? $"导出{county}的{rows.Count}笔资金支付到{name}（{masked}笔的身份证号已脱敏） / exported {rows.Count} payments of {county} to {name} (resident IDs of {masked} masked)"
                : $"导出{county}的{rows.Count}笔资金支付到{name} / exported {rows.Count} payments of {county} to {name}",
        });
        await db.SaveChangesAsync(ct);
        return rows.Count;
    }

    public static string KindText(PaymentKind kind) => kind switch
    {
        PaymentKind.Project => "项目支出",
        PaymentKind.Household => "到户补助",
        _ => kind.Chinese(),
    };
}
