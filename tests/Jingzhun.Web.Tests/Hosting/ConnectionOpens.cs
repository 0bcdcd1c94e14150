using System.Collections.Concurrent;
using System.Diagnostics;
using Jingzhun.Data.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Jingzhun.Web.Tests.Hosting;

/// <summary>
/// Counts, while it lives, how often each data context working for one account on one database opens its connection,
/// from EF Core's own diagnostic events. Every host in the test process raises them, and the demo's accounts have the same
/// ids in every host's database: only contexts on the given database count.
/// </summary>
public sealed class ConnectionOpens : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly int _accountId;
    private readonly (string Source, string Database) _database;
    private readonly ConcurrentDictionary<JingzhunDbContext, int> _opens = new();
    private readonly List<IDisposable> _subscriptions = [];

    /// <summary>
    /// Starts counting once every context sees the listener: EF Core keeps a context's logging configuration for up to a
    /// second (its logging cache time), and a pooled context lives through many requests, so a listener subscribed just
    /// now could miss the next request's events.
    /// </summary>
    public static async Task<ConnectionOpens> ListenAsync(JingzhunDbContext database, int accountId, CancellationToken ct)
    {
        var opens = new ConnectionOpens(database, accountId);
        await Task.Delay(TimeSpan.FromMilliseconds(1100), ct);
        return opens;
    }

    private ConnectionOpens(JingzhunDbContext database, int accountId)
    {
        _accountId = accountId;
        _database = IdentityOf(database.Database.GetDbConnection());
        lock (_subscriptions) _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>Opens per context, one entry for each context of the account that opened its connection at all.</summary>
    public IReadOnlyCollection<int> PerContext => _opens.Values.ToList();

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Key == RelationalEventId.ConnectionOpened.Name && e.Value is ConnectionEndEventData { Context: JingzhunDbContext db }
            && db.Scope.AccountId == _accountId && IdentityOf(db.Database.GetDbConnection()) == _database)
            _opens.AddOrUpdate(db, 1, (_, n) => n + 1);
    }

    private static (string, string) IdentityOf(System.Data.Common.DbConnection connection) => (connection.DataSource, connection.Database);

    public void Dispose()
    {
        lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }
}
