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
    public async Task Destroy_sends_the_cookie_with_an_empty_value() =>
        Http.CookieValue(await DestroyAsync()).ShouldBeEmpty();

    [Fact]
    public async Task Destroy_expires_the_cookie_at_once() =>
        (await DestroyAsync()).ShouldContain("; max-age=0", Case.Insensitive);

    [Fact]
    public async Task Destroy_clears_the_cookie_on_the_same_path_it_was_set() =>
        (await DestroyAsync()).ShouldContain("; path=/", Case.Insensitive);

    [Fact]
    public async Task Destroy_keeps_the_cookie_HttpOnly() =>
        (await DestroyAsync()).ShouldContain("; httponly", Case.Insensitive);

    [Fact]
    public async Task Destroy_keeps_SameSite_Lax() =>
        (await DestroyAsync()).ShouldContain("; samesite=lax", Case.Insensitive);

    [Fact]
    public async Task Destroy_keeps_Secure_outside_Development() =>
        (await DestroyAsync()).ShouldContain("; secure", Case.Insensitive);

    [Fact]
    public async Task Destroy_answers_never_cached()
    {
        using var client = app.CreateClient();

        using var response = await client.DestroyAsync();

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Headers.CacheControl.ShouldNotBeNull().NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task After_destroy_the_next_read_is_logged_out()
    {
        using var client = app.CreateClient();
        (await client.StoreAsync(Http.MockUser)).Dispose();
        (await (await client.ReadAsync()).JsonAsync()).GetProperty("isLogin").GetBoolean().ShouldBeTrue();

        (await client.DestroyAsync()).Dispose();
        using var response = await client.ReadAsync();

        (await response.JsonAsync()).GetRawText().ShouldBe("""{"isLogin":false}""");
    }

    [Fact]
    public async Task A_copied_cookie_still_opens_after_destroy_because_the_session_lives_only_in_the_cookie()
    {
        // Not a bug to fix in this workshop: stateless sessions cannot be revoked (see the docs' concepts page).
        using var client = app.CreateClient();
        using var stored = await client.StoreAsync(Http.MockUser);
        var copied = Http.CookieValue(stored.SetCookie(app.CookieName)!);
        (await client.DestroyAsync()).Dispose();

        using var thief = app.ClientWithCookie($"{app.CookieName}={Uri.EscapeDataString(copied)}");
        using var response = await thief.ReadAsync();

        (await response.JsonAsync()).GetProperty("isLogin").GetBoolean().ShouldBeTrue();
    }
}
