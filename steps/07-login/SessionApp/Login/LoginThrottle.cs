using Microsoft.Extensions.Options;

namespace SessionApp.Login;

/// <summary>
/// The login limiter in this process's memory: at most <see cref="LoginOptions.FailureLimit"/> attempts per key within
/// <see cref="LoginOptions.FailureWindow"/>, counted from the first; after that the key must wait until the window
/// ends. An attempt is reserved before its password is checked and given back when it was right, so successes are
/// neither counted nor slowed. ASP.NET Core's rate-limiting middleware decides before the endpoint runs, so it cannot
/// give back a success: the login endpoint asks here. Each instance counts its own.
/// </summary>
public sealed class LoginThrottle(IOptions<LoginOptions> options, TimeProvider time) : ILoginLimiter
{
    /// <summary>Attempts allowed within a window.</summary>
    private int Limit => options.Value.FailureLimit;

    /// <summary>How long a window lasts, from its first attempt.</summary>
    private TimeSpan Window => options.Value.FailureWindow;

    /// <summary>The app's clock (tests move it).</summary>
    private DateTimeOffset Now => time.GetUtcNow();

    // <stub-step07-count-failures>
    // TODO: Step 07, task 2: reserve each attempt before its password is checked, refuse past the limit, give back the ones that succeed (steps/07-login/README.md#task-2).
    public ValueTask<Reservation> ReserveAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult(Reservation.Granted);

    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    // </stub-step07-count-failures>
}
