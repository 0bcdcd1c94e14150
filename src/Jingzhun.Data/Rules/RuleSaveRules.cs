using Jingzhun.Data.Database;
using Jingzhun.Domain.Rules;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Rules;

/// <summary>A national rule set belongs to the nation; a provincial one to its province.</summary>
internal sealed class RuleSetVersionSaveRules : EntitySaveRules<RuleSetVersion>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).Jurisdiction, null, null);

    /// <summary>A published rule set changes the idle days of every county under it: their kept funds figures are counted again.</summary>
    public override IEnumerable<string> StaleKeptCounties(EntityEntry entry, RowOwner owner) =>
        Row(entry) is { IsDraft: false, Jurisdiction.Length: <= 6 } rules ? [rules.Jurisdiction] : [];
}

/// <summary>A rule's decision on a household belongs to the household's region.</summary>
internal sealed class RuleDecisionSaveRules : EntitySaveRules<RuleDecision>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var d = Row(entry);
        return new RowOwner(d.RegionCode, null, d.HouseholdId);
    }
}
