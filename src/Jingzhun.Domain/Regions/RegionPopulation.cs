namespace Jingzhun.Domain.Regions;

/// <summary>
/// The rural registered population (农村户籍人口) of a village in one year: the denominator of
/// poverty incidence for that year. <see cref="Region.RuralPopulation"/> holds the latest figure.
/// </summary>
public sealed class RegionPopulation
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public int Year { get; set; }
    public int RuralPopulation { get; set; }
}
