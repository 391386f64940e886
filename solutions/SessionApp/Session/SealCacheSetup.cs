using System.Diagnostics.Metrics;
using IronSealing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionApp.Session;

namespace SessionApp;

/// <summary>
/// The finished app's cache of verified seals, beyond the workshop's steps: the sealing library remembers each seal
/// it verified, with the session read from it, so a browser's next request skips the cryptography and the JSON
/// (<see cref="IronSealer.WithVerifiedSealCache"/>). Bounded by <c>Session:SealCacheBytes</c> (0 turns it off), and
/// observed as the metric <c>session.seal_cache.size</c>.
/// </summary>
public static class SealCacheSetup
{
    /// <summary>Observed: the verified-seal cache's estimated size in bytes.</summary>
    public const string SealCacheSizeName = "session.seal_cache.size";

    /// <summary>Wraps the sealer that <see cref="SessionSetup.AddSessionCookies"/> registered in one that caches.</summary>
    public static WebApplicationBuilder AddVerifiedSealCache(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SealCacheOptions>().BindConfiguration(SealCacheOptions.SectionName)
            .Validate(o => o.SealCacheBytes >= 0, $"{SealCacheOptions.SectionName}:SealCacheBytes must be 0 (off) or more bytes; the default is {SealCacheOptions.DefaultSealCacheBytes}.")
            .ValidateOnStart();

        var registered = services.Last(d => d.ServiceType == typeof(IronSealer));
        services.Replace(ServiceDescriptor.Singleton(provider =>
        {
            var sealer = registered.ImplementationFactory is { } factory ? (IronSealer)factory(provider)
                : registered.ImplementationInstance as IronSealer ?? ActivatorUtilities.CreateInstance<IronSealer>(provider);
            var bytes = provider.GetRequiredService<IOptions<SealCacheOptions>>().Value.SealCacheBytes;
            var caching = bytes > 0 ? sealer.WithVerifiedSealCache(bytes) : sealer;
            provider.GetRequiredService<IMeterFactory>().Create(SessionMetrics.MeterName).CreateObservableUpDownCounter(
                SealCacheSizeName, () => caching.VerifiedSealCacheBytes, unit: "By",
                description: "The estimated memory held by the cache of verified seals (Session:SealCacheBytes is its limit).");
            return caching;
        }));
        return builder;
    }
}

/// <summary>The seal cache's setting, in the session's section: <c>Session:SealCacheBytes</c>.</summary>
public sealed class SealCacheOptions
{
    public const string SectionName = IronSessionOptions.SectionName;

    /// <summary>The default of <see cref="SealCacheBytes"/>: 4 MiB.</summary>
    public const long DefaultSealCacheBytes = 4 * 1024 * 1024;

    /// <summary>
    /// How much memory, in bytes, the app may spend remembering seals it has verified, with their sessions, so a
    /// returning cookie skips the cryptography (0 turns it off). Each seal counts its text, twice its JSON's length and
    /// the objects around them, about 1.1 KB for a typical session, so the default keeps about 3,900. When full, the
    /// least recently used seals go; each also goes at its expiry. Only verified seals are kept, and their expiry is
    /// checked on every use.
    /// </summary>
    public long SealCacheBytes { get; set; } = DefaultSealCacheBytes;
}
