using System.Diagnostics.Metrics;
using IronSealing;
using Microsoft.Extensions.Options;

namespace SessionApp.Session;

/// <summary>
/// The session's metrics, on a meter made by the app's <see cref="IMeterFactory"/> as ASP.NET Core makes its own, so
/// <c>dotnet-counters monitor -n SessionApp --counters SessionApp.Session</c> (or OpenTelemetry) shows them:
/// how many sessions began, and how many cookies were treated as no session, and why (a session feature adds its own reasons).
/// A refused cookie is counted here and logged at Debug only, so a flood of bad cookies cannot flood the log.
/// </summary>
public sealed partial class SessionMetrics
{
    /// <summary>The meter's name: what <c>dotnet-counters --counters</c> and OpenTelemetry's <c>AddMeter</c> take.</summary>
    public const string MeterName = "SessionApp.Session";

    /// <summary>Counter of session cookies treated as no session, tagged with <see cref="ReasonTag"/>.</summary>
    public const string CookieRejectedName = "session.cookie.rejected";

    /// <summary>The tag of <see cref="CookieRejectedName"/>: one of <see cref="Reasons"/>, a small closed set.</summary>
    public const string ReasonTag = "reason";

    /// <summary>Counter of sessions begun (logins, mock or real).</summary>
    public const string SessionBegunName = "session.begun";

    /// <summary>Counter of request bodies the session API could not receive whole, tagged with <see cref="ReasonTag"/>: one of <see cref="BodyReasons"/>.</summary>
    public const string BodyRefusedName = "session.body.refused";

    private readonly Counter<long> _rejected;
    private readonly Counter<long> _begun;
    private readonly Counter<long> _bodyRefused;
    private readonly ILogger<SessionMetrics> _logger;
    private readonly string _cookieName;

    public SessionMetrics(IMeterFactory meterFactory, ILogger<SessionMetrics> logger, IOptions<IronSessionOptions> options)
    {
        _logger = logger;
        _cookieName = options.Value.CookieName;
        var meter = meterFactory.Create(MeterName);
        _begun = meter.CreateCounter<long>(SessionBegunName, unit: "{session}", description: "Sessions begun.");
        _bodyRefused = meter.CreateCounter<long>(
            BodyRefusedName, unit: "{request}", description: "Request bodies the session API could not receive whole, by reason.");
        _rejected = meter.CreateCounter<long>(
            CookieRejectedName, unit: "{cookie}", description: "Session cookies treated as no session, by reason.");
    }

    /// <summary>Counts one session begun.</summary>
    public void SessionBegun() => _begun.Add(1);

    /// <summary>
    /// Records why a cookie counts as no session: the browser is told nothing, the operator is. Counted under the
    /// reason's tag (kebab-case, a small closed set, never text from the request, so the metric keeps a handful of
    /// series however many bad cookies arrive), and logged at Debug only, so a flood of bad cookies costs a counter,
    /// not a log line each.
    /// </summary>
    public void CookieRejected(SessionRejection rejection)
    {
        _rejected.Add(1, new KeyValuePair<string, object?>(ReasonTag, rejection.Reason));
        LogRejected(_logger, _cookieName, rejection.Text);
    }

    /// <summary>
    /// Records a body the client did not send whole (too slow, broken framing, gone mid-body): the client's fault, so a
    /// counter and a Debug line, never an Error with a stack trace that anyone could make the app write in a loop.
    /// </summary>
    public void BodyRefused(string reason, string detail)
    {
        _bodyRefused.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));
        LogBodyRefused(_logger, reason, detail);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The session API could not receive a body whole ({Reason}): {Detail}")]
    private static partial void LogBodyRefused(ILogger logger, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session cookie {CookieName} treated as no session: {Reason}")]
    private static partial void LogRejected(ILogger logger, string cookieName, string reason);

    /// <summary>The values of the <see cref="ReasonTag"/> tag on <see cref="BodyRefusedName"/>.</summary>
    public static class BodyReasons
    {
        /// <summary>The body came slower than Kestrel's minimum data rate (408).</summary>
        public const string TooSlow = "too-slow";

        /// <summary>The body's framing was broken (bad chunked encoding, 400).</summary>
        public const string BadFraming = "bad-framing";

        /// <summary>The client closed or reset the connection before the body was whole.</summary>
        public const string Aborted = "aborted";
    }

    /// <summary>The values of the <see cref="ReasonTag"/> tag.</summary>
    public static class Reasons
    {
        /// <summary>The session's JSON is not a user (the sealing library opened it; the JSON did not fit).</summary>
        public const string NotAUser = "not-a-user";

        /// <summary>The session opened but holds no user (a session without <c>user</c>, or <c>"user":null</c>).</summary>
        public const string NoUser = "no-user";

        /// <summary>The request carries more than one cookie of the session's name: one may be planted (cookie tossing).</summary>
        public const string PlantedCookie = "planted-cookie";

        /// <summary>The cookie is longer than any Set-Cookie this app sends could hold: refused before it is parsed.</summary>
        public const string TooLong = "too-long";

        /// <summary>The session says it began or was last used later than now, beyond the clock skew: sealed by a password holder.</summary>
        public const string FromTheFuture = "from-the-future";

        /// <summary>A session feature's store (step 08's revocation list in Redis, say) could not be read: the session fails closed.</summary>
        public const string StoreUnavailable = "revocations-unavailable";

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
