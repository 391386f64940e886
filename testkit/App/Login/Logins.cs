using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using SessionApp.Login;
using SessionApp.Session;
using Shouldly;

namespace SessionApp.Tests.Infrastructure;

/// <summary>Users who may log in (steps 07 and 08), given to the app as its settings say: hashed passwords under Login:Users.</summary>
public static class Logins
{
    /// <summary>The test user's username, password and who she is.</summary>
    public const string Username = "ada";
    public const string Password = "correct horse battery staple";
    public const long Id = 7;
    public const string FullName = "Ada Lovelace";

    /// <summary>A second user, for "one user's logout leaves another alone".</summary>
    public const string OtherUsername = "grace";
    public const string OtherPassword = "a ship in port is safe";
    public const long OtherId = 8;

    /// <summary>Development's documented demo user (appsettings.Development.json): the tutorial's mock user.</summary>
    public const string DemoUsername = "tvy";
    public const string DemoPassword = "workshop-demo-password";

    private static readonly Lazy<string> AdaHash = new(() => Hash(Password));
    private static readonly Lazy<string> GraceHash = new(() => Hash(OtherPassword));

    /// <summary>A password as the workshop tool's hash-password makes it (ASP.NET Core's PasswordHasher).</summary>
    public static string Hash(string password) => new PasswordHasher<LoginUser>().HashPassword(new LoginUser(), password);

    /// <summary>Gives the app the two test users (ada and grace), as Login:Users settings.</summary>
    public static SessionAppFactory WithUsers(this SessionAppFactory factory)
    {
        factory.AddUser(Username, AdaHash.Value, Id, FullName);
        factory.AddUser(OtherUsername, GraceHash.Value, OtherId, "Grace Hopper");
        return factory;
    }

    public static void AddUser(this SessionAppFactory factory, string username, string passwordHash, long id, string fullName)
    {
        factory.Settings[$"Login:Users:{username}:Id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        factory.Settings[$"Login:Users:{username}:FullName"] = fullName;
        factory.Settings[$"Login:Users:{username}:PasswordHash"] = passwordHash;
    }

    public static Task<HttpResponseMessage> LogInAsync(this HttpClient client, string username = Username, string password = Password) =>
        client.PostAsJsonAsync("/api/session/login", new { username, password }, TestContext.Current.CancellationToken);

    /// <summary>Logs in (asserting the login works) and gives the session cookie's sealed value, to copy into another browser.</summary>
    public static async Task<string> LogInForCookieAsync(this HttpClient client, SessionAppFactory app, string username = Username, string password = Password)
    {
        using var response = await client.LogInAsync(username, password);
        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
        return Http.CookieValue(response.SetCookie(app.CookieName).ShouldNotBeNull("a login should set the session cookie"));
    }

    public static Task<HttpResponseMessage> DestroyAllAsync(this HttpClient client) =>
        client.PostAsync("/api/session/destroy-all", null, TestContext.Current.CancellationToken);

    /// <summary>The session the app answers for this client: isLogin, and the user's fields.</summary>
    public static async Task<System.Text.Json.JsonElement> SessionAsync(this HttpClient client)
    {
        using var response = await client.ReadAsync();
        return await response.JsonAsync();
    }

    /// <summary>Whether the app says this client is logged in.</summary>
    public static async Task<bool> IsLoggedInAsync(this HttpClient client) =>
        (await client.SessionAsync()).GetProperty("isLogin").GetBoolean();
}

/// <summary>The app's own hasher, counting how often it checks a password: proof that a login did the hashing work.</summary>
public sealed class CountingHasher : IPasswordHasher<LoginUser>
{
    private readonly PasswordHasher<LoginUser> _inner = new();
    private int _verified;

    public int Verified => _verified;

    public string HashPassword(LoginUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(LoginUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verified);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
