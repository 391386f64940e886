using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionApp.Pages;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Security;

/// <summary>
/// Maintainers' tests of what the finished app does beyond the tutorial to hold up to an attacker (OWASP session
/// management cheat sheet, ASVS V3): answers in its own words, strict reads, and the headers every response carries.
/// </summary>
public sealed class HardeningTests(SessionAppFactory app) : IClassFixture<SessionAppFactory>
{
    [Theory]
    [InlineData("not json", "valid JSON")]
    [InlineData("""{"id":"23","username":"tvy","fullName":"tvydev"}""", "\"id\" must be a whole number")]
    [InlineData("""{"id":2.5,"username":"tvy","fullName":"tvydev"}""", "\"id\" must be a whole number")]
    [InlineData("""{"username":"tvy","fullName":"tvydev"}""", "\"id\" is required")]
    [InlineData("""{"id":23,"fullName":"tvydev"}""", "\"username\" is required")]
    [InlineData("""{"id":23,"username":42,"fullName":"tvydev"}""", "\"username\" must be a string")]
    [InlineData("""{"id":23,"username":"tvy","fullName":" "}""", "\"fullName\" must not be empty")]
    [InlineData("""{"id":23,"id":24,"username":"tvy","fullName":"tvydev"}""", "repeats a field")]
    [InlineData("[]", "a user is a JSON object")]
    public async Task A_bad_body_is_explained_in_the_apps_own_words_never_a_parsers(string body, string said)
    {
        using var client = app.CreateClient();

        using var response = await client.StoreJsonAsync(body);

        var detail = (await response.JsonAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString().ShouldNotBeNull();
        detail.ShouldContain(said);
        detail.ShouldNotContain("System.");
        detail.ShouldNotContain("SessionApp.");
        detail.ShouldNotContain("Path:");
    }

    [Theory]
    [InlineData("username")]
    [InlineData("fullName")]
    [InlineData("avatarUrl")]
    public async Task A_field_whose_bytes_are_not_UTF_8_gets_400_not_500(string field)
    {
        // Found by bench/reliability's body abuse: the parser checks a string's bytes only when it is read.
        using var client = app.CreateClient();
        var fields = new Dictionary<string, string> { ["username"] = "tvy", ["fullName"] = "tvydev", ["avatarUrl"] = "a.png" };
        var before = System.Text.Encoding.UTF8.GetBytes($$"""{"id":1,"username":"{{fields["username"]}}","fullName":"{{fields["fullName"]}}","avatarUrl":"{{fields["avatarUrl"]}}"}""");
        var marker = System.Text.Encoding.UTF8.GetBytes($"\"{fields[field]}\"");
        var at = before.AsSpan().IndexOf(marker) + 1;
        var body = before.ToArray();
        body[at] = 0xC0; // never valid in UTF-8
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        using var response = await client.PostAsync(SessionEndpoints.StoreRoute, content, TestContext.Current.CancellationToken);

        var detail = (await response.JsonAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString().ShouldNotBeNull();
        detail.ShouldContain($"\"{field}\"");
        response.SetCookie(app.CookieName).ShouldBeNull();
    }

    [Theory]
    [InlineData("""{"user":{"id":"23","username":"tvy","fullName":"tvydev"}}""", "an id that is a string")]
    [InlineData("""{"user":{"id":23,"username":"","fullName":"tvydev"}}""", "an empty username")]
    [InlineData("""{"user":{"id":23,"username":"tvy","fullName":"tvydev"},"user":{"id":1,"username":"admin","fullName":"Admin"}}""", "two users")]
    public async Task A_sealed_user_the_store_route_would_refuse_is_no_session(string session, string what)
    {
        using var client = app.ClientWithSession(Seals.Seal(session));

        var read = await (await client.ReadAsync()).JsonAsync();

        read.GetRawText().ShouldBe("""{"isLogin":false}""", $"a seal holding {what} must not log anyone in");
    }

    [Theory]
    [InlineData("/api/session")]
    [InlineData("/login")]
    [InlineData("/")]
    [InlineData("/js/session.js")]
    [InlineData("/healthz")]
    [InlineData("/no-such-page")]
    public async Task Every_answer_tells_the_browser_not_to_guess_its_type(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        response.Headers.TryGetValues("X-Content-Type-Options", out var values).ShouldBeTrue($"{path} sent no X-Content-Type-Options");
        values.ShouldBe(["nosniff"]);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/")]
    public async Task The_pages_allow_only_their_own_origin_and_no_framing(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Headers.TryGetValues("Content-Security-Policy", out var values).ShouldBeTrue($"{path} sent no Content-Security-Policy");
        var policy = values.ShouldHaveSingleItem();
        policy.ShouldContain("default-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldNotContain("unsafe-inline");
        policy.ShouldBe(PageEndpoints.ContentSecurityPolicy);
    }

    [Fact]
    public async Task The_account_page_has_the_pages_policy_too()
    {
        using var users = new SessionAppFactory().WithUsers();
        using var client = users.CreateClient();
        await client.LogInForCookieAsync(users);

        using var response = await client.GetAsync(SessionApp.Account.AccountEndpoints.AccountRoute, TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Headers.TryGetValues("Content-Security-Policy", out var values).ShouldBeTrue("/account sent no Content-Security-Policy");
        values.ShouldHaveSingleItem().ShouldBe(PageEndpoints.ContentSecurityPolicy);
    }

    [Fact]
    public void Kestrel_sends_no_Server_header()
    {
        app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader.ShouldBeFalse();
    }

    [Fact]
    public async Task The_proxys_forwarded_scheme_changes_nothing_the_cookie_carries()
    {
        using var client = app.CreateClient(new() { BaseAddress = new Uri("http://localhost") });
        using var request = new HttpRequestMessage(HttpMethod.Post, SessionEndpoints.StoreRoute)
        {
            Content = new StringContent(Seals.MockUserJson, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Forwarded-Proto", "http");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.SetCookie(app.CookieName).ShouldNotBeNull().ShouldContain("; secure", Case.Insensitive);
    }
}
