using Jingzhun.Data.Database;
using Jingzhun.Data.Rules;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Rules;

namespace Jingzhun.Data.Tests.Rules;

/// <summary>What-if in the data layer: streamed past one page of households, limited to the reader's scope, applied only in its jurisdiction.</summary>
public sealed class WhatIfTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_township_sees_only_its_own_households_change_and_a_draft_of_another_province_changes_nothing()
    {
        using var folder = new TestFolder();
        await using var database = await TestDatabase.Sqlite(folder, "whatif").WithDemoAsync(1_500);
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var raised = PovertyLines.NationalRuleSet(2025) with { PovertyLine = 6000m };

        var all = await WhatIf.RunAsync(system, raised, Ct);
        Assert.True(all.Evaluated > 1_000, "the run must cross a page of households");
        Assert.Equal(await system.Households.CountAsync(h => h.Status == HouseholdStatus.Poor || h.Status == HouseholdStatus.Returned
                                                             || h.Status == HouseholdStatus.NotPoor || h.Status == HouseholdStatus.Exited, Ct), all.Evaluated);
        Assert.Equal(all.Changes.Count, all.Changes.Select(c => c.HouseholdId).Distinct().Count());

        var township = AccessScope.For(new Account { UserName = "t", DisplayName = "t", Role = Role.TownshipOfficer, RegionCode = "990121001000" });
        await using var scoped = JingzhunDb.Create(database.Target, township);
        var own = await WhatIf.RunAsync(scoped, raised, Ct);
        Assert.Equal(all.Changes.Where(c => c.VillageCode.StartsWith("990121001", StringComparison.Ordinal)).Select(c => c.HouseholdId),
            own.Changes.Select(c => c.HouseholdId));

        var elsewhere = await WhatIf.RunAsync(system, raised with { Jurisdiction = "33" }, Ct);
        Assert.Empty(elsewhere.Changes);
    }

    [Theory]
    [InlineData(Role.NationalOfficer, "000000000000", "", true)]
    [InlineData(Role.ProvinceOfficer, "990000000000", "", false)]
    [InlineData(Role.ProvinceOfficer, "990000000000", "99", true)]
    [InlineData(Role.ProvinceOfficer, "990000000000", "98", false)]
    [InlineData(Role.CityOfficer, "990100000000", "99", false)]
    [InlineData(Role.CountyOfficer, "990121000000", "", false)]
    [InlineData(Role.CountyOfficer, "990121000000", "99", false)]
    public void Only_the_nation_writes_national_rules_and_a_province_its_own(Role role, string region, string jurisdiction, bool may) =>
        Assert.Equal(may, RuleSetVersions.MayWrite(AccessScope.For(new Account { UserName = "u", DisplayName = "u", Role = role, RegionCode = region }), jurisdiction));
}
