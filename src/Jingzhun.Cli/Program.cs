using System.CommandLine;
using Jingzhun.Cli.Access;
using Jingzhun.Cli.Assistance;
using Jingzhun.Cli.Audit;
using Jingzhun.Cli.Database;
using Jingzhun.Cli.Demo;
using Jingzhun.Cli.Monitoring;
using Jingzhun.Cli.Funds;
using Jingzhun.Cli.Regions;
using Jingzhun.Cli.Registry;
using Jingzhun.Cli.ScaleOut;
using Jingzhun.Cli.Statistics;
using Jingzhun.Cli.YearEnd;

namespace Jingzhun.Cli;

/// <summary>The <c>jingzhun</c> command: database, demo data and registry import/export.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args);

    /// <summary>Runs one command line in-process on the system clock and returns its exit code (tests call this directly).</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, TimeProvider.System);

    /// <summary>
    /// Runs one command line on <paramref name="clock"/>: the command line's one clock, handed to every command that
    /// writes a time (audit entries, freezes, checkpoints, backups), as the web host registers its own.
    /// </summary>
    public static Task<int> RunAsync(string[] args, TimeProvider clock)
    {
        var root = new RootCommand("精准扶贫建档立卡系统命令行工具 / Jingzhun targeted poverty alleviation registry tool");
        root.Options.Add(CliOptions.Database);
        root.Options.Add(CliOptions.AuditKey);
        root.Options.Add(CliOptions.AuditCheckpoints);
        root.Subcommands.Add(DatabaseCommands.Create(clock));
        root.Subcommands.Add(DemoCommand.Create(clock));
        root.Subcommands.Add(HouseholdCommands.Create(clock));
        root.Subcommands.Add(RegionCommands.Create());
        root.Subcommands.Add(AuditCommands.Create(clock));
        root.Subcommands.Add(YearEndCommands.Create(clock));
        root.Subcommands.Add(StatisticsCommands.Create(clock));
        root.Subcommands.Add(ScaleOutCommands.Create());
        root.Subcommands.Add(AccountCommands.Create(clock));
        root.Subcommands.Add(MonitoringCommands.Create(clock));
        RosterCommands.AddTo(root, clock);
        root.Subcommands.Add(FundsCommands.Create(clock));
        return root.Parse(args).InvokeAsync();
    }
}
