using Microsoft.Extensions.Options;

namespace SessionApp;

/// <summary>
/// When the app refuses to start, it says why in sentences: each setting it refuses, with its fix, on standard error,
/// and exit code 1. Without this, .NET prints "Unhandled exception" and a stack trace (and the host logs another),
/// exit code 134 on Linux: on the projector, and for an operator, the one line that matters is lost in them.
/// A port already in use gets the same treatment; any other failure to start stays as .NET reports it.
/// </summary>
public static class StartupRefusals
{
    private static int _registered;

    public static WebApplicationBuilder AddStartupRefusals(this WebApplicationBuilder builder)
    {
        // The host logs a failed start at Error, with the stack trace; on the console, the refusal below says the same in
        // sentences. (Other log providers still get it: a test reads the reason from there.)
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            {
                if (Explain(e.ExceptionObject as Exception) is { } sentences)
                {
                    Console.Error.WriteLine(sentences);
                    Console.Error.Flush();
                    Environment.Exit(1); // before .NET prints the exception and aborts
                }
            };
        }

        return builder;
    }

    /// <summary>What to tell a person about a failed start, or null when it is not a refusal this app makes.</summary>
    public static string? Explain(Exception? exception)
    {
        var failures = new List<string>();
        string? port = null;
        Walk(exception);
        if (failures.Count > 0)
        {
            return "The app did not start: it refuses these settings.\n"
                + string.Concat(failures.Distinct().Select(f => $"  - {f}\n"))
                + "Set them in appsettings.json or appsettings.{Environment}.json, as environment variables (Session__Password for "
                + "Session:Password), or on the command line (--Session:Password=...), then start the app again.";
        }

        return port is null ? null
            : $"The app did not start: {port}\n"
                + "Another app is using that port (often this app, still running in another terminal, or dotnet watch): stop it, "
                + "or start this one on another port with --urls http://localhost:5081.";

        void Walk(Exception? e)
        {
            switch (e)
            {
                case null:
                    return;
                case OptionsValidationException options:
                    failures.AddRange(options.Failures);
                    break;
                case AggregateException aggregate:
                    aggregate.InnerExceptions.ToList().ForEach(Walk);
                    return;
                case IOException io when io.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException:
                    port ??= io.Message;
                    break;
            }

            Walk(e.InnerException);
        }
    }
}
