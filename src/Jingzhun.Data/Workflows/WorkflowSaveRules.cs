using System.Security.Cryptography;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jingzhun.Data.Workflows;

// Workflow rows are changed by those who may change their region's data, and name their household (if any) in the audit log.

internal sealed class WorkflowCaseSaveRules : EntitySaveRules<WorkflowCase>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var c = Row(entry);
        return new RowOwner(c.RegionCode, c.Household, c.HouseholdId);
    }
}

internal sealed class CaseStepSaveRules : EntitySaveRules<CaseStep>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var s = Row(entry);
        return new RowOwner(s.RegionCode, null, s.Case?.HouseholdId);
    }

    /// <summary>A new step names the SHA-256 of each file stored with it, so the audit chain covers the files' bytes.</summary>
    public override AuditLine? Describe(EntityEntry entry)
    {
        var s = Row(entry);
        if (entry.State != EntityState.Added || s.Files.Count == 0) return null;
        return new AuditLine(AuditAction.Create, "Files", null,
            string.Join("; ", s.Files.Select(f => $"{f.FileName} sha256:{Convert.ToHexStringLower(SHA256.HashData(f.Content))}")));
    }
}

internal sealed class CaseBatchSaveRules : EntitySaveRules<CaseBatch>
{
    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch) => new RowOwner(Row(entry).RegionCode, null, null);
}

/// <summary>
/// A case attachment is evidence: inserted once with the step it belongs to (a new step of a case the actor may act on),
/// its hash and size taken from the bytes as stored, its type told by its content; never changed (a deletion is refused
/// for every row by the save hook).
/// </summary>
internal sealed class CaseAttachmentSaveRules : EntitySaveRules<CaseAttachment>
{
    public override void Prepare(EntityEntry entry)
    {
        var a = Row(entry);
        if (entry.State != EntityState.Added)
            throw new WorkflowBlockedException("案件附件保存后不能修改或删除", "a case attachment is never changed or deleted once stored");
        if (a.CaseStep is not { Case: { } workflowCase } step || entry.Context.Entry(step).State != EntityState.Added)
            throw new WorkflowBlockedException("附件只能随新的办理步骤一起保存", "an attachment is stored only with a new step of its case");
        var kind = FileContents.WholeKindOf(a.Content)
                   ?? throw new WorkflowBlockedException($"“{a.FileName}”不是完整的JPEG、PNG、WebP图片或PDF文件", $"“{a.FileName}” is not a complete JPEG, PNG or WebP picture or PDF file");
        // What the row says about its bytes is taken from the bytes, so no writer can file a mismatched hash or type.
        a.ContentType = kind.ContentType;
        a.Size = a.Content.LongLength;
        a.Sha256 = Convert.ToHexStringLower(SHA256.HashData(a.Content));
        a.CaseId = workflowCase.Id;
        a.RegionCode = step.RegionCode;
    }

    public override RowOwner? Owner(EntityEntry entry, SaveBatch batch)
    {
        var a = Row(entry);
        return new RowOwner(a.RegionCode, null, a.CaseStep?.Case?.HouseholdId);
    }

    /// <summary>The same rule as the step itself (<see cref="CaseWorkflow.MayAct"/>): the role of the stage the step leaves, in the case's region.</summary>
    public override void CheckScope(AccessScope scope, EntityEntry entry, RowOwner owner)
    {
        var step = Row(entry).CaseStep!;
        if (!CaseWorkflow.MayAct(scope, step.Case!.Kind, step.From, step.RegionCode))
            throw new WorkflowRefusedException($"{scope.Actor}不能为此案件的“{step.From.Chinese()}”环节上传附件",
                $"{scope.Actor} may not attach files to the '{step.From.English()}' stage of this case", step.RegionCode);
    }

    public override void Stamp(EntityEntry entry, RowOwner owner, DateTime now)
    {
        var a = Row(entry);
        a.CountyCode = a.RegionCode.Length >= 6 ? a.RegionCode[..6] : a.RegionCode;
        if (a.UploadedAt == default) a.UploadedAt = now;
    }

    public override string Key(EntityEntry entry) => $"案件附件 {Row(entry).FileName}";

    // The bytes are no news for the audit log; their hash is, and it is what the chain then covers.
    public override AuditLine? Describe(EntityEntry entry) =>
        new(AuditAction.Create, "Sha256", null, Row(entry).Sha256);
}
