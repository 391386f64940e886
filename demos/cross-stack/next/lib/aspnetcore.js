// What the ASP.NET Core app says about this browser's session. iron-session alone only checks the seal: a cookie the
// ASP.NET Core app logged out (step 08 revokes the session's id) still opens here. So the page asks that app too,
// server to server, with the browser's own Cookie header.
import { aspNetCoreUrl } from "./session";

export async function askAspNetCore(req, res) {
  try {
    const answer = await fetch(new URL("/api/session", aspNetCoreUrl()), {
      headers: { cookie: req.headers.cookie ?? "" },
      signal: AbortSignal.timeout(5000),
    });
    if (!answer.ok) {
      return { error: `GET /api/session answered ${answer.status}` };
    }
    // A session in use may be sealed again (step 08 notes when it was last seen): the browser keeps the newer seal.
    const renewed = answer.headers.getSetCookie();
    if (renewed.length > 0) {
      res.setHeader("Set-Cookie", renewed);
    }
    const session = await answer.json();
    return session.isLogin
      ? { user: { id: session.id, username: session.username, fullName: session.fullName, avatarUrl: session.avatarUrl ?? null } }
      : { user: null };
  } catch (error) {
    return { error: `the ASP.NET Core app did not answer (${error.name})` };
  }
}
