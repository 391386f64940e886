using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;

namespace SessionApp.Tests.Infrastructure;

/// <summary>HTTP helpers whose failures tell a learner what the app said, not only the status code.</summary>
public static class Http
{
    /// <summary>The tutorial's routes: the app's public surface, the same in every step that has them.</summary>
    public const string StoreRoute = "/api/session/store";

    /// <inheritdoc cref="StoreRoute"/>
    public const string ReadRoute = "/api/session";

    /// <inheritdoc cref="StoreRoute"/>
    public const string DestroyRoute = "/api/session/destroy";

    /// <summary>The tutorial's mock user, as the login page posts it.</summary>
    public static readonly JsonNode MockUser = JsonNode.Parse(Seals.MockUserJson)!;

    public static Task<HttpResponseMessage> StoreAsync(this HttpClient client, object user) =>
        client.PostAsJsonAsync(StoreRoute, user, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> StoreJsonAsync(this HttpClient client, string json, string contentType = "application/json") =>
        client.PostAsync(StoreRoute, new StringContent(json, System.Text.Encoding.UTF8, contentType), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> ReadAsync(this HttpClient client) =>
        client.GetAsync(ReadRoute, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> DestroyAsync(this HttpClient client) =>
        client.PostAsync(DestroyRoute, null, TestContext.Current.CancellationToken);

    /// <summary>The response's JSON body as a document, after checking the status.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await response.ShouldHaveStatusAsync(expected);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Asserts the status code. When it is wrong, the message carries the body the app sent: for a kata stub,
    /// that is the problem detail saying which task to do and where to read.
    /// </summary>
    public static async Task ShouldHaveStatusAsync(this HttpResponseMessage response, HttpStatusCode expected, string? hint = null)
    {
        if (response.StatusCode == expected)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var said = body;
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object
                && problem.RootElement.TryGetProperty("detail", out var detail))
            {
                said = detail.GetString();
            }
        }
        catch (JsonException)
        {
        }

        var request = response.RequestMessage;
        throw new ShouldAssertException(
            $"{request?.Method} {request?.RequestUri?.PathAndQuery} should answer {(int)expected} {expected} "
            + $"but answered {(int)response.StatusCode} {response.StatusCode}."
            + (string.IsNullOrWhiteSpace(said) ? string.Empty : $"{Environment.NewLine}The app said: {Truncate(said!, 400)}")
            + (hint is null ? string.Empty : $"{Environment.NewLine}{hint}"));
    }

    /// <summary>The raw Set-Cookie header for the named cookie, or null when the response sets none.</summary>
    public static string? SetCookie(this HttpResponseMessage response, string name)
    {
        return response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))
            : null;
    }

    /// <summary>The value of a Set-Cookie header, percent-decoded as a browser hands it back.</summary>
    public static string CookieValue(string setCookie)
    {
        var pair = setCookie.Split(';', 2)[0];
        return Uri.UnescapeDataString(pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
    }

    /// <summary>A client that sends exactly the Cookie header given, and keeps no cookies of its own.</summary>
    public static HttpClient ClientWithCookie(this SessionAppFactory factory, string? cookieHeader)
    {
        var client = factory.CreateClient(new() { HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        if (cookieHeader is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Cookie", cookieHeader);
        }

        return client;
    }

    /// <summary>A browser that sends exactly this session cookie (its sealed value): a copy of someone's session, or another device.</summary>
    public static HttpClient ClientWithSession(this SessionAppFactory factory, string seal) =>
        factory.ClientWithCookie($"{factory.CookieName}={Uri.EscapeDataString(seal)}");

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    /// <summary>
    /// Asserts that a Set-Cookie carries an attribute (e.g. "; httponly"), ignoring case. The failure leads with what the
    /// attribute is for, then the step and task, then the attributes that were sent (the long seal left out).
    /// </summary>
    public static void ShouldHaveAttribute(this string setCookie, string attribute, string meaning)
    {
        // Whole attributes, so "path=/" is not satisfied by "path=/api" nor "max-age=0" by "max-age=0123".
        var wanted = attribute.TrimStart(';', ' ');
        if (setCookie.Split(';').Skip(1).Any(a => string.Equals(a.Trim(), wanted, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var semicolon = setCookie.IndexOf(';', StringComparison.Ordinal);
        var sent = semicolon < 0 ? "(no attributes)" : setCookie[semicolon..];
        var name = setCookie.Split('=', 2)[0];
        throw new ShouldAssertException($"{meaning}{Environment.NewLine}Expected \"{attribute.TrimStart(';', ' ')}\"; the cookie {name} was sent with: {sent}");
    }
}
