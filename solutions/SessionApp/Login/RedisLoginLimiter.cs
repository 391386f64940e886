using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionApp.Login;
using SessionApp.Revocation;
using StackExchange.Redis;

namespace SessionApp.Login
{
    /// <summary>
    /// The login limiter shared by every instance, in Redis: the same rule as <see cref="LoginThrottle"/> (at most
    /// <see cref="LoginOptions.FailureLimit"/> attempts per key within <see cref="LoginOptions.FailureWindow"/>, counted
    /// from the first), so N instances give an attacker the same guesses as one. Each reservation is one Lua script, so
    /// a check and its count are one step in Redis too. Windows run on Redis's clock (its key expiry).
    /// </summary>
    public sealed class RedisLoginLimiter(IConnectionMultiplexer connection, IOptions<LoginOptions> options) : ILoginLimiter
    {
        /// <summary>The prefix of the counters' keys.</summary>
        public const string KeyPrefix = "SessionApp:login:";

        // KEYS[1] the counter; ARGV[1] the limit; ARGV[2] the window in ms. Answers 0 when granted, else the ms to wait.
        private static readonly LuaScript Reserve = LuaScript.Prepare("""
            local count = redis.call('INCR', @key)
            if count == 1 then redis.call('PEXPIRE', @key, @window) end
            if count > tonumber(@limit) then
              redis.call('DECR', @key)
              local left = redis.call('PTTL', @key)
              if left < 1 then left = 1 end
              return left
            end
            return 0
            """);

        // Gives one attempt back, never below zero.
        private static readonly LuaScript Release = LuaScript.Prepare("""
            local count = tonumber(redis.call('GET', @key) or '0')
            if count > 0 then redis.call('DECR', @key) end
            return count
            """);

        public async ValueTask<Reservation> ReserveAsync(string key, CancellationToken cancellationToken)
        {
            var settings = options.Value;
            var wait = (long)await Call(Reserve, new
            {
                key = (RedisKey)(KeyPrefix + key),
                limit = settings.FailureLimit,
                window = (long)settings.FailureWindow.TotalMilliseconds,
            });
            return wait == 0 ? Reservation.Granted : Reservation.Refused(TimeSpan.FromMilliseconds(wait));
        }

        public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken) =>
            await Call(Release, new { key = (RedisKey)(KeyPrefix + key) });

        private async Task<RedisResult> Call(LuaScript script, object parameters)
        {
            try
            {
                return await connection.GetDatabase().ScriptEvaluateAsync(script, parameters);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Unable to count: no login may pass uncounted (the endpoint answers 503).
                throw new LoginLimiterUnavailableException(e);
            }
        }
    }
}

namespace SessionApp
{
    /// <summary>
    /// The finished app's shared failed-login count (beyond the workshop's steps): with <c>Session:Redis</c> set, the
    /// login limiter counts in Redis, so every instance sees every failure. Without it, step 07's count in memory stays.
    /// </summary>
    public static class SharedLoginLimitSetup
    {
        public static WebApplicationBuilder AddSharedLoginLimit(this WebApplicationBuilder builder)
        {
            var registered = builder.Services.Last(d => d.ServiceType == typeof(ILoginLimiter));
            builder.Services.Replace(ServiceDescriptor.Singleton<ILoginLimiter>(provider =>
                provider.GetRequiredService<IOptions<RevocationOptions>>().Value.Redis is { Length: > 0 }
                    ? ActivatorUtilities.CreateInstance<RedisLoginLimiter>(provider)
                    : (ILoginLimiter)(registered.ImplementationFactory?.Invoke(provider)
                        ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!))));
            return builder;
        }
    }
}
