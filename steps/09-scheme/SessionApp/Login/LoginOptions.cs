using System.Buffers.Text;
using Microsoft.Extensions.Options;

namespace SessionApp.Login;

/// <summary>
/// The login settings, bound from the configuration section <c>Login</c>: the users who may log in (with hashed
/// passwords, never the passwords themselves) and how many failed logins a username gets before it must wait.
/// </summary>
public sealed class LoginOptions
{
    public const string SectionName = "Login";

    /// <summary>
    /// The demo user's password hash, as Development's settings publish it (its password, workshop-demo-password, is in
    /// the README): anyone can log in with it, so outside Development no user may have it.
    /// </summary>
    public const string DemoPasswordHash = "AQAAAAIAAYagAAAAEC2Ijv8FiS5hSl9mX4hY2msbBMqdSiIPqX5y1x697Y0/0HSaPp0Jw7V6ROLQWJR1lw==";

    /// <summary>
    /// Username to user. A user is <c>Login:Users:&lt;username&gt;:Id</c>, <c>:FullName</c>, <c>:AvatarUrl</c> (optional)
    /// and <c>:PasswordHash</c>, a hash made by ASP.NET Core's <c>PasswordHasher</c>
    /// (<c>dotnet run --project tools/Workshop -- hash-password</c>). Development's appsettings seed the demo user.
    /// </summary>
    public Dictionary<string, LoginUser> Users { get; set; } = [];

    /// <summary>How many failed logins one username gets within <see cref="FailureWindow"/> before it must wait (429).</summary>
    public int FailureLimit { get; set; } = 5;

    /// <summary>The window the failures are counted in, from the first failure; the lockout lasts until it ends.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>A user who may log in, as configured.</summary>
public sealed class LoginUser
{
    /// <summary>The username as configured (the key of the user's entry), filled in by <see cref="UserDirectory"/>.</summary>
    public string Username { get; set; } = string.Empty;

    public long Id { get; set; }

    public string? FullName { get; set; }

    public string? AvatarUrl { get; set; }

    /// <summary>The password, hashed by <c>PasswordHasher&lt;LoginUser&gt;</c> (a base64 text starting with "AQAAAA").</summary>
    public string? PasswordHash { get; set; }
}

/// <summary>Checks the login settings when the app starts, so a bad user entry stops the app with the setting named.</summary>
public sealed class LoginOptionsValidator(IHostEnvironment environment) : IValidateOptions<LoginOptions>
{
    public ValidateOptionsResult Validate(string? name, LoginOptions options)
    {
        var failures = new List<string>();
        var section = LoginOptions.SectionName;
        foreach (var (username, user) in options.Users.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            var setting = $"{section}:Users:{username}";
            if (username.Length > UserDirectory.MaxUsernameLength)
            {
                failures.Add($"{setting}: a username is at most {UserDirectory.MaxUsernameLength} characters.");
            }

            if (user.Id <= 0)
            {
                failures.Add($"{setting}:Id must be a whole number from 1 up.");
            }

            if (string.IsNullOrWhiteSpace(user.FullName))
            {
                failures.Add($"{setting}:FullName is not set.");
            }

            if (!environment.IsDevelopment() && user.PasswordHash == LoginOptions.DemoPasswordHash)
            {
                failures.Add($"{setting}:PasswordHash is the demo user's published hash (its password is in the README): outside Development "
                    + "give the user a password of its own (`dotnet run --project tools/Workshop -- hash-password`, from the repository root) or remove it.");
            }

            // PasswordHasher's current format: base64 of a 0x01 marker, then the algorithm, salt and subkey.
            if (user.PasswordHash is not { Length: > 0 } hash || !IsV3Hash(hash))
            {
                failures.Add($"{setting}:PasswordHash is not a password hash. Make one with `dotnet run --project tools/Workshop -- hash-password` (from the repository root).");
            }
        }

        // "Log out everywhere" ends every session of an id, and a session names its user by id: one id, one user.
        foreach (var shared in options.Users.GroupBy(u => u.Value.Id).Where(g => g.Key > 0 && g.Count() > 1).OrderBy(g => g.Key))
        {
            failures.Add($"{section}:Users: {string.Join(" and ", shared.Select(u => u.Key).Order(StringComparer.Ordinal))} share Id {shared.Key}: "
                + "give each user its own (\"log out everywhere\" for one would end the other's sessions too).");
        }

        if (options.FailureLimit < 1)
        {
            failures.Add($"{section}:FailureLimit must be 1 or more (it is {options.FailureLimit}); the default is 5.");
        }

        if (options.FailureWindow <= TimeSpan.Zero)
        {
            failures.Add($"{section}:FailureWindow must be longer than 0 (it is {options.FailureWindow}); the default is 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsV3Hash(string hash)
    {
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(hash.Length)];
        return Convert.TryFromBase64String(hash, bytes, out var length) && length > 13 && bytes[0] == 0x01;
    }
}
