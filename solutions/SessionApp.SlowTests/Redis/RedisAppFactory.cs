using Microsoft.AspNetCore.Hosting;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;

namespace SessionApp.Tests.Slow.Redis;

/// <summary>
/// The app with <c>Session:Redis</c> set. Program.cs reads that setting while it registers services, before
/// <see cref="SessionAppFactory.Settings"/> reach the configuration (the factory adds them when the host is built), so
/// it is given as a host setting too: WebApplicationFactory passes those to Program as arguments, which it sees at once.
/// </summary>
public sealed class RedisAppFactory : SessionAppFactory
{
    public static readonly string Key = $"{IronSessionOptions.SectionName}:{nameof(IronSessionOptions.Redis)}";

    private readonly string _redis;

    public RedisAppFactory(string redis)
    {
        _redis = redis;
        Settings[Key] = redis;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(Key, _redis);
    }
}
