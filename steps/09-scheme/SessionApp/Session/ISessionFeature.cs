namespace SessionApp.Session;

/// <summary>
/// A feature that takes part in every session's life, registered in DI: <see cref="Sessions"/> runs each one. It may
/// add to a session as it begins, refuse (or renew) one when it is read, and hear when one ends. The revocation list
/// and the idle timeout (step 08) plug in here, so no later step rewrites the session code of steps 03 to 05.
/// </summary>
public interface ISessionFeature
{
    /// <summary>Adds what this feature keeps in a new session (an id, say); the session as given when it keeps nothing.</summary>
    /// <exception cref="SessionsUnavailableException">The feature's store cannot be reached: the login answers 503.</exception>
    ValueTask<SessionState> BeginAsync(SessionState session, CancellationToken cancellationToken) => ValueTask.FromResult(session);

    /// <summary>Whether a session that opened may still be used: accepted, refused with a reason, or renewed.</summary>
    /// <exception cref="SessionsUnavailableException">The feature's store cannot be reached: the session is refused (fail closed).</exception>
    ValueTask<SessionCheck> CheckAsync(SessionState session, DateTimeOffset now, CancellationToken cancellationToken) => ValueTask.FromResult(SessionCheck.Accept);

    /// <summary>Hears that a session logged out (its cookie is cleared already).</summary>
    /// <exception cref="SessionsUnavailableException">The logout could not be recorded: the logout answers 503.</exception>
    ValueTask EndAsync(SessionState session, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>What a feature says about a session that opened: use it, refuse it (<see cref="Rejection"/>), or seal it again as <see cref="Renewed"/>.</summary>
public readonly record struct SessionCheck(SessionRejection? Rejection, SessionState? Renewed)
{
    public static SessionCheck Accept => default;

    public static SessionCheck Refuse(string reason, string text) => new(new SessionRejection(reason, text), null);

    public static SessionCheck Renew(SessionState session) => new(null, session);
}

/// <summary>Why a cookie gives no session.</summary>
/// <param name="Reason">A stable kebab-case value from a small closed set, for metrics (<see cref="SessionMetrics.Reasons"/> and each feature's own).</param>
/// <param name="Text">The same, in words, for the log.</param>
public sealed record SessionRejection(string Reason, string Text)
{
    public override string ToString() => Text;
}

/// <summary>A store a session feature needs (Redis, say) cannot be reached: the request gets a 503, never a 500.</summary>
public sealed class SessionsUnavailableException(string message, Exception inner) : Exception(message, inner);
