using Jingzhun.Domain.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Shared;

/// <summary>Puts the registry's bilingual field errors into the page's model state, next to their inputs.</summary>
public static class FormErrors
{
    /// <summary>
    /// Adds each error under the form key that <paramref name="map"/> gives its field; errors whose field
    /// has no input on the form go to the summary only (key "").
    /// </summary>
    public static void AddTo(ModelStateDictionary modelState, IEnumerable<FieldError> errors, bool english, Func<string, string?> map)
    {
        foreach (var error in errors) modelState.AddModelError(map(error.Field) ?? "", error.Message(english));
    }

    /// <summary>Maps a field of a form class to "prefix.Field" when the class has such a property.</summary>
    public static string? Property<TForm>(string prefix, string field) =>
        typeof(TForm).GetProperty(field) is not null ? $"{prefix}.{field}" : null;
}

/// <summary>
/// Model binding as the registry forms need it: an empty text box is an empty string, not null and not
/// "required"; messages for unreadable values come in both languages.
/// </summary>
public static class FormBinding
{
    /// <summary>The binder's messages carry both languages: it has no reader's language. Described fields bound by hand say the same.</summary>
    public const string Required = "不能为空 / A value is required";

    public static string NotValid(object? value) => $"“{value}”格式不正确 / “{value}” is not a valid value";

    public static void Configure(Microsoft.AspNetCore.Mvc.MvcOptions o)
    {
        o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        o.ModelMetadataDetailsProviders.Add(new EmptyStringsStayEmpty());
        var m = o.ModelBindingMessageProvider;
        m.SetAttemptedValueIsInvalidAccessor((value, _) => NotValid(value));
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(NotValid);
        m.SetUnknownValueIsInvalidAccessor(_ => "格式不正确 / Not a valid value");
        m.SetValueIsInvalidAccessor(NotValid);
        m.SetValueMustBeANumberAccessor(_ => "请输入数字 / Enter a number");
        m.SetValueMustNotBeNullAccessor(_ => Required);
        m.SetMissingBindRequiredValueAccessor(_ => Required);
        m.SetMissingKeyOrValueAccessor(() => Required);
        m.SetMissingRequestBodyRequiredValueAccessor(() => Required);
    }

    private sealed class EmptyStringsStayEmpty : IDisplayMetadataProvider
    {
        public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
        {
            if (context.Key.ModelType == typeof(string)) context.DisplayMetadata.ConvertEmptyStringToNull = false;
        }
    }
}
