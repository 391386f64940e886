namespace SessionApp.Tests.Infrastructure;

public static class Startup
{
    /// <summary>
    /// Starts the app and returns why it refused to start, or null when it started.
    /// </summary>
    /// <remarks>
    /// The host logs the real reason before it stops. The exception the test factory throws can be a later,
    /// less useful one (a disposed service provider, when the app's own thread stops the host first),
    /// so both are collected.
    /// </remarks>
    public static string? Error(SessionAppFactory factory)
    {
        try
        {
            using var client = factory.CreateClient();
            return null;
        }
        catch (Exception e)
        {
            // Any exception is the answer here: it is what a learner would see on the console.
            var messages = factory.Logs.GetSnapshot()
                .Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Error)
                .Select(r => r.Exception is null ? r.Message : $"{r.Message}: {r.Exception.Message}")
                .ToList();
            for (Exception? x = e; x is not null; x = x.InnerException)
            {
                messages.Add(x.Message);
            }

            return string.Join(Environment.NewLine, messages);
        }
    }

    /// <summary>
    /// Starts the app and returns why it refused; when it started instead, fails with <paramref name="meaning"/> first
    /// (what is wrong, then the step, the task and where to read), not with Shouldly's "should not be null".
    /// </summary>
    public static string Refusal(SessionAppFactory factory, string meaning) =>
        Error(factory) ?? throw new Shouldly.ShouldAssertException(meaning);
}
