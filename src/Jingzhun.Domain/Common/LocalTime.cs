using System.Globalization;

namespace Jingzhun.Domain.Common;

/// <summary>
/// The one time zone every page, file and message shows times in. The database keeps UTC; a person reads local time:
/// Asia/Shanghai unless the host's setting <c>time-zone</c> names another. China has kept UTC+8 without daylight saving
/// since 1991, so where a machine has no zone database the fixed offset is the same clock.
/// </summary>
public static class LocalTime
{
    public const string DefaultZoneId = "Asia/Shanghai";

    public static TimeZoneInfo Zone { get; private set; } = Find(DefaultZoneId);

    /// <summary>Set once at start-up from the host's settings; an unknown name is refused rather than silently ignored.</summary>
    public static void Use(string? zoneId)
    {
        if (string.IsNullOrWhiteSpace(zoneId)) return;
        Zone = Find(zoneId.Trim());
    }

    /// <summary>The local wall-clock time of a stored instant (a stored value without a kind is UTC: the system writes only UTC).</summary>
    public static DateTime Of(DateTime utc) => utc.Kind == DateTimeKind.Local
        ? TimeZoneInfo.ConvertTime(utc, Zone)
        : TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>"2026-12-03 14:05", local.</summary>
    public static string Minute(DateTime utc) => Of(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"2026-12-03 14:05:09", local (audit lists, where seconds tell entries apart).</summary>
    public static string Second(DateTime utc) => Of(utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>"2026-12-03", the local day of an instant.</summary>
    public static string Day(DateTime utc) => Of(utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The local calendar day of an instant (the day a deadline or a notice ends on, as people count it).</summary>
    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(Of(utc));

    private static TimeZoneInfo Find(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) when (id == DefaultZoneId)
        {
            return TimeZoneInfo.CreateCustomTimeZone(DefaultZoneId, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
