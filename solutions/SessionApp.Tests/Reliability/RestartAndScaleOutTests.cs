using System.Net;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Reliability;

/// <summary>
/// Maintainers' evidence that a session lives in the cookie, not in the process: it survives a restart, any
/// instance with the password opens it, and passwords rotate without logging anyone out until the old one is removed.
/// Each factory is a separate app instance with its own keys, caches and clock; only the settings are shared.
/// </summary>
public sealed class RestartAndScaleOutTests
{
    private static readonly object Ada = new { id = 7, username = "ada", fullName = "Ada Lovelace", avatarUrl = "ada.png" };
    private static readonly object Grace = new { id = 8, username = "grace", fullName = "Grace Hopper" };

    /// <summary>An instance with the usual settings: Session:Password (password id 1).</summary>
    private static SessionAppFactory WithTestPassword() => new();

    /// <summary>Rotation as the README says: Session:Passwords:2 added beside the existing Session:Password.</summary>
    private static SessionAppFactory Rotated()
    {
        var factory = new SessionAppFactory();
        factory.Settings["Session:Passwords:2"] = Seals.OtherPassword;
        return factory;
    }

    /// <summary>After the rotation: the old password removed, only Session:Passwords:2 left.</summary>
    private static SessionAppFactory Retired()
    {
        var factory = new SessionAppFactory();
        factory.Settings.Remove("Session:Password");
        factory.Settings["Session:Passwords:2"] = Seals.OtherPassword;
        return factory;
    }

    /// <summary>Stores the user and returns the cookie pair (name=value) exactly as the browser will send it back.</summary>
    private static async Task<string> LogInAsync(SessionAppFactory instance, object user)
    {
        using var client = instance.ClientWithCookie(null);
        using var response = await client.StoreAsync(user);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var setCookie = response.SetCookie(instance.CookieName);
        setCookie.ShouldNotBeNull("POST /api/session/store should set the session cookie");
        return setCookie.Split(';', 2)[0];
    }

    private static async Task<System.Text.Json.JsonElement> ReadAsync(SessionAppFactory instance, string cookie)
    {
        using var client = instance.ClientWithCookie(cookie);
        using var response = await client.ReadAsync();
        return await response.JsonAsync();
    }

    private static async Task ShouldBeLoggedInAsAsync(SessionAppFactory instance, string cookie, string username, string because)
    {
        var session = await ReadAsync(instance, cookie);
        session.GetProperty("isLogin").GetBoolean().ShouldBeTrue(because);
        session.GetProperty("username").GetString().ShouldBe(username, because);
    }

    private static async Task ShouldBeLoggedOutAsync(SessionAppFactory instance, string cookie, string because)
    {
        var session = await ReadAsync(instance, cookie);
        session.GetProperty("isLogin").GetBoolean().ShouldBeFalse(because);
        session.TryGetProperty("username", out _).ShouldBeFalse(because);
    }

    /// <summary>The password id in a cookie pair: the second field of the seal.</summary>
    private static string PasswordId(string cookie) => Http.CookieValue(cookie).Split('*')[1];

    [Fact]
    public async Task A_session_survives_a_restart_with_the_same_password()
    {
        string cookie;
        await using (var before = WithTestPassword())
        {
            cookie = await LogInAsync(before, Ada);
            await ShouldBeLoggedInAsAsync(before, cookie, "ada", "the instance that sealed the cookie");
        }

        await using var after = WithTestPassword();
        await ShouldBeLoggedInAsAsync(after, cookie, "ada", "a new instance with the same settings (a restart) should open the cookie");
    }

    [Fact]
    public async Task Two_instances_with_the_same_password_accept_each_others_cookies()
    {
        await using var a = WithTestPassword();
        await using var b = WithTestPassword();

        var fromA = await LogInAsync(a, Ada);
        var fromB = await LogInAsync(b, Grace);

        await ShouldBeLoggedInAsAsync(b, fromA, "ada", "instance B should open a cookie sealed by instance A");
        await ShouldBeLoggedInAsAsync(a, fromB, "grace", "instance A should open a cookie sealed by instance B");
        await ShouldBeLoggedInAsAsync(a, fromA, "ada", "and each instance still opens its own");
        await ShouldBeLoggedInAsAsync(b, fromB, "grace", "and each instance still opens its own");
    }

    [Fact]
    public async Task After_rotating_to_a_new_password_old_cookies_open_and_new_cookies_use_the_new_id()
    {
        await using var old = WithTestPassword();
        var oldCookie = await LogInAsync(old, Ada);
        PasswordId(oldCookie).ShouldBe("1");

        // Rotation: the new password gets a higher id, the old one stays so that existing cookies still open.
        await using var rotated = Rotated();
        await ShouldBeLoggedInAsAsync(rotated, oldCookie, "ada", "a cookie sealed with password 1 should open after password 2 is added");

        var newCookie = await LogInAsync(rotated, Grace);
        PasswordId(newCookie).ShouldBe("2", "new cookies should be sealed with the highest password id");
        await ShouldBeLoggedInAsAsync(rotated, newCookie, "grace", "the rotated instance should open its own new cookie");
    }

    [Fact]
    public async Task An_instance_without_the_new_password_logs_new_cookies_out_so_every_instance_needs_it_first()
    {
        await using var rotated = Rotated();
        await using var notYetRotated = WithTestPassword();

        var newCookie = await LogInAsync(rotated, Grace);

        await ShouldBeLoggedOutAsync(notYetRotated, newCookie,
            "an instance that does not have password 2 cannot open a cookie sealed with it: give every instance the new password before any instance seals with it");
    }

    [Fact]
    public async Task With_the_old_password_removed_old_cookies_are_logged_out_and_new_ones_still_open()
    {
        await using var old = WithTestPassword();
        var oldCookie = await LogInAsync(old, Ada);
        await using var rotated = Rotated();
        var newCookie = await LogInAsync(rotated, Grace);

        await using var retired = Retired();

        await ShouldBeLoggedOutAsync(retired, oldCookie, "once password 1 is removed, cookies sealed with it should count as no session");
        await ShouldBeLoggedInAsAsync(retired, newCookie, "grace", "cookies sealed with password 2 should still open");
        retired.LoggedMessages.ShouldContain(m => m.Contains("password id this app does not have", StringComparison.Ordinal),
            "the app should log why the old cookie was refused");
        retired.Logs.GetSnapshot().Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Error).ShouldBeEmpty("a retired password is not an error");
    }
}
