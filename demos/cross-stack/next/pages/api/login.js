// POST /next/api/login: the login form's target. Checks the demo user, then seals the session into the cookie and
// goes to the session page. The session is { user, sid, iat }: user shaped as the ASP.NET Core app's SessionUser, and
// the two fields its revocation list (step 08) reads, so that app can end a session begun here:
//   sid, a random id (16 bytes as 32 lowercase hex digits): its logout revokes it, so a copy of the cookie stops working;
//   iat, the login time in Unix seconds: "log out everywhere" ends the sessions begun before it, and only those. A
//   session without iat counts as begun before, so every later login made here would be refused too.
import crypto from "node:crypto";
import { getIronSession } from "iron-session";
import { demoUser, isCrossSite, isDemoPassword, sessionOptions } from "../../lib/session";

export default async function login(req, res) {
  if (req.method !== "POST") {
    res.setHeader("Allow", "POST");
    return res.status(405).json({ detail: "Log in with a POST of the form on /next/login." });
  }
  if (isCrossSite(req)) {
    return res.status(403).json({ detail: "This login came from another site; only this app's login page may post it." });
  }

  const { username, password } = req.body ?? {};
  const user = demoUser();
  // Both checks always run, so a wrong username takes as long as a wrong password.
  const passwordOk = isDemoPassword(password ?? "");
  if (username !== user.username || !passwordOk) {
    return res.redirect(303, "/next/login?failed=1");
  }

  const session = await getIronSession(req, res, sessionOptions());
  session.user = { id: user.id, username: user.username, fullName: user.fullName, avatarUrl: user.avatarUrl };
  session.sid = crypto.randomBytes(16).toString("hex");
  session.iat = Math.floor(Date.now() / 1000);
  await session.save();
  return res.redirect(303, "/next");
}
