using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SessionApp.Tests.Infrastructure;

/// <summary>
/// The app under test, in memory. It runs as Production (so the cookie is Secure, as it will be for real users),
/// with its settings given in memory and its logs captured instead of printed, so a failing test stays short.
/// </summary>
public class SessionAppFactory : WebApplicationFactory<Program>
{
    /// <summary>A password for tests only: 32+ characters, as iron requires.</summary>
    public const string TestPassword = "test-only-password-for-the-workshop-suite-0123";

    /// <summary>Settings as configuration keys (Session:Password ...). Change them before the first request.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Session:Password"] = TestPassword,
    };

    /// <summary>The hosting environment: Production unless a test says otherwise.</summary>
    public string EnvironmentName { get; set; } = "Production";

    /// <summary>The app's clock. Tests move it to make seals expire.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>Everything the app logged.</summary>
    public LogCapture Logs { get; } = new();

    public SessionAppFactory()
    {
        // A Secure cookie is only sent back over https, so the test client pretends to be there.
        ClientOptions.BaseAddress = new Uri("https://localhost");
        ClientOptions.AllowAutoRedirect = false;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(EnvironmentName);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(Settings));
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Logs);
            logging.SetMinimumLevel(LogLevel.Debug);
        });
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
