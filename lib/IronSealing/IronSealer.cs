using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IronSealing;

/// <summary>
/// Seals and opens values in iron-session's cookie format ("Fe26.2", the format of the npm package iron,
/// plus iron-session's "~2" suffix), so an app using this library and a Node.js app using iron-session 6 to 8
/// can read each other's seals.
/// </summary>
/// <remarks>
/// <para>
/// A seal has eight '*'-separated fields and a version suffix:
/// <c>Fe26.2*{passwordId}*{encryptionSalt}*{iv}*{ciphertext}*{expiryMs}*{hmacSalt}*{hmac}~2</c>.
/// Each salt is 32 random bytes written as 64 hex characters; the key is PBKDF2-HMAC-SHA1 over the password,
/// with the salt's hex text as salt, 1 iteration, 32 bytes. The ciphertext is AES-256-CBC (PKCS#7) of the UTF-8 JSON;
/// the MAC is HMAC-SHA256 over the first six fields joined by '*'. Binary fields are base64url without padding.
/// </para>
/// <para>
/// The sealer holds no state besides its passwords and clock, so one instance can be shared by every thread.
/// It keeps no cache of opened seals unless asked to: <see cref="WithVerifiedSealCache"/> makes a sealer that
/// remembers the seals it verified, with what the caller made of their JSON (<see cref="Unseal{T}"/>).
/// </para>
/// </remarks>
public sealed class IronSealer : IDisposable
{
    /// <summary>The first field of every seal: iron's MAC prefix, naming the format version.</summary>
    public const string Prefix = "Fe26.2";

    /// <summary>What iron-session 6 and later append to iron's seal; a seal without it is iron-session 5's layout.</summary>
    public const string VersionSuffix = "~2";

    /// <summary>The shortest password iron accepts, in characters (iron's <c>minPasswordlength</c>).</summary>
    public const int MinimumPasswordLength = 32;

    /// <summary>iron's default tolerance, in both directions, for clocks that disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    private const int SaltBytes = 32;
    private const int KeyBytes = 32;
    private const int IvBytes = 16;

    // The largest expiry a DateTimeOffset can show; iron accepts any digits, so larger ones are shown as MaxValue.
    private static readonly long MaxExpiryMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    // Keyed by the id's exact text, as iron-session's map is: a seal with id "01" does not open with password "1".
    private readonly Dictionary<string, string> _passwords;
    private readonly string _currentId;
    private readonly string _currentPassword;
    private readonly TimeProvider _time;
    private readonly VerifiedSealCache? _verified;

    /// <summary>Creates a sealer with several passwords, for rotation: new seals use the highest id, every id opens.</summary>
    /// <param name="passwords">
    /// Password id to password. Each id is a positive whole number written plainly ("1", "2", "10"; not "01", "0" or
    /// "v2"); a seal's id is matched against these as exact text. Each password has at least
    /// <see cref="MinimumPasswordLength"/> characters. The map is copied: later changes to it are not seen.
    /// </param>
    /// <param name="timeProvider">The clock that writes and checks expiries; the system clock when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="passwords"/> is null.</exception>
    /// <exception cref="ArgumentException">The map is empty, or an id or a password is not allowed (the message names the id).</exception>
    public IronSealer(IReadOnlyDictionary<string, string> passwords, TimeProvider? timeProvider = null)
        : this(passwords, timeProvider, nameof(passwords))
    {
    }

    /// <summary>Creates a sealer with one password, under id "1" (what iron-session does with a plain string password).</summary>
    /// <param name="password">The password: at least <see cref="MinimumPasswordLength"/> characters.</param>
    /// <param name="timeProvider">The clock that writes and checks expiries; the system clock when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is null.</exception>
    /// <exception cref="ArgumentException">The password is too short.</exception>
    public IronSealer(string password, TimeProvider? timeProvider = null)
        : this(new Dictionary<string, string>(StringComparer.Ordinal) { ["1"] = password ?? throw new ArgumentNullException(nameof(password)) }, timeProvider, nameof(password))
    {
    }

    private IronSealer(IReadOnlyDictionary<string, string> passwords, TimeProvider? timeProvider, string paramName)
    {
        ArgumentNullException.ThrowIfNull(passwords, paramName);
        if (passwords.Count == 0)
        {
            throw new ArgumentException("At least one password is needed to seal: the map of password ids is empty.", paramName);
        }

        _passwords = new Dictionary<string, string>(passwords.Count, StringComparer.Ordinal);
        var highest = 0;
        string? currentId = null;
        foreach (var (id, password) in passwords)
        {
            if (!TryParseId(id, out var number))
            {
                throw new ArgumentException(
                    $"Password id \"{id}\" is not allowed: an id is a positive whole number written plainly (1, 2, 10: digits only, no sign, no leading zero, at most {int.MaxValue}).",
                    paramName);
            }

            if (password is null || password.Length < MinimumPasswordLength)
            {
                throw new ArgumentException(
                    $"The password with id \"{id}\" has {password?.Length ?? 0} characters; iron needs at least {MinimumPasswordLength}.",
                    paramName);
            }

            if (!_passwords.TryAdd(id, password))
            {
                throw new ArgumentException($"Password id \"{id}\" appears twice.", paramName);
            }

            if (number > highest)
            {
                highest = number;
                currentId = id;
            }
        }

        // New seals use the highest numeric id, as iron-session's Math.max over its map's keys does.
        _currentId = currentId ?? throw new ArgumentException("At least one password is needed to seal: the map of password ids is empty.", paramName);
        _currentPassword = _passwords[_currentId];
        _time = timeProvider ?? TimeProvider.System;
    }

    private IronSealer(IronSealer keys, VerifiedSealCache verified)
    {
        _passwords = keys._passwords;
        _currentId = keys._currentId;
        _currentPassword = keys._currentPassword;
        _time = keys._time;
        _verified = verified;
    }

    /// <summary>
    /// A sealer with the same passwords and clock that remembers the seals it has verified, keyed by their exact text,
    /// with what <see cref="Unseal{T}"/>'s caller made of their JSON, so the same cookie's next request skips the
    /// cryptography and the parsing. Only seals that passed the MAC check get in (nobody without a password can fill
    /// it), and the expiry is checked on every use, on this sealer's clock. The memory it may hold is
    /// <paramref name="sizeLimitBytes"/>, estimated per seal from its text and its JSON (see <see cref="VerifiedSealCacheBytes"/>),
    /// so long seals cannot make it grow past the limit; when full, the least recently used seals go, and each seal
    /// goes at its expiry. <see cref="Unseal(string?)"/> and <see cref="Seal(ReadOnlySpan{byte}, TimeSpan)"/> work as before.
    /// </summary>
    /// <param name="sizeLimitBytes">The limit, in bytes; more than 0.</param>
    /// <returns>The caching sealer. Dispose it (a DI container does) to free the cache.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sizeLimitBytes"/> is 0 or less.</exception>
    public IronSealer WithVerifiedSealCache(long sizeLimitBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeLimitBytes);
        return new IronSealer(this, new VerifiedSealCache(sizeLimitBytes, _time));
    }

    /// <summary>
    /// What the cache of verified seals holds, in estimated bytes (0 without a cache): per seal, the seal's text and
    /// twice its JSON's length (the caller's value holds at most that JSON's strings, in UTF-16) plus
    /// <see cref="VerifiedSealCache.EntryOverheadBytes"/> for the objects around them.
    /// </summary>
    public long VerifiedSealCacheBytes => _verified?.SizeBytes ?? 0;

    /// <summary>Frees the cache of verified seals, if this sealer has one.</summary>
    public void Dispose() => _verified?.Dispose();

    /// <summary>Seals UTF-8 JSON bytes so that they open until <paramref name="timeToLive"/> from now (plus <see cref="ClockSkew"/>).</summary>
    /// <param name="json">The UTF-8 JSON to seal. It is not checked: iron-session parses it after opening.</param>
    /// <param name="timeToLive">How long the seal opens. Must be positive: unlike iron's ttl 0, there is no "never expires".</param>
    /// <returns>The seal, made of the characters a cookie value allows without encoding.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeToLive"/> is zero or negative, or ends past year 9999.</exception>
    public string Seal(ReadOnlySpan<byte> json, TimeSpan timeToLive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeToLive, DateTimeOffset.MaxValue - now);
        return Seal(json, now + timeToLive);
    }

    /// <summary>
    /// Seals UTF-8 JSON bytes so that they open until <paramref name="expiresAt"/> (plus <see cref="ClockSkew"/>): to seal
    /// a session again with the expiry it already has, whatever time passed while the request was handled.
    /// </summary>
    /// <param name="json">The UTF-8 JSON to seal. It is not checked: iron-session parses it after opening.</param>
    /// <param name="expiresAt">When the seal stops opening, to the millisecond. Must be later than now.</param>
    /// <returns>The seal, made of the characters a cookie value allows without encoding.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiresAt"/> is not later than now.</exception>
    public string Seal(ReadOnlySpan<byte> json, DateTimeOffset expiresAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiresAt, _time.GetUtcNow());
        var encryptionSalt = NewSalt();
        var hmacSalt = NewSalt();
        var iv = RandomNumberGenerator.GetBytes(IvBytes);

        byte[] ciphertext;
        using (var aes = Aes.Create())
        {
            aes.Key = DeriveKey(_currentPassword, encryptionSalt);
            ciphertext = aes.EncryptCbc(json, iv, PaddingMode.PKCS7);
        }

        var expiry = expiresAt.ToUnixTimeMilliseconds();
        var macBase = string.Join('*',
            Prefix,
            _currentId,
            encryptionSalt,
            Base64Url.EncodeToString(iv),
            Base64Url.EncodeToString(ciphertext),
            expiry.ToString(CultureInfo.InvariantCulture));
        var mac = Mac(_currentPassword, hmacSalt, macBase);
        return string.Concat(macBase, "*", hmacSalt, "*", Base64Url.EncodeToString(mac), VersionSuffix);
    }

    /// <summary>
    /// Opens a seal. Never throws for bad input: every way a seal can be wrong is a failed <see cref="UnsealResult"/>
    /// with a <see cref="UnsealFailure"/> and a reason, because a cookie is whatever the browser (or an attacker) sends.
    /// </summary>
    /// <param name="seal">The seal, as <see cref="Seal(ReadOnlySpan{byte}, TimeSpan)"/> or iron-session wrote it; null or empty fails with <see cref="UnsealFailure.Empty"/>.</param>
    /// <returns>The JSON and its expiry, or why the seal does not open.</returns>
    public UnsealResult Unseal(string? seal)
    {
        if (string.IsNullOrEmpty(seal))
        {
            return UnsealResult.Failed(UnsealFailure.Empty, "the cookie is empty");
        }

        var tilde = seal.LastIndexOf('~');
        if (tilde < 0)
        {
            // iron-session 6+ appends "~2"; a seal without it comes from iron-session 5, which we do not read.
            return UnsealResult.Failed(UnsealFailure.UnknownVersion, "the seal has no version suffix (~2)");
        }

        if (seal.AsSpan(tilde) is not VersionSuffix)
        {
            return UnsealResult.Failed(UnsealFailure.UnknownVersion, "the seal has an unknown version suffix");
        }

        // Counted in place before anything is copied or split: a seal of 30,000 '*' costs a scan, not 30,001 strings.
        var separators = seal.AsSpan(0, tilde).Count('*');
        if (separators != 7)
        {
            return UnsealResult.Failed(UnsealFailure.Malformed, $"the seal has {separators + 1} fields instead of 8");
        }

        var body = seal[..tilde];
        var parts = body.Split('*');

        if (parts[0] != Prefix)
        {
            return UnsealResult.Failed(UnsealFailure.UnknownVersion, "the seal does not start with Fe26.2");
        }

        // The id's exact text, as iron-session looks it up in its map (JavaScript object keys are text).
        if (!_passwords.TryGetValue(parts[1], out var password))
        {
            return UnsealResult.Failed(UnsealFailure.UnknownPasswordId, "the seal was made with a password id this app does not have");
        }

        // A seal without an expiry never expires (iron's ttl 0).
        long? expiryMs = null;
        if (parts[5].Length > 0)
        {
            if (!long.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return UnsealResult.Failed(UnsealFailure.BadExpiry, "the seal's expiry is not a number");
            }

            expiryMs = parsed;
        }

        // Same rule as iron: expired once the expiry is at or before now minus the allowed skew.
        if (expiryMs is { } expiry && expiry <= _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)ClockSkew.TotalMilliseconds)
        {
            return UnsealResult.Failed(UnsealFailure.Expired, "the seal has expired");
        }

        var macBase = body[..body.LastIndexOf('*', body.LastIndexOf('*') - 1)];
        // Compared as base64url text, as iron does, so only the one canonical spelling of the MAC is accepted.
        var expectedMac = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(Mac(password, parts[6], macBase)));
        if (!CryptographicOperations.FixedTimeEquals(expectedMac, Encoding.UTF8.GetBytes(parts[7])))
        {
            return UnsealResult.Failed(UnsealFailure.MacMismatch, "the seal's MAC does not match (tampered, or another password)");
        }

        if (!TryDecode(parts[3], out var iv) || iv.Length != IvBytes || !TryDecode(parts[4], out var ciphertext))
        {
            return UnsealResult.Failed(UnsealFailure.BadEncoding, "the seal's IV or ciphertext is not valid base64url");
        }

        try
        {
            using var aes = Aes.Create();
            aes.Key = DeriveKey(password, parts[2]);
            var json = aes.DecryptCbc(ciphertext, iv, PaddingMode.PKCS7);
            DateTimeOffset? expiresAt = expiryMs is { } ms
                ? (ms > MaxExpiryMs ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeMilliseconds(ms))
                : null;
            return UnsealResult.Opened(json, expiresAt);
        }
        catch (CryptographicException)
        {
            // Only reachable with a valid MAC, i.e. someone holding the password sealed garbage.
            return UnsealResult.Failed(UnsealFailure.Undecryptable, "the seal's ciphertext does not decrypt");
        }
    }

    /// <summary>
    /// Opens a seal and hands its JSON and expiry to <paramref name="read"/>, which makes the caller's value of it
    /// (a parsed session, say, or the reason its JSON is not one). With a cache (<see cref="WithVerifiedSealCache"/>),
    /// a seal already verified gives back the value made the first time, without the cryptography or
    /// <paramref name="read"/>, as long as it has not expired. Never throws for bad input.
    /// </summary>
    /// <typeparam name="T">What the caller makes of a seal's JSON.</typeparam>
    /// <param name="seal">The seal, as for <see cref="Unseal(string?)"/>.</param>
    /// <param name="read">Makes the value of an opened seal's JSON and expiry; called once per seal while it is remembered.</param>
    /// <returns>The value and the seal's expiry, or why the seal does not open.</returns>
    public UnsealResult<T> Unseal<T>(string? seal, Func<ReadOnlyMemory<byte>, DateTimeOffset?, T> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        if (_verified is not null && seal is not null && _verified.TryGet(seal, out var known) && known.Value is T value)
        {
            // The cache lets a seal go at its expiry by its own clock; whether it still opens is this sealer's clock's call.
            return known.ExpiresAt is { } at && at <= _time.GetUtcNow() - ClockSkew
                ? UnsealResult<T>.Failed(UnsealFailure.Expired, "the seal has expired")
                : UnsealResult<T>.Opened(value, known.ExpiresAt);
        }

        var opened = Unseal(seal);
        if (!opened.Success)
        {
            return UnsealResult<T>.Failed(opened.Failure, opened.Reason!);
        }

        var made = read(opened.Json, opened.ExpiresAt);
        _verified?.Add(seal!, made, opened.ExpiresAt, opened.Json.Length);
        return UnsealResult<T>.Opened(made, opened.ExpiresAt);
    }

    /// <summary>
    /// Whether <paramref name="id"/> is a password id this library accepts: a positive whole number written plainly
    /// ("1", "2", "10"; not "01", "0", "-1", "v2" or "2147483648"). An app can check its settings with this at start,
    /// before the constructor would refuse them.
    /// </summary>
    public static bool IsPasswordId(string? id) => TryParseId(id, out _);

    // "1", "2", "10": ASCII digits, no leading zero (so "0" too is refused), no sign or spaces, fits in an int.
    private static bool TryParseId(string? id, out int number)
    {
        number = 0;
        return !string.IsNullOrEmpty(id)
            && id[0] != '0'
            && !id.AsSpan().ContainsAnyExceptInRange('0', '9')
            && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out number);
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
