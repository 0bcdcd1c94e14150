using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Jingzhun.Bench;

/// <summary>The result of a child process: exit code, output, wall time and peak resident memory (VmHWM).</summary>
public sealed record ChildResult(int ExitCode, string Output, TimeSpan Elapsed, long PeakRssBytes);

/// <summary>Runs the project's own programs as separate processes, measuring their peak memory from /proc.</summary>
public static class ChildProcess
{
    public static ProcessStartInfo Dotnet(string dll, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        // No colours or live progress bars in captured output; the same invariant culture as the parent.
        info.Environment["NO_COLOR"] = "1";
        info.Environment["TERM"] = "dumb";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return info;
    }

    /// <summary>Runs to the end, polling the peak resident set size (VmHWM) every 50 ms.</summary>
    public static async Task<ChildResult> RunAsync(ProcessStartInfo info, CancellationToken ct)
    {
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long peak = 0;
        using var polling = new CancellationTokenSource();
        var poll = Task.Run(async () =>
        {
            while (!polling.IsCancellationRequested)
            {
                peak = Math.Max(peak, PeakRss(process.Id));
                try { await Task.Delay(50, polling.Token); } catch (OperationCanceledException) { }
            }
        }, CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        finally
        {
            watch.Stop();
            await polling.CancelAsync();
            await poll;
        }
        process.WaitForExit(); // drains the redirected output
        lock (output) return new ChildResult(process.ExitCode, output.ToString(), watch.Elapsed, peak);
    }

    /// <summary>VmHWM of a running process in bytes (0 when it has gone or /proc is not there).</summary>
    public static long PeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }
}
