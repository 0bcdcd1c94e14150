using System.Collections.Concurrent;
using System.Diagnostics;
using Jingzhun.Domain.Access;

namespace Jingzhun.Web.Access;

/// <summary>
/// The sessions this host found good against their account lately, each with the moment its check began. A session is
/// the cookie's account, stamp, name, role, region and password gate, with the count of account changes in this process
/// (<see cref="Data.Database.SavedChanges.Accounts"/>) when it was checked: any account change makes every remembered session
/// new again. Within the window a request of a remembered session is not checked against the database again; a
/// window of zero checks every request. Set by the host's <c>session-check-seconds</c> (default 5).
/// </summary>
public sealed class CheckedSessions(TimeSpan window)
{
    /// <summary>A bound on what is remembered; past it everything is forgotten and checked afresh.</summary>
    private const int MostRemembered = 10_000;

    private readonly ConcurrentDictionary<Session, long> checkedAt = new();

    public readonly record struct Session(int AccountId, string Stamp, string UserName, Role Role, string RegionCode,
        bool MustChangePassword, long AccountChanges);

    public bool Holds(Session session) =>
        window > TimeSpan.Zero && checkedAt.TryGetValue(session, out var at) && Stopwatch.GetElapsedTime(at) < window;

    /// <summary>Remembers a session found good by a check that began at <paramref name="startedAt"/> (a Stopwatch timestamp).</summary>
    public void Confirm(Session session, long startedAt)
    {
        if (window <= TimeSpan.Zero) return;
        if (checkedAt.Count >= MostRemembered) checkedAt.Clear();
        checkedAt[session] = startedAt;
    }
}
