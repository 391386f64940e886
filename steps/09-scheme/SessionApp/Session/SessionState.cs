using System.Text.Json;

namespace SessionApp.Session;

/// <summary>
/// One browser's session as the app keeps it in the seal: the user, and what lets the server end it before it expires.
/// Sealed as <c>{"user":{...},"sid":"…","iat":…,"seen":…}</c>: <c>user</c> is shaped exactly as iron-session
/// stores its session object, so a Next.js app with the same password reads the user; the other fields are this
/// app's, written only when set, and a Next.js app ignores them.
/// </summary>
/// <param name="User">Who is logged in.</param>
/// <param name="Id">
/// The session's own random id, 128 bits as 32 hex digits, given by a session feature (step 08's revocation list, which
/// revokes it at logout). Null in a seal made without one (by the Next.js app, or before step 08).
/// </param>
/// <param name="IssuedAt">When the user logged in; the absolute lifetime counts from here and is never extended.</param>
/// <param name="SeenAt">When the session was last sealed, for an idle timeout (step 08); null when none keeps it.</param>
/// <param name="ExpiresAt">When the seal itself expires (from the seal, never from the JSON).</param>
public sealed record SessionState(
    SessionUser User,
    string? Id,
    DateTimeOffset? IssuedAt,
    DateTimeOffset? SeenAt,
    DateTimeOffset? ExpiresAt)
{
    public const string UserField = "user";
    public const string IdField = "sid";
    public const string IssuedAtField = "iat";
    public const string SeenAtField = "seen";

    /// <summary>How the user is written: camelCase, as iron-session's JavaScript reads it.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A session id: 32 lowercase hex digits (16 random bytes).</summary>
    public static bool IsSessionId(string? id) =>
        id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>What is sealed: the user, then each of this app's fields that is set (times in Unix seconds).</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(UserField);
            JsonSerializer.Serialize(writer, User, Json);
            if (Id is not null)
            {
                writer.WriteString(IdField, Id);
            }

            if (IssuedAt is { } issued)
            {
                writer.WriteNumber(IssuedAtField, issued.ToUnixTimeSeconds());
            }

            if (SeenAt is { } seen)
            {
                writer.WriteNumber(SeenAtField, seen.ToUnixTimeSeconds());
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The session in an opened seal's JSON, or why there is none: the same rules as the store route (a seal holds a
    /// user only if the route would have accepted it). Only <c>user</c> is required (iron-session's shape); the other
    /// fields, when present, must be what this app writes.
    /// </summary>
    public static OpenedSession Read(ReadOnlyMemory<byte> json, DateTimeOffset? expiresAt)
    {
        using var document = JsonFields.Parse(json);
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return OpenedSession.Refused(SessionMetrics.Reasons.NotAUser, "the session is not a JSON object");
        }

        var root = document.RootElement;
        if (!JsonFields.Has(root, UserField, out var userJson))
        {
            return OpenedSession.Refused(SessionMetrics.Reasons.NoUser, "the session holds no user");
        }

        if (SessionUser.From(userJson, out var userProblem) is not { } user)
        {
            return OpenedSession.Refused(SessionMetrics.Reasons.NotAUser, $"the session's user is not valid: {userProblem}");
        }

        DateTimeOffset? issuedAt = null, seenAt = null;
        var problem = JsonFields.Text(root, IdField, required: false, out var id)
            ?? (id is not null && !IsSessionId(id) ? $"\"{IdField}\" is not a session id" : null)
            ?? Seconds(root, IssuedAtField, out issuedAt)
            ?? Seconds(root, SeenAtField, out seenAt);
        return problem is null
            ? new OpenedSession(new SessionState(user, id, issuedAt, seenAt, expiresAt), null)
            : OpenedSession.Refused(SessionMetrics.Reasons.NotAUser, $"the session's {problem}");
    }

    private static string? Seconds(JsonElement json, string name, out DateTimeOffset? at)
    {
        at = null;
        var problem = JsonFields.WholeNumber(json, name, required: false, out var seconds, out var present);
        if (problem is null && present)
        {
            if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                return $"\"{name}\" is not a time";
            }

            at = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return problem;
    }
}

/// <summary>What a session cookie opened to: the session, or why it is none.</summary>
public sealed record OpenedSession(SessionState? Session, SessionRejection? Rejection)
{
    public static OpenedSession Refused(string reason, string text) => new(null, new SessionRejection(reason, text));
}
