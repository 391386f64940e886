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
    /// What a user is, in both directions: the store route accepts exactly what a read accepts from a seal.
    /// Field names are exact (as iron-session's JavaScript sees them); unknown fields are ignored.
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
        problem = WholeNumber(json, "id", out var id)
            ?? Text(json, "username", required: true, out username)
            ?? Text(json, "fullName", required: true, out fullName)
            ?? Text(json, "avatarUrl", required: false, out avatarUrl);
        return problem is null ? new SessionUser { Id = id, Username = username!, FullName = fullName!, AvatarUrl = avatarUrl } : null;
    }

    /// <summary>Parses JSON text strictly: a repeated field is an error, not a choice between two values.</summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 8 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? WholeNumber(JsonElement json, string name, out long value)
    {
        value = 0;
        if (!json.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return $"\"{name}\" is required";
        }

        if (field.ValueKind != JsonValueKind.Number || !field.TryGetInt64(out value))
        {
            return $"\"{name}\" must be a whole number, like 23";
        }

        return value < 0 ? $"\"{name}\" must not be negative" : null;
    }

    private static string? Text(JsonElement json, string name, bool required, out string? value)
    {
        value = null;
        if (!json.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return required ? $"\"{name}\" is required" : null;
        }

        if (field.ValueKind != JsonValueKind.String)
        {
            return $"\"{name}\" must be a string";
        }

        return StringOf(field, name, out value)
            ?? (required && string.IsNullOrWhiteSpace(value) ? $"\"{name}\" must not be empty" : null);
    }

    /// <summary>A JSON string field's text; the problem instead when its bytes are not valid UTF-8.</summary>
    /// <param name="field">A field whose kind is <see cref="JsonValueKind.String"/>.</param>
    /// <param name="name">The field's name, for the problem's words.</param>
    /// <param name="value">The text; null when there is a problem.</param>
    internal static string? StringOf(JsonElement field, string name, out string? value)
    {
        try
        {
            value = field.GetString();
            return null;
        }
        catch (InvalidOperationException)
        {
            // The parser checks a string's bytes only when it is read: broken UTF-8 is the client's mistake, not a 500.
            value = null;
            return $"\"{name}\" must be text (its bytes are not valid UTF-8)";
        }
    }
}
