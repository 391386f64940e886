using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SessionApp.Login;

/// <summary>
/// Counts failed logins per username, so nobody can try passwords for one user at speed: after
/// <see cref="LoginOptions.FailureLimit"/> failures within <see cref="LoginOptions.FailureWindow"/>, that username must
/// wait until the window ends. Successes are neither counted nor slowed. ASP.NET Core's rate-limiting middleware
/// decides before the endpoint runs, so it cannot tell a failure from a success: the login endpoint counts here.
/// The counts live in this process (each instance counts its own).
/// </summary>
public sealed class LoginThrottle(IOptions<LoginOptions> options, TimeProvider time)
{
    /// <summary>Failures allowed within a window.</summary>
    private int Limit => options.Value.FailureLimit;

    /// <summary>How long a window lasts, from its first failure.</summary>
    private TimeSpan Window => options.Value.FailureWindow;

    /// <summary>The app's clock (tests move it).</summary>
    private DateTimeOffset Now => time.GetUtcNow();

    // <stub-step07-count-failures>
    // TODO: Step 07, task 2: count failed logins per username, and make it wait after too many (steps/07-login/README.md#task-2).
    public TimeSpan? RetryAfter(string username) => null;

    public void RecordFailure(string username)
    {
    }
    // </stub-step07-count-failures>
}
