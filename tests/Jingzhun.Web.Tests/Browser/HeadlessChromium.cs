using Microsoft.Playwright;

namespace Jingzhun.Web.Tests.Browser;

/// <summary>
/// Debian's Chromium, started headless for Playwright without any browser download. One Playwright driver and one
/// Chromium serve every browser test of the process: starting the two took seconds of CPU per test, and each test gets
/// contexts of its own (cookies, storage, viewport), closed when it ends, so no test sees another's session.
/// </summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Starting = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    /// <summary>Skips the calling test with instructions when Chromium is not installed.</summary>
    public static void SkipUnlessInstalled()
    {
        if (!File.Exists(Path)) Assert.Skip("browser tests need Chromium: apt-get install chromium fonts-wqy-microhei (.ci/run does this)");
    }

    /// <summary>A session on the shared browser: the contexts and pages it opens are closed when it is disposed.</summary>
    public static async Task<BrowserSession> SessionAsync() => new(await SharedAsync());

    private static async Task<IBrowser> SharedAsync()
    {
        await Starting.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true }) return _browser;
            if (_playwright is null)
            {
                _playwright = await Playwright.CreateAsync();
                AppDomain.CurrentDomain.ProcessExit += Close;
            }
            _browser = await LaunchAsync(_playwright); // the first time, or again after Chromium went away
            return _browser;
        }
        finally
        {
            Starting.Release();
        }
    }

    private static void Close(object? sender, EventArgs e)
    {
        try
        {
            _browser?.CloseAsync().Wait(TimeSpan.FromSeconds(5));
            _playwright?.Dispose();
        }
        catch (Exception ex) when (ex is AggregateException or PlaywrightException) { /* the driver ends with the process anyway */ }
    }

    // Without the background-networking flags Chromium keeps trying to reach Google's hosts, which this network refuses.
    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Path, Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });
}

/// <summary>One test's use of the shared browser: every context it opens (a page opened here has its own) is closed at its end.</summary>
public sealed class BrowserSession(IBrowser browser) : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];

    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await browser.NewContextAsync(options);
        lock (_contexts) _contexts.Add(context);
        return context;
    }

    /// <summary>A page in a context of its own, as <see cref="IBrowser.NewPageAsync"/> opens one.</summary>
    public async Task<IPage> NewPageAsync(BrowserNewContextOptions options) => await (await NewContextAsync(options)).NewPageAsync();

    public async ValueTask DisposeAsync()
    {
        IBrowserContext[] open;
        lock (_contexts) open = [.. _contexts];
        foreach (var context in open)
        {
            try { await context.CloseAsync(); }
            catch (PlaywrightException) { /* already closed by the test */ }
        }
    }
}

/// <summary>
/// One demo host on a real port for a class whose browser tests only read pages (each signs in its own browser context),
/// started on first use so that a machine without Chromium skips before any host starts.
/// </summary>
public sealed class BrowserReadHost : IDisposable
{
    private readonly Lazy<ApiHost> _host = new(() =>
    {
        var host = new ApiHost(Engine.Sqlite);
        host.UseKestrel(0);
        host.StartServer();
        return host;
    });

    public string BaseUrl => _host.Value.ClientOptions.BaseAddress.ToString().TrimEnd('/');

    public void Dispose()
    {
        if (_host.IsValueCreated) _host.Value.Dispose();
    }
}
