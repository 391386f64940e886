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
}

/// <summary>Checks the revocation settings when the app starts, naming the setting.</summary>
public sealed class RevocationOptionsValidator : IValidateOptions<RevocationOptions>
{
    public ValidateOptionsResult Validate(string? name, RevocationOptions options)
    {
        // The idle timeout is checked against a time sealed at most once a minute, so it needs a few minutes to mean
        // anything. (One longer than the session's lifetime is allowed: the lifetime ends the session first.)
        return options.IdleTimeout != TimeSpan.Zero && options.IdleTimeout < TimeSpan.FromMinutes(2)
            ? ValidateOptionsResult.Fail($"{RevocationOptions.SectionName}:IdleTimeout must be 0 (off) or 2 minutes or more (it is {options.IdleTimeout}); the default is {RevocationOptions.DefaultIdleTimeout}.")
            : ValidateOptionsResult.Success;
    }
}
