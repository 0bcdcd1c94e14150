using System.Globalization;
using System.Text;
using Jingzhun.Data.Database;

namespace Jingzhun.Bench;

/// <summary>Everything one run measured, and its markdown for docs/benchmarks.md.</summary>
public sealed record BenchReport(Machine Machine, DatabaseProvider Provider, long Households, long Members, DateTime At,
    double GeneratorHouseholdsPerSecond, IReadOnlyList<Figure> Figures, IReadOnlyList<string> Notes)
{
    public bool AllPass => Figures.All(f => f.Pass);

    /// <summary>The <c>--db</c> value of the imported registry an exchange run kept (<c>--keep</c>), for a later <c>--scenario web</c>.</summary>
    public string? KeptRegistry { get; init; }

    public string Markdown()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"#### {At:yyyy-MM-dd HH:mm} UTC — {Provider}, {Households:#,0} households");
        sb.AppendLine();
        sb.AppendLine("| cores | RAM | OS | .NET | build | provider | households | members | generator |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        sb.AppendLine(inv, $"| {Machine.Cores} | {Machine.RamGiB:0.#} GiB | {Machine.Os} | {Machine.Dotnet} | {Machine.Configuration} | {Provider} | {Households:#,0} | {Members:#,0} | {(double.IsNaN(GeneratorHouseholdsPerSecond) ? "files written earlier" : $"{GeneratorHouseholdsPerSecond:#,0} households/s to CSV")} |");
        sb.AppendLine();
        sb.AppendLine("| scenario | figure | value | limit | ratio | goal | pass |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var f in Figures)
            sb.AppendLine(inv, $"| {f.Scenario} | {f.Name} | {Figure.Format(f.Value, f.Unit)} | {f.LimitName}: {Figure.Format(f.Limit, f.Unit)} | {f.Ratio:0.###} | {f.GoalText} | {(f.Pass ? "yes" : "**no**")} |");
        if (Notes.Count > 0)
        {
            sb.AppendLine();
            foreach (var n in Notes) sb.AppendLine(inv, $"- {n}");
        }
        return sb.ToString();
    }
}
