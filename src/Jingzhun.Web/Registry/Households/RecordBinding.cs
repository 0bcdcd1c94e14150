using Jingzhun.Domain.Common;
using Jingzhun.Web.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Jingzhun.Web.Registry.Households;

/// <summary>
/// Binds from a posted form the described fields that the form class has no property for yet (a field just added to
/// a description), onto the form's record: the pages render every described field (<see cref="RecordInputs"/>), so
/// they must read every one back, or a save would reset it. Model binding keeps the declared properties.
/// </summary>
public static class RecordBinding
{
    public static void Bind<TForm, TRecord>(IFormCollection form, string prefix, IEnumerable<RecordField<TRecord>> fields, TRecord record,
        ModelStateDictionary modelState)
    {
        foreach (var field in fields.Where(f => f.Kind != FieldKind.Flags && typeof(TForm).GetProperty(f.Code) is null))
        {
            var key = $"{prefix}.{field.Code}";
            if (!form.TryGetValue(key, out var values) || values.Count == 0) continue;
            // A checkbox posts "true" before its hidden "false"; any other input posts one value.
            var text = values[0] ?? "";
            modelState.SetModelValue(key, values, text);
            if (text.Length == 0 && field.Kind != FieldKind.Text)
                modelState.AddModelError(key, FormBinding.Required);
            else if (!field.TrySetText(record, text))
                modelState.AddModelError(key, FormBinding.NotValid(text));
            else
                modelState.MarkFieldValid(key); // a value set but never validated would leave the whole form not valid
        }
    }
}
