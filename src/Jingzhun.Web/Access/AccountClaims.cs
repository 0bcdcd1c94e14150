using System.Security.Claims;
using Jingzhun.Domain.Access;

namespace Jingzhun.Web.Access;

/// <summary>What the sign-in cookie carries about an account, and the scope that follows from it.</summary>
public static class AccountClaims
{
    public const string RegionClaim = "jingzhun:region";
    /// <summary>Present while the account must choose a new password before doing anything else.</summary>
    public const string MustChangePasswordClaim = "jingzhun:must-change-password";
    /// <summary>The account's session stamp when the session began; a different stamp on the account ends the session.</summary>
    public const string SessionStampClaim = "jingzhun:session-stamp";
    /// <summary>The partner a partner account acts for (Collaboration).</summary>
    public const string PartnerClaim = "jingzhun:partner";

    public static ClaimsPrincipal ToPrincipal(Account account, string scheme)
    {
        List<Claim> claims =
        [
            new Claim(ClaimTypes.NameIdentifier, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, account.UserName),
            new Claim(ClaimTypes.GivenName, account.DisplayName),
            new Claim(ClaimTypes.Role, account.Role.ToString()),
            new Claim(RegionClaim, account.RegionCode),
            new Claim(SessionStampClaim, account.SessionStamp),
        ];
        if (account.PartnerId is { } partner) claims.Add(new Claim(PartnerClaim, partner.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (account.MustChangePassword) claims.Add(new Claim(MustChangePasswordClaim, "1"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The account behind a signed-in principal, or null for an anonymous visitor.</summary>
    public static Account? ToAccount(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var region = user.FindFirstValue(RegionClaim);
        if (region is null || !Enum.TryParse<Role>(user.FindFirstValue(ClaimTypes.Role), out var role)) return null;
        return new Account
        {
            Id = int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : 0,
            UserName = user.Identity.Name ?? "",
            DisplayName = user.FindFirstValue(ClaimTypes.GivenName) ?? "",
            Role = role,
            RegionCode = region,
            PartnerId = long.TryParse(user.FindFirstValue(PartnerClaim), out var partner) ? partner : null,
        };
    }

    /// <summary>The one place where a request's access scope is decided.</summary>
    public static AccessScope ScopeOf(ClaimsPrincipal user) =>
        ToAccount(user) is { } account ? AccessScope.For(account) : AccessScope.None;
}
