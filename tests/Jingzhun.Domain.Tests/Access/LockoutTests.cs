using Jingzhun.Domain.Access;

namespace Jingzhun.Domain.Tests.Access;

public sealed class LockoutTests
{
    [Fact]
    public void Each_hundredth_counted_failure_locks_the_account_once()
    {
        Assert.True(Lockout.AccountWideMaxFailedSignIns > Lockout.MaxFailedSignIns);
        var locks = Enumerable.Range(0, 250).Where(Lockout.LocksAccount).ToList();
        Assert.Equal([Lockout.AccountWideMaxFailedSignIns, 2 * Lockout.AccountWideMaxFailedSignIns], locks);
    }
}
