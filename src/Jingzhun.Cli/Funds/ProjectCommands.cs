using System.CommandLine;

namespace Jingzhun.Cli.Funds;

public static class ProjectCommands
{
    public static Command Create(TimeProvider clock) => new("projects", "projects");
}
