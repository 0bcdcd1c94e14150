using Jingzhun.Domain.Access;
using Jingzhun.Web.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jingzhun.Web.Tests.Access;

public abstract partial class AccessMatrixTests
{
    // Registry: export jobs — an export of the whole registry started by the national administrator (its file holds the
    // outside household): every role asks for its page, its status and its file by the job's id and must get 404.
    private static string _outsideExportJob = "0";

    private async Task OutsideExportJobAsync()
    {
        await using var db = Host.OpenDatabase();
        var admin = await db.Accounts.SingleAsync(a => a.UserName == "admin", Ct);
        var (job, problem) = Host.Services.GetRequiredService<ExportJobs>().Start(AccessScope.For(admin), new Data.Registry.RegistryCriteria(), Data.Exchange.ExchangeFormat.Xlsx);
        Assert.True(job is not null, problem?.English);
        _outsideExportJob = job.Id;
        // Finished before the walk, so that the file exists and its audit entry is written before the fingerprint.
        for (var i = 0; i < 600 && job.State is ExportJobState.Queued or ExportJobState.Running; i++) await Task.Delay(100, Ct);
        Assert.Equal(ExportJobState.Done, job.State);
    }
}
