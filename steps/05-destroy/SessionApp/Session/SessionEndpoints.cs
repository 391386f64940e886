using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SessionApp.Session;

/// <summary>The three session API routes of the tutorial: store, read and destroy.</summary>
public static class SessionEndpoints
{
    public const string ReadRoute = "/api/session";
    public const string StoreRoute = ReadRoute + "/store";
    public const string DestroyRoute = ReadRoute + "/destroy";

    /// <summary>A user is a few short strings; anything bigger is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static RouteGroupBuilder MapSession(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(string.Empty).WithTags("Session").DisallowCaching();

        group.MapGet(ReadRoute, Read).WithName("ReadSession").WithSummary("The user in the session, with isLogin.");
        group.MapPost(StoreRoute, Store).WithName("StoreSession").WithSummary("Seals the posted user into the session cookie.");
        group.MapPost(DestroyRoute, Destroy).WithName("DestroySession").WithSummary("Clears the session cookie.");
        return group;
    }

    public static Ok<SessionView> Read(HttpRequest request, SessionCookies cookies) =>
        TypedResults.Ok(SessionView.From(cookies.Read(request)));

    public static async Task<Results<Ok<EmptyResponse>, ProblemHttpResult>> Store(
        HttpRequest request, SessionCookies cookies, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the user as JSON, with the header Content-Type: application/json.");
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
                $"The body is over {MaxBodyBytes / 1024} KiB; a user is a few short fields.");
        }

        SessionUser? user;
        try
        {
            user = JsonSerializer.Deserialize<SessionUser>(body, SessionSeals.Json);
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a user",
                $"The body is not a user {{ id, username, fullName, avatarUrl? }}: {e.Message}");
        }

        var invalid = user is null ? "the body is null" : Validate(user);
        if (invalid is not null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a user", $"The body is not a valid user: {invalid}.");
        }

        var tooBig = cookies.Write(request.HttpContext.Response, user!);
        if (tooBig is not null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Session too large", tooBig);
        }

        return TypedResults.Ok(new EmptyResponse());
    }

    public static Ok<EmptyResponse> Destroy(HttpResponse response, SessionCookies cookies)
    {
        cookies.Clear(response);
        return TypedResults.Ok(new EmptyResponse());
    }

    private static string? Validate(SessionUser user)
    {
        if (user.Id < 0)
        {
            return "id must not be negative";
        }

        if (string.IsNullOrWhiteSpace(user.Username))
        {
            return "username must not be empty";
        }

        return string.IsNullOrWhiteSpace(user.FullName) ? "fullName must not be empty" : null;
    }

    /// <summary>Reads at most <see cref="MaxBodyBytes"/>; null when the body is bigger.</summary>
    /// <remarks>Kestrel has its own limit, but the in-memory test server has none, so the app enforces its own.</remarks>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length
               && (read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return total > MaxBodyBytes ? null : buffer[..total];
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}

/// <summary>The body of store and destroy: <c>{}</c>, as in the tutorial.</summary>
public sealed record EmptyResponse;

/// <summary>
/// The answer of <c>GET /api/session</c>: the user's fields at the top level plus <c>isLogin</c>,
/// or only <c>{"isLogin":false}</c>.
/// </summary>
public sealed record SessionView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FullName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AvatarUrl,
    bool IsLogin)
{
    public static SessionView From(SessionUser? user) =>
        user is null
            ? new SessionView(null, null, null, null, false)
            : new SessionView(user.Id, user.Username, user.FullName, user.AvatarUrl, true);
}
