using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Workshop.Testkit;

namespace IronSealing.AspNetCore.Tests;

/// <summary>What only this scheme does: iron-session's format both ways, the validator, its refusals.</summary>
public sealed class IronSessionSchemeTests
{
    private static string SealOf(string cookie) => Uri.UnescapeDataString(cookie.Split('=', 2)[1]);

    [Fact]
    public async Task The_seal_holds_the_user_as_iron_session_stores_it_with_numbers_kept_numbers()
    {
        await using var app = await SchemeApp.StartAsync(SchemeApp.Iron);

        var cookie = await app.SignInAsync();

        var opened = new IronSealer(SchemeApp.Password).Unseal(SealOf(cookie));
        opened.Success.ShouldBeTrue(opened.Reason);
        JsonNode.DeepEquals(JsonNode.Parse(opened.Json.Span), JsonNode.Parse("""{"user":{"id":23,"username":"tvy","fullName":"tvydev","roles":["reader","writer"]}}"""))
            .ShouldBeTrue(Encoding.UTF8.GetString(opened.Json.Span));
    }

    [Fact]
    public async Task A_session_sealed_by_hand_with_the_tutorials_user_becomes_a_principal()
    {
        await using var app = await SchemeApp.StartAsync(SchemeApp.Iron);
        var seal = new IronSealer(SchemeApp.Password).Seal("""{"user":{"id":23,"username":"tvy","avatarUrl":"some_url.com"},"cart":[1,2]}"""u8, TimeSpan.FromHours(1));

        using var response = await app.GetAsync("/api/me", $"{app.CookieName}={seal}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("\"name\":\"tvy\"");
    }

    [Theory]
    [InlineData("""{"cart":[1]}""")]
    [InlineData("""{"user":null}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""not json""")]
    public async Task A_seal_without_a_user_object_is_no_user(string json)
    {
        await using var app = await SchemeApp.StartAsync(SchemeApp.Iron);
        var seal = new IronSealer(SchemeApp.Password).Seal(Encoding.UTF8.GetBytes(json), TimeSpan.FromHours(1));

        using var response = await app.GetAsync("/api/me", $"{app.CookieName}={seal}");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_planted_cookie_whose_name_differs_only_in_case_is_no_user()
    {
        await using var app = await SchemeApp.StartAsync(SchemeApp.Iron);
        var cookie = await app.SignInAsync();
        var planted = "__HOST-IRON-SESSION=" + cookie.Split('=', 2)[1];

        using var response = await app.GetAsync("/api/me", $"{cookie}; {planted}");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_cookie_longer_than_any_the_scheme_sets_is_refused_before_it_is_opened()
    {
        await using var app = await SchemeApp.StartAsync(SchemeApp.Iron);

        using var response = await app.GetAsync("/api/me", $"{app.CookieName}=Fe26.2*{new string('a', 5000)}");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_sign_in_whose_cookie_would_pass_4096_bytes_is_refused_with_the_size()
    {
        await using var app = await SchemeApp.StartAsync(SchemeApp.Iron);

        var refusal = await Should.ThrowAsync<InvalidOperationException>(app.PostAsync($"/api/login?username={new string('a', 4000)}"));

        refusal.Message.ShouldContain("over the 4096 bytes every browser keeps");
    }

    [Fact]
    public async Task The_validator_revokes_a_session_and_clears_its_cookie()
    {
        var revoked = new HashSet<string>(StringComparer.Ordinal);
        await using var app = await SchemeApp.StartAsync(SchemeApp.Iron, o => o.Events.OnValidatePrincipal = context =>
        {
            if (revoked.Contains(context.Principal!.Identity!.Name!))
            {
                context.RejectPrincipal();
            }

            return Task.CompletedTask;
        });
        var cookie = await app.SignInAsync();
        (await app.GetAsync("/api/me", cookie)).StatusCode.ShouldBe(HttpStatusCode.OK);

        revoked.Add("tvy");
        using var response = await app.GetAsync("/api/me", cookie);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var cleared = SchemeApp.SetCookies(response).ShouldHaveSingleItem();
        cleared.Value.Value.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_validator_sees_the_whole_session_and_can_renew_it()
    {
        string? seen = null;
        await using var app = await SchemeApp.StartAsync(SchemeApp.Iron, o => o.Events.OnValidatePrincipal = context =>
        {
            seen = context.Session.GetRawText();
            context.ShouldRenew = true;
            return Task.CompletedTask;
        });
        var seal = new IronSealer(SchemeApp.Password).Seal("""{"user":{"id":1,"username":"a"},"sid":"abc"}"""u8, TimeSpan.FromMinutes(5));

        using var response = await app.GetAsync("/api/me", $"{app.CookieName}={seal}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        seen.ShouldNotBeNull().ShouldContain("\"sid\":\"abc\"");
        var renewed = SchemeApp.SetCookies(response).ShouldHaveSingleItem();
        renewed.MaxAge.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.FromDays(13), "renewed with a full time to live");
        var resealed = new IronSealer(SchemeApp.Password).Unseal(Uri.UnescapeDataString(renewed.Value.Value!));
        Encoding.UTF8.GetString(resealed.Json.Span).ShouldContain("\"sid\":\"abc\"", Case.Sensitive, "a renewal keeps the session's other fields");
    }

    /// <summary>What step 08 of the workshop does by hand, through the scheme's events: a session id sealed beside the
    /// user at sign-in, put on a deny-list at sign-out, and checked on every read, so a copy of the cookie dies too.</summary>
    [Fact]
    public async Task Events_seal_a_session_id_at_sign_in_revoke_it_at_sign_out_and_refuse_a_copy()
    {
        var revoked = new HashSet<string>(StringComparer.Ordinal);
        await using var app = await SchemeApp.StartAsync(SchemeApp.Iron, o =>
        {
            o.Events.OnSigningIn = context =>
            {
                context.Session["sid"] = Guid.NewGuid().ToString("N");
                return Task.CompletedTask;
            };
            o.Events.OnSigningOut = context =>
            {
                revoked.Add(context.Session.ShouldNotBeNull().GetProperty("sid").GetString()!);
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = context =>
            {
                if (!context.Session.TryGetProperty("sid", out var sid) || revoked.Contains(sid.GetString()!))
                {
                    context.RejectPrincipal();
                }

                return Task.CompletedTask;
            };
        });
        var cookie = await app.SignInAsync();
        var opened = new IronSealer(SchemeApp.Password).Unseal(SealOf(cookie));
        JsonDocument.Parse(opened.Json).RootElement.GetProperty("sid").GetString().ShouldNotBeNullOrEmpty();
        (await app.GetAsync("/api/me", cookie)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.PostAsync("/api/logout", cookie)).Dispose();
        using var copy = await app.GetAsync("/api/me", cookie);

        revoked.Count.ShouldBe(1);
        copy.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the copy taken before sign-out is on the deny-list");
    }

    [Theory]
    [InlineData("short", "at least 32")]
    [InlineData(null, "no Password")]
    public async Task A_missing_or_short_password_refuses_to_start_and_says_why(string? password, string says)
    {
        var start = SchemeApp.StartAsync(SchemeApp.Iron, o => o.Password = password);

        var refusal = await Should.ThrowAsync<OptionsValidationException>(start);

        refusal.Message.ShouldContain(says);
    }

    [Fact]
    public async Task A_Host_prefixed_name_without_Secure_refuses_to_start()
    {
        var refusal = await Should.ThrowAsync<OptionsValidationException>(SchemeApp.StartAsync(SchemeApp.Iron, o =>
        {
            o.Secure = false;
            o.CookieName = "__Host-session";
        }));

        refusal.Message.ShouldContain("__Host-");
    }

    [Theory]
    [InlineData(8)]
    public async Task A_cookie_this_scheme_writes_opens_in_iron_session(int version)
    {
        await using var app = await SchemeApp.StartAsync(SchemeApp.Iron);
        var cookie = await app.SignInAsync();

        var answer = await IronSessionCli.RunAsync(new { op = "unseal", version, password = SchemeApp.Password, seal = SealOf(cookie) });

        answer["data"]!["user"]!["id"]!.GetValue<int>().ShouldBe(23);
        answer["data"]!["user"]!["username"]!.GetValue<string>().ShouldBe("tvy");
    }

    [Theory]
    [InlineData(8)]
    public async Task A_cookie_iron_session_seals_opens_here_as_a_principal(int version)
    {
        await using var app = await SchemeApp.StartAsync(SchemeApp.Iron);
        var answer = await IronSessionCli.RunAsync(new
        {
            op = "seal", version, password = SchemeApp.Password, ttl = 3600,
            data = new { user = new { id = 23, username = "tvy", isLogin = true } },
        });

        using var response = await app.GetAsync("/api/me", $"{app.CookieName}={answer["seal"]!.GetValue<string>()}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        me.GetProperty("name").GetString().ShouldBe("tvy");
        me.GetProperty("id").GetString().ShouldBe("23");
    }
}
