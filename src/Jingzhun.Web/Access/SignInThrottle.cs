using System.Collections.Concurrent;
using System.Net;
using Jingzhun.Domain.Access;

namespace Jingzhun.Web.Access;

/// <summary>
/// Wrong passwords per (account, source): <see cref="Lockout.MaxFailedSignIns"/> of them within <see cref="Lockout.Duration"/>
/// lock that source out of that account for <see cref="Lockout.Duration"/>, and nobody else. The source is the client address
/// (<c>HttpContext.Connection.RemoteIpAddress</c>; behind a proxy, only what the host's forwarded-headers settings put there).
/// The windows live in memory, per process: a restart forgets them, and several processes each keep their own; the stored
/// account-wide count (<see cref="Lockout.AccountWideMaxFailedSignIns"/>) is the defence that survives both.
/// </summary>
public sealed class SignInThrottle
{
    private sealed class Window
    {
        public int Failures;
        public DateTime Start;
        public DateTime? LockedUntil;
    }

    /// <summary>What became of a failed attempt.</summary>
    public enum Outcome
    {
        /// <summary>Counted against the source.</summary>
        Counted,
        /// <summary>Counted, and it locked the source out of the account.</summary>
        Locked,
        /// <summary>The source was already locked out: not counted.</summary>
        Blocked,
    }

    private readonly ConcurrentDictionary<(string Account, string Source), Window> _windows = new();
    private int _sinceSweep;

    public static string SourceOf(IPAddress? address) => address?.ToString() ?? "unknown";

    public bool IsLocked(string account, string source, DateTime now) =>
        _windows.TryGetValue((account, source), out var w) && IsLocked(w, now);

    /// <summary>How many sources are locked out of the account now (shown to administrators, who may unlock them).</summary>
    public int LockedSources(string account, DateTime now) =>
        _windows.Count(w => w.Key.Account == account && IsLocked(w.Value, now));

    /// <summary>Records a wrong password from the source; a locked source is not counted again.</summary>
    public Outcome RecordFailure(string account, string source, DateTime now)
    {
        Sweep(now);
        var window = _windows.GetOrAdd((account, source), _ => new Window { Start = now });
        lock (window)
        {
            if (IsLocked(window, now)) return Outcome.Blocked;
            if (window.Start + Lockout.Duration <= now)
            {
                window.Start = now;
                window.Failures = 0;
                window.LockedUntil = null;
            }
            if (++window.Failures < Lockout.MaxFailedSignIns) return Outcome.Counted;
            window.LockedUntil = now + Lockout.Duration;
            window.Failures = 0;
            return Outcome.Locked;
        }
    }

    /// <summary>
    /// An administrator's unlock or password reset forgets every source's failures against the account, so the
    /// person it was done for can sign in at once from wherever they are (within this process).
    /// </summary>
    public void Forget(string account)
    {
        foreach (var key in _windows.Keys.Where(k => k.Account == account)) _windows.TryRemove(key, out _);
    }

    /// <summary>A right password from the source forgets its failures.</summary>
    public void Reset(string account, string source) => _windows.TryRemove((account, source), out _);

    private static bool IsLocked(Window w, DateTime now)
    {
        lock (w) return w.LockedUntil > now;
    }

    /// <summary>Now and then drops windows that neither lock nor count any more, so the map does not grow without end.</summary>
    private void Sweep(DateTime now)
    {
        if (Interlocked.Increment(ref _sinceSweep) % 1000 != 0) return;
        foreach (var (key, w) in _windows)
        {
            bool stale;
            lock (w) stale = !(w.LockedUntil > now) && w.Start + Lockout.Duration <= now;
            if (stale) _windows.TryRemove(new KeyValuePair<(string, string), Window>(key, w));
        }
    }
}
