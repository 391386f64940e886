// POST /next/api/logout: ends the session, then clears the cookie. iron-session keeps no list of sessions, so its
// destroy() only clears this browser's cookie: a copy taken before would still open, here and in the ASP.NET Core app.
// So the logout goes to the ASP.NET Core app first, server to server, with the browser's cookie: that app revokes the
// session's id (step 08), and every copy is refused there from now on.
import { getIronSession } from "iron-session";
import { aspNetCoreUrl, isCrossSite, sessionOptions } from "../../lib/session";

export default async function logout(req, res) {
  if (req.method !== "POST") {
    res.setHeader("Allow", "POST");
    return res.status(405).json({ detail: "Log out with a POST, from the button on /next." });
  }
  if (isCrossSite(req)) {
    return res.status(403).json({ detail: "This logout came from another site; only this app's pages may post it." });
  }

  const ended = await fetch(new URL("/api/session/destroy", aspNetCoreUrl()), {
    method: "POST",
    headers: { cookie: req.headers.cookie ?? "" },
    signal: AbortSignal.timeout(5000),
  }).catch((error) => ({ ok: false, status: error.name }));
  const session = await getIronSession(req, res, sessionOptions());
  session.destroy();
  if (!ended.ok) {
    // This browser is logged out all the same; say that a copy of the cookie may still work.
    return res.status(503).json({ detail: `Logged out here, but the ASP.NET Core app could not record it (${ended.status}): a copy of the cookie may still work.` });
  }
  return res.redirect(303, "/next/login");
}
