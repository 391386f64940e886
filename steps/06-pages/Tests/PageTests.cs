using System.Net;
using System.Text.Json;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Pages;

/// <summary>Step 06: the login and home pages, as HTML (the browser tests click them).</summary>
public sealed class PageTests(SessionAppFactory app) : IClassFixture<SessionAppFactory>
{
    [Fact]
    [Task(1)]
    public async Task The_login_page_has_its_heading_and_a_Login_button()
    {
        using var client = app.CreateClient();

        var page = await client.GetDocumentAsync("/login");

        var heading = page.Find("h1").TextContent;
        Must.Hold(heading == "Login Page", ThisTask.Says("The login page's h1 must read \"Login Page\", as the tutorial's does."), heading);
        var button = page.Find("button#login");
        button.TextContent.Trim().ShouldBe("Login");
        button.GetAttribute("type").ShouldBe("button");
    }

    [Fact]
    [Task(2)]
    public async Task The_home_page_has_its_heading_the_session_and_a_Logout_button()
    {
        using var client = app.CreateClient();

        var page = await client.GetDocumentAsync("/");

        var heading = page.Find("h1").TextContent;
        Must.Hold(heading == "Home Page", ThisTask.Says("The home page's h1 must read \"Home Page\", as the tutorial's does."), heading);
        page.Find("pre").TextContent.ShouldBe("""{"isLogin":false}""");
        page.Find("button#logout").TextContent.Trim().ShouldBe("Logout");
    }

    [Fact]
    [Task(2)]
    public async Task The_home_page_shows_the_stored_session_as_json()
    {
        using var client = app.CreateClient();
        (await client.StoreAsync(Http.MockUser)).Dispose();

        var page = await client.GetDocumentAsync("/");

        using var shown = JsonDocument.Parse(page.Find("pre").TextContent);
        shown.RootElement.GetProperty("username").GetString().ShouldBe("tvy");
        shown.RootElement.GetProperty("isLogin").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    [Task(2)]
    public async Task The_home_page_is_never_cached_because_it_shows_the_session()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Headers.CacheControl.ShouldNotBeNull().NoStore.ShouldBeTrue();
    }

    [Fact]
    [Task(2)]
    public async Task A_username_with_markup_is_shown_as_text_not_run()
    {
        using var client = app.CreateClient();
        (await client.StoreAsync(new { id = 1, username = "<script>alert(1)</script>", fullName = "<b>bold</b>" })).Dispose();

        var page = await client.GetDocumentAsync("/");

        page.Find("pre").TextContent.ShouldContain("<script>alert(1)</script>");
        page.Find("pre").Children.ShouldBeEmpty("the session JSON must be text, not elements");
        page.QuerySelectorAll("script").Length.ShouldBe(1, "only the page's own script may be on the page");
        page.QuerySelectorAll("b").ShouldBeEmpty();
    }

    [Theory]
    [Task(2)]
    [InlineData("/login")]
    [InlineData("/")]
    public async Task Both_pages_load_the_script_that_the_app_serves(string path)
    {
        using var client = app.CreateClient();

        var page = await client.GetDocumentAsync(path);
        var src = page.Find("script[src]").GetAttribute("src")!;
        using var script = await client.GetAsync(src, TestContext.Current.CancellationToken);

        await script.ShouldHaveStatusAsync(HttpStatusCode.OK);
        script.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("text/javascript");
    }

    [Fact]
    [Task(1)]
    public async Task The_pages_name_an_icon_that_the_app_serves_so_DevTools_show_no_404()
    {
        using var client = app.CreateClient();
        var page = await client.GetDocumentAsync("/login");

        var href = page.Find("link[rel=icon]").GetAttribute("href").ShouldNotBeNull();
        using var icon = await client.GetAsync(href, TestContext.Current.CancellationToken);

        await icon.ShouldHaveStatusAsync(HttpStatusCode.OK);
        icon.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("image/svg+xml");
    }
}
