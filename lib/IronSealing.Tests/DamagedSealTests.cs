using System.Buffers.Text;
using Shouldly;

namespace IronSealing.Tests;

/// <summary>A cookie is whatever the browser, or an attacker, sends: every damaged seal fails with its reason and nothing throws.</summary>
public sealed class DamagedSealTests
{
    private static readonly IronSealer Sealer = new(Seals.Password, Seals.ClockAt(Seals.Now));

    private static readonly string Good = Sealer.Seal(Seals.MockSessionJson, Seals.Ttl);

    private static string ValidIv => Seals.Fields(Good)[3];

    private static string ValidCiphertext => Seals.Fields(Good)[4];

    private static string ValidExpiry => Seals.Fields(Good)[5];

    [Theory]
    [InlineData("empty", UnsealFailure.Empty)]
    [InlineData("null", UnsealFailure.Empty)]
    [InlineData("not a seal at all", UnsealFailure.UnknownVersion)]
    [InlineData("no ~2 suffix (iron-session 5)", UnsealFailure.UnknownVersion)]
    [InlineData("~3 suffix", UnsealFailure.UnknownVersion)]
    [InlineData("~2 twice", UnsealFailure.MacMismatch)] // the first "~2" is read as the end of the MAC
    [InlineData("only ~2", UnsealFailure.Malformed)]
    [InlineData("7 fields", UnsealFailure.Malformed)]
    [InlineData("9 fields", UnsealFailure.Malformed)]
    [InlineData("wrong prefix Fe26.1", UnsealFailure.UnknownVersion)]
    [InlineData("unknown password id", UnsealFailure.UnknownPasswordId)]
    [InlineData("empty password id", UnsealFailure.UnknownPasswordId)]
    [InlineData("bad expiry", UnsealFailure.BadExpiry)]
    [InlineData("negative expiry", UnsealFailure.BadExpiry)]
    [InlineData("expiry past a long", UnsealFailure.BadExpiry)]
    [InlineData("expired", UnsealFailure.Expired)]
    [InlineData("expiry moved later", UnsealFailure.MacMismatch)]
    [InlineData("tampered MAC", UnsealFailure.MacMismatch)]
    [InlineData("MAC spelled non-canonically", UnsealFailure.MacMismatch)]
    [InlineData("MAC cut short", UnsealFailure.MacMismatch)]
    [InlineData("tampered ciphertext", UnsealFailure.MacMismatch)]
    [InlineData("wrong password", UnsealFailure.MacMismatch)]
    [InlineData("bad base64 IV", UnsealFailure.BadEncoding)]
    [InlineData("bad base64 ciphertext", UnsealFailure.BadEncoding)]
    [InlineData("IV of 15 bytes", UnsealFailure.BadEncoding)]
    [InlineData("ciphertext not a whole block", UnsealFailure.Undecryptable)]
    [InlineData("ciphertext of another key", UnsealFailure.Undecryptable)]
    public void A_damaged_seal_fails_with_its_reason_and_never_throws(string damage, UnsealFailure expected)
    {
        var seal = Damaged(damage);

        var opened = Sealer.Unseal(seal);

        opened.Success.ShouldBeFalse();
        opened.Failure.ShouldBe(expected, opened.Reason);
        opened.Reason.ShouldNotBeNullOrWhiteSpace();
        opened.Json.IsEmpty.ShouldBeTrue();
        opened.ExpiresAt.ShouldBeNull();
    }

    [Fact]
    public void A_seal_of_thousands_of_separators_is_refused_without_splitting_it()
    {
        var seal = new string('*', 30_000) + "~2";
        Sealer.Unseal(seal); // once, so the JIT's own allocations are not counted below

        var before = GC.GetAllocatedBytesForCurrentThread();
        var opened = Sealer.Unseal(seal);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        opened.Failure.ShouldBe(UnsealFailure.Malformed);
        // Splitting it would allocate an array of 30,001 strings (240 KB and more); refusing it takes the reason's text.
        allocated.ShouldBeLessThan(4_096, "a malformed seal should be refused by counting its fields, before it is copied or split");
    }

    [Fact]
    public void Every_one_character_change_to_a_seal_fails_and_never_throws()
    {
        foreach (var index in Enumerable.Range(0, Good.Length))
        {
            foreach (var replacement in "A0f*~_-.")
            {
                if (Good[index] == replacement)
                {
                    continue;
                }

                var damaged = string.Concat(Good.AsSpan(0, index), [replacement], Good.AsSpan(index + 1));
                Sealer.Unseal(damaged).Success.ShouldBeFalse($"'{replacement}' at {index}: {damaged}");
            }
        }
    }

    private static string? Damaged(string damage) => damage switch
    {
        "empty" => "",
        "null" => null,
        "not a seal at all" => "hello",
        "no ~2 suffix (iron-session 5)" => Good[..^2],
        "~3 suffix" => Good[..^2] + "~3",
        "~2 twice" => Good[..^2] + "~2~2",
        "only ~2" => "~2",
        "7 fields" => string.Join('*', Seals.Fields(Good).Take(7)) + "~2",
        "9 fields" => string.Join('*', [.. Seals.Fields(Good), "x"]) + "~2",
        "wrong prefix Fe26.1" => Seals.WithField(Good, 0, "Fe26.1"),
        "unknown password id" => Seals.WithField(Good, 1, "7"),
        "empty password id" => Seals.WithField(Good, 1, ""),
        "bad expiry" => Seals.WithField(Good, 5, "12x4"),
        "negative expiry" => Seals.WithField(Good, 5, "-1"),
        "expiry past a long" => Seals.WithField(Good, 5, "99999999999999999999"),
        "expired" => new IronSealer(Seals.Password, Seals.ClockAt(Seals.Now - Seals.Ttl - IronSealer.ClockSkew))
            .Seal(Seals.MockSessionJson, Seals.Ttl),
        "expiry moved later" => Seals.WithField(Good, 5, (long.Parse(ValidExpiry, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        "tampered MAC" => Seals.WithField(Good, 7, Flip(Seals.Fields(Good)[7], 0)),
        "MAC spelled non-canonically" => Seals.WithField(Good, 7, NonCanonical(Seals.Fields(Good)[7])),
        "MAC cut short" => Seals.WithField(Good, 7, Seals.Fields(Good)[7][..^1]),
        "tampered ciphertext" => Seals.WithField(Good, 4, Flip(ValidCiphertext, 5)),
        "wrong password" => new IronSealer("a-different-password-that-is-long-enough!!", Seals.ClockAt(Seals.Now))
            .Seal(Seals.MockSessionJson, Seals.Ttl),
        "bad base64 IV" => Seals.Forge(Seals.Password, "1", "!!not+base64/url==", ValidCiphertext, ValidExpiry),
        "bad base64 ciphertext" => Seals.Forge(Seals.Password, "1", ValidIv, "a=b", ValidExpiry),
        "IV of 15 bytes" => Seals.Forge(Seals.Password, "1", Base64Url.EncodeToString(new byte[15]), ValidCiphertext, ValidExpiry),
        "ciphertext not a whole block" => Seals.Forge(Seals.Password, "1", ValidIv, Base64Url.EncodeToString(new byte[15]), ValidExpiry),
        // The good seal's ciphertext was encrypted under its own salt; the forged seal's salt gives another key.
        "ciphertext of another key" => Seals.Forge(Seals.Password, "1", ValidIv, Base64Url.EncodeToString(new byte[16]), ValidExpiry),
        _ => throw new ArgumentOutOfRangeException(nameof(damage), damage, "no such damage in the table"),
    };

    private static string Flip(string text, int index) =>
        string.Concat(text.AsSpan(0, index), [text[index] == 'A' ? 'B' : 'A'], text.AsSpan(index + 1));

    // 32 bytes take 43 base64url characters, whose last one carries 2 unused bits: setting one spells the same bytes
    // for a lenient decoder (Node's Buffer reads it so), and iron, comparing the text, rejects it.
    private static string NonCanonical(string mac)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return mac[..^1] + Alphabet[Alphabet.IndexOf(mac[^1], StringComparison.Ordinal) ^ 1];
    }
}
