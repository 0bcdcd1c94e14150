using System.Diagnostics;

namespace Jingzhun.Data.Demo;

/// <summary>
/// Times each part of the demo's first start: wall time and the process's CPU time, so that a slow start on a busy
/// machine (where wall time mostly waits for a core) can still be told apart from work that grew.
/// </summary>
public sealed class SeedingClock(Action<string, TimeSpan, TimeSpan>? report = null)
{
    private readonly Stopwatch wall = Stopwatch.StartNew();
    private TimeSpan wallMark;
    private TimeSpan cpuMark = Cpu;

    private static TimeSpan Cpu => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Reports the part just finished (wall, CPU since the last mark) and starts the next.</summary>
    public void Done(string part)
    {
        var (now, cpu) = (wall.Elapsed, Cpu);
        report?.Invoke(part, now - wallMark, cpu - cpuMark);
        (wallMark, cpuMark) = (now, cpu);
    }
}
