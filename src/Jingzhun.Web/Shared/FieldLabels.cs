using Jingzhun.Data.Audit;

namespace Jingzhun.Web.Shared;

/// <summary>
/// Chinese and English names of fields, for the change log (whose entries carry code names): the registry's from their
/// descriptions, every other audited field from <see cref="AuditLabels"/>.
/// </summary>
public static class FieldLabels
{
    /// <summary>The field's name in the reader's language ("其他字段" / its words for a field no table names yet).</summary>
    public static string Of(string? field, bool english) => AuditLabels.Field(field).In(english);
}
