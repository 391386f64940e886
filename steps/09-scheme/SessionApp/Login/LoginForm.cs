using System.Collections.Frozen;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using SessionApp.Pages;

namespace SessionApp.Login;

/// <summary>
/// The password form on the login page, and the login's answers when the browser submits that form itself (JavaScript
/// off): a 303 to the home page, or back to the login page with the error, which the server writes into the page.
/// A 303 makes the browser follow with a GET, so a reload never sends the password again (post/redirect/get).
/// </summary>
public static class LoginForm
{
    /// <summary>The login page's query parameter naming what went wrong: one of the app's own codes, never free text.</summary>
    public const string ErrorParameter = "error";

    /// <summary>With the "too-many" error: the seconds to wait, a whole number.</summary>
    public const string RetryParameter = "retry";

    public static class Errors
    {
        public const string Failed = "failed";
        public const string TooMany = "too-many";
        public const string Invalid = "invalid";
        public const string Unavailable = "unavailable";
    }

    // What each code says. The page shows only these sentences, so a link to /login?error=… cannot make it say anything else.
    private static readonly FrozenDictionary<string, string> Messages = new Dictionary<string, string>
    {
        [Errors.Failed] = "The username or the password is wrong.",
        [Errors.TooMany] = "Too many failed logins for this username: try again later.",
        [Errors.Invalid] = "Enter a username and a password, then log in.",
        [Errors.Unavailable] = "Logging in is not possible right now: try again shortly.",
    }.ToFrozenDictionary();

    /// <summary>Whether the browser submitted the form itself: <c>application/x-www-form-urlencoded</c>, a form's default.</summary>
    public static bool IsForm(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The login's answer for a form: success goes to the home page, a problem back to the login page naming it.
    /// </summary>
    public static IResult Answer(IResult result, HttpResponse response)
    {
        if (result is not ProblemHttpResult problem)
        {
            return new SeeOther(PageEndpoints.HomeRoute);
        }

        var error = problem.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => Errors.Failed,
            StatusCodes.Status429TooManyRequests => Errors.TooMany,
            >= 500 => Errors.Unavailable,
            _ => Errors.Invalid,
        };
        var location = $"{PageEndpoints.LoginRoute}?{ErrorParameter}={error}";
        if (error == Errors.TooMany && int.TryParse(response.Headers.RetryAfter, CultureInfo.InvariantCulture, out var seconds))
        {
            location += $"&{RetryParameter}={seconds}";
        }

        // On a redirect, Retry-After would ask the browser to wait before following it.
        response.Headers.Remove(HeaderNames.RetryAfter);
        return new SeeOther(location);
    }

    /// <summary>The form under the login page's own content, with the error its query names, if any.</summary>
    public static PagePart Part { get; } = new(PageEndpoints.LoginRoute, request => $"""
        <form id="login-form" action="{LoginEndpoints.LoginRoute}" method="post">
          <h2>Log in with a password</h2>
        {ErrorShown(request.Query)}
          <p>
            <label for="username">Username</label>
            <input id="username" name="username" autocomplete="username" required maxlength="{UserDirectory.MaxUsernameLength}">
          </p>
          <p>
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="{UserDirectory.MaxPasswordLength}">
          </p>
          <button type="submit">Log in</button>
        </form>
        """);

    private static string ErrorShown(IQueryCollection query)
    {
        if (query[ErrorParameter] is not [{ } code] || !Messages.TryGetValue(code, out var message))
        {
            return string.Empty; // no error, or not one of ours: show nothing rather than a link's words
        }

        if (code == Errors.TooMany && query[RetryParameter] is [{ } retry]
            && int.TryParse(retry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 86_400)
        {
            message = $"Too many failed logins for this username: try again in {seconds} s.";
        }

        return $"""  <p id="login-error" role="alert">{message}</p>""";
    }

    /// <summary>303 See Other: the browser follows with a GET.</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
