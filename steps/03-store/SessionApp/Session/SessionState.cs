using System.Text.Json;
using System.Text.Json.Serialization;

namespace SessionApp.Session;

/// <summary>
/// One browser's session as the app keeps it in the seal: the user, and what lets the server end it before it expires.
/// </summary>
/// <param name="User">Who is logged in.</param>
/// <param name="Id">
/// The session's own random id, 128 bits as 32 hex digits (step 08): what a logout revokes. Null in a seal made
/// without one (by the Next.js app, or before step 08), which only its expiry or "log out everywhere" can end.
/// </param>
/// <param name="IssuedAt">When the user logged in; the absolute lifetime counts from here and is never extended.</param>
/// <param name="SeenAt">When the session was last sealed (at login, then at most once a minute while in use): the idle timeout counts from here.</param>
/// <param name="Version">The user's session version when this session began: "log out everywhere" raises it, ending every older session.</param>
/// <param name="ExpiresAt">When the seal itself expires (from the seal, never from the JSON).</param>
public sealed record SessionState(
    SessionUser User,
    string? Id,
    DateTimeOffset? IssuedAt,
    DateTimeOffset? SeenAt,
    long Version,
    DateTimeOffset? ExpiresAt)
{
    /// <summary>A session id: 32 lowercase hex digits (16 random bytes).</summary>
    public static bool IsSessionId(string? id) =>
        id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>
    /// The session in a seal's JSON: <c>{"user":{...},"sid":"…","iat":…,"seen":…,"ver":…}</c>. Only <c>user</c> is
    /// required (iron-session's shape); the other fields, when present, must be what this app writes.
    /// </summary>
    /// <param name="json">The seal's JSON root.</param>
    /// <param name="expiresAt">The seal's expiry.</param>
    /// <param name="problem">What is wrong, in words for the log; null when the session is valid.</param>
    /// <param name="noUser">True when the JSON is a session without a user (logged out in the Next.js app, say).</param>
    public static SessionState? From(JsonElement json, DateTimeOffset? expiresAt, out string? problem, out bool noUser)
    {
        noUser = false;
        if (json.ValueKind != JsonValueKind.Object)
        {
            problem = "the session is not a JSON object";
            return null;
        }

        if (!json.TryGetProperty("user", out var userJson))
        {
            noUser = true;
            problem = "the session holds no user";
            return null;
        }

        if (SessionUser.From(userJson, out var userProblem) is not { } user)
        {
            problem = $"the session's user is not valid: {userProblem}";
            return null;
        }

        string? id = null;
        if (json.TryGetProperty(SessionData.IdField, out var idJson) && idJson.ValueKind != JsonValueKind.Null)
        {
            id = idJson.ValueKind == JsonValueKind.String ? idJson.GetString() : null;
            if (!IsSessionId(id))
            {
                problem = $"the session's \"{SessionData.IdField}\" is not a session id";
                return null;
            }
        }

        DateTimeOffset? issuedAt = null, seenAt = null;
        long version = 0;
        problem = Seconds(json, SessionData.IssuedAtField, out issuedAt)
            ?? Seconds(json, SessionData.SeenAtField, out seenAt)
            ?? Count(json, SessionData.VersionField, out version);
        return problem is null ? new SessionState(user, id, issuedAt, seenAt, version, expiresAt) : null;
    }

    /// <summary>What is sealed: <see cref="SessionData"/>.</summary>
    public SessionData ToData() =>
        new(User, Id, IssuedAt?.ToUnixTimeSeconds(), SeenAt?.ToUnixTimeSeconds(), Version);

    private static string? Seconds(JsonElement json, string name, out DateTimeOffset? at)
    {
        at = null;
        var problem = Count(json, name, out var seconds, present: out var present);
        if (problem is null && present)
        {
            if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                return $"the session's \"{name}\" is not a time";
            }

            at = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return problem;
    }

    private static string? Count(JsonElement json, string name, out long value) => Count(json, name, out value, out _);

    private static string? Count(JsonElement json, string name, out long value, out bool present)
    {
        value = 0;
        present = json.TryGetProperty(name, out var field) && field.ValueKind != JsonValueKind.Null;
        if (!present)
        {
            return null;
        }

        return field.ValueKind == JsonValueKind.Number && field.TryGetInt64(out value) && value >= 0
            ? null
            : $"the session's \"{name}\" must be a whole number from 0 up";
    }
}

/// <summary>
/// The sealed payload. Its <c>user</c> is shaped exactly as iron-session stores its session object (<c>{"user":{...}}</c>),
/// so a Next.js app with the same password reads the user; the other fields are this app's, and a Next.js app ignores
/// them (it does not check revocation, the idle timeout or "log out everywhere").
/// </summary>
public sealed record SessionData(
    SessionUser? User,
    [property: JsonPropertyName(SessionData.IdField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null,
    [property: JsonPropertyName(SessionData.IssuedAtField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? IssuedAt = null,
    [property: JsonPropertyName(SessionData.SeenAtField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? SeenAt = null,
    [property: JsonPropertyName(SessionData.VersionField), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long Version = 0)
{
    public const string IdField = "sid";
    public const string IssuedAtField = "iat";
    public const string SeenAtField = "seen";
    public const string VersionField = "ver";
}
