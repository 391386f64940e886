namespace IronSealing;

/// <summary>What <see cref="IronSealer.Unseal{T}"/> found: the caller's value of the seal and its expiry, or why the seal did not open. Only the sealer makes one.</summary>
/// <typeparam name="T">What the caller made of the seal's JSON.</typeparam>
public readonly record struct UnsealResult<T>
    where T : class
{
    private UnsealResult(T? value, DateTimeOffset? expiresAt, UnsealFailure failure, string? reason)
    {
        Value = value;
        ExpiresAt = expiresAt;
        Failure = failure;
        Reason = reason;
    }

    /// <summary>True when the seal opened; then <see cref="Value"/> is what the caller made of its JSON.</summary>
    public bool Success => Failure == UnsealFailure.None && Value is not null;

    /// <summary>The caller's value of the seal's JSON; null when the seal did not open.</summary>
    public T? Value { get; }

    /// <summary>When the seal stops opening, not counting <see cref="IronSealer.ClockSkew"/>; null when it has none, and on every failure.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Why the seal did not open, as a stable value for metrics; <see cref="UnsealFailure.None"/> on success.</summary>
    public UnsealFailure Failure { get; }

    /// <summary>Why the seal did not open, in words for a log; null on success.</summary>
    public string? Reason { get; }

    /// <summary>A seal that opened.</summary>
    /// <param name="value">What the caller made of its JSON.</param>
    /// <param name="expiresAt">The seal's expiry, or null when it has none.</param>
    /// <returns>A successful result.</returns>
    internal static UnsealResult<T> Opened(T value, DateTimeOffset? expiresAt)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, expiresAt, UnsealFailure.None, null);
    }

    /// <summary>A seal that did not open.</summary>
    /// <param name="failure">Why, as a stable value; not <see cref="UnsealFailure.None"/>.</param>
    /// <param name="reason">Why, in words.</param>
    /// <returns>A failed result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failure"/> is <see cref="UnsealFailure.None"/>.</exception>
    internal static UnsealResult<T> Failed(UnsealFailure failure, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(failure, UnsealFailure.None);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(null, null, failure, reason);
    }
}
