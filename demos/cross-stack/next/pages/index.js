// The session page: what iron-session reads from the cookie, beside what the ASP.NET Core app says about the same
// cookie. They differ when the ASP.NET Core app revoked the session (step 08): iron-session cannot see that.
import Head from "next/head";
import { getIronSession } from "iron-session";
import { askAspNetCore } from "../lib/aspnetcore";
import { sessionOptions } from "../lib/session";

export async function getServerSideProps({ req, res }) {
  const session = await getIronSession(req, res, sessionOptions());
  const aspNetCore = await askAspNetCore(req, res);
  res.setHeader("Cache-Control", "no-store");
  return { props: { ironSession: session.user ?? null, aspNetCore } };
}

function who(user) {
  return `logged in as ${user.username} (${user.fullName}, id ${user.id})`;
}

export default function Session({ ironSession, aspNetCore }) {
  const aspNetCoreSays = aspNetCore.error ? `no answer: ${aspNetCore.error}` : aspNetCore.user ? who(aspNetCore.user) : "logged out";
  const differ = Boolean(ironSession) && !aspNetCore.error && !aspNetCore.user;
  return (
    <main>
      <Head>
        <title>Next.js session · cross-stack demo</title>
      </Head>
      <h1>Next.js: the session</h1>
      <p id="iron-session">iron-session reads: {ironSession ? who(ironSession) : "logged out"}</p>
      <p id="aspnetcore">ASP.NET Core says: {aspNetCoreSays}</p>
      {differ && (
        <p id="differ" role="status">
          They differ: the cookie opens, but the ASP.NET Core app ended this session. iron-session alone checks only the
          seal and its expiry, so it cannot see a logout the other app recorded.
        </p>
      )}
      <p>
        What iron-session cannot see: it keeps no list of sessions, so a copy of this cookie taken before a logout
        still opens here until it expires. Only the ASP.NET Core app remembers logouts (step 08, by the session&apos;s
        id), which is why this page asks it too.
      </p>
      {ironSession ? (
        <form method="post" action="/next/api/logout">
          <button type="submit" id="logout">Log out (Next.js)</button>
        </form>
      ) : (
        <p>
          <a id="login" href="/next/login">Log in on Next.js</a>
        </p>
      )}
      <p>
        <a href="/">The ASP.NET Core app&apos;s home page</a> · <a href="/login">its login page</a>
      </p>
    </main>
  );
}
