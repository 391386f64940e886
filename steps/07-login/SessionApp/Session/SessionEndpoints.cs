using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace SessionApp.Session;

/// <summary>
/// The session API: the tutorial's store (its mock login), read and destroy. Beyond the tutorial, the login (step 07)
/// and "log out everywhere" (step 08) add their routes beside these, from their own folders.
/// </summary>
public static partial class SessionEndpoints
{
    public const string ReadRoute = "/api/session";
    public const string StoreRoute = ReadRoute + "/store";
    public const string DestroyRoute = ReadRoute + "/destroy";

    /// <summary>A user is a few short strings; anything bigger is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static RouteGroupBuilder MapSession(this IEndpointRouteBuilder app)
    {
        // Every route here answers one browser's session: never cached.
        var group = app.MapGroup(string.Empty).WithTags("Session").DisallowCaching();
        group.RefuseCrossSite(); // from step 05: no POST made by another site

        // The tutorial's store route seals whatever user the browser names: a mock login, which the login feature
        // (step 07) keeps to Development and tests.
        if (app.ServiceProvider.GetRequiredService<IOptions<IronSessionOptions>>().Value.AllowMockLogin)
        {
            group.MapPost(StoreRoute, Store).WithName("StoreSession").WithSummary("Seals the posted user into the session cookie (mock login).");
        }

        group.MapGet(ReadRoute, Read).WithName("ReadSession").WithSummary("The user in the session, with isLogin."); // from step 04
        group.MapPost(DestroyRoute, Destroy).WithName("DestroySession").WithSummary("Clears the session cookie and ends the session."); // from step 05
        return group;
    }

    public static async Task<Ok<SessionView>> Read(HttpContext context, Sessions sessions) =>
        TypedResults.Ok(SessionView.From((await sessions.ReadAsync(context))?.User));

    public static async Task<Results<Ok<EmptyResponse>, ProblemHttpResult>> Store(
        HttpRequest request, Sessions sessions, SessionMetrics metrics, CancellationToken cancellationToken)
    {
        var (body, fault) = await ReadJsonBodyAsync(request, "the user", metrics, cancellationToken);
        if (fault is not null)
        {
            return fault;
        }

        // Our own words for what is wrong, never a parser's message or a .NET type name.
        using var json = JsonFields.Parse(body);
        if (json is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a user",
                "The body is not valid JSON (or repeats a field). Send a user { id, username, fullName, avatarUrl? }.");
        }

        if (SessionUser.From(json.RootElement, out var problem) is not { } user)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a user", $"The body is not a valid user: {problem}.");
        }

        if (await BeginAsync(request, user, sessions, cancellationToken) is { } failed)
        {
            return failed;
        }

        return TypedResults.Ok(new EmptyResponse());
    }

    public static async Task<Results<Ok<EmptyResponse>, ProblemHttpResult>> Destroy(HttpContext context, Sessions sessions)
    {
        try
        {
            await sessions.EndAsync(context);
        }
        catch (SessionsUnavailableException)
        {
            // The browser's cookie is cleared already; a copy of it may still work, and the user is told so.
            return LogoutNotRecorded();
        }

        return TypedResults.Ok(new EmptyResponse());
    }

    /// <summary>The answer to a logout whose cookie was cleared but which a session feature could not record (its store is away).</summary>
    internal static ProblemHttpResult LogoutNotRecorded() =>
        Problem(StatusCodes.Status503ServiceUnavailable, "Logout not recorded",
            "This browser is logged out, but the logout could not be recorded, so a copy of the cookie may still work. Try again shortly.");


    /// <summary>Begins the user's session (store and login alike); the problem to answer when it could not.</summary>
    internal static async Task<ProblemHttpResult?> BeginAsync(HttpRequest request, SessionUser user, Sessions sessions, CancellationToken cancellationToken)
    {
        try
        {
            var tooBig = await sessions.BeginAsync(request.HttpContext, user, cancellationToken);
            return tooBig is null ? null : Problem(StatusCodes.Status400BadRequest, "Session too large", tooBig);
        }
        catch (SessionsUnavailableException e)
        {
            return Unavailable(e);
        }
    }

    /// <summary>The answer to a login whose session could not begin: a session feature's store is away.</summary>
    internal static ProblemHttpResult Unavailable(SessionsUnavailableException e) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "Sessions unavailable", $"{e.Message} Try again shortly.");

    /// <summary>
    /// Reads a JSON body (store's user, login's credentials) of at most <see cref="MaxBodyBytes"/>. A body that is not
    /// JSON is a 415 that says what to send; one that is too big, stalls below Kestrel's minimum data rate or breaks its
    /// chunked framing is the client's fault: a 4xx, counted and logged at Debug without a stack trace, never a 500.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="what">What the body should be, for the 415's words: "the user", "the login".</param>
    /// <param name="metrics">Counts (and logs at Debug) a body the client could not send whole.</param>
    /// <param name="cancellationToken">The request's.</param>
    /// <remarks>Kestrel has its own size limit, but the in-memory test server has none, so the app enforces its own.</remarks>
    internal static async Task<(ReadOnlyMemory<byte> Body, ProblemHttpResult? Fault)> ReadJsonBodyAsync(
        HttpRequest request, string what, SessionMetrics metrics, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (default, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send {what} as JSON, with the header Content-Type: application/json."));
        }

        return await ReadBodyAsync(request, metrics, cancellationToken);
    }

    /// <summary>
    /// Reads a body of at most <see cref="MaxBodyBytes"/>, whatever its type; the problem to answer when it is too big,
    /// too slow, broken, or never arrives whole.
    /// </summary>
    internal static async Task<(ReadOnlyMemory<byte> Body, ProblemHttpResult? Fault)> ReadBodyAsync(
        HttpRequest request, SessionMetrics metrics, CancellationToken cancellationToken)
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
            // Kestrel reports a connection that ended before its Content-Length as a bad request too: the client left.
            var slow = e.StatusCode == StatusCodes.Status408RequestTimeout;
            metrics.BodyRefused(
                slow ? SessionMetrics.BodyReasons.TooSlow
                : request.ContentLength is { } declared && total < declared ? SessionMetrics.BodyReasons.Aborted
                : SessionMetrics.BodyReasons.BadFraming,
                e.Message);
            return (default, slow
                ? Problem(StatusCodes.Status408RequestTimeout, "Body too slow", "The body arrived too slowly; send it again, whole.")
                : Problem(e.StatusCode is >= 400 and < 500 ? e.StatusCode : StatusCodes.Status400BadRequest,
                    "Bad body", "The body could not be read (its framing is broken); send it again."));
        }
        catch (Exception e) when (e is IOException || (e is OperationCanceledException && request.HttpContext.RequestAborted.IsCancellationRequested))
        {
            // The client went away mid-body (a reset, a closed tab): nobody reads the answer, and it is not the app's error.
            metrics.BodyRefused(SessionMetrics.BodyReasons.Aborted, e.Message);
            return (default, Problem(StatusCodes.Status400BadRequest, "Body not received", "The connection closed before the body arrived whole."));
        }

        return total > MaxBodyBytes ? (default, TooLarge()) : (buffer.AsMemory(0, total), null);

        static ProblemHttpResult TooLarge() => Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
            $"The body is over {MaxBodyBytes / 1024} KiB; a user is a few short fields.");
    }

    internal static ProblemHttpResult Problem(int status, string title, string detail) =>
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
