using System.Collections.Concurrent;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Web.Hosting;

/// <summary>
/// A request's statements go over one database connection: it is opened when the handler of an endpoint or page that reads
/// the request's context starts, and goes back to the pool when the request ends. Left to itself, EF Core opens and closes
/// the connection around every statement, and on PostgreSQL every return to the pool costs a reset sent before the next
/// statement (seven commands: RESET ALL, DISCARD TEMP…), so a household lookup's four statements paid four resets and four
/// trips through the pool, and the household page its 43 (issue 19, docs/benchmarks.md: a fifth to a third more lookups a
/// second with one, a quarter less of the server's CPU per lookup, a third more saves a second under 200 users).
/// The connection is opened after the request's body has been read and checked, so a slow upload holds none.
/// </summary>
public static class RequestConnection
{
    /// <summary>Holds the connection for the endpoints of <paramref name="builder"/> whose handler takes the request's context.</summary>
    public static TBuilder HoldRequestConnection<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
            !context.MethodInfo.GetParameters().Any(p => p.ParameterType == typeof(JingzhunDbContext))
                ? next
                : async invocation =>
                {
                    await OpenAsync(invocation.HttpContext);
                    return await next(invocation);
                });

    /// <summary>The same for every page whose model takes the request's context.</summary>
    public sealed class PageFilter : IAsyncPageFilter
    {
        private static readonly ConcurrentDictionary<Type, bool> ReadsContext = new();

        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            if (ReadsContext.GetOrAdd(context.HandlerInstance.GetType(), static type => type.GetConstructors()
                    .Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(JingzhunDbContext)))))
                await OpenAsync(context.HttpContext);
            await next();
        }
    }

    // Disposing the request's context at the end of the request closes the connection: no close is needed here.
    private static Task OpenAsync(HttpContext http) =>
        http.RequestServices.GetRequiredService<JingzhunDbContext>().Database.OpenConnectionAsync(http.RequestAborted);
}
