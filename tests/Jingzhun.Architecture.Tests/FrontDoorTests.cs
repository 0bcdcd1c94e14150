using Assembly = System.Reflection.Assembly;
using ArchUnitNET.Domain.Dependencies;
using ArchUnitNET.Loader;

namespace Jingzhun.Architecture.Tests;

/// <summary>
/// The web host and the command line are front doors. They read through the scoped context, but every write is a
/// function of a Data feature (a governed step with its rules, reason and audit), so the same step taken from a page,
/// the API or the CLI runs the same code. A front door that added a row and saved it itself would be a side door.
/// </summary>
public sealed class FrontDoorTests
{

    private static readonly string[] Writes =
        ["SaveChanges", "Add", "AddRange", "Remove", "RemoveRange", "Update", "UpdateRange", "Attach", "ExecuteUpdate", "ExecuteDelete"];

    [Fact]
    public void Pages_endpoints_and_commands_write_only_through_data_functions()
    {
        var frontDoors = SourceProjects.Loaded.Types.Where(t => SourceProjects.IsIn(t, SourceProjects.Web, SourceProjects.Cli)).ToList();
        Assert.NotEmpty(frontDoors);
        var writes = (
            from type in frontDoors
            from call in type.Dependencies.OfType<MethodCallDependency>()
            let member = call.TargetMember
            let declaring = member.DeclaringType.FullName
            where declaring.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal) || declaring.StartsWith("Jingzhun.Data.Database.", StringComparison.Ordinal)
            let name = member.Name.Split('(')[0].Split('<')[0]
            where Writes.Any(w => name == w || name == w + "Async")
            select $"{type.FullName} calls {declaring}.{name}").Distinct().Order().ToList();
        Assert.True(writes.Count == 0, "writes outside the data library:\n" + string.Join("\n", writes));
    }
}
