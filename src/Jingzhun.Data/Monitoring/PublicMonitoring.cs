using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Monitoring;

/// <summary>A village the public application form offers: its code and its name with its township's.</summary>
public sealed record PublicVillage(string Code, string Name);

/// <summary>
/// What a receipt number tells whoever holds it: when the application arrived and, in two coarse words, where it
/// stands — nothing about the household, the registry or the decision.
/// </summary>
public sealed record PublicReceipt(string Number, DateTime ReceivedAt, Bilingual State);

/// <summary>
/// The public side of the monitoring mechanism (农户自主申报): a household applies without signing in, and asks after
/// its application by receipt number. Like <see cref="Notices.PublicNotices"/> it opens a context of its own with the
/// system scope (actor "public"), so the application is a governed, audited step naming the public as its actor, and
/// hands out only the projections above, never an entity.
/// </summary>
public sealed class PublicMonitoring(DatabaseTarget target, TimeProvider? clock = null)
{
    public const string Actor = "public";

    /// <summary>Villages now in force, by code, named with their township (the form's chooser).</summary>
    public async Task<IReadOnlyList<PublicVillage>> VillagesAsync(CancellationToken ct = default)
    {
        await using var db = Open();
        var regions = await db.Regions.AsNoTracking()
            .Where(r => r.ValidTo == null && (r.Level == RegionLevel.Village || r.Level == RegionLevel.Township))
            .Select(r => new { r.Code, r.Name, r.Level, r.ParentCode }).ToListAsync(ct);
        var townships = regions.Where(r => r.Level == RegionLevel.Township).ToDictionary(r => r.Code, r => r.Name);
        return regions.Where(r => r.Level == RegionLevel.Village).OrderBy(r => r.Code)
            .Select(r => new PublicVillage(r.Code, townships.TryGetValue(r.ParentCode, out var t) ? $"{t} {r.Name}" : r.Name)).ToList();
    }

    /// <summary>Records the application (<see cref="MonitoringWork.ApplyPubliclyAsync"/>) and returns its receipt number.</summary>
    public async Task<string> ApplyAsync(string villageCode, string residentId, string applicantName, string contact, RiskKind kind,
        string description, DateTime now, CancellationToken ct = default)
    {
        if (kind.IsExclusion() || !Enum.IsDefined(kind))
            throw new WorkflowBlockedException("请选择遇到的困难类别", "choose what kind of difficulty it is");
        await using var db = Open();
        var signal = await MonitoringWork.ApplyPubliclyAsync(db, villageCode, residentId, applicantName, contact, kind, description, now, ct);
        return signal.ReceiptNumber;
    }

    /// <summary>The receipt's state, or null for a number that was never given.</summary>
    public async Task<PublicReceipt?> ReceiptAsync(string number, CancellationToken ct = default)
    {
        number = number.Trim().ToUpperInvariant();
        if (number.Length is 0 or > 40) return null;
        await using var db = Open();
        var signal = await db.RiskSignals.AsNoTracking().Where(s => s.ReceiptNumber == number)
            .Select(s => new { s.RaisedAt, s.State }).FirstOrDefaultAsync(ct);
        return signal is null ? null : new PublicReceipt(number, signal.RaisedAt, StateOf(signal.State));
    }

    /// <summary>Two words only: received and being looked into, or dealt with (the village tells the household the outcome).</summary>
    public static Bilingual StateOf(SignalState state) => state switch
    {
        SignalState.Recognised or SignalState.NotRecognised or SignalState.ExclusionReviewed =>
            new("已办结，请向村民委员会了解结果", "Dealt with; ask the villagers' committee for the outcome"),
        _ => new("已受理，正在核查", "Received and being looked into"),
    };

    private JingzhunDbContext Open() => JingzhunDb.Create(target, AccessScope.System(Actor), clock);
}
