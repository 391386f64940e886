// The Next.js login page: a plain form, posted by the browser itself (no script needed).
import Head from "next/head";

export function getServerSideProps({ query }) {
  return { props: { failed: query.failed === "1" } };
}

export default function Login({ failed }) {
  return (
    <main>
      <Head>
        <title>Next.js login · cross-stack demo</title>
      </Head>
      <h1>Next.js: log in</h1>
      {failed && <p id="login-failed" role="alert">Wrong username or password.</p>}
      {/* A form's action is not rewritten by basePath, so it names /next itself. */}
      <form method="post" action="/next/api/login">
        <p>
          <label htmlFor="username">Username</label> <input id="username" name="username" autoComplete="username" required />
        </p>
        <p>
          <label htmlFor="password">Password</label>{" "}
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </p>
        <button type="submit" id="login">Log in</button>
      </form>
      <p>
        <a href="/next">The session, as both apps see it</a> · <a href="/">The ASP.NET Core app</a>
      </p>
    </main>
  );
}
