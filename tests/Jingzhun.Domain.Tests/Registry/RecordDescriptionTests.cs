using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Tests.Registry;

/// <summary>The descriptions cover their entities: a property added to the entity and forgotten in the description fails here.</summary>
public sealed class RecordDescriptionTests
{
    [Fact]
    public void Every_stored_household_property_is_described_once()
    {
        string[] own = [nameof(Household.Id), nameof(Household.Version), nameof(Household.CreatedAt), nameof(Household.UpdatedAt)];
        Assert.Equal(Stored<Household>().Except(own).Order(), HouseholdRecord.Fields.Select(f => f.Code).Order());
    }

    [Fact]
    public void Every_stored_member_property_is_described_once()
    {
        string[] own = [nameof(Member.Id), nameof(Member.HouseholdId), nameof(Member.CountyCode), nameof(Member.Version), nameof(Member.CreatedAt), nameof(Member.UpdatedAt)];
        Assert.Equal(Stored<Member>().Except(own).Order(), MemberRecord.Fields.Select(f => f.Code).Order());
    }

    [Fact]
    public void Headers_are_unique_and_every_editable_field_has_one()
    {
        foreach (var headers in new[] { HouseholdRecord.Fields.Select(f => f.Header), MemberRecord.Fields.Select(f => f.Header) })
            Assert.Equal(headers.OfType<string>().Distinct().Count(), headers.OfType<string>().Count());
        Assert.All(HouseholdRecord.Editable, f => Assert.NotNull(f.Header));
        Assert.All(MemberRecord.Editable, f => Assert.NotNull(f.Header));
    }

    [Fact]
    public void A_field_reads_its_text_and_checks_its_limits_with_its_label()
    {
        var h = new Household { Number = "1", VillageCode = "990121001001" };
        Assert.True(HouseholdRecord.HousingSafety.TrySetText(h, "D级"));
        Assert.Equal(HousingSafetyGrade.D, h.HousingSafety);
        Assert.True(HouseholdRecord.OtherCauses.TrySetText(h, "因病、Disability"));
        Assert.Equal(PovertyCause.Illness | PovertyCause.Disability, h.OtherCauses);
        h.GrasslandMu = -1;
        Assert.Equal("牧草地面积应为0至1000000之间的数", HouseholdRecord.GrasslandMu.CheckLimits(h)?.Chinese);
        Assert.Equal("耕地面积（亩）", HouseholdRecord.CultivatedLandMu.FormLabel(english: false));
        Assert.Equal(FieldKind.Flags, HouseholdRecord.OtherCauses.Kind);
    }

    /// <summary>Public settable scalar properties: the stored columns (navigation lists are not).</summary>
    private static IEnumerable<string> Stored<T>() =>
        typeof(T).GetProperties().Where(p => p.SetMethod is { IsPublic: true }
                                             && (p.PropertyType.IsValueType || p.PropertyType == typeof(string)))
            .Select(p => p.Name);
}
