using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Config;

/// <summary>Step 02: the Session settings, their defaults, and the app refusing to start when they are wrong.</summary>
public sealed class ConfigTests
{
    private static IronSessionOptions OptionsOf(SessionAppFactory factory) =>
        factory.Services.GetRequiredService<IOptions<IronSessionOptions>>().Value;

    [Fact]
    [Task(0)]
    public void The_defaults_match_the_workshop()
    {
        using var factory = new SessionAppFactory();

        var options = OptionsOf(factory);

        options.CookieName.ShouldBe(IronSessionOptions.HostPrefix + IronSessionOptions.DefaultCookieName, "a Secure cookie gets the __Host- prefix");
        options.TimeToLive.ShouldBe(TimeSpan.FromDays(14));
    }

    [Fact]
    [Task(0)]
    public void Settings_are_bound_from_the_Session_section()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:CookieName"] = "nextjs_explore_auth";
        factory.Settings["Session:TimeToLive"] = "01:00:00";

        var options = OptionsOf(factory);

        options.CookieName.ShouldBe("nextjs_explore_auth");
        options.TimeToLive.ShouldBe(TimeSpan.FromHours(1));
        options.Password.ShouldBe(Seals.Password);
    }

    [Fact]
    [Task(0)]
    public void The_cookie_is_Secure_outside_Development()
    {
        using var factory = new SessionAppFactory { EnvironmentName = "Production" };

        OptionsOf(factory).Secure.ShouldBeTrue();
    }

    [Fact]
    [Task(1)]
    public void The_cookie_is_not_Secure_in_Development_so_http_localhost_works()
    {
        using var factory = new SessionAppFactory { EnvironmentName = "Development" };

        Must.Hold(!OptionsOf(factory).Secure,
            ThisTask.Says("In Development the cookie is Secure, so a browser on http://localhost would drop it: Secure must default to false there."));
    }

    [Fact]
    [Task(0)]
    public void Session_Secure_overrides_the_environment_default()
    {
        using var factory = new SessionAppFactory { EnvironmentName = "Production" };
        factory.Settings["Session:Secure"] = "false";

        OptionsOf(factory).Secure.ShouldBeFalse();
    }

    [Fact]
    [Task(0)]
    public void Development_runs_out_of_the_box_with_its_development_only_password()
    {
        using var factory = new SessionAppFactory { EnvironmentName = "Development" };
        factory.Settings.Remove("Session:Password");

        Startup.Error(factory).ShouldBeNull();
        OptionsOf(factory).Password!.Length.ShouldBeGreaterThanOrEqualTo(32);
    }

    [Fact]
    [Task(2)]
    public void Production_without_a_password_refuses_to_start_and_says_how_to_set_it()
    {
        using var factory = new SessionAppFactory { EnvironmentName = "Production" };
        factory.Settings.Remove("Session:Password");

        var error = Startup.Refusal(factory, ThisTask.Says("The app started in Production without a password; it must refuse to start."));
        error.ShouldContain("Session:Password");
        error.ShouldContain("Session__Password");
    }

    [Fact]
    [Task(2)]
    public void A_password_shorter_than_32_characters_refuses_to_start_and_names_the_setting()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:Password"] = "too-short";

        var error = Startup.Refusal(factory, ThisTask.Says("The app started with a 9-character password; it must refuse to start."));
        error.ShouldContain("Session:Password");
        error.ShouldContain("32");
    }

    [Fact]
    [Task(2)]
    public void A_short_rotation_password_refuses_to_start_and_names_its_id()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:Passwords:2"] = "short";

        var error = Startup.Refusal(factory, ThisTask.Says("The app started with a 5-character rotation password; it must refuse to start."));
        error.ShouldContain("Session:Passwords:2");
    }

    [Fact]
    [Task(2)]
    public void Password_and_Passwords_1_together_refuse_to_start()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:Passwords:1"] = Seals.OtherPassword;

        var error = Startup.Refusal(factory, ThisTask.Says("The app started with two passwords for id 1; it must refuse to start."));
        error.ShouldContain("Session:Passwords:1");
    }

    [Fact]
    [Task(2)]
    public void A_time_to_live_that_leaves_no_cookie_refuses_to_start()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:TimeToLive"] = "00:00:30";

        var error = Startup.Refusal(factory, ThisTask.Says("The app started with a 30-second session, whose cookie would die at once; it must refuse to start."));
        error.ShouldContain("Session:TimeToLive");
    }

    [Theory]
    [Task(2)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void A_cookie_name_a_browser_cannot_store_refuses_to_start(string name)
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:CookieName"] = name;

        var error = Startup.Refusal(factory, ThisTask.Says($"The app started with the cookie name '{name}', which a browser cannot store; it must refuse to start."));
        error.ShouldContain("Session:CookieName");
    }

    /// <summary>Passwords nobody may run with outside Development, by name (so test ids stay stable).</summary>
    private static readonly Dictionary<string, string> WeakPasswords = new()
    {
        ["the public development password"] = IronSessionOptions.DevelopmentPassword,
        ["40 spaces"] = new string(' ', 40),
        ["40 times the letter a"] = new string('a', 40),
        ["9 different characters, repeated"] = string.Concat(Enumerable.Repeat("abcdefghi", 5)),
        ["password123 three times"] = string.Concat(Enumerable.Repeat("password123", 3)),
        ["0123456789 four times"] = string.Concat(Enumerable.Repeat("0123456789", 4)),
        ["the development password in lower case"] = IronSessionOptions.DevelopmentPassword.ToLowerInvariant(),
        ["the development password with a trailing space"] = IronSessionOptions.DevelopmentPassword + " ",
        ["iron-session's README example"] = "complex_password_at_least_32_characters_long",
    };

    public static TheoryData<string> WeakPasswordNames() => [.. WeakPasswords.Keys];

    [Theory]
    [Task(3)]
    [MemberData(nameof(WeakPasswordNames))]
    public void Outside_Development_a_weak_password_refuses_to_start_and_says_how_to_make_one(string weak)
    {
        using var factory = new SessionAppFactory { EnvironmentName = "Staging" };
        factory.Settings["Session:Password"] = WeakPasswords[weak];

        var error = Startup.Refusal(factory, ThisTask.Says($"The app started in Staging with {weak} as its password; it must refuse to start."));
        error.ShouldContain("Session:Password");
        error.ShouldContain("openssl rand -base64 32");
        error.ShouldContain("RandomNumberGenerator");
    }

    [Fact]
    [Task(3)]
    public void Outside_Development_a_weak_rotation_password_refuses_to_start_and_names_its_id()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:Passwords:2"] = new string('b', 40);

        var error = Startup.Refusal(factory, ThisTask.Says("The app started in Production with 40 × 'b' as password 2; it must refuse to start."));
        error.ShouldContain("Session:Passwords:2");
    }

    /// <summary>The passwords the messages and docs tell people to make: 32 random bytes, in base64 or in hex.</summary>
    public static TheoryData<string> RandomPasswordKinds() => ["openssl rand -base64 32 (and the PowerShell line)", "openssl rand -hex 32"];

    [Theory]
    [Task(0)]
    [MemberData(nameof(RandomPasswordKinds))]
    public void A_random_password_starts_everywhere(string kind)
    {
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        using var factory = new SessionAppFactory();
        factory.Settings["Session:Password"] = kind.Contains("hex", StringComparison.Ordinal) ? Convert.ToHexStringLower(bytes) : Convert.ToBase64String(bytes);

        var error = Startup.Error(factory);

        error.ShouldBeNull($"a password made by {kind} must start the app: {error}");
    }

    [Fact]
    [Task(0)]
    public void In_Development_the_public_development_password_is_allowed()
    {
        using var factory = new SessionAppFactory { EnvironmentName = "Development" };
        factory.Settings["Session:Password"] = IronSessionOptions.DevelopmentPassword;

        Startup.Error(factory).ShouldBeNull();
    }
}
