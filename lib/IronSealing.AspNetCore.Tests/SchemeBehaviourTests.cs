using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace IronSealing.AspNetCore.Tests;

/// <summary>
/// One set of behaviours, run against this package's scheme and the framework's own cookie scheme (AddCookie): what
/// a .NET team expects from a cookie scheme holds for both, and where the two differ, the test says how (the
/// package's README lists each difference).
/// </summary>
public sealed class SchemeBehaviourTests
{
    public static TheoryData<string> Schemes => [SchemeApp.Iron, SchemeApp.Cookie];

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task Sign_in_sets_one_HttpOnly_SameSite_Lax_Secure_cookie_for_the_whole_site(string scheme)
    {
        await using var app = await SchemeApp.StartAsync(scheme);

        using var response = await app.PostAsync("/api/login");

        var cookie = SchemeApp.SetCookies(response).ShouldHaveSingleItem();
        cookie.Name.Value.ShouldBe(app.CookieName);
        cookie.HttpOnly.ShouldBeTrue();
        cookie.Secure.ShouldBeTrue("outside Development");
        cookie.SameSite.ShouldBe(Microsoft.Net.Http.Headers.SameSiteMode.Lax);
        cookie.Path.Value.ShouldBe("/");
        cookie.Domain.Value.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task The_cookie_makes_the_user_with_their_name_id_and_roles(string scheme)
    {
        await using var app = await SchemeApp.StartAsync(scheme);
        var cookie = await app.SignInAsync();

        using var response = await app.GetAsync("/api/me", cookie);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        me.GetProperty("name").GetString().ShouldBe("tvy");
        me.GetProperty("id").GetString().ShouldBe("23");
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["reader", "writer"]);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task A_page_that_needs_a_user_sends_a_browser_without_one_to_the_login_page(string scheme)
    {
        await using var app = await SchemeApp.StartAsync(scheme);

        using var response = await app.GetAsync("/account?tab=2", page: true);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location.ShouldNotBeNull().ToString().ShouldEndWith("/login?ReturnUrl=%2Faccount%3Ftab%3D2");
    }

    /// <summary>The same since .NET 10: AddCookie answers 401 to an endpoint it knows as an API; this scheme does too,
    /// and also to a path under /api or a request that does not accept HTML.</summary>
    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task An_API_call_without_a_user_gets_401_not_a_redirect(string scheme)
    {
        await using var app = await SchemeApp.StartAsync(scheme);

        using var response = await app.GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task Sign_out_clears_the_cookie_with_the_same_attributes(string scheme)
    {
        await using var app = await SchemeApp.StartAsync(scheme);
        var cookie = await app.SignInAsync();

        using var response = await app.PostAsync("/api/logout", cookie);

        var cleared = SchemeApp.SetCookies(response).ShouldHaveSingleItem();
        cleared.Name.Value.ShouldBe(app.CookieName);
        cleared.Value.Value.ShouldBeEmpty();
        cleared.Expires.ShouldNotBeNull().ShouldBeLessThan(DateTimeOffset.UtcNow);
        cleared.Path.Value.ShouldBe("/");
    }

    /// <summary>The same for both: a copy of the cookie taken before sign-out still opens. Neither scheme remembers a
    /// sign-out by itself; OnValidatePrincipal (here) or a ticket store (AddCookie) is where revocation goes.</summary>
    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task A_copy_of_the_cookie_taken_before_sign_out_still_opens_in_both(string scheme)
    {
        await using var app = await SchemeApp.StartAsync(scheme);
        var cookie = await app.SignInAsync();
        (await app.PostAsync("/api/logout", cookie)).Dispose();

        using var response = await app.GetAsync("/api/me", cookie);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task A_cookie_that_does_not_open_is_no_user_never_an_error(string scheme)
    {
        await using var app = await SchemeApp.StartAsync(scheme);

        using var response = await app.GetAsync("/account", $"{app.CookieName}=garbage{new string('x', 200)}", page: true);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    /// <summary>A difference: two cookies of the name (one planted by a sibling host) are no user here; AddCookie
    /// reads one of them and lets the request in as whoever that is.</summary>
    [Theory]
    [InlineData(SchemeApp.Iron, HttpStatusCode.Unauthorized)]
    [InlineData(SchemeApp.Cookie, HttpStatusCode.OK)]
    public async Task Two_cookies_of_the_name_are_no_user_here_and_one_of_them_for_AddCookie(string scheme, HttpStatusCode expected)
    {
        await using var app = await SchemeApp.StartAsync(scheme);
        var victim = await app.SignInAsync("victim");
        var attacker = await app.SignInAsync("attacker");

        using var response = await app.GetAsync("/api/me", $"{victim}; {attacker}");

        response.StatusCode.ShouldBe(expected);
    }

    /// <summary>A difference: this scheme's cookie is iron-session's seal, which a Next.js app with the password opens;
    /// AddCookie's is a Data Protection ticket that only ASP.NET Core apps sharing the key ring open.</summary>
    [Theory]
    [InlineData(SchemeApp.Iron, true)]
    [InlineData(SchemeApp.Cookie, false)]
    public async Task The_cookie_is_an_iron_session_seal_here_and_a_Data_Protection_ticket_for_AddCookie(string scheme, bool isSeal)
    {
        await using var app = await SchemeApp.StartAsync(scheme);

        var cookie = await app.SignInAsync();

        Uri.UnescapeDataString(cookie.Split('=', 2)[1]).StartsWith("Fe26.2*", StringComparison.Ordinal).ShouldBe(isSeal);
    }
}
