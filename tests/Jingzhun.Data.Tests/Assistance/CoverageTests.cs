using CsCheck;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using static Jingzhun.Data.Tests.Assistance.CoverageRegister;

namespace Jingzhun.Data.Tests.Assistance;

/// <summary>
/// The coverage report lists exactly the uncovered villages, households and cadres of a crafted county, on both engines; a
/// township officer of another township sees none of its rows; each list downloads as xlsx with its rows, audited; and over
/// random small registers every figure equals a count by hand, covered plus uncovered is the total and children sum to
/// their parent.
/// </summary>
public sealed class CoverageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string County = DemoGenerator.CountyCode;
    private const string Township1 = "990121001000";
    private const string Township2 = "990121002000";
    private const string V1 = "990121001001", V2 = "990121001002", V3 = "990121001003", V4 = "990121001004";
    private const string V5 = "990121002001", V6 = "990121002002";
    private static readonly DateTime Now = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);

    private sealed record Crafted(Dictionary<string, long> H, Dictionary<string, int> C);

    /// <summary>
    /// Poor villages V1 (team, first secretary), V2 (team; its first secretary left), V3 (only a rotated team), V5 (no team),
    /// V6 (team, first secretary); V4 is not poor but has a team. Households: H1 poor paired with a plan; H2 poor paired
    /// without a plan; H3 returned with a plan, not paired; H4 poor whose pairing ended, no plan; H5 exited but monitored,
    /// with a superseded plan only; H6 exited, monitoring eliminated, nothing; H7 not poor; H8 exited, paired with a plan;
    /// H9 poor paired with C1 and a plan; E1–E4 poor in V6 paired with C1 with plans; H10 removed. Cadres: C1 with six
    /// households (over the limit of five), C2 with two, C3 with none, C4 has left.
    /// </summary>
    private static async Task<Crafted> CraftAsync(TestDatabase database)
    {
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        await SetPoorVillagesAsync(db, DemoGenerator.CountyPrefix, [V1, V2, V3, V5, V6], Ct);
        var t1 = Team(db, V1); Member(db, t1, TeamRole.FirstSecretary); Member(db, t1, TeamRole.Member);
        var t2 = Team(db, V2); Member(db, t2, TeamRole.FirstSecretary, left: true); Member(db, t2, TeamRole.Leader);
        var t3 = Team(db, V3, stationed: false); Member(db, t3, TeamRole.FirstSecretary);
        var t4 = Team(db, V4); Member(db, t4, TeamRole.FirstSecretary);
        var t6 = Team(db, V6); Member(db, t6, TeamRole.FirstSecretary);
        await db.SaveChangesAsync(Ct);

        var h = new Dictionary<string, Household>
        {
            ["H1"] = await HouseholdAsync(db, V1, HouseholdStatus.Poor, Ct),
            ["H2"] = await HouseholdAsync(db, V1, HouseholdStatus.Poor, Ct),
            ["H3"] = await HouseholdAsync(db, V2, HouseholdStatus.Returned, Ct),
            ["H4"] = await HouseholdAsync(db, V5, HouseholdStatus.Poor, Ct),
            ["H5"] = await HouseholdAsync(db, V1, HouseholdStatus.Exited, Ct),
            ["H6"] = await HouseholdAsync(db, V2, HouseholdStatus.Exited, Ct),
            ["H7"] = await HouseholdAsync(db, V4, HouseholdStatus.NotPoor, Ct),
            ["H8"] = await HouseholdAsync(db, V3, HouseholdStatus.Exited, Ct),
            ["H9"] = await HouseholdAsync(db, V6, HouseholdStatus.Poor, Ct),
            ["H10"] = await HouseholdAsync(db, V1, HouseholdStatus.Removed, Ct),
        };
        for (var i = 1; i <= 4; i++) h[$"E{i}"] = await HouseholdAsync(db, V6, HouseholdStatus.Poor, Ct);
        var c = new Dictionary<string, Cadre>
        {
            ["C1"] = await CadreAsync(db, DemoGenerator.CountyPrefix, "超额干部", ct: Ct),
            ["C2"] = await CadreAsync(db, DemoGenerator.CountyPrefix, "普通干部", ct: Ct),
            ["C3"] = await CadreAsync(db, DemoGenerator.CountyPrefix, "新干部", ct: Ct),
            ["C4"] = await CadreAsync(db, DemoGenerator.CountyPrefix, "调离干部", CadreState.Left, Ct),
        };
        foreach (var key in new[] { "H1", "H9", "E1", "E2", "E3", "E4" }) Pair(db, h[key], c["C1"]);
        Pair(db, h["H2"], c["C2"]);
        Pair(db, h["H8"], c["C2"]);
        Pair(db, h["H4"], c["C2"], ended: true);
        foreach (var key in new[] { "H1", "H3", "H8", "H9", "E1", "E2", "E3", "E4" }) Plan(db, h[key]);
        Plan(db, h["H5"], PlanState.Superseded);
        Monitor(db, h["H5"]);
        Monitor(db, h["H6"], eliminated: true);
        await db.SaveChangesAsync(Ct);
        return new Crafted(h.ToDictionary(x => x.Key, x => x.Value.Id), c.ToDictionary(x => x.Key, x => x.Value.Id));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_report_lists_exactly_the_uncovered_villages_households_and_cadres_of_a_crafted_county(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "coverage")).WithRegionsAsync();
        var crafted = await CraftAsync(database);
        long[] Ids(params string[] keys) => [.. keys.Select(k => crafted.H[k]).Order()];

        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        var report = (await Coverage.ForAsync(db, County, Now, ct: Ct))!;
        Assert.Equal([V3, V5], report.VillagesWithoutTeam.Select(v => v.Code));
        Assert.Equal([V2, V3, V5], report.VillagesWithoutFirstSecretary.Select(v => v.Code));
        Assert.Equal(Ids("H3", "H4", "H5"), report.HouseholdsWithoutCadre.Select(x => x.Id).Order());
        Assert.Equal(Ids("H2", "H4", "H5"), report.HouseholdsWithoutPlan.Select(x => x.Id).Order());
        var over = Assert.Single(report.CadresOverLimit);
        Assert.Equal((crafted.C["C1"], 6, 5), (over.Id, over.Caseload, over.Limit));
        Assert.True(report.HouseholdsWithoutCadre.Single(x => x.Id == crafted.H["H5"]).Monitored);

        Assert.Equal(new CoverageFigure(5, 2), report.Area[CoverageList.VillagesWithoutTeam]);
        Assert.Equal(new CoverageFigure(5, 3), report.Area[CoverageList.VillagesWithoutFirstSecretary]);
        Assert.Equal(new CoverageFigure(10, 3), report.Area[CoverageList.HouseholdsWithoutCadre]);
        Assert.Equal(new CoverageFigure(10, 3), report.Area[CoverageList.HouseholdsWithoutPlan]);
        Assert.Equal(new CoverageFigure(3, 1), report.Area[CoverageList.CadresOverLimit]);
        Assert.Equal(0.7, report.Area[CoverageList.HouseholdsWithoutCadre].Rate!.Value, 9);

        // Townships: the first holds V1–V4, the second V5 and V6.
        var t1 = report.Children.Single(x => x.Code == Township1);
        var t2 = report.Children.Single(x => x.Code == Township2);
        Assert.Equal(new CoverageFigure(3, 1), t1[CoverageList.VillagesWithoutTeam]);
        Assert.Equal(new CoverageFigure(2, 1), t2[CoverageList.VillagesWithoutTeam]);
        Assert.Equal(new CoverageFigure(4, 2), t1[CoverageList.HouseholdsWithoutCadre]);
        Assert.Equal(new CoverageFigure(6, 1), t2[CoverageList.HouseholdsWithoutCadre]);
        Assert.Equal(new CoverageFigure(2, 1), t1[CoverageList.CadresOverLimit]); // C1 and C2 help there
        Assert.Equal(new CoverageFigure(1, 1), t2[CoverageList.CadresOverLimit]);

        // A village's report: V1 lacks nothing as a village; H5 lacks both, H2 a plan.
        var village = (await Coverage.ForAsync(db, V1, Now, ct: Ct))!;
        Assert.Empty(village.Children);
        Assert.Empty(village.VillagesWithoutTeam);
        Assert.Equal(Ids("H5"), village.HouseholdsWithoutCadre.Select(x => x.Id));
        Assert.Equal(Ids("H2", "H5"), village.HouseholdsWithoutPlan.Select(x => x.Id).Order());
        Assert.Equal(crafted.C["C1"], Assert.Single(village.CadresOverLimit).Id);

        // The province and the nation hold the same rows.
        var nation = (await Coverage.ForAsync(db, RegionCode.Nation.Value, Now, ct: Ct))!;
        Assert.Equal(report.Area.Figures.OrderBy(f => f.Key), nation.Area.Figures.OrderBy(f => f.Key));

        // A limit raised in the year's rule set frees C1.
        var rules = await Jingzhun.Data.Rules.RuleBook.ForAsync(db, County, Now.Year, Ct);
        var draft = await Jingzhun.Data.Rules.RuleSetVersions.CreateDraftAsync(db, rules with { Year = Now.Year, Jurisdiction = "99", CadreCaseloadLimit = 6 }, "上限", Now, Ct);
        await Jingzhun.Data.Rules.RuleSetVersions.PublishAsync(db, draft.Id, "发布", Now, Ct);
        Assert.Empty((await Coverage.ForAsync(db, County, Now, ct: Ct))!.CadresOverLimit);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_township_officer_of_another_township_sees_none_of_its_rows_and_the_lists_download_as_xlsx(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await (await TestDatabase.CreateAsync(provider, folder, "coverage-scope")).WithRegionsAsync();
        var crafted = await CraftAsync(database);
        var officer = AccessScope.For(new Account { Id = 999, UserName = "t2", DisplayName = "二镇", Role = Role.TownshipOfficer, RegionCode = Township2 });
        await using (var db = JingzhunDb.Create(database.Target, officer))
        {
            Assert.Null(await Coverage.ForAsync(db, County, Now, ct: Ct));
            Assert.Null(await Coverage.ForAsync(db, Township1, Now, ct: Ct));
            Assert.Null(await Coverage.ForAsync(db, V1, Now, ct: Ct));
            Assert.Null(await Coverage.ExportAsync(db, Township1, CoverageList.HouseholdsWithoutCadre, Now, Ct));
            var own = (await Coverage.ForAsync(db, Township2, Now, ct: Ct))!;
            Assert.Equal([V5], own.VillagesWithoutTeam.Select(v => v.Code));
            Assert.Equal([crafted.H["H4"]], own.HouseholdsWithoutCadre.Select(x => x.Id));
            Assert.All(own.HouseholdsWithoutPlan, x => Assert.StartsWith("990121002", x.VillageCode, StringComparison.Ordinal));
            // C1's caseload counts all six households, though only five lie in this township.
            Assert.Equal(6, Assert.Single(own.CadresOverLimit).Caseload);
            Assert.Null(await WorkTeams.ForAreaAsync(db, V1, Now, Ct));
        }

        await using var county = JingzhunDb.Create(database.Target, AccessScope.For(new Account
        {
            Id = 998, UserName = "county-x", DisplayName = "县", Role = Role.CountyOfficer, RegionCode = County,
        }));
        foreach (var (list, expected) in new[]
                 {
                     (CoverageList.VillagesWithoutTeam, 2), (CoverageList.VillagesWithoutFirstSecretary, 3), (CoverageList.HouseholdsWithoutCadre, 3),
                     (CoverageList.HouseholdsWithoutPlan, 3), (CoverageList.CadresOverLimit, 1),
                 })
        {
            var bytes = (await Coverage.ExportAsync(county, County, list, Now, Ct))!;
            var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(expected, rows.Count);
            Assert.True(rows[0].ContainsKey("序号"));
        }
        var households = MiniExcelLibs.MiniExcel.Query(new MemoryStream((await Coverage.ExportAsync(county, County, CoverageList.HouseholdsWithoutCadre, Now, Ct))!),
            useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(households, r => (string?)r["户类别"] == "监测对象");
        Assert.Equal(6, await county.AuditEntries.CountAsync(a => a.EntityType == "CoverageReport" && a.Action == Domain.Audit.AuditAction.Export, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Over_random_registers_every_figure_equals_a_count_by_hand_and_children_sum_to_the_parent(DatabaseProvider provider)
    {
        using var folder = new TestFolder();
        await using var database = await TestDatabase.CreateAsync(provider, folder, "coverage-random");
        await JingzhunDb.MigrateAsync(database.Target, Ct);
        await DemoSeeder.SeedAsync(database.Target, new DemoOptions(0, 5, Townships: 2, VillagesPerTownship: 3), cancellationToken: Ct);
        List<string> villages;
        List<string> areas;
        List<Cadre> cadres = [];
        await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            villages = await db.Regions.Where(r => r.Level == RegionLevel.Village && r.Code.StartsWith(DemoGenerator.CountyPrefix)).Select(r => r.Code).OrderBy(c => c).ToListAsync(Ct);
            areas = await db.Regions.Where(r => r.Code.StartsWith(DemoGenerator.CountyPrefix)).Select(r => r.Code).ToListAsync(Ct);
            for (var i = 0; i < 4; i++) cadres.Add(await CadreAsync(db, DemoGenerator.CountyPrefix, $"干部{i}", ct: Ct));
        }
        var statuses = new[] { HouseholdStatus.Poor, HouseholdStatus.Returned, HouseholdStatus.Exited, HouseholdStatus.NotPoor, HouseholdStatus.Removed };
        // A household: village, status, monitored (none / active / eliminated), cadre (none / one of four / ended), plan (none / in force / superseded).
        var householdGen = Gen.Select(Gen.Int[0, villages.Count - 1], Gen.Int[0, statuses.Length - 1], Gen.Int[0, 2], Gen.Int[-1, 4], Gen.Int[0, 2]);
        // A village: poor or not, team (none / stationed / rotated), first secretary (none / present / left).
        var villageGen = Gen.Select(Gen.Bool, Gen.Int[0, 2], Gen.Int[0, 2]);
        await Gen.Select(householdGen.List[0, 14], villageGen.Array[villages.Count]).SampleAsync(async sample =>
        {
            var (households, villageSpecs) = sample;
            await using (var db = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            {
                var poor = villages.Where((_, i) => villageSpecs[i].Item1).ToList();
                await SetPoorVillagesAsync(db, DemoGenerator.CountyPrefix, poor, Ct);
                for (var i = 0; i < villages.Count; i++)
                {
                    var (_, team, secretary) = villageSpecs[i];
                    if (team == 0) continue;
                    var t = Team(db, villages[i], stationed: team == 1);
                    if (secretary > 0) Member(db, t, TeamRole.FirstSecretary, left: secretary == 2);
                }
                await db.SaveChangesAsync(Ct);
                foreach (var (v, s, monitored, cadre, plan) in households)
                {
                    var h = await HouseholdAsync(db, villages[v], statuses[s], Ct);
                    if (monitored > 0) Monitor(db, h, eliminated: monitored == 2);
                    if (cadre == 4) Pair(db, h, cadres[0], ended: true);
                    else if (cadre >= 0) Pair(db, h, cadres[cadre]);
                    if (plan > 0) Plan(db, h, plan == 1 ? PlanState.InForce : PlanState.Superseded);
                    await db.SaveChangesAsync(Ct);
                }
            }

            await using var reader = JingzhunDb.Create(database.Target, AccessScope.System("test"));
            var all = await reader.Households.AsNoTracking().Where(h => h.VillageCode.StartsWith(DemoGenerator.CountyPrefix))
                .Select(h => new { h.Id, h.VillageCode, h.Status }).ToListAsync(Ct);
            var monitoredIds = (await reader.MonitoredObjects.Where(m => m.State != RiskState.Eliminated).Select(m => m.HouseholdId).ToListAsync(Ct)).ToHashSet();
            var pairings = await reader.CadrePairings.Where(p => p.EndedOn == null).Select(p => new { p.HouseholdId, p.CadreId }).ToListAsync(Ct);
            var paired = pairings.Select(p => p.HouseholdId).ToHashSet();
            var planned = (await reader.Plans.Where(p => p.State == PlanState.InForce).Select(p => p.HouseholdId).ToListAsync(Ct)).ToHashSet();
            var regions = await reader.Regions.Where(r => r.Level == RegionLevel.Village && r.IsPoorVillage && r.Code.StartsWith(DemoGenerator.CountyPrefix))
                .Select(r => r.Code).ToListAsync(Ct);
            var stationed = (await reader.WorkTeams.Where(t => t.State == WorkTeamState.Stationed).Select(t => t.VillageCode).ToListAsync(Ct)).ToHashSet();
            var secretaries = (await reader.WorkTeamMembers.Where(m => m.LeftOn == null && m.Role == TeamRole.FirstSecretary && m.Team!.State == WorkTeamState.Stationed)
                .Select(m => m.VillageCode).ToListAsync(Ct)).ToHashSet();
            var caseload = pairings.GroupBy(p => p.CadreId).ToDictionary(g => g.Key, g => g.Count());
            var targets = all.Where(h => h.Status is HouseholdStatus.Poor or HouseholdStatus.Returned || monitoredIds.Contains(h.Id)).ToList();

            foreach (var area in areas)
            {
                var prefix = RegionCode.Parse(area).Prefix;
                var report = (await Coverage.ForAsync(reader, area, Now, rows: 10_000, ct: Ct))!;
                var mine = targets.Where(h => h.VillageCode.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                var poorHere = regions.Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                Assert.Equal(poorHere.Where(r => !stationed.Contains(r)).Order(), report.VillagesWithoutTeam.Select(v => v.Code).Order());
                Assert.Equal(poorHere.Where(r => !secretaries.Contains(r)).Order(), report.VillagesWithoutFirstSecretary.Select(v => v.Code).Order());
                Assert.Equal(mine.Where(h => !paired.Contains(h.Id)).Select(h => h.Id).Order(), report.HouseholdsWithoutCadre.Select(h => h.Id).Order());
                Assert.Equal(mine.Where(h => !planned.Contains(h.Id)).Select(h => h.Id).Order(), report.HouseholdsWithoutPlan.Select(h => h.Id).Order());
                Assert.Equal(new CoverageFigure(poorHere.Count, report.VillagesWithoutTeam.Count), report.Area[CoverageList.VillagesWithoutTeam]);
                Assert.Equal(new CoverageFigure(mine.Count, report.HouseholdsWithoutCadre.Count), report.Area[CoverageList.HouseholdsWithoutCadre]);
                Assert.Equal(new CoverageFigure(mine.Count, report.HouseholdsWithoutPlan.Count), report.Area[CoverageList.HouseholdsWithoutPlan]);
                var countsCadres = RegionCode.Parse(area).Level <= RegionLevel.County;
                var expectedOver = caseload.Where(c => c.Value > 5).Select(c => c.Key)
                    .Count(id => countsCadres || pairings.Any(p => p.CadreId == id && mine.Any(h => h.Id == p.HouseholdId)
                        || p.CadreId == id && all.Any(h => h.Id == p.HouseholdId && h.VillageCode.StartsWith(prefix, StringComparison.Ordinal))));
                Assert.Equal(expectedOver, report.CadresOverLimit.Count);
                Assert.All(report.CadresOverLimit, c => Assert.Equal(caseload[c.Id], c.Caseload));
                foreach (var list in Coverage.Lists)
                {
                    var figure = report.Area[list];
                    Assert.Equal(figure.Total, figure.Covered + figure.Uncovered);
                    Assert.InRange(figure.Uncovered, 0, figure.Total);
                    // Children sum to the parent; the cadres of a county's townships are the one exception (a cadre may help in two).
                    var additive = list != CoverageList.CadresOverLimit || RegionCode.Parse(area).Level < RegionLevel.County;
                    if (report.Children.Count > 0 && additive)
                        Assert.Equal(figure, report.Children.Aggregate(CoverageFigure.Zero, (sum, c) => sum + c[list]));
                }
            }
        }, iter: 5, threads: 1);
    }
}
