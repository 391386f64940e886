namespace IronSealing.AspNetCore;

/// <summary>The names the scheme uses unless told otherwise.</summary>
public static class IronSessionDefaults
{
    /// <summary>The scheme's name: <c>AddIronSession()</c> registers it under this name.</summary>
    public const string AuthenticationScheme = "IronSession";

    /// <summary>The cookie's name over HTTP (Development): the name iron-session's examples use.</summary>
    public const string CookieName = "iron-session";

    /// <summary>The cookie's name over HTTPS: with the <c>__Host-</c> prefix, so no other host can set it.</summary>
    public const string SecureCookieName = "__Host-iron-session";

    /// <summary>The property of the session that holds the user, as in the tutorial's <c>session.user</c>.</summary>
    public const string SessionKey = "user";

    /// <summary>The longest <c>Set-Cookie</c> value every browser keeps.</summary>
    public const int MaxSetCookieBytes = 4096;
}
