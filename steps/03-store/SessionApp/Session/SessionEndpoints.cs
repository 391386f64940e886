using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SessionApp.Session;

/// <summary>The three session API routes of the tutorial: store, read and destroy.</summary>
public static partial class SessionEndpoints
{
    public const string ReadRoute = "/api/session";
    public const string StoreRoute = ReadRoute + "/store";
    public const string DestroyRoute = ReadRoute + "/destroy";

    /// <summary>A user is a few short strings; anything bigger is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static RouteGroupBuilder MapSession(this IEndpointRouteBuilder app)
    {
        // Every route here answers one browser's session (never cached), and every POST changes it (never cross-site).
        var group = app.MapGroup(string.Empty).WithTags("Session").DisallowCaching().RefuseCrossSite();

        group.MapGet(ReadRoute, Read).WithName("ReadSession").WithSummary("The user in the session, with isLogin.");
        group.MapPost(StoreRoute, Store).WithName("StoreSession").WithSummary("Seals the posted user into the session cookie.");
        group.MapPost(DestroyRoute, Destroy).WithName("DestroySession").WithSummary("Clears the session cookie.");
        return group;
    }

    public static Ok<SessionView> Read(HttpRequest request, SessionCookies cookies) =>
        TypedResults.Ok(SessionView.From(cookies.Read(request)));

    public static async Task<Results<Ok<EmptyResponse>, ProblemHttpResult>> Store(
        HttpRequest request, SessionCookies cookies, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the user as JSON, with the header Content-Type: application/json.");
        }

        var (body, fault) = await ReadBodyAsync(request, loggers.CreateLogger(typeof(SessionEndpoints)), cancellationToken);
        if (fault is not null)
        {
            return fault;
        }

        // Our own words for what is wrong, never a parser's message or a .NET type name.
        using var json = SessionUser.Parse(body);
        if (json is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a user",
                "The body is not valid JSON (or repeats a field). Send a user { id, username, fullName, avatarUrl? }.");
        }

        if (SessionUser.From(json.RootElement, out var problem) is not { } user)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a user", $"The body is not a valid user: {problem}.");
        }

        var tooBig = cookies.Write(request.HttpContext.Response, user);
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

    /// <summary>
    /// Reads at most <see cref="MaxBodyBytes"/>. A body that is too big, stalls below Kestrel's minimum data rate or
    /// breaks its chunked framing is the client's fault: a 4xx, logged as information without a stack trace, never a 500.
    /// </summary>
    /// <remarks>Kestrel has its own size limit, but the in-memory test server has none, so the app enforces its own.</remarks>
    private static async Task<(ReadOnlyMemory<byte> Body, ProblemHttpResult? Fault)> ReadBodyAsync(
        HttpRequest request, ILogger logger, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (default, TooLarge());
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var total = 0;
        try
        {
            int read;
            while (total < buffer.Length
                   && (read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
            {
                total += read;
            }
        }
        catch (BadHttpRequestException e)
        {
            LogBodyFault(logger, e.StatusCode, e.Message);
            return (default, e.StatusCode == StatusCodes.Status408RequestTimeout
                ? Problem(StatusCodes.Status408RequestTimeout, "Body too slow", "The body arrived too slowly; send it again, whole.")
                : Problem(e.StatusCode is >= 400 and < 500 ? e.StatusCode : StatusCodes.Status400BadRequest,
                    "Bad body", "The body could not be read (its framing is broken); send it again."));
        }

        return total > MaxBodyBytes ? (default, TooLarge()) : (buffer.AsMemory(0, total), null);

        static ProblemHttpResult TooLarge() => Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
            $"The body is over {MaxBodyBytes / 1024} KiB; a user is a few short fields.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store refused a body the client could not send whole ({StatusCode}): {Reason}")]
    private static partial void LogBodyFault(ILogger logger, int statusCode, string reason);

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
