using System.Net;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Session;

/// <summary>
/// A login in a browser that already has a session ends that session, as a logout would (OWASP: renew the session at
/// every change of privilege, and invalidate the old one): a copy of the old cookie is no session afterwards.
/// </summary>
public sealed class LoginReplacesSessionTests
{
    [Fact]
    public async Task A_new_login_ends_the_session_the_browser_had_so_a_copy_of_its_cookie_is_no_session()
    {
        using var app = new SessionAppFactory().WithUsers();
        using var browser = app.CreateClient();
        string copy;
        using (var first = await browser.LogInAsync())
        {
            await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
            copy = first.SetCookie(app.CookieName).ShouldNotBeNull().Split(';')[0];
        }

        using (var second = await browser.LogInAsync(Logins.OtherUsername, Logins.OtherPassword))
        {
            await second.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var thief = app.ClientWithCookie(copy);
        (await thief.IsLoggedInAsync()).ShouldBeFalse("the first session's cookie still worked after the browser logged in again: a login must end the session it replaces");
        (await browser.IsLoggedInAsync()).ShouldBeTrue("the new session works");
    }

    [Fact]
    public async Task A_login_over_a_planted_session_ends_the_planted_one_too()
    {
        using var app = new SessionAppFactory().WithUsers();
        using var attacker = app.CreateClient();
        string planted;
        using (var login = await attacker.LogInAsync(Logins.OtherUsername, Logins.OtherPassword))
        {
            planted = login.SetCookie(app.CookieName).ShouldNotBeNull().Split(';')[0];
        }

        using var victim = app.ClientWithCookie(planted);
        using (var login = await victim.LogInAsync())
        {
            await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        (await attacker.IsLoggedInAsync()).ShouldBeFalse("the session the attacker planted in the victim's browser ends when the victim logs in");
    }
}
