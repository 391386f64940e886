using System.Text.Json;
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

    /// <summary>
    /// What a user is, in both directions: the store route accepts exactly what a read accepts from a seal (the
    /// rules of <see cref="JsonFields"/>).
    /// </summary>
    /// <param name="json">The user object.</param>
    /// <param name="problem">Which field is wrong and why, in words a client can act on; null when the user is valid.</param>
    public static SessionUser? From(JsonElement json, out string? problem)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            problem = "a user is a JSON object { id, username, fullName, avatarUrl? }";
            return null;
        }

        // One field at a time, in order, so the answer names the first field to fix.
        string? username = null, fullName = null, avatarUrl = null;
        problem = JsonFields.WholeNumber(json, "id", required: true, out var id, out _)
            ?? JsonFields.Text(json, "username", required: true, out username)
            ?? JsonFields.Text(json, "fullName", required: true, out fullName)
            ?? JsonFields.Text(json, "avatarUrl", required: false, out avatarUrl);
        return problem is null ? new SessionUser { Id = id, Username = username!, FullName = fullName!, AvatarUrl = avatarUrl } : null;
    }
}
