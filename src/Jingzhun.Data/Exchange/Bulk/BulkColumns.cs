using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using NpgsqlTypes;

namespace Jingzhun.Data.Exchange.Bulk;

/// <summary>The storage type of a bulk column, which decides its staging type and how it is bound.</summary>
internal enum BulkType
{
    Text,
    Code,
    Int,
    Long,
    Double,
    Bool,
    Date,
    Timestamp,
    Decimal,
}

/// <summary>One stored column of a registry table as the bulk paths write it: its database name, type and value.</summary>
internal sealed record BulkColumn<T>(string Name, BulkType Type, Func<T, object> Get)
{
    public string Quoted => $"\"{Name}\"";
}

/// <summary>How each bulk type is declared in a staging table and bound in a binary COPY.</summary>
internal static class BulkTypes
{
    public static NpgsqlDbType NpgsqlType(this BulkType type) => type switch
    {
        BulkType.Text or BulkType.Code => NpgsqlDbType.Text,
        BulkType.Int => NpgsqlDbType.Integer,
        BulkType.Long => NpgsqlDbType.Bigint,
        BulkType.Double => NpgsqlDbType.Double,
        BulkType.Bool => NpgsqlDbType.Boolean,
        BulkType.Timestamp => NpgsqlDbType.TimestampTz,
        BulkType.Decimal => NpgsqlDbType.Numeric,
        _ => NpgsqlDbType.Date,
    };

    /// <summary>The column's type in a staging table; code columns use the C collation of the real tables on PostgreSQL.</summary>
    public static string SqlType(this BulkType type, DatabaseProvider provider) => provider == DatabaseProvider.Postgres
        ? type switch
        {
            BulkType.Text => "text",
            BulkType.Code => "text COLLATE \"C\"",
            BulkType.Int => "integer",
            BulkType.Long => "bigint",
            BulkType.Double => "double precision",
            BulkType.Bool => "boolean",
            BulkType.Timestamp => "timestamp with time zone",
            BulkType.Decimal => "numeric",
            _ => "date",
        }
        : type switch
        {
            BulkType.Text or BulkType.Code or BulkType.Date or BulkType.Timestamp or BulkType.Decimal => "TEXT",
            BulkType.Double => "REAL",
            _ => "INTEGER",
        };
}

/// <summary>
/// The stored columns of households, members and incomes that an import writes: households' and members' are their
/// described fields (<see cref="HouseholdRecord"/>, <see cref="MemberRecord"/>) under their code names, which are the
/// column names; keys, versions and times are the bulk writer's own.
/// </summary>
internal static class BulkColumns
{
    public static readonly BulkColumn<Household>[] Household = [.. HouseholdRecord.Fields.Select(f => f.With(new FieldColumn<Household>()))];

    /// <summary>Member columns after the household number (which the staging row carries to find the household).</summary>
    public static readonly BulkColumn<Member>[] Member = [.. MemberRecord.Fields.Select(f => f.With(new FieldColumn<Member>()))];

    public static readonly BulkColumn<HouseholdIncome>[] Income =
    [
        new("Year", BulkType.Int, i => i.Year),
        new("MembersCounted", BulkType.Int, i => i.MembersCounted),
        new("WagesFen", BulkType.Long, i => i.Wages.Fen),
        new("ProductionIncomeFen", BulkType.Long, i => i.ProductionIncome.Fen),
        new("PropertyIncomeFen", BulkType.Long, i => i.PropertyIncome.Fen),
        new("PensionFen", BulkType.Long, i => i.Pension.Fen),
        new("DibaoAllowanceFen", BulkType.Long, i => i.DibaoAllowance.Fen),
        new("ExtremeHardshipAllowanceFen", BulkType.Long, i => i.ExtremeHardshipAllowance.Fen),
        new("EcologicalCompensationFen", BulkType.Long, i => i.EcologicalCompensation.Fen),
        new("OtherTransfersFen", BulkType.Long, i => i.OtherTransfers.Fen),
        new("ProductionCostsFen", BulkType.Long, i => i.ProductionCosts.Fen),
    ];

    public static readonly BulkColumn<string> Number = new("Number", BulkType.Code, n => n);
}

/// <summary>The bulk column of a described field: its storage type from its kind, choices stored as their numbers.</summary>
internal sealed class FieldColumn<T> : IFieldFunc<T, BulkColumn<T>>
{
    /// <summary>Text columns that the mappings give the C collation (codes compared byte by byte).</summary>
    private static readonly HashSet<string> Codes =
        [nameof(Household.Number), nameof(Household.VillageCode), nameof(Household.CountyCode), nameof(Member.ResidentId)];

    public BulkColumn<T> Apply<TValue>(RecordField<T, TValue> field) => new(field.Code, TypeOf(field), Getter(field));

    private static BulkType TypeOf(RecordField<T> field) => field.Kind switch
    {
        FieldKind.Text => Codes.Contains(field.Code) ? BulkType.Code : BulkType.Text,
        FieldKind.Choice or FieldKind.Flags or FieldKind.Integer => BulkType.Int,
        FieldKind.Number => BulkType.Double,
        FieldKind.YesNo => BulkType.Bool,
        _ => BulkType.Date,
    };

    private static Func<T, object> Getter<TValue>(RecordField<T, TValue> field)
    {
        if (field.Kind is FieldKind.Choice or FieldKind.Flags) return r => Convert.ToInt32(field.Get(r), System.Globalization.CultureInfo.InvariantCulture);
        return r => field.Get(r)!;
    }
}
