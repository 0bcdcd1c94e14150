using Jingzhun.Data.Database;
using Jingzhun.Data.Regions;
using Jingzhun.Web.Access;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Data.Registry;

namespace Jingzhun.Web.Hosting;

/// <summary>The signed-in account's home: who and where it is, and the registry counts of its region.</summary>
public sealed class IndexModel(JingzhunDbContext db) : PageModel
{
    public Domain.Access.Account? Account { get; private set; }
    public string RegionPath { get; private set; } = "";
    /// <summary>The account's own region in the tree, or a sum of the roots when it works above them (nation).</summary>
    public RegionNode? Region { get; private set; }
    public bool CanWrite => db.Scope.CanWrite;
    public bool CanRead => db.Scope.CanRead;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Account = AccountClaims.ToAccount(User);
        if (Account is null) return;
        RegionPath = Account.RegionCode.Trim('0').Length == 0
            ? ""
            : await RegistrySearch.RegionPathAsync(db, Account.RegionCode, ct);
        var roots = await RegionTree.BuildAsync(db, ct);
        Region = Find(roots, Account.RegionCode) ?? Sum(roots);
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
