using System.Text;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Cli.Tests.Monitoring;

/// <summary><c>jingzhun monitoring consent record</c> and <c>jingzhun monitoring feed import</c> as a county officer, on both engines.</summary>
[Collection("console")]
public sealed class FeedCommandTests : IAsyncDisposable
{
    private readonly CliSession _cli = new("feeds");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_consenting_household_gets_a_signal_from_a_feed_and_a_bad_row_is_printed_by_row(string engine)
    {
        var db = await _cli.DatabaseAsync(engine);
        await _cli.SucceedsAsync("", "demo", "--households", "60", "--seed", "7", "--db", db);
        string number, id;
        await using (var read = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test")))
        {
            var person = await read.Members.Where(m => m.State == MemberState.Present && m.Household!.Status != HouseholdStatus.Poor
                    && m.Household.Status != HouseholdStatus.Removed && !read.Cases.Any(c => c.HouseholdId == m.HouseholdId && c.ClosedAt == null))
                .OrderBy(m => m.HouseholdId).Select(m => new { m.Household!.Number, m.ResidentId }).FirstAsync(Ct);
            (number, id) = (person.Number, person.ResidentId);
        }
        await _cli.SucceedsAsync("demo2025\n", "monitoring", "consent", "record", "--household", number, "--document", "授权书001", "--given-on", "2026-01-05",
            "--as", "county", "--password-stdin", "--db", db);

        int signalsBefore, feedsBefore;
        await using (var read = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test")))
            (signalsBefore, feedsBefore) = (await read.RiskSignals.CountAsync(Ct), await read.DepartmentFeeds.CountAsync(Ct));
        var file = _cli.PathOf("医保局.csv");
        var broken = id[..17] + (id[17] == '0' ? '1' : '0');
        await File.WriteAllTextAsync(file, $"身份证号,事项,金额,发生日期,说明\n{id},大额医疗支出,52000,2026-01-15,住院\n{broken},失业,,2026-01-16,\n", Encoding.UTF8, Ct);

        // A village clerk may not import; the county officer's import with a bad row writes nothing and names the row.
        Assert.Equal(1, await _cli.RunAsync("demo2025\n", "monitoring", "feed", "import", file, "--department", "医保局", "--as", "village", "--password-stdin", "--db", db));
        Assert.Equal(2, await _cli.RunAsync("demo2025\n", "monitoring", "feed", "import", file, "--department", "医保局", "--as", "county", "--password-stdin", "--db", db));
        Assert.Contains("身份证号", _cli.Output);
        Assert.Contains("--skip-invalid", _cli.Output);
        Assert.DoesNotContain(broken, _cli.Output);
        // The demo has its own monitoring history: the refused import adds no signal and no feed to it.
        await using (var read = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test")))
            Assert.Equal((signalsBefore, feedsBefore), (await read.RiskSignals.CountAsync(Ct), await read.DepartmentFeeds.CountAsync(Ct)));

        await _cli.SucceedsAsync("demo2025\n", "monitoring", "feed", "import", file, "--department", "医保局", "--skip-invalid", "--as", "county", "--password-stdin", "--db", db);
        Assert.Contains("导入完成", _cli.Output);
        await using (var read = JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test")))
        {
            var feed = await read.DepartmentFeeds.SingleAsync(f => f.ImportedBy == "county", Ct);
            var signal = await read.RiskSignals.SingleAsync(s => s.FeedId == feed.Id, Ct);
            Assert.Equal((DiscoveryChannel.DepartmentWarning, "医保局", 52000m), (signal.Channel, signal.Source, signal.Amount!.Value.Yuan));
            Assert.Equal((2, 1, 1, 1, "county"), (feed.Rows, feed.Matched, feed.Signals, feed.Skipped, feed.ImportedBy));
        }
    }

    public ValueTask DisposeAsync() => _cli.DisposeAsync();
}
