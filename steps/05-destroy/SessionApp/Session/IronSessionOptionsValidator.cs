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
                if (string.IsNullOrWhiteSpace(password) || password == IronSessionOptions.DevelopmentPassword || password.Distinct().Count() < 10)
                {
                    failures.Add(
                        $"{section}:{setting} is too weak to use outside Development: it is blank, the public development password, "
                        + "or has fewer than 10 different characters. Make a new one from 32 random bytes: "
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
