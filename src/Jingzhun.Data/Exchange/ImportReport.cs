using System.Text.Json.Serialization;
using Jingzhun.Domain.Common;

namespace Jingzhun.Data.Exchange;

/// <summary>
/// One problem in an import file, pointing at the cell as the user sees it: the table (sheet or
/// CSV file), the row number (the header is row 1) and the column header.
/// </summary>
/// <remarks>The message's halves stay columns of their own: the error file has a Chinese and an English column.</remarks>
public sealed record ImportError(string Table, int Row, string Column, string Chinese, string English, string HouseholdNumber = "")
{
    public ImportError(string table, int row, string column, Bilingual text, string householdNumber = "")
        : this(table, row, column, text.Chinese, text.English, householdNumber) { }

    /// <summary>An initial load asked for by an account that may not run one: the whole file is refused (row 0).</summary>
    public static ImportError InitialLoadRefused(string table) =>
        new(table, 0, "", Registry.RegistryStatusRules.InitialLoadRefused());

    [JsonIgnore] public Bilingual Text => new(Chinese, English);

    public string Message => Text.Both;

    public override string ToString() => $"{Table}!{Row} [{Column}] {Message}";
}

public sealed record ImportOptions
{
    /// <summary>Write the valid households and skip (and report) every household with a bad row, instead of rejecting the file.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>
    /// A county's first load of its existing records (<c>--initial-load</c>): households not yet in the registry
    /// are created with their recorded 户编号, status, status year and identified year (history entry
    /// 首次导入 / initial load). Only county officers and above. Without it, an import updates households
    /// already registered and refuses rows of unknown numbers; neither ever changes a status.
    /// </summary>
    public bool InitialLoad { get; init; }

    /// <summary>Households saved per batch; the change tracker is cleared between batches.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>The clock of the import: the age rules' reference date and an initial load's status changes; the web host and the command line pass their own.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

public enum ImportStage
{
    Reading,
    Checking,
    Writing,
}

/// <summary>How far an import has got: rows read while reading, households written while writing.</summary>
public readonly record struct ImportProgress(ImportStage Stage, long Done, long Total);

public sealed class ImportReport
{
    public int HouseholdsCreated { get; set; }
    /// <summary>Existing households of which at least one field, member or income changed.</summary>
    public int HouseholdsUpdated { get; set; }
    /// <summary>Existing households that the file left exactly as they were.</summary>
    public int HouseholdsUnchanged { get; set; }
    public int MembersCreated { get; set; }
    public int MembersUpdated { get; set; }
    public int IncomesCreated { get; set; }
    public int IncomesUpdated { get; set; }
    public List<ImportError> Errors { get; } = [];
    /// <summary>Numbers of the households left out because one of their rows was bad (with <see cref="ImportOptions.SkipInvalid"/>).</summary>
    public List<string> SkippedHouseholds { get; } = [];
    /// <summary>True when the file is a masked export, which is never imported.</summary>
    public bool Masked { get; set; }
    /// <summary>True when the file had errors and nothing was written.</summary>
    public bool Rejected { get; set; }

    /// <summary>A file refused before any row is read (<see cref="ExchangeFiles.Refusal"/>).</summary>
    public static ImportReport Refused(ImportError error)
    {
        var report = new ImportReport { Rejected = true };
        report.Errors.Add(error);
        return report;
    }
}
