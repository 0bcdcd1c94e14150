using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Registry;

/// <summary>An assignment (a cadre's pairing, an assessor's sample) is household data of its household's village.</summary>
internal sealed class HouseholdAssignmentSaveRules : HouseholdRowSaveRules<HouseholdAssignment>
{
    protected override (Household? Household, long Id) HouseholdOf(HouseholdAssignment row) => (row.Household, row.HouseholdId);

    public override string Key(EntityEntry entry)
    {
        var a = Row(entry);
        return $"{a.Kind}:{a.AccountId}";
    }
}
