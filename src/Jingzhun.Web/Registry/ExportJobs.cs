using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Threading.Channels;
using Jingzhun.Data.Audit;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Registry;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;

namespace Jingzhun.Web.Registry;

public enum ExportJobState
{
    [Label("排队中", "Queued")] Queued,
    [Label("正在导出", "Exporting")] Running,
    [Label("已完成", "Ready")] Done,
    [Label("导出失败", "Failed")] Failed,
}

/// <summary>
/// One registry export running in the background for the account that asked for it: what it exports (the search's
/// criteria, under that account's scope as it was when it asked), how far it is, and the file when it is ready.
/// </summary>
public sealed class ExportJob
{
    public required string Id { get; init; }
    public required AccessScope Scope { get; init; }
    public required RegistryCriteria Criteria { get; init; }
    public required ExchangeFormat Format { get; init; }
    /// <summary>The name the browser saves the file under, e.g. registry-990121000000-20261203.xlsx.</summary>
    public required string FileName { get; init; }
    public required DateTime CreatedAt { get; init; }

    private long _written;
    private long _total;
    public long Written => Interlocked.Read(ref _written);
    public long Total => Interlocked.Read(ref _total);
    public ExportJobState State { get; internal set; } = ExportJobState.Queued;
    public DateTime? FinishedAt { get; internal set; }
    public long Households { get; internal set; }
    /// <summary>Why it failed, in both languages (never an exception's text, which may name internals).</summary>
    public Bilingual? Error { get; internal set; }
    internal string? FilePath { get; set; }

    /// <summary>
    /// Whether the job is the account's: the same account with the same scope that started it (a value comparison of
    /// the whole scope, so an account whose role or region changed since no longer reaches a file made under the old one).
    /// </summary>
    public bool OwnedBy(AccessScope scope) => scope.CanRead && scope == Scope;

    internal void Progress(long written) => Interlocked.Exchange(ref _written, written);
    internal void Count(long total) => Interlocked.Exchange(ref _total, total);

    /// <summary>Rows written out of the total, 0–100.</summary>
    public int Percent => State == ExportJobState.Done ? 100 : Total <= 0 ? 0 : (int)Math.Min(99, Written * 100 / Total);
}

/// <summary>
/// Registry exports as background jobs (a county's workbook takes tens of seconds): a request queues one and answers at
/// once with its page, which shows the progress and, when ready, the download. The queue is bounded and at most
/// <c>export-workers</c> (default 1) exports run at once, so a two-core server stays responsive while a county exports.
/// Each job reads under the scope of the account that started it, so the file holds exactly what that account may see,
/// masked as its exports always were, and is audited like any export. Jobs live in memory; their files lie in
/// <c>exports/</c> beside the audit key (the host's data folder, or the setting <c>export-folder</c>) for
/// <see cref="Lifetime"/> and are removed after; a restart forgets the jobs and removes the files it finds expired.
/// </summary>
public sealed class ExportJobs(DatabaseTarget target, TimeProvider clock, IConfiguration configuration, ILogger<ExportJobs> log)
    : BackgroundService
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    /// <summary>Jobs waiting in the queue at most; one more is refused with a message to try again later.</summary>
    public const int QueueLength = 20;
    /// <summary>Unfinished jobs one account may have at once.</summary>
    public const int PerAccount = 3;

    private readonly Channel<ExportJob> _queue = Channel.CreateBounded<ExportJob>(QueueLength);
    private readonly ConcurrentDictionary<string, ExportJob> _jobs = new();
    private readonly int _workers = Math.Clamp(configuration.GetValue("export-workers", 1), 1, 2);

    /// <summary>Where finished files are kept.</summary>
    public string Folder { get; } = configuration["export-folder"]
                                    ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(target.AuditKeyFile))!, "exports");

    /// <summary>Queues an export for the account; null with the reason when the queue or the account's share is full.</summary>
    public (ExportJob? Job, Bilingual? Problem) Start(AccessScope scope, RegistryCriteria criteria, ExchangeFormat format)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Sweep(now);
        if (_jobs.Values.Count(j => j.OwnedBy(scope) && j.State is ExportJobState.Queued or ExportJobState.Running) >= PerAccount)
            return (null, new Bilingual($"您已有{PerAccount}个导出正在进行，请等其完成后再导出。",
                $"You already have {PerAccount} exports under way; wait until one is ready."));
        var stem = $"registry-{RegionPart(criteria.Region, scope.RegionPrefix)}-{LocalTime.DateOf(now).ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
        var job = new ExportJob
        {
            Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
            Scope = scope, Criteria = criteria with { Page = 1 }, Format = format, CreatedAt = now,
            FileName = stem + (format == ExchangeFormat.Xlsx ? ".xlsx" : ".zip"),
        };
        if (!_queue.Writer.TryWrite(job))
            return (null, new Bilingual("导出排队已满，请稍后再试。", "Too many exports are waiting; try again in a few minutes."));
        _jobs[job.Id] = job;
        return (job, null);
    }

    /// <summary>The account's job, or null when it is unknown, expired or another account's (the same answer for all three).</summary>
    public ExportJob? Find(string? id, AccessScope scope) =>
        id is not null && _jobs.TryGetValue(id, out var job) && job.OwnedBy(scope) && !Expired(job, clock.GetUtcNow().UtcDateTime) ? job : null;

    /// <summary>The account's jobs, newest first.</summary>
    public IReadOnlyList<ExportJob> Of(AccessScope scope)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return [.. _jobs.Values.Where(j => j.OwnedBy(scope) && !Expired(j, now)).OrderByDescending(j => j.CreatedAt)];
    }

    /// <summary>The finished file of the account's job, opened for reading; null when there is none.</summary>
    public FileStream? Open(ExportJob job) =>
        job is { State: ExportJobState.Done, FilePath: { } path } && File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous)
            : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(Folder);
        RemoveExpiredFiles();
        await Task.WhenAll(Enumerable.Range(0, _workers).Select(_ => WorkAsync(stoppingToken)));
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
                await RunAsync(job, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Counts the rows, writes the file under the job's scope (the exporter masks and audits), zips CSV tables.</summary>
    private async Task RunAsync(ExportJob job, CancellationToken ct)
    {
        job.State = ExportJobState.Running;
        var work = Directory.CreateTempSubdirectory("jingzhun-export-").FullName;
        try
        {
            await using var db = JingzhunDb.Create(target, job.Scope, clock);
            job.Count(await RegistryExporter.CountRowsAsync(db, job.Criteria, ct));
            var stem = Path.GetFileNameWithoutExtension(job.FileName);
            var path = Path.Combine(work, job.Format == ExchangeFormat.Xlsx ? stem + ".xlsx" : stem + ".csv");
            var result = await RegistryExporter.ExportAsync(db, path, job.Format, new ExportOptions
            {
                Criteria = job.Criteria, FileName = job.FileName, Clock = clock, RowsWritten = new Inline(job.Progress),
            }, ct: ct);
            // An auditor's or assessor's export is one read entry naming every household in it, as when it was a request.
            await PersonalDataReads.FlushAsync(db, target, $"POST /exports ({job.FileName})", clock.GetUtcNow().UtcDateTime, ct);
            var made = job.Format == ExchangeFormat.Xlsx ? path : Zip(work, stem);
            Directory.CreateDirectory(Folder);
            var kept = Path.Combine(Folder, job.Id + Path.GetExtension(made));
            File.Move(made, kept, overwrite: true);
            job.FilePath = kept;
            job.Households = result.Households;
            job.Progress(job.Total);
            job.State = ExportJobState.Done;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            job.Error = new Bilingual("服务器正在停止，导出未完成，请重新导出。", "The server stopped before the export was done; export again.");
            job.State = ExportJobState.Failed;
        }
        catch (Exception e)
        {
            log.LogError(e, "Export job {Job} of {Actor} failed", job.Id, job.Scope.Actor);
            job.Error = new Bilingual("导出失败，未生成文件。请稍后重新导出；如果再次失败，请联系管理员。",
                "The export failed and no file was made. Export again later; if it fails again, tell the administrator.");
            job.State = ExportJobState.Failed;
        }
        finally
        {
            job.FinishedAt = clock.GetUtcNow().UtcDateTime;
            try { Directory.Delete(work, recursive: true); }
            catch (IOException) { }
        }
    }

    private static bool Expired(ExportJob job, DateTime now) => job.FinishedAt is { } at && at + Lifetime < now;

    /// <summary>Forgets jobs finished longer ago than <see cref="Lifetime"/> and deletes their files.</summary>
    private void Sweep(DateTime now)
    {
        foreach (var (id, job) in _jobs)
        {
            if (!Expired(job, now) || !_jobs.TryRemove(id, out _)) continue;
            if (job.FilePath is { } path) TryDelete(path);
        }
    }

    /// <summary>On start: files older than the lifetime (left by an earlier run, whose jobs are forgotten) go.</summary>
    private void RemoveExpiredFiles()
    {
        var limit = clock.GetUtcNow().UtcDateTime - Lifetime;
        foreach (var file in Directory.EnumerateFiles(Folder))
            if (File.GetLastWriteTimeUtc(file) < limit) TryDelete(file);
    }

    private void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException e) { log.LogWarning(e, "Expired export file {Path} could not be deleted", path); }
    }

    /// <summary>The three (or, masked, four) CSV files of the export in one zip, under the download's stem.</summary>
    private static string Zip(string folder, string stem)
    {
        var zip = Path.Combine(folder, stem + ".zip");
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        foreach (var file in Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal))
            archive.CreateEntryFromFile(file, Path.GetFileName(file), CompressionLevel.Optimal);
        return zip;
    }

    /// <summary>The region in the file name: the searched region, or the account's own region; digits only.</summary>
    public static string RegionPart(string? searched, string scopePrefix)
    {
        var code = string.IsNullOrWhiteSpace(searched) ? scopePrefix : searched.Trim();
        code = new string(code.Where(char.IsAsciiDigit).ToArray());
        return code.Length == 0 ? "all" : code.PadRight(12, '0');
    }

    private sealed class Inline(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}

/// <summary>
/// GET /exports/{jobId}/status (the job page's progress, as JSON) and GET /exports/{jobId}/file (the finished file).
/// Both answer 404 for a job of another account, exactly as for one that does not exist.
/// </summary>
public static class ExportJobEndpoints
{
    public sealed record ExportJobStatus(string State, string StateText, long Written, long Total, int Percent, string? Download, string? Error);

    public static void MapExportJobs(this IEndpointRouteBuilder app)
    {
        app.MapGet("/exports/{jobId}/status", (string jobId, ExportJobs jobs, AccessScope scope, Localization.Lang lang) =>
                jobs.Find(jobId, scope) is { } job ? Results.Ok(StatusOf(job, lang)) : Results.NotFound())
            .WithTags("Registry 建档立卡").WithSummary("Progress of an export job 导出进度");
        app.MapGet("/exports/{jobId}/file", (string jobId, ExportJobs jobs, AccessScope scope) =>
                jobs.Find(jobId, scope) is { } job && jobs.Open(job) is { } stream
                    ? Results.File(stream, job.Format == ExchangeFormat.Xlsx ? RegistryExportEndpoint.XlsxType : "application/zip", job.FileName)
                    : Results.NotFound())
            .WithTags("Registry 建档立卡").WithSummary("The finished file of an export job 下载导出文件");
    }

    public static ExportJobStatus StatusOf(ExportJob job, Localization.Lang lang) => new(
        job.State.ToString(), lang.Label(job.State), job.Written, job.Total, job.Percent,
        job.State == ExportJobState.Done ? $"/exports/{job.Id}/file" : null,
        job.Error is { } e ? lang.T(e) : null);
}
