using System.Text.Json;
using SessionApp.Session;

namespace SessionApp.Login;

/// <summary>What a login posts: <c>{ "username": "…", "password": "…" }</c>.</summary>
public sealed record Credentials(string Username, string Password)
{
    /// <summary>Parses a login body by the rules of <see cref="JsonFields"/>; null with the reason when it is not a login.</summary>
    public static Credentials? From(ReadOnlyMemory<byte> body, out string? problem)
    {
        using var json = JsonFields.Parse(body);
        if (json is null || json.RootElement.ValueKind != JsonValueKind.Object)
        {
            problem = "send a JSON object { username, password } (each field once)";
            return null;
        }

        string? username = null, password = null;
        problem = JsonFields.Text(json.RootElement, "username", required: true, out username, UserDirectory.MaxUsernameLength)
            ?? JsonFields.Text(json.RootElement, "password", required: true, out password, UserDirectory.MaxPasswordLength);
        return problem is null ? new Credentials(username!, password!) : null;
    }
}
