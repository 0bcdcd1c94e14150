using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Jingzhun.Data.Audit;
using Jingzhun.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Hosting;

/// <summary>
/// Expected refusals (403, 404, 409) are warnings without a stack, so that the error log holds only real failures;
/// and what an auditor reads is one audit entry per request, however many households it read.
/// </summary>
public abstract class RefusalLoggingTests(HostFixture fixture)
{
    private const string OwnVillage = "990121001001";
    private const string OtherVillage = "990121001002";

    private ApiHost Host => fixture.Host;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refusals_are_logged_as_warnings_without_a_stack_and_nothing_as_an_error()
    {
        var log = new CapturedLog();
        Host.Services.GetRequiredService<ILoggerFactory>().AddProvider(log);
        var clerk = await Host.SignInAsync("village");
        var workTeam = await Host.SignInAsync("workteam");

        // 403: moving one of its households into another village.
        var moved = await FirstHouseholdAsync(OwnVillage, skip: 2);
        var form = await RegistryApiTests.EditableFormAsync(clerk, moved, Ct);
        form["villageCode"] = OtherVillage;
        var forbidden = await clerk.PutAsJsonAsync($"/api/households/{moved}", new { household = form }, RegistryApiTests.Json, Ct);
        // 404: no such household.
        var missing = await clerk.GetAsync("/api/households/987654321", Ct);
        // 409: a save from a stale version.
        var own = await FirstHouseholdAsync(OwnVillage);
        var stale = await RegistryApiTests.EditableFormAsync(workTeam, own, Ct);
        var fresh = await RegistryApiTests.EditableFormAsync(clerk, own, Ct);
        fresh["villagerGroup"] = "五组";
        stale["villagerGroup"] = "六组";
        Assert.Equal(HttpStatusCode.OK, (await clerk.PutAsJsonAsync($"/api/households/{own}", new { household = fresh }, RegistryApiTests.Json, Ct)).StatusCode);
        var conflict = await workTeam.PutAsJsonAsync($"/api/households/{own}", new { household = stale }, RegistryApiTests.Json, Ct);
        // 400: a body that does not read as JSON of its type.
        var garbled = await clerk.PutAsync($"/api/households/{own}",
            new StringContent("{\"household\": {\"housingAreaM2\": \"eighty\"", System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbled.StatusCode);
        Assert.Empty(log.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}"));
        Assert.Empty(log.Entries.Where(e => e.Exception is not null).Select(e => $"{e.Category} {e.Level}: {e.Exception!.GetType().Name}"));
        var warnings = log.Entries.Where(e => e.Level == LogLevel.Warning && e.Category == "Jingzhun.Errors").Select(e => e.Message).ToList();
        Assert.Contains(warnings, w => w.Contains($"/api/households/{moved} refused with 403", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains($"/api/households/{own} refused with 409", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_auditors_export_is_one_audit_entry_naming_every_household_read()
    {
        var auditor = await Host.SignInAsync("auditor");
        long before;
        await using (var db = Host.OpenDatabase())
            before = await db.AuditEntries.CountAsync(a => a.Action == AuditAction.Read, Ct);

        var export = await auditor.GetAsync("/households/export?format=xlsx", Ct);

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        await using var check = Host.OpenDatabase();
        var reads = await check.AuditEntries.Where(a => a.Action == AuditAction.Read).OrderBy(a => a.Id).Skip((int)before).ToListAsync(Ct);
        var entry = Assert.Single(reads);
        var county = await check.Households.Select(h => h.Id).OrderBy(id => id).ToListAsync(Ct);
        Assert.Equal(county, entry.NewValue!.Split(',').Select(long.Parse).ToList());
        Assert.Equal(PersonalDataReads.HouseholdIdsField, entry.Field);
        Assert.Equal(county.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.EntityId);
        Assert.Equal("990121000000", entry.RegionCode); // the county, so the county's audit view lists it
        Assert.Equal("auditor", entry.Actor);

        // The county's audit page folds the list: the count, not a wall of numbers; a township does not see it.
        var page = await (await Host.SignInAsync("county")).GetStringAsync("/audit?actor=auditor&action=Read", Ct);
        Assert.Contains($"{county.Count}户", page, StringComparison.Ordinal);
        Assert.Contains("class=\"read-list\"", page, StringComparison.Ordinal);
        var township = await (await Host.SignInAsync("township")).GetStringAsync("/audit?actor=auditor&action=Read", Ct);
        Assert.DoesNotContain("class=\"read-list\"", township, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_auditor_reading_one_household_leaves_an_entry_in_that_households_history()
    {
        var auditor = await Host.SignInAsync("auditor");
        var id = await FirstHouseholdAsync(OtherVillage, skip: 3);

        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/households/{id}", Ct)).StatusCode);

        await using var db = Host.OpenDatabase();
        var entry = await db.AuditEntries.Where(a => a.Action == AuditAction.Read && a.HouseholdId == id).SingleAsync(Ct);
        Assert.Equal(OtherVillage, entry.RegionCode);
        Assert.Null(entry.NewValue);
    }

    private async Task<long> FirstHouseholdAsync(string village, int skip = 4)
    {
        await using var db = Host.OpenDatabase();
        return await db.Households.Where(h => h.VillageCode == village).OrderBy(h => h.Number).Skip(skip).Select(h => h.Id).FirstAsync(Ct);
    }

    private sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

    /// <summary>Every log entry the host writes from the moment it is added.</summary>
    private sealed class CapturedLog : ILoggerProvider
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new(category, logLevel, formatter(state, exception), exception));
        }
    }
}

public sealed class RefusalLoggingOnSqlite(SqliteHost host) : RefusalLoggingTests(host), IClassFixture<SqliteHost>;

public sealed class RefusalLoggingOnPostgres(PostgresHost host) : RefusalLoggingTests(host), IClassFixture<PostgresHost>;
