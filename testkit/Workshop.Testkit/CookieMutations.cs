using System.Globalization;

namespace Workshop.Testkit;

/// <summary>
/// Seeded ways to damage a valid seal (an iron-session Fe26.2 cookie value, <c>Fe26.2*id*salt*iv*ciphertext*expiry*salt*mac~2</c>),
/// shared by the abuse tests (solutions/SessionApp.Tests/Abuse) and the reliability bench (bench/reliability).
/// Every kind has a name, so a run can count its cases kind by kind. A value depends only on the
/// <see cref="Random"/> and the seals given, so a case made from its own seeded Random is the same in every run
/// (apart from the random salts of the seals it starts from). No value made here may open as a session.
/// </summary>
/// <remarks>
/// It knows neither the app nor the sealing library: the kinds that need another sealer (another password, another
/// password id, a clock in the past) send seals the caller made, passed in as <see cref="OtherSeals"/>.
/// </remarks>
public static class CookieMutations
{
    /// <summary>Random bytes, written as base64, hex or Latin-1 text.</summary>
    public const string RandomBytes = "random-bytes";

    /// <summary>The seal cut short at a random length (possibly empty).</summary>
    public const string Truncated = "truncated";

    /// <summary>One to three bits flipped at random places.</summary>
    public const string BitFlip = "bit-flip";

    /// <summary>Another first field than <c>Fe26.2</c>: other versions, case, spaces, look-alike characters.</summary>
    public const string WrongPrefix = "wrong-prefix";

    /// <summary>The password id field replaced: leading zero, sign, spaces, full-width or Arabic digits, other numbers.</summary>
    public const string PasswordIdTampered = "password-id-tampered";

    /// <summary>The expiry field replaced: huge, negative, empty, not a number, non-ASCII digits, or shifted later.</summary>
    public const string ExpiryTampered = "expiry-tampered";

    /// <summary>One to three fields emptied, or a whole value made of separators only.</summary>
    public const string EmptyFields = "empty-fields";

    /// <summary>Nothing but one to 19 field separators, then the version suffix: <c>*****~2</c>.</summary>
    public const string OnlyStars = "only-stars";

    /// <summary>Non-ASCII text inserted into the seal or put in place of one of its characters.</summary>
    public const string NonAscii = "non-ascii";

    /// <summary>Values of 10 KB and 40 KB: the seal with filler after it or inside its fields, or random base64.</summary>
    public const string Huge = "10kb";

    /// <summary>Other endings than <c>~2</c>: none, <c>~1</c>, <c>~3</c>, doubled, non-ASCII.</summary>
    public const string VersionSuffix = "version-suffix";

    /// <summary>Fields of the seal replaced by those of <see cref="OtherSeals.AnotherValid"/>: ciphertext, MAC, encryption or expiry.</summary>
    public const string Spliced = "spliced";

    /// <summary><see cref="OtherSeals.Expired"/>, sent as it is: sealed properly with the right password, but expired.</summary>
    public const string Expired = "expired";

    /// <summary><see cref="OtherSeals.WrongPassword"/>, sent as it is: sealed properly under id 1, with a password the app does not have.</summary>
    public const string WrongPassword = "wrong-password";

    /// <summary><see cref="OtherSeals.UnknownPasswordId"/>, sent as it is: sealed properly with the right password under an id the app does not have.</summary>
    public const string UnknownPasswordId = "unknown-password-id";

    /// <summary>The kinds that need only the valid seal.</summary>
    public static IReadOnlyList<string> OfOneSeal { get; } =
    [
        RandomBytes, Truncated, BitFlip, WrongPrefix, PasswordIdTampered, ExpiryTampered, EmptyFields, OnlyStars,
        NonAscii, Huge, VersionSuffix,
    ];

    /// <summary>Every kind: <see cref="OfOneSeal"/>, then those that need <see cref="OtherSeals"/>.</summary>
    public static IReadOnlyList<string> All { get; } = [.. OfOneSeal, Spliced, Expired, WrongPassword, UnknownPasswordId];

    private const string Prefix = "Fe26.2";
    private const string Suffix = "~2";

    private static readonly string[] Prefixes =
        ["Fe26.1", "Fe26.3", "fe26.2", "FE26.2", "Fe26", "Fe26.2.0", " Fe26.2", "Fe27.2", "", "Fe26.2 ", "Fe26.\u0662", "Fe26,2", "\uFEFFFe26.2", "Fe26.0", "Fe26.9"];

    private static readonly string[] PasswordIds =
        ["01", "1 ", "+1", "-1", "\uFF11", "", "2", "0", "999999999999", "1.0", "0x1", "default", "\u0661"];

    private static readonly string[] Expiries =
        ["99999999999999999999999", "9223372036854775807", "18446744073709551616", "-1", "0", "", "1e30", " 1", "+1", "0x7fffffff", "\u0661\u0662\u0663", "NaN", "Infinity"];

    private static readonly string[] WholeEmpty = ["", "~2", "*******~2", "Fe26.2*******~2", "Fe26.2*1******~2", "*", "~"];

    private static readonly string[] NonAsciiTexts =
        ["é", "✓", "日本", "😀", "\u00A0", "\uFFFD", "\u200B", "Ω", "ß", "\u0301", "Ａ", "\u202E", "é✓日"];

    private static readonly string[] Endings = ["", "~1", "~3", "~", "~02", "~2~2", "~2x", "~~2", "~二", "~2%00"];

    /// <summary>A damaged copy of <paramref name="valid"/>, of the given kind.</summary>
    /// <param name="kind">One of <see cref="All"/>.</param>
    /// <param name="random">Where every choice comes from: the same state gives the same value.</param>
    /// <param name="valid">A valid seal, as the app under test would open it.</param>
    /// <param name="others">The seals the kinds beyond <see cref="OfOneSeal"/> need; null when only those are asked for.</param>
    /// <returns>The value to send as the cookie (not yet percent-encoded).</returns>
    /// <exception cref="ArgumentException"><paramref name="valid"/> is not a seal, or the kind needs a seal <paramref name="others"/> does not hold.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not one of <see cref="All"/>.</exception>
    public static string Mutate(string kind, Random random, string valid, OtherSeals? others = null)
    {
        if (!valid.EndsWith(Suffix, StringComparison.Ordinal) || valid.Split('*').Length != 8)
        {
            throw new ArgumentException("Not a seal: eight '*'-separated fields ending in ~2 were expected.", nameof(valid));
        }

        return kind switch
        {
            RandomBytes => RandomText(random),
            Truncated => valid[..random.Next(valid.Length)],
            BitFlip => FlipBits(random, valid),
            WrongPrefix => Pick(random, Prefixes) + valid[Prefix.Length..],
            PasswordIdTampered => ReplaceField(valid, 1, random.Next(3) == 0 ? OtherNumber(random) : Pick(random, PasswordIds)),
            ExpiryTampered => ReplaceField(valid, 5, random.Next(4) == 0 ? ShiftedExpiry(random, valid) : Pick(random, Expiries)),
            EmptyFields => EmptyIn(random, valid),
            OnlyStars => new string('*', random.Next(1, 20)) + Suffix,
            NonAscii => InsertNonAscii(random, valid),
            Huge => Enlarge(random, valid),
            VersionSuffix => valid[..^Suffix.Length] + Pick(random, Endings),
            Spliced => Splice(random, valid, Needed(others?.AnotherValid, nameof(OtherSeals.AnotherValid), kind)),
            Expired => Needed(others?.Expired, nameof(OtherSeals.Expired), kind),
            WrongPassword => Needed(others?.WrongPassword, nameof(OtherSeals.WrongPassword), kind),
            UnknownPasswordId => Needed(others?.UnknownPasswordId, nameof(OtherSeals.UnknownPasswordId), kind),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of cookie mutation: see CookieMutations.All."),
        };
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string Needed(string? seal, string name, string kind) =>
        string.IsNullOrEmpty(seal)
            ? throw new ArgumentException($"The kind \"{kind}\" sends a seal made elsewhere: pass it as OtherSeals.{name}.")
            : seal;

    private static string RandomText(Random random)
    {
        var bytes = Bytes(random, random.Next(1, 400));
        return random.Next(3) switch
        {
            0 => Convert.ToBase64String(bytes),
            1 => Convert.ToHexStringLower(bytes),
            _ => new string(bytes.Select(b => (char)(b < 0x20 ? b + 0x40 : b)).ToArray()),
        };
    }

    private static string FlipBits(Random random, string valid)
    {
        var chars = valid.ToCharArray();
        var flips = random.Next(1, 4);
        for (var f = 0; f < flips; f++)
        {
            var at = random.Next(chars.Length);
            chars[at] = (char)(chars[at] ^ (1 << random.Next(8)));
        }

        var flipped = new string(chars);
        if (flipped == valid)
        {
            // Two flips of the same bit undo each other.
            chars[0] = 'G';
            flipped = new string(chars);
        }

        return flipped;
    }

    // A plain number other than 1 (the id every valid seal here carries), negative ones included.
    private static string OtherNumber(Random random)
    {
        var number = random.Next(-5, 100_000);
        return (number == 1 ? 10 : number).ToString(CultureInfo.InvariantCulture);
    }

    private static string ShiftedExpiry(Random random, string valid)
    {
        var expiry = long.Parse(valid.Split('*')[5], CultureInfo.InvariantCulture);
        return (expiry + random.Next(1, 1_000_000_000)).ToString(CultureInfo.InvariantCulture);
    }

    private static string ReplaceField(string valid, int index, string value)
    {
        var fields = valid.Split('*');
        fields[index] = value;
        return string.Join('*', fields);
    }

    private static string EmptyIn(Random random, string valid)
    {
        if (random.Next(4) == 0)
        {
            return Pick(random, WholeEmpty);
        }

        var fields = valid[..^Suffix.Length].Split('*');
        var emptied = random.Next(1, 4);
        for (var e = 0; e < emptied; e++)
        {
            fields[random.Next(fields.Length)] = string.Empty;
        }

        return string.Join('*', fields) + Suffix;
    }

    private static string InsertNonAscii(Random random, string valid)
    {
        var at = random.Next(valid.Length + 1);
        var text = Pick(random, NonAsciiTexts);
        if (random.Next(2) == 0)
        {
            return valid.Insert(at, text);
        }

        var replaced = Math.Min(at, valid.Length - 1);
        return valid.Remove(replaced, 1).Insert(replaced, text);
    }

    private static string Enlarge(Random random, string valid)
    {
        var size = random.Next(10) == 0 ? 40 * 1024 : 10 * 1024;
        var filler = new string((char)('A' + random.Next(26)), size);
        return random.Next(3) switch
        {
            0 => valid + filler,
            1 => valid.Replace("*", "*" + filler[..(size / 8)], StringComparison.Ordinal),
            _ => Convert.ToBase64String(Bytes(random, size * 3 / 4)),
        };
    }

    private static string Splice(Random random, string valid, string another)
    {
        var a = valid[..^Suffix.Length].Split('*');
        var b = another[..^Suffix.Length].Split('*');
        switch (random.Next(4))
        {
            case 0:
                a[4] = b[4]; // another seal's ciphertext
                break;
            case 1:
                a[6] = b[6]; // another seal's MAC
                a[7] = b[7];
                break;
            case 2:
                a[2] = b[2]; // another seal's whole encryption
                a[3] = b[3];
                a[4] = b[4];
                break;
            default:
                // Another seal's expiry, one millisecond later when both were made in the same millisecond.
                a[5] = b[5] != a[5] ? b[5] : (long.Parse(b[5], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
                break;
        }

        return string.Join('*', a) + Suffix;
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

/// <summary>
/// Seals for the <see cref="CookieMutations"/> kinds that a second sealer has to make, made by the caller (so the
/// mutations need no sealing library). Each is sealed properly; what is wrong with it is said by its name.
/// </summary>
/// <param name="AnotherValid">Another valid seal with the same password (another user's, or the same user sealed again), for <see cref="CookieMutations.Spliced"/>.</param>
/// <param name="Expired">A seal made with the right password whose expiry, plus the allowed clock skew, is past, for <see cref="CookieMutations.Expired"/>.</param>
/// <param name="WrongPassword">A seal made under id 1 with a password the app does not have, for <see cref="CookieMutations.WrongPassword"/>.</param>
/// <param name="UnknownPasswordId">A seal made with the right password under an id the app does not have, for <see cref="CookieMutations.UnknownPasswordId"/>.</param>
public sealed record OtherSeals(
    string? AnotherValid = null, string? Expired = null, string? WrongPassword = null, string? UnknownPasswordId = null);
