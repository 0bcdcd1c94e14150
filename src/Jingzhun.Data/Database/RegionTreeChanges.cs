namespace Jingzhun.Data.Database;

/// <summary>
/// A count of the saves of regions in this process. What is remembered from the region tree (a household's region path)
/// is remembered with the count and read again once it has moved.
/// </summary>
internal static class RegionTreeChanges
{
    private static long generation;

    public static long Generation => Interlocked.Read(ref generation);

    public static void Note() => Interlocked.Increment(ref generation);
}
