using System.Globalization;
using System.Runtime.InteropServices;

namespace Jingzhun.Bench;

/// <summary>What the figures were measured on.</summary>
public sealed record Machine(int Cores, double RamGiB, string Os, string Dotnet, string Configuration)
{
    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg ("?" where there is none).</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    public static Machine Current()
    {
        double ram = 0;
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line is not null) ram = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
        }
        catch (IOException) { }
        var os = RuntimeInformation.OSDescription;
        try
        {
            var pretty = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            if (pretty is not null) os = pretty["PRETTY_NAME=".Length..].Trim('"');
        }
        catch (IOException) { }
        var configuration = typeof(Machine).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "";
        return new Machine(Environment.ProcessorCount, ram, os, RuntimeInformation.FrameworkDescription, configuration);
    }
}
