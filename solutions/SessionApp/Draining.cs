using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace SessionApp;

/// <summary>
/// A graceful stop behind a load balancer (the finished app only; bench/cluster measures it). Asked to stop (SIGTERM,
/// Ctrl+C), the app reports unhealthy on /healthz at once and goes on serving for <c>Draining:Delay</c>; only then
/// does Kestrel close its port. A balancer that polls /healthz takes the instance out in that time. Without it, the
/// port closes at once, and every request the balancer sends there before it notices is a 502 for someone.
/// </summary>
public static class Draining
{
    public static WebApplicationBuilder AddDraining(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DrainingOptions>().BindConfiguration(DrainingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DrainingOptions>, DrainingOptionsValidator>();
        services.AddSingleton<DrainingHealth>();
        services.AddHostedService(provider => provider.GetRequiredService<DrainingHealth>());
        services.AddHealthChecks().AddCheck<DrainingHealth>(DrainingHealth.Name);
        return builder;
    }
}

/// <summary>The settings of a graceful stop, bound from the configuration section <c>Draining</c>.</summary>
public sealed class DrainingOptions
{
    public const string SectionName = "Draining";

    /// <summary>
    /// How long a stopping app goes on serving after /healthz turns unhealthy: at least the balancer's probe interval
    /// times the failures it waits for, plus its probe timeout. 0 (the default) stops at once, as one instance should.
    /// </summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;
}

/// <summary>Checks <see cref="DrainingOptions.Delay"/> at start: it must leave Kestrel time to finish within the host's shutdown timeout.</summary>
public sealed class DrainingOptionsValidator(IOptions<HostOptions> host) : IValidateOptions<DrainingOptions>
{
    public ValidateOptionsResult Validate(string? name, DrainingOptions options)
    {
        var timeout = host.Value.ShutdownTimeout;
        return options.Delay < TimeSpan.Zero || options.Delay >= timeout
            ? ValidateOptionsResult.Fail(
                $"{DrainingOptions.SectionName}:Delay must be from 0 up to less than the host's shutdown timeout ({timeout}), so the requests "
                + $"in flight still get time to finish (it is {options.Delay}). A few seconds is enough behind a balancer that probes /healthz every second.")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>
/// Part of /healthz: unhealthy from the moment the app is asked to stop. The host calls <see cref="StoppingAsync"/>
/// before it stops any service, Kestrel included, so the app serves on for the delay with its health check saying
/// it is leaving.
/// </summary>
public sealed partial class DrainingHealth(
    IOptions<DrainingOptions> options, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<DrainingHealth> logger)
    : IHostedLifecycleService, IHealthCheck
{
    public const string Name = "draining";

    private int _stopping;
    private int _unhealthy;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Volatile.Read(ref _unhealthy) == 1 || lifetime.ApplicationStopping.IsCancellationRequested
            ? new HealthCheckResult(context.Registration.FailureStatus, "The app is stopping: send new requests elsewhere.")
            : HealthCheckResult.Healthy("The app is not stopping."));

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // Once: a host stopped twice (a test's, say) waits once.
        if (Interlocked.Exchange(ref _stopping, 1) == 1)
        {
            return;
        }

        // The wait starts before /healthz turns: whoever sees it turn may count on the whole delay from then.
        var delay = options.Value.Delay;
        var wait = delay > TimeSpan.Zero ? Task.Delay(delay, time, cancellationToken) : Task.CompletedTask;
        Volatile.Write(ref _unhealthy, 1);
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        LogDraining(logger, delay);
        try
        {
            await wait;
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out first: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: /healthz reports unhealthy, and the app serves on for {Delay} so the load balancer takes it out first.")]
    private static partial void LogDraining(ILogger logger, TimeSpan delay);
}
