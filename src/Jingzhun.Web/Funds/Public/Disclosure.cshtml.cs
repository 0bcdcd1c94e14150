using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Funds.Public;

/// <summary>
/// One disclosure for everyone, without sign-in, with the objection form (anti-forgery, no sign-in): the objection is recorded
/// through <see cref="PublicFunds"/> and answered with its receipt number; an ended or closed disclosure refuses it (409).
/// </summary>
public sealed class DisclosureModel(DatabaseTarget target, TimeProvider clock, Lang lang) : PageModel
{
    private readonly PublicFunds funds = new(target, clock);

    public PublicDisclosure Disclosure { get; private set; } = null!;
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;
    /// <summary>The objection just recorded: its id is the receipt number.</summary>
    public long? Receipt { get; private set; }
    public string? Problem { get; private set; }
    public string Text { get; private set; } = "";
    public string Contact { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long disclosureId, CancellationToken ct)
    {
        if (await funds.FindAsync(disclosureId, Now, ct) is not { } d) return NotFound();
        Disclosure = d;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long disclosureId, string? text, string? contact, CancellationToken ct)
    {
        if (await funds.FindAsync(disclosureId, Now, ct) is not { } d) return NotFound();
        Disclosure = d;
        Text = text?.Trim() ?? "";
        Contact = contact?.Trim() ?? "";
        if (Text.Length == 0 || Text.Length > DisclosureObjections.MaxText || Contact.Length > DisclosureObjections.MaxContact)
            return Problematic(StatusCodes.Status422UnprocessableEntity, lang.T(
                $"请填写异议内容（不超过{DisclosureObjections.MaxText}字），联系方式不超过{DisclosureObjections.MaxContact}字",
                $"Write the objection (at most {DisclosureObjections.MaxText} characters); the contact at most {DisclosureObjections.MaxContact}"));
        try
        {
            Receipt = await funds.ObjectAsync(disclosureId, Text, Contact, Now, ct);
            if (Receipt is null) return NotFound();
        }
        catch (FundInputException invalid)
        {
            return Problematic(StatusCodes.Status422UnprocessableEntity, lang.T(invalid.Text));
        }
        catch (WorkflowBlockedException blocked)
        {
            return Problematic(StatusCodes.Status409Conflict, lang.T(blocked.Text));
        }
        Disclosure = await funds.FindAsync(disclosureId, Now, ct) ?? d;
        return Page();
    }

    private PageResult Problematic(int status, string problem)
    {
        Problem = problem;
        Response.StatusCode = status;
        return Page();
    }
}
