using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Web.Shared;

/// <summary>
/// Chinese and English names of registry fields, for the change log (whose entries carry code names): households'
/// and members' from their descriptions (<see cref="HouseholdRecord"/>, <see cref="MemberRecord"/>), incomes' here.
/// </summary>
public static class FieldLabels
{
    private static readonly Dictionary<string, Bilingual> Incomes = new()
    {
        ["Year"] = new("年度", "Year"), ["MembersCounted"] = new("计算人数", "Members counted"), ["Wages"] = new("工资性收入", "Wages"),
        ["ProductionIncome"] = new("生产经营性收入", "Production income"), ["PropertyIncome"] = new("财产性收入", "Property income"),
        ["Pension"] = new("养老金", "Pension"), ["DibaoAllowance"] = new("低保金", "Dibao allowance"),
        ["ExtremeHardshipAllowance"] = new("特困供养金", "Extreme-hardship allowance"), ["EcologicalCompensation"] = new("生态补偿金", "Ecological compensation"),
        ["OtherTransfers"] = new("其他转移性收入", "Other transfers"), ["ProductionCosts"] = new("生产经营性支出", "Production costs"),
    };

    /// <summary>The field's name in the reader's language, or the code name when it is not a known field.</summary>
    public static string Of(string? field, bool english)
    {
        if (field is null) return "";
        if (HouseholdRecord.Find(field) is { } h) return h.Label(english);
        if (MemberRecord.Find(field) is { } m) return m.Label(english);
        return Incomes.TryGetValue(field, out var n) ? n.In(english) : field;
    }
}
