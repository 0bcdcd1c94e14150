using System.Collections.Concurrent;
using System.Reflection;

namespace Jingzhun.Domain.Common;

/// <summary>Looks up the bilingual labels of enumeration values and parses either label back.</summary>
public static class Labels
{
    private static readonly ConcurrentDictionary<Enum, LabelAttribute> Cache = new();

    public static string Chinese(this Enum value) => Of(value).Chinese;

    public static string English(this Enum value) => Of(value).English;

    /// <summary>The value's name in both languages.</summary>
    public static Bilingual Text(this Enum value) => Of(value).Text;

    public static string Label(this Enum value, bool english) => value.Text().In(english);

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
        // The first value in declaration order whose Chinese label, English label or code name matches.
        var chinese = Spellings<T>.Chinese.TryGetValue(t, out var a) ? a : int.MaxValue;
        var other = Spellings<T>.Other.TryGetValue(t, out var b) ? b : int.MaxValue;
        var index = Math.Min(chinese, other);
        if (index == int.MaxValue) return false;
        value = Spellings<T>.Values[index];
        return true;
    }

    /// <summary>The spellings of one enumeration, built once: importers parse millions of cells.</summary>
    private static class Spellings<T> where T : struct, Enum
    {
        public static readonly T[] Values = Enum.GetValues<T>();
        public static readonly Dictionary<string, int> Chinese = Build(v => [Of(v).Chinese], StringComparer.Ordinal);
        public static readonly Dictionary<string, int> Other = Build(v => [Of(v).English, v.ToString()], StringComparer.OrdinalIgnoreCase);

        private static Dictionary<string, int> Build(Func<T, string[]> spellings, StringComparer comparer)
        {
            var map = new Dictionary<string, int>(comparer);
            for (var i = 0; i < Values.Length; i++)
                foreach (var s in spellings(Values[i]))
                    map.TryAdd(s, i);
            return map;
        }
    }

    /// <summary>The accepted spellings of an enumeration, for error messages.</summary>
    public static string Choices<T>() where T : struct, Enum =>
        string.Join(" / ", Enum.GetValues<T>().Select(v => Of(v).Chinese));
}
