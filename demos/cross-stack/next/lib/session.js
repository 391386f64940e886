// The session settings, the same as the ASP.NET Core app's in Development: whatever starts this app (the workshop
// tool's `demo cross-stack`) passes them, so both apps seal and open one cookie.
import crypto from "node:crypto";

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: start the demo with \`dotnet run --project tools/Workshop -- demo cross-stack\` from the repository root.`);
  }
  return value;
}

export function sessionOptions() {
  return {
    cookieName: required("SESSION_COOKIE_NAME"),
    password: required("SESSION_PASSWORD"),
    // 14 days, as the ASP.NET Core app's Session:TimeToLive; iron-session makes the cookie's Max-Age a minute less.
    ttl: 14 * 24 * 3600,
    // Plain http on loopback, so not Secure (the ASP.NET Core app is not either in Development).
    cookieOptions: { secure: false, httpOnly: true, sameSite: "lax", path: "/" },
  };
}

// The demo user, as the ASP.NET Core app's SessionUser: { id, username, fullName, avatarUrl }.
export function demoUser() {
  return JSON.parse(required("DEMO_USER"));
}

// Whether the password is the demo user's, in time that does not depend on where the two first differ: both sides are
// hashed first, so the comparison always runs over 32 bytes whatever their lengths.
export function isDemoPassword(password) {
  const digest = (text) => crypto.createHash("sha256").update(String(text), "utf8").digest();
  return crypto.timingSafeEqual(digest(password), digest(required("DEMO_PASSWORD")));
}

// The ASP.NET Core app's address on this machine, for asking it about the session from the server.
export function aspNetCoreUrl() {
  return required("ASPNETCORE_APP_URL");
}

// A POST that another site made the browser send is refused, as the ASP.NET Core app's CrossSiteRequests does: the
// browser's Sec-Fetch-Site says where it came from; an older browser's Origin must match the Host.
export function isCrossSite(req) {
  const site = req.headers["sec-fetch-site"];
  if (site) {
    return site !== "same-origin" && site !== "none";
  }
  const origin = req.headers.origin;
  if (origin) {
    const at = origin.indexOf("://");
    return at < 0 || origin.slice(at + 3).toLowerCase() !== String(req.headers.host).toLowerCase();
  }
  return false;
}
