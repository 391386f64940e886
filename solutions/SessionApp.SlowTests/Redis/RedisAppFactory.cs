using SessionApp.Session;
using SessionApp.Tests.Infrastructure;

namespace SessionApp.Tests.Slow.Redis;

/// <summary>
/// The app with <c>Session:Redis</c> set, like any other setting: Program.cs chooses its cache from the bound
/// options when the cache is first asked for, so the factory's settings are already there.
/// </summary>
public sealed class RedisAppFactory : SessionAppFactory
{
    public static readonly string Key = $"{IronSessionOptions.SectionName}:{nameof(SessionApp.Revocation.RevocationOptions.Redis)}";

    public RedisAppFactory(string redis) => Settings[Key] = redis;

    /// <summary>One instance of the app, its revocation list in this Redis; every instance gets the same password and users.</summary>
    public static RedisAppFactory Instance(RedisServer redis) => (RedisAppFactory)new RedisAppFactory(redis.Configuration).WithUsers();
}
