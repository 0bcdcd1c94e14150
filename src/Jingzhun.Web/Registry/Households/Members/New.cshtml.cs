using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Jingzhun.Data.Registry;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Registry.Households.Members;

/// <summary>Adds a member to a household.</summary>
public sealed class NewModel(JingzhunDbContext db, Lang lang) : MemberFormPage(db, lang)
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadHouseholdAsync(id, ct)) return NotFound();
        if (!MayChange) return Forbid();
        Member = new MemberForm { Relation = Relation.Spouse };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!await LoadHouseholdAsync(id, ct)) return NotFound();
        if (!ModelState.IsValid) return Redisplay();
        var result = await RegistryEditing.AddMemberAsync(Db, id, Member, ct);
        if (result.Outcome == EditOutcome.NotFound) return NotFound();
        if (result.Outcome == EditOutcome.Saved) return Redirect($"/households/{id}#members");
        ShowErrors(result.Errors);
        return Redisplay();
    }
}
