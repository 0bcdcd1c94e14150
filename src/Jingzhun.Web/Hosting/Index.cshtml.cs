using Jingzhun.Data.Access;
using Jingzhun.Data.Assessment;
using Jingzhun.Data.Assistance;
using Jingzhun.Data.Database;
using Jingzhun.Data.Funds;
using Jingzhun.Data.Monitoring;
using Jingzhun.Data.Regions;
using Jingzhun.Data.Registry;
using Jingzhun.Data.Workflows;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Workflows;
using Jingzhun.Web.Access;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jingzhun.Web.Hosting;

/// <summary>
/// The signed-in account's home: its work list first (what its role must do now in its region, each item a link), then who
/// and where it is and the registry counts of its region. Each feature's data code says what its work is; this page puts
/// the items together in the order of <see cref="WorkSection"/>.
/// </summary>
public sealed class IndexModel(JingzhunDbContext db, TimeProvider clock) : PageModel
{
    public Domain.Access.Account? Account { get; private set; }
    public string RegionPath { get; private set; } = "";
    /// <summary>The account's own region in the tree, or a sum of the roots when it works above them (nation).</summary>
    public RegionNode? Region { get; private set; }
    public bool CanWrite => db.Scope.CanWrite;
    public bool CanRead => db.Scope.CanRead;
    /// <summary>The account's work, grouped by section in page order.</summary>
    public IReadOnlyList<IGrouping<WorkSection, WorkItem>> Work { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Account = AccountClaims.ToAccount(User);
        if (Account is null) return;
        Work = (await WorkAsync(clock.GetUtcNow().UtcDateTime, ct)).GroupBy(i => i.Section).OrderBy(g => g.Key).ToList();
        RegionPath = Account.RegionCode.Trim('0').Length == 0
            ? ""
            : await RegistrySearch.RegionPathAsync(db, Account.RegionCode, ct);
        var roots = await RegionTree.BuildAsync(db, ct);
        Region = Find(roots, Account.RegionCode) ?? Sum(roots);
    }

    /// <summary>Every feature's work for this account; one reading the role does not act on (an auditor) gets items to review.</summary>
    private async Task<List<WorkItem>> WorkAsync(DateTime now, CancellationToken ct)
    {
        var items = new List<WorkItem>();
        if (db.Scope.Role == Role.Auditor)
        {
            items.AddRange(await AssessmentWorkItems.OverdueToReviewAsync(db, now, ct));
            items.AddRange(await WorkList.ObjectionsToReviewAsync(db, ct));
            items.AddRange(await MonitoringWorkItems.OverdueToReviewAsync(db, now, ct));
            return items;
        }
        items.AddRange(await WorkList.CasesAsync(db, ct));
        items.AddRange(await FundWorkItems.ProjectsAsync(db, ct));
        items.AddRange(await Data.Collaboration.CollaborationWorkItems.InputsAsync(db, ct));
        items.AddRange(await Data.Census.CensusWorkItems.RecordsAsync(db, ct));
        items.AddRange(await WorkList.NoticesAsync(db, now, ct));
        items.AddRange(await WorkList.ObjectionsAsync(db, ct));
        items.AddRange(await MonitoringWorkItems.SignalsAsync(db, ct));
        items.AddRange(await FundWorkItems.DisclosureObjectionsAsync(db, ct));
        items.AddRange(await MonitoringWorkItems.OverdueAsync(db, now, ct));
        items.AddRange(await AssessmentWorkItems.FindingsAsync(db, now, ct));
        items.AddRange(await AssessmentWorkItems.SamplesAsync(db, ct));
        items.AddRange(await AssistanceWorkItems.CadreAsync(db, now, ct));
        items.AddRange(await AccountWorkItems.AccountsAsync(db, now, ct));
        return items;
    }

    private static RegionNode? Find(IEnumerable<RegionNode> nodes, string code)
    {
        foreach (var node in nodes)
        {
            if (node.Code == code) return node;
            if (Find(node.Children, code) is { } found) return found;
        }
        return null;
    }

    private static RegionNode Sum(IReadOnlyList<RegionNode> roots)
    {
        var all = new RegionNode { Code = "000000000000", Name = "全国", Level = Domain.Regions.RegionLevel.Nation };
        foreach (var r in roots)
        {
            all.Households += r.Households;
            all.People += r.People;
            all.RuralPopulation += r.RuralPopulation;
            foreach (var (status, n) in r.ByStatus) all.ByStatus[status] = all.ByStatus.GetValueOrDefault(status) + n;
        }
        return all;
    }
}
