using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Registry;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Shared;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Web.Registry.Households.Members;

/// <summary>What the add and edit pages of a member share: the household they belong to and the bound form.</summary>
public abstract class MemberFormPage(JingzhunDbContext db, Lang lang) : PageModel
{
    protected JingzhunDbContext Db => db;

    public long HouseholdId { get; private set; }
    public string HouseholdNumber { get; private set; } = "";
    public bool Conflict { get; protected set; }

    [BindProperty] public MemberForm Member { get; set; } = new();

    /// <summary>After model binding, before the handler: the described fields that <see cref="MemberForm"/> does not declare yet.</summary>
    public override void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context)
    {
        if (HttpMethods.IsPost(Request.Method) && Request.HasFormContentType)
            RecordBinding.Bind<MemberForm, Domain.Registry.Member>(Request.Form, nameof(Member), MemberRecord.Editable, Member.Record(), ModelState);
    }

    /// <summary>Finds the household within the reader's scope; false when it is not there (404).</summary>
    protected async Task<bool> LoadHouseholdAsync(long id, CancellationToken ct)
    {
        var household = await db.Households.AsNoTracking().Where(h => h.Id == id)
            .Select(h => new { h.Id, h.Number, h.VillageCode }).FirstOrDefaultAsync(ct);
        if (household is null) return false;
        HouseholdId = household.Id;
        HouseholdNumber = household.Number;
        // Assistance cadres change only their paired households; the form would show another's personal data in full.
        MayChange = await Pairings.MayChangeAsync(db, household.Id, household.VillageCode, ct);
        return true;
    }

    public bool MayChange { get; private set; }

    protected void ShowErrors(IEnumerable<FieldError> errors) =>
        FormErrors.AddTo(ModelState, errors, lang.English, field => ErrorKey(nameof(Member), field));

    /// <summary>The input an error of a member field goes next to: a property of the form, or a described field it does not declare yet.</summary>
    public static string? ErrorKey(string prefix, string field) =>
        FormErrors.Property<MemberForm>(prefix, field) ?? (MemberRecord.Find(field) is { Editable: true } ? $"{prefix}.{field}" : null);

    protected IActionResult Redisplay()
    {
        Response.StatusCode = Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
