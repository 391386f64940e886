// The pages' buttons, as the tutorial's click handlers: call the session API, then change page.
// Nothing here can read the session cookie: it is HttpOnly, so only the server sees it.
"use strict";

// The routes, written into the page by the server from its own constants (SessionEndpoints, PageEndpoints).
const routes = document.currentScript.dataset;

// A mock user, as in the tutorial: a real app would get it from its login API.
const mockUser = { id: 23, username: "tvy", fullName: "tvydev", avatarUrl: "some_url.com" };

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    // Show the server's problem detail on the page, so a failing step says what to do.
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || problem.title || `${url} answered ${response.status}`);
  }
}

function showError(error) {
  const box = document.getElementById("error");
  box.textContent = error.message;
  box.hidden = false;
}

document.getElementById("login")?.addEventListener("click", () =>
  post(routes.store, mockUser).then(() => location.replace(routes.home), showError));

document.getElementById("logout")?.addEventListener("click", () =>
  post(routes.destroy).then(() => location.replace(routes.login), showError));

// The password form (step 07): posts to its own action, the login route, as JSON. Without script the browser posts
// the form itself, and the server answers with a redirect instead (Login/LoginForm.cs).
document.getElementById("login-form")?.addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  document.getElementById("login-error")?.remove(); // the server's error from a submit without script, now stale
  post(form.getAttribute("action"), { username: form.username.value, password: form.password.value })
    .then(() => location.replace(routes.home), showError);
});

// "Log out everywhere" (step 08): posts to the route its button names.
document.getElementById("logout-all")?.addEventListener("click", (event) =>
  post(event.currentTarget.dataset.route).then(() => location.replace(routes.login), showError));
