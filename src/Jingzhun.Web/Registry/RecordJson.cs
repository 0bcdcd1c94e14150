using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Web.Registry;

/// <summary>
/// Carries in the API's JSON the described fields (<see cref="HouseholdRecord"/>, <see cref="MemberRecord"/>) that the
/// form and view types do not declare yet: a field added to a description is read and written by the API at once,
/// under its camel-case code name, instead of being dropped on read and reset to its default on every save. The
/// declared properties, the contract clients know, are left exactly as they are.
/// </summary>
public static class RecordJson
{
    public static void Configure(JsonSerializerOptions options) =>
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(AddDescribedFields);

    private static void AddDescribedFields(JsonTypeInfo info)
    {
        if (info.Type == typeof(HouseholdForm)) Add(info, HouseholdRecord.Editable, (HouseholdForm f) => f.Record(), masked: _ => false);
        else if (info.Type == typeof(MemberForm)) Add(info, MemberRecord.Editable, (MemberForm f) => f.Record(), masked: _ => false);
        else if (info.Type == typeof(HouseholdDetail))
            Add(info, HouseholdRecord.Fields, (HouseholdDetail d) => d.Record, masked: d => d.PersonalDataMasked, readOnly: true);
    }

    private static void Add<TOwner, TRecord>(JsonTypeInfo info, IEnumerable<RecordField<TRecord>> fields, Func<TOwner, TRecord?> record,
        Func<TOwner, bool> masked, bool readOnly = false)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        var declared = info.Properties.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var field in fields.Where(f => !declared.Contains(f.Code)))
        {
            var property = info.CreateJsonPropertyInfo(field.ValueType, info.Options.PropertyNamingPolicy?.ConvertName(field.Code) ?? field.Code);
            // Personal data of a masked household is left out, as the declared masked fields are.
            property.Get = o => record((TOwner)o) is { } r && !(field.Personal && masked((TOwner)o)) ? field.Value(r) : null;
            if (!readOnly) property.Set = (o, v) => { if (v is not null && record((TOwner)o) is { } r) field.SetValue(r, v); };
            info.Properties.Add(property);
        }
    }
}
