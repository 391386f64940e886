using System.Text.Json;
using System.Text.Json.Nodes;

namespace IronSealing.Tests;

/// <summary>
/// Seals that the npm package iron-session (6.3.1 and 8.0.4) made with a fixed clock, kept in iron-session-vectors.json
/// (written by interop/make-vectors.mjs). Theories pass a vector's name and look the vector up here.
/// </summary>
public sealed record Vector(
    string Name, string IronSessionVersion, Dictionary<string, string> Passwords, long TtlSeconds, long NowMs, string Seal, JsonObject Payload)
{
    private static readonly Lazy<Vector[]> All = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "iron-session-vectors.json");
        var doc = JsonNode.Parse(File.ReadAllText(path))!;
        return doc["vectors"].Deserialize<Vector[]>(JsonSerializerOptions.Web)!;
    });

    public static IReadOnlyList<Vector> Each => All.Value;

    public static TheoryData<string> Names() => [.. All.Value.Select(v => v.Name)];

    public static Vector Named(string name) => All.Value.Single(v => v.Name == name);

    /// <summary>The instant iron-session's clock was pinned to when it made the seal.</summary>
    public DateTimeOffset SealedAt => DateTimeOffset.FromUnixTimeMilliseconds(NowMs);

    public TimeSpan TimeToLive => TimeSpan.FromSeconds(TtlSeconds);
}
