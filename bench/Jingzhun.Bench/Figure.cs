using System.Globalization;

namespace Jingzhun.Bench;

/// <summary>Which way a ratio must lie to meet its goal.</summary>
public enum GoalKind
{
    AtLeast,
    AtMost,
}

/// <summary>
/// One measured figure: its value, the limit it is compared with (measured in the same run on the
/// same rows, or a fixed ceiling), the ratio value ÷ limit and the goal that ratio must meet.
/// </summary>
public sealed record Figure(string Scenario, string Name, double Value, string Unit, double Limit, string LimitName, GoalKind Kind, double Goal)
{
    public double Ratio => Limit == 0 ? double.NaN : Value / Limit;

    public bool Pass => Kind == GoalKind.AtLeast ? Ratio >= Goal : Ratio <= Goal;

    public string GoalText => (Kind == GoalKind.AtLeast ? "≥ " : "≤ ") + Goal.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Format(double value, string unit) => unit switch
    {
        "s" => value.ToString(value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + " s",
        "ms" => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms",
        "MiB" => value.ToString("0", CultureInfo.InvariantCulture) + " MiB",
        "rows/s" or "req/s" or "households/s" => value.ToString("#,0", CultureInfo.InvariantCulture) + " " + unit,
        _ => value.ToString("0.###", CultureInfo.InvariantCulture) + (unit.Length > 0 ? " " + unit : ""),
    };
}

/// <summary>
/// A run's figures as they are measured, each written to the run's log at once: a run stopped partway (at 10 M a run takes
/// hours) still leaves in its log every figure it measured.
/// </summary>
public sealed class MeasuredFigures(Action<string> log)
{
    private readonly List<Figure> _all = [];

    public IReadOnlyList<Figure> All => _all;

    public void Add(Figure f)
    {
        _all.Add(f);
        log(string.Create(CultureInfo.InvariantCulture,
            $"measured: {f.Scenario}, {f.Name}: {Figure.Format(f.Value, f.Unit)} against {f.LimitName} {Figure.Format(f.Limit, f.Unit)}, ratio {f.Ratio:0.###} (goal {f.GoalText})"));
    }

    public void AddRange(IEnumerable<Figure> figures)
    {
        foreach (var f in figures) Add(f);
    }
}
