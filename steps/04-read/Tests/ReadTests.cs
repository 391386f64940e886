using System.Net;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Read;

/// <summary>Step 04: GET /api/session answers the user with isLogin, and treats every bad cookie as no session.</summary>
public sealed class ReadTests(SessionAppFactory app) : IClassFixture<SessionAppFactory>
{
    private const string LoggedOut = """{"isLogin":false}""";

    private async Task<string> ReadWithCookieAsync(string? cookieValue)
    {
        using var client = app.ClientWithCookie(cookieValue is null ? null : $"{app.CookieName}={cookieValue}");
        using var response = await client.ReadAsync();
        return (await response.JsonAsync()).GetRawText();
    }

    [Fact]
    [Task(1)]
    public async Task Without_a_cookie_the_session_is_logged_out()
    {
        (await ReadWithCookieAsync(null)).ShouldBe(LoggedOut);
    }

    [Fact]
    [Task(1)]
    public async Task A_stored_user_reads_back_with_isLogin_true()
    {
        using var client = app.CreateClient();
        (await client.StoreAsync(Http.MockUser)).Dispose();

        using var response = await client.ReadAsync();

        (await response.JsonAsync()).GetRawText().ShouldBe(
            """{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com","isLogin":true}""");
    }

    [Fact]
    [Task(1)]
    public async Task A_user_without_an_avatar_reads_back_without_avatarUrl()
    {
        using var client = app.CreateClient();
        (await client.StoreAsync(new { id = 7, username = "ada", fullName = "Ada Lovelace" })).Dispose();

        using var response = await client.ReadAsync();

        (await response.JsonAsync()).GetRawText().ShouldBe("""{"id":7,"username":"ada","fullName":"Ada Lovelace","isLogin":true}""");
    }

    [Fact]
    [Task(1)]
    public async Task A_second_store_replaces_the_first_user()
    {
        using var client = app.CreateClient();
        (await client.StoreAsync(Http.MockUser)).Dispose();
        (await client.StoreAsync(new { id = 7, username = "ada", fullName = "Ada Lovelace" })).Dispose();

        using var response = await client.ReadAsync();

        (await response.JsonAsync()).GetProperty("username").GetString().ShouldBe("ada");
    }

    [Fact]
    [Task(1)]
    public async Task The_session_answer_is_never_cached()
    {
        using var client = app.CreateClient();

        using var response = await client.ReadAsync();

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Headers.CacheControl.ShouldNotBeNull().NoStore.ShouldBeTrue();
    }

    [Fact]
    [Task(1)]
    public async Task A_cookie_sealed_outside_the_app_with_its_password_reads_as_logged_in()
    {
        (await ReadWithCookieAsync(Seals.Seal(Seals.MockSessionJson))).ShouldContain("\"isLogin\":true");
    }

    /// <summary>Ways a cookie can be wrong, by name; the theory passes the names, so test ids stay the same on every run.</summary>
    private static readonly Dictionary<string, Func<string>> BadCookies = new()
    {
        ["garbage"] = () => "hello-world",
        ["truncated"] = () => Valid()[..(Valid().Length / 2)],
        ["without its ~2 suffix"] = () => Valid()[..^2],
        ["with another version suffix"] = () => Valid()[..^2] + "~3",
        ["with another prefix"] = () => "Fe26.1" + Valid()[6..],
        ["with a tampered ciphertext"] = () => Flip(4),
        ["with a tampered IV"] = () => Flip(3),
        ["with a tampered MAC"] = () => Flip(7),
        ["with a non-numeric expiry"] = () => With(5, "soon"),
        ["with a password id the app lacks"] = () => With(1, "9"),
        ["sealed with another password"] = () => Seals.Seal(Seals.MockSessionJson, Seals.OtherPassword),
        ["of an empty session, as iron-session stores {}"] = () => Seals.Seal("{}"),
        ["of a user missing fields"] = () => Seals.Seal("""{"user":{"id":23}}"""),
        ["of a payload that is not JSON"] = () => Seals.Seal("not json"),
        ["with a ninth field"] = () => Valid()[..^2] + "*extra~2",
    };

    public static TheoryData<string> BadCookieNames() => [.. BadCookies.Keys];

    private static string Valid() => Seals.Seal(Seals.MockSessionJson);

    private static string With(int index, string value)
    {
        var fields = Valid()[..^2].Split('*');
        fields[index] = value;
        return string.Join('*', fields) + "~2";
    }

    private static string Flip(int index)
    {
        var field = Valid()[..^2].Split('*')[index].ToCharArray();
        field[field.Length / 2] = field[field.Length / 2] == 'A' ? 'B' : 'A';
        return With(index, new string(field));
    }

    [Theory]
    [Task(1)]
    [MemberData(nameof(BadCookieNames))]
    public async Task A_bad_cookie_reads_as_logged_out_never_as_an_error(string what)
    {
        var before = app.Logs.Count;

        (await ReadWithCookieAsync(Uri.EscapeDataString(BadCookies[what]()))).ShouldBe(LoggedOut, $"a cookie {what} should read as logged out");

        app.LoggedMessages.Skip(before).ShouldContain(m => m.Contains("treated as no session"), $"the reason should be logged for a cookie {what}");
    }

    [Fact]
    [Task(1)]
    public async Task An_empty_cookie_reads_as_logged_out()
    {
        (await ReadWithCookieAsync(string.Empty)).ShouldBe(LoggedOut);
    }

    [Fact]
    [Task(1)]
    public async Task An_expired_seal_reads_as_logged_out()
    {
        (await ReadWithCookieAsync(Seals.SealAt(DateTimeOffset.UtcNow.AddDays(-30)))).ShouldBe(LoggedOut);
        app.LoggedMessages.ShouldContain(m => m.Contains("expired"));
    }

    [Fact]
    [Task(1)]
    public async Task A_seal_stays_valid_for_60_seconds_of_clock_skew_after_it_expires()
    {
        var now = DateTimeOffset.UtcNow;
        var seal = Seals.SealAt(now - TimeSpan.FromDays(14) - TimeSpan.FromSeconds(30));
        var tooOld = Seals.SealAt(now - TimeSpan.FromDays(14) - TimeSpan.FromSeconds(90));

        (await ReadWithCookieAsync(seal)).ShouldContain("\"isLogin\":true", customMessage: "30 s past expiry is within iron's 60 s skew");
        (await ReadWithCookieAsync(tooOld)).ShouldBe(LoggedOut, "90 s past expiry is beyond iron's 60 s skew");
    }

    [Fact]
    [Task(1)]
    public async Task The_app_clock_decides_expiry()
    {
        using var factory = new SessionAppFactory();
        using var client = factory.CreateClient();
        (await client.StoreAsync(Http.MockUser)).Dispose();
        (await (await client.ReadAsync()).JsonAsync()).GetProperty("isLogin").GetBoolean().ShouldBeTrue("just stored");

        factory.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(2));
        using var response = await client.ReadAsync();

        (await response.JsonAsync()).GetRawText().ShouldBe(LoggedOut);
    }

    [Fact]
    [Task(1)]
    public async Task After_rotation_a_cookie_sealed_with_the_old_password_still_opens()
    {
        var oldCookie = Seals.Seal(Seals.MockSessionJson);
        using var factory = new SessionAppFactory();
        factory.Settings["Session:Passwords:2"] = Seals.OtherPassword;
        using var client = factory.ClientWithCookie($"{factory.CookieName}={oldCookie}");

        var session = await (await client.ReadAsync()).JsonAsync();

        session.GetProperty("isLogin").GetBoolean().ShouldBeTrue("a cookie sealed with password 1 should still open");
    }

    [Fact]
    [Task(1)]
    public async Task Once_the_old_password_is_removed_its_cookies_are_logged_out()
    {
        var oldCookie = Seals.Seal(Seals.MockSessionJson);
        using var factory = new SessionAppFactory();
        factory.Settings.Remove("Session:Password");
        factory.Settings["Session:Passwords:2"] = Seals.OtherPassword;
        using var client = factory.ClientWithCookie($"{factory.CookieName}={oldCookie}");

        var session = await (await client.ReadAsync()).JsonAsync();

        session.GetRawText().ShouldBe(LoggedOut);
    }

    [Fact]
    [Task(1)]
    public async Task A_huge_cookie_reads_as_logged_out()
    {
        (await ReadWithCookieAsync("Fe26.2*1*" + new string('A', 10 * 1024) + "~2")).ShouldBe(LoggedOut);
    }

    /// <summary>A cookie header with the victim's session and one more cookie of the same name, as a sibling site can plant.</summary>
    private async Task<string> ReadWithPlantedCookieAsync(Func<string, string> plantedName)
    {
        using var client = app.CreateClient();
        using var stored = await client.StoreAsync(Http.MockUser);
        var victim = stored.SetCookie(app.CookieName).ShouldNotBeNull().Split(';')[0];
        var attacker = Uri.EscapeDataString(Seals.Seal("""{"user":{"id":666,"username":"mallory","fullName":"Mallory"}}"""));
        using var browser = app.ClientWithCookie($"{victim}; {plantedName(app.CookieName)}={attacker}");

        return (await (await browser.ReadAsync()).JsonAsync()).GetRawText();
    }

    [Fact]
    [Task(2)]
    public async Task Two_session_cookies_mean_no_session_so_a_planted_one_never_logs_you_in_as_someone_else()
    {
        var read = await ReadWithPlantedCookieAsync(name => name);

        Must.Hold(read == LoggedOut,
            ThisTask.Says("With a second, planted session cookie the app still logged someone in: two session cookies must mean no session."),
            read);
    }

    [Fact]
    [Task(2)]
    public async Task A_planted_cookie_whose_name_differs_only_in_case_counts_too()
    {
        var read = await ReadWithPlantedCookieAsync(name => name.ToUpperInvariant());

        Must.Hold(read == LoggedOut,
            ThisTask.Says("A planted cookie whose name differs only in case still logged someone in: ASP.NET Core matches names ignoring case, so it is the same cookie."),
            read);
    }

    [Fact]
    [Task(2)]
    public async Task One_cookie_whose_name_differs_only_in_case_is_no_session()
    {
        var attacker = Uri.EscapeDataString(Seals.Seal("""{"user":{"id":666,"username":"mallory","fullName":"Mallory"}}"""));
        using var browser = app.ClientWithCookie($"{app.CookieName.ToUpperInvariant()}={attacker}");

        var read = (await (await browser.ReadAsync()).JsonAsync()).GetRawText();

        Must.Hold(read == LoggedOut,
            ThisTask.Says($"A lone cookie named {app.CookieName.ToUpperInvariant()} logged someone in: ASP.NET Core reads it as {app.CookieName}, but this app never sets that spelling, so it was planted."),
            read);
    }

    [Fact]
    [Task(2)]
    public async Task Two_session_cookies_are_logged_as_the_reason()
    {
        var before = app.Logs.Count;

        await ReadWithPlantedCookieAsync(name => name);

        Must.Hold(app.LoggedMessages.Skip(before).Any(m => m.Contains("more than one session cookie")),
            ThisTask.Says("Two session cookies came in and the log does not say so: the operator must learn why a session was refused."));
    }

    [Fact]
    [Task(1)]
    public async Task Other_cookies_beside_the_session_cookie_change_nothing()
    {
        var read = await ReadWithPlantedCookieAsync(name => "theme");

        read.ShouldContain("\"isLogin\":true");
    }
}
