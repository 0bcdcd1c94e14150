using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Funds;

namespace Jingzhun.Data.Funds;

/// <summary>The role check every funds step runs first (<see cref="FundRoles"/>): 403 with the step's name in both languages.</summary>
internal static class FundSteps
{
    public static void Require(JingzhunDbContext db, IReadOnlyCollection<Role> roles, string regionCode, Bilingual what)
    {
        if (db.Scope.IsAdministrator && db.Scope.Role is null) return;
        if (!FundRoles.May(db.Scope.Role, roles) || !db.Scope.MayChange(regionCode) || db.Scope.WritesAssignedOnly)
            throw new WorkflowRefusedException($"{db.Scope.Actor}的角色不能{what.Chinese}", $"{db.Scope.Actor}'s role may not {what.English}", regionCode);
    }

    /// <summary>A bad value in a request: 400 with the message in both languages (no row is written).</summary>
    public static FundInputException Invalid(string chinese, string english) => new(chinese, english);
}

/// <summary>A funds request with a value that cannot be stored (400).</summary>
public sealed class FundInputException(string chinese, string english) : InvalidOperationException($"{chinese} / {english}")
{
    public Bilingual Text { get; } = new(chinese, english);
}
