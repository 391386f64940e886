using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace IronSealing.Tests;

/// <summary>Passwords, clocks and seal surgery shared by the tests.</summary>
internal static class Seals
{
    public const string Password = "test-only-password-at-least-32-chars!!";
    public const string OtherPassword = "test-only-rotated-password-B-at-least-32-chars!!";

    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Ttl = TimeSpan.FromDays(14);

    public static ReadOnlySpan<byte> MockSessionJson =>
        """{"user":{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com"}}"""u8;

    public static FakeTimeProvider ClockAt(DateTimeOffset instant) => new(instant);

    public static Dictionary<string, string> Map(params (string Id, string Password)[] passwords) =>
        passwords.ToDictionary(p => p.Id, p => p.Password, StringComparer.Ordinal);

    /// <summary>The seal's eight fields (the "~2" suffix taken off).</summary>
    public static string[] Fields(string seal) => seal[..^IronSealer.VersionSuffix.Length].Split('*');

    /// <summary>The seal with one field replaced; the MAC is not recomputed.</summary>
    public static string WithField(string seal, int index, string value)
    {
        var fields = Fields(seal);
        fields[index] = value;
        return string.Join('*', fields) + IronSealer.VersionSuffix;
    }

    /// <summary>
    /// Writes a seal field by field with a MAC that matches, following the format as iron-session documents it
    /// (not the library's code), so a test can reach the checks that only run after the MAC has passed.
    /// </summary>
    public static string Forge(string password, string id, string iv, string ciphertext, string expiry)
    {
        var encryptionSalt = new string('a', 64);
        var hmacSalt = new string('b', 64);
        var macBase = string.Join('*', IronSealer.Prefix, id, encryptionSalt, iv, ciphertext, expiry);
        var mac = HMACSHA256.HashData(Key(password, hmacSalt), Encoding.UTF8.GetBytes(macBase));
        return string.Concat(macBase, "*", hmacSalt, "*", Base64Url.EncodeToString(mac), IronSealer.VersionSuffix);
    }

    /// <summary>A forged seal whose ciphertext really is the JSON, encrypted as iron does.</summary>
    public static string ForgeEncrypted(string password, ReadOnlySpan<byte> json, string expiry)
    {
        var iv = new byte[16];
        using var aes = Aes.Create();
        aes.Key = Key(password, new string('a', 64));
        var ciphertext = aes.EncryptCbc(json, iv, PaddingMode.PKCS7);
        return Forge(password, "1", Base64Url.EncodeToString(iv), Base64Url.EncodeToString(ciphertext), expiry);
    }

    // iron's key: PBKDF2-HMAC-SHA1 over the password, the salt's hex text as salt, 1 iteration, 32 bytes.
    private static byte[] Key(string password, string salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), 1, HashAlgorithmName.SHA1, 32);
}
