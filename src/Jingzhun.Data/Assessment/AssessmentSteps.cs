using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Common;

namespace Jingzhun.Data.Assessment;

/// <summary>The checks every assessment and supervision step starts with: the role table, then the region.</summary>
public static class AssessmentSteps
{
    /// <summary>Refuses (403) an actor whose role is not in <paramref name="roles"/> or whose region does not hold <paramref name="regionCode"/>.</summary>
    public static void Require(JingzhunDbContext db, IReadOnlyCollection<Role> roles, string regionCode, Bilingual what)
    {
        if (db.Scope.IsAdministrator && db.Scope.Role is null) return;
        if (!AssessmentRoles.May(db.Scope.Role, roles) || !db.Scope.MayChange(regionCode))
            throw new WorkflowRefusedException($"{db.Scope.Actor}的角色不能{what.Chinese}", $"{db.Scope.Actor}'s role may not {what.English}", regionCode);
    }

    /// <summary>A bad value in a request: 400 with the message in both languages (no row is written).</summary>
    public static AssessmentInputException Invalid(string chinese, string english) => new(chinese, english);
}

/// <summary>An assessment request with a value that cannot be stored (400).</summary>
public sealed class AssessmentInputException(string chinese, string english) : InvalidOperationException($"{chinese} / {english}")
{
    public Bilingual Text { get; } = new(chinese, english);
}
