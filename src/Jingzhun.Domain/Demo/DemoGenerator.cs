using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Statistics;

namespace Jingzhun.Domain.Demo;

/// <summary>Options of the demo registry: how many households and the seed that fixes every value.</summary>
public sealed record DemoOptions(int Households = 20_000, int Seed = 2014, int Townships = 8, int VillagesPerTownship = 10)
{
    /// <summary>The last year with income data; the demo's "now".</summary>
    public int CurrentYear { get; init; } = 2025;

    /// <summary>
    /// How many households of the first township the synthetic monitoring history covers (village by village, from the demo
    /// village on). Every step of it is a governed, audited save, so it is kept small for a quick first start.
    /// </summary>
    public int MonitoringHouseholds { get; init; } = 400;

    /// <summary>
    /// The first year with income data. 2015 is the first year of the registered households' income series in the seeds
    /// (004: 3,033.84 yuan a head in 2015 to 13,036.8 in 2020), so the income pages show the whole trend.
    /// </summary>
    public int FirstIncomeYear { get; init; } = 2015;

    /// <summary>
    /// Households of the demo's second county, 示例东县, which exited through the whole county-exit process and is in its
    /// transition (issue 21): a hundredth of the demo county's, none for a small demo (under 2,000 households).
    /// </summary>
    public int ExitedCountyHouseholds { get; init; } = Households >= 2_000 ? Households / 100 : 0;
}

/// <summary>
/// Builds a fictional province, city and county (all named 示例) with townships, villages and
/// households whose sizes, ages, labour, health, schooling, incomes and causes resemble the
/// national registry (DESIGN §8). The same options always give the same registry.
/// </summary>
public sealed class DemoGenerator(DemoOptions options)
{
    public const string ProvinceCode = "990000000000";
    public const string CityCode = "990100000000";
    public const string CountyCode = "990121000000";
    public const string CountyPrefix = "990121";
    /// <summary>The second county of the demo city: small, exited, in its transition (see <see cref="ExitedCountyRegions"/>).</summary>
    public const string ExitedCountyCode = "990122000000";
    public const string ExitedCountyPrefix = "990122";
    public const string ExitedCountyName = "示例东县";
    private const int ExitedCountyVillages = 4;

    private readonly DateTime _createdAt = new(options.CurrentYear, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    public DemoOptions Options => options;

    public IReadOnlyList<Region> Regions()
    {
        var rng = new Random(options.Seed);
        var regions = new List<Region>
        {
            new() { Code = ProvinceCode, Name = "示例省", Level = RegionLevel.Province, IsWestern = true },
            new() { Code = CityCode, Name = "示例市", Level = RegionLevel.City, ParentCode = ProvinceCode, IsWestern = true },
            new() { Code = CountyCode, Name = "示例县", Level = RegionLevel.County, ParentCode = CityCode, IsWestern = true, IsPoorCounty = true },
        };
        for (var t = 1; t <= options.Townships; t++)
        {
            var townshipCode = $"{CountyPrefix}{t:000}000";
            var townshipName = DemoNames.TownshipNames[(t - 1) % DemoNames.TownshipNames.Length] + (t > DemoNames.TownshipNames.Length ? $"{t}" : "") + "镇";
            regions.Add(new() { Code = townshipCode, Name = townshipName, Level = RegionLevel.Township, ParentCode = CountyCode, IsWestern = true });
            for (var v = 1; v <= options.VillagesPerTownship; v++)
            {
                var name = DemoNames.VillageNames[(t * 7 + v) % DemoNames.VillageNames.Length] + "村";
                regions.Add(new()
                {
                    Code = $"{CountyPrefix}{t:000}{v:000}", Name = name, Level = RegionLevel.Village, ParentCode = townshipCode,
                    IsWestern = true, IsPoorVillage = rng.NextDouble() < 0.6, IsDeepPoverty = rng.NextDouble() < 0.15,
                    RuralPopulation = 0, // filled once households are known: see RuralPopulationOf
                });
            }
        }
        return regions;
    }

    /// <summary>
    /// The exited county's regions (none when <see cref="DemoOptions.ExitedCountyHouseholds"/> is 0): one township of four
    /// villages, a national key county like the demo county. Its exit year is not set here: the exit case sets it when the
    /// nation approves.
    /// </summary>
    public IReadOnlyList<Region> ExitedCountyRegions()
    {
        if (options.ExitedCountyHouseholds <= 0) return [];
        var rng = new Random(Mix(options.Seed, ExitedCountyCode.GetStableHash()));
        var township = $"{ExitedCountyPrefix}001000";
        var regions = new List<Region>
        {
            new() { Code = ExitedCountyCode, Name = ExitedCountyName, Level = RegionLevel.County, ParentCode = CityCode, IsWestern = true, IsPoorCounty = true },
            new() { Code = township, Name = "东山镇", Level = RegionLevel.Township, ParentCode = ExitedCountyCode, IsWestern = true },
        };
        for (var v = 1; v <= ExitedCountyVillages; v++)
            regions.Add(new()
            {
                Code = $"{ExitedCountyPrefix}001{v:000}", Name = DemoNames.VillageNames[(v * 11 + 3) % DemoNames.VillageNames.Length] + "村",
                Level = RegionLevel.Village, ParentCode = township, IsWestern = true, IsPoorVillage = rng.NextDouble() < 0.6, RuralPopulation = 0,
            });
        return regions;
    }

    /// <summary>The exited county's households, drawn like the demo county's from a stream of their own.</summary>
    public IEnumerable<Household> ExitedCountyHouseholds()
    {
        var villages = ExitedCountyRegions().Where(r => r.Level == RegionLevel.Village).Select(r => r.Code).ToArray();
        var sequences = new Dictionary<(DateOnly, Sex), int>();
        var perVillage = new int[villages.Length];
        var seed = Mix(options.Seed, ExitedCountyCode.GetStableHash());
        for (var i = 0; i < options.ExitedCountyHouseholds && villages.Length > 0; i++)
        {
            var v = i % villages.Length;
            perVillage[v]++;
            yield return Household(new Random(Mix(seed, i)), villages[v], ExitedCountyPrefix, perVillage[v], sequences);
        }
    }

    public IEnumerable<string> VillageCodes() =>
        Regions().Where(r => r.Level == RegionLevel.Village).Select(r => r.Code);

    /// <summary>
    /// Rural people per person in the demo registry, on average (each village draws between 2.5 and 4.5). Chosen so that the
    /// county's incidence at registration is that of a poor county: about 18% at the end of 2014, two and a half times the
    /// national 7.2% (002:187), falling every year with the national path (5.7% in 2015, 4.5% in 2016, none in 2020).
    /// </summary>
    public const double RuralPeoplePerRegisteredPerson = 3.5;

    /// <summary>A village's rural registered population: its registered people times a fixed factor per village.</summary>
    public int RuralPopulationOf(string villageCode, int registeredPeople)
    {
        var rng = new Random(Mix(options.Seed, villageCode.GetStableHash()));
        return (int)Math.Round(registeredPeople * (RuralPeoplePerRegisteredPerson - 1.0 + rng.NextDouble() * 2.0)) + 200;
    }

    /// <summary>The households, generated one at a time so that large registries stream.</summary>
    public IEnumerable<Household> Households()
    {
        var villages = VillageCodes().ToArray();
        var sequences = new Dictionary<(DateOnly, Sex), int>();
        var perVillage = new int[villages.Length];
        for (var i = 0; i < options.Households; i++)
        {
            var v = i % villages.Length;
            perVillage[v]++;
            var rng = new Random(Mix(options.Seed, i));
            yield return Household(rng, villages[v], CountyPrefix, perVillage[v], sequences);
        }
    }

    /// <summary>
    /// One household of a village, every value drawn from <paramref name="rng"/>; <paramref name="sequences"/> numbers the
    /// resident IDs of one county (per birth date and sex). Shared by the demo county and the synthetic province.
    /// </summary>
    internal Household Household(Random rng, string village, string countyPrefix, int numberInVillage, Dictionary<(DateOnly, Sex), int> sequences)
    {
        var path = PickPath(rng, options.CurrentYear, village, numberInVillage);
        var (status, identified, statusYear, atRisk) = (path.Status, path.Identified, path.StatusYear, path.AtRisk);
        var primary = PickPrimaryCause(rng);
        var household = new Household
        {
            Number = $"{village}{numberInVillage:0000}",
            VillageCode = village,
            CountyCode = countyPrefix,
            VillagerGroup = $"{rng.Next(1, 9)}组",
            Address = $"{rng.Next(1, 9)}组{rng.Next(1, 120)}号",
            Phone = $"1{rng.Next(3, 10)}{rng.Next(0, 10)}{rng.Next(0, 100_000_000):00000000}",
            BankAccount = $"621799{rng.NextInt64(0, 10_000_000_000_000):0000000000000}",
            Attribute = rng.NextDouble() switch { < 0.72 => HouseholdAttribute.Ordinary, < 0.94 => HouseholdAttribute.Dibao, _ => HouseholdAttribute.ExtremeHardship },
            Status = status,
            StatusYear = statusYear,
            IdentifiedYear = identified,
            Standard = rng.NextDouble() < 0.9 ? IdentificationStandard.National : IdentificationStandard.Provincial,
            Monitoring = MonitoringCategory.None,
            PrimaryCause = primary,
            OtherCauses = PickOtherCauses(rng, primary),
            HousingAreaM2 = Math.Round(40 + rng.NextDouble() * 120, 1),
            HousingStructure = (HousingStructure)rng.Next(1, 5),
            HousingSafety = PickHousing(rng, status, atRisk),
            DrinkingWater = rng.NextDouble() switch { < 0.95 => DrinkingWater.Safe, < 0.985 => DrinkingWater.Difficult, _ => DrinkingWater.Unsafe },
            HasElectricity = rng.NextDouble() > 0.005,
            DistanceToRoadKm = Math.Round(rng.NextDouble() * rng.NextDouble() * 8, 1),
            CultivatedLandMu = Math.Round(rng.NextDouble() * 8, 1),
            ForestLandMu = Math.Round(rng.NextDouble() < 0.5 ? rng.NextDouble() * 20 : 0, 1),
            GrasslandMu = Math.Round(rng.NextDouble() < 0.1 ? rng.NextDouble() * 30 : 0, 1),
            IsCooperativeMember = rng.NextDouble() < 0.35,
            CreatedAt = _createdAt,
            UpdatedAt = _createdAt,
        };
        household.IrrigatedLandMu = Math.Round(household.CultivatedLandMu * rng.NextDouble() * 0.6, 1);
        AddMembers(rng, household, sequences);
        AddIncomes(rng, household, path);
        AddHistory(household, path);
        return household;
    }

    /// <summary>
    /// Annual exit plans of the county and its townships for every year with exits: the exits the
    /// registry shows, give or take up to a tenth (plans are made before the year, so few are met exactly).
    /// </summary>
    public IReadOnlyList<ExitPlan> ExitPlans(IReadOnlyDictionary<(string Area, int Year), (int Households, int People)> exits)
    {
        var plans = new List<ExitPlan>();
        foreach (var ((area, year), (households, people)) in exits.OrderBy(e => e.Key.Area, StringComparer.Ordinal).ThenBy(e => e.Key.Year))
        {
            var rng = new Random(Mix(options.Seed + year, area.GetStableHash()));
            var factor = 0.9 + rng.NextDouble() * 0.2;
            var plannedHouseholds = (int)Math.Round(households * factor);
            plans.Add(new ExitPlan
            {
                RegionCode = area, Year = year, Version = 1, PlannedHouseholds = plannedHouseholds,
                PlannedPeople = Math.Max(plannedHouseholds, (int)Math.Round(people * factor)),
                Note = "演示计划 / demo plan", SetBy = "demo", SetAt = new DateTime(year, 1, 15, 0, 0, 0, DateTimeKind.Utc),
            });
        }
        return plans;
    }

    /// <summary>
    /// The household plan (一户一策): one to three measures for each household ever registered poor, chosen
    /// by its causes and housing, in the years it was poor. A random stream of its own, so the rest of the
    /// registry is the same with or without measures.
    /// </summary>
    /// <summary>
    /// The assistance measures of a generated household, drawn from its number so that they are the same every time: the
    /// household record does not carry its measures (they belong to the Assistance feature, which hangs off the registry).
    /// </summary>
    public List<AssistanceMeasure> MeasuresOf(Household household)
    {
        var measures = new List<AssistanceMeasure>();
        if (household.Status is HouseholdStatus.NotPoor or HouseholdStatus.Removed) return measures;
        var rng = new Random(Mix(options.Seed ^ 0x6D656173, household.Number.GetStableHash()));
        var causes = household.AllCauses;
        var types = new List<MeasureType>();
        if (causes.HasFlag(PovertyCause.Illness)) types.Add(MeasureType.Health);
        if (causes.HasFlag(PovertyCause.Disability) || household.Attribute != HouseholdAttribute.Ordinary) types.Add(MeasureType.SocialSecurity);
        if (causes.HasFlag(PovertyCause.Schooling)) types.Add(MeasureType.Education);
        if (causes.HasFlag(PovertyCause.LackOfCapital)) types.Add(MeasureType.Microcredit);
        if (causes.HasFlag(PovertyCause.LackOfSkills)) types.Add(rng.NextDouble() < 0.5 ? MeasureType.SkillsTraining : MeasureType.Employment);
        if (causes.HasFlag(PovertyCause.LackOfLabour)) types.Add(MeasureType.PublicWelfareJob);
        if (causes.HasFlag(PovertyCause.LackOfLand) || causes.HasFlag(PovertyCause.PoorTransport)) types.Add(rng.NextDouble() < 0.3 ? MeasureType.Relocation : MeasureType.AssetIncome);
        if (household.ForestLandMu > 0 && rng.NextDouble() < 0.4) types.Add(MeasureType.EcologicalCompensation);
        if (household.LivesInDangerousHouse || rng.NextDouble() < 0.08) types.Add(MeasureType.HousingRenovation);
        types.Add(MeasureType.Production);
        // A household that returned to poverty is assisted again from its return on, and its measures are under way.
        var returned = household.Status == HouseholdStatus.Returned;
        var firstYear = returned ? household.StatusYear : household.IdentifiedYear;
        var lastYear = household.Status == HouseholdStatus.Exited ? Math.Max(household.IdentifiedYear, household.StatusYear)
            : returned ? options.CurrentYear : Math.Min(2020, options.CurrentYear);
        foreach (var type in types.Distinct().Take(1 + rng.Next(0, 3)))
        {
            var year = firstYear + rng.Next(0, Math.Max(1, lastYear - firstYear + 1));
            var funds = type switch
            {
                MeasureType.Relocation => 25_000m + rng.Next(0, 40_000),
                MeasureType.HousingRenovation => 12_000m + rng.Next(0, 18_000),
                MeasureType.Microcredit => 10_000m * rng.Next(1, 6),
                MeasureType.Production or MeasureType.AssetIncome => 1_000m + rng.Next(0, 4_000),
                _ => rng.NextDouble() < 0.5 ? 200m + rng.Next(0, 2_000) : (decimal?)null,
            };
            measures.Add(new AssistanceMeasure
            {
                Household = household,
                CountyCode = household.CountyCode, Type = type, Year = year, Funds = funds is { } f ? new Money(f) : null,
                Description = $"{Labels.Chinese(type)}（{year}年）",
                State = !returned && (year < Math.Min(2020, options.CurrentYear) || household.Status == HouseholdStatus.Exited) ? MeasureState.Completed : MeasureState.Active,
                CreatedAt = _createdAt, UpdatedAt = _createdAt,
            });
        }
        return measures;
    }

    /// <summary>
    /// A household's way through the registry: identified in <see cref="Identified"/> (0: never registered poor), exited in
    /// <see cref="ExitYear"/>, returned to poverty in <see cref="ReturnYear"/>, removed in the look-back in <see cref="RemovedYear"/>
    /// (0 where it did not happen); <see cref="AtRisk"/>: it lives close to the monitoring line.
    /// </summary>
    internal sealed record Path(HouseholdStatus Status, int Identified, int ExitYear, int ReturnYear, int RemovedYear, int StatusYear, bool AtRisk)
    {
        /// <summary>The status at the end of a year (a household is poor from its identification to its exit, and again once returned).</summary>
        public HouseholdStatus StatusAt(int year) =>
            Identified == 0 || year < Identified ? HouseholdStatus.NotPoor
            : RemovedYear > 0 && year >= RemovedYear ? HouseholdStatus.Removed
            : ReturnYear > 0 && year >= ReturnYear ? HouseholdStatus.Returned
            : ExitYear > 0 && year >= ExitYear ? HouseholdStatus.Exited
            : HouseholdStatus.Poor;
    }

    /// <summary>
    /// The year of registration (建档立卡): almost all in 2014, a few added in the look-back of 2015–16 and the yearly
    /// adjustments after it.
    /// </summary>
    private static readonly (int Year, double Weight)[] IdentifiedShares = [(2014, 0.88), (2015, 0.06), (2016, 0.04), (2017, 0.015), (2018, 0.005)];

    /// <summary>
    /// The exit years of the households registered in 2014: few in the first year, most in 2016–2019, the last in 2020,
    /// so the county's incidence falls every year to none at the end of 2020 (002:66, 002:187: 7.2% in 2014, 5.7% in 2015,
    /// 4.5% in 2016 nationally; none in 2020). A household registered later exits by the same shares from its own year on.
    /// </summary>
    public static readonly IReadOnlyList<(int Year, double Weight)> ExitShares =
        [(2014, 0.08), (2015, 0.13), (2016, 0.17), (2017, 0.19), (2018, 0.20), (2019, 0.17), (2020, 0.06)];

    /// <summary>The two villages whose accounts the demo hands out (DemoHistory's open work is cast there).</summary>
    private static readonly string[] DemoVillages = ["990121001001", "990121001002"];

    /// <summary>
    /// The household's path. Of the demo's households about 15% were never registered poor, 70% were registered and exited by
    /// 2020, 1.5% exited and later returned to poverty (返贫, 2021 on), 12% live close to the monitoring line (half exited
    /// but unstably, half marginal or at risk of sudden hardship and never registered), and 1.5% were removed in the
    /// look-back of 2015–16 (识别不准). Whether a household is monitored is not drawn here: the monitored-object register is
    /// filled by running the monitoring procedure (Data/Demo/DemoHistory, DemoMonitoring).
    /// In the two demo villages the first households are cast for the work the demo accounts find open now: some that
    /// returned to poverty (their exit is under way) and marginal ones (proposed for identification); see <see cref="Cast"/>.
    /// </summary>
    private static Path PickPath(Random rng, int year, string village, int numberInVillage)
    {
        var identified = Pick(IdentifiedShares, rng.NextDouble(), 2014);
        var exitYear = Pick(ExitShares.Where(e => e.Year >= identified).ToArray(), rng.NextDouble(), 2020);
        var roll = rng.NextDouble();
        var cast = Cast(village, numberInVillage);
        if (cast is not null) roll = cast == HouseholdStatus.Returned ? 0.855 : 0.98; // returned; marginal (see the summary)
        if (roll < 0.15) return new(HouseholdStatus.NotPoor, 0, 0, 0, 0, identified, false);
        if (roll < 0.85) return new(HouseholdStatus.Exited, identified, exitYear, 0, 0, exitYear, false);
        if (roll < 0.865)
        {
            // Returned a year or more after the end of the exit campaign; the demo villages' cast returned in 2023 or 2024.
            var returned = cast is not null ? 2023 + numberInVillage % 2 : rng.Next(2021, year + 1);
            return new(HouseholdStatus.Returned, identified, exitYear, returned, 0, returned, false);
        }
        if (roll < 0.985)
        {
            var statusYear = rng.Next(2021, year + 1);
            return rng.NextDouble() < 0.5 && roll < 0.975
                ? new(HouseholdStatus.Exited, identified, exitYear, 0, 0, exitYear, true)   // unstable after exit (脱贫不稳定户)
                : new(HouseholdStatus.NotPoor, 0, 0, 0, 0, statusYear, true);             // marginal or at risk of sudden hardship (边缘易致贫户, 突发严重困难户)
        }
        // Removed in the look-back (回头看) of 2015–16: registered in 2014 or 2015, found wrongly identified.
        var registered = Math.Min(identified, 2015);
        var removed = registered == 2014 ? rng.Next(2015, 2017) : 2016;
        return new(HouseholdStatus.Removed, registered, 0, 0, removed, removed, false);
    }

    /// <summary>
    /// The part a household of a demo village is cast in, if any: in the first village households 1–4 returned to poverty and 5 is
    /// marginal (the rest stay free for the village's monitoring work); in the second 1–5 returned and 6–7 are marginal.
    /// </summary>
    private static HouseholdStatus? Cast(string village, int numberInVillage) => (Array.IndexOf(DemoVillages, village), numberInVillage) switch
    {
        (0, <= 4) or (1, <= 5) => HouseholdStatus.Returned,
        (0, 5) or (1, 6 or 7) => HouseholdStatus.NotPoor,
        _ => null,
    };

    /// <summary>The year a roll in [0, 1) falls on, the weights scaled to their sum (so a truncated table needs no second draw).</summary>
    private static int Pick(IReadOnlyList<(int Year, double Weight)> shares, double roll, int fallback)
    {
        var left = roll * shares.Sum(s => s.Weight);
        foreach (var (y, w) in shares)
        {
            if (left < w) return y;
            left -= w;
        }
        return shares.Count > 0 ? shares[^1].Year : fallback;
    }

    // Primary-cause shares chosen so that primary plus other causes come close to the national
    // registry: illness 42.1%, capital 35.5%, skills 22.4%, labour 16.8% (002:722).
    private static readonly (PovertyCause Cause, double Weight)[] PrimaryWeights =
    [
        (PovertyCause.Illness, 0.36), (PovertyCause.LackOfCapital, 0.17), (PovertyCause.LackOfSkills, 0.10),
        (PovertyCause.LackOfLabour, 0.09), (PovertyCause.Disability, 0.07), (PovertyCause.Schooling, 0.06),
        (PovertyCause.Disaster, 0.04), (PovertyCause.LackOfLand, 0.03), (PovertyCause.LackOfWater, 0.02),
        (PovertyCause.PoorTransport, 0.02), (PovertyCause.LackOfMotivation, 0.03), (PovertyCause.Other, 0.01),
    ];

    private static readonly (PovertyCause Cause, double Probability)[] OtherProbabilities =
    [
        (PovertyCause.Illness, 0.09), (PovertyCause.LackOfCapital, 0.22), (PovertyCause.LackOfSkills, 0.14),
        (PovertyCause.LackOfLabour, 0.09), (PovertyCause.Disability, 0.04), (PovertyCause.Schooling, 0.05),
    ];

    private static PovertyCause PickPrimaryCause(Random rng)
    {
        var roll = rng.NextDouble();
        foreach (var (cause, weight) in PrimaryWeights)
        {
            if (roll < weight) return cause;
            roll -= weight;
        }
        return PovertyCause.Other;
    }

    private static PovertyCause PickOtherCauses(Random rng, PovertyCause primary)
    {
        var others = PovertyCause.None;
        foreach (var (cause, p) in OtherProbabilities)
            if (cause != primary && rng.NextDouble() < p) others |= cause;
        return others;
    }

    private static HousingSafetyGrade PickHousing(Random rng, HouseholdStatus status, bool atRisk)
    {
        var dangerous = status is HouseholdStatus.Poor || atRisk ? 0.08 : 0.005;
        var roll = rng.NextDouble();
        if (roll < dangerous) return rng.NextDouble() < 0.7 ? HousingSafetyGrade.C : HousingSafetyGrade.D;
        return roll < 0.55 ? HousingSafetyGrade.A : HousingSafetyGrade.B;
    }

    private static readonly (int Size, double Weight)[] SizeWeights = [(1, 0.12), (2, 0.20), (3, 0.22), (4, 0.22), (5, 0.14), (6, 0.07), (7, 0.03)];

    private void AddMembers(Random rng, Household household, Dictionary<(DateOnly, Sex), int> sequences)
    {
        var size = 7;
        var roll = rng.NextDouble();
        foreach (var (s, w) in SizeWeights)
        {
            if (roll < w) { size = s; break; }
            roll -= w;
        }
        var today = new DateOnly(options.CurrentYear, 12, 31);
        var surname = DemoNames.Surnames[rng.Next(DemoNames.Surnames.Length)];
        var headAge = size == 1 ? rng.Next(55, 88) : rng.Next(28, 75);
        var headSex = rng.NextDouble() < 0.82 ? Sex.Male : Sex.Female;
        AddMember(rng, household, surname, Relation.Head, headSex, headAge, today, sequences);
        var remaining = size - 1;
        if (remaining > 0 && rng.NextDouble() < 0.85)
        {
            AddMember(rng, household, DemoNames.Surnames[rng.Next(DemoNames.Surnames.Length)], Relation.Spouse,
                headSex == Sex.Male ? Sex.Female : Sex.Male, Math.Max(20, headAge + rng.Next(-5, 4)), today, sequences);
            remaining--;
        }
        if (remaining > 0 && headAge < 60 && rng.NextDouble() < 0.3)
        {
            AddMember(rng, household, surname, Relation.Parent, rng.NextDouble() < 0.5 ? Sex.Male : Sex.Female,
                Math.Min(95, headAge + rng.Next(22, 32)), today, sequences);
            remaining--;
        }
        for (; remaining > 0; remaining--)
        {
            var grandchild = headAge > 55 && rng.NextDouble() < 0.5;
            var sex = rng.NextDouble() < 0.52 ? Sex.Male : Sex.Female;
            var relation = grandchild
                ? (sex == Sex.Male ? Relation.Grandson : Relation.Granddaughter)
                : (sex == Sex.Male ? Relation.Son : Relation.Daughter);
            var age = grandchild ? rng.Next(0, Math.Max(1, headAge - 45)) : rng.Next(0, Math.Max(1, headAge - 20));
            AddMember(rng, household, surname, relation, sex, age, today, sequences);
        }
        ApplyCauseToHealth(rng, household);
    }

    private void AddMember(Random rng, Household household, string surname, Relation relation, Sex sex, int age,
        DateOnly today, Dictionary<(DateOnly, Sex), int> sequences)
    {
        var birth = today.AddYears(-age).AddDays(-rng.Next(0, 365));
        var key = (birth, sex);
        var k = sequences.GetValueOrDefault(key);
        sequences[key] = k + 1;
        // Sequence numbers are odd for men and even for women; 500 per birth date and sex is plenty for a demo county.
        var sequence = (k % 500) * 2 + (sex == Sex.Male ? 1 : 2);
        var id = ResidentId.Create(household.CountyCode, birth, sequence);
        var given = sex == Sex.Male ? DemoNames.MaleGiven : DemoNames.FemaleGiven;
        var member = new Member
        {
            Name = surname + given[rng.Next(given.Length)],
            ResidentId = id.Value,
            Relation = relation,
            Ethnicity = rng.NextDouble() < 0.8 ? Ethnicities.Han : Ethnicities.All[rng.Next(1, 12)],
            HasMedicalInsurance = rng.NextDouble() > 0.01,
            HasPensionInsurance = age >= 16 && rng.NextDouble() < 0.9,
            ReceivesDibao = household.Attribute == HouseholdAttribute.Dibao,
            ReceivesExtremeHardshipSupport = household.Attribute == HouseholdAttribute.ExtremeHardship,
            CountyCode = household.CountyCode,
            CreatedAt = _createdAt,
            UpdatedAt = _createdAt,
        };
        member.SetResidentId(id);
        (member.Education, member.Schooling) = PickSchooling(rng, age);
        member.Labour = age switch
        {
            < 16 => LabourCapacity.None,
            > 70 => LabourCapacity.None,
            > 60 => LabourCapacity.WeakOrPartial,
            _ => rng.NextDouble() < 0.15 ? LabourCapacity.Skilled : LabourCapacity.Ordinary,
        };
        if (member.Labour is LabourCapacity.Ordinary or LabourCapacity.Skilled && rng.NextDouble() < 0.4)
        {
            member.MigrantWorkPlace = DemoNames.WorkPlaces[rng.Next(DemoNames.WorkPlaces.Length)];
            member.MigrantWorkMonths = rng.Next(3, 13);
        }
        household.Members.Add(member);
    }

    private static (Education, SchoolingStatus) PickSchooling(Random rng, int age) => age switch
    {
        < 3 => (Education.Preschool, SchoolingStatus.NotStudent),
        < 6 => (Education.Preschool, SchoolingStatus.Preschool),
        <= 15 => (Education.Primary, rng.NextDouble() < 0.01 ? SchoolingStatus.DroppedOut : SchoolingStatus.Compulsory),
        <= 18 => (Education.JuniorHigh, rng.NextDouble() switch { < 0.45 => SchoolingStatus.SeniorHigh, < 0.75 => SchoolingStatus.Vocational, _ => SchoolingStatus.NotStudent }),
        <= 22 => (Education.SeniorHigh, rng.NextDouble() < 0.3 ? SchoolingStatus.Higher : SchoolingStatus.NotStudent),
        _ => (rng.NextDouble() switch { < 0.15 => Education.Illiterate, < 0.5 => Education.Primary, < 0.85 => Education.JuniorHigh, < 0.95 => Education.SeniorHigh, _ => Education.Vocational }, SchoolingStatus.NotStudent),
    };

    /// <summary>A household poor through illness or disability has a member who is ill or disabled.</summary>
    private static void ApplyCauseToHealth(Random rng, Household household)
    {
        foreach (var m in household.Members)
            if (rng.NextDouble() < 0.06) m.Health = HealthStatus.ChronicIllness;
        var adults = household.Members.Where(m => m.Relation is Relation.Head or Relation.Spouse or Relation.Parent).ToList();
        var patient = adults[rng.Next(adults.Count)];
        if (household.AllCauses.HasFlag(PovertyCause.Illness))
            patient.Health = rng.NextDouble() < 0.4 ? HealthStatus.SeriousIllness : HealthStatus.ChronicIllness;
        if (household.AllCauses.HasFlag(PovertyCause.Disability))
        {
            patient.Health = HealthStatus.Disabled;
            patient.DisabilityGrade = (DisabilityGrade)rng.Next(1, 5);
        }
        foreach (var m in household.Members.Where(m => m.Health is HealthStatus.SeriousIllness || m.DisabilityGrade is DisabilityGrade.Grade1 or DisabilityGrade.Grade2))
        {
            m.Labour = LabourCapacity.Lost;
            m.MigrantWorkPlace = "";
            m.MigrantWorkMonths = 0;
        }
    }

    /// <summary>
    /// Mean per-capita net income of an exited household by year, chosen so that the registered households' mean (the poor
    /// below the line, the exited above it) follows the seeds: 3,033.84 yuan in 2015 to 13,036.8 in 2020, 33.86% a year
    /// (004:45); after 2020 growth slows (12%, 10%, 8%, 7%, 6%) as the transition period consolidates the exits.
    /// </summary>
    public static readonly IReadOnlyDictionary<int, double> ExitedMeanIncome = new Dictionary<int, double>
    {
        [2014] = 5_500, [2015] = 6_300, [2016] = 7_800, [2017] = 8_900, [2018] = 10_300, [2019] = 12_000, [2020] = 15_300,
        [2021] = 17_100, [2022] = 18_800, [2023] = 20_300, [2024] = 21_700, [2025] = 23_000,
    };

    /// <summary>Mean per-capita income of a household never registered: a poor county's rural mean, about 10% more each year.</summary>
    private static double NotPoorMeanIncome(int year) => 7_650 * Math.Pow(1.10, year - 2015);

    private static double ExitedMean(int year) =>
        ExitedMeanIncome.TryGetValue(year, out var m) ? m : ExitedMeanIncome[2025] * Math.Pow(1.06, year - 2025);

    private static double Line(int year) => (double)Rules.PovertyLines.NationalRuleSet(year).PovertyLine;

    /// <summary>
    /// Incomes from <see cref="DemoOptions.FirstIncomeYear"/>: below the year's poverty line (the rule set's table) while poor,
    /// above it from the exit on and rising every year, close to the monitoring line (1.5 lines) when at risk.
    /// </summary>
    private void AddIncomes(Random rng, Household household, Path path)
    {
        var people = household.Members.Count;
        // The household's place in the spread of incomes, fixed over the years (mean 1, never under 0.55 of the mean).
        var level = 0.55 + rng.NextDouble() * rng.NextDouble() * 1.35;
        for (var year = options.FirstIncomeYear; year <= options.CurrentYear; year++)
        {
            var line = Line(year);
            var perCapita = path.StatusAt(year) switch
            {
                HouseholdStatus.Poor or HouseholdStatus.Returned => line * (0.6 + rng.NextDouble() * 0.35),
                _ when path.AtRisk && (path.Identified == 0 || year >= path.ExitYear) => line * (1.3 + rng.NextDouble() * 0.5),
                HouseholdStatus.Exited => ExitedMean(year) * level * (0.95 + rng.NextDouble() * 0.1),
                _ => NotPoorMeanIncome(year) * level * (0.95 + rng.NextDouble() * 0.1),
            };
            var net = (decimal)Math.Round(perCapita * people, 2);
            var costs = (decimal)Math.Round(household.CultivatedLandMu * (150 + rng.NextDouble() * 250), 2);
            var gross = net + costs;
            var migrants = household.Members.Count(m => m.MigrantWorkMonths > 0);
            var wagesShare = migrants > 0 ? 0.5 + rng.NextDouble() * 0.25 : 0.1 + rng.NextDouble() * 0.2;
            var pension = 1_300m * household.Members.Count(m => m.AgeOn(new DateOnly(year, 12, 31)) >= 60);
            var dibao = household.Attribute == HouseholdAttribute.Dibao ? 3_600m * Math.Min(people, 3) : 0m;
            var hardship = household.Attribute == HouseholdAttribute.ExtremeHardship ? 6_000m : 0m;
            var ecological = household.ForestLandMu > 0 ? (decimal)Math.Round(household.ForestLandMu * 16, 2) : 0m;
            // Transfers never make up more than 90% of the household's income: scale them down when they would.
            var transferScale = Math.Min(1m, gross * 0.9m / Math.Max(1m, pension + dibao + hardship + ecological));
            (pension, dibao, hardship, ecological) = (decimal.Round(pension * transferScale, 2), decimal.Round(dibao * transferScale, 2),
                decimal.Round(hardship * transferScale, 2), decimal.Round(ecological * transferScale, 2));
            var transfers = pension + dibao + hardship + ecological;
            var rest = Math.Max(0m, gross - transfers);
            var wages = decimal.Round(rest * (decimal)wagesShare, 2);
            var property = decimal.Round(rest * (decimal)(rng.NextDouble() * 0.05), 2);
            var other = decimal.Round(rest * 0.03m, 2);
            var production = rest - wages - property - other;
            household.Incomes.Add(new HouseholdIncome
            {
                Year = year, CountyCode = household.CountyCode, MembersCounted = people,
                Wages = new Money(wages), ProductionIncome = new Money(production), PropertyIncome = new Money(property),
                Pension = new Money(pension), DibaoAllowance = new Money(dibao), ExtremeHardshipAllowance = new Money(hardship),
                EcologicalCompensation = new Money(ecological), OtherTransfers = new Money(other),
                ProductionCosts = new Money(Math.Min(costs, gross)),
            });
        }
    }

    /// <summary>The status history of the household's path, each change in its own year.</summary>
    private void AddHistory(Household household, Path path)
    {
        if (path.Identified == 0) return; // never registered poor: no history
        var at = _createdAt;
        household.Status = HouseholdStatus.NotPoor;
        household.ChangeStatus(HouseholdStatus.Poor, path.Identified, "建档立卡识别", "demo", at);
        if (path.RemovedYear > 0)
            household.ChangeStatus(HouseholdStatus.Removed, path.RemovedYear, "回头看：识别不准，予以剔除", "demo", at);
        if (path.ExitYear > 0)
            household.ChangeStatus(HouseholdStatus.Exited, path.ExitYear, "达到脱贫标准", "demo", at);
        if (path.ReturnYear > 0)
            household.ChangeStatus(HouseholdStatus.Returned, path.ReturnYear, "因病返贫", "demo", at);
    }

    /// <summary>A fixed mix of two integers (System.HashCode is randomised per process, so it cannot be used).</summary>
    internal static int Mix(int a, int b) => unchecked((int)(((uint)a * 2654435761u) ^ ((uint)b * 2246822519u + 0x9E3779B9u)));
}

internal static class StableHash
{
    /// <summary>FNV-1a over the characters: the same on every run and machine.</summary>
    public static int GetStableHash(this string s)
    {
        var h = 2166136261u;
        foreach (var c in s) h = unchecked((h ^ c) * 16777619u);
        return unchecked((int)h);
    }
}
