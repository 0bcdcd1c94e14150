namespace Jingzhun.Data.Access;

/// <summary>
/// A count of the saves in this process that changed what a session is checked against (an account's session stamp,
/// role, region, name, password gate or whether it is disabled). A web host that remembers a session as checked
/// remembers the count with it, and checks again once the count has moved.
/// </summary>
public static class AccountChanges
{
    private static long generation;

    public static long Generation => Interlocked.Read(ref generation);

    /// <summary>
    /// Called when such a change is saved and again when it is committed: a check that reads the account between the two
    /// (the change not yet visible) is remembered under the first count and so not trusted after the second.
    /// </summary>
    internal static void Note() => Interlocked.Increment(ref generation);
}
