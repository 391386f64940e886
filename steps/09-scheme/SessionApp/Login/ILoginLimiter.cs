namespace SessionApp.Login;

/// <summary>
/// Limits password guesses. Every login attempt reserves a place against its key before the password is checked, so
/// parallel attempts can never pass the limit together; an attempt whose password was right is given back, so only
/// failures count. The key says whose attempts they are (<see cref="LoginKeys"/>): the username's, or one device's.
/// This step keeps the counts in memory (<see cref="LoginThrottle"/>); several instances need one shared count.
/// </summary>
public interface ILoginLimiter
{
    /// <summary>Reserves one attempt against the key: granted (it now counts), or refused with how long to wait.</summary>
    ValueTask<Reservation> ReserveAsync(string key, CancellationToken cancellationToken);

    /// <summary>Gives back one attempt reserved against the key: its password was right, and successes do not count.</summary>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken);
}

/// <summary>The limiter could not count (its store is away): the login must not go ahead uncounted.</summary>
public sealed class LoginLimiterUnavailableException(Exception inner)
    : Exception($"Failed logins cannot be counted right now ({inner.GetType().Name}).", inner);

/// <summary>The answer to a reservation: granted, or refused for <see cref="RetryAfter"/>.</summary>
public readonly record struct Reservation(bool IsGranted, TimeSpan RetryAfter)
{
    public static Reservation Granted => new(true, TimeSpan.Zero);

    public static Reservation Refused(TimeSpan retryAfter) => new(false, retryAfter);
}

/// <summary>The keys login attempts are counted against.</summary>
public static class LoginKeys
{
    /// <summary>Every attempt for a username that brings no device cookie of it, in any case of the name.</summary>
    public static string User(string username) => "user:" + username.ToLowerInvariant();

    /// <summary>Every attempt from one browser the user has logged in from: its device cookie's nonce.</summary>
    public static string Device(string nonce) => "device:" + nonce;
}
