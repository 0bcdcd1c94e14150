using Assembly = System.Reflection.Assembly;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Architecture.Tests;

/// <summary>
/// Inside each project, one folder per feature (docs/architecture.md). Features may use one another only one way round,
/// so that a change to one area stays in its folders and the next feature can be added without untangling the last.
/// Infrastructure folders (the shared kernel, the database context, the web host's plumbing) serve every feature and
/// are not features: an edge through them is not counted.
/// </summary>
public sealed class FeatureTests
{
    private static readonly ArchUnitNET.Domain.Architecture Loaded = SourceProjects.Loaded;

    /// <summary>Folders that are plumbing for every feature, per project.</summary>
    private static readonly HashSet<string> Infrastructure =
    [
        "Jingzhun.Domain.Common", "Jingzhun.Domain.Demo",
        "Jingzhun.Data.Database", "Jingzhun.Data.Demo",
        "Jingzhun.Web.Hosting", "Jingzhun.Web.Shared", "Jingzhun.Web.Localization",
        "Jingzhun.Cli",
    ];

    /// <summary>The root namespace of each project (the command line's assembly is called jingzhun).</summary>
    public static TheoryData<string> ProjectNames => ["Jingzhun.Domain", "Jingzhun.Data", "Jingzhun.Web", "Jingzhun.Cli"];

    [Theory]
    [MemberData(nameof(ProjectNames))]
    public void Feature_folders_do_not_depend_on_each_other_in_a_cycle(string project)
    {
        var edges = FeatureEdges(project);
        // An edge lies on a cycle when its target leads back to its origin.
        var onCycles = edges.Where(e => Reaches(edges, e.Key.To, e.Key.From)).Select(e => $"  {e.Key.From} → {e.Key.To}: {e.Value}").Order().ToList();
        Assert.True(onCycles.Count == 0, $"{project}: these uses between features close a cycle:\n{string.Join("\n", onCycles)}");
    }

    [Fact]
    public void Every_project_is_cut_into_feature_folders() =>
        Assert.All(ProjectNames.Select(p => p.Data!), project =>
            Assert.True(Features(project).Count >= 5, $"{project} has {Features(project).Count} feature folders"));

    /// <summary>Feature → feature, with one example use each (for the failure message).</summary>
    private static Dictionary<(string From, string To), string> FeatureEdges(string project)
    {
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in Loaded.Types.Where(t => (t.Namespace?.FullName ?? "").StartsWith(project + ".", StringComparison.Ordinal)))
        {
            var from = FeatureOf(project, type.Namespace?.FullName);
            if (from is null) continue;
            foreach (var dependency in type.Dependencies)
            {
                var to = FeatureOf(project, dependency.Target?.Namespace?.FullName);
                if (to is null || to == from) continue;
                edges.TryAdd((from, to), $"{type.Name} uses {dependency.Target?.Name}");
            }
        }
        return edges;
    }

    private static List<string> Features(string project) =>
        Loaded.Types.Select(t => FeatureOf(project, t.Namespace?.FullName)).OfType<string>().Distinct().ToList();

    /// <summary>The first folder under the project's root namespace, unless it is infrastructure or compiler-made.</summary>
    private static string? FeatureOf(string project, string? ns)
    {
        if (ns is null || !ns.StartsWith(project + ".", StringComparison.Ordinal)) return null;
        var folder = ns[(project.Length + 1)..].Split('.')[0];
        var full = project + "." + folder;
        return Infrastructure.Contains(full) || folder is "Migrations" ? null : folder;
    }

    private static bool Reaches(Dictionary<(string From, string To), string> edges, string from, string target)
    {
        var seen = new HashSet<string>();
        var next = new Stack<string>([from]);
        while (next.TryPop(out var node))
        {
            if (node == target) return true;
            if (!seen.Add(node)) continue;
            foreach (var edge in edges.Keys.Where(e => e.From == node)) next.Push(edge.To);
        }
        return false;
    }
}
