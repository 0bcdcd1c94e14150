using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Data.Registry;

/// <summary>
/// Precise identification and exit: a household's status (and its status year and identified year)
/// changes only as the outcome of its case (<see cref="Workflows.CaseWorkflow"/>), or once, when a
/// county's existing records are moved in (<c>households import --initial-load</c>). Forms, the API
/// and ordinary imports may repeat the current values, never change them; 户编号 is given by the
/// system and never changes. The messages are shared so every route refuses in the same words.
/// </summary>
public static class RegistryStatusRules
{
    public static FieldError StatusRefused() => new(nameof(Household.Status),
        "户状态只能通过识别、退出或回头看程序改变", "a household's status changes only through identification, exit or look-back");

    public static FieldError StatusYearRefused() => new(nameof(Household.StatusYear),
        "状态年度随识别、退出或回头看程序的结果改变，不能直接修改", "the status year changes only with the outcome of identification, exit or look-back");

    public static FieldError IdentifiedYearRefused() => new(nameof(Household.IdentifiedYear),
        "识别年度由识别程序确定，不能直接修改", "the identified year is set by the identification case");

    public static FieldError MonitoringRefused() => new(nameof(Household.Monitoring),
        "监测类型只能通过监测认定程序改变", "the monitoring type changes only through monitoring recognition");

    public static FieldError NumberGiven() => new(nameof(Household.Number),
        "户编号由系统编排（村代码加4位序号），不能填写", "household numbers are given by the system (village code and a 4-digit sequence)");

    public static FieldError NumberFixed() => new(nameof(Household.Number),
        "户编号一经编排不能修改", "a household's number never changes");

    /// <summary>
    /// A number the import cannot update: not registered, or registered outside the actor's region. The two read the same,
    /// so that an import cannot be used to learn which numbers exist elsewhere.
    /// </summary>
    public static Bilingual UnknownHousehold(string number) => new(
        $"户编号{number}不在您的辖区内或尚未登记：新户请在“新增建档立卡户”页面登记（县的首次导入用 --initial-load）",
        $"household {number} is not in your region or not registered: register new households on the “Register a household” page (a county's first load: --initial-load)");

    /// <summary>Members or incomes of a number that is neither in the file nor registered within the actor's region (read the same either way).</summary>
    public static Bilingual UnknownHouseholdOfRow(string number) => new(
        $"户编号{number}不在文件中，也不在您的辖区内或尚未登记", $"household {number} is not in the file, and not in your region or not registered");

    /// <summary>
    /// In an initial load, a new household's number that is already taken outside the actor's region. The number cannot
    /// be created; the message asks for a number of the region rather than saying where the number is.
    /// </summary>
    public static Bilingual NumberUnavailable(string number) => new(
        $"户编号{number}不能用于本辖区的新户：请使用本辖区的户编号（村代码加4位序号）",
        $"household number {number} cannot be used for a new household of your region: use a number of your region (village code and a 4-digit sequence)");

    public static Bilingual InitialLoadRefused() => new(
        "首次导入只能由县级及以上扶贫干部或系统管理员执行",
        "only county officers and above, or system administrators, may run an initial load");

    public const string InitialLoadReason = "首次导入 / initial load";

    /// <summary>Moving a county's existing records in: county officers and above, system administrators and the operator (system scope).</summary>
    public static bool MayInitialLoad(AccessScope scope) =>
        scope.CanWrite && !scope.WritesAssignedOnly
        && (scope.IsAdministrator || scope.Role?.OfficerLevel() is { } level && level <= RegionLevel.County);

    /// <summary>The system's number for the next household of a village: the village code and a 4-digit sequence.</summary>
    public static string NumberFor(string villageCode, int sequence) => $"{villageCode}{sequence:0000}";

    /// <summary>The next free sequence of a village, from the numbers of that shape already given.</summary>
    public static int NextSequence(string villageCode, IEnumerable<string> numbers)
    {
        var max = 0;
        foreach (var n in numbers)
            if (n.Length == villageCode.Length + 4 && n.StartsWith(villageCode, StringComparison.Ordinal)
                && int.TryParse(n.AsSpan(villageCode.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s))
                max = Math.Max(max, s);
        return max + 1;
    }
}
