using Microsoft.Playwright;

namespace Jingzhun.Web.Tests.Browser;

/// <summary>Debian's Chromium, started headless for Playwright without any browser download.</summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>Skips the calling test with instructions when Chromium is not installed.</summary>
    public static void SkipUnlessInstalled()
    {
        if (!File.Exists(Path)) Assert.Skip("browser tests need Chromium: apt-get install chromium fonts-wqy-microhei (.ci/run does this)");
    }

    // Without the background-networking flags Chromium keeps trying to reach Google's hosts, which this network refuses.
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Path, Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });
}
