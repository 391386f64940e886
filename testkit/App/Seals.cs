using System.Text;
using IronSealing;
using Microsoft.Extensions.Time.Testing;

namespace SessionApp.Tests.Infrastructure;

/// <summary>The tests' secrets and sessions, and seals made outside the app with the sealing library, to feed it cookies of every kind.</summary>
public static class Seals
{
    /// <summary>
    /// The one password the test apps run with: random characters, so it passes the app's rules outside Development
    /// (step 02, task 3: zxcvbn's estimate over 10^30 guesses). Tests only; it is in this repository, so it is no secret.
    /// </summary>
    public const string Password = "test-only+9fQ2mXvL7cRk4TzW8sNbJ1yHd6GaPe3U0o";

    /// <summary>A second valid password: a rotation's new one, or "someone else's" in a wrong-password test.</summary>
    public const string OtherPassword = "test-only+Vd5Lq8sNwR2zK7cXj4TmB9yPa1GfHe6U3i";

    /// <summary>The tutorial's mock user, as the login page posts it.</summary>
    public const string MockUserJson = """{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com"}""";

    /// <summary>The mock user's session, shaped as iron-session stores it.</summary>
    public const string MockSessionJson = $$"""{"user":{{MockUserJson}}}""";

    public static IronSealer Sealer(string password = Password, TimeProvider? time = null) => new(password, time);

    public static string Seal(string json, string password = Password, TimeProvider? time = null) =>
        Sealer(password, time).Seal(Encoding.UTF8.GetBytes(json), TimeSpan.FromDays(14));

    /// <summary>A seal made at another time, as if the clock said <paramref name="at"/>.</summary>
    public static string SealAt(DateTimeOffset at, string json = MockSessionJson) => Seal(json, time: new FakeTimeProvider(at));

    public static string Open(string seal, string password = Password)
    {
        var opened = Sealer(password).Unseal(seal);
        return opened.Success ? Encoding.UTF8.GetString(opened.Json.Span) : throw new InvalidOperationException(opened.Reason);
    }
}
