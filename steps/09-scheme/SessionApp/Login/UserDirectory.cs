using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SessionApp.Session;

namespace SessionApp.Login;

/// <summary>
/// The users who may log in (from <see cref="LoginOptions.Users"/>) and the check of a password against one of them:
/// the server decides who the session is for, never the browser.
/// </summary>
public sealed class UserDirectory(IOptions<LoginOptions> options, IPasswordHasher<LoginUser> hasher)
{
    /// <summary>The longest username a login may name: longer ones are refused before any hashing.</summary>
    public const int MaxUsernameLength = 64;

    /// <summary>The longest password a login may send: hashing is slow on purpose, so its input is bounded.</summary>
    public const int MaxPasswordLength = 1024;

    // Each user carries her username as configured, so a login typed in another case gets the same session user.
    private readonly FrozenDictionary<string, LoginUser> _users = options.Value.Users.ToFrozenDictionary(
        u => u.Key,
        u => new LoginUser { Username = u.Key, Id = u.Value.Id, FullName = u.Value.FullName, AvatarUrl = u.Value.AvatarUrl, PasswordHash = u.Value.PasswordHash },
        StringComparer.OrdinalIgnoreCase);

    private readonly Lazy<string> _decoyHash = new(() =>
        hasher.HashPassword(new LoginUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    /// <summary>The configured users, by username in any case; each has <see cref="LoginUser.Username"/> as configured.</summary>
    private FrozenDictionary<string, LoginUser> Users => _users;

    /// <summary>The hasher that made the configured hashes (swapped in tests to count its work).</summary>
    private IPasswordHasher<LoginUser> Hasher => hasher;

    /// <summary>The hash of a random password nobody knows, made once: checking a password against it always fails.</summary>
    private string DecoyHash => _decoyHash.Value;

    /// <summary>The session user whose password this is; null for an unknown username and a wrong password alike.</summary>
    public SessionUser? Verify(string username, string password)
    {
        if (!Users.TryGetValue(username, out var user) || user.PasswordHash is null)
        {
            // The same work as a real check, so how long the answer takes does not say which usernames exist.
            Hasher.VerifyHashedPassword(new LoginUser(), DecoyHash, password);
            return null;
        }

        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            return null;
        }

        // The session gets who the user is (her username as configured, whatever case was typed), never the hash.
        return new SessionUser { Id = user.Id, Username = user.Username, FullName = user.FullName!, AvatarUrl = user.AvatarUrl };
    }
}
