namespace SessionApp.Session;

/// <summary>
/// Passwords anyone can read: printed in this repository or in iron-session's README. However long, a password that
/// resembles one of them (the same letters and digits in any case, whatever spaces and punctuation) is known to
/// everyone, so outside Development the app refuses it.
/// </summary>
public static class PublishedPasswords
{
    public static readonly IReadOnlyList<string> All =
    [
        IronSessionOptions.DevelopmentPassword,
        "complex_password_at_least_32_characters_long", // iron-session's README, in every example
        "another_password_at_least_32_characters_long", // iron-session's README, for rotation
        "workshop-demo-password", // the demo user's login password (appsettings.Development.json)
        "bench-only-password-not-a-secret-0123456789abcdef", // the benchmarks', before they drew one per run
    ];

    private static readonly HashSet<string> Keys = [.. All.Select(Key)];

    /// <summary>Whether the password is one of <see cref="All"/> up to case, spaces and punctuation.</summary>
    public static bool Resembles(string password) => Keys.Contains(Key(password));

    private static string Key(string password) => string.Concat(password.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));
}
