using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Database;

/// <summary>
/// A value the database cannot hold, or that no field is meant to hold, refused by the save: text longer
/// than its column or with control characters, an enumeration value outside its set, an amount finer than
/// a fen, a number that is not finite. The web host answers 422.
/// </summary>
public sealed class StoredValueRefusedException(FieldError error) : InvalidOperationException(error.ToString())
{
    public FieldError Error { get; } = error;
}

/// <summary>
/// The last check below every door (pages, API, import, command line): whatever a form or request let
/// through, the save refuses what the columns cannot hold. SQLite would keep a 10,000-character address
/// that PostgreSQL refuses, and PostgreSQL refuses NUL in text outright; both should answer the same.
/// Only the values a save writes are checked (added rows, changed columns), so old rows do not block edits.
/// </summary>
internal static class StoredValues
{
    public static void Check(EntityEntry entry)
    {
        // Audit entries repeat values of the rows they describe, which are checked themselves.
        if (entry.Entity is AuditEntry || entry.State is not (EntityState.Added or EntityState.Modified)) return;
        foreach (var property in entry.Properties)
        {
            if (entry.State == EntityState.Modified && !property.IsModified) continue;
            if (Problem(property) is { } error) throw new StoredValueRefusedException(error);
        }
    }

    private static FieldError? Problem(PropertyEntry property)
    {
        var field = $"{property.EntityEntry.Metadata.ClrType.Name}.{property.Metadata.Name}";
        return property.CurrentValue switch
        {
            // Stored text keeps line breaks where a free-text column has them; the forms are stricter per field.
            string text => TextRules.Check(field, text, property.Metadata.GetMaxLength(), lines: true),
            // Zero is a field's "not given" (a member's sex before it is read from the resident ID): stored as such.
            Enum value when !EnumValues.IsKnown(value) && Convert.ToInt64(value, null) != 0 =>
                new(field, "取值不在可选范围内", "The value is not one of the choices"),
            Money money when decimal.Round(money.Yuan, 2) != money.Yuan =>
                new(field, "金额最多精确到分（两位小数）", "Amounts are exact to the fen (two decimals at most)"),
            double number when !double.IsFinite(number) => new(field, "不是有效的数", "Not a valid number"),
            float number when !float.IsFinite(number) => new(field, "不是有效的数", "Not a valid number"),
            _ => null,
        };
    }
}
