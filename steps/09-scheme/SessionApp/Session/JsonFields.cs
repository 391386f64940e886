using System.Text.Json;

namespace SessionApp.Session;

/// <summary>
/// The one reader of JSON fields for everything the app takes as JSON: the store route's user, a seal's session, a
/// login's credentials. Its rules, stated once: the text is parsed strictly (a repeated field is an error, not a choice
/// between two values; at most 8 levels deep); field names are exact, as JavaScript sees them, and unknown fields are
/// ignored; a field that is absent or <c>null</c> counts as absent; a string must be valid UTF-8; a whole number is a
/// 64-bit integer from 0 up. Each reader answers the field's value, or the problem in words a client can act on.
/// </summary>
public static class JsonFields
{
    /// <summary>Parses JSON text strictly; null when it is not JSON, repeats a field or nests too deep.</summary>
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

    /// <summary>Whether the field is there (present and not <c>null</c>).</summary>
    public static bool Has(JsonElement json, string name, out JsonElement field) =>
        json.TryGetProperty(name, out field) && field.ValueKind != JsonValueKind.Null;

    /// <summary>A string field: required ones must not be blank; <paramref name="maxLength"/> bounds its characters.</summary>
    public static string? Text(JsonElement json, string name, bool required, out string? value, int maxLength = int.MaxValue)
    {
        value = null;
        if (!Has(json, name, out var field))
        {
            return required ? $"\"{name}\" is required" : null;
        }

        if (field.ValueKind != JsonValueKind.String)
        {
            return $"\"{name}\" must be a string";
        }

        try
        {
            value = field.GetString();
        }
        catch (InvalidOperationException)
        {
            // The parser checks a string's bytes only when it is read: broken UTF-8 is the client's mistake, not a 500.
            return $"\"{name}\" must be text (its bytes are not valid UTF-8)";
        }

        return TextRule(name, value!, required, maxLength);
    }

    /// <summary>
    /// The rule for a text value, wherever it came from (a JSON string, a form field): a required one must not be
    /// blank, and none may be longer than <paramref name="maxLength"/>. The problem in words, or null.
    /// </summary>
    public static string? TextRule(string name, string value, bool required, int maxLength = int.MaxValue) =>
        required && string.IsNullOrWhiteSpace(value) ? $"\"{name}\" must not be empty"
            : value.Length > maxLength ? $"\"{name}\" is over {maxLength} characters"
            : null;

    /// <summary>A whole-number field, from 0 up; <paramref name="present"/> says whether it was there at all.</summary>
    public static string? WholeNumber(JsonElement json, string name, bool required, out long value, out bool present)
    {
        value = 0;
        present = Has(json, name, out var field);
        if (!present)
        {
            return required ? $"\"{name}\" is required" : null;
        }

        if (field.ValueKind != JsonValueKind.Number || !field.TryGetInt64(out value))
        {
            return $"\"{name}\" must be a whole number, like 23";
        }

        return value < 0 ? $"\"{name}\" must not be negative" : null;
    }
}
