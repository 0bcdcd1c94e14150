using Jingzhun.Data.Database;
using Jingzhun.Domain.Funds;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jingzhun.Data.Funds;

// How funds, projects, disclosures and assets are stored. Money columns are whole fen (the context's convention).

internal sealed class FundAllocationMapping : IEntityTypeConfiguration<FundAllocation>
{
    public void Configure(EntityTypeBuilder<FundAllocation> e)
    {
        e.Property(a => a.FromCode).HasMaxLength(12);
        e.Property(a => a.ToCode).HasMaxLength(12);
        e.Property(a => a.CountyCode).HasMaxLength(6);
        e.Property(a => a.Purpose).HasMaxLength(200);
        e.Property(a => a.DocumentNumber).HasMaxLength(100);
        e.Property(a => a.Reason).HasMaxLength(500);
        e.Property(a => a.RecordedBy).HasMaxLength(64);
        e.Property(a => a.Version).IsConcurrencyToken();
        e.HasOne(a => a.Parent).WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<FundAllocation>().WithMany().HasForeignKey(a => a.ReversesId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<FundAccount>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(a => new { a.ToCode, a.Year });
        e.HasIndex(a => new { a.CountyCode, a.Year });
        e.HasIndex(a => a.ReversesId).IsUnique();
    }
}

internal sealed class FundAccountMapping : IEntityTypeConfiguration<FundAccount>
{
    public void Configure(EntityTypeBuilder<FundAccount> e)
    {
        e.Property(a => a.CountyCode).HasMaxLength(6);
        e.Property(a => a.Name).HasMaxLength(100);
        e.Property(a => a.Bank).HasMaxLength(100);
        e.Property(a => a.Number).HasMaxLength(40);
        e.Property(a => a.ClosedReason).HasMaxLength(200);
        e.Property(a => a.Version).IsConcurrencyToken();
        e.HasIndex(a => a.CountyCode);
    }
}

internal sealed class FundPaymentMapping : IEntityTypeConfiguration<FundPayment>
{
    public void Configure(EntityTypeBuilder<FundPayment> e)
    {
        e.Property(p => p.CountyCode).HasMaxLength(6);
        e.Property(p => p.RegionCode).HasMaxLength(12);
        e.Property(p => p.Payee).HasMaxLength(100);
        e.Property(p => p.Purpose).HasMaxLength(200);
        e.Property(p => p.Voucher).HasMaxLength(60);
        e.Property(p => p.Reason).HasMaxLength(500);
        e.Property(p => p.RecordedBy).HasMaxLength(64);
        e.HasOne(p => p.Allocation).WithMany().HasForeignKey(p => p.AllocationId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(p => p.Project).WithMany().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(p => p.Household).WithMany().HasForeignKey(p => p.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Domain.Registry.Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ProjectAsset>().WithMany().HasForeignKey(p => p.AssetId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<AssetIncome>().WithMany().HasForeignKey(p => p.AssetIncomeId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<FundPayment>().WithMany().HasForeignKey(p => p.ReversesId).OnDelete(DeleteBehavior.Restrict);
        // A payment is reversed at most once.
        e.HasIndex(p => p.ReversesId).IsUnique();
        e.HasIndex(p => new { p.CountyCode, p.Year });
        e.HasIndex(p => p.AllocationId);
        e.HasIndex(p => p.ProjectId);
        e.HasIndex(p => new { p.HouseholdId, p.Year, p.PurposeType });
    }
}

internal sealed class ProjectMapping : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> e)
    {
        e.Property(p => p.Number).HasMaxLength(40);
        e.Property(p => p.Name).HasMaxLength(200);
        e.Property(p => p.CountyCode).HasMaxLength(6);
        e.Property(p => p.RegionCode).HasMaxLength(12);
        e.Property(p => p.Content).HasMaxLength(2000);
        e.Property(p => p.Implementer).HasMaxLength(200);
        e.Property(p => p.ResponsiblePerson).HasMaxLength(100);
        e.Property(p => p.BenefitMechanism).HasMaxLength(1000);
        e.Property(p => p.DeliberationMinutes).HasMaxLength(2000);
        e.Property(p => p.ProposedBy).HasMaxLength(64);
        e.Property(p => p.Version).IsConcurrencyToken();
        e.Ignore(p => p.Budget);
        e.HasMany(p => p.Funding).WithOne(f => f.Project).HasForeignKey(f => f.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(p => p.Beneficiaries).WithOne(b => b.Project).HasForeignKey(b => b.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(p => p.Steps).WithOne().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(p => p.Number).IsUnique();
        e.HasIndex(p => new { p.CountyCode, p.Year, p.Stage });
        e.HasIndex(p => p.RegionCode);
    }
}

internal sealed class ProjectFundingMapping : IEntityTypeConfiguration<ProjectFunding>
{
    public void Configure(EntityTypeBuilder<ProjectFunding> e)
    {
        e.Property(f => f.CountyCode).HasMaxLength(6);
        e.Property(f => f.RegionCode).HasMaxLength(12);
        e.HasOne(f => f.Allocation).WithMany().HasForeignKey(f => f.AllocationId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(f => f.AllocationId);
    }
}

internal sealed class ProjectBeneficiaryMapping : IEntityTypeConfiguration<ProjectBeneficiary>
{
    public void Configure(EntityTypeBuilder<ProjectBeneficiary> e)
    {
        e.Property(b => b.CountyCode).HasMaxLength(6);
        e.Property(b => b.AddedBy).HasMaxLength(64);
        e.Property(b => b.EndedReason).HasMaxLength(200);
        e.HasOne(b => b.Household).WithMany().HasForeignKey(b => b.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(b => new { b.ProjectId, b.HouseholdId });
        e.HasIndex(b => b.HouseholdId);
    }
}

internal sealed class ProjectStepMapping : IEntityTypeConfiguration<ProjectStep>
{
    public void Configure(EntityTypeBuilder<ProjectStep> e)
    {
        e.Property(s => s.RegionCode).HasMaxLength(12);
        e.Property(s => s.CountyCode).HasMaxLength(6);
        e.Property(s => s.Actor).HasMaxLength(64);
        e.Property(s => s.Role).HasMaxLength(32);
        e.Property(s => s.Comment).HasMaxLength(2000);
        e.HasIndex(s => s.ProjectId);
    }
}

internal sealed class ProjectDocumentMapping : IEntityTypeConfiguration<ProjectDocument>
{
    public void Configure(EntityTypeBuilder<ProjectDocument> e)
    {
        e.Property(d => d.RegionCode).HasMaxLength(12);
        e.Property(d => d.CountyCode).HasMaxLength(6);
        e.Property(d => d.FileName).HasMaxLength(200);
        e.Property(d => d.ContentType).HasMaxLength(100);
        e.Property(d => d.Sha256).HasMaxLength(64);
        e.Property(d => d.UploadedBy).HasMaxLength(64);
        e.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(d => d.ProjectId);
    }
}

internal sealed class FundDisclosureMapping : IEntityTypeConfiguration<FundDisclosure>
{
    public void Configure(EntityTypeBuilder<FundDisclosure> e)
    {
        e.Property(d => d.CountyCode).HasMaxLength(6);
        e.Property(d => d.RegionCode).HasMaxLength(12);
        e.Property(d => d.Title).HasMaxLength(200);
        e.Property(d => d.PostedBy).HasMaxLength(64);
        e.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<FundAllocation>().WithMany().HasForeignKey(d => d.AllocationId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(d => d.Objections).WithOne(o => o.Disclosure).HasForeignKey(o => o.DisclosureId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(d => new { d.RegionCode, d.PostedAt });
        e.HasIndex(d => new { d.ProjectId, d.Kind });
    }
}

internal sealed class DisclosureObjectionMapping : IEntityTypeConfiguration<DisclosureObjection>
{
    public void Configure(EntityTypeBuilder<DisclosureObjection> e)
    {
        e.Property(o => o.CountyCode).HasMaxLength(6);
        e.Property(o => o.RegionCode).HasMaxLength(12);
        e.Property(o => o.SubmittedBy).HasMaxLength(64);
        e.Property(o => o.Contact).HasMaxLength(100);
        e.Property(o => o.Text).HasMaxLength(2000);
        e.Property(o => o.Outcome).HasMaxLength(2000);
        e.Property(o => o.ResolvedBy).HasMaxLength(64);
        e.HasIndex(o => new { o.DisclosureId, o.Status });
    }
}

internal sealed class ProjectAssetMapping : IEntityTypeConfiguration<ProjectAsset>
{
    public void Configure(EntityTypeBuilder<ProjectAsset> e)
    {
        e.Property(a => a.CountyCode).HasMaxLength(6);
        e.Property(a => a.RegionCode).HasMaxLength(12);
        e.Property(a => a.Name).HasMaxLength(200);
        e.Property(a => a.Operator).HasMaxLength(200);
        e.Property(a => a.StateReason).HasMaxLength(500);
        e.Property(a => a.RecordedBy).HasMaxLength(64);
        e.Property(a => a.Version).IsConcurrencyToken();
        e.HasOne(a => a.Project).WithMany().HasForeignKey(a => a.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Domain.Registry.Household>().WithMany().HasForeignKey(a => a.OwnerHouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(a => a.Shares).WithOne(s => s.Asset).HasForeignKey(s => s.AssetId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(a => a.ProjectId);
        e.HasIndex(a => a.RegionCode);
    }
}

internal sealed class AssetShareMapping : IEntityTypeConfiguration<AssetShare>
{
    public void Configure(EntityTypeBuilder<AssetShare> e)
    {
        e.Property(s => s.CountyCode).HasMaxLength(6);
        e.Property(s => s.Weight).HasPrecision(12, 4);
        e.Property(s => s.EndedReason).HasMaxLength(200);
        e.HasOne(s => s.Household).WithMany().HasForeignKey(s => s.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(s => new { s.AssetId, s.HouseholdId });
    }
}

internal sealed class AssetIncomeMapping : IEntityTypeConfiguration<AssetIncome>
{
    public void Configure(EntityTypeBuilder<AssetIncome> e)
    {
        e.Property(i => i.CountyCode).HasMaxLength(6);
        e.Property(i => i.RegionCode).HasMaxLength(12);
        e.Property(i => i.Note).HasMaxLength(500);
        e.Property(i => i.RecordedBy).HasMaxLength(64);
        e.HasOne(i => i.Asset).WithMany().HasForeignKey(i => i.AssetId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(i => new { i.AssetId, i.Year });
    }
}
