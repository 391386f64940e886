using System.Text.Json;
using SessionApp.Session;

namespace SessionApp.Login;

/// <summary>What a login posts: <c>{ "username": "…", "password": "…" }</c>.</summary>
public sealed record Credentials(string Username, string Password)
{
    /// <summary>Parses a login body strictly (a repeated field is an error); null with the reason when it is not a login.</summary>
    public static Credentials? From(ReadOnlyMemory<byte> body, out string? problem)
    {
        using var json = SessionUser.Parse(body);
        if (json is null || json.RootElement.ValueKind != JsonValueKind.Object)
        {
            problem = "send a JSON object { username, password } (each field once)";
            return null;
        }

        string? username = null, password = null;
        problem = Text(json.RootElement, "username", UserDirectory.MaxUsernameLength, out username)
            ?? Text(json.RootElement, "password", UserDirectory.MaxPasswordLength, out password);
        return problem is null ? new Credentials(username!, password!) : null;
    }

    private static string? Text(JsonElement json, string name, int maxLength, out string? value)
    {
        value = null;
        if (!json.TryGetProperty(name, out var field) || field.ValueKind != JsonValueKind.String)
        {
            return $"\"{name}\" is required, as a string";
        }

        return SessionUser.StringOf(field, name, out value)
            ?? (string.IsNullOrEmpty(value) ? $"\"{name}\" must not be empty"
                : value.Length > maxLength ? $"\"{name}\" is over {maxLength} characters"
                : null);
    }
}
