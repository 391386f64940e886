using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using SessionApp.Session;

namespace SessionApp.Login;

/// <summary>
/// What a login posts: <c>{ "username": "…", "password": "…" }</c> from the page's script, or the same two fields
/// form-encoded when the browser submits the form itself (no JavaScript).
/// </summary>
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

    /// <summary>
    /// Parses a form-encoded login (<c>username=…&amp;password=…</c>) by the same rules as JSON: each field once, text,
    /// not empty, not too long; other fields are ignored. Null with the reason when it is not a login.
    /// </summary>
    public static Credentials? FromForm(ReadOnlyMemory<byte> body, out string? problem)
    {
        Dictionary<string, StringValues> fields;
        try
        {
            // Strict UTF-8: a form's bytes are ASCII (the rest is %-escaped); anything else is not a browser's form.
            using var reader = new FormReader(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Span))
            {
                ValueCountLimit = 16,
            };
            fields = reader.ReadForm();
        }
        catch (Exception e) when (e is DecoderFallbackException or InvalidDataException)
        {
            problem = "send a form with the fields username and password (each once)";
            return null;
        }

        string? username = null, password = null;
        problem = Field(fields, "username", UserDirectory.MaxUsernameLength, out username)
            ?? Field(fields, "password", UserDirectory.MaxPasswordLength, out password);
        return problem is null ? new Credentials(username!, password!) : null;

        static string? Field(Dictionary<string, StringValues> fields, string name, int maxLength, out string? value)
        {
            value = null;
            if (!fields.TryGetValue(name, out var values))
            {
                return $"\"{name}\" is required";
            }

            if (values.Count != 1)
            {
                return $"\"{name}\" must be sent once";
            }

            value = values[0] ?? string.Empty;
            return JsonFields.TextRule(name, value, required: true, maxLength);
        }
    }
}
