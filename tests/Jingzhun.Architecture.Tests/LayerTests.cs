using Assembly = System.Reflection.Assembly;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Jingzhun.Architecture.Tests;

/// <summary>
/// The four projects keep their places (DESIGN.md §7): the domain is rules only — no database, no web, no files,
/// no network — the data library knows nothing of the web framework, and the web host and the command line are two
/// front doors that do not reach into each other.
/// </summary>
public sealed class LayerTests
{
    private static readonly Assembly Domain = SourceProjects.Domain;
    private static readonly Assembly Data = SourceProjects.Data;
    private static readonly Assembly Web = SourceProjects.Web;
    private static readonly Assembly Cli = SourceProjects.Cli;

    private static readonly ArchUnitNET.Domain.Architecture Loaded = SourceProjects.Loaded;

    [Theory]
    [InlineData("System.IO")]
    [InlineData("System.Net")]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("Npgsql")]
    [InlineData("Jingzhun.Data")]
    public void The_domain_does_no_io_and_knows_no_storage_or_web(string forbidden) =>
        Types().That().ResideInAssembly(Domain).Should().NotDependOnAnyTypesThat().ResideInNamespaceOrBelow(forbidden)
            .Because("the domain library holds the rules; reading and writing belong to Data, Web and Cli")
            .Check(Loaded);

    [Fact]
    public void The_domain_references_nothing_but_dotnet() =>
        Assert.All(Domain.GetReferencedAssemblies(), a =>
            Assert.True(a.Name!.StartsWith("System", StringComparison.Ordinal) || a.Name is "netstandard" or "mscorlib", $"the domain references {a.Name}"));

    [Fact]
    public void The_data_library_does_not_take_in_the_web_framework_or_a_front_door() =>
        Assert.All(Data.GetReferencedAssemblies(), a =>
            Assert.False(a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || a.Name is "Jingzhun.Web" or "Jingzhun.Cli", $"the data library references {a.Name}"));

    [Fact]
    public void The_web_host_and_the_command_line_do_not_reach_into_each_other()
    {
        Assert.DoesNotContain(Web.GetReferencedAssemblies(), a => a.Name == Cli.GetName().Name);
        Assert.DoesNotContain(Cli.GetReferencedAssemblies(), a => a.Name == Web.GetName().Name);
    }

    [Fact]
    public void Rule_sets_do_not_depend_on_the_workflows_that_apply_them() =>
        Types().That().ResideInNamespaceOrBelow("Jingzhun.Data.Rules").Should().NotDependOnAnyTypesThat()
            .ResideInNamespaceOrBelow("Jingzhun.Data.Workflows")
            .Because("workflows read the rules in force (a case's exit test, an area's exit decision); the rules never start a case, so the two are not a cycle")
            .Check(Loaded);

    [Fact]
    public void Pages_and_endpoints_never_open_a_database_connection_of_their_own() =>
        Types().That().ResideInAssembly(Web).Should().NotDependOnAnyTypesThat().ResideInNamespaceOrBelow("Npgsql")
            .AndShould().NotDependOnAnyTypesThat().ResideInNamespaceOrBelow("Microsoft.Data.Sqlite")
            .Because("the web host reaches the database only through JingzhunDbContext, whose save rules and scope filters hold for every request")
            .Check(Loaded);
}
