using Jingzhun.Domain.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Rules;

/// <summary>How <see cref="RuleDecision"/> rows are stored. Who may read them is declared once, in <see cref="Database.ScopeFilters"/>.</summary>
internal sealed class RuleDecisionMapping : IEntityTypeConfiguration<RuleDecision>
{
    public void Configure(EntityTypeBuilder<RuleDecision> e)
    {
        e.Property(d => d.Rule).HasMaxLength(64);
        e.Property(d => d.RegionCode).HasMaxLength(12);
        e.Property(d => d.RuleSet).HasMaxLength(64);
        e.Property(d => d.Actor).HasMaxLength(64);
        e.HasIndex(d => new { d.HouseholdId, d.Rule, d.Year });
        e.HasIndex(d => new { d.RegionCode, d.Rule, d.Year });
    }
}
