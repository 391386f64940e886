using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using SessionApp.Pages;
using SessionApp.Revocation;
using SessionApp.Session;
using StackExchange.Redis;

namespace SessionApp;

/// <summary>
/// The revocation feature (step 08): logouts the server remembers, "log out everywhere", and the idle timeout, plugged
/// into every session through <see cref="ISessionFeature"/>. The list lives in this process's memory, or in Redis when
/// Session:Redis is set, so every instance sees each logout; /healthz reports it.
/// </summary>
public static class RevocationSetup
{
    public static WebApplicationBuilder AddRevocation(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RevocationOptions>().BindConfiguration(RevocationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RevocationOptions>, RevocationOptionsValidator>();
        services.AddHostedService<InMemoryRevocationsWarning>();
        services.AddSingleton<Revocations>();
        services.AddSingleton<RevocationsAvailability>();
        services.AddSingleton<SessionRevocation>();
        services.AddSingleton<ISessionFeature>(provider => provider.GetRequiredService<SessionRevocation>());

        // One connection to Redis for the whole app (the list, its channel, the login limiter), made when first used.
        services.AddSingleton<IConnectionMultiplexer>(provider =>
        {
            var redis = provider.GetRequiredService<IOptions<RevocationOptions>>().Value.Redis;
            var configuration = ConfigurationOptions.Parse(redis ?? throw new InvalidOperationException("Session:Redis is not set."));
            // Keep serving while Redis is away (sessions fail closed, logins answer 503) and reconnect when it is back;
            // while it is away, answer at once (no backlog) and wait at most a second for an answer, not 5.
            configuration.AbortOnConnectFail = false;
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            configuration.ConnectTimeout = Math.Min(configuration.ConnectTimeout, 2000);
            configuration.AsyncTimeout = Math.Min(configuration.AsyncTimeout, 1000);
            configuration.SyncTimeout = Math.Min(configuration.SyncTimeout, 1000);
            return ConnectionMultiplexer.Connect(configuration);
        });

        // Chosen when first used, from the bound settings, so every configuration source counts.
        services.AddSingleton<IDistributedCache>(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<RevocationOptions>>().Value;
            var time = provider.GetRequiredService<TimeProvider>();
            if (settings.Redis is not { Length: > 0 })
            {
                return new InMemoryRevocations(settings.RevocationMemoryBytes, time, provider.GetRequiredService<ILogger<InMemoryRevocations>>());
            }

            // Redis keeps the list (through the framework's RedisCache, on the app's one connection); each instance
            // answers reads from its own copy, kept current through Redis pub/sub.
            var connection = provider.GetRequiredService<IConnectionMultiplexer>();
            var redis = new RedisCache(Options.Create(new RedisCacheOptions
            {
                ConnectionMultiplexerFactory = () => Task.FromResult(connection),
                InstanceName = RedisRevocations.KeyPrefix,
            }));
            var copy = new RedisRevocations(redis, connection, settings.RevocationMemoryBytes, time, provider.GetRequiredService<ILogger<RedisRevocations>>());
            copy.Start();
            return copy;
        });
        services.AddHostedService<RevocationsStart>();

        // /healthz reports the revocation list too: when it cannot answer, no session can be trusted here. The framework
        // logs an unhealthy check at Error on every hit; RevocationsAvailability says each outage once instead.
        services.AddHealthChecks().AddCheck<RevocationsHealthCheck>(RevocationsHealthCheck.Name, timeout: TimeSpan.FromSeconds(3));
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);

        // The home page gets "log out everywhere", under the tutorial's Logout button.
        services.AddSingleton(new PagePart(PageEndpoints.HomeRoute, $"""
            <div>
              <button type="button" id="logout-all" data-route="{RevocationEndpoints.DestroyAllRoute}">Log out everywhere</button>
            </div>
            """));
        return builder;
    }

    public static IEndpointRouteBuilder MapRevocation(this IEndpointRouteBuilder app)
    {
        app.MapPost(RevocationEndpoints.DestroyAllRoute, RevocationEndpoints.DestroyAll).WithTags("Session").DisallowCaching().RefuseCrossSite()
            .WithName("DestroyAllSessions").WithSummary("Ends every session of the logged-in user.");
        return app;
    }
}
