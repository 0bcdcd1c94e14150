using System.Linq.Expressions;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assessment;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Exit;
using Jingzhun.Domain.Funds;
using Jingzhun.Domain.Monitoring;
using Jingzhun.Domain.PoorAreas;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Rules;
using Jingzhun.Domain.Statistics;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Database;

/// <summary>
/// The region scope of every query, declared once: which entities are filtered, how each reaches its region, and
/// whether assessors (readers of an assigned sample only) see any of it. <see cref="JingzhunDbContext"/> applies the table.
/// </summary>
internal static class ScopeFilters
{
    // The rule in its three forms. They read the scope from the context, which EF turns into parameters of each query.

    /// <summary>A row of an area (cases, notices, decisions, figures, the audit log): read in one's region; assessors see none.</summary>
    private static readonly Expression<Func<JingzhunDbContext, string, bool>> AreaRow =
        (db, code) => db.ScopeCanRead && !db.ScopeSampleOnly && code.StartsWith(db.ScopePrefix);

    /// <summary>A household or a row of one: read in one's region; an assessor reads only the households of its active sample.</summary>
    private static readonly Expression<Func<JingzhunDbContext, Household, bool>> HouseholdRow =
        (db, h) => db.ScopeCanRead && h.VillageCode.StartsWith(db.ScopePrefix)
            && (!db.ScopeSampleOnly || db.Assignments.Any(a => a.HouseholdId == h.Id && a.AccountId == db.ScopeAccountId && a.Kind == AssignmentKind.AssessmentSample && a.EndedAt == null));

    /// <summary>
    /// A row of a county's roster (an assistance cadre): read by everyone whose region lies inside the county or holds it,
    /// so a village clerk sees the cadres of its county's roster and a province officer those of its counties.
    /// </summary>
    private static readonly Expression<Func<JingzhunDbContext, string, bool>> RosterRow =
        (db, code) => db.ScopeCanRead && !db.ScopeSampleOnly && (code.StartsWith(db.ScopePrefix) || db.ScopePrefix.StartsWith(code));

    /// <summary>
    /// An assignment, by its own village code: a filter through its household would recurse into the household's filter.
    /// An assessor reads its own sample assignments.
    /// </summary>
    /// <summary>
    /// A designation of a place (贫困村, 贫困县, 三区三州…): announced publicly, so every reader of the registry reads all of
    /// them, like the region tree they describe; assessors and accounts that read nothing see none.
    /// </summary>
    private static readonly Expression<Func<JingzhunDbContext, RegionDesignation, bool>> DesignationRow =
        (db, d) => db.ScopeCanRead && !db.ScopeSampleOnly;

    private static readonly Expression<Func<JingzhunDbContext, HouseholdAssignment, bool>> AssignmentRow =
        (db, a) => db.ScopeCanRead && a.VillageCode.StartsWith(db.ScopePrefix)
            && (!db.ScopeSampleOnly || (a.AccountId == db.ScopeAccountId && a.Kind == AssignmentKind.AssessmentSample));

    /// <summary>
    /// An assessment project: read by its organising office, the levels above it and the areas inside it (they know they
    /// are assessed; the sample is what stays hidden); an assessor reads the projects it has households assigned in.
    /// </summary>
    private static readonly Expression<Func<JingzhunDbContext, AssessmentProject, bool>> AssessmentProjectRow =
        (db, p) => db.ScopeCanRead && (db.ScopeSampleOnly
            ? db.SampledHouseholds.Any(s => s.ProjectId == p.Id && s.AssessorAccountId == db.ScopeAccountId && s.Phase == SamplePhase.Visiting)
            : p.OrganiserPrefix.StartsWith(db.ScopePrefix) || db.ScopePrefix.StartsWith(p.OrganiserPrefix));

    /// <summary>
    /// A sampled household and its form, by its own village: hidden from the assessed county and everyone in it until the
    /// visits start (only the organiser and the levels above see a drawn sample); an assessor reads the households assigned
    /// to it while the visits run, and nothing once the project closes.
    /// </summary>
    private static readonly Expression<Func<JingzhunDbContext, SampledHousehold, bool>> SampleRow =
        (db, s) => db.ScopeCanRead && s.VillageCode.StartsWith(db.ScopePrefix) && (db.ScopeSampleOnly
            ? s.AssessorAccountId == db.ScopeAccountId && s.Phase == SamplePhase.Visiting
            : s.Phase != SamplePhase.Drawn || s.OrganiserPrefix.StartsWith(db.ScopePrefix));

    /// <summary>
    /// An annual assessment: read by its office and the levels above (the office's region code lies in the reader's region),
    /// and by every area it scored that the reader holds (a score row the reader may read: its published result).
    /// </summary>
    private static readonly Expression<Func<JingzhunDbContext, AnnualAssessment, bool>> AnnualAssessmentRow =
        (db, a) => db.ScopeCanRead && !db.ScopeSampleOnly
            && (a.AssessorCode.StartsWith(db.ScopePrefix) || db.AnnualScores.Any(s => s.AssessmentId == a.Id));

    /// <summary>
    /// A partner (Collaboration) is no personal data: every reader of region work reads the list; a partner account reads itself.
    /// </summary>
    private static readonly Expression<Func<JingzhunDbContext, Partner, bool>> PartnerRow =
        (db, p) => (db.ScopeCanRead && !db.ScopeSampleOnly) || p.Id == db.ScopePartnerId;

    /// <summary>
    /// A pairing and its seconded people: read by the helped region, the areas inside it (a village's work team checks the
    /// inputs of its county's pairing) and the levels above; a partner account reads its own partner's.
    /// </summary>
    private static readonly Expression<Func<JingzhunDbContext, Pairing, bool>> PairingRow =
        (db, p) => (db.ScopeCanRead && !db.ScopeSampleOnly && (p.RegionPrefix.StartsWith(db.ScopePrefix) || db.ScopePrefix.StartsWith(p.RegionPrefix)))
            || p.PartnerId == db.ScopePartnerId;

    private static readonly Expression<Func<JingzhunDbContext, SecondedCadre, bool>> SecondeeRow =
        (db, c) => (db.ScopeCanRead && !db.ScopeSampleOnly && (c.RegionPrefix.StartsWith(db.ScopePrefix) || db.ScopePrefix.StartsWith(c.RegionPrefix)))
            || c.PartnerId == db.ScopePartnerId;

    /// <summary>An input: a row of the area it reached; a partner account reads its own partner's.</summary>
    private static readonly Expression<Func<JingzhunDbContext, CollaborationInput, bool>> InputRow =
        (db, i) => (db.ScopeCanRead && !db.ScopeSampleOnly && i.RegionCode.StartsWith(db.ScopePrefix)) || i.PartnerId == db.ScopePartnerId;

    /// <summary>A photo of a sampled household: read exactly where its household's form is.</summary>
    private static readonly Expression<Func<JingzhunDbContext, SamplePhoto, bool>> SamplePhotoRow =
        (db, p) => db.SampledHouseholds.Any(s => s.Id == p.SampleId);

    /// <summary>
    /// Every filtered entity. Not here, so read by every actor: the region tree (<see cref="Domain.Regions.Region"/>,
    /// its populations and changes), accounts, rule sets and stale-county marks; who may change them is checked on save.
    /// </summary>
    private static readonly Filter[] Table =
    [
        ThroughHousehold<Household>(h => h),
        ThroughHousehold<Member>(m => m.Household!),
        ThroughHousehold<HouseholdIncome>(i => i.Household!),
        ThroughHousehold<HouseholdStatusChange>(s => s.Household!),
        ThroughHousehold<AssistanceMeasure>(m => m.Household!),
        ThroughHousehold<MeasureFunding>(f => f.Household!),
        ThroughHousehold<AssistanceNeed>(n => n.Household!),
        ThroughHousehold<AssistancePlan>(p => p.Household!),
        ThroughHousehold<CreditRating>(r => r.Household!),
        ThroughHousehold<MicroLoan>(l => l.Household!),
        ThroughHousehold<LoanRepayment>(r => r.Household!),
        ThroughHousehold<Relocation>(r => r.Household!),
        ThroughHousehold<RelocationFollowUp>(f => f.Household!),
        ThroughHousehold<AssistanceVisit>(v => v.Household!),
        ThroughHousehold<VisitPhoto>(p => p.Household!),
        // Pairings and teams are rows of their village (no join through the household: the pairing decides household access).
        OfArea<CadrePairing>(p => p.VillageCode),
        OfArea<WorkTeam>(t => t.VillageCode),
        OfArea<WorkTeamMember>(m => m.VillageCode),
        OfArea<WorkTeamAssessment>(a => a.VillageCode),
        OfRoster<Cadre>(c => c.CountyCode),
        ThroughHousehold<MonitoredObject>(m => m.Household!),
        ThroughHousehold<ScreeningVisit>(v => v.Household!),
        ThroughHousehold<DataCheckConsent>(c => c.Household!),
        ThroughHousehold<HomeVisitRecord>(v => v.Household!),
        ThroughHousehold<RiskAssessment>(a => a.Household!),
        // A signal may name no household yet (an unmatched public application): it is a row of its village.
        OfArea<RiskSignal>(s => s.VillageCode),
        OfArea<DepartmentFeed>(f => f.CountyCode),
        // Funds are rows of their area: an allocation of its receiver, a payment of the village or project it went to.
        OfArea<FundAllocation>(a => a.ToCode),
        OfArea<FundAccount>(a => a.CountyCode),
        OfArea<FundPayment>(p => p.RegionCode),
        OfArea<Project>(p => p.RegionCode),
        OfArea<ProjectFunding>(f => f.RegionCode),
        OfArea<ProjectStep>(s => s.RegionCode),
        OfArea<ProjectDocument>(d => d.RegionCode),
        OfArea<FundDisclosure>(d => d.RegionCode),
        OfArea<DisclosureObjection>(o => o.RegionCode),
        OfArea<ProjectAsset>(a => a.RegionCode),
        OfArea<AssetIncome>(i => i.RegionCode),
        ThroughHousehold<ProjectBeneficiary>(b => b.Household!),
        ThroughHousehold<AssetShare>(s => s.Household!),
        // Collaboration: labour cooperation — a worker and each step of its path are rows of its household.
        ThroughHousehold<LabourWorker>(w => w.Household!),
        ThroughHousehold<LabourPlacement>(p => p.Household!),
        // Assessment (issue 17): projects, samples and photos by their own rules above; the rest are rows of their area.
        new(typeof(AssessmentProject), AssessmentProjectRow.Parameters[1], AssessmentProjectRow),
        new(typeof(SampledHousehold), SampleRow.Parameters[1], SampleRow),
        new(typeof(SamplePhoto), SamplePhotoRow.Parameters[1], SamplePhotoRow),
        OfRoster<AssessmentCounty>(c => c.CountyCode),
        OfArea<Finding>(f => f.RegionCode),
        OfArea<FindingSubject>(s => s.RegionCode),
        OfArea<Rectification>(r => r.RegionCode),
        // An annual assessment is read by its office, the levels above, and the areas it assessed (its published result).
        new(typeof(AnnualAssessment), AnnualAssessmentRow.Parameters[1], AnnualAssessmentRow),
        OfArea<AnnualScore>(s => s.RegionCode),
        // Collaboration (issue 20): the areas helped read them; a partner account reads only its own.
        new(typeof(Partner), PartnerRow.Parameters[1], PartnerRow),
        new(typeof(Pairing), PairingRow.Parameters[1], PairingRow),
        new(typeof(SecondedCadre), SecondeeRow.Parameters[1], SecondeeRow),
        new(typeof(CollaborationInput), InputRow.Parameters[1], InputRow),
        // Census (issue 21): a round is read by its county, the levels above and the areas inside; a record is a row of its household.
        OfRoster<Jingzhun.Domain.Census.CensusRound>(r => r.CountyCode),
        ThroughHousehold<Jingzhun.Domain.Census.CensusRecord>(r => r.Household!),
        new(typeof(HouseholdAssignment), AssignmentRow.Parameters[1], AssignmentRow),
        OfArea<AuditEntry>(a => a.RegionCode),
        OfArea<WorkflowCase>(c => c.RegionCode),
        OfArea<CaseStep>(s => s.RegionCode),
        OfArea<CaseAttachment>(a => a.RegionCode),
        OfArea<CaseBatch>(b => b.RegionCode),
        OfArea<Notice>(n => n.RegionCode),
        OfArea<Objection>(o => o.RegionCode),
        OfArea<RuleDecision>(d => d.RegionCode),
        OfArea<YearEndSnapshot>(x => x.VillageCode),
        // Aggregates carry no personal data but are still figures of an area: each actor reads those of its region and below.
        OfArea<AreaAggregate>(a => a.RegionCode),
        OfArea<AreaBreakdown>(b => b.RegionCode),
        OfArea<AreaMeasureSums>(m => m.RegionCode),
        OfArea<AreaAssistance>(a => a.RegionCode),
        OfArea<AreaIncomeTrend>(a => a.RegionCode),
        OfArea<AreaFunds>(a => a.RegionCode),
        OfArea<ExitPlan>(p => p.RegionCode),
        new(typeof(RegionDesignation), DesignationRow.Parameters[1], DesignationRow),
        // Sample checks of identification lists: rows of the checked village or township.
        OfArea<Domain.SampleChecks.SampleCheck>(c => c.RegionCode),
        OfArea<Domain.SampleChecks.SampleCheckItem>(i => i.RegionCode),
    ];

    /// <summary>
    /// Puts each entity's filter on the model, bound to the context that builds it (EF swaps in the querying context).
    /// Whether the reader reads an assigned sample only is not a parameter but part of the model: readers of a sample
    /// (assessors) and all other readers each get a model of their own (<see cref="ReaderKindModelKey"/>), so an officer's
    /// query carries no assessor clause at all. As a parameter, the clause (an <c>EXISTS</c> over the assignments) was in
    /// every household read: SQLite parsed and planned it at each lookup, and PostgreSQL's plan kept it (issue 19).
    /// </summary>
    public static void Apply(ModelBuilder modelBuilder, JingzhunDbContext db)
    {
        // What C# writes for `this` in a lambda of the context: EF recognises it and reads the scope of the context that queries.
        var context = Expression.Constant(db, typeof(JingzhunDbContext));
        var sampleOnly = new ReaderKind(db.ScopeSampleOnly);
        foreach (var filter in Table)
            modelBuilder.Entity(filter.EntityType).HasQueryFilter((LambdaExpression)sampleOnly.Visit(filter.Bind(context)));
    }

    /// <summary>The model's kind of reader written into a filter as a constant, which EF's SQL leaves out where it decides nothing.</summary>
    private sealed class ReaderKind(bool sampleOnly) : ExpressionVisitor
    {
        private static readonly System.Reflection.MemberInfo SampleOnlyMember =
            typeof(JingzhunDbContext).GetProperty(nameof(JingzhunDbContext.ScopeSampleOnly),
                System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;

        protected override Expression VisitMember(MemberExpression node) =>
            node.Member == SampleOnlyMember ? Expression.Constant(sampleOnly) : base.VisitMember(node);
    }

    private static Filter ThroughHousehold<T>(Expression<Func<T, Household>> household) =>
        new(typeof(T), household.Parameters[0], HouseholdRow, household.Body);

    private static Filter OfArea<T>(Expression<Func<T, string>> region) =>
        new(typeof(T), region.Parameters[0], AreaRow, region.Body);

    private static Filter OfRoster<T>(Expression<Func<T, string>> county) =>
        new(typeof(T), county.Parameters[0], RosterRow, county.Body);

    /// <summary>
    /// One entity's filter: <paramref name="Rule"/> with the entity's way to its region (<paramref name="Reach"/>, from
    /// <paramref name="Row"/>) put in for the rule's second parameter; without a reach, the rule applies to the row itself.
    /// </summary>
    private sealed record Filter(Type EntityType, ParameterExpression Row, LambdaExpression Rule, Expression? Reach = null)
    {
        public LambdaExpression Bind(Expression context)
        {
            var body = new Substitution(Rule.Parameters[0], context, Rule.Parameters[1], Reach ?? Row).Visit(Rule.Body);
            return Expression.Lambda(body, Row);
        }
    }

    private sealed class Substitution(ParameterExpression context, Expression contextValue, ParameterExpression row, Expression rowValue)
        : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node == context ? contextValue : node == row ? rowValue : node;
    }
}
