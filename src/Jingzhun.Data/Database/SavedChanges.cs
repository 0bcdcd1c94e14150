using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Database;

/// <summary>
/// A count of the saves in this process that changed one kind of row. What is remembered from such rows (a session found
/// good, a household's region path) is remembered with the count and read again once the count has moved. A save counts
/// when its save rules run and again once it is committed (<see cref="JingzhunDbContext"/>), so that a read between the
/// two, which cannot see the change yet, is remembered under the first count and not trusted after the second.
/// </summary>
public sealed class SavedChanges
{
    /// <summary>Saves of what a signed-in session is checked against (an account's stamp, role, region, name, password, gate, disabled flag).</summary>
    public static readonly SavedChanges Accounts = new();

    /// <summary>Saves of regions (names, codes, validity, flags).</summary>
    public static readonly SavedChanges RegionTree = new();

    private long count;

    public long Count => Interlocked.Read(ref count);

    /// <summary>Counts the change of a row being saved, and again when its context commits the save.</summary>
    internal void Note(EntityEntry entry)
    {
        Note();
        ((JingzhunDbContext)entry.Context).CountAgainWhenSaved(this);
    }

    internal void Note() => Interlocked.Increment(ref count);
}
