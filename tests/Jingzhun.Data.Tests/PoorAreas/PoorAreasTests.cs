using CsCheck;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.PoorAreas;
using Jingzhun.Data.Regions;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.PoorAreas;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Statistics;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.PoorAreas;

/// <summary>
/// Issue 21 points 1 and 2 on both engines: a village that meets "一高一低一无" is identified through the village's
/// application, the township's notice and the county's announcement and becomes a poor village from the case's year; one
/// that does not is refused with the failing criterion named; a county's designations by year change the grouping of a
/// past year's report; the side doors (a poor village recorded by hand, the flags edited as attributes) are shut.
/// </summary>
public abstract class PoorAreasTests(DatabaseProvider provider) : IDisposable
{
    private const string County = DemoGenerator.CountyCode;
    private const int Year = 2025;
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc);

    public void Dispose() => _folder.Dispose();

    private sealed class Clock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }

    private static JingzhunDbContext As(TestDatabase database, string user, DateTime? now = null) =>
        JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)), new Clock(now ?? Now));

    private static JingzhunDbContext As(TestDatabase database, Role role, string region, DateTime? now = null) =>
        JingzhunDb.Create(database.Target, AccessScope.For(new Account
        {
            Id = 800 + (int)role, UserName = "t" + role, DisplayName = "测试", Role = role, RegionCode = region,
        }), new Clock(now ?? Now));

    /// <summary>
    /// The demo county's regions with 40 households, all not poor but those of <c>Target</c> (a village not yet a poor
    /// village), every village 100 rural people: the target's incidence is many times the province's.
    /// </summary>
    private async Task<(TestDatabase Database, string Target, string Other)> WorldAsync(string name)
    {
        var database = await (await TestDatabase.CreateAsync(provider, _folder, name)).WithRegionsAsync();
        await using var sys = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await DemoSeeder.AddHouseholdsAsync(sys, new DemoGenerator(new DemoOptions(40, 3)).Households(), "test", cancellationToken: Ct);
        var notPoor = await sys.Regions.Where(r => r.Level == RegionLevel.Village && !r.IsPoorVillage && r.ValidTo == null).Select(r => r.Code).ToListAsync(Ct);
        var target = (await sys.Households.Where(h => notPoor.Contains(h.VillageCode)).GroupBy(h => h.VillageCode)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(Ct)).OrderByDescending(g => g.Count).ThenBy(g => g.Key).First().Key;
        var other = notPoor.Where(c => c != target).Order(StringComparer.Ordinal).First();
        await sys.Households.ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, HouseholdStatus.NotPoor), Ct);
        await sys.Households.Where(h => h.VillageCode == target).ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, HouseholdStatus.Poor), Ct);
        await sys.Regions.Where(r => r.Level == RegionLevel.Village).ExecuteUpdateAsync(s => s.SetProperty(r => r.RuralPopulation, 100), Ct);
        return (database, target, other);
    }

    [Fact]
    public async Task A_village_that_meets_the_rule_is_identified_through_its_steps()
    {
        var (database, target, _) = await WorldAsync("identified");
        await using var _ = database;
        var township = target[..9] + "000";

        // The township may not apply for the village: only the village committee applies.
        await using (var officer = As(database, Role.TownshipOfficer, township))
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => VillageIdentification.ApplyAsync(officer, target, Year, new(2_000m, 0m), Now, Ct));

        long caseId;
        await using (var village = As(database, Role.VillageClerk, target))
        {
            var row = (await VillageIdentification.ListAsync(village, County, Year, Ct)).Single(r => r.Code == target);
            Assert.True(row.Decision.Criteria.Single(c => c.Code == "incidence").Passed);
            Assert.False(row.IsPoorVillage);

            var (decision, opened) = await VillageIdentification.ApplyAsync(village, target, Year, new(2_000m, 0m, "村民代表大会决议申请"), Now, Ct);
            Assert.True(decision.Passed, decision.Summary(false));
            Assert.NotNull(opened);
            Assert.Equal(Stage.VillageApplication, opened!.Stage);
            caseId = opened.Id;
            await CaseWorkflow.AdvanceAsync(village, caseId, new StepInput("报乡镇审核"), Now, Ct);
        }
        await using (var officer = As(database, Role.TownshipOfficer, township, Now.AddDays(1)))
        {
            // The township's notice runs its days first.
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => CaseWorkflow.AdvanceAsync(officer, caseId, new StepInput("审核通过"), Now.AddDays(1), Ct));
        }
        await using (var officer = As(database, Role.TownshipOfficer, township, Now.AddDays(8)))
            Assert.Equal(Stage.CountyVillageAnnouncement, (await CaseWorkflow.AdvanceAsync(officer, caseId, new StepInput("公示无异议"), Now.AddDays(8), Ct)).Stage);
        await using (var county = As(database, "county", Now.AddDays(9)))
            Assert.Equal(Stage.VillageIdentified, (await CaseWorkflow.AdvanceAsync(county, caseId, new StepInput("县级审定公告"), Now.AddDays(9), Ct)).Stage);

        await using var reader = As(database, "county");
        var designation = Assert.Single(await AreaDesignations.OfRegionAsync(reader, target, Ct));
        Assert.Equal((DesignationKind.PoorVillage, Year, (int?)null, (long?)caseId), (designation.Kind, designation.FromYear, designation.ToYear, designation.CaseId));
        var region = await reader.Regions.SingleAsync(r => r.Code == target && r.ValidTo == null, Ct);
        Assert.True(region.IsPoorVillage);
        Assert.Equal(Year, region.PoorSinceYear);
        Assert.True((await VillageIdentification.ListAsync(reader, County, Year, Ct)).Single(r => r.Code == target).IsPoorVillage);
        Assert.False((await VillageIdentification.ListAsync(reader, County, Year - 1, Ct)).Single(r => r.Code == target).IsPoorVillage);
        Assert.Contains(await reader.AuditEntries.Where(a => a.EntityType == nameof(RegionDesignation)).Select(a => a.RegionCode).ToListAsync(Ct), c => c == target);

        // The what-if counts the village in its township at the rule's values and none with an incidence multiple of 100.
        var whatIf = await VillageIdentification.WhatIfAsync(reader, County, Year, 2m, 0.6m, Ct);
        var line = whatIf.Single(l => l.Code == township);
        Assert.True(line.QualifyOnIncidence >= 1 && line.QualifyOnAll >= 1 && line.Declared >= 1);
        Assert.All(await VillageIdentification.WhatIfAsync(reader, County, Year, 100m, 0.6m, Ct), l => Assert.Equal(0, l.QualifyOnIncidence));
    }

    [Fact]
    public async Task A_village_that_does_not_meet_the_rule_is_refused_with_the_failing_criterion_named()
    {
        var (database, target, other) = await WorldAsync("refused");
        await using var _ = database;
        await using (var village = As(database, Role.VillageClerk, other))
        {
            var (decision, opened) = await VillageIdentification.ApplyAsync(village, other, Year, new(2_000m, 0m), Now, Ct);
            Assert.Null(opened);
            Assert.False(decision.Passed);
            Assert.Equal(["incidence"], decision.Failed.Select(c => c.Code));
            Assert.Contains("贫困发生率", decision.Summary(false));
            Assert.Contains("Incidence", decision.Summary(true));
        }
        await using (var village = As(database, Role.VillageClerk, target))
        {
            // Income above the line and a collective income: both named.
            var (decision, opened) = await VillageIdentification.ApplyAsync(village, target, Year, new(9_000m, 12_000m), Now, Ct);
            Assert.Null(opened);
            Assert.Equal(["income", "collective-income"], decision.Failed.Select(c => c.Code));
        }
        await using var reader = As(database, "county");
        Assert.Equal(2, await reader.Decisions.CountAsync(d => d.Rule == PoorVillageRules.Rule && !d.Passed, Ct));
        Assert.False(await reader.Cases.AnyAsync(c => c.Kind == CaseKind.VillageIdentification, Ct));
        Assert.Empty(await AreaDesignations.OfRegionAsync(reader, other, Ct));
    }

    [Fact]
    public async Task A_countys_designations_by_year_change_the_grouping_of_a_past_years_report()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "grouping")).WithRegionsAsync();
        await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            foreach (var year in new[] { 2016, 2018, 2022 })
                sys.Aggregates.Add(new AreaAggregate { RegionCode = County, Level = RegionLevel.County, Year = year, PoorPeople = 500, RuralPopulation = 10_000 });
            await sys.SaveChangesAsync(Ct);
        }
        static int In(List<DesignationGrouping> report, string grouping, int group) =>
            report.Single(g => g.Name.Chinese == grouping).Groups[group].Places;

        await using var county = As(database, "county");
        // The demo county was a national key county from 2014 to 2020 (its flags as the historic list).
        Assert.Contains(await AreaDesignations.OfRegionAsync(county, County, Ct), d => d is { Kind: DesignationKind.NationalKeyCounty, FromYear: 2014, ToYear: 2020 });
        Assert.Equal(1, In(await DesignationReport.ForAsync(county, County, 2016, 2016, Ct), "贫困县与非贫困县", 0));
        Assert.Equal(1, In(await DesignationReport.ForAsync(county, County, 2022, 2022, Ct), "贫困县与非贫困县", 1));
        Assert.Equal(0, In(await DesignationReport.ForAsync(county, County, 2018, 2018, Ct), "深度贫困地区", 0));

        // Designated a deep-poverty county for 2017–2020: the 2018 report groups it so, the 2016 one does not.
        await AreaDesignations.RecordAsync(county, new DesignationForm(County, DesignationKind.DeepPovertyCounty, 2017, 2020, "国家深度贫困县名单"), Now, Ct);
        var report2018 = await DesignationReport.ForAsync(county, County, 2018, 2018, Ct);
        Assert.Equal(1, In(report2018, "深度贫困地区", 0));
        Assert.Equal(500, report2018.Single(g => g.Name.Chinese == "深度贫困地区").Groups[0].PoorPeople);
        Assert.Equal(0, In(await DesignationReport.ForAsync(county, County, 2016, 2016, Ct), "深度贫困地区", 0));
        Assert.True((await county.Regions.SingleAsync(r => r.Code == County && r.ValidTo == null, Ct)).IsDeepPoverty);

        // A key county for rural revitalisation from 2021 shows in 2022 only; it cannot begin before 2021.
        await Assert.ThrowsAsync<WorkflowBlockedException>(() =>
            AreaDesignations.RecordAsync(county, new DesignationForm(County, DesignationKind.RevitalisationKeyCounty, 2020, null, "名单"), Now, Ct));
        var key = await AreaDesignations.RecordAsync(county, new DesignationForm(County, DesignationKind.RevitalisationKeyCounty, 2021, null, "国家乡村振兴重点帮扶县名单"), Now, Ct);
        Assert.Equal(1, In(await DesignationReport.ForAsync(county, County, 2022, 2022, Ct), "国家乡村振兴重点帮扶县", 0));

        // Ended in 2021 with a reason: the 2022 report no longer counts it; without a reason it is refused.
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => AreaDesignations.EndAsync(county, key.Id, 2021, " ", Now, Ct));
        await AreaDesignations.EndAsync(county, key.Id, 2021, "调整名单", Now, Ct);
        Assert.Equal(0, In(await DesignationReport.ForAsync(county, County, 2022, 2022, Ct), "国家乡村振兴重点帮扶县", 0));
        Assert.Equal((2021, "调整名单"), ((await county.Designations.SingleAsync(d => d.Id == key.Id, Ct)).ToYear, (await county.Designations.SingleAsync(d => d.Id == key.Id, Ct)).EndedReason));
    }

    [Fact]
    public async Task A_villages_exit_ends_its_poor_village_designation_in_the_exit_year()
    {
        var (database, _, _) = await WorldAsync("exit");
        await using var _ = database;
        string village;
        await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            village = await sys.Designations.Where(d => d.Kind == DesignationKind.PoorVillage && d.ToYear == null).OrderBy(d => d.RegionCode)
                .Select(d => d.RegionCode).FirstAsync(Ct);
        var township = village[..9] + "000";
        long caseId;
        await using (var officer = As(database, Role.TownshipOfficer, township))
        {
            // No poor people left: the village meets the exit rule.
            var (decision, opened) = await Exit.AreaExit.ProposeAsync(officer, village, Year, "出列", Now, Ct);
            Assert.True(decision.Passed, decision.Summary(false));
            caseId = opened!.Id;
            await CaseWorkflow.AdvanceAsync(officer, caseId, new StepInput("公示"), Now, Ct);
        }
        await using (var officer = As(database, Role.TownshipOfficer, township, Now.AddDays(8)))
            await CaseWorkflow.AdvanceAsync(officer, caseId, new StepInput("公告"), Now.AddDays(8), Ct);
        await using (var county = As(database, "county", Now.AddDays(9)))
            Assert.Equal(Stage.VillageExited, (await CaseWorkflow.AdvanceAsync(county, caseId, new StepInput("出列"), Now.AddDays(9), Ct)).Stage);

        await using var reader = As(database, "county");
        var designation = (await AreaDesignations.OfRegionAsync(reader, village, Ct)).Single(d => d.Kind == DesignationKind.PoorVillage);
        Assert.Equal(Year, designation.ToYear);
        Assert.Contains("出列", designation.EndedReason);
        var region = await reader.Regions.SingleAsync(r => r.Code == village && r.ValidTo == null, Ct);
        Assert.Equal((true, (int?)Year), (region.IsPoorVillage, region.ExitedYear)); // the flag keeps what it was
        Assert.True((await VillageIdentification.ListAsync(reader, County, Year, Ct)).Single(r => r.Code == village).IsPoorVillage);
        Assert.False((await VillageIdentification.ListAsync(reader, County, Year + 1, Ct)).Single(r => r.Code == village).IsPoorVillage);
    }

    [Fact]
    public async Task Villages_are_grouped_by_their_designations_of_the_year_over_random_figures()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "village-groups")).WithRegionsAsync();
        List<string> villages;
        await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            villages = await sys.Regions.Where(r => r.Level == RegionLevel.Village && r.ValidTo == null).Select(r => r.Code).ToListAsync(Ct);
        // Each village's figures of a year: poor and returned households and people, exits and rural population.
        var figuresGen = Gen.Int[0, 40].Array[5, 5].Array[villages.Count, villages.Count];
        await Gen.Select(figuresGen, Gen.Int[2015, 2023]).SampleAsync(async sample =>
        {
            var (figures, year) = sample;
            await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            {
                await sys.Aggregates.Where(a => a.Year == year).ExecuteDeleteAsync(Ct);
                sys.Aggregates.AddRange(villages.Select((v, i) => new AreaAggregate
                {
                    RegionCode = v, Level = RegionLevel.Village, Year = year, PoorHouseholds = figures[i][0], ReturnedHouseholds = figures[i][1],
                    PoorPeople = figures[i][2], ReturnedPeople = figures[i][1], ExitedInYearPeople = figures[i][3], RuralPopulation = figures[i][4],
                }));
                await sys.SaveChangesAsync(Ct);
            }
            await using var county = As(database, "county");
            var held = await AreaDesignations.HeldInAsync(county, "99", year, Ct);
            foreach (var (grouping, kind) in new[] { ("贫困村与非贫困村", DesignationKind.PoorVillage), ("深度贫困村", DesignationKind.DeepPovertyVillage) })
            foreach (var area in new[] { County, County[..9] + "000" })
            {
                var under = villages.Select((v, i) => (Code: v, Figures: figures[i])).Where(v => v.Code.StartsWith(RegionCode.Parse(area).Prefix, StringComparison.Ordinal)).ToList();
                var groups = (await DesignationReport.ForAsync(county, area, year, year, Ct)).Single(g => g.Name.Chinese == grouping).Groups;
                foreach (var (group, inGroup) in new[] { (groups[0], true), (groups[1], false) })
                {
                    var expected = under.Where(v => (held.TryGetValue(v.Code, out var kinds) && kinds.Contains(kind)) == inGroup).ToList();
                    Assert.Equal((expected.Count, expected.Sum(v => v.Figures[0] + v.Figures[1]), expected.Sum(v => v.Figures[2] + v.Figures[1]),
                            expected.Sum(v => v.Figures[3]), expected.Sum(v => v.Figures[4])),
                        (group.Places, group.PoorHouseholds, group.PoorPeople, group.ExitedInYearPeople, group.RuralPopulation));
                }
                Assert.True(groups[0].Places > 0 || kind == DesignationKind.DeepPovertyVillage);
            }
        }, iter: 4, threads: 1);
    }

    [Fact]
    public async Task A_region_import_brings_the_historic_lists_in_as_designations_with_the_import_as_source()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "import")).WithRegionsAsync();
        const string village = "990121001099";
        var file = _folder.File("regions.csv");
        File.WriteAllText(file, "区划代码,名称,级别,上级代码,城乡分类代码,西部,贫困县,贫困村,深度贫困,列为贫困年度,退出年度,生效日期,失效日期,农村户籍人口\n"
            + $"{village},新设村,村,990121001000,220,是,否,是,是,2015,2018,2014-01-01,,300\n", new System.Text.UTF8Encoding(true));
        for (var round = 0; round < 2; round++) // the second import brings nothing twice
            await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
                Assert.Empty((await RegionImporter.ImportAsync(sys, file, ct: Ct)).Errors);

        await using var reader = As(database, "county");
        var designations = await AreaDesignations.OfRegionAsync(reader, village, Ct);
        Assert.Equal([(DesignationKind.PoorVillage, 2015, (int?)2018), (DesignationKind.DeepPovertyVillage, 2017, 2018)],
            designations.Select(d => (d.Kind, d.FromYear, d.ToYear)));
        Assert.All(designations, d => Assert.Contains("regions.csv", d.Source));
    }

    [Fact]
    public async Task The_side_doors_are_shut()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider, _folder, "doors")).WithRegionsAsync();
        var village = "990121001002";
        await using (var county = As(database, "county"))
        {
            // A poor village only through the identification workflow.
            await Assert.ThrowsAsync<WorkflowBlockedException>(() =>
                AreaDesignations.RecordAsync(county, new DesignationForm(village, DesignationKind.PoorVillage, 2014, null, "手工录入"), Now, Ct));
        }
        await using (var clerk = As(database, "village2"))
        {
            // A village clerk records no designation, not even of its own village.
            await Assert.ThrowsAsync<WorkflowRefusedException>(() =>
                AreaDesignations.RecordAsync(clerk, new DesignationForm(village, DesignationKind.DeepPovertyVillage, 2017, null, "名单"), Now, Ct));
        }
        await using (var province = As(database, "province"))
        {
            // The region's attributes may not flip the poor flags.
            var region = await province.Regions.AsNoTracking().SingleAsync(r => r.Code == village && r.ValidTo == null, Ct);
            var attributes = new RegionAttributes(region.IsWestern, region.IsPoorCounty, !region.IsPoorVillage, region.IsDeepPoverty, region.PoorSinceYear,
                region.ExitedYear, region.UrbanRuralClass);
            await Assert.ThrowsAnyAsync<Exception>(() => RegionChanges.SetAttributesAsync(province, village, attributes, new DateOnly(2026, 5, 1), "改标志", Now, Ct));
            Assert.Equal(region.IsPoorVillage, (await province.Regions.AsNoTracking().SingleAsync(r => r.Code == village && r.ValidTo == null, Ct)).IsPoorVillage);
        }
    }
}

public sealed class PoorAreasOnSqlite() : PoorAreasTests(DatabaseProvider.Sqlite);

public sealed class PoorAreasOnPostgres() : PoorAreasTests(DatabaseProvider.Postgres);
