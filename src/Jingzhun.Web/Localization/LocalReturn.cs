namespace Jingzhun.Web.Localization;

/// <summary>
/// Where a language switch returns to: a path of this site only (<c>Url.IsLocalUrl</c> semantics, stricter), else the home page.
/// Refused: anything not starting with one "/" ("//evil", "http://…", "evil"), "/\evil" (which browsers read as "//evil"),
/// any backslash, and any control character or whitespace (browsers drop tabs and newlines, so "/\t/evil" is "//evil",
/// and CR/LF would split the Location header). The value arrives URL-decoded once, so "%2F%2Fevil" is "//evil" here.
/// </summary>
public static class LocalReturn
{
    public static string OrHome(string? returnUrl) => IsLocal(returnUrl) ? returnUrl! : "/";

    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/') return false;
        if (url.Length > 1 && url[1] is '/' or '\\') return false;
        foreach (var c in url)
            if (c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c)) return false;
        return true;
    }
}
