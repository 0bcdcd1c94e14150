namespace Jingzhun.Domain.Regions;

/// <summary>
/// An administrative unit. Codes change when units merge, so a unit is never rewritten: a new
/// row with a new validity period replaces it and the old one keeps its <see cref="ValidTo"/>.
/// </summary>
public sealed class Region
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public RegionLevel Level { get; set; }
    /// <summary>Code of the parent unit; empty for a province.</summary>
    public string ParentCode { get; set; } = "";
    public DateOnly ValidFrom { get; set; } = new(2014, 1, 1);
    public DateOnly? ValidTo { get; set; }
    /// <summary>西部: the twelve western provinces, where exit thresholds are 3% instead of 2%.</summary>
    public bool IsWestern { get; set; }
    public bool IsPoorCounty { get; set; }
    public bool IsPoorVillage { get; set; }
    /// <summary>深度贫困.</summary>
    public bool IsDeepPoverty { get; set; }
    /// <summary>Rural registered population (villages only): the denominator of poverty incidence.</summary>
    public int RuralPopulation { get; set; }
    /// <summary>城乡分类代码: the statistical urban–rural class (e.g. 111 city centre, 220 village), empty when not given.</summary>
    public string UrbanRuralClass { get; set; } = "";
    /// <summary>The year the unit was listed as a poor county or poor village (贫困县 / 贫困村), when it was.</summary>
    public int? PoorSinceYear { get; set; }
    /// <summary>The year a poor village exited (出列) or a poor county exited (摘帽); the flags keep what it was.</summary>
    public int? ExitedYear { get; set; }

    public RegionCode RegionCode => RegionCode.Parse(Code);

    public bool IsValidOn(DateOnly date) => ValidFrom <= date && (ValidTo is null || date < ValidTo);

    /// <summary>Names of the 12 western provinces (DESIGN §2).</summary>
    public static IReadOnlySet<string> WesternProvinceCodes { get; } =
        new HashSet<string> { "15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65" };
}
