namespace Jingzhun.Domain.Access;

/// <summary>
/// Repeated wrong passwords lock a sign-in for a while; the right password then does not help.
/// Two levels: <see cref="MaxFailedSignIns"/> wrong passwords from one source lock that source out of the account
/// (so a stranger cannot lock an administrator out), and <see cref="AccountWideMaxFailedSignIns"/> counted failures
/// from anywhere lock the whole account, a last defence against guessing spread over many sources.
/// </summary>
public static class Lockout
{
    /// <summary>Wrong passwords from one source, within <see cref="Duration"/>, that lock that source out of the account.</summary>
    public const int MaxFailedSignIns = 10;

    /// <summary>Counted wrong passwords (<see cref="Account.FailedSignIns"/>) that lock the account for every source.</summary>
    public const int AccountWideMaxFailedSignIns = 100;

    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(15);

    /// <summary>Whether the failure that brings the stored count to <paramref name="failedSignIns"/> locks the whole account:
    /// each multiple of the limit locks once, so a count that keeps rising after a lock ran out locks again a limit later.</summary>
    public static bool LocksAccount(int failedSignIns) => failedSignIns > 0 && failedSignIns % AccountWideMaxFailedSignIns == 0;
}
