namespace SessionApp.Session;

/// <summary>
/// The session settings, bound from the configuration section <c>Session</c>
/// (so the environment variable <c>Session__Password</c> sets <c>Session:Password</c>).
/// </summary>
public sealed class IronSessionOptions
{
    public const string SectionName = "Session";

    /// <summary>The cookie's name when none is configured and it is not Secure. The tutorial's is <c>nextjs_explore_auth</c>.</summary>
    public const string DefaultCookieName = "workshop_auth";

    /// <summary>
    /// The prefix a browser honours only on a cookie that is Secure, has Path=/ and no Domain, so no other host (a
    /// sibling subdomain included) can set or overwrite it (RFC 6265bis).
    /// </summary>
    public const string HostPrefix = "__Host-";

    /// <summary>The other cookie name prefix a browser keeps only on a Secure cookie.</summary>
    public const string SecurePrefix = "__Secure-";

    /// <summary>The password Development runs with when none is configured. Public, so refused everywhere else.</summary>
    public const string DevelopmentPassword = "DEVELOPMENT-ONLY-password-never-use-in-production-0123456789";

    /// <summary>Browsers cap a cookie's Max-Age at 400 days (RFC 6265bis), so a longer session cannot be kept.</summary>
    public static readonly TimeSpan MaximumTimeToLive = TimeSpan.FromDays(400);

    /// <summary>
    /// The cookie's name. When none is configured: <c>__Host-workshop_auth</c> when <see cref="Secure"/>, else
    /// <c>workshop_auth</c> (plain http in Development cannot keep a <c>__Host-</c> cookie); see SessionSetup.cs.
    /// </summary>
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

    /// <summary>Send the cookie over HTTPS only. Defaults to true everywhere but Development.</summary>
    public bool Secure { get; set; } = true;

    /// <summary>
    /// Map the tutorial's store route, <c>POST /api/session/store</c>, which seals whatever user the browser names: the
    /// tutorial's mock login. On by default, as in the tutorial; the login feature (step 07) turns it off outside
    /// Development unless this is set.
    /// </summary>
    public bool AllowMockLogin { get; set; } = true;

    /// <summary>Every configured password with the name of its setting (<c>Password</c>, <c>Passwords:2</c>).</summary>
    public IEnumerable<(string Setting, string Password)> PasswordSettings()
    {
        if (Password is not null)
        {
            yield return (nameof(Password), Password);
        }

        foreach (var (id, password) in Passwords.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            yield return ($"{nameof(Passwords)}:{id}", password ?? string.Empty);
        }
    }

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
