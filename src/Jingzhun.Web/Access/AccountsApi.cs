using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jingzhun.Web.Access;

/// <summary>
/// Account administration as JSON. The account policy decides here and again in the data layer on save:
/// no administrator rights or a role above the caller's 403, an account outside the caller's region 404.
/// </summary>
public static class AccountsApi
{
    public static void MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/accounts").WithTags("Accounts 账号");
        api.MapGet("/", List).WithSummary("Accounts the caller may manage 可管理的账号");
        api.MapPost("/", Create).WithSummary("Create an account (it must change its password at first sign-in) 新建账号");
        api.MapPost("/{id:int}/disable", Disable).WithSummary("Disable an account; its sessions end at once 停用账号");
        api.MapPost("/{id:int}/enable", Enable).WithSummary("Enable a disabled account 启用账号");
    }

    /// <summary>An account as the API shows it (never its password hash).</summary>
    public sealed record AccountView(int Id, string UserName, string DisplayName, Role Role, string RegionCode, string RegionName,
        bool IsDisabled, bool IsLockedOut, bool MustChangePassword, DateTime CreatedAt, string CreatedBy)
    {
        public static AccountView From(AccountRow r) => new(r.Id, r.UserName, r.DisplayName, r.Role, r.RegionCode, r.RegionName,
            r.IsDisabled, r.IsLockedOut, r.MustChangePassword, r.CreatedAt, r.CreatedBy);

        public static AccountView From(Account a, DateTime now) => new(a.Id, a.UserName, a.DisplayName, a.Role, a.RegionCode, "",
            a.IsDisabled, a.IsLockedOut(now), a.MustChangePassword, a.CreatedAt, a.CreatedBy);
    }

    private static async Task<Results<Ok<List<AccountView>>, ForbidHttpResult>> List(JingzhunDbContext db, TimeProvider clock, Role? role, string? q,
        CancellationToken ct)
    {
        if (!db.Scope.CanAdministerAccounts) return TypedResults.Forbid();
        var rows = await AccountAdministration.ListAsync(db, role, q, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(rows.Select(AccountView.From).ToList());
    }

    private static async Task<IResult> Create(JingzhunDbContext db, Lang lang, TimeProvider clock, NewAccountForm account, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var result = await AccountAdministration.CreateAsync(db, account, now, ct);
        return result.Outcome == AdminOutcome.Done
            ? TypedResults.Created($"/api/accounts/{result.Account!.Id}", AccountView.From(result.Account, now))
            : Answer(result, lang, now);
    }

    private static async Task<IResult> Disable(JingzhunDbContext db, Lang lang, TimeProvider clock, int id, CancellationToken ct) =>
        Answer(await AccountAdministration.DisableAsync(db, id, ct), lang, clock.GetUtcNow().UtcDateTime);

    private static async Task<IResult> Enable(JingzhunDbContext db, Lang lang, TimeProvider clock, int id, CancellationToken ct) =>
        Answer(await AccountAdministration.EnableAsync(db, id, ct), lang, clock.GetUtcNow().UtcDateTime);

    private static IResult Answer(AdminResult result, Lang lang, DateTime now) => result.Outcome switch
    {
        AdminOutcome.Done => TypedResults.Ok(AccountView.From(result.Account!, now)),
        AdminOutcome.NotFound => TypedResults.NotFound(),
        AdminOutcome.Forbidden => TypedResults.Problem(
            title: lang.T("无权管理该账号", "You may not manage this account"),
            detail: string.Join("; ", result.Errors.Select(e => e.Message(lang.English))),
            statusCode: StatusCodes.Status403Forbidden),
        _ => Problem(result.Errors, lang),
    };

    private static ValidationProblem Problem(IEnumerable<FieldError> errors, Lang lang) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message(lang.English)).ToArray()),
            title: lang.T("输入有误", "Some fields are not valid"));
}
