using System.Net;
using System.Security.Claims;
using IronSealing.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace IronSealing.AspNetCore.Tests;

/// <summary>
/// A small app on a test server that uses one scheme: "iron" (this package) or "cookie" (the framework's
/// AddCookie), with the same routes: sign in and out, an API route and a page that need a user.
/// </summary>
public sealed class SchemeApp : IAsyncDisposable
{
    public const string Password = "a password of at least thirty-two characters";
    public const string Iron = "iron";
    public const string Cookie = "cookie";

    private readonly WebApplication _app;

    private SchemeApp(WebApplication app, string scheme)
    {
        _app = app;
        Scheme = scheme;
        Client = app.GetTestClient();
        Client.BaseAddress = new Uri("https://localhost");
    }

    public string Scheme { get; }

    public HttpClient Client { get; }

    public string CookieName => Scheme == Iron ? IronSessionDefaults.SecureCookieName : ".AspNetCore.cookie";

    public static async Task<SchemeApp> StartAsync(string scheme, Action<IronSessionAuthenticationOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        var authentication = builder.Services.AddAuthentication(scheme);
        if (scheme == Iron)
        {
            authentication.AddIronSession(Iron, o =>
            {
                o.Password = Password;
                configure?.Invoke(o);
            });
        }
        else
        {
            authentication.AddCookie(Cookie, o => o.LoginPath = "/login");
        }

        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPost("/api/login", async (HttpContext context, string? username) =>
        {
            var identity = new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.NameIdentifier, "23", ClaimValueTypes.Integer64),
                    new Claim(ClaimTypes.Name, username ?? "tvy"),
                    new Claim("fullName", "tvydev"),
                    new Claim(ClaimTypes.Role, "reader"),
                    new Claim(ClaimTypes.Role, "writer"),
                ],
                scheme);
            await context.SignInAsync(scheme, new ClaimsPrincipal(identity));
            return Results.Ok();
        });
        app.MapPost("/api/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(scheme);
            return Results.Ok();
        });
        app.MapGet("/api/me", (ClaimsPrincipal user) => new
        {
            name = user.Identity!.Name,
            id = user.FindFirstValue(ClaimTypes.NameIdentifier),
            roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
        }).RequireAuthorization();
        app.MapGet("/account", (ClaimsPrincipal user) => Results.Content($"<h1>{WebUtility.HtmlEncode(user.Identity!.Name)}</h1>", "text/html")).RequireAuthorization();
        await app.StartAsync();
        return new SchemeApp(app, scheme);
    }

    /// <summary>Signs in and returns the session cookie it set, as "name=value".</summary>
    public async Task<string> SignInAsync(string username = "tvy")
    {
        using var response = await Client.PostAsync($"/api/login?username={Uri.EscapeDataString(username)}", null, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = SetCookies(response).Single(c => c.Name.Value == CookieName);
        return $"{cookie.Name}={cookie.Value}";
    }

    public static IList<SetCookieHeaderValue> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? SetCookieHeaderValue.ParseList([.. values]) : [];

    public async Task<HttpResponseMessage> GetAsync(string path, string? cookies = null, bool page = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }

        request.Headers.Accept.ParseAdd(page ? "text/html" : "application/json");
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<HttpResponseMessage> PostAsync(string path, string? cookies = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
