using SessionApp.Tests.Infrastructure;

namespace SessionApp.Tests.Commands;

/// <summary>
/// The finished app as a learner runs it with <c>dotnet run</c>: Development (so the cookie is not Secure and plain
/// http works), the public development password, on a real socket. Its address stands in for http://localhost:5080.
/// </summary>
public sealed class DevelopmentApp : IAsyncDisposable
{
    private readonly SessionAppFactory _factory = new() { EnvironmentName = "Development" };

    public DevelopmentApp()
    {
        // No password, as in a learner's Development run: the app falls back to its public development password.
        _factory.Settings.Remove("Session:Password");
        Address = _factory.StartOnLoopback();
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri Address { get; }

    /// <summary>127.0.0.1:port, in place of the documents' localhost:5080.</summary>
    public string Authority => Address.Authority;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
