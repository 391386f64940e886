using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SessionApp.Tests.Infrastructure;
using Shouldly;
using Workshop.Testkit;

namespace SessionApp.Tests.Interop;

/// <summary>
/// Maintainers' evidence that the app's cookie (not only its seal: the name, the percent-encoding, the JSON shape)
/// and a Next.js app's iron-session cookie are interchangeable. The sealing library's own tests cover the format.
/// </summary>
public sealed class AppInteropTests
{
    public sealed record Vector(string Name, string IronSessionVersion, Dictionary<string, string> Passwords, long TtlSeconds, long NowMs, string Seal, JsonObject Payload);

    private static readonly Lazy<Vector[]> Vectors = new(() =>
        JsonNode.Parse(File.ReadAllText(IronSessionCli.VectorsFile))!["vectors"].Deserialize<Vector[]>(JsonSerializerOptions.Web)!);

    public static TheoryData<string> VectorNames() => [.. Vectors.Value.Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(VectorNames))]
    public async Task The_app_reads_a_cookie_set_by_iron_session(string name)
    {
        var vector = Vectors.Value.Single(v => v.Name == name);
        using var factory = new SessionAppFactory { Clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(vector.NowMs)) };
        factory.Settings.Remove("Session:Password");
        foreach (var (id, password) in vector.Passwords)
        {
            factory.Settings[$"Session:Passwords:{id}"] = password;
        }

        using var client = factory.ClientWithCookie($"{factory.CookieName}={vector.Seal}");
        var session = await (await client.ReadAsync()).JsonAsync();

        if (vector.Payload["user"] is { } user)
        {
            session.GetProperty("isLogin").GetBoolean().ShouldBeTrue();
            session.GetProperty("username").GetString().ShouldBe(user["username"]!.GetValue<string>());
        }
        else
        {
            session.GetRawText().ShouldBe("""{"isLogin":false}""", "iron-session's empty session is not a login");
        }
    }

    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    public async Task Live_a_cookie_the_app_sets_opens_in_iron_session(int version)
    {
        using var factory = new SessionAppFactory();
        using var client = factory.CreateClient();
        using var stored = await client.StoreAsync(Http.MockUser);
        await stored.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var cookie = Http.CookieValue(stored.SetCookie(factory.CookieName)!);

        var answer = await IronSessionCli.RunAsync(new { op = "unseal", version, password = Seals.Password, seal = cookie });

        // The user as iron-session stores it; the app's own fields (session id, times) sit beside it, unread by iron-session.
        JsonNode.DeepEquals(answer["data"]!["user"], JsonNode.Parse(Seals.MockUserJson)).ShouldBeTrue(answer.ToJsonString());
    }

    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    public async Task Live_a_cookie_iron_session_seals_now_reads_as_logged_in(int version)
    {
        var answer = await IronSessionCli.RunAsync(new
        {
            op = "seal", version, password = Seals.Password, ttl = 1209600, data = JsonNode.Parse(Seals.MockSessionJson),
        });
        using var factory = new SessionAppFactory();
        using var client = factory.ClientWithCookie($"{factory.CookieName}={answer["seal"]!.GetValue<string>()}");

        var session = await (await client.ReadAsync()).JsonAsync();

        session.GetRawText().ShouldBe($$"""{{Seals.MockUserJson[..^1]}},"isLogin":true}""");
    }
}
