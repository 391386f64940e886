using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using SessionApp.Tests.Infrastructure;

namespace Docs.Tests;

/// <summary>
/// The site's pictures of the app are taken here, from the finished app in a real Chromium, so they show what the app
/// does today: its home page after a click on Login (<c>images/finished-app-home.png</c>, on the home page) and, for
/// step 06, that page beside the browser's own cookie list and the console's empty <c>document.cookie</c>
/// (<c>images/step-06-cookies.png</c>). Each run writes both into docs/images (commit them when they change) and
/// into the screenshots folder.
/// </summary>
public sealed class AppPictureTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const int Width = 720;

    [Fact]
    public async Task Step_06s_picture_shows_the_session_cookie_kept_HttpOnly_by_the_browser_and_hidden_from_document_cookie()
    {
        var browser = Chromium.Require(chromium.Browser);

        // The app as a learner runs it with `dotnet run`: Development, where the one-click Login is on.
        await using var app = new SessionAppFactory { EnvironmentName = "Development" };
        var address = app.StartOnLoopback();
        await using var context = await browser.NewContextAsync(new()
        {
            BaseURL = address.ToString(),
            ViewportSize = new() { Width = Width, Height = 120 }, // the full page is taken, as tall as it is
            ColorScheme = ColorScheme.Light,
        });
        context.SetDefaultTimeout(Chromium.Timeout);
        var page = await context.NewPageAsync();
        var pages = new LoginPages(page);
        await pages.LogInAsync();
        (await pages.SessionJsonAsync()).ShouldContain("\"isLogin\":true");
        var home = await page.ScreenshotAsync(new() { FullPage = true });

        // What the browser itself keeps, from Chromium's DevTools protocol (what the Application tab lists) ...
        var cdp = await context.NewCDPSessionAsync(page);
        var answer = await cdp.SendAsync("Network.getCookies", new Dictionary<string, object> { ["urls"] = new[] { address.ToString() } });
        var cookies = answer.ShouldNotBeNull().GetProperty("cookies").EnumerateArray().Select(BrowserCookie.From).ToList();

        // ... and what the page's JavaScript can read.
        var documentCookie = await page.EvaluateAsync<string>("document.cookie");

        var session = cookies.SingleOrDefault(c => c.Name == app.CookieName)
            .ShouldNotBeNull($"After Login the browser keeps no cookie named {app.CookieName}; it keeps: {string.Join(", ", cookies.Select(c => c.Name))}");
        session.HttpOnly.ShouldBeTrue($"The browser keeps {app.CookieName} without HttpOnly: step 03's cookie options set it (docs/steps/03-store.md).");
        Uri.UnescapeDataString(session.Value).ShouldStartWith("Fe26.2*", customMessage: "the session cookie should hold an iron-session seal");
        documentCookie.ShouldBe(string.Empty, "document.cookie should show no cookie at all: the session cookie is HttpOnly and the app sets no other");

        var figure = await context.NewPageAsync();
        await figure.SetViewportSizeAsync(900, 600);
        await figure.SetContentAsync(Figure(home, cookies, documentCookie));
        var picture = await figure.Locator("figure").ScreenshotAsync();

        Save("finished-app-home.png", home);
        Save("step-06-cookies.png", picture);
    }

    /// <summary>Writes a picture into docs/images, where the pages take it from, and into the screenshots folder.</summary>
    private static void Save(string name, byte[] png)
    {
        File.WriteAllBytes(Path.Combine(DocsPaths.Docs, "images", name), png);
        Directory.CreateDirectory(SiteReader.ScreenshotFolder);
        File.WriteAllBytes(Path.Combine(SiteReader.ScreenshotFolder, name), png);
    }

    /// <summary>
    /// The home page above a cookie list drawn from the browser's answer and a console line, as one figure. The
    /// cookie's value is cut after its format's prefix and its expiry given in days, so the picture only changes when
    /// the app does.
    /// </summary>
    private static string Figure(byte[] home, IReadOnlyList<BrowserCookie> cookies, string documentCookie)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        static string Tick(bool on) => on ? "<td class=\"on\">✓</td>" : "<td></td>";
        var rows = string.Concat(cookies.Select(c =>
            $"<tr><td>{E(c.Name)}</td><td><code>{E(c.ShortValue)}</code></td><td>{E(c.Path)}</td><td>{E(c.ExpiresIn)}</td>"
            + $"{Tick(c.HttpOnly)}{Tick(c.Secure)}<td>{E(c.SameSite)}</td></tr>"));
        var shown = documentCookie.Length == 0 ? "''" : $"'{E(documentCookie)}'";
        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><style>
              body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1b1b1b; background: #fff; }
              figure { display: flex; flex-direction: column; gap: 16px; margin: 0; padding: 16px; width: max-content; background: #f3f4f6; }
              .frame { border: 1px solid #9ca3af; border-radius: 6px; overflow: hidden; background: #fff; }
              .bar { padding: 6px 10px; background: #e5e7eb; font-size: 13px; color: #374151; }
              .frame img { display: block; width: {{Width}}px; }
              .tools { display: flex; flex-direction: column; gap: 12px; }
              h2 { margin: 0 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #4b5563; }
              table { border-collapse: collapse; background: #fff; }
              th, td { border: 1px solid #d1d5db; padding: 4px 8px; text-align: left; }
              th { background: #e5e7eb; }
              td.on { background: #fef3c7; font-weight: 700; text-align: center; }
              .console { background: #111827; color: #f9fafb; padding: 8px 12px; border-radius: 6px; font: 13px/1.5 ui-monospace, monospace; }
              .console .out { color: #fbbf24; }
            </style></head><body>
            <figure>
              <div class="frame"><div class="bar">localhost:5080 · the home page after Login</div>
                <img alt="" src="data:image/png;base64,{{Convert.ToBase64String(home)}}"></div>
              <div class="tools">
                <div><h2>The browser's cookies for this site</h2>
                  <table><thead><tr><th>Name</th><th>Value</th><th>Path</th><th>Expires</th><th>HttpOnly</th><th>Secure</th><th>SameSite</th></tr></thead>
                  <tbody>{{rows}}</tbody></table></div>
                <div><h2>Console</h2>
                  <div class="console">&gt; document.cookie<br><span class="out">{{shown}}</span></div></div>
              </div>
            </figure>
            </body></html>
            """;
    }

    /// <summary>One cookie as Chromium's <c>Network.getCookies</c> reports it.</summary>
    private sealed record BrowserCookie(string Name, string Value, string Path, double Expires, bool HttpOnly, bool Secure, string SameSite)
    {
        public static BrowserCookie From(JsonElement cookie) => new(
            cookie.GetProperty("name").GetString() ?? string.Empty,
            cookie.GetProperty("value").GetString() ?? string.Empty,
            cookie.GetProperty("path").GetString() ?? string.Empty,
            cookie.GetProperty("expires").GetDouble(),
            cookie.GetProperty("httpOnly").GetBoolean(),
            cookie.GetProperty("secure").GetBoolean(),
            cookie.TryGetProperty("sameSite", out var sameSite) ? sameSite.GetString() ?? string.Empty : string.Empty);

        /// <summary>The seal's format (as the cookie holds it, its stars escaped), then its length: the rest changes with every seal.</summary>
        public string ShortValue => Value.Length <= 16 ? Value : $"{Value[..12]}… ({Value.Length.ToString(CultureInfo.InvariantCulture)} characters)";

        /// <summary>"in 14 days", or "Session" for a cookie that ends with the browser (Chromium's expires -1).</summary>
        public string ExpiresIn => Expires <= 0
            ? "Session"
            : $"in {Math.Round((DateTimeOffset.FromUnixTimeMilliseconds((long)(Expires * 1000)) - DateTimeOffset.UtcNow).TotalDays).ToString(CultureInfo.InvariantCulture)} days";
    }
}
