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

    /// <summary>Beyond this many usernames with failures, windows that have ended are swept away.</summary>
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long the username must wait before it may try again; null when it may try now.</summary>
    public TimeSpan? RetryAfter(string username)
    {
        if (_failures.TryGetValue(username, out var failures) && failures.Count >= Limit)
        {
            var wait = failures.WindowStart + Window - Now;
            return wait > TimeSpan.Zero ? wait : null;
        }

        return null;
    }

    /// <summary>Counts one failed login for the username.</summary>
    public void RecordFailure(string username)
    {
        var now = Now;
        _failures.AddOrUpdate(
            username,
            _ => new Failures(now, 1),
            (_, failures) => failures.WindowStart + Window <= now ? new Failures(now, 1) : failures with { Count = failures.Count + 1 });

        if (_failures.Count > SweepAbove)
        {
            foreach (var (name, failures) in _failures)
            {
                if (failures.WindowStart + Window <= now)
                {
                    _failures.TryRemove(name, out _);
                }
            }
        }
    }

    private sealed record Failures(DateTimeOffset WindowStart, int Count);
}
