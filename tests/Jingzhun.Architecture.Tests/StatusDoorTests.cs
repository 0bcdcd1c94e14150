using ArchUnitNET.Domain.Dependencies;

namespace Jingzhun.Architecture.Tests;

/// <summary>
/// A household's status moves only through its processes (identification, exit, look-back, monitoring recognition): the
/// case engine and the registry's own loads. Assistance writes its own rows (pairings, plans, measures, credit,
/// relocation, visits) under /households/{id}/… and /api/households/{id}/…; none of its code may change a household's
/// status or status history, so none of those routes is a side door to it. Funds and projects likewise; and a project's
/// own stage is set only by the project library's steps (and the demo and import that create projects), never by a
/// form, the API or another feature.
/// </summary>
public sealed class StatusDoorTests
{
    private static readonly string[] StatusWrites = ["ChangeStatus", "set_Status", "set_StatusYear", "set_Monitoring"];

    public static TheoryData<string> Features => ["Assistance", "Funds"];

    [Theory]
    [MemberData(nameof(Features))]
    public void Feature_code_never_changes_a_households_status(string feature)
    {
        var assistance = SourceProjects.Loaded.Types.Where(t => (t.Namespace?.FullName ?? "").Split('.') is [_, _, var f, ..] && f == feature).ToList();
        Assert.True(assistance.Count > 20, $"only {assistance.Count} {feature} types were found");
        var writes = (
            from type in assistance
            from call in type.Dependencies.OfType<MethodCallDependency>()
            let member = call.TargetMember
            where member.DeclaringType.FullName == "Jingzhun.Domain.Registry.Household"
            let name = member.Name.Split('(')[0]
            where StatusWrites.Contains(name)
            select $"{type.FullName} calls Household.{name}").Distinct().Order().ToList();
        Assert.True(writes.Count == 0, $"{feature} code changing a household's status:\n" + string.Join("\n", writes));
    }

    /// <summary>Where a project's stage may be set: the lifecycle's steps, and the code that creates projects (import, demo).</summary>
    private static readonly string[] StageWriters =
        ["Jingzhun.Data.Funds.ProjectLibrary", "Jingzhun.Data.Funds.ProjectImport", "Jingzhun.Data.Demo.", "Jingzhun.Domain.Demo.", "Jingzhun.Domain.Funds."];

    [Fact]
    public void Only_the_project_lifecycle_sets_a_projects_stage()
    {
        var writers = (
            from type in SourceProjects.Loaded.Types
            from call in type.Dependencies.OfType<MethodCallDependency>()
            where call.TargetMember.DeclaringType.FullName == "Jingzhun.Domain.Funds.Project" && call.TargetMember.Name.StartsWith("set_Stage", StringComparison.Ordinal)
            select type.FullName).Distinct().ToList();
        Assert.Contains(writers, w => w.StartsWith("Jingzhun.Data.Funds.ProjectLibrary", StringComparison.Ordinal));
        var others = writers.Where(w => !StageWriters.Any(allowed => w.StartsWith(allowed, StringComparison.Ordinal))).Order().ToList();
        Assert.True(others.Count == 0, "a project's stage set outside its lifecycle:\n" + string.Join("\n", others));
    }

    [Fact]
    public void The_rule_sees_a_status_change_where_there_is_one()
    {
        // Self-test: the registry's own code does call ChangeStatus, and the same query finds it there.
        var registry = SourceProjects.Loaded.Types.Where(t => (t.Namespace?.FullName ?? "").StartsWith("Jingzhun.Data.Workflows", StringComparison.Ordinal));
        Assert.Contains(registry.SelectMany(t => t.Dependencies.OfType<MethodCallDependency>()),
            call => call.TargetMember.DeclaringType.FullName == "Jingzhun.Domain.Registry.Household" && call.TargetMember.Name.StartsWith("ChangeStatus", StringComparison.Ordinal));
    }
}
