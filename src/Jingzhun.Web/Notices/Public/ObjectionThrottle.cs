using System.Collections.Concurrent;
using System.Net;

namespace Jingzhun.Web.Notices.Public;

/// <summary>
/// Objections from the public page per sender: at most <see cref="PerHour"/> within an hour from one client address
/// (setting <c>public-objections-per-hour</c>, default 5). A notice takes any number of objections, but one sender cannot
/// bury a village's officers under them. The sender is <c>HttpContext.Connection.RemoteIpAddress</c>: behind a proxy,
/// only what the host's forwarded-headers settings put there (see SignInThrottle). In memory, per process.
/// </summary>
public sealed class ObjectionThrottle(IConfiguration configuration)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, Queue<DateTime>> _senders = new();
    private int _sinceSweep;

    public int PerHour { get; } = Math.Max(1, configuration.GetValue("public-objections-per-hour", 5));

    public static string SenderOf(IPAddress? address) => address?.ToString() ?? "unknown";

    /// <summary>Counts an objection from the sender, or refuses it: the time when the sender may object again.</summary>
    public DateTime? TryTake(string sender, DateTime now)
    {
        Sweep(now);
        var times = _senders.GetOrAdd(sender, _ => new Queue<DateTime>());
        lock (times)
        {
            while (times.Count > 0 && times.Peek() + Window <= now) times.Dequeue();
            if (times.Count >= PerHour) return times.Peek() + Window;
            times.Enqueue(now);
            return null;
        }
    }

    /// <summary>Every thousand calls, forgets senders whose window has passed (a public page is open to the whole internet).</summary>
    private void Sweep(DateTime now)
    {
        if (Interlocked.Increment(ref _sinceSweep) % 1000 != 0) return;
        foreach (var (sender, times) in _senders)
            lock (times)
                if (times.Count == 0 || times.Last() + Window <= now) _senders.TryRemove(sender, out _);
    }
}
