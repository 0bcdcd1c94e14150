using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Access;

/// <summary>
/// The fields of an account as people type them: a role by its code name, a short alias or its Chinese
/// label, and a phone number (an 11-digit mobile starting with 1, or a landline with its area code).
/// </summary>
public static partial class AccountFields
{
    private static readonly Dictionary<string, Role> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["nation"] = Role.NationalOfficer,
        ["province"] = Role.ProvinceOfficer,
        ["city"] = Role.CityOfficer,
        ["county"] = Role.CountyOfficer,
        ["township"] = Role.TownshipOfficer,
        ["village"] = Role.VillageClerk,
        ["workteam"] = Role.WorkTeamMember,
        ["cadre"] = Role.AssistanceCadre,
        ["assessor"] = Role.Assessor,
        ["auditor"] = Role.Auditor,
        ["admin"] = Role.SystemAdministrator,
        ["partner"] = Role.Partner,
    };

    /// <summary>The role named by <paramref name="text"/>: <c>CountyOfficer</c>, <c>county</c>, <c>县级扶贫干部</c> or <c>County officer</c>.</summary>
    public static bool TryParseRole(string? text, out Role role)
    {
        role = default;
        var t = (text ?? "").Trim();
        if (t.Length == 0) return false;
        if (Aliases.TryGetValue(t, out role)) return true;
        foreach (var r in Enum.GetValues<Role>())
        {
            if (string.Equals(r.ToString(), t, StringComparison.OrdinalIgnoreCase) || r.Chinese() == t
                || string.Equals(r.English(), t, StringComparison.OrdinalIgnoreCase))
            {
                role = r;
                return true;
            }
        }
        return false;
    }

    /// <summary>The bilingual error for a role that is not recognised, listing what is accepted.</summary>
    public static FieldError UnknownRole(string field, string? text) => new(field,
        $"无法识别的角色“{text}”，可填：{string.Join("、", Enum.GetValues<Role>().Select(r => r.Chinese()))}，或 {string.Join(", ", Aliases.Keys)}",
        $"Unknown role \"{text}\"; use a Chinese label, a code name such as CountyOfficer, or one of {string.Join(", ", Aliases.Keys)}");

    /// <summary>Aliases accepted for roles, for help texts.</summary>
    public static IEnumerable<string> RoleAliases => Aliases.Keys;

    /// <summary>
    /// An account's phone follows the same rule as a household's (<see cref="PhoneNumbers"/>): empty, an 11-digit
    /// mobile, or a landline with its area code such as 0851-86812345; give callers <see cref="PhoneNumbers.Normalize"/>'s form.
    /// </summary>
    public static FieldError? CheckPhone(string field, string? phone)
    {
        var p = PhoneNumbers.Normalize(phone);
        if (PhoneNumbers.IsValid(p)) return null;
        return new(field, $"电话“{p}”格式不正确：应为11位手机号，或带区号的固定电话（如0851-86812345）",
            $"Phone \"{p}\" is not valid: an 11-digit mobile number, or a landline with its area code (e.g. 0851-86812345)");
    }
}
