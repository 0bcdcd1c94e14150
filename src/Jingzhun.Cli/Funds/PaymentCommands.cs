using System.CommandLine;

namespace Jingzhun.Cli.Funds;

public static class PaymentCommands
{
    public static Command Create(TimeProvider clock) => new("payments", "payments");
}
