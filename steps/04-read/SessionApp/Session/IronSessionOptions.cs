namespace SessionApp.Session;

/// <summary>
/// The session settings, bound from the configuration section <c>Session</c>
/// (so the environment variable <c>Session__Password</c> sets <c>Session:Password</c>).
/// </summary>
public sealed class IronSessionOptions
{
    public const string SectionName = "Session";

    /// <summary>The cookie's name when none is configured. The tutorial's is <c>nextjs_explore_auth</c>.</summary>
    public const string DefaultCookieName = "workshop_auth";

    /// <summary>The cookie's name.</summary>
    public string CookieName { get; set; } = DefaultCookieName;

    /// <summary>Shorthand for <c>Passwords:1</c>: the single password most apps start with.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Password id to password, for rotation: new cookies are sealed with the highest id, and every id here can open.
    /// To rotate, add <c>Session__Passwords__2</c> beside the existing <c>Session__Password</c>. Ids are kept as the
    /// exact text configured, as iron-session matches them: <c>01</c> is not <c>1</c>.
    /// </summary>
    public Dictionary<string, string> Passwords { get; set; } = [];

    /// <summary>How long a session lives. The cookie's Max-Age is 60 s less, as in iron-session.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// How many opened seals the app remembers, so a returning cookie skips the cryptography (0 turns it off).
    /// Only verified seals are kept, and their expiry is checked on every use.
    /// </summary>
    public int OpenedSealCacheSize { get; set; } = 10_000;

    /// <summary>Send the cookie over HTTPS only. Defaults to true everywhere but Development.</summary>
    public bool Secure { get; set; } = true;

    /// <summary><see cref="Password"/> and <see cref="Passwords"/> merged into one map.</summary>
    public IReadOnlyDictionary<string, string> AllPasswords()
    {
        var all = new Dictionary<string, string>(Passwords, StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(Password))
        {
            all.TryAdd("1", Password);
        }

        return all;
    }
}
