using Jingzhun.Domain.Exit;

namespace Jingzhun.Domain.Statistics;

/// <summary>
/// A county whose live statistics no longer match its registry: written in the same transaction as the change
/// (from the web, the command line or an import alike) and removed when the county has been recounted.
/// A mark, not a record: it carries nothing a reviewer could ask for.
/// </summary>
public sealed class StaleCounty
{
    /// <summary>The 6-digit county code.</summary>
    public string CountyCode { get; set; } = "";

    /// <summary>The latest change; a recount that started before it leaves the mark in place.</summary>
    public DateTime MarkedAt { get; set; }
}
