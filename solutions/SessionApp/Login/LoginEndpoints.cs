using Microsoft.AspNetCore.Http.HttpResults;
using SessionApp.Session;

namespace SessionApp.Login;

/// <summary>The login route: a username and a password the server checks, instead of the tutorial's mock user.</summary>
public static class LoginEndpoints
{
    public const string LoginRoute = SessionEndpoints.ReadRoute + "/login";

    /// <summary>
    /// Logs in, from the page's script (JSON in, JSON out) or from the form itself when the browser runs no script
    /// (form-encoded in, a redirect out: see <see cref="LoginForm"/>).
    /// </summary>
    public static Task<IResult> LogIn(
        HttpRequest request, UserDirectory users, ILoginLimiter limiter, DeviceCookies devices, Sessions sessions, SessionMetrics metrics,
        CancellationToken cancellationToken) =>
        LogInAsync(request, users, limiter, devices, metrics, (user, token) => SessionEndpoints.BeginAsync(request, user, sessions, token), cancellationToken);

    /// <summary>
    /// The login above, with another way to begin the session once the password is right (step 09's route begins it with
    /// the framework's <c>SignInAsync</c>): the same body, limits and answers.
    /// </summary>
    /// <param name="begin">Begins the user's session; the problem to answer when it could not.</param>
    public static async Task<IResult> LogInAsync(
        HttpRequest request, UserDirectory users, ILoginLimiter limiter, DeviceCookies devices, SessionMetrics metrics,
        Func<SessionUser, CancellationToken, Task<ProblemHttpResult?>> begin, CancellationToken cancellationToken)
    {
        if (!LoginForm.IsForm(request))
        {
            return await CheckAsync(request, form: false, users, limiter, devices, begin, metrics, cancellationToken);
        }

        var answer = await CheckAsync(request, form: true, users, limiter, devices, begin, metrics, cancellationToken);
        return LoginForm.Answer(answer.Result, request.HttpContext.Response);
    }

    private static async Task<Results<Ok<SessionView>, ProblemHttpResult>> CheckAsync(
        HttpRequest request, bool form, UserDirectory users, ILoginLimiter limiter, DeviceCookies devices,
        Func<SessionUser, CancellationToken, Task<ProblemHttpResult?>> begin, SessionMetrics metrics, CancellationToken cancellationToken)
    {
        var (body, fault) = form
            ? await SessionEndpoints.ReadBodyAsync(request, metrics, cancellationToken)
            : await SessionEndpoints.ReadJsonBodyAsync(request, "the login", metrics, cancellationToken);
        if (fault is not null)
        {
            return fault;
        }

        if ((form ? Credentials.FromForm(body, out var problem) : Credentials.From(body, out problem)) is not { } credentials)
        {
            return SessionEndpoints.Problem(StatusCodes.Status400BadRequest, "Not a login", $"The body is not a login: {problem}.");
        }

        // <step07-device-key>
        // A browser the user has logged in from is counted on its own: an attacker's failures never lock it out.
        var key = devices.Nonce(request, credentials.Username) is { } nonce ? LoginKeys.Device(nonce) : LoginKeys.User(credentials.Username);
        // </step07-device-key>

        // Reserved before the password hash runs, so parallel attempts cannot pass the limit together.
        Reservation reservation;
        try
        {
            reservation = await limiter.ReserveAsync(key, cancellationToken);
        }
        catch (LoginLimiterUnavailableException e)
        {
            return SessionEndpoints.Problem(StatusCodes.Status503ServiceUnavailable, "Logins unavailable", $"{e.Message} Try again shortly.");
        }

        if (!reservation.IsGranted)
        {
            var seconds = (int)Math.Ceiling(reservation.RetryAfter.TotalSeconds);
            request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return SessionEndpoints.Problem(StatusCodes.Status429TooManyRequests, "Too many failed logins",
                $"Too many failed logins for this username: try again in {seconds} s.");
        }

        if (users.Verify(credentials.Username, credentials.Password) is not { } user)
        {
            return SessionEndpoints.Problem(StatusCodes.Status401Unauthorized, "Login failed", "The username or the password is wrong.");
        }

        try
        {
            await limiter.ReleaseAsync(key, cancellationToken);
        }
        catch (LoginLimiterUnavailableException)
        {
            // The right password, counted as a failure: at worst this user waits out one window sooner. Log in anyway.
        }

        if (await begin(user, cancellationToken) is { } failed)
        {
            return failed;
        }

        devices.Issue(request.HttpContext.Response, user.Username);
        return TypedResults.Ok(SessionView.From(user));
    }
}
