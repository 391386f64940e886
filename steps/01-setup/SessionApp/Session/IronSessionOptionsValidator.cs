using System.Net;
using IronSealing;
using Microsoft.Extensions.Options;

namespace SessionApp.Session;

/// <summary>
/// Checks the session settings when the app starts (ValidateOnStart), so a bad setting stops the app with a
/// message that names the setting and the fix, instead of failing on the first login.
/// </summary>
public sealed class IronSessionOptionsValidator : IValidateOptions<IronSessionOptions>
{
    public ValidateOptionsResult Validate(string? name, IronSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = IronSessionOptions.SectionName;
        // TODO: Step 02, task 2: add a failure for each bad setting, naming the setting (steps/02-config/README.md#task-2).

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
