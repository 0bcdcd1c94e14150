namespace Jingzhun.Domain.Common;

/// <summary>A validation failure of one field, with its message in Chinese and English.</summary>
public sealed record FieldError(string Field, string Chinese, string English)
{
    public string Message(bool english) => english ? English : Chinese;

    public override string ToString() => $"{Field}: {Chinese} / {English}";
}
