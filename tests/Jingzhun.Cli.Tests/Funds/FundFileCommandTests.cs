using System.Text;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jingzhun.Cli.Tests.Funds;

/// <summary>
/// <c>jingzhun funds projects|payments import|export</c> as a county officer, on both engines: a bad row writes nothing,
/// --skip-invalid writes the good one, another role is refused, and the export writes the county's rows.
/// </summary>
[Collection("console")]
public sealed class FundFileCommandTests : IAsyncDisposable
{
    private readonly CliSession _cli = new("fundfiles");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Project_and_payment_files_go_in_all_or_nothing_and_come_out_again(string engine)
    {
        var db = await _cli.DatabaseAsync(engine);
        await _cli.SucceedsAsync("", "demo", "--households", "30", "--seed", "7", "--db", db);
        string number;
        await using (var system = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test")))
        {
            number = await system.Households.Where(h => h.Status != HouseholdStatus.Removed && h.Members.Any(m => m.Relation == Relation.Head && m.State == MemberState.Present))
                .OrderBy(h => h.Number).Select(h => h.Number).FirstAsync(Ct);
            system.Allocations.Add(new FundAllocation
            {
                Year = 2026, Source = FundSource.CentralFiscal, FromCode = "990100000000", ToCode = "990121000000", Amount = new Money(5_000m),
                DocumentNumber = "命令行〔2026〕1号", IssuedOn = new DateOnly(2026, 1, 5), Purpose = "到户补助",
            });
            await system.SaveChangesAsync(Ct);
        }

        // Projects: a bad region in the second row.
        var projects = _cli.PathOf("项目.csv");
        await File.WriteAllTextAsync(projects,
            $"项目名称,类型,年度,所在村,资金来源,金额,受益户\n命令行大棚,产业发展,2026,990121001001,中央财政专项扶贫资金,50000,{number}\n命令行道路,基础设施,2026,990122001001,中央财政专项扶贫资金,1000,\n",
            Encoding.UTF8, Ct);
        Assert.Equal(1, await _cli.RunAsync("demo2025\n", "funds", "projects", "import", projects, "--county", "990121", "--as", "village", "--password-stdin", "--db", db));
        Assert.Equal(2, await _cli.RunAsync("demo2025\n", "funds", "projects", "import", projects, "--county", "990121", "--as", "county", "--password-stdin", "--db", db));
        Assert.Contains("所在村", _cli.Output);
        await using (var read = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test")))
            Assert.False(await read.Projects.AnyAsync(p => p.Name.StartsWith("命令行"), Ct));
        await _cli.SucceedsAsync("demo2025\n", "funds", "projects", "import", projects, "--county", "990121", "--skip-invalid", "--as", "county", "--password-stdin", "--db", db);
        await using (var read = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test")))
            Assert.Equal(["命令行大棚"], await read.Projects.Where(p => p.Name.StartsWith("命令行")).Select(p => p.Name).ToListAsync(Ct));

        var projectOut = _cli.PathOf("项目库.xlsx");
        await _cli.SucceedsAsync("", "funds", "projects", "export", "--county", "990121", "--out", projectOut, "--db", db);
        Assert.Contains(MiniExcel.Query(projectOut, useHeaderRow: true).Cast<IDictionary<string, object?>>(), r => $"{r["项目名称"]}" == "命令行大棚" && $"{r["阶段"]}" == "村级申报");

        // Payments: the second row is over the allocation's balance.
        var payments = _cli.PathOf("支付.csv");
        await File.WriteAllTextAsync(payments,
            "支付日期,金额,类型,资金下达文号,户编号,用途,用途类别,凭证号\n" +
            $"2026-02-01,1200,到户补助,命令行〔2026〕1号,{number},产业奖补,产业发展,CLI-1\n" +
            $"2026-02-02,9000,到户补助,命令行〔2026〕1号,{number},产业奖补,产业发展,CLI-2\n", Encoding.UTF8, Ct);
        Assert.Equal(2, await _cli.RunAsync("demo2025\n", "funds", "payments", "import", payments, "--county", "990121", "--as", "county", "--password-stdin", "--db", db));
        Assert.Contains("金额", _cli.Output);
        Assert.Equal(1, await _cli.RunAsync("demo2025\n", "funds", "payments", "import", payments, "--county", "990121", "--skip-invalid", "--as", "auditor", "--password-stdin", "--db", db));
        // Nothing written on our allocation (the demo county has a ledger of its own).
        await using (var read = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test")))
            Assert.False(await read.Payments.AnyAsync(p => p.Allocation!.DocumentNumber == "命令行〔2026〕1号", Ct));
        await _cli.SucceedsAsync("demo2025\n", "funds", "payments", "import", payments, "--county", "990121", "--skip-invalid", "--as", "county", "--password-stdin", "--db", db);
        await using (var read = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test")))
            Assert.Equal([1200m], (await read.Payments.Where(p => p.Allocation!.DocumentNumber == "命令行〔2026〕1号").Select(p => p.Amount).ToListAsync(Ct)).Select(a => a.Yuan));

        var paymentOut = _cli.PathOf("支付导出.csv");
        await _cli.SucceedsAsync("", "funds", "payments", "export", "--county", "990121", "--out", paymentOut, "--db", db);
        var text = await File.ReadAllTextAsync(paymentOut, Ct);
        Assert.Contains("CLI-1", text);
        Assert.Contains(number, text);
    }

    public ValueTask DisposeAsync() => _cli.DisposeAsync();
}
