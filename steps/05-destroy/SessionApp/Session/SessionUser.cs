using System.Text.Json.Serialization;

namespace SessionApp.Session;

/// <summary>The user kept in the session: the tutorial's <c>IUser</c>.</summary>
public sealed record SessionUser
{
    public required long Id { get; init; }

    public required string Username { get; init; }

    public required string FullName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AvatarUrl { get; init; }
}

/// <summary>
/// The sealed payload, shaped exactly as iron-session stores its session object (<c>{"user":{...}}</c>),
/// so a Next.js app and this one can open each other's cookies.
/// </summary>
public sealed record SessionData(SessionUser? User);
