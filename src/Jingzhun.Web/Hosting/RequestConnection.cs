using System.Collections.Concurrent;
using System.Reflection;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Hosting;

/// <summary>
/// A request's statements go over one database connection per context: it is opened when the handler of an endpoint or page
/// that takes the context starts, and goes back to the pool when the request ends. Left to itself, EF Core opens and closes
/// the connection around every statement, and on PostgreSQL every return to the pool costs a reset sent before the next
/// statement (seven commands: RESET ALL, DISCARD TEMP…), so a household lookup's four statements paid four resets and four
/// trips through the pool, and the household page its 43 (issue 19, docs/benchmarks.md: a fifth to a third more lookups a
/// second with one, a quarter less of the server's CPU per lookup, a third more saves a second under 200 users).
/// The connection is opened after the request's body has been read and checked, so a slow upload holds none, and a save
/// that waits for its turn on SQLite gives it back meanwhile (<see cref="JingzhunDbContext.HoldConnectionAsync"/>). A handler
/// that takes the report replica's context (<see cref="ReportReplica.Reads"/>) holds that one's, not the main database's.
/// </summary>
public static class RequestConnection
{
    /// <summary>Holds the connections for the endpoints of <paramref name="builder"/> whose handler takes a context.</summary>
    public static TBuilder HoldRequestConnection<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var keys = ContextKeys([context.MethodInfo]);
            return keys.Length == 0 ? next : async invocation =>
            {
                await OpenAsync(invocation.HttpContext, keys);
                return await next(invocation);
            };
        });

    /// <summary>The same for every page whose model takes a context.</summary>
    public sealed class PageFilter : IAsyncPageFilter
    {
        private static readonly ConcurrentDictionary<Type, object?[]> Keys = new();

        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            await OpenAsync(context.HttpContext, Keys.GetOrAdd(context.HandlerInstance.GetType(), static type => ContextKeys(type.GetConstructors())));
            await next();
        }
    }

    /// <summary>The service key of each context the methods take: null for the request's own, else the key it is asked for by.</summary>
    private static object?[] ContextKeys(IEnumerable<MethodBase> methods) => methods.SelectMany(m => m.GetParameters())
        .Where(p => p.ParameterType == typeof(JingzhunDbContext))
        .Select(p => p.GetCustomAttribute<FromKeyedServicesAttribute>()?.Key).Distinct().ToArray();

    // Disposing the request's contexts at the end of the request closes their connections: no close is needed here. Without
    // a replica the keyed context is the request's own, opened once.
    private static async Task OpenAsync(HttpContext http, object?[] keys)
    {
        var services = http.RequestServices;
        foreach (var db in keys.Select(key => key is null
                     ? services.GetRequiredService<JingzhunDbContext>()
                     : services.GetRequiredKeyedService<JingzhunDbContext>(key)).Distinct())
            await db.HoldConnectionAsync(http.RequestAborted);
    }
}
