using System.Text.Json.Serialization;

// GET /api/session with the body the app answers for the benchmark's user, serialised on every request as the app
// does (TypedResults.Ok of a record, System.Text.Json web defaults), marked no-store as the app marks it. No cookie is
// read, no seal opened, no middleware of its own: the host of the minimal-API template (WebApplication.CreateBuilder) and
// one endpoint, so what is left is what any minimal-API endpoint costs on this machine.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

var user = new SessionView(23, "tvy", "tvydev", "some_url.com", IsLogin: true);
app.MapGet("/api/session", (HttpResponse response) =>
{
    response.Headers.CacheControl = "no-store";
    return TypedResults.Ok(user);
});

app.Run();

/// <summary>The shape of the app's answer to <c>GET /api/session</c> for a logged-in user.</summary>
internal sealed record SessionView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FullName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AvatarUrl,
    bool IsLogin);
