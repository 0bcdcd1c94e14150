using System.Security.Cryptography;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Assessment;

/// <summary>A project to create. Counties are 12-digit county codes; a null seed is drawn from a cryptographic generator and stored.</summary>
public sealed record ProjectInput(string Name, int Year, AssessmentKind Kind, SampleDesign Design, IReadOnlyList<string> Counties, long? Seed = null,
    decimal Margin = 0.03m, decimal Confidence = 0.95m, decimal ExpectedRate = 0.1m, decimal ClusterCorrelation = 0.05m,
    int HouseholdsPerVillage = 10, int UnregisteredPerVillage = 5);

/// <summary>A county of a project as shown: its frame, its sample and the margin that sample achieves.</summary>
public sealed record CountyView(AssessmentCounty County, string Name, decimal MarginAchieved, int Unregistered);

/// <summary>A sampled household as shown: its row, the household number and a masked head name, the assessor's name.</summary>
public sealed record SampleView(SampledHousehold Sample, string Number, string HeadMasked, string? Assessor);

/// <summary>
/// The life of an assessment project (第三方评估): created and drawn by the organising office (nation or province), its
/// sample assigned to assessors, visits started (the sample shown to the county at last) and closed. Every step is the
/// role table of <see cref="AssessmentRoles.Organise"/> plus the organiser's region, then the project's state; the save
/// rules audit each change. A draw happens once: the seed and the frames of that moment are the sample, for ever.
/// </summary>
public static class AssessmentProjects
{
    private static readonly Bilingual CreateStep = new("创建评估项目", "create an assessment project");
    private static readonly Bilingual DrawStep = new("抽取评估样本", "draw an assessment sample");
    private static readonly Bilingual AssignStep = new("分配评估样本", "assign an assessment sample");
    private static readonly Bilingual StartStep = new("开始入户核查", "start the assessment visits");
    private static readonly Bilingual CloseStep = new("结束评估项目", "close an assessment project");

    private static bool IsSystem(JingzhunDbContext db) => db.Scope.IsAdministrator && db.Scope.Role is null;

    /// <summary>The organiser's own region code (12 digits): the office an organiser acts for.</summary>
    public static string OrganiserCodeOf(JingzhunDbContext db) => db.Scope.RegionPrefix.PadRight(12, '0');

    /// <summary>Whether the reader may organise projects at all (the page shows the new-project form exactly then).</summary>
    public static bool MayOrganise(JingzhunDbContext db) =>
        IsSystem(db) || (AssessmentRoles.May(db.Scope.Role, AssessmentRoles.Organise) && db.Scope.CanWrite);

    /// <summary>Whether the reader may take the organiser's steps of this project (its organising office or one above it).</summary>
    public static bool MayOrganise(JingzhunDbContext db, AssessmentProject project) =>
        MayOrganise(db) && (IsSystem(db) || db.Scope.MayChange(project.OrganiserCode));

    /// <summary>
    /// Whether the reader may see the seed: the organising office and the levels above it always, the assessed areas only
    /// once the visits start (with the seed and the registry a county could work out its sample beforehand).
    /// </summary>
    public static bool SeedShown(JingzhunDbContext db, AssessmentProject project) =>
        IsSystem(db) || project.State is AssessmentState.Visiting or AssessmentState.Closed
        || (!db.Scope.ReadsAssignedOnly && project.OrganiserPrefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal));

    public static async Task<AssessmentProject> CreateAsync(JingzhunDbContext db, ProjectInput input, DateTime now, CancellationToken ct = default)
    {
        var organiser = IsSystem(db) ? RegionCode.Nation.Value : OrganiserCodeOf(db);
        AssessmentSteps.Require(db, AssessmentRoles.Organise, organiser, CreateStep);
        var name = (input.Name ?? "").Trim();
        if (name.Length is 0 or > 200) throw AssessmentSteps.Invalid("项目名称不能为空，最多200字", "the project needs a name of at most 200 characters");
        if (input.Year is < 2000 or > 2100) throw AssessmentSteps.Invalid("年度应在2000至2100之间", "the year must lie between 2000 and 2100");
        if (!Enum.IsDefined(input.Kind)) throw AssessmentSteps.Invalid("评估类型不正确", "the kind of assessment is not valid");
        if (!Enum.IsDefined(input.Design)) throw AssessmentSteps.Invalid("抽样设计不正确", "the sample design is not valid");
        if (input.Margin is <= 0m or > 0.2m) throw AssessmentSteps.Invalid("误差范围应大于0且不超过0.2", "the margin must be above 0 and at most 0.2");
        if (input.Confidence is < 0.8m or > 0.999m) throw AssessmentSteps.Invalid("置信水平应在0.8至0.999之间", "the confidence must lie between 0.8 and 0.999");
        if (input.ExpectedRate is <= 0m or >= 1m) throw AssessmentSteps.Invalid("预期比率应大于0且小于1", "the expected rate must lie strictly between 0 and 1");
        if (input.ClusterCorrelation is < 0m or > 1m) throw AssessmentSteps.Invalid("村内相关系数应在0至1之间", "the intra-village correlation must lie between 0 and 1");
        if (input.HouseholdsPerVillage is < 1 or > 200) throw AssessmentSteps.Invalid("每村抽取户数应在1至200之间", "households per village must lie between 1 and 200");
        if (input.UnregisteredPerVillage is < 0 or > 200) throw AssessmentSteps.Invalid("每村抽取未建档户数应在0至200之间", "unregistered households per village must lie between 0 and 200");
        var counties = (input.Counties ?? []).Select(c => (c ?? "").Trim()).Distinct().ToList();
        if (counties.Count is 0 or > 50) throw AssessmentSteps.Invalid("应选择1至50个被评估县", "choose between 1 and 50 counties to assess");
        foreach (var code in counties)
        {
            if (!RegionCode.TryParse(code, out var county, out _) || county.Level != RegionLevel.County
                || !await db.Regions.AnyAsync(r => r.Code == county.Value && r.Level == RegionLevel.County, ct))
                throw AssessmentSteps.Invalid($"{code}不是县级区划代码", $"{code} is not a county code");
            if (!county.Value.StartsWith(RegionCode.Parse(organiser).Prefix, StringComparison.Ordinal))
                throw AssessmentSteps.Invalid($"{code}不在组织单位的辖区内", $"{code} lies outside the organiser's region");
        }
        var project = new AssessmentProject
        {
            Name = name, Year = input.Year, Kind = input.Kind, Design = input.Design, OrganiserCode = organiser,
            OrganiserPrefix = RegionCode.Parse(organiser).Prefix, Seed = input.Seed ?? RandomSeed(), Margin = input.Margin,
            Confidence = input.Confidence, ExpectedRate = input.ExpectedRate, ClusterCorrelation = input.ClusterCorrelation,
            HouseholdsPerVillage = input.HouseholdsPerVillage, UnregisteredPerVillage = input.UnregisteredPerVillage,
            CreatedBy = db.Scope.Actor, CreatedAt = now,
            Counties = [.. counties.Order(StringComparer.Ordinal).Select(c => new AssessmentCounty { CountyCode = RegionCode.Parse(c).Prefix })],
        };
        db.AssessmentProjects.Add(project);
        db.ChangeReason = $"创建评估项目 {project.Year} {project.Name}";
        await db.SaveChangesAsync(ct);
        return project;
    }

    /// <summary>A seed nobody chose: from the operating system's cryptographic generator (stored, so the draw can be repeated elsewhere).</summary>
    private static long RandomSeed() => BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;

    /// <summary>
    /// Draws the sample of every county of a Draft project, from the registry as it stands: Exited households (the frame
    /// of wrong exits and recognition) and NotPoor households of drawn villages (missed identification), keyed by household
    /// number. Refused (409) once drawn: a sample is drawn once.
    /// </summary>
    public static async Task<AssessmentProject?> DrawAsync(JingzhunDbContext db, long projectId, DateTime now, CancellationToken ct = default)
    {
        var project = await db.AssessmentProjects.Include(p => p.Counties).FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null) return null;
        AssessmentSteps.Require(db, AssessmentRoles.Organise, project.OrganiserCode, DrawStep);
        if (project.State != AssessmentState.Draft || await db.SampledHouseholds.AnyAsync(s => s.ProjectId == projectId, ct))
            throw new WorkflowBlockedException("样本已经抽取，不能重新抽取", "the sample was drawn already and is never drawn again");
        var settings = new SampleSettings(project.Design, project.Margin, project.Confidence, project.ExpectedRate, project.ClusterCorrelation,
            project.HouseholdsPerVillage, project.UnregisteredPerVillage);
        foreach (var county in project.Counties.OrderBy(c => c.CountyCode, StringComparer.Ordinal))
        {
            var households = await db.Households.Where(h => h.CountyCode == county.CountyCode
                    && (h.Status == HouseholdStatus.Exited || h.Status == HouseholdStatus.NotPoor))
                .Select(h => new { h.Id, h.Number, h.VillageCode, h.Status }).ToListAsync(ct);
            var ids = households.ToDictionary(h => h.Number, h => h.Id, StringComparer.Ordinal);
            FrameUnit Unit(string number, string village) => new(number, TownshipOf(village), village);
            var exited = households.Where(h => h.Status == HouseholdStatus.Exited).Select(h => Unit(h.Number, h.VillageCode)).ToList();
            var notPoor = households.Where(h => h.Status == HouseholdStatus.NotPoor).Select(h => Unit(h.Number, h.VillageCode)).ToList();
            var draw = SampleDraw.County(project.Seed, county.CountyCode, exited, notPoor, settings);
            county.ExitedFrame = draw.ExitedFrame;
            county.VillageFrame = draw.VillageFrame;
            county.VillagesDrawn = draw.VillagesDrawn;
            county.SampleSize = draw.SampleSize;
            foreach (var unit in draw.Exited.Concat(draw.Unregistered))
            {
                db.SampledHouseholds.Add(new SampledHousehold
                {
                    // Villages are drawn from the whole county: a unit of a two-stage draw belongs to the county's stratum.
                    ProjectId = project.Id, CountyCode = county.CountyCode,
                    Stratum = project.Design == SampleDesign.TwoStageCluster || unit.Frame == SampleFrame.Unregistered ? county.CountyCode.PadRight(12, '0') : unit.Unit.Stratum,
                    VillageCode = unit.Unit.Village,
                    OrganiserPrefix = project.OrganiserPrefix, Phase = SamplePhase.Drawn, Frame = unit.Frame, HouseholdId = ids[unit.Unit.Key],
                    DrawOrder = unit.Order, Weight = unit.Weight,
                });
            }
        }
        project.State = AssessmentState.Sampled;
        project.SampledAt = now;
        db.ChangeReason = $"抽取评估样本（种子 {project.Seed}）";
        await db.SaveChangesAsync(ct);
        return project;
    }

    /// <summary>The township (stratum) of a village code: its first nine digits, padded.</summary>
    public static string TownshipOf(string villageCode) => villageCode.Length >= 9 ? villageCode[..9].PadRight(12, '0') : villageCode;

    /// <summary>
    /// Spreads the sample over the assessors by village (a village goes to one assessor, the one with the fewest households so
    /// far among those whose region holds it), and gives each assessor read access to its registry households through
    /// <see cref="AssignmentKind.AssessmentSample"/> rows. A household moved to another assessor loses the old one's access.
    /// </summary>
    public static async Task<AssessmentProject?> AssignAsync(JingzhunDbContext db, long projectId, IReadOnlyList<int> assessorAccountIds, DateTime now,
        CancellationToken ct = default)
    {
        var project = await db.AssessmentProjects.FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null) return null;
        AssessmentSteps.Require(db, AssessmentRoles.Organise, project.OrganiserCode, AssignStep);
        if (project.State is not (AssessmentState.Sampled or AssessmentState.Visiting))
            throw new WorkflowBlockedException("只有已抽样或核查中的项目才能分配样本", "only a drawn project or one under visits can have its sample assigned");
        var wanted = (assessorAccountIds ?? []).Distinct().ToList();
        if (wanted.Count == 0) throw AssessmentSteps.Invalid("请选择评估人员", "choose the assessors");
        var assessors = await db.Accounts.Where(a => wanted.Contains(a.Id)).ToListAsync(ct);
        foreach (var id in wanted)
        {
            var a = assessors.SingleOrDefault(x => x.Id == id);
            if (a is null || a.IsDisabled || a.Role != Role.Assessor)
                throw AssessmentSteps.Invalid($"账号{id}不是在用的评估人员账号", $"account {id} is not an active assessor account");
        }
        var samples = await db.SampledHouseholds.Where(s => s.ProjectId == projectId).ToListAsync(ct);
        var load = assessors.ToDictionary(a => a.Id, _ => 0);
        var byVillage = samples.GroupBy(s => s.VillageCode).OrderBy(g => g.Key, StringComparer.Ordinal);
        var householdIds = samples.Where(s => s.HouseholdId is not null).Select(s => s.HouseholdId!.Value).ToList();
        var active = await db.Assignments.Where(a => householdIds.Contains(a.HouseholdId) && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null)
            .ToListAsync(ct);
        foreach (var village in byVillage)
        {
            var eligible = assessors.Where(a => village.Key.StartsWith(RegionCode.Parse(a.RegionCode).Prefix, StringComparison.Ordinal))
                .OrderBy(a => load[a.Id]).ThenBy(a => wanted.IndexOf(a.Id)).ToList();
            if (eligible.Count == 0)
                throw AssessmentSteps.Invalid($"没有所选评估人员的辖区包含村{village.Key}", $"no chosen assessor's region holds village {village.Key}");
            var assessor = eligible[0];
            load[assessor.Id] += village.Count();
            foreach (var sample in village.OrderBy(s => s.Frame).ThenBy(s => s.DrawOrder))
            {
                if (sample.AssessorAccountId == assessor.Id) continue;
                if (sample.HouseholdId is { } householdId)
                {
                    foreach (var old in active.Where(a => a.HouseholdId == householdId && a.AccountId == sample.AssessorAccountId))
                    {
                        old.EndedAt = now;
                        old.EndedBy = db.Scope.Actor;
                    }
                    if (!active.Any(a => a.HouseholdId == householdId && a.AccountId == assessor.Id && a.EndedAt == null))
                    {
                        var row = new HouseholdAssignment
                        {
                            HouseholdId = householdId, CountyCode = sample.CountyCode, VillageCode = sample.VillageCode, AccountId = assessor.Id,
                            Kind = AssignmentKind.AssessmentSample, AssignedAt = now, AssignedBy = db.Scope.Actor,
                        };
                        db.Assignments.Add(row);
                        active.Add(row);
                    }
                }
                sample.AssessorAccountId = assessor.Id;
                sample.AssignedAt = now;
            }
        }
        db.ChangeReason = $"分配评估样本给 {string.Join("、", assessors.Select(a => a.UserName))}";
        await db.SaveChangesAsync(ct);
        return project;
    }

    /// <summary>Starts the visits: the sample shown to the assessed areas and the assessors. Every household must be assigned first.</summary>
    public static async Task<AssessmentProject?> StartVisitsAsync(JingzhunDbContext db, long projectId, DateTime now, CancellationToken ct = default)
    {
        var project = await db.AssessmentProjects.FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null) return null;
        AssessmentSteps.Require(db, AssessmentRoles.Organise, project.OrganiserCode, StartStep);
        if (project.State != AssessmentState.Sampled)
            throw new WorkflowBlockedException("只有已抽样的项目才能开始入户核查", "only a drawn project can start its visits");
        var samples = await db.SampledHouseholds.Where(s => s.ProjectId == projectId).ToListAsync(ct);
        if (samples.Any(s => s.AssessorAccountId is null))
            throw new WorkflowBlockedException("还有样本户未分配评估人员", "some sampled households have no assessor yet");
        foreach (var s in samples) s.Phase = SamplePhase.Visiting;
        project.State = AssessmentState.Visiting;
        project.VisitsStartedAt = now;
        db.ChangeReason = "开始入户核查";
        await db.SaveChangesAsync(ct);
        return project;
    }

    /// <summary>Closes the project with a reason: its sample changes no more and the assessors lose access to its households.</summary>
    public static async Task<AssessmentProject?> CloseAsync(JingzhunDbContext db, long projectId, string reason, DateTime now, CancellationToken ct = default)
    {
        var project = await db.AssessmentProjects.FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null) return null;
        AssessmentSteps.Require(db, AssessmentRoles.Organise, project.OrganiserCode, CloseStep);
        reason = (reason ?? "").Trim();
        if (reason.Length is 0 or > 500) throw AssessmentSteps.Invalid("请填写结束原因（最多500字）", "give the reason for closing (at most 500 characters)");
        if (project.State != AssessmentState.Visiting)
            throw new WorkflowBlockedException("只有核查中的项目才能结束", "only a project under visits can be closed");
        var samples = await db.SampledHouseholds.Where(s => s.ProjectId == projectId).ToListAsync(ct);
        var assessorIds = samples.Where(s => s.AssessorAccountId is not null).Select(s => s.AssessorAccountId!.Value).Distinct().ToList();
        var householdIds = samples.Where(s => s.HouseholdId is not null).Select(s => s.HouseholdId!.Value).Distinct().ToList();
        var assignments = await db.Assignments.Where(a => a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null
            && assessorIds.Contains(a.AccountId) && householdIds.Contains(a.HouseholdId)).ToListAsync(ct);
        foreach (var a in assignments)
        {
            a.EndedAt = now;
            a.EndedBy = db.Scope.Actor;
        }
        foreach (var s in samples) s.Phase = SamplePhase.Closed;
        project.State = AssessmentState.Closed;
        project.ClosedAt = now;
        project.ClosedReason = reason;
        db.ChangeReason = reason;
        await db.SaveChangesAsync(ct);
        return project;
    }

    /// <summary>The projects the reader sees whose organiser or counties lie in the region of <paramref name="regionCode"/>, newest first.</summary>
    public static async Task<IReadOnlyList<AssessmentProject>> ListAsync(JingzhunDbContext db, string regionCode, CancellationToken ct = default)
    {
        var prefix = RegionCode.TryParse(regionCode, out var code, out _) ? code.Prefix : "-";
        var rows = await db.AssessmentProjects.Include(p => p.Counties).OrderByDescending(p => p.Id).ToListAsync(ct);
        return [.. rows.Where(p => p.OrganiserPrefix.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(p.OrganiserPrefix, StringComparison.Ordinal)
            || p.Counties.Any(c => c.CountyCode.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(c.CountyCode, StringComparison.Ordinal)))];
    }

    /// <summary>One project the reader sees, with its counties (names, the margin each sample achieves); null when out of sight.</summary>
    public static async Task<(AssessmentProject Project, IReadOnlyList<CountyView> Counties)?> DetailAsync(JingzhunDbContext db, long projectId, CancellationToken ct = default)
    {
        var project = await db.AssessmentProjects.AsNoTracking().Include(p => p.Counties).FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null) return null;
        var codes = project.Counties.Select(c => c.CountyCode.PadRight(12, '0')).ToList();
        var names = await db.Regions.Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var unregistered = (await db.SampledHouseholds.Where(s => s.ProjectId == projectId && s.Frame == SampleFrame.Unregistered)
            .Select(s => s.CountyCode).ToListAsync(ct)).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var deff = new SampleSettings(project.Design, project.Margin, project.Confidence, project.ExpectedRate, project.ClusterCorrelation,
            project.HouseholdsPerVillage, project.UnregisteredPerVillage).DesignEffect;
        var counties = project.Counties.OrderBy(c => c.CountyCode, StringComparer.Ordinal).Select(c => new CountyView(c,
            names.GetValueOrDefault(c.CountyCode.PadRight(12, '0'), c.CountyCode),
            project.State == AssessmentState.Draft ? 0m : Math.Round(SampleSize.Achieved(c.SampleSize, project.Confidence, project.ExpectedRate, c.ExitedFrame, deff), 4),
            unregistered.GetValueOrDefault(c.CountyCode))).ToList();
        return (project, counties);
    }

    /// <summary>The sample rows of a project the reader may see (the scope filter hides a drawn sample from the assessed county).</summary>
    public static async Task<IReadOnlyList<SampleView>> SampleAsync(JingzhunDbContext db, long projectId, CancellationToken ct = default)
    {
        var rows = await db.SampledHouseholds.AsNoTracking().Where(s => s.ProjectId == projectId)
            .Include(s => s.Household).ThenInclude(h => h!.Members).ToListAsync(ct);
        var assessorIds = rows.Where(r => r.AssessorAccountId is not null).Select(r => r.AssessorAccountId!.Value).Distinct().ToList();
        var assessors = await db.Accounts.Where(a => assessorIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct);
        return [.. rows.OrderBy(r => r.CountyCode, StringComparer.Ordinal).ThenBy(r => r.Frame).ThenBy(r => r.DrawOrder)
            .Select(r => new SampleView(r, r.Household?.Number ?? "", Mask(r.Household?.Head?.Name ?? r.FoundName ?? ""),
                r.AssessorAccountId is { } id ? assessors.GetValueOrDefault(id) : null))];
    }

    /// <summary>The head's name with all but its first character hidden.</summary>
    public static string Mask(string name) => name.Length <= 1 ? name : name[0] + new string('*', name.Length - 1);

    /// <summary>The active assessor accounts whose region lies inside the project's counties or holds one of them (the assign form's choices).</summary>
    public static async Task<IReadOnlyList<Account>> AssessorsForAsync(JingzhunDbContext db, AssessmentProject project, CancellationToken ct = default)
    {
        var accounts = await db.Accounts.Where(a => a.Role == Role.Assessor && !a.IsDisabled).ToListAsync(ct);
        return [.. accounts.Where(a => RegionCode.TryParse(a.RegionCode, out var code, out _)
                && project.Counties.Any(c => c.CountyCode.StartsWith(code.Prefix, StringComparison.Ordinal) || code.Prefix.StartsWith(c.CountyCode, StringComparison.Ordinal)))
            .OrderBy(a => a.UserName, StringComparer.Ordinal)];
    }
}
