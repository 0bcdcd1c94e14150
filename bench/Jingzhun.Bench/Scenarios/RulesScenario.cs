using System.Diagnostics;
using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Bench.Scenarios;

/// <summary>c. Exit readiness over every household as the what-if run evaluates it, against a plain scan of the same columns (goal ≤ 1.5×).</summary>
public static class RulesScenario
{
    public const int Year = 2025;

    /// <summary>
    /// The what-if of a proposal raising the province's poverty line by 500 yuan: every poor and returned household is evaluated for exit and
    /// every other one for identification, under both rule sets, through the rule book — the real evaluation path.
    /// </summary>
    public static async Task<(TimeSpan Elapsed, int Evaluated)> WhatIfAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("bench"));
        var watch = Stopwatch.StartNew();
        // A proposal equal to the rules in force is recognised and costs nothing; raise the line so every household is evaluated twice.
        var inForce = await RuleBook.ForAsync(db, ProvinceGenerator.ProvinceCode, Year, ct);
        var proposed = inForce with { PovertyLine = inForce.PovertyLine + 500m };
        var result = await WhatIf.RunAsync(db, proposed, ct);
        return (watch.Elapsed, result.Evaluated);
    }

    /// <summary>The limit: the columns the rules read (households, their members and incomes), each table scanned once in key order.</summary>
    public static async Task<TimeSpan> PlainScanAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("bench"));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        var watch = Stopwatch.StartNew();
        long touched = 0;
        foreach (var sql in new[]
        {
            """SELECT "Id", "VillageCode", "Status", "HousingSafety", "DrinkingWater", "HasElectricity" FROM "Households" WHERE "Status" IN (0, 1, 2, 3) ORDER BY "Id" """,
            """SELECT "HouseholdId", "Name", "BirthDate", "Schooling", "HasMedicalInsurance", "State" FROM "Members" ORDER BY "HouseholdId" """,
            $"""SELECT "HouseholdId", "Year", "MembersCounted", "WagesFen", "ProductionIncomeFen", "PropertyIncomeFen", "PensionFen", "DibaoAllowanceFen", "ExtremeHardshipAllowanceFen", "EcologicalCompensationFen", "OtherTransfersFen", "ProductionCostsFen" FROM "Incomes" WHERE "Year" > {Year - 6} AND "Year" <= {Year} ORDER BY "HouseholdId" """,
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(ct);
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync(ct))
            {
                reader.GetValues(values);
                touched++;
            }
        }
        if (touched == 0) throw new InvalidOperationException("the registry is empty / 登记库为空");
        return watch.Elapsed;
    }
}
