using System.Collections.Concurrent;
using System.Net;
using IronSealing;
using Microsoft.Extensions.Options;

namespace SessionApp.Session;

/// <summary>
/// Checks the session settings when the app starts (ValidateOnStart), so a bad setting stops the app with a
/// message that names the setting and the fix, instead of failing on the first login.
/// </summary>
public sealed class IronSessionOptionsValidator(IHostEnvironment environment) : IValidateOptions<IronSessionOptions>
{
    /// <summary>
    /// The fewest guesses a password may take, by zxcvbn's estimate. A seal's key is one PBKDF2-SHA1 iteration of the
    /// password (iron's format), so a captured cookie lets an attacker test guesses offline, billions a second.
    /// </summary>
    public const double MinimumGuesses = 1e30;

    // zxcvbn takes some 25 ms for a long password; an app validates its settings once, a test run hundreds of times.
    private static readonly ConcurrentDictionary<string, double> Estimates = new(StringComparer.Ordinal);

    /// <summary>
    /// How many guesses an attacker would need, by zxcvbn's estimate (Dropbox's strength estimator, ported to .NET): it
    /// finds words, names, keyboard patterns, sequences and repeats, and gives the password's entropy in bits.
    /// </summary>
    public static double EstimatedGuesses(string password) =>
        Estimates.GetOrAdd(password, p => Math.Pow(2, Zxcvbn.Zxcvbn.MatchPassword(p).Entropy));

    public ValidateOptionsResult Validate(string? name, IronSessionOptions options)
    {
        var failures = new List<string>();
        var section = IronSessionOptions.SectionName;
        var minimum = IronSealer.MinimumPasswordLength;
        if (string.IsNullOrWhiteSpace(options.CookieName) || !IsCookieToken(options.CookieName))
        {
            failures.Add($"{section}:CookieName '{options.CookieName}' is not a valid cookie name: use letters, digits, '_', '-' or '.'.");
        }

        if (!string.IsNullOrEmpty(options.Password) && options.Passwords.ContainsKey("1"))
        {
            failures.Add($"{section}:Password and {section}:Passwords:1 both set password id 1: keep one of them.");
        }

        if (string.IsNullOrEmpty(options.Password) && options.Passwords.Count == 0)
        {
            failures.Add(
                $"{section}:Password is not set. Set it to a secret of at least {minimum} characters, "
                + $"e.g. with the environment variable {section}__Password (Development uses a public development password when none is set).");
        }

        if (!string.IsNullOrEmpty(options.Password) && options.Password.Length < minimum)
        {
            failures.Add($"{section}:Password must be at least {minimum} characters long (it has {options.Password.Length}).");
        }

        foreach (var (id, password) in options.Passwords.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(password) || password.Length < minimum)
            {
                failures.Add($"{section}:Passwords:{id} must be at least {minimum} characters long (it has {password?.Length ?? 0}).");
            }
        }

        // The cookie lives 60 s less than the seal (iron-session's rule): at 60 s or less there would be no cookie at all,
        // and below 2 minutes one that dies within a minute.
        if (options.TimeToLive <= TimeSpan.FromMinutes(2))
        {
            failures.Add($"{section}:TimeToLive must be longer than 2 minutes (it is {options.TimeToLive}); the default is 14.00:00:00.");
        }

        // Outside Development a password must be one nobody else has: not the public development one, not guessable.
        if (!environment.IsDevelopment())
        {
            foreach (var (setting, password) in options.PasswordSettings())
            {
                if (string.IsNullOrWhiteSpace(password) || PublishedPasswords.Resembles(password) || EstimatedGuesses(password) < MinimumGuesses)
                {
                    failures.Add(
                        $"{section}:{setting} is too weak to use outside Development: it is blank, resembles a published password "
                        + "(this repository's development password, iron-session's examples), or zxcvbn estimates that fewer than "
                        + "10^30 guesses find it, which a captured cookie lets anyone try offline. Make a new one from 32 random bytes: "
                        + "`openssl rand -base64 32` (bash) or "
                        + "`[Convert]::ToBase64String([Security.Cryptography.RandomNumberGenerator]::GetBytes(32))` (PowerShell).");
                }
            }
        }

        // Browsers cap Max-Age at 400 days: a longer session could never be kept, and its Max-Age would not fit.
        if (options.TimeToLive > IronSessionOptions.MaximumTimeToLive)
        {
            failures.Add($"{section}:TimeToLive must be at most 400 days, the longest a browser keeps a cookie (it is {options.TimeToLive}).");
        }

        // A __Host- or __Secure- cookie is only kept by a browser when it is Secure: without it, every login would
        // silently set a cookie the browser drops.
        foreach (var prefix in (string[])[IronSessionOptions.HostPrefix, IronSessionOptions.SecurePrefix])
        {
            if (options.CookieName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !options.Secure)
            {
                failures.Add($"{section}:CookieName '{options.CookieName}' starts with {prefix}, which browsers keep only on a Secure cookie, but {section}:Secure is false: drop the prefix or set Secure.");
            }
        }

        // Password ids are matched as the exact text in a seal, as iron-session does, so only one spelling of a number works.
        foreach (var id in options.Passwords.Keys.Where(id => !IronSealer.IsPasswordId(id)).Order(StringComparer.Ordinal))
        {
            failures.Add($"{section}:Passwords:{id}: a password id is a whole number from 1 up, written without leading zeros (1, 2, 10).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsCookieToken(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') && WebUtility.UrlEncode(name) == name;
}
