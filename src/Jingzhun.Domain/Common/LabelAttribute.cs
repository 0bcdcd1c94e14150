namespace Jingzhun.Domain.Common;

/// <summary>The Chinese and English names of an enumeration value, shown in pages, exports and reports.</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class LabelAttribute(string chinese, string english) : Attribute
{
    public string Chinese { get; } = chinese;
    public string English { get; } = english;

    public Bilingual Text => new(Chinese, English);
}
