using System.Collections.Concurrent;
using System.Reflection;

namespace Jingzhun.Domain.Common;

/// <summary>Looks up the bilingual labels of enumeration values and parses either label back.</summary>
public static class Labels
{
    private static readonly ConcurrentDictionary<Enum, LabelAttribute> Cache = new();

    public static string Chinese(this Enum value) => Of(value).Chinese;

    public static string English(this Enum value) => Of(value).English;

    public static string Label(this Enum value, bool english) => english ? value.English() : value.Chinese();

    public static LabelAttribute Of(Enum value) => Cache.GetOrAdd(value, static v =>
    {
        var field = v.GetType().GetField(v.ToString(), BindingFlags.Public | BindingFlags.Static);
        return field?.GetCustomAttribute<LabelAttribute>()
            ?? throw new InvalidOperationException($"{v.GetType().Name}.{v} has no [Label]");
    });

    /// <summary>All defined values of an enumeration, in declaration order.</summary>
    public static IReadOnlyList<T> All<T>() where T : struct, Enum => Enum.GetValues<T>();

    /// <summary>Parses a Chinese label, an English label or the code name (case-insensitive).</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        foreach (var candidate in Enum.GetValues<T>())
        {
            var label = Of(candidate);
            if (t == label.Chinese
                || string.Equals(t, label.English, StringComparison.OrdinalIgnoreCase)
                || string.Equals(t, candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        return false;
    }

    /// <summary>The accepted spellings of an enumeration, for error messages.</summary>
    public static string Choices<T>() where T : struct, Enum =>
        string.Join(" / ", Enum.GetValues<T>().Select(v => Of(v).Chinese));
}
