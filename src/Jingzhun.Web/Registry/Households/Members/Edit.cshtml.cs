using Jingzhun.Data.Database;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Data.Registry;
using Jingzhun.Web.Hosting;

namespace Jingzhun.Web.Registry.Households.Members;

/// <summary>Changes a member, including its state (how members leave: there is no delete). A stale version is a 409 conflict.</summary>
public sealed class EditModel(JingzhunDbContext db, Lang lang) : MemberFormPage(db, lang)
{
    public long MemberId { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, long memberId, CancellationToken ct)
    {
        if (!await LoadHouseholdAsync(id, ct)) return NotFound();
        var member = await Db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId && m.HouseholdId == id, ct);
        if (member is null) return NotFound();
        if (!MayChange) return Forbid();
        MemberId = memberId;
        Member = MemberForm.From(member);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long memberId, CancellationToken ct)
    {
        if (!await LoadHouseholdAsync(id, ct)) return NotFound();
        MemberId = memberId;
        if (!ModelState.IsValid) return Redisplay();
        try
        {
            var result = await RegistryEditing.UpdateMemberAsync(Db, id, memberId, Member, ct);
            if (result.Outcome == EditOutcome.NotFound) return NotFound();
            if (result.Outcome == EditOutcome.Saved) return Redirect($"/households/{id}#members");
            ShowErrors(result.Errors);
        }
        catch (DbUpdateConcurrencyException)
        {
            Conflict = true;
        }
        return Redisplay();
    }
}
