using System.Net;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Store;

/// <summary>Step 03: POST /api/session/store seals the user into an HttpOnly cookie.</summary>
public sealed class StoreTests(SessionAppFactory app) : IClassFixture<SessionAppFactory>
{
    private async Task<string> StoreMockUserAsync()
    {
        using var client = app.CreateClient();
        using var response = await client.StoreAsync(Http.MockUser);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return response.SetCookie(app.CookieName)
            ?? throw new ShouldAssertException("POST /api/session/store answered 200 but set no session cookie.");
    }

    [Fact]
    [Task(1)]
    public async Task Store_answers_an_empty_json_object_that_no_cache_keeps()
    {
        using var client = app.CreateClient();

        using var response = await client.StoreAsync(Http.MockUser);

        (await response.JsonAsync()).GetRawText().ShouldBe("{}");
        response.Headers.CacheControl.ShouldNotBeNull().NoStore.ShouldBeTrue();
    }

    [Fact]
    [Task(2)]
    public async Task Store_sets_an_HttpOnly_cookie() =>
        (await StoreMockUserAsync()).ShouldHaveAttribute("; httponly",
            ThisTask.Says("The session cookie is not HttpOnly, so any script on the page could read it."));

    [Fact]
    [Task(2)]
    public async Task Store_sets_a_SameSite_Lax_cookie() =>
        (await StoreMockUserAsync()).ShouldHaveAttribute("; samesite=lax",
            ThisTask.Says("The session cookie is not SameSite=Lax, so other sites' POSTs could carry it."));

    [Fact]
    [Task(1)]
    public async Task Store_sets_the_cookie_for_every_path() =>
        (await StoreMockUserAsync()).ShouldHaveAttribute("; path=/",
            ThisTask.Says("The session cookie is not for every path, so pages outside /api/session would not get it."));

    [Fact]
    [Task(2)]
    public async Task Store_sets_a_Secure_cookie_outside_Development() =>
        (await StoreMockUserAsync()).ShouldHaveAttribute("; secure",
            ThisTask.Says("Outside Development the session cookie must be Secure (HTTPS only)."));

    [Fact]
    [Task(2)]
    public async Task Store_sets_Max_Age_60_seconds_short_of_the_time_to_live() =>
        (await StoreMockUserAsync()).ShouldHaveAttribute("; max-age=1209540",
            ThisTask.Says("The cookie must live 60 s less than the 14-day session (1209540 s), so a browser never sends an expired seal."));

    [Fact]
    [Task(2)]
    public async Task Store_follows_the_configured_time_to_live()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:TimeToLive"] = "01:00:00";
        using var client = factory.CreateClient();

        using var response = await client.StoreAsync(Http.MockUser);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.SetCookie(factory.CookieName).ShouldNotBeNull().ShouldHaveAttribute("; max-age=3540",
            ThisTask.Says("With a 1-hour session the cookie must live 3540 s: the setting decides, not a constant."));
    }

    [Fact]
    [Task(1)]
    public async Task Store_sets_a_cookie_without_Secure_in_Development()
    {
        using var factory = new SessionAppFactory { EnvironmentName = "Development" };
        using var client = factory.CreateClient();

        using var response = await client.StoreAsync(Http.MockUser);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.SetCookie(factory.CookieName).ShouldNotBeNull().ShouldNotContain("secure", Case.Insensitive);
    }

    [Fact]
    [Task(1)]
    public async Task The_cookie_value_is_a_seal_not_the_user_in_plain_text()
    {
        var value = Http.CookieValue(await StoreMockUserAsync());

        value.ShouldStartWith("Fe26.2*1*");
        value.ShouldEndWith("~2");
        // Case-sensitive and whole: a random seal is base64url, where three given letters in any case turn up now and then.
        value.ShouldNotContain("tvydev", Case.Sensitive);
        value.ShouldNotContain(Convert.ToBase64String("tvydev"u8.ToArray()).TrimEnd('='));
    }

    [Fact]
    [Task(1)]
    public async Task The_seal_holds_the_user_exactly_as_iron_session_stores_it()
    {
        var value = Http.CookieValue(await StoreMockUserAsync());

        // iron-session's shape: {"user":{...}}. (Step 08 adds the session's own fields beside "user".)
        using var session = System.Text.Json.JsonDocument.Parse(Seals.Open(value));
        session.RootElement.GetProperty("user").GetRawText().ShouldBe(Seals.MockUserJson);
    }

    [Fact]
    [Task(1)]
    public async Task The_seal_does_not_open_with_another_password()
    {
        var value = Http.CookieValue(await StoreMockUserAsync());

        Seals.Sealer(Seals.OtherPassword).Unseal(value).Success.ShouldBeFalse();
    }

    [Fact]
    [Task(1)]
    public async Task Two_stores_make_two_different_seals_of_the_same_user()
    {
        var first = Http.CookieValue(await StoreMockUserAsync());
        var second = Http.CookieValue(await StoreMockUserAsync());

        first.ShouldNotBe(second, "each seal needs fresh salts and IV");
    }

    [Fact]
    [Task(1)]
    public async Task After_rotation_new_cookies_are_sealed_with_the_highest_password_id()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:Passwords:2"] = Seals.OtherPassword;
        using var client = factory.CreateClient();

        using var stored = await client.StoreAsync(Http.MockUser);

        await stored.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Http.CookieValue(stored.SetCookie(factory.CookieName)!).ShouldStartWith("Fe26.2*2*");
    }

    [Theory]
    [Task(0)]
    [InlineData("not json", "malformed JSON")]
    [InlineData("""{"id":23,"username":"tvy",""", "truncated JSON")]
    [InlineData("[]", "a JSON array")]
    [InlineData("null", "JSON null")]
    [InlineData("{}", "an empty object")]
    [InlineData("""{"username":"tvy","fullName":"tvydev"}""", "no id")]
    [InlineData("""{"id":"23","username":"tvy","fullName":"tvydev"}""", "an id that is a string")]
    [InlineData("""{"id":2.5,"username":"tvy","fullName":"tvydev"}""", "an id that is not whole")]
    [InlineData("""{"id":null,"username":"tvy","fullName":"tvydev"}""", "a null id")]
    [InlineData("""{"id":-1,"username":"tvy","fullName":"tvydev"}""", "a negative id")]
    [InlineData("""{"id":23,"fullName":"tvydev"}""", "no username")]
    [InlineData("""{"id":23,"username":"","fullName":"tvydev"}""", "an empty username")]
    [InlineData("""{"id":23,"username":null,"fullName":"tvydev"}""", "a null username")]
    [InlineData("""{"id":23,"username":42,"fullName":"tvydev"}""", "a username that is a number")]
    [InlineData("""{"id":23,"username":"tvy"}""", "no fullName")]
    [InlineData("""{"id":23,"username":"tvy","fullName":"  "}""", "a blank fullName")]
    [InlineData("""{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":7}""", "an avatarUrl that is a number")]
    public async Task A_body_that_is_not_a_user_gets_400_problem_details_and_no_cookie(string body, string what)
    {
        using var client = app.CreateClient();

        using var response = await client.StoreJsonAsync(body);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("application/problem+json", what);
        (await response.JsonAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace(what);
        response.SetCookie(app.CookieName).ShouldBeNull($"a cookie was set for {what}");
    }

    [Fact]
    [Task(0)]
    public async Task A_problem_names_what_is_missing()
    {
        using var client = app.CreateClient();

        using var response = await client.StoreJsonAsync("""{"id":23,"fullName":"tvydev"}""");

        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString()!.ShouldContain("username");
    }

    [Theory]
    [Task(0)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_json_gets_415_and_no_cookie(string contentType)
    {
        using var client = app.CreateClient();

        using var response = await client.StoreJsonAsync(Seals.MockUserJson, contentType);

        await response.ShouldHaveStatusAsync(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("application/problem+json");
        response.SetCookie(app.CookieName).ShouldBeNull();
    }

    [Fact]
    [Task(0)]
    public async Task A_body_over_16_KiB_gets_413_and_no_cookie()
    {
        using var client = app.CreateClient();
        var body = $$"""{"id":23,"username":"tvy","fullName":"{{new string('x', 17 * 1024)}}"}""";

        using var response = await client.StoreJsonAsync(body);

        await response.ShouldHaveStatusAsync(HttpStatusCode.RequestEntityTooLarge);
        response.SetCookie(app.CookieName).ShouldBeNull();
    }

    [Fact]
    [Task(1)]
    public async Task A_session_too_big_for_a_4096_byte_cookie_gets_400_and_no_cookie()
    {
        using var client = app.CreateClient();
        var body = $$"""{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"{{new string('a', 3000)}}"}""";

        using var response = await client.StoreJsonAsync(body);

        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString()!.ShouldContain("4096");
        response.SetCookie(app.CookieName).ShouldBeNull();
    }

    [Fact]
    [Task(1)]
    public async Task A_session_just_under_the_limit_is_stored_and_its_Set_Cookie_fits_in_4096_bytes()
    {
        using var client = app.CreateClient();
        var body = $$"""{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"{{new string('a', 2400)}}"}""";

        using var response = await client.StoreJsonAsync(body);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.SetCookie(app.CookieName).ShouldNotBeNull().Length.ShouldBeLessThanOrEqualTo(4096);
    }

    [Fact]
    [Task(1)]
    public async Task A_session_whose_cookie_fits_only_before_percent_encoding_is_refused()
    {
        // The seal's seven '*' travel as %2A: the Set-Cookie a browser gets is 14 bytes longer than name=seal.
        // Pick a cookie name that puts the raw header at 4091 bytes, so only the header as sent passes 4096.
        var stored = await StoreMockUserAsync();
        var attributes = stored.Split(';', 2)[1];
        // The session as the app seals it, whatever it keeps beside the user: only the user's name changes below.
        var sealedJson = Seals.Open(Http.CookieValue(stored));
        var user = sealedJson.IndexOf(Seals.MockUserJson, StringComparison.Ordinal);
        user.ShouldBeGreaterThanOrEqualTo(0, "the seal should hold the user as it was posted");
        string fullName = new('x', 2600), session;
        int nameLength;
        while (true)
        {
            session = string.Concat(sealedJson.AsSpan(0, user), $$"""{"id":1,"username":"ada","fullName":"{{fullName}}"}""", sealedJson.AsSpan(user + Seals.MockUserJson.Length));
            nameLength = 4091 - Seals.Seal(session).Length - "=".Length - ";".Length - attributes.Length;
            if (nameLength is >= 8 and <= 40)
            {
                break;
            }

            fullName = new string('x', fullName.Length + (nameLength < 8 ? -8 : 8));
        }

        using var factory = new SessionAppFactory();
        factory.Settings["Session:CookieName"] = new string('n', nameLength);
        using var client = factory.CreateClient();

        using var response = await client.StoreJsonAsync($$"""{"id":1,"username":"ada","fullName":"{{fullName}}"}""");

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest,
            ThisTask.Says("A 4091-byte name=seal is 4105 bytes once '*' is sent as %2A: measure the Set-Cookie exactly as it is sent."));
        response.SetCookie(factory.CookieName).ShouldBeNull();
    }
}
