using ArchUnitNET.Domain.Dependencies;

namespace Jingzhun.Architecture.Tests;

/// <summary>
/// A household's status moves only through its processes (identification, exit, look-back, monitoring recognition): the
/// case engine and the registry's own loads. Assistance writes its own rows (pairings, plans, measures, credit,
/// relocation, visits) under /households/{id}/… and /api/households/{id}/…; none of its code may change a household's
/// status or status history, so none of those routes is a side door to it.
/// </summary>
public sealed class StatusDoorTests
{
    private static readonly string[] StatusWrites = ["ChangeStatus", "set_Status", "set_StatusYear", "set_Monitoring"];

    [Fact]
    public void Assistance_code_never_changes_a_households_status()
    {
        var assistance = SourceProjects.Loaded.Types.Where(t => (t.Namespace?.FullName ?? "").Split('.') is [_, _, "Assistance", ..]).ToList();
        Assert.True(assistance.Count > 20, $"only {assistance.Count} assistance types were found");
        var writes = (
            from type in assistance
            from call in type.Dependencies.OfType<MethodCallDependency>()
            let member = call.TargetMember
            where member.DeclaringType.FullName == "Jingzhun.Domain.Registry.Household"
            let name = member.Name.Split('(')[0]
            where StatusWrites.Contains(name)
            select $"{type.FullName} calls Household.{name}").Distinct().Order().ToList();
        Assert.True(writes.Count == 0, "assistance code changing a household's status:\n" + string.Join("\n", writes));
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
