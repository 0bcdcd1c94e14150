using System.CommandLine;

namespace Jingzhun.Cli.Funds;

/// <summary>`jingzhun funds …`: a county's payment records and project list in and out.</summary>
public static class FundsCommands
{
    public static Command Create(TimeProvider clock)
    {
        var funds = new Command("funds", "扶贫资金和项目 / funds and projects");
        funds.Subcommands.Add(PaymentCommands.Create(clock));
        funds.Subcommands.Add(ProjectCommands.Create(clock));
        return funds;
    }
}
