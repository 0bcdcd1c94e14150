using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Tests.Demo;

public sealed class ProvinceGeneratorTests
{
    private static readonly ProvinceOptions Small = new(4_000, Seed: 5);

    [Fact]
    public void The_tree_is_a_province_of_cities_counties_townships_and_villages_with_valid_codes()
    {
        var regions = new ProvinceGenerator(Small).Regions();
        var byCode = regions.ToDictionary(r => r.Code);
        Assert.Single(regions, r => r.Level == RegionLevel.Province);
        Assert.InRange(regions.Count(r => r.Level == RegionLevel.County), 96, 120);
        foreach (var r in regions)
        {
            Assert.Matches("^98[0-9]{10}$", r.Code);
            Assert.True(RegionCode.TryParse(r.Code, out _, out var error), error);
            if (r.Level != RegionLevel.Province) Assert.True(byCode.ContainsKey(r.ParentCode), r.Code);
        }
        Assert.Contains(regions, r => r.IsPoorVillage);
        Assert.Contains(regions, r => r.IsPoorCounty);
    }

    [Fact]
    public void The_households_add_up_and_do_not_depend_on_how_they_are_generated()
    {
        var generator = new ProvinceGenerator(Small);
        var sequential = generator.Households().ToList();
        var parallel = new ProvinceGenerator(Small).Households(workers: 3).ToList();
        var byCounty = generator.Counties().SelectMany(generator.CountyHouseholds).ToList();
        Assert.Equal(Small.Households, sequential.Count);
        Assert.Equal(Fingerprint(sequential), Fingerprint(parallel));
        Assert.Equal(Fingerprint(sequential), Fingerprint(byCounty));
        Assert.NotEqual(Fingerprint(sequential), Fingerprint(new ProvinceGenerator(Small with { Seed = 6 }).Households().ToList()));
    }

    [Fact]
    public void Households_are_valid_with_unique_numbers_and_resident_ids_and_about_three_and_a_half_members()
    {
        var households = new ProvinceGenerator(Small).Households().ToList();
        Assert.Equal(households.Count, households.Select(h => h.Number).Distinct().Count());
        var ids = households.SelectMany(h => h.Members).Select(m => m.ResidentId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.InRange(ids.Count / (double)households.Count, 3.1, 3.7);
        var today = new DateOnly(2025, 12, 31);
        foreach (var h in households.Take(500))
        {
            Assert.StartsWith(h.CountyCode, h.VillageCode);
            Assert.Empty(RegistryValidation.Household(h));
            foreach (var m in h.Members) Assert.Empty(RegistryValidation.Member(m, today));
        }
    }

    private static string Fingerprint(List<Household> households) => string.Join('|', households.Select(h =>
        $"{h.Number},{h.Status},{h.PrimaryCause},{string.Join(';', h.Members.Select(m => m.ResidentId + m.Name))},{h.Incomes.Sum(i => i.Wages.Yuan + i.ProductionCosts.Yuan)}"));
}
