using System.Text;
using BenchmarkDotNet.Attributes;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;
using Jingzhun.Domain.Statistics;

namespace Jingzhun.Bench.Micro;

/// <summary>Households of the synthetic province, the same for every benchmark.</summary>
internal static class Samples
{
    public static readonly Household[] Households = new ProvinceGenerator(new ProvinceOptions(10_000, Seed: 2014) { Cities = 1 }).Households().ToArray();
    public static readonly string[] ResidentIds = Households.SelectMany(h => h.Members).Select(m => m.ResidentId).Take(10_000).ToArray();
}

[MemoryDiagnoser]
public class ResidentIdBenchmarks
{
    private readonly string[] _ids = Samples.ResidentIds;

    [Benchmark(Description = "ResidentId.TryParse ×10,000 (checksum, birth date, sex)")]
    public int Parse()
    {
        var ok = 0;
        foreach (var id in _ids)
            if (ResidentId.TryParse(id, out _, out _)) ok++;
        return ok;
    }

    [Benchmark(Description = "ResidentId.CheckCharacter ×10,000")]
    public int Checksum()
    {
        var sum = 0;
        foreach (var id in _ids) sum += ResidentId.CheckCharacter(id.AsSpan(0, 17));
        return sum;
    }
}

[MemoryDiagnoser]
public class ExitRuleBenchmarks
{
    private readonly Household[] _households = Samples.Households;
    private readonly RuleSet _rules = PovertyLines.NationalRuleSet(2025);
    private readonly Func<int, RuleSet> _years = PovertyLines.NationalRuleSet;

    [Benchmark(Description = "HouseholdRules.EvaluateExit ×10,000 households (with trace)")]
    public int EvaluateExit()
    {
        var passed = 0;
        foreach (var h in _households)
            if (HouseholdRules.EvaluateExit(h, _rules, _years).Passed) passed++;
        return passed;
    }
}

[MemoryDiagnoser]
public class PovertyMeasureBenchmarks
{
    private IncomeObservation[] _incomes = [];
    private DeprivationProfile[] _profiles = [];

    [Params(100_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _incomes = Enumerable.Range(0, Size).Select(_ => new IncomeObservation(1_000 + rng.NextDouble() * 12_000, rng.Next(1, 7))).ToArray();
        var n = AlkireFoster.GuaranteeIndicators.Count;
        _profiles = Enumerable.Range(0, Size)
            .Select(_ => new DeprivationProfile(Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.15).ToArray(), rng.Next(1, 7), $"g{rng.Next(10)}"))
            .ToArray();
    }

    [Benchmark(Description = "FGT P0, P1, P2 and Watts (Summarize)")]
    public PovertySummary Fgt() => PovertyMeasures.Summarize(_incomes, 4_000);

    [Benchmark(Description = "Alkire–Foster H, A, M0 with decompositions (k = 0.4)")]
    public double AlkireFosterM0() => AlkireFoster.Measure(AlkireFoster.GuaranteeIndicators, _profiles, 0.4).M0;
}

[MemoryDiagnoser]
public class CsvRowBenchmarks
{
    private readonly Household[] _households = Samples.Households.Take(1_000).ToArray();
    private readonly StringBuilder _buffer = new(512);
    private string[] _lines = [];

    [GlobalSetup]
    public void Setup() => _lines = _households.Select(h => RegistryCsvWriter.FormatLine(new StringBuilder(), RegistryTables.HouseholdColumns, h)).ToArray();

    [Benchmark(Description = "household CSV row: format ×1,000")]
    public int Format()
    {
        var length = 0;
        foreach (var h in _households) length += RegistryCsvWriter.FormatLine(_buffer, RegistryTables.HouseholdColumns, h).Length;
        return length;
    }

    [Benchmark(Description = "household CSV row: parse cells ×1,000 (column codecs)")]
    public int Parse()
    {
        var errors = 0;
        var columns = RegistryTables.HouseholdColumns;
        foreach (var line in _lines)
        {
            var household = new Household { Number = "", VillageCode = "" };
            var cells = line.AsSpan().TrimEnd("\r\n");
            var i = 0;
            foreach (var range in cells.Split(','))
            {
                if (columns[i++].Read(household, cells[range].ToString()) is not null) errors++;
            }
        }
        return errors;
    }
}
