namespace IronSealing;

/// <summary>
/// Why <see cref="IronSealer.Unseal"/> did not open a seal. The names and numbers are stable, so they can be used as
/// metric tags and log fields; new reasons are only ever added at the end.
/// </summary>
public enum UnsealFailure
{
    /// <summary>The seal opened.</summary>
    None = 0,

    /// <summary>The seal is null or empty.</summary>
    Empty = 1,

    /// <summary>
    /// The seal is not Fe26.2 with iron-session's "~2" suffix: no suffix (iron-session 5's layout), another suffix,
    /// or another first field than <see cref="IronSealer.Prefix"/>.
    /// </summary>
    UnknownVersion = 2,

    /// <summary>The seal does not have the eight '*'-separated fields of the format.</summary>
    Malformed = 3,

    /// <summary>No password has the seal's id, compared as exact text (a seal with id "01" does not open with "1").</summary>
    UnknownPasswordId = 4,

    /// <summary>The seal's expiry field is neither empty nor a whole number of milliseconds.</summary>
    BadExpiry = 5,

    /// <summary>The seal's expiry is at or before now minus <see cref="IronSealer.ClockSkew"/>.</summary>
    Expired = 6,

    /// <summary>The MAC does not match: the seal was changed, or made with another password under the same id.</summary>
    MacMismatch = 7,

    /// <summary>The MAC matches but the IV or the ciphertext is not valid base64url (or the IV is not 16 bytes).</summary>
    BadEncoding = 8,

    /// <summary>The MAC matches but the ciphertext does not decrypt: someone holding the password sealed garbage.</summary>
    Undecryptable = 9,
}
