using Microsoft.Playwright;

namespace Llama3Siem.Worker.Tests.Browser;

/// <summary>
/// Debian's headless Chromium driven by the Playwright driver (never Playwright's own browser download, which
/// cannot work here), with a fresh profile, a 1280x800 window, and a record of script errors and CSP refusals.
/// </summary>
internal sealed class AnalystBrowser : IAsyncDisposable
{
    private const string DefaultChromium = "/usr/bin/chromium";

    // FACTS.md: the flags Debian's chromium needs as root in a container, and no network use of its own.
    private static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly ITestOutputHelper _output;
    private readonly string _testName;
    private readonly List<string> _pageErrors = [];
    private readonly List<string> _policyViolations = [];

    static AnalystBrowser() => Assertions.SetDefaultExpectTimeout(20_000);

    private AnalystBrowser(IPlaywright playwright, IBrowserContext context, IPage page, ITestOutputHelper output, string testName)
    {
        _playwright = playwright;
        _context = context;
        _output = output;
        _testName = testName;
        Page = page;
        page.PageError += (_, error) => _pageErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                _policyViolations.Add(message.Text);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Uncaught script errors and Content-Security-Policy refusals seen so far: the page should cause none.</summary>
    public IReadOnlyList<string> Problems => [.. _pageErrors, .. _policyViolations];

    /// <summary>The browser to use: <c>CHROMIUM_PATH</c> when set, else Debian's; skips the test when it is not installed.</summary>
    public static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : DefaultChromium;
        if (!File.Exists(path))
        {
            Assert.Skip($"No Chromium at {path} (install Debian's chromium, or set CHROMIUM_PATH): the browser tests cannot run here.");
        }

        return path;
    }

    /// <summary>Starts Chromium with its profile in <paramref name="folder"/>, which the test deletes.</summary>
    public static async Task<AnalystBrowser> LaunchAsync(TempFolder folder, ITestOutputHelper output, string testName)
    {
        var chromium = ChromiumPath();
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(folder.File("chromium-profile"), new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = ChromiumFlags,
                ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
                Locale = "en-GB",
                // Not UTC on purpose: the page must show and search in UTC whatever the analyst's zone.
                TimezoneId = "America/New_York",
            });
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            return new AnalystBrowser(playwright, context, page, output, testName);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async Task OpenAsync(Uri address, string route = "")
    {
        await Page.GotoAsync(new Uri(address, "/" + route).ToString());
        await Assertions.Expect(Page.Locator("#main")).ToBeAttachedAsync();
    }

    public async Task SignInAsync(string token)
    {
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Page.GetByLabel("API key or JWT").FillAsync(token);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Saves the page (or only what the 1280x800 window shows) as a PNG under the test output's browser-screenshots folder and prints where.</summary>
    public async Task<string> ScreenshotAsync(string step, bool fullPage = true)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "browser-screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{_testName}-{step}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        _output.WriteLine($"screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        await _context.DisposeAsync();
        _playwright.Dispose();
    }
}
