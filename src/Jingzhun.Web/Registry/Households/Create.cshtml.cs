using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Jingzhun.Data.Registry;
using Jingzhun.Web.Hosting;
using Jingzhun.Web.Shared;

namespace Jingzhun.Web.Registry.Households;

/// <summary>
/// Registers a household with its head, as 非贫困户 with a number the system gives (village code and
/// sequence); it becomes poor only through an identification case. Invalid input comes back with the
/// messages beside the fields; nothing is written.
/// </summary>
public sealed class CreateModel(JingzhunDbContext db, Lang lang, TimeProvider clock) : HouseholdFormPage(db, lang)
{
    [BindProperty] public MemberForm Head { get; set; } = new() { Relation = Relation.Head };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!new Can(Db.Scope).RegisterHouseholds) return Forbid();
        Household = new HouseholdForm();
        await LoadVillagesAsync(ct);
        if (Villages.Count == 1) Household.VillageCode = Villages[0].Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        CollectPosted();
        RecordBinding.Bind<MemberForm, Member>(Request.Form, nameof(Head), MemberRecord.Editable, Head.Record(), ModelState);
        Head.Relation = Relation.Head;
        Head.State = MemberState.Present;
        if (ModelState.IsValid)
        {
            var reason = string.IsNullOrWhiteSpace(Reason) ? "新增建档立卡户" : Reason.Trim();
            var result = await RegistryEditing.CreateAsync(Db, Household, [Head], reason, clock.GetUtcNow().UtcDateTime, ct);
            if (result.Outcome == EditOutcome.Saved) return Redirect($"/households/{result.Value!.Id}");
            ShowErrors(result.Errors, field => field.StartsWith("Members[0].", StringComparison.Ordinal)
                ? Members.MemberFormPage.ErrorKey(nameof(Head), field["Members[0].".Length..])
                : null);
        }
        await LoadVillagesAsync(ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
