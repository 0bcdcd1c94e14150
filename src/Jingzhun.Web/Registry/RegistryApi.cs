using Jingzhun.Data.Database;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using System.ComponentModel.DataAnnotations;
using Jingzhun.Data.Registry;

namespace Jingzhun.Web.Registry;

/// <summary>The registry's JSON API. Scope is not checked here: the data context filters and guards every row.</summary>
public static class RegistryApi
{
    public static void MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/households").WithTags("Registry 建档立卡");
        api.MapGet("/", Search).WithSummary("Search the registry 查询建档立卡户");
        api.MapGet("/{id:long}", Get).WithSummary("One household with members, incomes and status history");
        api.MapGet("/{id:long}/history", History).WithSummary("Change history of a household");
        api.MapPost("/", Create).WithSummary("Register a household with its members");
        api.MapPut("/{id:long}", Update).WithSummary("Change a household (send the version you read)");
        api.MapPost("/{id:long}/members", AddMember).WithSummary("Add a member");
        api.MapPut("/{id:long}/members/{memberId:long}", UpdateMember).WithSummary("Change a member (send the version you read)");
        api.MapPut("/{id:long}/incomes/{year:int}", SetIncome).WithSummary("Set one year's income");
    }

    public sealed record CreateRequest(HouseholdForm Household, [property: MaxLength(50)] List<MemberForm> Members, [property: TextLimit(500, Lines = true)] string? Reason);

    public sealed record UpdateRequest(HouseholdForm Household, [property: TextLimit(500, Lines = true)] string? Reason);

    private static async Task<Results<Ok<SearchPage<HouseholdRow>>, ProblemHttpResult>> Search(JingzhunDbContext db, Lang lang, string? name, string? residentId,
        string? region, HouseholdStatus? status, PovertyCause? cause, string? number, bool? mine, int? page, int? pageSize, CancellationToken ct)
    {
        var criteria = new RegistryCriteria
        {
            Name = name, ResidentId = residentId, Region = region, Status = status, Cause = cause, Number = number, OnlyPaired = mine == true,
            Page = page ?? 1, PageSize = pageSize ?? 20,
        };
        // A number or ID fragment under the minimum is answered 400 with the reason, not searched.
        if (criteria.Problem is { } problem) return TypedResults.Problem(title: lang.T(problem), statusCode: StatusCodes.Status400BadRequest);
        return TypedResults.Ok(await RegistrySearch.SearchAsync(db, criteria, ct));
    }

    private static async Task<Results<Ok<HouseholdDetail>, NotFound>> Get(JingzhunDbContext db, long id, CancellationToken ct) =>
        await DetailAsync(db, id, ct) is { } detail ? TypedResults.Ok(detail) : TypedResults.NotFound();

    /// <summary>
    /// A household as the API answers it, after a read and after a save alike: its region path filled in and its
    /// personal data shown as this reader may see it.
    /// </summary>
    private static async Task<HouseholdDetail?> DetailAsync(JingzhunDbContext db, long id, CancellationToken ct)
    {
        var household = await RegistrySearch.LoadAsync(db, id, ct: ct);
        if (household is null) return null;
        var path = await RegistrySearch.RegionPathAsync(db, household.VillageCode, ct);
        return HouseholdDetail.From(household, path, await PersonalDataView.ForAsync(db, id, ct));
    }

    private static async Task<Results<Ok<List<AuditEntryView>>, NotFound>> History(JingzhunDbContext db, long id, CancellationToken ct)
    {
        if (!await db.Households.AnyAsync(h => h.Id == id, ct)) return TypedResults.NotFound();
        var entries = await Data.Audit.AuditSearch.HouseholdHistoryAsync(db, id, 500, ct);
        return TypedResults.Ok(entries.Select(AuditEntryView.From).ToList());
    }

    private static async Task<Results<Created<HouseholdDetail>, ValidationProblem>> Create(JingzhunDbContext db, Lang lang,
        TimeProvider clock, CreateRequest request, CancellationToken ct)
    {
        var result = await RegistryEditing.CreateAsync(db, request.Household, request.Members ?? [], request.Reason ?? "新增建档立卡户",
            clock.GetUtcNow().UtcDateTime, ct);
        if (result.Outcome == EditOutcome.Invalid) return Problem(result.Errors, lang);
        var id = result.Value!.Id;
        return TypedResults.Created($"/api/households/{id}", (await DetailAsync(db, id, ct))!);
    }

    private static async Task<Results<Ok<HouseholdDetail>, NotFound, ValidationProblem>> Update(JingzhunDbContext db, Lang lang,
        long id, UpdateRequest request, CancellationToken ct)
    {
        var result = await RegistryEditing.UpdateAsync(db, id, request.Household, request.Reason ?? "修改户信息", ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Ok((await DetailAsync(db, id, ct))!),
        };
    }

    private static async Task<Results<Created<MemberView>, NotFound, ValidationProblem>> AddMember(JingzhunDbContext db, Lang lang,
        long id, MemberForm member, CancellationToken ct)
    {
        var result = await RegistryEditing.AddMemberAsync(db, id, member, ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Created($"/api/households/{id}", MemberView.From(result.Value!)),
        };
    }

    private static async Task<Results<Ok<MemberView>, NotFound, ValidationProblem>> UpdateMember(JingzhunDbContext db, Lang lang,
        long id, long memberId, MemberForm member, CancellationToken ct)
    {
        var result = await RegistryEditing.UpdateMemberAsync(db, id, memberId, member, ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Ok(MemberView.From(result.Value!)),
        };
    }

    private static async Task<Results<Ok<IncomeView>, NotFound, ValidationProblem>> SetIncome(JingzhunDbContext db, Lang lang,
        TimeProvider clock, long id, int year, IncomeForm income, CancellationToken ct)
    {
        income.Year = year;
        var result = await RegistryEditing.SetIncomeAsync(db, id, income, clock.GetUtcNow().UtcDateTime, ct);
        return result.Outcome switch
        {
            EditOutcome.NotFound => TypedResults.NotFound(),
            EditOutcome.Invalid => Problem(result.Errors, lang),
            _ => TypedResults.Ok(IncomeView.From(result.Value!)),
        };
    }

    private static ValidationProblem Problem(IEnumerable<FieldError> errors, Lang lang) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message(lang.English)).ToArray()),
            title: lang.T("输入有误", "Some fields are not valid"));
}
