// Sign-in and invite pages. Before sign-in the CSRF token is the double-submit
// cookie the server set with this page; it goes back in a header. Wording: i18n.js.
"use strict";

const $ = (id) => document.getElementById(id);

function csrfCookie() {
  const found = document.cookie.split("; ").find((c) => c.startsWith("salescoach_csrf="));
  return found ? found.slice("salescoach_csrf=".length) : "";
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfCookie() },
    body: JSON.stringify(body),
  });
  let answer = {};
  try {
    answer = await response.json();
  } catch (err) {
    answer = { error: response.statusText };
  }
  return { ok: response.ok, answer };
}

// Only a page of this site: ?next=https://..., //evil or /\evil must not send a rep elsewhere.
function next() {
  const wanted = new URL(new URLSearchParams(location.search).get("next") || "/", location.origin);
  return wanted.origin === location.origin ? wanted.pathname + wanted.search + wanted.hash : "/";
}

const inviteToken = location.pathname.startsWith("/invite/")
  ? decodeURIComponent(location.pathname.slice("/invite/".length))
  : "";

$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("signin-error").textContent = "";
  const { ok, answer } = await post("/api/signin", { login: $("login").value, password: $("password").value });
  if (ok) location.assign(next());
  else $("signin-error").textContent = answer.error || t("signin_failed");
});

$("invite-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("invite-error").textContent = "";
  if ($("new-password").value !== $("again-password").value) {
    $("invite-error").textContent = t("passwords_differ");
    return;
  }
  const { ok, answer } = await post("/api/invite", { token: inviteToken, password: $("new-password").value });
  if (ok) location.assign("/");
  else $("invite-error").textContent = answer.error || t("invite_failed");
});

async function showInvite() {
  $("signin").hidden = true;
  $("invite").hidden = false;
  const response = await fetch("/api/invite/" + encodeURIComponent(inviteToken));
  const answer = await response.json();
  if (!response.ok) {
    $("invite-for").textContent = answer.error;
    $("invite-form").hidden = true;
    return;
  }
  $("invite-for").textContent = t("invite_for", answer);
  $("new-password").focus();
}

if (inviteToken) showInvite();
