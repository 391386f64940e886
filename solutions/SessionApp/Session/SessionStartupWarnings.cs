using Microsoft.Extensions.Options;

namespace SessionApp.Session;

/// <summary>
/// Outside Development, says once at start which settings weaken the sessions, so an operator reads it in the first
/// lines of the log: a cookie without Secure travels over plain http, and the mock login seals any user a browser
/// names. Tests and benchmarks run that way on purpose; a deployment should not.
/// </summary>
public sealed partial class SessionStartupWarnings(
    IOptions<IronSessionOptions> options, IHostEnvironment environment, ILogger<SessionStartupWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
        {
            if (!options.Value.Secure)
            {
                LogNotSecure(logger, IronSessionOptions.SectionName, environment.EnvironmentName);
            }

            if (options.Value.AllowMockLogin)
            {
                LogMockLogin(logger, IronSessionOptions.SectionName, environment.EnvironmentName, SessionEndpoints.StoreRoute);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Section}:Secure is false in {Environment}: the session cookie is sent over plain http too, where anyone on the network can copy it. Serve HTTPS and remove the setting.")]
    private static partial void LogNotSecure(ILogger logger, string section, string environment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Section}:AllowMockLogin is true in {Environment}: POST {Route} logs anyone in as any user they name. Remove the setting outside tests.")]
    private static partial void LogMockLogin(ILogger logger, string section, string environment, string route);
}
