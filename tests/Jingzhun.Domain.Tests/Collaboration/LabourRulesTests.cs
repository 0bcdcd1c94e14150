using Jingzhun.Domain.Access;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Tests.Collaboration;

public sealed class LabourRulesTests
{
    [Fact]
    public void A_return_follows_only_a_job_or_training_and_the_pool_is_entered_once()
    {
        Assert.False(LabourRules.MayFollow(LabourStage.Pool, LabourStage.Returned));
        Assert.True(LabourRules.MayFollow(LabourStage.Placed, LabourStage.Returned));
        Assert.True(LabourRules.MayFollow(LabourStage.Placed, LabourStage.Placed)); // a new employer
        Assert.True(LabourRules.MayFollow(LabourStage.Returned, LabourStage.Placed)); // out again
        Assert.All(Enum.GetValues<LabourStage>(), s => Assert.DoesNotContain(LabourStage.Pool, LabourRules.Next(s)));
    }

    [Fact]
    public void Registered_and_monitored_households_take_part_and_only_village_township_and_county_record()
    {
        Assert.Equal([HouseholdStatus.Poor, HouseholdStatus.Exited, HouseholdStatus.Returned, HouseholdStatus.Monitored],
            Enum.GetValues<HouseholdStatus>().Where(LabourRules.IsEligible));
        Assert.Equal([Role.CountyOfficer, Role.TownshipOfficer, Role.VillageClerk, Role.WorkTeamMember],
            Enum.GetValues<Role>().Where(r => LabourRules.May(r)));
    }

    [Fact]
    public void The_demo_workers_are_the_same_for_a_seed_and_each_path_follows_the_rules()
    {
        var candidates = Enumerable.Range(1, 120).Select(i => new LabourCandidate(i, "990121001001", 1000 + i, new DateOnly(1980 + i % 20, 1 + i % 12, 1),
            i % 5 == 0 ? LabourCapacity.WeakOrPartial : LabourCapacity.Ordinary)).ToList();
        var a = DemoLabourGenerator.Generate(candidates, 2014, 2025);
        var b = DemoLabourGenerator.Generate(candidates, 2014, 2025);
        Assert.InRange(a.Count, 1, DemoLabourGenerator.MaxWorkers);
        Assert.Equal(a.Select(w => string.Join(",", w.Steps.Select(s => $"{s.Stage}{s.On}"))), b.Select(w => string.Join(",", w.Steps.Select(s => $"{s.Stage}{s.On}"))));
        foreach (var w in a)
        {
            Assert.Equal(LabourStage.Pool, w.Steps[0].Stage);
            for (var i = 1; i < w.Steps.Count; i++)
            {
                Assert.True(LabourRules.MayFollow(w.Steps[i - 1].Stage, w.Steps[i].Stage));
                Assert.True(w.Steps[i].On >= w.Steps[i - 1].On);
            }
            Assert.Equal(w.Steps[^1].Stage, w.Worker.Stage);
            Assert.All(w.Steps, s => Assert.True(s.On.Year < 2025));
        }
    }
}
