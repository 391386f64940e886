using System.Text;
using SessionApp.Sealing;

namespace SessionApp.Tests.Infrastructure;

/// <summary>Seals made outside the app, with the app's own sealing service, to feed it cookies of every kind.</summary>
public static class Seals
{
    public const string CookieName = "workshop_auth";

    public const string MockSessionJson = """{"user":{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com"}}""";

    public static IronSealer Sealer(string password = SessionAppFactory.TestPassword, TimeProvider? time = null) =>
        new(new Dictionary<int, string> { [1] = password }, time ?? TimeProvider.System);

    public static string Seal(string json, string password = SessionAppFactory.TestPassword, TimeProvider? time = null) =>
        Sealer(password, time).Seal(Encoding.UTF8.GetBytes(json), TimeSpan.FromDays(14));

    public static string Open(string seal, string password = SessionAppFactory.TestPassword)
    {
        var opened = Sealer(password).Unseal(seal);
        return opened.Success ? Encoding.UTF8.GetString(opened.Json) : throw new InvalidOperationException(opened.Reason);
    }
}
