namespace SessionApp.Revocation;

/// <summary>
/// Whether the revocation list answered the last time it was asked, and the log line for each change: one Warning
/// when it stops answering, one Information when it answers again. While it is away every read, login, logout and
/// /healthz hit fails; a line (and a stack trace) for each would bury the one that matters, and let anyone fill the log.
/// </summary>
public sealed partial class RevocationsAvailability(ILogger<RevocationsAvailability> logger)
{
    private int _down;

    /// <summary>Whether the list failed the last time it was asked.</summary>
    public bool IsDown => Volatile.Read(ref _down) == 1;

    /// <summary>The list did not answer: logged when it answered before.</summary>
    public void Failed(string what, Exception exception)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            LogDown(logger, what, exception.GetType().Name, exception.Message);
        }
    }

    /// <summary>The list answered: logged when it had failed before. Costs one read on the way of every request.</summary>
    public void Answered()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1)
        {
            LogBack(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not {What}: the revocation list cannot be reached ({Error}: {Reason}). Until it answers, sessions count as logged out and logins and logouts answer 503; logged once, until it answers again.")]
    private static partial void LogDown(ILogger logger, string what, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The revocation list answers again: sessions, logins and logouts work.")]
    private static partial void LogBack(ILogger logger);
}
