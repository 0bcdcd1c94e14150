using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Registry;

/// <summary>
/// The one set of masking rules for personal data shown where not everyone may see it in full:
/// public notices, exports for roles without full access, and the audit log's old and new values.
/// </summary>
public static class Masking
{
    private const char Star = '*';

    /// <summary>Keeps the first 4 and last 4 characters: the province and city, and the sequence and check digit.</summary>
    public static string ResidentId(string id) => Keep(id, 4, 4);

    /// <summary>Keeps the first 3 and last 4 digits of a phone number.</summary>
    public static string Phone(string phone) => Keep(phone, 3, 4);

    /// <summary>Keeps the last 4 digits of a bank account.</summary>
    public static string BankAccount(string account) => Keep(account, 0, 4);

    /// <summary>Health is told only as "has a health condition" outside the household's own file.</summary>
    public static string Health(HealthStatus health, bool english) =>
        (health == HealthStatus.Healthy ? Healthy : ConditionRecorded).In(english);

    private static readonly Bilingual Healthy = new("健康", "Healthy");
    private static readonly Bilingual ConditionRecorded = new("有健康状况记录", "Health condition recorded");

    /// <summary>Masks a value by the name of the field it belongs to; other fields pass through.</summary>
    public static string? Field(string field, string? value) => value is null ? null : field switch
    {
        nameof(Member.ResidentId) => ResidentId(value),
        nameof(Household.Phone) => Phone(value),
        nameof(Household.BankAccount) => BankAccount(value),
        _ => value,
    };

    /// <summary>Fields that hold personal data in the sense of the masking rules.</summary>
    public static IReadOnlySet<string> PersonalFields { get; } =
        new HashSet<string> { nameof(Member.ResidentId), nameof(Household.Phone), nameof(Household.BankAccount), nameof(Member.Health), nameof(Member.DisabilityGrade) };

    private static string Keep(string value, int head, int tail)
    {
        var v = value.Trim();
        if (v.Length == 0) return v;
        if (v.Length <= head + tail) return new string(Star, v.Length);
        return string.Concat(v.AsSpan(0, head), new string(Star, v.Length - head - tail), v.AsSpan(v.Length - tail));
    }
}
