using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Registry;

/// <summary>A household's income for one calendar year, in yuan, by component.</summary>
public sealed class HouseholdIncome
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string CountyCode { get; set; } = "";
    public int Year { get; set; }
    /// <summary>Members counted for the year (the divisor of per-capita income).</summary>
    public int MembersCounted { get; set; }

    /// <summary>工资性收入.</summary>
    public Money Wages { get; set; }
    /// <summary>生产经营性收入.</summary>
    public Money ProductionIncome { get; set; }
    /// <summary>财产性收入.</summary>
    public Money PropertyIncome { get; set; }
    /// <summary>转移性收入: 养老金.</summary>
    public Money Pension { get; set; }
    /// <summary>转移性收入: 低保金.</summary>
    public Money DibaoAllowance { get; set; }
    /// <summary>转移性收入: 特困供养金.</summary>
    public Money ExtremeHardshipAllowance { get; set; }
    /// <summary>转移性收入: 生态补偿金.</summary>
    public Money EcologicalCompensation { get; set; }
    /// <summary>转移性收入: 其他 (计划生育金, 赡养费, 其他补贴).</summary>
    public Money OtherTransfers { get; set; }
    /// <summary>生产经营性支出.</summary>
    public Money ProductionCosts { get; set; }

    public IncomeYear ToIncomeYear() => new(
        Year, MembersCounted, Wages, ProductionIncome, PropertyIncome,
        new TransferIncome(Pension, DibaoAllowance, ExtremeHardshipAllowance, EcologicalCompensation, OtherTransfers),
        ProductionCosts);
}

/// <summary>转移性收入, split into its kinds.</summary>
public readonly record struct TransferIncome(
    Money Pension, Money DibaoAllowance, Money ExtremeHardshipAllowance, Money EcologicalCompensation, Money Other)
{
    public Money Total => Pension + DibaoAllowance + ExtremeHardshipAllowance + EcologicalCompensation + Other;
}

/// <summary>
/// One year's income of a household and the only place per-capita net income is computed:
/// (all income − production costs) ÷ members counted.
/// </summary>
public readonly record struct IncomeYear(
    int Year, int MembersCounted, Money Wages, Money ProductionIncome, Money PropertyIncome,
    TransferIncome Transfers, Money ProductionCosts)
{
    public Money GrossIncome => Wages + ProductionIncome + PropertyIncome + Transfers.Total;

    public Money NetIncome => GrossIncome - ProductionCosts;

    /// <summary>人均纯收入, rounded to the fen; zero when no member is counted.</summary>
    public Money PerCapitaNetIncome => MembersCounted > 0 ? NetIncome / MembersCounted : Money.Zero;
}
