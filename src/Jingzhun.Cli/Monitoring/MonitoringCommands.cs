using System.CommandLine;

namespace Jingzhun.Cli.Monitoring;

/// <summary><c>jingzhun monitoring …</c>: the monitoring mechanism against return to poverty (防止返贫动态监测).</summary>
public static class MonitoringCommands
{
    public static Command Create()
    {
        var command = new Command("monitoring", "防止返贫动态监测 / monitoring against return to poverty");
        command.Subcommands.Add(QualityCommand.Create());
        return command;
    }
}
