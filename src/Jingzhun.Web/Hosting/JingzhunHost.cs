using Jingzhun.Web.SampleChecks;
using Jingzhun.Web.Transition;
using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Demo;
using Jingzhun.Web.Access;
using Jingzhun.Web.Audit;
using Jingzhun.Web.Localization;
using Jingzhun.Web.Assistance;
using Jingzhun.Web.Census;
using Jingzhun.Web.Collaboration;
using Jingzhun.Web.PoorAreas;
using Jingzhun.Web.Funds;
using Jingzhun.Web.Assessment;
using Jingzhun.Web.Monitoring;
using Jingzhun.Web.Registry;
using Jingzhun.Web.Rules;
using Jingzhun.Web.Statistics;
using Jingzhun.Web.Regions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Scalar.AspNetCore;
using Jingzhun.Data.Exit;
using Jingzhun.Data.Statistics;
using Jingzhun.Web.Notices;
using Jingzhun.Web.Workflows;
using Jingzhun.Web.YearEnd;

namespace Jingzhun.Web.Hosting;

/// <summary>How the web host is put together: services, the pipeline and the first-start database work.</summary>
public static class JingzhunHost
{
    public static void AddJingzhun(this WebApplicationBuilder builder)
    {
        // The audit key and checkpoints live outside the database: settings audit-key-file and audit-checkpoints,
        // else JINGZHUN_AUDIT_KEY_FILE / JINGZHUN_AUDIT_CHECKPOINTS, else beside the SQLite file or under data/.
        var target = DatabaseTarget.Resolve(builder.Configuration["db"])
            .WithAuditFiles(builder.Configuration["audit-key-file"], builder.Configuration["audit-checkpoints"]);
        var services = builder.Services;
        services.AddSingleton(target);
        services.AddHttpContextAccessor();
        // Pages are mostly Chinese: write it as UTF-8, not as &#x…; entities (a third of the bytes on slow links).
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddScoped<Lang>();
        // Times are shown in one zone (setting time-zone, default Asia/Shanghai); the database keeps UTC.
        Domain.Common.LocalTime.Use(builder.Configuration["time-zone"]);
        // Which links and buttons a page shows, from the request's scope (the policies the server enforces).
        services.AddScoped(sp => new Shared.Can(sp.GetRequiredService<AccessScope>()));
        // The host's one clock: every "now" of a page, an endpoint or the data work they call is read from it (notice
        // periods, audit times, lockouts); tests replace it to let a notice run its course.
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Data.Notices.PublicNotices>();
        // Wrong passwords per (account, source), in memory (see SignInThrottle).
        services.AddSingleton<SignInThrottle>();
        // Public objections per sender (public-objections-per-hour), in memory (see ObjectionThrottle).
        services.AddSingleton<Notices.Public.ObjectionThrottle>();
        // The request's scope comes from the signed-in account; the data context filters every query by it.
        services.AddScoped(sp => AccountClaims.ScopeOf(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User ?? new()));
        // Live statistics follow every save that changes the registry (counties marked stale, recounted in the background).
        services.AddSingleton<LiveStatistics>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveStatistics>());
        // Registry exports run as background jobs, one (setting export-workers: two) at a time (Registry/ExportJobs).
        services.AddSingleton<Registry.ExportJobs>();
        services.AddHostedService(sp => sp.GetRequiredService<Registry.ExportJobs>());
        services.AddScoped(sp =>
        {
            var db = JingzhunDb.Create(target, sp.GetRequiredService<AccessScope>(), sp.GetRequiredService<TimeProvider>());
            db.RegistrySaved = sp.GetRequiredService<LiveStatistics>().MarkStale;
            return db;
        });
        // Statistics and reports read through the context keyed ReportReplica.Reads: a streaming replica's when the
        // setting reports-db (or JINGZHUN_REPORTS_DB) names one, else the request's own context. Writes never go there.
        var replica = ReportReplica.Resolve(target, builder.Configuration["reports-db"]);
        if (replica is not null) services.AddSingleton(replica);
        services.AddKeyedScoped(ReportReplica.Reads, (sp, _) =>
        {
            var main = sp.GetRequiredService<JingzhunDbContext>();
            // The request's own context under a second key: the scope disposes it twice, and it goes back to its pool once.
            if (replica is null) return main.Share();
            var reports = replica.Open(main.Scope, sp.GetRequiredService<TimeProvider>());
            reports.HouseholdsRead = main.HouseholdsRead;
            return reports;
        });

        // Behind a TLS proxy: X-Forwarded-For and X-Forwarded-Proto count only from the proxies named in known-proxies
        // (comma-separated addresses) or known-networks (CIDR); from anyone else they are ignored.
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o =>
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in ConfiguredList(builder.Configuration["known-proxies"]))
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            foreach (var network in ConfiguredList(builder.Configuration["known-networks"]))
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            // With both lists empty the middleware would trust every sender: then no forwarded header counts at all.
            o.ForwardedHeaders = o.KnownProxies.Count + o.KnownIPNetworks.Count == 0
                ? Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.None
                : Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

        // How long a session found good is trusted without asking the database again (AccountSessions); 0 checks every request.
        services.AddSingleton(new CheckedSessions(TimeSpan.FromSeconds(builder.Configuration.GetValue("session-check-seconds", 5.0))));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "jingzhun.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure on every HTTPS request (behind a TLS proxy: see the forwarded headers below); always with secure-cookies=true.
            o.Cookie.SecurePolicy = builder.Configuration.GetValue("secure-cookies", false)
                ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            // Idle expiry: a session left alone for this long must sign in again.
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(builder.Configuration.GetValue("idle-minutes", 30));
            // The JSON API answers with status codes, never with a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiStatusOrRedirect(ctx, StatusCodes.Status401Unauthorized);
            // A page the account may not use answers 403 where it was asked for: the error page, not a redirect.
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            // A disabled account, or one whose role or region changed, loses its session on the next request.
            o.Events.OnValidatePrincipal = AccountSessions.ValidateAsync;
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddRazorPages(o =>
        {
            // Pages sit in their feature's folder beside its endpoints (docs/architecture.md); each page names its own
            // address with an absolute @page route, so a folder never shows in a URL.
            o.RootDirectory = "/";
            o.Conventions.AllowAnonymousToPage("/Access/SignIn/Login");
            o.Conventions.AllowAnonymousToPage("/Access/SignIn/Denied");
            // The error page answers whoever failed, signed in or not (a stale sign-in form, an unknown address).
            o.Conventions.AllowAnonymousToFolder("/Hosting/Error");
            // Public notices (公示) are for everyone; they read only through PublicNotices, the masked public read path.
            o.Conventions.AllowAnonymousToFolder("/Notices/Public");
            // Fund and project disclosures (公告公示) likewise, read only through PublicFunds, their masked public read path.
            o.Conventions.AllowAnonymousToFolder("/Funds/Public");
        }).AddMvcOptions(o =>
        {
            Shared.FormBinding.Configure(o);
            o.Filters.Add(new MethodNotAllowedFilter());
            o.Filters.Add(new RequestConnection.PageFilter());
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = RequestLimits.Create(builder.Configuration);
        });
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            Registry.RecordJson.Configure(o.SerializerOptions);
        });
        // A body that does not read as JSON of its type is answered by ErrorResponses, naming the field, in every environment.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.AddProblemDetails();
    }

    private static Task ApiStatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
            ctx.Response.StatusCode = status;
        else
            // The handler builds an absolute address from the request's Host header; only its path and query are sent,
            // so that a forged Host cannot send the reader to another site.
            ctx.Response.Redirect(ctx.RedirectUri.StartsWith("http", StringComparison.OrdinalIgnoreCase)
                                  && Uri.TryCreate(ctx.RedirectUri, UriKind.Absolute, out var uri) ? uri.PathAndQuery : ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Creates or upgrades the schema, and on an empty database seeds the demo county and accounts.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var target = app.Services.GetRequiredService<DatabaseTarget>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Jingzhun");
        log.LogInformation("Database: {Provider} {Description}", target.Provider, target.Description);
        if (app.Services.GetService<ReportReplica>() is { } replica)
            log.LogInformation("Reports read from the replica {Description}", replica.Target.Description);
        await JingzhunDb.MigrateAsync(target);
        if (!app.Configuration.GetValue("demo", true)) return;
        var households = app.Configuration.GetValue("demo-households", 20_000);
        if (households > 0 && await DemoSeeder.IsEmptyAsync(target))
        {
            log.LogInformation("Empty database: seeding the demo county with {Households} households…", households);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var lastReport = 0;
            var progress = new Progress<int>(n =>
            {
                if (n - lastReport < 5_000 && n != households) return;
                lastReport = n;
                log.LogInformation("  {Written}/{Total} households", n, households);
            });
            var options = new DemoOptions(households, app.Configuration.GetValue("demo-seed", 2014));
            // Each part's wall and CPU time: on a busy machine the two differ by the wait for a core.
            var clock = new SeedingClock((part, wall, cpu) =>
                log.LogInformation("  {Part}: {Wall:0.0} s ({Cpu:0.0} s CPU)", part, wall.TotalSeconds, cpu.TotalSeconds));
            // Tests that do not need the history switch it off ("demo-history": false) to start faster.
            var withHistory = app.Configuration.GetValue("demo-history", true);
            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var rehearsal = DemoRehearsal.IsWorthIt(target, households)
                ? Task.Run(() => DemoRehearsal.RunAsync(options.Seed, withHistory, now))
                : Task.CompletedTask;
            await DemoSeeder.SeedAsync(target, options, progress, clock: clock);
            log.LogInformation("Demo county seeded in {Seconds:0.0} s", started.Elapsed.TotalSeconds);
            // Year-ends since 2014 and open cases at every stage; notices still running start on the host's clock.
            if (withHistory)
            {
                var history = System.Diagnostics.Stopwatch.StartNew();
                await DemoHistory.AddAsync(target, options, now, clock: clock);
                log.LogInformation("Demo history (year-ends {From}–{To}, open cases) written in {Seconds:0.0} s; first start took {Total:0.0} s",
                    DemoHistory.FirstYear, options.CurrentYear, history.Elapsed.TotalSeconds, started.Elapsed.TotalSeconds);
            }
            try
            {
                await rehearsal;
            }
            catch (Exception e)
            {
                // It only made the first start quicker; the demo is whole without it.
                log.LogWarning("The first start's rehearsal on a scratch database failed ({Message}); the demo county is not affected", e.Message);
            }
        }
        await using var db = JingzhunDb.Create(target, AccessScope.System());
        await DemoAccounts.EnsureAsync(db, app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        // Reports read aggregates only: a database just seeded, or one upgraded to them, gets its first refresh now.
        if (!await db.Aggregates.AnyAsync())
        {
            var refreshed = await AreaStatistics.RefreshAsync(db, app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            log.LogInformation("Statistics of {Areas} areas ({Breakdowns} breakdown rows, {Years} frozen years) refreshed in {Seconds:0.00} s",
                refreshed.Areas, refreshed.Breakdowns, refreshed.Years.Count, refreshed.Elapsed.TotalSeconds);
        }
    }

    private static IEnumerable<string> ConfiguredList(string? value) =>
        (value ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static void UseJingzhun(this WebApplication app)
    {
        // First, so that the scheme (and the Secure cookie flag) follows a known proxy's X-Forwarded-Proto.
        app.UseForwardedHeaders();
        // HTTPS responses only (the middleware skips plain HTTP and localhost); never in Development.
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseSecurityHeaders();
        // Outside the exception handler, so that a refusal the handler left as a bare status gets its page too.
        app.UseStatusCodePages(new StatusCodePagesOptions { HandleAsync = ErrorResponses.StatusCodePageAsync });
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = ErrorResponses.WriteAsync,
            // A refusal (403, 404, 409, a bad request) is expected: the handler logs it as a warning without a stack.
            SuppressDiagnosticsCallback = c => ErrorResponses.IsRefusal(c.Exception, c.HttpContext),
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseSameOriginWrites();
        app.UsePasswordChangeGate();
        app.UseReadAudit();
        app.UseAuthorization();

        app.MapGet("/health", async (JingzhunDbContext db) =>
        {
            var reachable = await db.Database.CanConnectAsync();
            return reachable
                ? Results.Ok(new { status = "ok", database = db.Provider.ToString() })
                : Results.Json(new { status = "unavailable", database = db.Provider.ToString() }, statusCode: 503);
        }).AllowAnonymous().WithTags("System");
        app.MapGet("/lang/{code}", (string code, string? returnUrl, HttpContext http) =>
        {
            http.Response.Cookies.Append(Lang.CookieName, code == "en" ? "en" : "zh",
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            return Results.LocalRedirect(LocalReturn.OrHome(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(o => o.WithTitle("Jingzhun API")).AllowAnonymous();
        // Every endpoint of the API checks its JSON body against its declaration before it runs (RequestBodyRules), and then
        // keeps one database connection for its statements (RequestConnection).
        var api = app.MapGroup("").CheckRequestBodies().HoldRequestConnection();
        api.MapRegistryApi();
        api.MapRegistryExport();
        api.MapExportJobs();
        api.MapRegionApi();
        api.MapAccountsApi();
        api.MapAuditApi();
        api.MapNoticesApi();
        api.MapYearEndApi();
        api.MapRulesApi();
        api.MapCasesApi();
        api.MapStatisticsApi();
        api.MapLedgerApi();
        api.MapMonitoringApi();
        api.MapFeedsApi();
        api.MapAssistanceApi();
        api.MapFundsApi();
        api.MapAssessmentApi();
        api.MapCollaborationApi();
        api.MapLabourApi(); // Collaboration: labour cooperation
        api.MapPoorAreasApi(); // PoorAreas: poor-village identification and designations (issue 21)
        api.MapCensusApi();
        api.MapSampleChecksApi();
        api.MapTransitionApi();
        app.MapRazorPages();
    }
}
