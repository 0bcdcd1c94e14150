using CsCheck;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Tests.Catalogue;

/// <summary>
/// The catalogue of programmes and what it suggests: every programme well formed, suggestions that follow a household's
/// causes and facts (因病 → health, a C/D house → 危房改造, a child out of school → 控辍保学, labour and lack of capital →
/// microcredit and industry), and a reason that always names a cause or fact the household has.
/// </summary>
public sealed class MeasureCatalogueTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);

    private static Household House(PovertyCause primary = PovertyCause.None, PovertyCause other = PovertyCause.None) => new()
    {
        Number = "9901210010010001", VillageCode = "990121001001", PrimaryCause = primary, OtherCauses = other,
        HousingSafety = HousingSafetyGrade.A, DrinkingWater = DrinkingWater.Safe, DistanceToRoadKm = 1,
    };

    private static Member Person(int age, LabourCapacity labour = LabourCapacity.Ordinary, SchoolingStatus schooling = SchoolingStatus.NotStudent,
        HealthStatus health = HealthStatus.Healthy) => new()
    {
        Name = "成员", ResidentId = "", BirthDate = Today.AddYears(-age).AddDays(-10), Labour = labour, Schooling = schooling, Health = health,
    };

    private static IEnumerable<string> Codes(Household h, params Member[] members) => MeasureCatalogue.Suggest(h, members, Today).Select(s => s.Programme.Code);

    [Fact]
    public void Every_programme_has_a_unique_code_two_names_a_type_and_something_it_answers()
    {
        var all = MeasureCatalogue.All;
        Assert.Equal(all.Count, all.Select(p => p.Code).Distinct().Count());
        Assert.Equal(all.Count, all.Select(p => p.Chinese).Distinct().Count());
        Assert.Equal(all.Count, all.Select(p => p.English).Distinct().Count());
        Assert.All(all, p =>
        {
            Assert.True(Enum.IsDefined(p.Type));
            Assert.True(Enum.IsDefined(p.Batch));
            Assert.True(p.Causes != PovertyCause.None || p.Facts != HouseholdFact.None, p.Code);
            Assert.True(p.Code.Length <= 64);
            Assert.True(MeasureCatalogue.Fits(p.Type, p.Code));
            Assert.Same(p, MeasureCatalogue.Find(p.Code));
        });
        // Every kind of measure but 其他 has at least one programme, and each of the 五个一批 is represented.
        Assert.All(Enum.GetValues<MeasureType>(), t => Assert.NotEmpty(MeasureCatalogue.OfType(t)));
        Assert.All(Enum.GetValues<FiveBatches>(), b => Assert.Contains(all, p => p.Batch == b));
    }

    [Fact]
    public void A_programme_fits_only_its_own_type_and_no_programme_fits_every_type()
    {
        Assert.True(MeasureCatalogue.Fits(MeasureType.Health, "HEA-SERIOUS"));
        Assert.False(MeasureCatalogue.Fits(MeasureType.Education, "HEA-SERIOUS"));
        Assert.False(MeasureCatalogue.Fits(MeasureType.Health, "NO-SUCH"));
        Assert.True(MeasureCatalogue.Fits(MeasureType.Health, ""));
        Assert.True(MeasureCatalogue.Fits(MeasureType.Health, null));
    }

    [Fact]
    public void Illness_suggests_health_programmes()
    {
        var suggestions = MeasureCatalogue.Suggest(House(PovertyCause.Illness), [Person(50, health: HealthStatus.SeriousIllness)], Today);
        var serious = Assert.Single(suggestions, s => s.Programme.Code == "HEA-SERIOUS");
        Assert.Equal(PovertyCause.Illness, serious.Causes);
        Assert.Contains("因病", serious.Reason.Chinese);
        Assert.Contains("Illness", serious.Reason.English);
        Assert.Contains(suggestions, s => s.Programme.Type == MeasureType.Health && s.Programme.Code == "HEA-DOCTOR");
    }

    [Fact]
    public void A_grade_c_or_d_house_suggests_housing_renovation_and_an_a_house_does_not()
    {
        var house = House();
        house.HousingSafety = HousingSafetyGrade.D;
        var renovate = Assert.Single(MeasureCatalogue.Suggest(house, [Person(40)], Today), s => s.Programme.Code == "HOU-RENOVATE");
        Assert.Contains("危房", renovate.Reason.Chinese);
        house.HousingSafety = HousingSafetyGrade.C;
        Assert.Contains("HOU-RENOVATE", Codes(house, Person(40)));
        house.HousingSafety = HousingSafetyGrade.A;
        Assert.DoesNotContain("HOU-RENOVATE", Codes(house, Person(40)));
    }

    [Fact]
    public void A_child_out_of_school_suggests_the_drop_out_chain()
    {
        Assert.Contains("EDU-DROPOUT", Codes(House(), Person(40), Person(12, LabourCapacity.None, SchoolingStatus.DroppedOut)));
        // A child of compulsory-school age recorded as not a student is out of school too; one in school is not.
        Assert.Contains("EDU-DROPOUT", Codes(House(), Person(40), Person(9, LabourCapacity.None, SchoolingStatus.NotStudent)));
        Assert.DoesNotContain("EDU-DROPOUT", Codes(House(), Person(40), Person(9, LabourCapacity.None, SchoolingStatus.Compulsory)));
        // A drop-out who has left the household is not counted.
        var gone = Person(12, LabourCapacity.None, SchoolingStatus.DroppedOut);
        gone.State = MemberState.MovedOut;
        Assert.DoesNotContain("EDU-DROPOUT", Codes(House(), Person(40), gone));
    }

    [Fact]
    public void Lack_of_capital_suggests_microcredit_and_industry_only_where_someone_can_work()
    {
        var withLabour = Codes(House(PovertyCause.LackOfCapital), Person(40)).ToList();
        Assert.Contains("MIC-LOAN", withLabour);
        Assert.Contains("IND-CROP", withLabour);
        var microcredit = MeasureCatalogue.Suggest(House(PovertyCause.LackOfCapital), [Person(40)], Today).Single(s => s.Programme.Code == "MIC-LOAN");
        Assert.Contains("缺资金", microcredit.Reason.Chinese);
        Assert.Contains("有劳动力", microcredit.Reason.Chinese);
        var noLabour = Codes(House(PovertyCause.LackOfCapital), Person(80, LabourCapacity.Lost)).ToList();
        Assert.DoesNotContain("MIC-LOAN", noLabour);
        Assert.DoesNotContain("IND-CROP", noLabour);
        Assert.Contains("SOC-DIBAO", noLabour);
    }

    [Fact]
    public void A_household_without_causes_or_needs_gets_no_suggestion()
    {
        Assert.Empty(MeasureCatalogue.Suggest(House(), [Person(40, schooling: SchoolingStatus.NotStudent)], Today));
    }

    private static readonly Gen<Member> GenMember =
        Gen.Select(Gen.Int[0, 95], Gen.Enum<LabourCapacity>(), Gen.Enum<SchoolingStatus>(), Gen.Enum<HealthStatus>(), Gen.Enum<DisabilityGrade>(),
                Gen.Bool, Gen.Enum<MemberState>())
            .Select((age, labour, schooling, health, disability, insured, state) => new Member
            {
                Name = "成员", ResidentId = "", BirthDate = Today.AddYears(-age).AddDays(-3), Labour = labour, Schooling = schooling, Health = health,
                DisabilityGrade = disability, HasMedicalInsurance = insured, State = state,
            });

    private static readonly Gen<Household> GenHousehold =
        Gen.Select(Gen.Int[0, 4095], Gen.Int[0, 4095], Gen.Enum<HousingSafetyGrade>(), Gen.Enum<DrinkingWater>(), Gen.Double[0, 20], Gen.Double[0, 5], Gen.Double[0, 5])
            .Select((primary, other, grade, water, road, forest, grass) => new Household
            {
                Number = "9901210010010001", VillageCode = "990121001001", PrimaryCause = (PovertyCause)(primary & -primary), OtherCauses = (PovertyCause)other,
                HousingSafety = grade, DrinkingWater = water, DistanceToRoadKm = road, ForestLandMu = forest < 2.5 ? 0 : forest, GrasslandMu = grass < 4 ? 0 : grass,
            });

    [Fact]
    public void Every_suggestions_reason_names_a_cause_or_fact_the_household_has()
    {
        Gen.Select(GenHousehold, GenMember.List[0, 8]).Sample((household, members) =>
        {
            var facts = MeasureCatalogue.FactsOf(household, members, Today);
            foreach (var s in MeasureCatalogue.Suggest(household, members, Today))
            {
                // It answers something of the household's…
                Assert.True(s.Causes != PovertyCause.None || (s.Facts & s.Programme.Facts) != HouseholdFact.None);
                Assert.Equal(s.Causes, s.Causes & household.AllCauses & s.Programme.Causes);
                Assert.Equal(s.Facts, s.Facts & facts);
                Assert.Equal(s.Programme.Requires, s.Programme.Requires & facts);
                // …and the reason names each of them, in both languages; nothing the household lacks.
                var named = MeasureCatalogue.Flags(s.Causes).Select(c => c.Text()).Concat(MeasureCatalogue.Flags(s.Facts).Select(f => f.Text())).ToList();
                Assert.NotEmpty(named);
                Assert.All(named, n =>
                {
                    Assert.Contains(n.Chinese, s.Reason.Chinese);
                    Assert.Contains(n.English, s.Reason.English);
                });
                Assert.All(MeasureCatalogue.Flags(s.Programme.Causes & ~household.AllCauses), c => Assert.DoesNotContain($"致贫原因：{c.Chinese()}", s.Reason.Chinese));
            }
        }, iter: 2_000);
    }

    [Fact]
    public void Suggestions_are_only_suggestions_the_household_record_is_not_changed()
    {
        var household = House(PovertyCause.Illness | PovertyCause.LackOfCapital);
        household.HousingSafety = HousingSafetyGrade.D;
        var members = new List<Member> { Person(40), Person(10, LabourCapacity.None, SchoolingStatus.DroppedOut) };
        var before = (household.PrimaryCause, household.OtherCauses, household.HousingSafety, members.Count, members[1].Schooling);
        Assert.NotEmpty(MeasureCatalogue.Suggest(household, members, Today));
        Assert.Equal(before, (household.PrimaryCause, household.OtherCauses, household.HousingSafety, members.Count, members[1].Schooling));
    }
}
