using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SessionApp.Login;
using SessionApp.Pages;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Accounts;

/// <summary>
/// The finished app's login around step 07's tasks: what a bad login body gets, the cross-site rule on login, the
/// login form, the mock login's place on the page, and "log out everywhere" without a session.
/// </summary>
public sealed class LoginInputTests
{
    private static SessionAppFactory App() => new SessionAppFactory().WithUsers();

    public static TheoryData<string, string> BadBodies() => new()
    {
        { "not JSON", "username=ada&password=x" },
        { "an array", """["ada","x"]""" },
        { "no password", """{"username":"ada"}""" },
        { "a number for a name", """{"username":7,"password":"x"}""" },
        { "an empty password", """{"username":"ada","password":""}""" },
        { "a repeated field", """{"username":"ada","password":"x","password":"y"}""" },
        { "a 65-character username", $$"""{"username":"{{new string('a', 65)}}","password":"x"}""" },
        { "a 1025-character password", $$"""{"username":"ada","password":"{{new string('p', 1025)}}"}""" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_body_that_is_not_a_login_gets_400_in_the_apps_words_and_no_cookie(string what, string body)
    {
        using var app = App();
        var hasher = new CountingHasher();
        app.ServiceOverrides.Add(services => services.AddSingleton<IPasswordHasher<LoginUser>>(hasher));
        using var client = app.CreateClient();

        using var response = await client.PostAsync(LoginEndpoints.LoginRoute, new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().ShouldStartWith("The body is not a login", Case.Sensitive, what);
        response.SetCookie(app.CookieName).ShouldBeNull(what);
        hasher.Verified.ShouldBe(0, $"{what}: a body that is not a login is refused before any password is hashed");
    }

    [Theory]
    [InlineData("username")]
    [InlineData("password")]
    public async Task A_field_whose_bytes_are_not_UTF_8_gets_400_not_500(string field)
    {
        using var app = App();
        using var client = app.CreateClient();
        var body = Encoding.UTF8.GetBytes("""{"username":"ada","password":"secret"}""");
        var marker = Encoding.UTF8.GetBytes(field == "username" ? "\"ada\"" : "\"secret\"");
        body[body.AsSpan().IndexOf(marker) + 1] = 0xC0; // never valid in UTF-8
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        using var response = await client.PostAsync(LoginEndpoints.LoginRoute, content, TestContext.Current.CancellationToken);

        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().ShouldBe($"The body is not a login: \"{field}\" must be text (its bytes are not valid UTF-8).");
    }

    [Fact]
    public async Task A_login_that_is_not_json_gets_415()
    {
        using var app = App();
        using var client = app.CreateClient();

        using var response = await client.PostAsync(LoginEndpoints.LoginRoute,
            new StringContent("""{"username":"ada","password":"x"}""", Encoding.UTF8, "text/plain"), TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_login_posted_from_another_site_is_refused_so_no_site_can_log_you_in_as_itself()
    {
        using var app = App();
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, LoginEndpoints.LoginRoute)
        {
            Content = new StringContent($$"""{"username":"{{Logins.Username}}","password":"{{Logins.Password}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        response.SetCookie(app.CookieName).ShouldBeNull();
    }

    [Fact]
    public async Task Log_out_everywhere_without_a_session_gets_401()
    {
        using var app = App();
        using var client = app.CreateClient();

        using var response = await client.DestroyAllAsync();

        (await response.JsonAsync(HttpStatusCode.Unauthorized)).GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task The_login_page_has_a_labelled_form_that_password_managers_understand()
    {
        using var app = App();
        using var client = app.CreateClient();

        var html = await client.GetStringAsync(PageEndpoints.LoginRoute, TestContext.Current.CancellationToken);

        using var page = new HtmlParser().ParseDocument(html);
        var form = page.QuerySelector("form#login-form").ShouldNotBeNull("the login page should have a form#login-form");
        foreach (var (name, autocomplete) in new[] { ("username", "username"), ("password", "current-password") })
        {
            var input = form.QuerySelector($"input[name={name}]").ShouldNotBeNull($"the form should have an input named {name}");
            input.GetAttribute("autocomplete").ShouldBe(autocomplete);
            input.HasAttribute("required").ShouldBeTrue();
            page.QuerySelector($"label[for={input.Id}]").ShouldNotBeNull($"the {name} field should have a label").TextContent.ShouldNotBeNullOrWhiteSpace();
        }

        form.QuerySelector("input[name=password]").ShouldNotBeNull().GetAttribute("type").ShouldBe("password");
        form.QuerySelector("button[type=submit]").ShouldNotBeNull("the form should have a submit button");
    }

    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", null, true)]
    [InlineData("Development", "false", false)]
    public async Task The_one_click_mock_login_is_on_the_page_only_where_mock_login_is_allowed(string environment, string? allow, bool shown)
    {
        using var app = new SessionAppFactory { EnvironmentName = environment };
        if (allow is null)
        {
            app.Settings.Remove("Session:AllowMockLogin");
        }
        else
        {
            app.Settings["Session:AllowMockLogin"] = allow;
        }

        using var client = app.CreateClient();

        var html = await client.GetStringAsync(PageEndpoints.LoginRoute, TestContext.Current.CancellationToken);
        using var store = await client.StoreAsync(Http.MockUser);

        using var page = new HtmlParser().ParseDocument(html);
        (page.QuerySelector("button#login") is not null).ShouldBe(shown, $"{environment}, Session:AllowMockLogin {allow ?? "unset"}");
        page.QuerySelector("form#login-form").ShouldNotBeNull("the password form is always there");
        store.StatusCode.ShouldBe(shown ? HttpStatusCode.OK : HttpStatusCode.NotFound, "the button and the route go together");
    }

    [Fact]
    public void A_user_setting_without_a_hash_refuses_to_start_and_names_the_setting_and_the_fix()
    {
        using var app = new SessionAppFactory();
        app.Settings["Login:Users:bob:Id"] = "3";
        app.Settings["Login:Users:bob:FullName"] = "Bob";
        app.Settings["Login:Users:bob:PasswordHash"] = "hunter2";

        var error = Startup.Error(app);

        error.ShouldNotBeNull("the app started with a plain-text password where a hash belongs");
        error.ShouldContain("Login:Users:bob:PasswordHash");
        error.ShouldContain("hash-password");
    }

    [Fact]
    public void Outside_Development_the_demo_users_published_hash_refuses_to_start()
    {
        using var app = new SessionAppFactory();
        app.AddUser(Logins.DemoUsername, LoginOptions.DemoPasswordHash, 23, "tvydev");

        var error = Startup.Error(app);

        error.ShouldNotBeNull("the app started in Production with the demo user, whose password is printed in the README");
        error.ShouldContain($"Login:Users:{Logins.DemoUsername}:PasswordHash");
    }

    [Fact]
    public void The_demo_hash_the_app_refuses_is_the_one_Development_publishes()
    {
        using var app = new SessionAppFactory { EnvironmentName = "Development" };

        var users = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LoginOptions>>().Value.Users;

        users[Logins.DemoUsername].PasswordHash.ShouldBe(LoginOptions.DemoPasswordHash, "appsettings.Development.json and LoginOptions.DemoPasswordHash must name the same hash");
    }

    [Fact]
    public void Two_users_with_one_id_refuse_to_start_and_name_both()
    {
        using var app = new SessionAppFactory().WithUsers();
        app.AddUser("bob", Logins.Hash("bob's own password"), Logins.Id, "Bob");

        var error = Startup.Error(app);

        error.ShouldNotBeNull($"the app started with bob and {Logins.Username} sharing Id {Logins.Id}: 'log out everywhere' for one would end the other's sessions");
        error.ShouldContain($"{Logins.Username} and bob share Id {Logins.Id}");
    }

    [Fact]
    public async Task The_home_page_offers_log_out_everywhere()
    {
        using var app = App();
        using var client = app.CreateClient();

        var html = await client.GetStringAsync(PageEndpoints.HomeRoute, TestContext.Current.CancellationToken);

        using var page = new HtmlParser().ParseDocument(html);
        page.QuerySelector("button#logout-all").ShouldNotBeNull("the home page should have a button#logout-all").TextContent.ShouldContain("everywhere");
    }
}
