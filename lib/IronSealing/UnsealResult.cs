namespace IronSealing;

/// <summary>What <see cref="IronSealer.Unseal"/> found: the JSON bytes and their expiry, or why there are none.</summary>
/// <remarks>
/// Only <see cref="IronSealer.Unseal"/> (through <see cref="Opened"/> and <see cref="Failed"/>) makes meaningful
/// values; <c>default</c> is a failure without a reason.
/// </remarks>
public readonly record struct UnsealResult
{
    private UnsealResult(bool success, ReadOnlyMemory<byte> json, DateTimeOffset? expiresAt, UnsealFailure failure, string? reason)
    {
        Success = success;
        Json = json;
        ExpiresAt = expiresAt;
        Failure = failure;
        Reason = reason;
    }

    /// <summary>True when the seal opened; then <see cref="Json"/> holds what was sealed.</summary>
    public bool Success { get; }

    /// <summary>The UTF-8 JSON that was sealed, or empty when the seal did not open.</summary>
    /// <remarks>
    /// Read-only memory rather than a byte array: a caller that keeps opened seals (a cache) hands the same bytes to
    /// every reader, and a read-only view means no reader can change what the next one gets. It costs nothing (it
    /// wraps the array <see cref="IronSealer.Unseal"/> decrypted into) and System.Text.Json reads it through
    /// <see cref="ReadOnlyMemory{T}.Span"/>.
    /// </remarks>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>
    /// When the seal stops opening, not counting <see cref="IronSealer.ClockSkew"/>; null when the seal has no expiry
    /// (iron's ttl 0, never expires) and on every failure (an expiry that did not pass the MAC check is not to be trusted).
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Why the seal did not open, as a stable value for metrics; <see cref="UnsealFailure.None"/> on success.</summary>
    public UnsealFailure Failure { get; }

    /// <summary>Why the seal did not open, in words for a log; null on success.</summary>
    public string? Reason { get; }

    /// <summary>A seal that opened.</summary>
    /// <param name="json">The UTF-8 JSON that was sealed.</param>
    /// <param name="expiresAt">The seal's expiry, or null when it has none.</param>
    /// <returns>A successful result.</returns>
    public static UnsealResult Opened(ReadOnlyMemory<byte> json, DateTimeOffset? expiresAt) =>
        new(true, json, expiresAt, UnsealFailure.None, null);

    /// <summary>A seal that did not open.</summary>
    /// <param name="failure">Why, as a stable value; not <see cref="UnsealFailure.None"/>.</param>
    /// <param name="reason">Why, in words.</param>
    /// <returns>A failed result, with empty <see cref="Json"/> and no <see cref="ExpiresAt"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failure"/> is <see cref="UnsealFailure.None"/>.</exception>
    public static UnsealResult Failed(UnsealFailure failure, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(failure, UnsealFailure.None);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(false, ReadOnlyMemory<byte>.Empty, null, failure, reason);
    }
}
