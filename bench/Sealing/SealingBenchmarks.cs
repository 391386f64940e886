using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using IronSealing;

namespace Sealing.Bench;

/// <summary>
/// The sealing library's <see cref="IronSealer"/> (lib/IronSealing, which the app uses) sealing and opening the
/// tutorial's session, beside the raw primitives every Fe26.2 seal costs: two PBKDF2-HMAC-SHA1 derivations
/// (1 iteration, 32 bytes; one key for AES, one for the MAC), AES-256-CBC of the payload and HMAC-SHA256 of the MAC
/// base (and, to seal, 80 random bytes: two salts and an IV).
/// <c>PrimitivesForUnseal</c> and <c>PrimitivesForSeal</c> run exactly those on ready-made byte arrays, so
/// (Unseal − PrimitivesForUnseal) / PrimitivesForUnseal is what the parsing, encoding and checks around them cost.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SealingBenchmarks
{
    /// <summary>A public, benchmark-only password (the same one bench/http/run.sh gives both apps).</summary>
    public const string Password = "bench-only-password-not-a-secret-0123456789abcdef";

    /// <summary>The tutorial's session, as iron-session stores it.</summary>
    public const string SessionJson = """{"user":{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com"}}""";

    private static readonly TimeSpan TimeToLive = TimeSpan.FromDays(14);

    private readonly byte[] _json = Encoding.UTF8.GetBytes(SessionJson);
    private readonly byte[] _random = new byte[80];
    private IronSealer _sealer = null!;
    private string _seal = null!;

    // The seal's parts as the primitives take them.
    private byte[] _password = null!;
    private byte[] _encryptionSalt = null!;
    private byte[] _macSalt = null!;
    private byte[] _iv = null!;
    private byte[] _ciphertext = null!;
    private byte[] _macBase = null!;
    private byte[] _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The library keeps no cache of opened seals (the app's is in front of it), so Unseal below does the
        // cryptography on every call, even though it opens the same seal each time.
        _sealer = new IronSealer(Password, TimeProvider.System);
        _seal = _sealer.Seal(_json, TimeToLive);
        var body = _seal[..^IronSealer.VersionSuffix.Length];
        var parts = body.Split('*');
        _password = Encoding.UTF8.GetBytes(Password);
        _encryptionSalt = Encoding.UTF8.GetBytes(parts[2]);
        _iv = System.Buffers.Text.Base64Url.DecodeFromChars(parts[3]);
        _ciphertext = System.Buffers.Text.Base64Url.DecodeFromChars(parts[4]);
        _macSalt = Encoding.UTF8.GetBytes(parts[6]);
        _macBase = Encoding.UTF8.GetBytes(string.Join('*', parts[..6]));
        _key = Derive(_encryptionSalt);

        // The primitives must be the same work the sealer does: same key, same plaintext, same MAC.
        if (!AesDecrypt().AsSpan().SequenceEqual(_json)
            || Convert.ToBase64String(HMACSHA256.HashData(Derive(_macSalt), _macBase)).TrimEnd('=').Replace('+', '-').Replace('/', '_') != parts[7]
            || !_sealer.Unseal(_seal).Success
            || !DeriveWithHmac(_encryptionSalt).AsSpan().SequenceEqual(_key))
        {
            throw new InvalidOperationException("the primitives do not reproduce the sealer's seal");
        }
    }

    [Benchmark(Description = "IronSealer.Seal")]
    public string Seal() => _sealer.Seal(_json, TimeToLive);

    [Benchmark(Description = "IronSealer.Unseal")]
    public UnsealResult Unseal() => _sealer.Unseal(_seal);

    [Benchmark(Description = "PBKDF2-HMAC-SHA1, 1 iteration, 32 bytes")]
    public byte[] Pbkdf2() => Derive(_encryptionSalt);

    /// <summary>
    /// Not part of the sums: the same PBKDF2 result (1 iteration, 32 bytes = two SHA-1 blocks) computed as two
    /// HMAC-SHA1 calls, to show what a sealer could save by not going through the general PBKDF2 API.
    /// </summary>
    [Benchmark(Description = "same PBKDF2, as 2 HMAC-SHA1 calls (for comparison)")]
    public byte[] Pbkdf2AsTwoHmacs() => DeriveWithHmac(_encryptionSalt);

    [Benchmark(Description = "AES-256-CBC encrypt (new key)")]
    public byte[] AesEncrypt()
    {
        using var aes = Aes.Create();
        aes.Key = _key;
        return aes.EncryptCbc(_json, _iv, PaddingMode.PKCS7);
    }

    [Benchmark(Description = "AES-256-CBC decrypt (new key)")]
    public byte[] AesDecrypt()
    {
        using var aes = Aes.Create();
        aes.Key = _key;
        return aes.DecryptCbc(_ciphertext, _iv, PaddingMode.PKCS7);
    }

    [Benchmark(Description = "HMAC-SHA256 of the MAC base")]
    public byte[] HmacSha256() => HMACSHA256.HashData(_key, _macBase);

    [Benchmark(Description = "80 random bytes")]
    public byte[] RandomBytes()
    {
        RandomNumberGenerator.Fill(_random);
        return _random;
    }

    /// <summary>What opening a seal cannot avoid: derive the MAC key, MAC, derive the AES key, decrypt.</summary>
    [Benchmark(Description = "primitives of an unseal")]
    public byte[] PrimitivesForUnseal()
    {
        var mac = HMACSHA256.HashData(Derive(_macSalt), _macBase);
        using var aes = Aes.Create();
        aes.Key = Derive(_encryptionSalt);
        var plain = aes.DecryptCbc(_ciphertext, _iv, PaddingMode.PKCS7);
        return mac.Length > 0 ? plain : mac;
    }

    /// <summary>What making a seal cannot avoid: random salts and IV, derive both keys, encrypt, MAC.</summary>
    [Benchmark(Description = "primitives of a seal")]
    public byte[] PrimitivesForSeal()
    {
        RandomNumberGenerator.Fill(_random);
        byte[] ciphertext;
        using (var aes = Aes.Create())
        {
            aes.Key = Derive(_encryptionSalt);
            ciphertext = aes.EncryptCbc(_json, _iv, PaddingMode.PKCS7);
        }

        var mac = HMACSHA256.HashData(Derive(_macSalt), _macBase);
        return mac.Length > 0 ? ciphertext : mac;
    }

    // PBKDF2 with one iteration: block i is HMAC-SHA1(password, salt || i as 4 big-endian bytes).
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "iron's Fe26.2 format fixes PBKDF2-HMAC-SHA1; this computes the same key another way.")]
    private byte[] DeriveWithHmac(byte[] salt)
    {
        Span<byte> block = stackalloc byte[salt.Length + 4];
        salt.CopyTo(block);
        Span<byte> key = stackalloc byte[40];
        block[^1] = 1;
        HMACSHA1.HashData(_password, block, key[..20]);
        block[^1] = 2;
        HMACSHA1.HashData(_password, block, key[20..]);
        return key[..32].ToArray();
    }

    private byte[] Derive(byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(_password, salt, 1, HashAlgorithmName.SHA1, 32);
}
