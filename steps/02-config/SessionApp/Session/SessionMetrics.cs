using System.Diagnostics.Metrics;
using IronSealing;

namespace SessionApp.Session;

/// <summary>
/// The session's metrics, on a meter made by the app's <see cref="IMeterFactory"/> as ASP.NET Core makes its own, so
/// <c>dotnet-counters monitor -n SessionApp --counters SessionApp.Session</c> (or OpenTelemetry) shows them:
/// how many cookies were treated as no session, and why; how many bytes the verified-seal cache holds.
/// A refused cookie is counted here and logged at Debug only, so a flood of bad cookies cannot flood the log.
/// </summary>
public sealed class SessionMetrics
{
    /// <summary>The meter's name: what <c>dotnet-counters --counters</c> and OpenTelemetry's <c>AddMeter</c> take.</summary>
    public const string MeterName = "SessionApp.Session";

    /// <summary>Counter of session cookies treated as no session, tagged with <see cref="ReasonTag"/>.</summary>
    public const string CookieRejectedName = "session.cookie.rejected";

    /// <summary>Observed: the verified-seal cache's estimated size in bytes (0 when it is off).</summary>
    public const string SealCacheSizeName = "session.seal_cache.size";

    /// <summary>The tag of <see cref="CookieRejectedName"/>: one of <see cref="Reasons"/>, a small closed set.</summary>
    public const string ReasonTag = "reason";

    private readonly Counter<long> _rejected;

    public SessionMetrics(IMeterFactory meterFactory, SessionSeals seals)
    {
        var meter = meterFactory.Create(MeterName);
        _rejected = meter.CreateCounter<long>(
            CookieRejectedName, unit: "{cookie}", description: "Session cookies treated as no session, by reason.");
        meter.CreateObservableUpDownCounter(
            SealCacheSizeName, () => seals.CacheSizeBytes, unit: "By",
            description: "The estimated memory held by the cache of verified seals (Session:SealCacheBytes is its limit).");
    }

    /// <summary>Counts one session cookie treated as no session.</summary>
    /// <param name="reason">
    /// Why, as a tag value: one of <see cref="Reasons"/> (kebab-case, a small closed set, never text from the request),
    /// so the metric keeps a handful of series however many bad cookies arrive.
    /// </param>
    public void CookieRejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));

    /// <summary>The values of the <see cref="ReasonTag"/> tag.</summary>
    public static class Reasons
    {
        /// <summary>The session's JSON is not a user (the sealing library opened it; the JSON did not fit).</summary>
        public const string NotAUser = "not-a-user";

        /// <summary>The session opened but holds no user (a session without <c>user</c>, or <c>"user":null</c>).</summary>
        public const string NoUser = "no-user";

        /// <summary>The request carries more than one cookie of the session's name: one may be planted (cookie tossing).</summary>
        public const string PlantedCookie = "planted-cookie";

        /// <summary>The session's id was revoked by a logout (step 08).</summary>
        public const string Revoked = "revoked";

        /// <summary>"Log out everywhere" ended every session of the user begun before it (step 08).</summary>
        public const string Ended = "ended";

        /// <summary>The session was not used for longer than <see cref="IronSessionOptions.IdleTimeout"/>.</summary>
        public const string Idle = "idle";

        /// <summary>The revocation list could not be read (Redis down): the session fails closed.</summary>
        public const string RevocationsUnavailable = "revocations-unavailable";

        /// <summary>The sealing library's reason, in kebab-case: <see cref="UnsealFailure.MacMismatch"/> is <c>mac-mismatch</c>.</summary>
        public static string Of(UnsealFailure failure) => failure switch
        {
            UnsealFailure.Empty => "empty",
            UnsealFailure.UnknownVersion => "unknown-version",
            UnsealFailure.Malformed => "malformed",
            UnsealFailure.UnknownPasswordId => "unknown-password-id",
            UnsealFailure.BadExpiry => "bad-expiry",
            UnsealFailure.Expired => "expired",
            UnsealFailure.MacMismatch => "mac-mismatch",
            UnsealFailure.BadEncoding => "bad-encoding",
            UnsealFailure.Undecryptable => "undecryptable",
            // A reason the library adds later: counted, under one value, until it gets its own name here.
            _ => "other",
        };
    }
}
