using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SessionApp.Sealing;

/// <summary>
/// Seals and opens values in iron-session's cookie format ("Fe26.2", the format of the npm package iron,
/// plus iron-session's "~2" suffix), so a Next.js app using iron-session and this app can read each other's cookies.
/// This is the part the npm package plays in the tutorial: learners use it, they never rewrite it.
/// </summary>
/// <remarks>
/// A seal has eight '*'-separated fields and a version suffix:
/// <c>Fe26.2*{passwordId}*{encryptionSalt}*{iv}*{ciphertext}*{expiryMs}*{hmacSalt}*{hmac}~2</c>.
/// Each salt is 32 random bytes written as 64 hex characters; the key is PBKDF2-HMAC-SHA1 over the password,
/// with the salt's hex text as salt, 1 iteration, 32 bytes. The ciphertext is AES-256-CBC (PKCS#7) of the UTF-8 JSON;
/// the MAC is HMAC-SHA256 over the first six fields joined by '*'. Binary fields are base64url without padding.
/// </remarks>
public sealed class IronSealer
{
    public const string Prefix = "Fe26.2";
    public const string VersionSuffix = "~2";

    /// <summary>iron's default tolerance, in both directions, for clocks that disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    private const int SaltBytes = 32;
    private const int KeyBytes = 32;
    private const int IvBytes = 16;

    /// <summary>How many opened seals <see cref="Unseal"/> remembers by default.</summary>
    public const int DefaultOpenedCacheSize = 10_000;

    private readonly IReadOnlyDictionary<int, string> _passwords;
    private readonly int _currentId;
    private readonly TimeProvider _time;

    // Seals already verified, keyed by their exact text, so a browser's next request skips the cryptography.
    // Only seals that passed the MAC get in, so garbage cannot fill it; the expiry is checked again on every hit.
    private readonly ConcurrentDictionary<string, (byte[] Json, long ExpiryMs)> _opened = new(StringComparer.Ordinal);
    private readonly int _openedCacheSize;

    /// <param name="passwords">Password id to password; new seals use the highest id, every id can open.</param>
    /// <param name="time">The clock that decides expiry.</param>
    /// <param name="openedCacheSize">How many opened seals to remember (0: none). The cache empties when full.</param>
    public IronSealer(IReadOnlyDictionary<int, string> passwords, TimeProvider time, int openedCacheSize = DefaultOpenedCacheSize)
    {
        ArgumentNullException.ThrowIfNull(passwords);
        ArgumentNullException.ThrowIfNull(time);
        if (passwords.Count == 0)
        {
            throw new ArgumentException("At least one password is needed to seal.", nameof(passwords));
        }

        _passwords = passwords;
        _currentId = passwords.Keys.Max();
        _time = time;
        _openedCacheSize = Math.Max(0, openedCacheSize);
    }

    /// <summary>The password id new seals carry.</summary>
    public int CurrentPasswordId => _currentId;

    /// <summary>Seals UTF-8 JSON bytes so that they open until <paramref name="timeToLive"/> from now.</summary>
    public string Seal(ReadOnlySpan<byte> json, TimeSpan timeToLive)
    {
        var password = _passwords[_currentId];
        var encryptionSalt = NewSalt();
        var hmacSalt = NewSalt();
        var iv = RandomNumberGenerator.GetBytes(IvBytes);

        byte[] ciphertext;
        using (var aes = Aes.Create())
        {
            aes.Key = DeriveKey(password, encryptionSalt);
            ciphertext = aes.EncryptCbc(json, iv, PaddingMode.PKCS7);
        }

        var expiry = (_time.GetUtcNow() + timeToLive).ToUnixTimeMilliseconds();
        var macBase = string.Join('*',
            Prefix,
            _currentId.ToString(CultureInfo.InvariantCulture),
            encryptionSalt,
            Base64Url.EncodeToString(iv),
            Base64Url.EncodeToString(ciphertext),
            expiry.ToString(CultureInfo.InvariantCulture));
        var mac = Mac(password, hmacSalt, macBase);
        return string.Concat(macBase, "*", hmacSalt, "*", Base64Url.EncodeToString(mac), VersionSuffix);
    }

    /// <summary>
    /// Opens a seal. Never throws for bad input: every way a seal can be wrong is a <see cref="UnsealResult"/>
    /// with a reason, because a cookie is whatever the browser (or an attacker) sends.
    /// </summary>
    public UnsealResult Unseal(string? seal)
    {
        if (string.IsNullOrEmpty(seal))
        {
            return UnsealResult.Fail("the cookie is empty");
        }

        if (_opened.TryGetValue(seal, out var known))
        {
            return IsExpired(known.ExpiryMs) ? UnsealResult.Fail("the seal has expired") : UnsealResult.Ok(known.Json);
        }

        var body = seal;
        var tilde = seal.LastIndexOf('~');
        if (tilde >= 0)
        {
            // iron-session 6+ appends "~2"; a seal without it comes from iron-session 5, which we do not read.
            if (seal.AsSpan(tilde) is not VersionSuffix)
            {
                return UnsealResult.Fail("the seal has an unknown version suffix");
            }

            body = seal[..tilde];
        }
        else
        {
            return UnsealResult.Fail("the seal has no version suffix (~2)");
        }

        var parts = body.Split('*');
        if (parts.Length != 8)
        {
            return UnsealResult.Fail($"the seal has {parts.Length} fields instead of 8");
        }

        if (parts[0] != Prefix)
        {
            return UnsealResult.Fail("the seal does not start with Fe26.2");
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var passwordId)
            || !_passwords.TryGetValue(passwordId, out var password))
        {
            return UnsealResult.Fail("the seal was made with a password id this app does not have");
        }

        // A seal without an expiry never expires (iron's ttl 0).
        var expiryMs = long.MaxValue;
        if (parts[5].Length > 0 && !long.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out expiryMs))
        {
            return UnsealResult.Fail("the seal's expiry is not a number");
        }

        if (IsExpired(expiryMs))
        {
            return UnsealResult.Fail("the seal has expired");
        }

        var macBase = body[..body.LastIndexOf('*', body.LastIndexOf('*') - 1)];
        // Compared as base64url text, as iron does, so only the one canonical spelling of the MAC is accepted.
        var expectedMac = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(Mac(password, parts[6], macBase)));
        if (!CryptographicOperations.FixedTimeEquals(expectedMac, Encoding.UTF8.GetBytes(parts[7])))
        {
            return UnsealResult.Fail("the seal's MAC does not match (tampered, or another password)");
        }

        if (!TryDecode(parts[3], out var iv) || iv.Length != IvBytes || !TryDecode(parts[4], out var ciphertext))
        {
            return UnsealResult.Fail("the seal's IV or ciphertext is not valid base64url");
        }

        try
        {
            using var aes = Aes.Create();
            aes.Key = DeriveKey(password, parts[2]);
            var json = aes.DecryptCbc(ciphertext, iv, PaddingMode.PKCS7);
            Remember(seal, json, expiryMs);
            return UnsealResult.Ok(json);
        }
        catch (CryptographicException)
        {
            // Only reachable with a valid MAC, i.e. someone holding the password sealed garbage.
            return UnsealResult.Fail("the seal's ciphertext does not decrypt");
        }
    }

    // Same rule as iron: expired once the expiry is at or before now minus the allowed skew.
    private bool IsExpired(long expiryMs) =>
        expiryMs <= _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)ClockSkew.TotalMilliseconds;

    private void Remember(string seal, byte[] json, long expiryMs)
    {
        if (_openedCacheSize == 0)
        {
            return;
        }

        // Bounded the simplest way: when full, start again. Sessions in use come back on their next request.
        if (_opened.Count >= _openedCacheSize)
        {
            _opened.Clear();
        }

        _opened.TryAdd(seal, (json, expiryMs));
    }

    private static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SaltBytes));

    // iron feeds the salt's hex *text* to PBKDF2, not the bytes it stands for.
    private static byte[] DeriveKey(string password, string salt) =>
        Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), 1, HashAlgorithmName.SHA1, KeyBytes);

    private static byte[] Mac(string password, string salt, string macBase) =>
        HMACSHA256.HashData(DeriveKey(password, salt), Encoding.UTF8.GetBytes(macBase));

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text, out var length))
        {
            return false;
        }

        bytes = new byte[length];
        return Base64Url.TryDecodeFromChars(text, bytes, out var written) && written == length;
    }
}

/// <summary>What <see cref="IronSealer.Unseal"/> found: the JSON bytes, or why there are none.</summary>
public readonly record struct UnsealResult(bool Success, byte[] Json, string? Reason)
{
    public static UnsealResult Ok(byte[] json) => new(true, json, null);

    public static UnsealResult Fail(string reason) => new(false, [], reason);
}
