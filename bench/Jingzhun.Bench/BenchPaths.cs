using System.Reflection;

namespace Jingzhun.Bench;

/// <summary>The built programs the runner starts as child processes, found in the repository's build output of the same configuration.</summary>
public sealed record BenchPaths(string Root, string Cli, string Web, string Load)
{
    public static BenchPaths Find(string? root = null)
    {
        root ??= FindRoot(AppContext.BaseDirectory) ?? FindRoot(Directory.GetCurrentDirectory())
            ?? throw new DirectoryNotFoundException("Jingzhun.slnx not found above the runner / 找不到仓库根目录");
        var configuration = typeof(BenchPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        string Output(string project, string dll) => Path.Combine(root, project, "bin", configuration, "net10.0", dll);
        var paths = new BenchPaths(root, Output("src/Jingzhun.Cli", "jingzhun.dll"), Output("src/Jingzhun.Web", "Jingzhun.Web.dll"),
            Output("bench/Jingzhun.Bench.Load", "jingzhun-load.dll"));
        foreach (var dll in new[] { paths.Cli, paths.Web, paths.Load })
            if (!File.Exists(dll))
                throw new FileNotFoundException($"{dll} is not built: dotnet build -c {configuration} bench/Jingzhun.Bench / 请先构建", dll);
        return paths;
    }

    private static string? FindRoot(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Jingzhun.slnx"))) return d.FullName;
        return null;
    }
}
