using Jingzhun.Data.Database;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;

namespace Jingzhun.Data.Tests.Statistics;

/// <summary>
/// One generated assistance row of a household, for the property tests of the assistance figures: a cadre pairing, a
/// measure (with a funding row for even amounts), a credit rating, a loan with a repayment never above it, or a relocation.
/// </summary>
internal static class AssistanceRows
{
    /// <summary>The kinds <see cref="Add"/> knows: 0 to 4.</summary>
    public const int Kinds = 5;

    public static void Add(JingzhunDbContext db, int kind, long household, string village, int cadre, DateOnly on, DateOnly? end, int amount)
    {
        switch (kind)
        {
            case 0:
                db.CadrePairings.Add(new CadrePairing { HouseholdId = household, VillageCode = village, CadreId = cadre, StartedOn = on, EndedOn = end });
                break;
            case 1:
                var measure = new AssistanceMeasure
                {
                    HouseholdId = household, Type = (MeasureType)(1 + amount % 12), Year = on.Year, StartOn = on, PeopleReached = amount % 6,
                    State = (MeasureState)(1 + amount % 5), Funds = amount % 3 == 0 ? null : new Money(amount * 100),
                };
                db.Measures.Add(measure);
                if (amount % 2 == 0)
                    db.MeasureFunding.Add(new MeasureFunding { Measure = measure, HouseholdId = household, Source = (FundSource)(1 + amount % 10), Amount = new Money(amount * 70) });
                break;
            case 2:
                db.CreditRatings.Add(new CreditRating
                {
                    HouseholdId = household, RatedOn = on, Score = 50 + amount, Grade = (CreditGrade)(1 + amount % 4), CreditLine = new Money(amount % 4 == 3 ? 0 : 10_000),
                });
                break;
            case 3:
                var loan = new MicroLoan { HouseholdId = household, Amount = new Money(amount * 1_000), IssuedOn = on, TermMonths = 36, DueOn = on.AddDays(Math.Max(30, end is { } e ? e.DayNumber - on.DayNumber : 0)) };
                db.Loans.Add(loan);
                // Repayments never exceed the loan: a share of it, 200 days on.
                db.Repayments.Add(new LoanRepayment { Loan = loan, HouseholdId = household, PaidOn = on.AddDays(200), Principal = new Money(amount * 1_000 * (amount % 3) / 4) });
                break;
            case 4:
                db.Relocations.Add(new Relocation { HouseholdId = household, People = 1 + amount % 5, HousingArea = (1 + amount % 5) * 20m, Year = on.Year, MovedOn = on, State = RelocationState.MovedIn });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }
}
