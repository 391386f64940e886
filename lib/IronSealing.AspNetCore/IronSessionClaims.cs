using System.Globalization;
using System.Security.Claims;
using System.Text.Json;

namespace IronSealing.AspNetCore;

/// <summary>
/// How the session's user becomes claims, and claims become the session's user. Each property of the user object
/// is a claim, and back:
/// <list type="bullet">
/// <item><c>id</c> is <see cref="ClaimTypes.NameIdentifier"/>, <c>username</c> is <see cref="ClaimTypes.Name"/> (so
/// <c>User.Identity.Name</c> is the username), <c>email</c> is <see cref="ClaimTypes.Email"/> and <c>roles</c> (an
/// array) is <see cref="ClaimTypes.Role"/> (so <c>IsInRole</c> and role policies work); every other property keeps its
/// name as the claim type.</item>
/// <item>A string is a <see cref="ClaimValueTypes.String"/> claim, a whole number <see cref="ClaimValueTypes.Integer64"/>,
/// another number <see cref="ClaimValueTypes.Double"/>, true or false <see cref="ClaimValueTypes.Boolean"/>; each goes
/// back as the same JSON type, so <c>{"id":23}</c> stays a number for the Next.js side.</item>
/// <item>An array of such values is one claim per value (roles), and goes back as an array when a claim type appears
/// more than once. An object, or an array of objects, is one claim holding its JSON (<see cref="JsonValueType"/>).
/// <c>null</c> is left out.</item>
/// </list>
/// </summary>
public static class IronSessionClaims
{
    /// <summary>The value type of a claim that holds JSON text (the same name IdentityModel uses).</summary>
    public const string JsonValueType = "JSON";

    private static readonly Dictionary<string, string> ToClaimType = new(StringComparer.Ordinal)
    {
        ["id"] = ClaimTypes.NameIdentifier,
        ["username"] = ClaimTypes.Name,
        ["email"] = ClaimTypes.Email,
        ["roles"] = ClaimTypes.Role,
    };

    private static readonly Dictionary<string, string> ToProperty = ToClaimType.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The claims of a user object; none when it is not an object.</summary>
    public static IReadOnlyList<Claim> FromUser(JsonElement user, string issuer)
    {
        var claims = new List<Claim>();
        if (user.ValueKind != JsonValueKind.Object)
        {
            return claims;
        }

        foreach (var property in user.EnumerateObject())
        {
            var type = ToClaimType.GetValueOrDefault(property.Name, property.Name);
            var values = property.Value.ValueKind == JsonValueKind.Array && property.Value.EnumerateArray().All(IsScalar)
                ? property.Value.EnumerateArray()
                : Enumerable.Repeat(property.Value, 1);
            foreach (var value in values)
            {
                if (ToClaim(type, value, issuer) is { } claim)
                {
                    claims.Add(claim);
                }
            }
        }

        return claims;
    }

    /// <summary>The user object of a principal's claims (all its identities'), as UTF-8 JSON.</summary>
    public static void WriteUser(Utf8JsonWriter writer, ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(principal);
        writer.WriteStartObject();
        foreach (var group in principal.Claims.GroupBy(c => c.Type, StringComparer.Ordinal))
        {
            writer.WritePropertyName(ToProperty.GetValueOrDefault(group.Key, group.Key));
            var claims = group.ToList();
            var array = claims.Count > 1 || group.Key == ClaimTypes.Role; // roles are always an array
            if (array)
            {
                writer.WriteStartArray();
            }

            foreach (var claim in claims)
            {
                WriteValue(writer, claim);
            }

            if (array)
            {
                writer.WriteEndArray();
            }
        }

        writer.WriteEndObject();
    }

    private static bool IsScalar(JsonElement value) => value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    private static Claim? ToClaim(string type, JsonElement value, string issuer) => value.ValueKind switch
    {
        JsonValueKind.String => new Claim(type, value.GetString()!, ClaimValueTypes.String, issuer),
        JsonValueKind.Number when value.TryGetInt64(out var whole) => new Claim(type, whole.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64, issuer),
        JsonValueKind.Number => new Claim(type, value.GetRawText(), ClaimValueTypes.Double, issuer),
        JsonValueKind.True or JsonValueKind.False => new Claim(type, value.GetBoolean() ? "true" : "false", ClaimValueTypes.Boolean, issuer),
        JsonValueKind.Object or JsonValueKind.Array => new Claim(type, value.GetRawText(), JsonValueType, issuer),
        _ => null,
    };

    private static void WriteValue(Utf8JsonWriter writer, Claim claim)
    {
        switch (claim.ValueType)
        {
            case ClaimValueTypes.Integer64 or ClaimValueTypes.Integer or ClaimValueTypes.Integer32
                when long.TryParse(claim.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole):
                writer.WriteNumberValue(whole);
                break;
            case ClaimValueTypes.Double when double.TryParse(claim.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case ClaimValueTypes.Boolean when bool.TryParse(claim.Value, out var flag):
                writer.WriteBooleanValue(flag);
                break;
            case JsonValueType:
                using (var document = JsonDocument.Parse(claim.Value))
                {
                    document.RootElement.WriteTo(writer);
                }

                break;
            default:
                writer.WriteStringValue(claim.Value);
                break;
        }
    }
}
