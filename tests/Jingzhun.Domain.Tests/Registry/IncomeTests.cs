using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Tests.Registry;

public sealed class IncomeTests
{
    private static HouseholdIncome Income(int members) => new()
    {
        Year = 2020, MembersCounted = members,
        Wages = new Money(12_000m), ProductionIncome = new Money(5_000.50m), PropertyIncome = new Money(300m),
        Pension = new Money(1_560m), DibaoAllowance = new Money(2_400m), ExtremeHardshipAllowance = Money.Zero,
        EcologicalCompensation = new Money(160m), OtherTransfers = new Money(80m), ProductionCosts = new Money(2_500.50m),
    };

    [Fact]
    public void Per_capita_net_income_is_income_less_production_costs_divided_by_members()
    {
        var year = Income(4).ToIncomeYear();
        Assert.Equal(4_200m, year.Transfers.Total.Yuan);
        Assert.Equal(21_500.50m, year.GrossIncome.Yuan);
        Assert.Equal(19_000m, year.NetIncome.Yuan);
        Assert.Equal(4_750m, year.PerCapitaNetIncome.Yuan);
    }

    [Fact]
    public void Per_capita_income_is_rounded_to_the_fen()
    {
        Assert.Equal(6_333.33m, Income(3).ToIncomeYear().PerCapitaNetIncome.Yuan);
    }

    [Fact]
    public void No_members_counted_gives_zero_rather_than_a_division_error()
    {
        Assert.Equal(Money.Zero, Income(0).ToIncomeYear().PerCapitaNetIncome);
    }

    [Theory]
    [InlineData("1,234.56", 1234.56)]
    [InlineData("800元", 800)]
    [InlineData("", 0)]
    public void Money_parses_what_people_type(string text, decimal yuan)
    {
        Assert.True(Money.TryParse(text, out var money));
        Assert.Equal(yuan, money.Yuan);
    }

    [Theory]
    [InlineData("12.345")]
    [InlineData("abc")]
    public void Money_refuses_fractions_of_a_fen_and_words(string text) => Assert.False(Money.TryParse(text, out _));

    [Fact]
    public void Money_round_trips_through_fen() => Assert.Equal(new Money(4_750.05m), Money.FromFen(new Money(4_750.05m).Fen));
}
