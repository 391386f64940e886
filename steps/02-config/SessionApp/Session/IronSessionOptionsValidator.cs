using System.Net;
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
        // TODO: Step 02, task 2: check the settings; fail with messages that name each bad setting (steps/02-config/README.md#task-2).
        return ValidateOptionsResult.Success;
    }

    private static bool IsCookieToken(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') && WebUtility.UrlEncode(name) == name;
}
