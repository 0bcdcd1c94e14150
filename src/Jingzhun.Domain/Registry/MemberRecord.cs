using Jingzhun.Domain.Common;
using F = Jingzhun.Domain.Common.RecordFields<Jingzhun.Domain.Registry.Member>;

namespace Jingzhun.Domain.Registry;

/// <summary>
/// The fields of a member, described once (<see cref="RecordField{TRecord}"/>), in the column order of the exchange files.
/// To add a field: a property on <see cref="Member"/>, a line here and a migration.
/// </summary>
public static class MemberRecord
{
    public static readonly RecordField<Member, string> Name =
        F.Text(nameof(Member.Name), "姓名", "Name", m => m.Name, (m, v) => m.Name = v, 50);
    /// <summary>Setting it sets the birth date and sex that follow from it, when it reads.</summary>
    public static readonly RecordField<Member, string> ResidentId =
        F.Text(nameof(Member.ResidentId), "身份证号", "Resident ID", m => m.ResidentId, SetResidentId, 18) with { Personal = true, Input = InputHint.Code };
    public static readonly RecordField<Member, Sex> Sex =
        F.Choice(nameof(Member.Sex), "性别", "Sex", m => m.Sex, (m, v) => m.Sex = v) with { Origin = FieldOrigin.Derived, Header = null };
    public static readonly RecordField<Member, DateOnly> BirthDate =
        F.Date(nameof(Member.BirthDate), "出生日期", "Birth date", m => m.BirthDate, (m, v) => m.BirthDate = v) with { Origin = FieldOrigin.Derived };
    public static readonly RecordField<Member, Relation> Relation =
        F.Choice(nameof(Member.Relation), "与户主关系", "Relation", m => m.Relation, (m, v) => m.Relation = v) with { FormEnglish = "Relation to head" };
    public static readonly RecordField<Member, string> Ethnicity =
        F.Text(nameof(Member.Ethnicity), "民族", "Ethnicity", m => m.Ethnicity, (m, v) => m.Ethnicity = v, 20) with { TextChoices = Ethnicities.All };
    public static readonly RecordField<Member, Education> Education =
        F.Choice(nameof(Member.Education), "文化程度", "Education", m => m.Education, (m, v) => m.Education = v);
    public static readonly RecordField<Member, SchoolingStatus> Schooling =
        F.Choice(nameof(Member.Schooling), "在校生状况", "Schooling", m => m.Schooling, (m, v) => m.Schooling = v);
    public static readonly RecordField<Member, HealthStatus> Health =
        F.Choice(nameof(Member.Health), "健康状况", "Health", m => m.Health, (m, v) => m.Health = v) with { Personal = true };
    public static readonly RecordField<Member, DisabilityGrade> DisabilityGrade =
        F.Choice(nameof(Member.DisabilityGrade), "残疾等级", "Disability grade", m => m.DisabilityGrade, (m, v) => m.DisabilityGrade = v) with { Personal = true };
    public static readonly RecordField<Member, LabourCapacity> Labour =
        F.Choice(nameof(Member.Labour), "劳动技能", "Labour capacity", m => m.Labour, (m, v) => m.Labour = v);
    public static readonly RecordField<Member, string> MigrantWorkPlace =
        F.Text(nameof(Member.MigrantWorkPlace), "务工地点", "Migrant work place", m => m.MigrantWorkPlace, (m, v) => m.MigrantWorkPlace = v, 100);
    public static readonly RecordField<Member, int> MigrantWorkMonths =
        F.Integer(nameof(Member.MigrantWorkMonths), "务工时间", "Months of migrant work", m => m.MigrantWorkMonths, (m, v) => m.MigrantWorkMonths = v, 0, 12)
            with { Unit = FieldUnit.Months, FormChinese = "务工时间（月）", FormEnglish = "Months of migrant work" };
    public static readonly RecordField<Member, bool> HasMedicalInsurance =
        F.YesNo(nameof(Member.HasMedicalInsurance), "基本医疗保险", "Medical insurance", m => m.HasMedicalInsurance, (m, v) => m.HasMedicalInsurance = v)
            with { Header = "医疗保险", FormChinese = "参加城乡居民基本医疗保险", FormEnglish = "Basic medical insurance" };
    public static readonly RecordField<Member, bool> HasPensionInsurance =
        F.YesNo(nameof(Member.HasPensionInsurance), "基本养老保险", "Pension insurance", m => m.HasPensionInsurance, (m, v) => m.HasPensionInsurance = v)
            with { Header = "养老保险", FormChinese = "参加城乡居民基本养老保险", FormEnglish = "Basic pension insurance" };
    public static readonly RecordField<Member, bool> ReceivesDibao =
        F.YesNo(nameof(Member.ReceivesDibao), "享受低保", "Dibao", m => m.ReceivesDibao, (m, v) => m.ReceivesDibao = v)
            with { FormChinese = "享受农村低保", FormEnglish = "Receives dibao" };
    public static readonly RecordField<Member, bool> ReceivesExtremeHardshipSupport =
        F.YesNo(nameof(Member.ReceivesExtremeHardshipSupport), "特困供养", "Extreme-hardship support",
            m => m.ReceivesExtremeHardshipSupport, (m, v) => m.ReceivesExtremeHardshipSupport = v);
    public static readonly RecordField<Member, MemberState> State =
        F.Choice(nameof(Member.State), "成员状态", "Member state", m => m.State, (m, v) => m.State = v);

    /// <summary>Every field, in exchange-column order (sex and birth date are not columns: they follow from the resident ID).</summary>
    public static IReadOnlyList<RecordField<Member>> Fields { get; } =
    [
        Name, ResidentId, Sex, BirthDate, Relation, Ethnicity, Education, Schooling, Health, DisabilityGrade, Labour,
        MigrantWorkPlace, MigrantWorkMonths, HasMedicalInsurance, HasPensionInsurance, ReceivesDibao, ReceivesExtremeHardshipSupport, State,
    ];

    public static IEnumerable<RecordField<Member>> Editable => Fields.Where(f => f.Editable);

    public static RecordField<Member>? Find(string code) => Fields.FirstOrDefault(f => f.Code == code);

    /// <summary>The ID as typed (trimmed, X upper case); birth date and sex follow when it reads as a resident ID.</summary>
    private static void SetResidentId(Member member, string text)
    {
        member.ResidentId = text.Trim().ToUpperInvariant();
        if (Registry.ResidentId.TryParse(member.ResidentId, out var id, out _)) member.SetResidentId(id);
    }
}
