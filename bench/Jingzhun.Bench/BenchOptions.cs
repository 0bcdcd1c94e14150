using Jingzhun.Data.Database;

namespace Jingzhun.Bench;

/// <summary>What to run: the provider, the size, and the durations of the timed loops.</summary>
public sealed record BenchOptions
{
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;
    public long Households { get; init; } = 100_000;
    public int Seed { get; init; } = 2014;
    /// <summary>Cities of the synthetic province (about 9 counties each); 12 by default, fewer for quick runs.</summary>
    public int Cities { get; init; } = 12;
    /// <summary>A PostgreSQL server (a user that may create databases); each run creates and drops its own databases.</summary>
    public string? PostgresServer { get; init; }
    /// <summary>Where the generated files and SQLite databases go; a fresh temporary folder when null.</summary>
    public string? WorkDirectory { get; init; }
    /// <summary>
    /// Interchange files already written by the same generator with the same options (households.csv beside its .members.csv and
    /// .incomes.csv), so that runs on two engines read one copy; generated into the work folder when null.
    /// </summary>
    public string? RegistryCsv { get; init; }
    public string? OutputMarkdown { get; init; }
    public double LoadSeconds { get; init; } = 10;
    public int LoadConnections { get; init; } = 16;
    public int PageSamples { get; init; } = 20;
    /// <summary>"auto" (wrk when installed, else the .NET client), "wrk" or "dotnet".</summary>
    public string LoadClient { get; init; } = "auto";
    /// <summary>Signed-in users of the write load (g.), each editing a household of its own, and how long it runs.</summary>
    public int WriteUsers { get; init; } = 200;
    public double WriteSeconds { get; init; } = 60;

    /// <summary>
    /// Seconds of the same write load run untimed first: a host at a year-end peak has been saving households all day, and
    /// its save path is compiled; the pages and the what-if are timed warm for the same reason. 0 times a cold host.
    /// </summary>
    public double WriteWarmupSeconds { get; init; } = 10;
    /// <summary>The soak (h.): the write load again for this long, the host's memory at its start and end.</summary>
    public double SoakSeconds { get; init; } = 600;
    /// <summary>Households of the demo county the early-warning figures (f.) are measured on.</summary>
    public int WarningHouseholds { get; init; } = 20_000;
    /// <summary>Run only the early-warning scenario (f.), without the province, the import and the web host.</summary>
    public bool EarlyWarningOnly { get; init; }
    /// <summary>
    /// Keep the work folder and the imported registry afterwards (to look at them, or to run <c>--scenario web</c> on the registry
    /// later); the raw load's and the export's databases are dropped all the same.
    /// </summary>
    public bool Keep { get; init; }
    /// <summary>
    /// Import without the raw bulk load before it, so without figure a.: for a run that needs only the imported registry (the second
    /// half's), when the import's code is that of a run whose a. is recorded. Saves the raw load's time (23–38 minutes at 10 M).
    /// </summary>
    public bool NoRawLoad { get; init; }
    /// <summary>Where the repository is (to find the built command-line tool, web host and load client); found upwards when null.</summary>
    public string? RepositoryRoot { get; init; }
    /// <summary>
    /// "all" (every scenario of issue 6), "feeds" (monitoring: department feed matching, issue 14, alone), "rules" (b. and c. alone on
    /// a bulk-loaded province), "exchange" (the import and the exports alone: a., e., i.), "writes" (the write load and the soak alone, g. and h.,
    /// on a kept registry: <see cref="Database"/>), "lookups" (the household lookups alone, d., on such a registry) or "web" (the rest, b., c., d., g., h., on the
    /// registry an exchange run kept: <see cref="Database"/>). At 10 M households each half of a run takes hours, so it can be split.
    /// </summary>
    public string Scenario { get; init; } = "all";
    /// <summary>The <c>--db</c> value of a registry imported and kept by an earlier exchange run of the same size and seed (for "web", "writes" and "lookups").</summary>
    public string? Database { get; init; }

    /// <summary>The figures <c>--scenario rules</c> takes: "refresh", "what-if" or "both".</summary>
    public string RulesParts { get; init; } = "both";
    /// <summary>Rows of the department feed of the feed-matching scenario.</summary>
    public long FeedRows { get; init; } = 10_000;
    /// <summary>Households of the one county the export figures (i.) write; the web's county export is 20,000.</summary>
    public int ExportHouseholds { get; init; } = 20_000;
    /// <summary>Progress lines (the console runner shows them; tests collect them).</summary>
    public Action<string> Log { get; init; } = _ => { };
}
