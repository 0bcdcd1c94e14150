using Assembly = System.Reflection.Assembly;
using ArchUnitNET.Domain;
using ArchUnitNET.Domain.Dependencies;
using ArchUnitNET.Domain.Extensions;
using ArchUnitNET.xUnitV3;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Registry;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Jingzhun.Architecture.Tests;

/// <summary>
/// One clock: every "now" is read from the <see cref="TimeProvider"/> the web host and the command line register
/// (tests put an adjustable one in its place to let a notice run its course); the domain and the data library are
/// handed the time by their caller. Nothing in src reads the machine's clock through DateTime or DateTimeOffset.
/// </summary>
public sealed class ClockTests
{
    private static readonly Assembly[] Src = SourceProjects.All;

    /// <summary>The projects in src, and this one for <see cref="Offender"/>.</summary>
    private static readonly ArchUnitNET.Domain.Architecture Loaded = SourceProjects.Loaded;

    private static readonly string[] ClockTypes = ["System.DateTime", "System.DateTimeOffset"];
    private static readonly string[] ClockReadings = ["get_UtcNow()", "get_Now()"];

    /// <summary>
    /// Types allowed to read the machine's clock: none. (Stale-county marks are wall-clock time on purpose, since other
    /// processes compare them with their own, and they read it through TimeProvider.System in one named place,
    /// StaleCounties.Now.)
    /// </summary>
    private static readonly string[] Exempt = [];

    /// <summary>
    /// The clock readings the loaded code calls. Members of System types are in the architecture only as the targets
    /// of calls made to them, so they are found there rather than by a query of the loaded members.
    /// </summary>
    private static readonly MethodMember[] Readings = Loaded.Types
        .SelectMany(t => t.GetMethodMembers())
        .SelectMany(m => m.MemberDependencies.OfType<MethodCallDependency>())
        .Select(d => d.TargetMember).OfType<MethodMember>()
        .Where(m => ClockTypes.Contains(m.DeclaringType.FullName) && ClockReadings.Contains(m.Name))
        .DistinctBy(m => m.FullName)
        .ToArray();

    private static bool IsExempt(IType type) =>
        Exempt.Any(name => type.FullName == name || type.FullName.StartsWith(name + "+", StringComparison.Ordinal)
                           || type.FullName.StartsWith(name + "/", StringComparison.Ordinal));

    private static IEnumerable<IType> InSrc => Loaded.Types.Where(t => SourceProjects.IsIn(t, Src) && !IsExempt(t));

    [Fact]
    public void Nothing_in_src_reads_the_machine_clock_but_through_a_TimeProvider() =>
        Types().That().Are(InSrc).As("Types in src (but the exempted)").Should().NotCallAny(Readings)
            .Because("time comes from the TimeProvider registered in the web host and the command line (tests move it), or from the caller")
            .Check(Loaded);

    [Fact]
    public void The_rule_catches_a_reading_of_the_machine_clock()
    {
        var offender = Loaded.Types.Single(t => t.Name == nameof(Offender));
        Assert.False(Types().That().Are(offender).Should().NotCallAny(Readings).HasNoViolations(Loaded));
    }

    /// <summary>Reads the clock the forbidden way, so that the rule always has a reading to look for.</summary>
    private static class Offender
    {
        public static DateTime Read() => DateTime.UtcNow;
    }
}
