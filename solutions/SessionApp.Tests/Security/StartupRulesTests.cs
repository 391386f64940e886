using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Security;

/// <summary>Settings the finished app refuses at start, beyond the step 02 task, and the cookie name it picks.</summary>
public sealed class StartupRulesTests
{
    [Theory]
    [InlineData("v2")]
    [InlineData("abc")]
    [InlineData("2147483648")]
    [InlineData("01")]
    [InlineData("0")]
    public void A_rotation_password_id_that_is_not_a_plain_whole_number_refuses_to_start_and_names_the_key(string id)
    {
        using var factory = new SessionAppFactory();
        factory.Settings[$"Session:Passwords:{id}"] = Seals.OtherPassword;

        var error = Startup.Error(factory);

        error.ShouldNotBeNull($"the app started with password id '{id}', which iron-session could never seal with");
        error.ShouldContain($"Session:Passwords:{id}");
    }

    [Fact]
    public void Ids_01_and_1_side_by_side_refuse_to_start_instead_of_dropping_one()
    {
        using var factory = new SessionAppFactory();
        factory.Settings.Remove("Session:Password");
        factory.Settings["Session:Passwords:1"] = Seals.Password;
        factory.Settings["Session:Passwords:01"] = Seals.OtherPassword;

        var error = Startup.Error(factory);

        error.ShouldNotBeNull("the app started with ids 1 and 01 and silently kept one of them");
        error.ShouldContain("Session:Passwords:01");
    }

    [Theory]
    [InlineData("__Secure-workshop_auth")]
    [InlineData("__Host-workshop_auth")]
    [InlineData("__secure-workshop_auth")]
    public void A_name_with_a_Secure_only_prefix_and_Secure_off_refuses_to_start(string name)
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:Secure"] = "false";
        factory.Settings["Session:CookieName"] = name;

        var error = Startup.Error(factory);

        error.ShouldNotBeNull($"the app started with the cookie {name} and Secure off: a browser drops that cookie, so every login would silently fail");
        error.ShouldContain("Session:CookieName");
    }

    [Fact]
    public async Task Outside_Development_a_cookie_without_Secure_and_the_mock_login_each_start_with_a_warning()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:Secure"] = "false";
        factory.Settings["Session:AllowMockLogin"] = "true";

        using var client = factory.CreateClient();
        using var response = await client.ReadAsync();

        var warnings = factory.Logs.GetSnapshot().Where(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(r => r.Message).ToList();
        warnings.ShouldContain(m => m.Contains("Session:Secure is false", StringComparison.Ordinal), "an operator should read at start that the cookie travels over plain http");
        warnings.ShouldContain(m => m.Contains("Session:AllowMockLogin is true", StringComparison.Ordinal), "an operator should read at start that anyone can log in as anyone");
    }

    [Fact]
    public async Task In_Development_the_same_settings_start_quietly()
    {
        using var factory = new SessionAppFactory { EnvironmentName = "Development" };
        factory.Settings["Session:Secure"] = "false";
        factory.Settings["Session:AllowMockLogin"] = "true";

        using var client = factory.CreateClient();
        using var response = await client.ReadAsync();

        factory.LoggedMessages.ShouldNotContain(m => m.Contains("Session:Secure is false", StringComparison.Ordinal) || m.Contains("Session:AllowMockLogin is true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_instance_with_logouts_in_memory_starts_with_a_warning_that_a_restart_forgets_them()
    {
        using var factory = new SessionAppFactory();

        using var client = factory.CreateClient();
        using var response = await client.ReadAsync();

        factory.Logs.GetSnapshot().ShouldContain(
            r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("a restart forgets them", StringComparison.Ordinal),
            "Session:SingleInstance=true should be said at start: logouts are lost at a restart");
    }

    [Fact]
    public async Task In_Development_logouts_in_memory_start_quietly()
    {
        using var factory = new SessionAppFactory { EnvironmentName = "Development" };
        factory.Settings.Remove("Session:SingleInstance");

        using var client = factory.CreateClient();
        using var response = await client.ReadAsync();

        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
        factory.LoggedMessages.ShouldNotContain(m => m.Contains("a restart forgets them", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("401.00:00:00")]
    [InlineData("3650000.00:00:00")]
    public void A_lifetime_over_400_days_refuses_to_start(string timeToLive)
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:TimeToLive"] = timeToLive;

        var error = Startup.Error(factory);

        error.ShouldNotBeNull($"the app started with a {timeToLive} session, which no browser keeps");
        error.ShouldContain("Session:TimeToLive");
        error.ShouldContain("400 days");
    }

    [Fact]
    public void A_lifetime_of_400_days_starts()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:TimeToLive"] = "400.00:00:00";

        Startup.Error(factory).ShouldBeNull();
    }

    [Fact]
    public void A_Secure_cookie_without_a_configured_name_is_a_Host_cookie()
    {
        using var factory = new SessionAppFactory();

        factory.CookieName.ShouldBe("__Host-workshop_auth");
    }

    [Fact]
    public void A_cookie_that_is_not_Secure_keeps_the_plain_name_so_plain_http_works()
    {
        using var factory = new SessionAppFactory { EnvironmentName = "Development" };

        factory.CookieName.ShouldBe("workshop_auth");
    }

    [Fact]
    public void A_configured_name_is_kept_as_written()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:CookieName"] = "nextjs_explore_auth";

        factory.CookieName.ShouldBe("nextjs_explore_auth");
    }

    [Fact]
    public void A_Host_name_on_a_cookie_that_is_not_Secure_refuses_to_start()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:CookieName"] = "__Host-workshop_auth";
        factory.Settings["Session:Secure"] = "false";

        var error = Startup.Error(factory);

        error.ShouldNotBeNull("the app started with a __Host- cookie that is not Secure, which browsers drop");
        error.ShouldContain("Session:CookieName");
        error.ShouldContain("Session:Secure");
    }
}
