using Jingzhun.Data.Database;
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
            _ => "date",
        }
        : type switch
        {
            BulkType.Text or BulkType.Code or BulkType.Date or BulkType.Timestamp => "TEXT",
            BulkType.Double => "REAL",
            _ => "INTEGER",
        };
}

/// <summary>
/// The stored columns of households, members and incomes that an import writes (the data columns
/// of <see cref="RegistryTables"/>, with the county code, and birth date and sex from the resident ID);
/// keys, versions and times are the bulk writer's own.
/// </summary>
internal static class BulkColumns
{
    public static readonly BulkColumn<Household>[] Household =
    [
        new("Number", BulkType.Code, h => h.Number),
        new("VillageCode", BulkType.Code, h => h.VillageCode),
        new("CountyCode", BulkType.Code, h => Domain.Registry.Household.CountyOf(h.VillageCode)),
        new("VillagerGroup", BulkType.Text, h => h.VillagerGroup),
        new("Address", BulkType.Text, h => h.Address),
        new("Phone", BulkType.Text, h => h.Phone),
        new("BankAccount", BulkType.Text, h => h.BankAccount),
        new("Attribute", BulkType.Int, h => (int)h.Attribute),
        new("Status", BulkType.Int, h => (int)h.Status),
        new("StatusYear", BulkType.Int, h => h.StatusYear),
        new("IdentifiedYear", BulkType.Int, h => h.IdentifiedYear),
        new("Standard", BulkType.Int, h => (int)h.Standard),
        new("Monitoring", BulkType.Int, h => (int)h.Monitoring),
        new("PrimaryCause", BulkType.Int, h => (int)h.PrimaryCause),
        new("OtherCauses", BulkType.Int, h => (int)h.OtherCauses),
        new("HousingAreaM2", BulkType.Double, h => h.HousingAreaM2),
        new("HousingStructure", BulkType.Int, h => (int)h.HousingStructure),
        new("HousingSafety", BulkType.Int, h => (int)h.HousingSafety),
        new("DrinkingWater", BulkType.Int, h => (int)h.DrinkingWater),
        new("HasElectricity", BulkType.Bool, h => h.HasElectricity),
        new("DistanceToRoadKm", BulkType.Double, h => h.DistanceToRoadKm),
        new("CultivatedLandMu", BulkType.Double, h => h.CultivatedLandMu),
        new("IrrigatedLandMu", BulkType.Double, h => h.IrrigatedLandMu),
        new("ForestLandMu", BulkType.Double, h => h.ForestLandMu),
        new("GrasslandMu", BulkType.Double, h => h.GrasslandMu),
        new("IsCooperativeMember", BulkType.Bool, h => h.IsCooperativeMember),
    ];

    /// <summary>Member columns after the household number (which the staging row carries to find the household).</summary>
    public static readonly BulkColumn<Member>[] Member =
    [
        new("Name", BulkType.Text, m => m.Name),
        new("ResidentId", BulkType.Code, m => m.ResidentId),
        new("Sex", BulkType.Int, m => (int)m.Sex),
        new("BirthDate", BulkType.Date, m => m.BirthDate),
        new("Relation", BulkType.Int, m => (int)m.Relation),
        new("Ethnicity", BulkType.Text, m => m.Ethnicity),
        new("Education", BulkType.Int, m => (int)m.Education),
        new("Schooling", BulkType.Int, m => (int)m.Schooling),
        new("Health", BulkType.Int, m => (int)m.Health),
        new("DisabilityGrade", BulkType.Int, m => (int)m.DisabilityGrade),
        new("Labour", BulkType.Int, m => (int)m.Labour),
        new("MigrantWorkPlace", BulkType.Text, m => m.MigrantWorkPlace),
        new("MigrantWorkMonths", BulkType.Int, m => m.MigrantWorkMonths),
        new("HasMedicalInsurance", BulkType.Bool, m => m.HasMedicalInsurance),
        new("HasPensionInsurance", BulkType.Bool, m => m.HasPensionInsurance),
        new("ReceivesDibao", BulkType.Bool, m => m.ReceivesDibao),
        new("ReceivesExtremeHardshipSupport", BulkType.Bool, m => m.ReceivesExtremeHardshipSupport),
        new("State", BulkType.Int, m => (int)m.State),
    ];

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
