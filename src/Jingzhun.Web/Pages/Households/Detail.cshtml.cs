using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Registry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Pages.Households;

/// <summary>One household with members, incomes, status history and change log. Outside the reader's scope it does not exist (404).</summary>
public sealed class DetailModel(JingzhunDbContext db) : PageModel
{
    public const int HistoryLimit = 200;

    public Household Household { get; private set; } = default!;
    public string RegionPath { get; private set; } = "";
    public List<AuditEntry> History { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public DateOnly Today { get; } = DateOnly.FromDateTime(DateTime.Now);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var household = await RegistrySearch.LoadAsync(db, id, ct: ct);
        if (household is null) return NotFound();
        Household = household;
        RegionPath = await RegistrySearch.RegionPathAsync(db, household.VillageCode, ct);
        History = await db.AuditEntries.AsNoTracking().Where(a => a.HouseholdId == id)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(HistoryLimit).ToListAsync(ct);
        CanWrite = db.Scope.MayChange(household.VillageCode);
        return Page();
    }

    private static readonly Dictionary<string, Type> AuditedTypes = new()
    {
        [nameof(Domain.Registry.Household)] = typeof(Household),
        [nameof(Member)] = typeof(Member),
        [nameof(HouseholdIncome)] = typeof(HouseholdIncome),
        [nameof(HouseholdStatusChange)] = typeof(Household),
    };

    /// <summary>An old or new value of the change log as the reader should see it: enumeration codes become their labels.</summary>
    public static string? DisplayValue(AuditEntry entry, string? value, bool english)
    {
        if (value is null || entry.Field is null || !AuditedTypes.TryGetValue(entry.EntityType, out var type)) return value;
        var property = type.GetProperty(entry.Field);
        var enumType = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (enumType is not { IsEnum: true } || !Enum.TryParse(enumType, value, out var parsed)) return value;
        var e = (Enum)parsed!;
        if (Enum.IsDefined(enumType, e)) return Domain.Common.Labels.Label(e, english);
        if (!enumType.IsDefined(typeof(FlagsAttribute), false)) return value;
        var parts = Enum.GetValues(enumType).Cast<Enum>().Where(f => Convert.ToInt64(f, System.Globalization.CultureInfo.InvariantCulture) != 0 && e.HasFlag(f));
        return string.Join(english ? ", " : "、", parts.Select(f => Domain.Common.Labels.Label(f, english)));
    }
}
