using Assembly = System.Reflection.Assembly;
using ArchUnitNET.Loader;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Architecture.Tests;

/// <summary>The four projects in src, loaded once for the architecture tests that read them.</summary>
internal static class SourceProjects
{
    public static readonly Assembly Domain = typeof(Household).Assembly;
    public static readonly Assembly Data = typeof(JingzhunDbContext).Assembly;
    public static readonly Assembly Web = typeof(Jingzhun.Web.Hosting.ErrorResponses).Assembly;
    public static readonly Assembly Cli = typeof(Jingzhun.Cli.Program).Assembly;

    public static readonly Assembly[] All = [Domain, Data, Web, Cli];

    /// <summary>
    /// The projects in src, and this one (whose deliberate offenders show that a rule finds what it looks for): one load
    /// for every test, since each load takes seconds. Rules name the assemblies or namespaces they hold for.
    /// </summary>
    public static readonly ArchUnitNET.Domain.Architecture Loaded = new ArchLoader().LoadAssemblies([.. All, typeof(SourceProjects).Assembly]).Build();

    /// <summary>Whether a loaded type was compiled into one of <paramref name="assemblies"/>.</summary>
    public static bool IsIn(ArchUnitNET.Domain.IType type, params Assembly[] assemblies) =>
        assemblies.Any(a => a.GetName().Name == type.Assembly.Name);
}
