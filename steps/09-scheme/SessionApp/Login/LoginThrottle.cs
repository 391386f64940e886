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

    /// <summary>Beyond this many keys, windows that have ended are swept away.</summary>
    private const int SweepAbove = 10_000;

    // One lock around the counts: a check and its update are one step, so parallel attempts cannot both pass the limit.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Attempts> _attempts = new(StringComparer.Ordinal);

    public ValueTask<Reservation> ReserveAsync(string key, CancellationToken cancellationToken)
    {
        var now = Now;
        lock (_gate)
        {
            if (!_attempts.TryGetValue(key, out var attempts) || attempts.WindowStart + Window <= now)
            {
                Sweep(now);
                _attempts[key] = new Attempts(now, 1);
                return ValueTask.FromResult(Reservation.Granted);
            }

            if (attempts.Count >= Limit)
            {
                return ValueTask.FromResult(Reservation.Refused(attempts.WindowStart + Window - now));
            }

            _attempts[key] = attempts with { Count = attempts.Count + 1 };
            return ValueTask.FromResult(Reservation.Granted);
        }
    }

    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_attempts.TryGetValue(key, out var attempts) && attempts.Count > 0)
            {
                _attempts[key] = attempts with { Count = attempts.Count - 1 };
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Sweep(DateTimeOffset now)
    {
        if (_attempts.Count > SweepAbove)
        {
            foreach (var (key, attempts) in _attempts)
            {
                if (attempts.WindowStart + Window <= now)
                {
                    _attempts.Remove(key);
                }
            }
        }
    }

    private sealed record Attempts(DateTimeOffset WindowStart, int Count);
}
