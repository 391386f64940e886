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
        // <stub-step02-validate>
        // TODO: Step 02, task 2: add a failure for each bad setting, naming the setting (steps/02-config/README.md#task-2).
        // </stub-step02-validate>

        // Outside Development a password must be one nobody else has: not the public development one, not guessable.
        if (!environment.IsDevelopment())
        {
            // <stub-step02-weak-passwords>
            // TODO: Step 02, task 3: refuse a blank, public or guessable password here (steps/02-config/README.md#task-3).
            // </stub-step02-weak-passwords>
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
