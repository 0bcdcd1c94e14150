using System.Collections.Concurrent;

namespace Jingzhun.Domain.Common;

/// <summary>
/// Whether an enumeration value is one of its set: a defined value, or for a [Flags] enumeration any
/// combination of defined bits. JSON and casts let any integer through; nothing outside the set is stored.
/// </summary>
public static class EnumValues
{
    private static readonly ConcurrentDictionary<Type, ulong> FlagBits = new();

    public static bool IsKnown(Enum value)
    {
        var type = value.GetType();
        if (!type.IsDefined(typeof(FlagsAttribute), false)) return Enum.IsDefined(type, value);
        var all = FlagBits.GetOrAdd(type, static t => Enum.GetValues(t).Cast<Enum>().Aggregate(0UL, (bits, v) => bits | Bits(v)));
        return (Bits(value) & ~all) == 0;
    }

    /// <summary>The value's bits; a negative value of a signed enumeration has its high bits set, never in a flags set.</summary>
    private static ulong Bits(Enum value) =>
        Type.GetTypeCode(value.GetType()) == TypeCode.UInt64 ? Convert.ToUInt64(value, null) : unchecked((ulong)Convert.ToInt64(value, null));
}
