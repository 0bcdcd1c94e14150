using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Demo;

/// <summary>A member of a registered or monitored household of the demo county who could go out to work.</summary>
public sealed record LabourCandidate(long HouseholdId, string VillageCode, long MemberId, DateOnly BirthDate, LabourCapacity Labour);

/// <summary>A demo worker and its steps, oldest first (linked by navigation, saved together).</summary>
public sealed record DemoLabourWorker(LabourWorker Worker, IReadOnlyList<LabourPlacement> Steps);

/// <summary>
/// A few years of labour cooperation in the demo county (issue 20 point 4): a dozen or so workers of working age enter the
/// pool, most are trained, most are placed — in the paired east by point-to-point transport or in organised groups, or in
/// the county town on their own — and some come home. Small and seeded, so the figures page has something to show.
/// </summary>
public static class DemoLabourGenerator
{
    public const int MaxWorkers = 16;

    private static readonly (string Place, string Code, string Employer, PlacementMode Mode)[] Destinations =
    [
        ("广东省深圳市宝安区", "", "深圳市某电子科技有限公司", PlacementMode.PointToPoint),
        ("广东省深圳市龙岗区", "", "深圳市某服装有限公司", PlacementMode.Organised),
        ("广东省广州市白云区", "", "广州市某物流有限公司", PlacementMode.Organised),
        ("浙江省杭州市萧山区", "", "杭州某纺织有限公司", PlacementMode.PointToPoint),
        ("示例县县城", DemoGenerator.CountyCode, "示例县扶贫车间", PlacementMode.SelfFound),
    ];

    private static readonly string[] Courses = ["岗前适应性培训", "电工技能培训", "家政服务培训", "缝纫工培训"];
    private static readonly string[] ReturnReasons = ["合同期满", "照顾家中老人", "返乡创业", "身体原因"];

    /// <summary>The demo's workers: of working age (18–50 on 1 January of the first year) with ordinary or skilled labour.</summary>
    public static IReadOnlyList<DemoLabourWorker> Generate(IReadOnlyList<LabourCandidate> candidates, int seed, int currentYear)
    {
        var firstYear = currentYear - 3;
        var start = new DateOnly(firstYear, 1, 1);
        var rng = new Random(unchecked(seed * 31 + 20_004));
        var chosen = candidates
            .Where(c => c.Labour is LabourCapacity.Ordinary or LabourCapacity.Skilled && Age(c.BirthDate, start) is >= 18 and <= 50)
            .OrderBy(c => c.MemberId).Where((_, i) => i % 3 == 0).Take(MaxWorkers).ToList();
        var last = new DateOnly(currentYear - 1, 12, 31);
        var workers = new List<DemoLabourWorker>();
        foreach (var (c, i) in chosen.Select((c, i) => (c, i)))
        {
            var worker = new LabourWorker { HouseholdId = c.HouseholdId, MemberId = c.MemberId, VillageCode = c.VillageCode, RecordedBy = "demo" };
            var steps = new List<LabourPlacement>();
            var day = new DateOnly(firstYear + i % 3, 1 + rng.Next(6), 1 + rng.Next(28));
            LabourPlacement Step(LabourStage stage, DateOnly on)
            {
                var s = new LabourPlacement { Worker = worker, HouseholdId = c.HouseholdId, Stage = stage, On = on, RecordedBy = "demo" };
                steps.Add(s);
                worker.Stage = stage;
                return s;
            }
            Step(LabourStage.Pool, day);
            // One in eight stays in the pool: not every registered worker has found work.
            if (i % 8 != 7)
            {
                if (rng.Next(10) < 7)
                {
                    day = day.AddDays(7 + rng.Next(21));
                    var training = Step(LabourStage.Training, day);
                    training.Course = Courses[rng.Next(Courses.Length)];
                    training.TrainingUntil = day.AddDays(10 + rng.Next(20));
                    day = training.TrainingUntil.Value;
                }
                day = day.AddDays(5 + rng.Next(30));
                if (day <= last)
                {
                    var (place, code, employer, mode) = Destinations[rng.Next(Destinations.Length)];
                    var job = Step(LabourStage.Placed, day);
                    job.Destination = place;
                    job.DestinationCode = code;
                    job.DestinationProvince = code.Length > 0 ? "示例省" : place[..3];
                    job.Employer = employer;
                    job.Mode = mode;
                    job.MonthlyIncome = new Money((mode == PlacementMode.SelfFound ? 2_400 : 3_600) + 100 * rng.Next(25));
                    // About one in four comes home after ten months to a year and a half.
                    var back = day.AddDays(300 + rng.Next(240));
                    if (rng.Next(4) == 0 && back <= last)
                    {
                        var home = Step(LabourStage.Returned, back);
                        home.Reason = ReturnReasons[rng.Next(ReturnReasons.Length)];
                    }
                }
            }
            workers.Add(new DemoLabourWorker(worker, steps));
        }
        return workers;
    }

    private static int Age(DateOnly birth, DateOnly on) => on.Year - birth.Year - (on < birth.AddYears(on.Year - birth.Year) ? 1 : 0);
}
