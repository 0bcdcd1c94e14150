using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Micro-benchmarks of the hot functions: dotnet run -c Release --project bench/Jingzhun.Bench.Micro -- --filter '*'
// In-process: no generated project is built per benchmark (quicker on a small shared machine, and no second
// restore under central package management). --quick runs BenchmarkDotNet's short job (3 iterations) instead of the default one.
var quick = args.Contains("--quick");
var job = (quick ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
var config = DefaultConfig.Instance.AddJob(job.AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(Jingzhun.Bench.Micro.ResidentIdBenchmarks).Assembly).Run(args.Where(a => a != "--quick").ToArray(), config);
