using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SessionApp.Session;

namespace SessionApp.Tests.Infrastructure;

/// <summary>
/// The app under test: in memory, or on a loopback port for a browser. It runs as Production (so the cookie is Secure,
/// as it will be for real users), with its settings given in memory, a clock the test controls, and its logs
/// collected instead of printed, so a failing test stays short.
/// </summary>
public class SessionAppFactory : WebApplicationFactory<Program>
{
    /// <summary>Settings as configuration keys (Session:Password ...). Change them before the first request.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Session:Password"] = Seals.Password,

        // The tutorial's store route (its mock login) is how the tests of steps 03-06 get a session; Production's
        // default is off (step 07), so it is turned on here, explicitly.
        ["Session:AllowMockLogin"] = "true",

        // One instance, its revocation list (step 08) in memory: outside Development the app asks for this to be said.
        ["Session:SingleInstance"] = "true",

        // The app logs a refused cookie at Debug (so a flood of bad cookies cannot flood the log); tests read those lines.
        ["Logging:LogLevel:SessionApp"] = "Debug",
    };

    /// <summary>The hosting environment: Production unless a test says otherwise.</summary>
    public string EnvironmentName { get; set; } = "Production";

    /// <summary>The app's clock: now, until a test moves it (or replaces it before the first request).</summary>
    public FakeTimeProvider Clock { get; set; } = new(DateTimeOffset.UtcNow);

    /// <summary>Services a test puts in place of the app's (a counting password hasher, say), before the first request.</summary>
    public List<Action<IServiceCollection>> ServiceOverrides { get; } = [];

    /// <summary>Everything the app logged.</summary>
    public FakeLogCollector Logs { get; } = new();

    /// <summary>The messages the app logged, in order.</summary>
    public IReadOnlyList<string> LoggedMessages => [.. Logs.GetSnapshot().Select(r => r.Message)];

    /// <summary>The session settings as the app sees them (this starts the app).</summary>
    public IronSessionOptions SessionOptions => Services.GetRequiredService<IOptions<IronSessionOptions>>().Value;

    /// <summary>The session cookie's name, from the app's own settings, never repeated in a test.</summary>
    public string CookieName => SessionOptions.CookieName;

    public SessionAppFactory()
    {
        // A Secure cookie is only sent back over https, so the test client pretends to be there.
        ClientOptions.BaseAddress = new Uri("https://localhost");
        ClientOptions.AllowAutoRedirect = false;
    }

    /// <summary>Starts the app on 127.0.0.1 with a free port, for a real browser or HTTP client, and returns its address.</summary>
    /// <param name="kestrel">More Kestrel settings for the test (limits, say).</param>
    public Uri StartOnLoopback(Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>? kestrel = null)
    {
        UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            kestrel?.Invoke(options);
        });
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(Settings));
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new FakeLoggerProvider(Logs));
            logging.SetMinimumLevel(LogLevel.Debug);
        });
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in ServiceOverrides)
            {
                configure(services);
            }
        });
    }
}
