using System.Globalization;
using Jingzhun.Data.Database;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Hosting;

/// <summary>
/// The operator's view of the databases: whether the main one answers, and whether statistics and reports read from a
/// streaming replica and how far it is behind, in plain words. System administrators only.
/// </summary>
public sealed class HealthModel(JingzhunDbContext db, DatabaseTarget target, Lang lang, TimeProvider clock, ReportReplica? replica = null) : PageModel
{
    public DatabaseProvider Provider => target.Provider;
    public bool MainReachable { get; private set; }
    public bool HasReplica => replica is not null;
    public string? ReplicaDescription => replica?.Target.Identity;
    public ReplicaLag? Lag { get; private set; }
    public DateTime CheckedAt { get; private set; }

    /// <summary>Past this lag the page warns: reports then show figures a minute or more old.</summary>
    public static readonly TimeSpan Late = TimeSpan.FromMinutes(1);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!db.Scope.IsAdministrator) return Forbid();
        CheckedAt = clock.GetUtcNow().UtcDateTime;
        MainReachable = await db.Database.CanConnectAsync(ct);
        if (replica is not null && MainReachable) Lag = await replica.LagAsync(target, ct);
        else if (replica is not null) Lag = ReplicaLag.Unreachable(lang.T("主数据库无法连接，无法比较", "the main database cannot be reached to compare with"));
        return Page();
    }

    /// <summary>Whether the replica needs the operator: unreachable, not a standby, or a minute or more behind.</summary>
    public bool ReplicaNeedsAttention => Lag is { } l && (!l.Reachable || !l.IsStandby || l.Behind >= Late);

    /// <summary>The replica's state in one sentence of the reader's language.</summary>
    public string ReplicaState()
    {
        if (Lag is not { } l) return lang.T("未配置报表副本：统计和报表直接读取主数据库。", "No report replica is configured: statistics and reports read the main database.");
        if (!l.Reachable) return lang.T("无法连接报表副本：统计和报表页面在它恢复之前打不开。请检查副本服务器。",
            "The report replica cannot be reached: statistics and report pages fail until it is back. Check the replica server.");
        if (!l.IsStandby) return lang.T("报表数据库不是主库的只读副本（它接受写入），统计数字可能与主库不同。请把 reports-db 设置为主库的流复制副本。",
            "The report database is not a read-only replica of the main database (it accepts writes), so its figures may differ. Set reports-db to a streaming replica of the main database.");
        if (l.BytesBehind == 0) return lang.T("已同步：报表副本已应用主数据库的全部更改。", "Up to date: the report replica has applied every change of the main database.");
        var seconds = l.Behind!.Value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        var size = Size(l.BytesBehind ?? 0);
        return lang.T($"报表副本落后主数据库约 {seconds} 秒（还有 {size} 的更改未应用）：统计和报表显示的是这么久以前的数字。",
            $"The report replica is about {seconds} s behind the main database ({size} of changes not yet applied): statistics and reports show the figures as they were that long ago.");
    }

    /// <summary>A size of write-ahead log in bytes, KB or MB.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };
}
