using System.Text.Json.Serialization;

namespace Jingzhun.Domain.Common;

/// <summary>A validation failure of one field, with its message in Chinese and English.</summary>
/// <remarks>The two halves stay fields of their own: answers and files carry them as <c>chinese</c> and <c>english</c>.</remarks>
public sealed record FieldError(string Field, string Chinese, string English)
{
    public FieldError(string field, Bilingual text) : this(field, text.Chinese, text.English) { }

    [JsonIgnore] public Bilingual Text => new(Chinese, English);

    public string Message(bool english) => Text.In(english);

    public override string ToString() => $"{Field}: {Text.Both}";
}
