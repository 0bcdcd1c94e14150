namespace Jingzhun.Web.Tests;

/// <summary>A clock the tests move forward, so that a seven-day notice can run in a test.</summary>
public sealed class AdjustableClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
