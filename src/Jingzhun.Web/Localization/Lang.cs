using System.Globalization;
using Jingzhun.Domain.Common;

namespace Jingzhun.Web.Localization;

/// <summary>
/// The reader's language for this request: Chinese by default, English when the <c>lang</c>
/// cookie says so. Pages write both texts side by side: <c>@L.T("户编号", "Household no.")</c>, and show a text the data
/// layer or the domain wrote in both languages as it is: <c>@L.T(error.Text)</c>.
/// </summary>
public sealed class Lang(IHttpContextAccessor accessor)
{
    public const string CookieName = "lang";

    public bool English { get; } = IsEnglish(accessor.HttpContext);

    public string Code => English ? "en" : "zh";

    public string T(string chinese, string english) => English ? english : chinese;

    /// <summary>The reader's half of a text the data layer or the domain wrote in both languages.</summary>
    public string T(Bilingual text) => text.In(English);

    public string Label(Enum value) => Domain.Common.Labels.Label(value, English);

    /// <summary>A stored (UTC) instant as the reader's local time, to the minute: "2026-12-03 14:05" (see LocalTime).</summary>
    public string Time(DateTime utc) => LocalTime.Minute(utc);
    public string Time(DateTime? utc) => utc is { } t ? LocalTime.Minute(t) : "—";
    /// <summary>To the second (audit entries).</summary>
    public string Second(DateTime utc) => LocalTime.Second(utc);
    /// <summary>The local day of a stored instant: "2026-12-03".</summary>
    public string Day(DateTime utc) => LocalTime.Day(utc);
    public string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    /// <summary>Yes/no in words, never "True"/"False".</summary>
    public string YesNo(bool value) => value ? T("是", "yes") : T("否", "no");

    public static bool IsEnglish(HttpContext? context) =>
        context?.Request.Cookies[CookieName] is "en"
        || (context?.Request.Query.TryGetValue("lang", out var q) == true && q == "en");

    public CultureInfo Culture => English ? CultureInfo.GetCultureInfo("en") : CultureInfo.GetCultureInfo("zh-CN");
}
