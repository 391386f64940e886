using System.Net;
using System.Net.Http.Json;
using Docs.Samples;
using IronSealing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionApp.Session;

namespace Docs.Tests;

/// <summary>
/// docs/leaves-out.md shows docs/samples/VerifiedLogin.cs as the fix for the store route that believes the browser.
/// This runs it, wired as the finished app's Program.cs wires its session plumbing (the IronSealer of the sealing
/// library, the app's SessionSeals and SessionCookies): what the page claims, it does.
/// </summary>
public sealed class VerifiedLoginSampleTests : IAsyncLifetime
{
    private static readonly SessionUser Ada = new() { Id = 42, Username = "ada", FullName = "Ada Lovelace" };

    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddOptions<IronSessionOptions>().Configure(o => o.Password = "test-only-password-for-the-docs-sample-0123");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new IronSealer(
            services.GetRequiredService<IOptions<IronSessionOptions>>().Value.AllPasswords(),
            services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<SessionSeals>();
        builder.Services.AddSingleton<SessionMetrics>();
        builder.Services.AddSingleton<SessionCookies>();
        builder.Services.AddSingleton<IUserDirectory>(new OneUser("ada", "correct horse battery staple", Ada));

        _app = builder.Build();
        _app.MapVerifiedLogin();
        _app.MapGet("/whoami", (HttpRequest request, SessionCookies cookies) => Results.Json(cookies.Read(request)));
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Right_credentials_get_a_session_for_the_user_the_server_found()
    {
        using var login = await _client.PostAsJsonAsync(VerifiedLogin.Route, new { username = "ada", password = "correct horse battery staple" }, TestContext.Current.CancellationToken);

        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = SessionCookie(login);
        cookie.ShouldNotBeNull("a verified login should set the session cookie");
        (await WhoAmIAsync(cookie)).ShouldBe(Ada);
    }

    [Fact]
    public async Task A_wrong_password_gets_401_and_no_cookie()
    {
        using var login = await _client.PostAsJsonAsync(VerifiedLogin.Route, new { username = "ada", password = "guess" }, TestContext.Current.CancellationToken);

        login.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        SessionCookie(login).ShouldBeNull();
    }

    [Fact]
    public async Task Posting_an_identity_instead_of_credentials_gets_no_cookie()
    {
        // The attack of the docs page, against the fix: the body names a user, and proves nothing.
        using var login = await _client.PostAsJsonAsync(VerifiedLogin.Route, new { id = 1, username = "admin", fullName = "Administrator" }, TestContext.Current.CancellationToken);

        login.IsSuccessStatusCode.ShouldBeFalse();
        SessionCookie(login).ShouldBeNull();
    }

    private static string? SessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("workshop_auth=", StringComparison.Ordinal))
            : null;

    private async Task<SessionUser?> WhoAmIAsync(string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add("Cookie", cookie);
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SessionUser>(TestContext.Current.CancellationToken);
    }

    /// <summary>A user directory with one user, standing in for a database with hashed passwords.</summary>
    private sealed class OneUser(string username, string password, SessionUser user) : IUserDirectory
    {
        public SessionUser? FindByCredentials(string? username1, string? password1) =>
            username1 == username && password1 == password ? user : null;
    }
}
