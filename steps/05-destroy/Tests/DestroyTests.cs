using System.Net;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Destroy;

/// <summary>Step 05: POST /api/session/destroy clears the cookie, and the next read is logged out.</summary>
public sealed class DestroyTests(SessionAppFactory app) : IClassFixture<SessionAppFactory>
{
    private async Task<string> DestroyAsync()
    {
        using var client = app.CreateClient();
        using var response = await client.DestroyAsync();
        (await response.JsonAsync()).GetRawText().ShouldBe("{}");
        return response.SetCookie(app.CookieName)
            ?? throw new ShouldAssertException("POST /api/session/destroy answered 200 but did not clear the session cookie.");
    }

    [Fact]
    [Task(1)]
    public async Task Destroy_sends_the_cookie_with_an_empty_value() =>
        Http.CookieValue(await DestroyAsync()).ShouldBeEmpty();

    [Fact]
    [Task(1)]
    public async Task Destroy_expires_the_cookie_at_once() =>
        (await DestroyAsync()).ShouldHaveAttribute("; max-age=0",
            ThisTask.Says("Destroy must send the cookie already expired (max-age=0), or the browser keeps it."));

    [Fact]
    [Task(1)]
    public async Task Destroy_clears_the_cookie_on_the_same_path_it_was_set() =>
        (await DestroyAsync()).ShouldHaveAttribute("; path=/",
            ThisTask.Says("A browser clears only the cookie with the same path it was set on (/)."));

    [Fact]
    [Task(1)]
    public async Task Destroy_keeps_the_cookie_HttpOnly() =>
        (await DestroyAsync()).ShouldHaveAttribute("; httponly",
            ThisTask.Says("Clear the cookie with the attributes it was set with: HttpOnly too."));

    [Fact]
    [Task(1)]
    public async Task Destroy_keeps_SameSite_Lax() =>
        (await DestroyAsync()).ShouldHaveAttribute("; samesite=lax",
            ThisTask.Says("Clear the cookie with the attributes it was set with: SameSite=Lax too."));

    [Fact]
    [Task(1)]
    public async Task Destroy_keeps_Secure_outside_Development() =>
        (await DestroyAsync()).ShouldHaveAttribute("; secure",
            ThisTask.Says("Clear the cookie with the attributes it was set with: outside Development a Secure (__Host-) cookie is only replaced by a Secure one."));

    [Fact]
    [Task(1)]
    public async Task Destroy_answers_never_cached()
    {
        using var client = app.CreateClient();

        using var response = await client.DestroyAsync();

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Headers.CacheControl.ShouldNotBeNull().NoStore.ShouldBeTrue();
    }

    [Fact]
    [Task(1)]
    public async Task After_destroy_the_next_read_is_logged_out()
    {
        using var client = app.CreateClient();
        (await client.StoreAsync(Http.MockUser)).Dispose();
        (await (await client.ReadAsync()).JsonAsync()).GetProperty("isLogin").GetBoolean().ShouldBeTrue();

        (await client.DestroyAsync()).Dispose();
        using var response = await client.ReadAsync();

        var read = (await response.JsonAsync()).GetRawText();
        Must.Hold(read == """{"isLogin":false}""",
            ThisTask.Says("After POST /api/session/destroy the browser still had a session: destroy must send the session cookie back already expired, so the browser drops it."),
            read);
    }

    /// <summary>What a browser says about where a POST comes from, by name: Sec-Fetch-Site, then Origin (null: not sent).</summary>
    private static readonly Dictionary<string, (string? FetchSite, string? Origin, bool Refused)> Senders = new()
    {
        ["a page of this app (Sec-Fetch-Site: same-origin)"] = ("same-origin", "https://localhost", false),
        ["the user typing or a bookmark (Sec-Fetch-Site: none)"] = ("none", null, false),
        ["another site (Sec-Fetch-Site: cross-site)"] = ("cross-site", "https://evil.example", true),
        ["a sibling subdomain (Sec-Fetch-Site: same-site)"] = ("same-site", "https://evil.localhost", true),
        ["an old browser on another site (Origin only)"] = (null, "https://evil.example", true),
        ["an old browser on this site (Origin only)"] = (null, "https://localhost", false),
        ["a sandboxed page (Origin: null)"] = (null, "null", true),
        ["curl or another server (neither header)"] = (null, null, false),
    };

    public static TheoryData<string> SenderNames() => [.. Senders.Keys];

    private static HttpRequestMessage Post(string path, string sender, HttpContent? content = null)
    {
        var (fetchSite, origin, _) = Senders[sender];
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    [Theory]
    [Task(2)]
    [MemberData(nameof(SenderNames))]
    public async Task Destroy_refuses_a_post_from_another_origin_with_403_and_keeps_the_cookie(string sender)
    {
        using var client = app.CreateClient();
        using var request = Post(Http.DestroyRoute, sender);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        if (Senders[sender].Refused)
        {
            await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden,
                ThisTask.Says($"a POST from {sender} must not log anyone out."));
            response.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("application/problem+json");
            response.SetCookie(app.CookieName).ShouldBeNull("a refused request must not touch the cookie");
        }
        else
        {
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK, $"a POST from {sender} is the user's own");
        }
    }

    [Fact]
    [Task(2)]
    public async Task Store_refuses_a_cross_site_post_too_so_no_site_can_log_you_in_as_someone_else()
    {
        using var client = app.CreateClient();
        using var request = Post(Http.StoreRoute, "another site (Sec-Fetch-Site: cross-site)",
            new StringContent(Seals.MockUserJson, System.Text.Encoding.UTF8, "application/json"));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden,
            ThisTask.Says("login CSRF: another site must not set your session."));
        response.SetCookie(app.CookieName).ShouldBeNull();
    }

    [Fact]
    [Task(0)]
    public async Task Reading_the_session_from_another_site_is_not_refused_because_it_changes_nothing()
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Http.ReadRoute);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }
}
