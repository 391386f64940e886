using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SessionApp.Login;
using SessionApp.Pages;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Accounts;

/// <summary>
/// The login form submitted by the browser itself, with no script: form-encoded in, a 303 out (post/redirect/get), to
/// the home page or back to the login page, where the server shows the error.
/// </summary>
public sealed class LoginFormTests
{
    private static SessionAppFactory App() => new SessionAppFactory().WithUsers();

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, params (string Name, string Value)[] fields) =>
        client.PostAsync(LoginEndpoints.LoginRoute,
            new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))), TestContext.Current.CancellationToken);

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string password) =>
        SubmitAsync(client, ("username", Logins.Username), ("password", password));

    private static string Location(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther,
            "a form the browser submitted itself should be answered with 303 See Other, so the browser follows with a GET and a reload never posts the password again");
        return response.Headers.Location.ShouldNotBeNull("a 303 needs a Location").OriginalString;
    }

    [Fact]
    public async Task The_right_password_goes_to_the_home_page_logged_in()
    {
        using var app = App();
        using var client = app.CreateClient();

        using var response = await SubmitAsync(client, Logins.Password);

        Location(response).ShouldBe(PageEndpoints.HomeRoute);
        response.SetCookie(app.CookieName).ShouldNotBeNull("the form login should set the session cookie");
        var home = await client.GetDocumentAsync(Location(response));
        home.Find("#session").TextContent.ShouldContain($"\"fullName\":\"{Logins.FullName}\"");
    }

    [Fact]
    public async Task A_wrong_password_goes_back_to_the_login_page_which_says_so_and_sets_no_session()
    {
        using var app = App();
        using var client = app.CreateClient();

        using var response = await SubmitAsync(client, "not her password");

        var location = Location(response);
        location.ShouldBe($"{PageEndpoints.LoginRoute}?error={LoginForm.Errors.Failed}");
        response.SetCookie(app.CookieName).ShouldBeNull();
        var page = await client.GetDocumentAsync(location);
        page.Find("#login-form #login-error[role=alert]").TextContent.ShouldBe("The username or the password is wrong.");
    }

    [Fact]
    public async Task Past_the_limit_the_login_page_says_how_long_to_wait()
    {
        using var app = App();
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await SubmitAsync(client, "not her password");
        }

        using var response = await SubmitAsync(client, Logins.Password);

        var location = Location(response);
        location.ShouldStartWith($"{PageEndpoints.LoginRoute}?error={LoginForm.Errors.TooMany}&retry=");
        response.Headers.RetryAfter.ShouldBeNull("on a redirect, Retry-After would ask the browser to wait before following it");
        response.SetCookie(app.CookieName).ShouldBeNull();
        var page = await client.GetDocumentAsync(location);
        page.Find("#login-error").TextContent.ShouldMatch(@"^Too many failed logins for this username: try again in \d+ s\.$");
    }

    public static TheoryData<string, string> BadForms() => new()
    {
        { "no password", "username=ada" },
        { "an empty password", "username=ada&password=" },
        { "a repeated password", "username=ada&password=x&password=y" },
        { "a 65-character username", $"username={new string('a', 65)}&password=x" },
        { "raw bytes that are not UTF-8", "username=ada&password=\u00C0" },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task A_form_that_is_not_a_login_goes_back_to_the_login_page_before_any_password_is_hashed(string what, string body)
    {
        using var app = App();
        var hasher = new CountingHasher();
        app.ServiceOverrides.Add(services => services.AddSingleton<IPasswordHasher<LoginUser>>(hasher));
        using var client = app.CreateClient();
        using var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");

        using var response = await client.PostAsync(LoginEndpoints.LoginRoute, content, TestContext.Current.CancellationToken);

        Location(response).ShouldBe($"{PageEndpoints.LoginRoute}?error={LoginForm.Errors.Invalid}", what);
        response.SetCookie(app.CookieName).ShouldBeNull(what);
        hasher.Verified.ShouldBe(0, what);
    }

    [Fact]
    public async Task A_form_posted_from_another_site_is_refused_so_no_site_can_log_you_in_as_itself()
    {
        using var app = App();
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, LoginEndpoints.LoginRoute)
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("username", Logins.Username), KeyValuePair.Create("password", Logins.Password)]),
        };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        response.SetCookie(app.CookieName).ShouldBeNull();
    }

    [Fact]
    public async Task A_multipart_form_gets_415()
    {
        using var app = App();
        using var client = app.CreateClient();
        using var content = new MultipartFormDataContent { { new StringContent(Logins.Username), "username" }, { new StringContent(Logins.Password), "password" } };

        using var response = await client.PostAsync(LoginEndpoints.LoginRoute, content, TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.UnsupportedMediaType);
        response.SetCookie(app.CookieName).ShouldBeNull();
    }

    [Theory]
    [InlineData("?error=%3Cb%3Ehacked%3C%2Fb%3E")]
    [InlineData("?error=Your+account+is+locked.+Call+555-0100")]
    [InlineData("?error=failed&error=failed")]
    public async Task The_login_page_shows_only_its_own_sentences_never_a_links_words(string query)
    {
        using var app = App();
        using var client = app.CreateClient();

        var page = await client.GetDocumentAsync(PageEndpoints.LoginRoute + query);

        page.QuerySelector("#login-error").ShouldBeNull($"the login page for {query} should show no error");
        page.DocumentElement.OuterHtml.ShouldNotContain("hacked");
        page.DocumentElement.OuterHtml.ShouldNotContain("555-0100");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("99999999999")]
    public async Task A_retry_that_is_not_a_sensible_number_gives_the_general_sentence(string retry)
    {
        using var app = App();
        using var client = app.CreateClient();

        var page = await client.GetDocumentAsync($"{PageEndpoints.LoginRoute}?error={LoginForm.Errors.TooMany}&retry={retry}");

        page.Find("#login-error").TextContent.ShouldBe("Too many failed logins for this username: try again later.");
    }
}
