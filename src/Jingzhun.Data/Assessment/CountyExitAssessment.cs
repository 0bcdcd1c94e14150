using Jingzhun.Data.Database;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Rules;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Workflows;

namespace Jingzhun.Data.Assessment;

/// <summary>
/// The nation approves a county's exit (国家专项评估检查 → 正式批准退出, 002:2663) only on the rates its closed special
/// assessment computed from the sample: no county officer types them. The decision (incidence now and the three rates with
/// their intervals) is kept with its trace whether it passes or not; a failing one refuses the move, naming what failed,
/// and the national officer sends the case back (Return).
/// </summary>
internal sealed class CountyExitAssessment : CaseKindHandler
{
    public override IReadOnlyList<CaseKind> Kinds { get; } = [CaseKind.CountyExit];

    public override async Task CheckAdvanceAsync(JingzhunDbContext db, WorkflowCase workflowCase, Stage to, CancellationToken ct)
    {
        if (to != Stage.CountyExited) return;
        var county = workflowCase.RegionCode;
        var rates = await AssessmentResults.CountyRatesAsync(db, county, ct)
                    ?? throw new WorkflowBlockedException("该县尚无已结束的国家专项评估检查，不能批准退出",
                        "the county has no closed national special assessment; its exit cannot be approved");
        var rules = await RuleBook.ForAsync(db, county, workflowCase.Year, ct);
        var assessment = new CountyAssessment(rates.County.WrongExit, rates.County.Missed, rates.County.Recognition, rates.Confidence);
        var decision = AreaRules.EvaluateCountyExit(await AreaExit.CountyFiguresAsync(db, county, ct), rules, assessment);
        RuleBook.Store(db, decision, null, db.Clock.GetUtcNow().UtcDateTime, county);
        if (decision.Passed) return; // stored with the move's own save
        // Kept as evidence even though the move is refused: nothing else of the move is in the context yet.
        await db.SaveChangesAsync(ct);
        var failed = decision.Failed.ToList();
        throw new WorkflowBlockedException(
            $"未达到摘帽条件（评估项目{rates.ProjectId}）：{string.Join("；", failed.Select(c => c.Chinese))}",
            $"exit criteria not met (assessment {rates.ProjectId}): {string.Join("; ", failed.Select(c => c.English))}");
    }
}
