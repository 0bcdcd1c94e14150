using Jingzhun.Data.Access;
using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Assessment;

/// <summary>
/// The annual assessment on crafted counties of the demo city in a year no demo data reaches (2030): every indicator's value
/// worked out by hand from the registry's status history, the exit plan, recorded assessment forms, incomes and the funds
/// ledger; scores and ranks; the timetable; finalised means frozen; and every wrong role refused with nothing stored.
/// </summary>
public abstract class AnnualAssessmentTests(DatabaseProvider provider) : IDisposable
{
    private const int Year = 2030;
    private const string A = "990121000000", B = "990122000000", C = "990123000000";
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(Year, 12, 10, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime At = new(Year - 1, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private static int _sequence;

    public void Dispose() => _folder.Dispose();

    private sealed class Clock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }

    private static JingzhunDbContext As(TestDatabase database, string user) =>
        JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)), new Clock(Now));

    /// <summary>
    /// Three counties of the demo city: A (990121) 6 poor people at the end of 2029, 2 at the end of 2030 (a household of 4
    /// exited, plan 4 people); B (990122) 10 → 5 (plan 10); C (990123) 3 → 3, no plan. Forms of a 2030 assessment in A only;
    /// incomes in A and B; funds allocated and partly paid in A only.
    /// </summary>
    private async Task<TestDatabase> CountiesAsync(string name)
    {
        var database = await (await TestDatabase.CreateAsync(provider, _folder, name)).WithRegionsAsync();
        await using var db = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        foreach (var county in new[] { B, C })
        {
            if (await db.Regions.AnyAsync(r => r.Code == county, Ct)) continue;
            var prefix = county[..6];
            db.Regions.Add(new Region { Code = county, Name = $"测试县{prefix}", Level = RegionLevel.County, ParentCode = "990100000000" });
            db.Regions.Add(new Region { Code = prefix + "001000", Name = $"测试乡{prefix}", Level = RegionLevel.Township, ParentCode = county });
            db.Regions.Add(new Region { Code = prefix + "001001", Name = $"测试村{prefix}", Level = RegionLevel.Village, ParentCode = prefix + "001000" });
        }
        await db.SaveChangesAsync(Ct);

        var a1 = await HouseholdAsync(db, "990121001001", 4, exits: true, incomes: (8_000, 10_000));
        var a2 = await HouseholdAsync(db, "990121001001", 2, exits: false, incomes: (4_000, 5_000));
        await HouseholdAsync(db, "990122001001", 5, exits: false, incomes: (10_000, 12_000));
        await HouseholdAsync(db, "990122001001", 5, exits: true, incomes: (10_000, 10_000));
        await HouseholdAsync(db, "990123001001", 3, exits: false, incomes: null);
        db.ExitPlans.Add(new ExitPlan { RegionCode = A, Year = Year, Version = 1, PlannedHouseholds = 2, PlannedPeople = 9, SetBy = "test", SetAt = At });
        db.ExitPlans.Add(new ExitPlan { RegionCode = A, Year = Year, Version = 2, PlannedHouseholds = 1, PlannedPeople = 4, SetBy = "test", SetAt = At });
        db.ExitPlans.Add(new ExitPlan { RegionCode = B, Year = Year, Version = 1, PlannedHouseholds = 2, PlannedPeople = 10, SetBy = "test", SetAt = At });

        // A 2030 assessment with six recorded forms in A: 1 wrong exit of 4, 0 missed of 2; 3 of 4 recognise.
        var project = new AssessmentProject
        {
            Name = "2030年度评估", Year = Year, Kind = AssessmentKind.Annual, Design = SampleDesign.Stratified, State = AssessmentState.Closed,
            OrganiserCode = "990000000000", OrganiserPrefix = "99", CreatedBy = "test", CreatedAt = At,
        };
        db.AssessmentProjects.Add(project);
        await db.SaveChangesAsync(Ct);
        (SampleFrame Frame, bool Finding, ExitRecognition? Recognition)[] forms =
        [
            (SampleFrame.Exited, true, ExitRecognition.DoesNotRecognise), (SampleFrame.Exited, false, ExitRecognition.Recognises),
            (SampleFrame.Exited, false, ExitRecognition.Recognises), (SampleFrame.Exited, false, ExitRecognition.Recognises),
            (SampleFrame.Unregistered, false, null), (SampleFrame.Unregistered, false, null),
        ];
        var order = 0;
        foreach (var f in forms)
            db.SampledHouseholds.Add(new SampledHousehold
            {
                ProjectId = project.Id, CountyCode = "990121", Stratum = "990121", VillageCode = "990121001001", OrganiserPrefix = "99",
                Phase = SamplePhase.Closed, Frame = f.Frame, HouseholdId = f.Frame == SampleFrame.Exited ? a1.Id : null, FoundName = f.Frame == SampleFrame.Exited ? null : "未建档户",
                DrawOrder = ++order, Weight = 1m, Finding = f.Finding, Recognition = f.Recognition, RecordedAt = At, RecordedBy = "assessor",
                PerCapitaIncome = 5_000m,
            });
        // Funds: 100 000 allocated to A for 2030, 80 000 paid.
        var allocation = new FundAllocation
        {
            Year = Year, Source = FundSource.CentralFiscal, FromCode = "990100000000", ToCode = A, CountyCode = "990121", Amount = new Money(100_000),
            IssuedOn = new DateOnly(Year, 3, 1), DocumentNumber = "示市扶〔2030〕1号", Purpose = "测试",
        };
        db.Allocations.Add(allocation);
        await db.SaveChangesAsync(Ct);
        db.Payments.Add(new FundPayment
        {
            CountyCode = "990121", RegionCode = A, Year = Year, Kind = PaymentKind.Project, PaidOn = new DateOnly(Year, 4, 1), Amount = new Money(80_000),
            Source = FundSource.CentralFiscal, AllocationId = allocation.Id, Payee = "施工单位", Purpose = "道路", PurposeType = ProjectType.Infrastructure,
            Voucher = "V2030-1", RecordedBy = "test", RecordedAt = At,
        });
        await db.SaveChangesAsync(Ct);
        _ = a2;
        return database;
    }

    /// <summary>A household poor since 2029 with <paramref name="people"/> present members; exited in 2030 when asked; with incomes of 2029 and 2030.</summary>
    private static async Task<Household> HouseholdAsync(JingzhunDbContext db, string village, int people, bool exits, (decimal Before, decimal After)? incomes)
    {
        var n = Interlocked.Increment(ref _sequence);
        var household = new Household
        {
            Number = $"{village}{n:0000}", VillageCode = village, CountyCode = Household.CountyOf(village), Status = HouseholdStatus.NotPoor,
            StatusYear = Year - 1, PrimaryCause = PovertyCause.Illness, IdentifiedYear = Year - 1,
        };
        household.ChangeStatus(HouseholdStatus.Poor, Year - 1, "识别", "test", At).Source = StatusChangeSource.InitialLoad;
        if (exits) household.ChangeStatus(HouseholdStatus.Exited, Year, "脱贫", "test", At.AddYears(1)).Source = StatusChangeSource.InitialLoad;
        for (var i = 0; i < people; i++)
        {
            var member = new Member { Name = "", ResidentId = "", CountyCode = household.CountyCode };
            new MemberForm
            {
                Name = $"成员{n}-{i}", Relation = i == 0 ? Relation.Head : Relation.Other,
                ResidentId = ResidentId.Create(village[..6], new DateOnly(1960 + i, 1 + n % 12, 1 + n % 28), 100 + (n * 10 + i) % 800).Value,
            }.ApplyTo(member);
            household.Members.Add(member);
        }
        if (incomes is { } inc)
            foreach (var (year, wages) in new[] { (Year - 1, inc.Before), (Year, inc.After) })
                household.Incomes.Add(new HouseholdIncome { Year = year, CountyCode = household.CountyCode, MembersCounted = people, Wages = new Money(wages) });
        db.Households.Add(household);
        await db.SaveChangesAsync(Ct);
        return household;
    }

    private static async Task<AnnualAssessment> CreateAsync(TestDatabase database, string user = "city", RegionLevel level = RegionLevel.County)
    {
        await using var db = As(database, user);
        return await AnnualAssessments.CreateAsync(db, Year, level, Now, Ct);
    }

    [Fact]
    public async Task The_city_computes_and_ranks_its_counties_from_the_records()
    {
        await using var database = await CountiesAsync("compute");
        var assessment = await CreateAsync(database);
        await using (var city = As(database, "city"))
            Assert.NotNull(await AnnualAssessments.ComputeAsync(city, assessment.Id, Now, Ct));

        await using var reader = As(database, "city");
        var report = (await AnnualAssessments.ReportAsync(reader, assessment.Id, Now, Ct))!;
        var areas = report.Areas.ToDictionary(a => a.Code);
        decimal? V(string area, AnnualIndicator i) => areas[area].Lines.Single(l => l.Indicator == i).Value is { } v ? Math.Round(v, 4) : null;
        decimal S(string area, AnnualIndicator i) => areas[area].Lines.Single(l => l.Indicator == i).Score;

        // A: 6 → 2 poor people (0.6667, the best: 25), 4 of 4 planned (the latest plan version), precision 1 − (1/4 + 0/2) ÷ 2,
        // recognition 3/4, income 2 000 → 2 500 per person (0.25, the best: 15), 80 000 of 100 000 paid.
        Assert.Equal([0.6667m, 1m, 0.875m, 0.75m, 0.25m, 0.8m], AnnualScoring.Indicators.Select(i => V(A, i)));
        Assert.Equal([25m, 15m, 17.5m, 11.25m, 15m, 8m], AnnualScoring.Indicators.Select(i => S(A, i)));
        Assert.Equal(91.75m, areas[A].Total);
        // B: 10 → 5 (0.5 of the best 0.6667: 18.75), 5 of 10 planned, no forms, income 2 000 → 2 200 (0.1 of the best 0.25: 6), no funds.
        Assert.Equal([0.5m, 0.5m, null, null, 0.1m, null], AnnualScoring.Indicators.Select(i => V(B, i)));
        Assert.Equal([18.75m, 7.5m, 0m, 0m, 6m, 0m], AnnualScoring.Indicators.Select(i => S(B, i)));
        Assert.Equal(32.25m, areas[B].Total);
        // C: no fall, no plan, nothing else.
        Assert.Equal([0m, null, null, null, null, null], AnnualScoring.Indicators.Select(i => V(C, i)));
        Assert.Equal(0m, areas[C].Total);
        Assert.Equal([1, 2], new[] { areas[A].Rank, areas[B].Rank });
        Assert.True(areas[C].Rank >= 3);
        // Sources say where each figure came from; missing ones say "no data".
        Assert.Contains("2029年末6人", areas[A].Lines[0].Source);
        Assert.Contains("第2版", areas[A].Lines[1].Source);
        Assert.StartsWith("无数据 no data", areas[C].Lines[1].Source);
        Assert.All(report.Areas.SelectMany(a => a.Lines), l => Assert.NotEmpty(l.Source));

        // Computing again changes nothing and adds no row; the province office reads the same figures.
        await using (var city = As(database, "city"))
            await AnnualAssessments.ComputeAsync(city, assessment.Id, Now, Ct);
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        Assert.Equal(report.Areas.Count * 6, await system.AnnualScores.CountAsync(s => s.AssessmentId == assessment.Id, Ct));
        await using var province = As(database, "province");
        var byProvince = (await AnnualAssessments.ReportAsync(province, assessment.Id, Now, Ct))!;
        Assert.Equal(report.Areas.Select(a => (a.Code, a.Total, a.Rank)), byProvince.Areas.Select(a => (a.Code, a.Total, a.Rank)));
    }

    [Fact]
    public async Task The_province_office_reads_the_same_figures_for_its_counties()
    {
        await using var database = await CountiesAsync("province");
        var byCity = await CreateAsync(database);
        var byProvince = await CreateAsync(database, "province");
        foreach (var (user, id) in new[] { ("city", byCity.Id), ("province", byProvince.Id) })
        {
            await using var db = As(database, user);
            await AnnualAssessments.ComputeAsync(db, id, Now, Ct);
        }
        await using var reader = As(database, "province");
        var city = (await AnnualAssessments.ReportAsync(reader, byCity.Id, Now, Ct))!;
        var province = (await AnnualAssessments.ReportAsync(reader, byProvince.Id, Now, Ct))!;
        foreach (var code in new[] { A, B, C })
            Assert.Equal(city.Areas.Single(a => a.Code == code).Lines.Select(l => l.Value),
                province.Areas.Single(a => a.Code == code).Lines.Select(l => l.Value));
    }

    [Fact]
    public async Task A_county_reads_only_its_own_score_and_rank()
    {
        await using var database = await CountiesAsync("county");
        var assessment = await CreateAsync(database);
        await using (var city = As(database, "city"))
            await AnnualAssessments.ComputeAsync(city, assessment.Id, Now, Ct);
        await using var county = As(database, "county");
        var report = (await AnnualAssessments.ReportAsync(county, assessment.Id, Now, Ct))!;
        var own = Assert.Single(report.Areas);
        Assert.Equal((A, 1, 91.75m), (own.Code, own.Rank, own.Total));
        Assert.False(report.MayRun);
        Assert.Contains(await AnnualAssessments.ListAsync(county, Ct), a => a.Id == assessment.Id);
        // A county's xlsx holds its own row; the download is audited.
        Assert.NotNull(await AnnualAssessments.ExportAsync(county, assessment.Id, Now, Ct));
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        Assert.True(await system.AuditEntries.AnyAsync(e => e.Action == AuditAction.Export && e.EntityType == "AnnualAssessment" && e.Actor == "county", Ct));
    }

    [Fact]
    public async Task The_timetable_and_the_levels_are_checked()
    {
        await using var database = await CountiesAsync("window");
        await using (var early = JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == "city")), new Clock(new DateTime(Year, 11, 30, 0, 0, 0, DateTimeKind.Utc))))
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => AnnualAssessments.CreateAsync(early, Year, RegionLevel.County, new DateTime(Year, 11, 30, 0, 0, 0, DateTimeKind.Utc), Ct));
        await using (var city = As(database, "city"))
        {
            await Assert.ThrowsAsync<AssessmentInputException>(() => AnnualAssessments.CreateAsync(city, Year, RegionLevel.Province, Now, Ct));
            await Assert.ThrowsAsync<AssessmentInputException>(() => AnnualAssessments.CreateAsync(city, Year + 1, RegionLevel.County, Now, Ct));
        }
        var created = await CreateAsync(database);
        await Assert.ThrowsAsync<WorkflowBlockedException>(() => CreateAsync(database));
        await using var reader = As(database, "city");
        var report = (await AnnualAssessments.ReportAsync(reader, created.Id, Now, Ct))!;
        Assert.Equal((new DateOnly(Year, 12, 1), new DateOnly(Year + 1, 2, 28)), (report.Window.Opens, report.Window.Due));
        Assert.False(report.Overdue);
        Assert.True((await AnnualAssessments.ReportAsync(reader, created.Id, new DateTime(Year + 1, 3, 1, 0, 0, 0, DateTimeKind.Utc), Ct))!.Overdue);
    }

    [Fact]
    public async Task A_final_assessment_changes_no_more()
    {
        await using var database = await CountiesAsync("final");
        var assessment = await CreateAsync(database);
        await using (var city = As(database, "city"))
        {
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => AnnualAssessments.FinaliseAsync(city, assessment.Id, Now, Ct));
            await AnnualAssessments.ComputeAsync(city, assessment.Id, Now, Ct);
            Assert.Equal(AnnualAssessmentState.Final, (await AnnualAssessments.FinaliseAsync(city, assessment.Id, Now, Ct))!.State);
        }
        await using (var city = As(database, "city"))
        {
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => AnnualAssessments.ComputeAsync(city, assessment.Id, Now, Ct));
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => AnnualAssessments.FinaliseAsync(city, assessment.Id, Now, Ct));
        }
        // Straight through the context: a score or the header edited.
        await using (var city = As(database, "city"))
        {
            var score = await city.AnnualScores.Include(s => s.Assessment).FirstAsync(s => s.AssessmentId == assessment.Id && s.RegionCode == A, Ct);
            score.Score = 0m;
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => city.SaveChangesAsync(Ct));
        }
        await using (var city = As(database, "city"))
        {
            var header = await city.AnnualAssessments.FirstAsync(a => a.Id == assessment.Id, Ct);
            header.State = AnnualAssessmentState.Open;
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => city.SaveChangesAsync(Ct));
        }
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        Assert.Equal(AnnualAssessmentState.Final, (await system.AnnualAssessments.SingleAsync(a => a.Id == assessment.Id, Ct)).State);
        Assert.Equal(25m, (await system.AnnualScores.SingleAsync(s => s.AssessmentId == assessment.Id && s.RegionCode == A && s.Indicator == AnnualIndicator.PoorReduction, Ct)).Score);
    }

    [Theory]
    [InlineData("county")]
    [InlineData("auditor")]
    [InlineData("assessor")]
    [InlineData("township")]
    public async Task Other_roles_may_not_run_an_annual_assessment(string user)
    {
        await using var database = await CountiesAsync("roles-" + user);
        var assessment = await CreateAsync(database);
        await using (var db = As(database, user))
        {
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => AnnualAssessments.CreateAsync(db, Year, RegionLevel.County, Now, Ct));
            // Those who may read it are refused (403); those who may not do not find it.
            try { Assert.Null(await AnnualAssessments.ComputeAsync(db, assessment.Id, Now, Ct)); }
            catch (WorkflowRefusedException) { }
            try { Assert.Null(await AnnualAssessments.FinaliseAsync(db, assessment.Id, Now, Ct)); }
            catch (WorkflowRefusedException) { }
        }
        // Straight through the context.
        await using (var db = As(database, user))
        {
            db.AnnualAssessments.Add(new AnnualAssessment { Year = Year - 1, AssessorCode = "990100000000", Level = RegionLevel.County, CreatedBy = user });
            await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync(Ct));
        }
        await using var system = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        Assert.Equal(1, await system.AnnualAssessments.CountAsync(Ct));
        Assert.Equal(0, await system.AnnualScores.CountAsync(Ct));
    }

    [Fact]
    public async Task A_province_above_reads_but_may_not_run_the_citys_assessment()
    {
        await using var database = await CountiesAsync("above");
        var assessment = await CreateAsync(database);
        await using var province = As(database, "province");
        Assert.NotNull(await AnnualAssessments.ReportAsync(province, assessment.Id, Now, Ct));
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => AnnualAssessments.ComputeAsync(province, assessment.Id, Now, Ct));
    }
}

public sealed class AnnualAssessmentOnSqlite() : AnnualAssessmentTests(DatabaseProvider.Sqlite);

public sealed class AnnualAssessmentOnPostgres() : AnnualAssessmentTests(DatabaseProvider.Postgres);
