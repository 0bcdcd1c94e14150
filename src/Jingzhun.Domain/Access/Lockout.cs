namespace Jingzhun.Domain.Access;

/// <summary>Repeated wrong passwords lock an account for a while; the right password then does not help.</summary>
public static class Lockout
{
    public const int MaxFailedSignIns = 10;
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(15);

    /// <summary>Records a sign-in attempt; returns whether it may proceed.</summary>
    public static bool Record(Account account, bool passwordOk, DateTime now)
    {
        if (account.IsLockedOut(now)) return false;
        if (passwordOk)
        {
            account.FailedSignIns = 0;
            account.LockedUntil = null;
            return true;
        }
        account.FailedSignIns++;
        if (account.FailedSignIns >= MaxFailedSignIns)
        {
            account.LockedUntil = now + Duration;
            account.FailedSignIns = 0;
        }
        return false;
    }
}
