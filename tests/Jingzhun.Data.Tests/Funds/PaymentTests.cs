using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Funds;
using Microsoft.EntityFrameworkCore;
using static Jingzhun.Data.Tests.Funds.PaymentTestData;

namespace Jingzhun.Data.Tests.Funds;

/// <summary>
/// Payments out of a county's funds: recorded by the county's officers only, drawn on an allocation whose balance covers them,
/// to a member of the household named; corrected by reversing entries that leave the original in place, at most once.
/// </summary>
public sealed class PaymentTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_correction_leaves_the_original_entry_and_the_reversing_entry_and_a_payment_is_reversed_once(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "payreverse");
        var allocation = await AllocationAsync(database, 10_000m, "示财扶〔2026〕1号");
        var h = (await HouseholdsAsync(database, 1))[0];

        FundPayment payment;
        await using (var db = As(database, "county"))
            payment = await Payments.RecordAsync(db, Household(h, allocation.Id, 3_000m).Form(), Today, Ct);
        Assert.Equal((h.VillageCode, County, h.HeadId, h.HeadName, 2026), (payment.RegionCode, payment.CountyCode, payment.MemberId, payment.Payee, payment.Year));
        Assert.Equal(FundSource.CentralFiscal, payment.Source);

        FundPayment reversal;
        await using (var db = As(database, "county"))
        {
            await Assert.ThrowsAsync<FundInputException>(() => Payments.ReverseAsync(db, payment.Id, "  ", Today, Ct));
            reversal = (await Payments.ReverseAsync(db, payment.Id, "金额录错", Today, Ct))!;
        }
        Assert.Equal((-3_000m, payment.Id, "金额录错"), (reversal.Amount.Yuan, reversal.ReversesId, reversal.Reason));
        Assert.Equal((payment.AllocationId, payment.HouseholdId, payment.MemberId, payment.ProjectId),
            (reversal.AllocationId, reversal.HouseholdId, reversal.MemberId, reversal.ProjectId));

        await using (var db = As(database, "county"))
        {
            var rows = await db.Payments.Where(p => p.HouseholdId == h.Id && p.AllocationId == allocation.Id).OrderBy(p => p.Id).ToListAsync(Ct);
            Assert.Equal([(3_000m, (long?)null), (-3_000m, payment.Id)], rows.Select(r => (r.Amount.Yuan, r.ReversesId)));
            var balance = await FundBalances.ForAsync(db, allocation.Id, Ct);
            Assert.Equal((0m, 10_000m), (balance!.Paid.Yuan, balance.Unpaid.Yuan));
            var list = await Payments.ListAsync(db, "990121000000", new PaymentFilter(HouseholdNumber: h.Number), Ct);
            // The household may have had payments of the demo's own; ours net to nothing beside them.
            var others = (await db.Payments.Where(p => p.HouseholdId == h.Id && p.AllocationId != allocation.Id).Select(p => p.Amount).ToListAsync(Ct)).Sum(m => m.Yuan);
            Assert.Equal(2 + await db.Payments.CountAsync(p => p.HouseholdId == h.Id && p.AllocationId != allocation.Id, Ct), list.Total);
            Assert.Equal(others, list.NetAmount);
            Assert.Equal(reversal.Id, list.Rows.Single(r => r.Id == payment.Id).ReversedById);

            var before = await LedgerAsync(database);
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => Payments.ReverseAsync(db, payment.Id, "再冲一次", Today, Ct));
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => Payments.ReverseAsync(db, reversal.Id, "冲正的冲正", Today, Ct));
            Assert.Null(await Payments.ReverseAsync(db, 987654321, "没有这笔", Today, Ct));
            Assert.Equal(before, await LedgerAsync(database));
        }

        // A written entry is never edited: the save refuses a changed amount.
        await using (var db = As(database, "county"))
        {
            var row = await db.Payments.SingleAsync(p => p.Id == payment.Id, Ct);
            row.Amount = new Domain.Common.Money(1m);
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => db.SaveChangesAsync(Ct));
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_payment_over_the_balance_to_another_households_member_or_by_the_wrong_role_is_refused_with_nothing_changed(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "payrefuse");
        var allocation = await AllocationAsync(database, 5_000m, "示财扶〔2026〕2号");
        var other = await AllocationAsync(database, 5_000m, "邻县〔2026〕1号", "990122000000");
        var hs = await HouseholdsAsync(database, 2);
        var (a, b) = (hs[0], hs[1]);
        await using (var db = As(database, "county"))
            await Payments.RecordAsync(db, Household(a, allocation.Id, 4_000m).Form(), Today, Ct);
        var proposed = await ProjectAsync(database, ProjectStage.Proposed, "XM20269901210901");
        var before = await LedgerAsync(database);

        await using (var db = As(database, "county"))
        {
            var over = await Assert.ThrowsAsync<WorkflowBlockedException>(() => Payments.RecordAsync(db, Household(b, allocation.Id, 1_000.01m).Form(), Today, Ct));
            Assert.Contains("1000.00", over.Chinese);
            Assert.Contains("1000.00", over.English);
            // A member of another household, a future date, no amount, an allocation of another county, a project not started.
            await Assert.ThrowsAsync<FundInputException>(() => Payments.RecordAsync(db, Household(a, allocation.Id, 10m).Form(memberId: b.OtherId), Today, Ct));
            await Assert.ThrowsAsync<FundInputException>(() => Payments.RecordAsync(db, Household(a, allocation.Id, 10m).Form() with { PaidOn = Today.AddDays(1) }, Today, Ct));
            await Assert.ThrowsAsync<FundInputException>(() => Payments.RecordAsync(db, Household(a, allocation.Id, 0m).Form(), Today, Ct));
            await Assert.ThrowsAsync<FundInputException>(() => Payments.RecordAsync(db, Household(a, other.Id, 10m).Form(), Today, Ct));
            await Assert.ThrowsAsync<FundInputException>(() => Payments.RecordAsync(db, Household(a, allocation.Id, 10m).Form() with { Purpose = "" }, Today, Ct));
        }
        await using (var db = As(database, "county"))
            await Assert.ThrowsAsync<FundInputException>(() => Payments.RecordAsync(db, new PaymentForm
            {
                Kind = PaymentKind.Project, PaidOn = Today, Amount = 10m, AllocationId = allocation.Id, ProjectId = proposed.Id, Purpose = "工程款",
                PurposeType = ProjectType.Industry, Voucher = "V1",
            }, Today, Ct));
        foreach (var user in new[] { "auditor", "village", "township", "workteam", "cadre", "city", "assessor" })
        {
            await using var db = As(database, user);
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Payments.RecordAsync(db, Household(b, allocation.Id, 10m).Form(), Today, Ct));
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => Payments.ReverseAsync(db, 1, "无权", Today, Ct));
        }
        Assert.Equal(before, await LedgerAsync(database));

        // Another household's member may not be named, but the household's own second member may.
        await using (var db = As(database, "county"))
        {
            var paid = await Payments.RecordAsync(db, Household(b, allocation.Id, 1_000m).Form(memberId: b.OtherId), Today, Ct);
            Assert.Equal((b.OtherId, b.OtherName), (paid.MemberId, paid.Payee));
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_project_payment_goes_to_a_started_project_in_its_region_and_lists_filter_by_project_and_kind(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await DemoAsync(provider, folder, "payproject");
        var allocation = await AllocationAsync(database, 50_000m, "示财扶〔2026〕3号");
        var started = await ProjectAsync(database, ProjectStage.Started, "XM20269901210902", "990121001002");
        var h = (await HouseholdsAsync(database, 1))[0];
        await using (var db = As(database, "county"))
        {
            var paid = await Payments.RecordAsync(db, new PaymentForm
            {
                Kind = PaymentKind.Project, PaidOn = Today.AddDays(-3), Amount = 20_000m, AllocationId = allocation.Id, ProjectId = started.Id, Purpose = "首期工程款",
                PurposeType = ProjectType.Infrastructure, Voucher = "V-2026-01",
            }, Today, Ct);
            Assert.Equal(("990121001002", "青山建设公司", (long?)null), (paid.RegionCode, paid.Payee, paid.HouseholdId));
            await Payments.RecordAsync(db, Household(h, allocation.Id, 500m).Form(projectId: started.Id), Today, Ct);
            var ofProject = await Payments.ForProjectAsync(db, started.Id, Ct);
            Assert.Equal([PaymentKind.Project, PaymentKind.Household], ofProject.Select(p => p.Kind));
            var kinds = await Payments.ListAsync(db, "990121000000", new PaymentFilter(Year: 2026, Kind: PaymentKind.Project), Ct);
            Assert.Equal([paid.Id], kinds.Rows.Select(r => r.Id));
            Assert.Equal(started.Number, kinds.Rows[0].ProjectNumber);
        }
        // The village clerk of the project's village reads it; the other village's clerk does not.
        await using (var db = As(database, "village2"))
            Assert.Equal(1, (await Payments.ListAsync(db, "990121001002", new PaymentFilter(ProjectId: started.Id), Ct)).Rows.Count(r => r.Kind == PaymentKind.Project));
        await using (var db = As(database, "village"))
            Assert.DoesNotContain((await Payments.ForProjectAsync(db, started.Id, Ct)), r => r.Kind == PaymentKind.Project);
    }
}
