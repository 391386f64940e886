using Microsoft.Extensions.Options;
using SessionApp.Session;

namespace SessionApp.Revocation;

/// <summary>
/// The revocation feature's settings (step 08), bound from the same <c>Session</c> section as the cookie's:
/// <c>Session:IdleTimeout</c> and <c>Session:Redis</c>.
/// </summary>
public sealed class RevocationOptions
{
    /// <summary>The configuration section: the session's own.</summary>
    public const string SectionName = IronSessionOptions.SectionName;

    /// <summary>The default of <see cref="IdleTimeout"/>: 30 minutes.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A session unused for this long ends, whatever its <see cref="IronSessionOptions.TimeToLive"/> says (0 turns it
    /// off). A session in use is sealed again at most once a minute to record that it was seen, keeping its id and login
    /// time, so the absolute lifetime still counts from the login and is never extended.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = DefaultIdleTimeout;

    /// <summary>
    /// A Redis connection string (<c>localhost:6379</c>) for the revocation list, so every instance of the app sees a
    /// logout made on any of them. Unset: the list is kept in this process's memory (one instance).
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>
    /// Outside Development, without <see cref="Redis"/>, the app refuses to start unless this is <c>true</c>: the list is
    /// then in this process's memory, so a restart forgets every logout (a copy of a logged-out cookie works again) and
    /// other instances never see one. <c>true</c> says there is one instance and that is accepted; it is logged at start.
    /// </summary>
    public bool SingleInstance { get; set; }

    /// <summary>The default of <see cref="RevocationMemoryBytes"/>: 64 MiB, about 98,000 logouts kept at once.</summary>
    public const long DefaultMemoryBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Without <see cref="Redis"/>: the most memory the list may hold, by an estimate of each entry's real cost (about
    /// 700 bytes a logout, kept until its seal would expire). When full, a logout answers 503; reads go on.
    /// </summary>
    public long RevocationMemoryBytes { get; set; } = DefaultMemoryBytes;
}

/// <summary>Checks the revocation settings when the app starts, naming the setting.</summary>
public sealed class RevocationOptionsValidator(IHostEnvironment environment) : IValidateOptions<RevocationOptions>
{
    public ValidateOptionsResult Validate(string? name, RevocationOptions options)
    {
        var failures = new List<string>();
        var section = RevocationOptions.SectionName;

        // The idle timeout is checked against a time sealed at most once a minute, so it needs a few minutes to mean
        // anything. (One longer than the session's lifetime is allowed: the lifetime ends the session first.)
        if (options.IdleTimeout != TimeSpan.Zero && options.IdleTimeout < TimeSpan.FromMinutes(2))
        {
            failures.Add($"{section}:IdleTimeout must be 0 (off) or 2 minutes or more (it is {options.IdleTimeout}); the default is {RevocationOptions.DefaultIdleTimeout}.");
        }

        if (options.RevocationMemoryBytes < 64 * 1024)
        {
            failures.Add($"{section}:RevocationMemoryBytes must be at least 65536 (it is {options.RevocationMemoryBytes}); the default is {RevocationOptions.DefaultMemoryBytes}.");
        }

        // Logouts kept in memory are lost at a restart and unseen by other instances: say so before serving, not after.
        if (!environment.IsDevelopment() && string.IsNullOrWhiteSpace(options.Redis) && !options.SingleInstance)
        {
            failures.Add(
                $"{section}:Redis is not set, so logouts would be kept in this process's memory: a restart forgets them (a copy of a "
                + $"logged-out cookie works again) and another instance never sees them. Set {section}:Redis (every instance the same), "
                + $"or {section}:SingleInstance=true to run one instance and accept that.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Says at start, outside Development, that logouts are kept in memory only: a restart forgets them.</summary>
public sealed partial class InMemoryRevocationsWarning(
    IOptions<RevocationOptions> options, IHostEnvironment environment, ILogger<InMemoryRevocationsWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() && string.IsNullOrWhiteSpace(options.Value.Redis) && options.Value.SingleInstance)
        {
            LogInMemory(logger, RevocationOptions.SectionName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Section}:SingleInstance is true: logouts are kept in this process's memory, so a restart forgets them (a copy of a logged-out cookie works again). Set {Section}:Redis to keep them.")]
    private static partial void LogInMemory(ILogger logger, string section);
}
