using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SessionApp.Revocation;

/// <summary>
/// Part of <c>/healthz</c>: the revocation list must answer, or no session can be trusted (reads fail closed), so a
/// load balancer should stop sending users here. In memory it always answers; with Redis, only when Redis does.
/// </summary>
public sealed class RevocationsHealthCheck(IDistributedCache cache, RevocationsAvailability availability) : IHealthCheck
{
    public const string Name = "revocations";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await cache.GetAsync("session:health", cancellationToken);
            availability.Answered();
            return HealthCheckResult.Healthy("The revocation list answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Said once per outage by the availability; no exception in the result, so no stack trace on each hit.
            availability.Failed("answer /healthz", e);
            return new HealthCheckResult(context.Registration.FailureStatus, $"The revocation list cannot be reached ({e.GetType().Name}).");
        }
    }
}
