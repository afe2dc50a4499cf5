// The page's wording in the rep's language. The server draws each page with its
// messages (data/messages/page.yml) and puts them here as JSON; this file looks them
// up for what the scripts draw, and switches language without a reload: the picker
// fetches the other language's messages and fills every data-msg element again.
"use strict";

const LANGUAGE_COOKIE = "salescoach_lang";
const i18n = {
  language: document.documentElement.lang || "en",
  messages: JSON.parse(document.getElementById("page-messages").textContent),
  listeners: [],
};

// A message with its {fields} filled in; values are text, set with textContent by callers.
function t(key, fields) {
  const template = i18n.messages[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) =>
    fields && name in fields ? String(fields[name]) : whole
  );
}

function applyMessages() {
  document.documentElement.lang = i18n.language;
  for (const node of document.querySelectorAll("[data-msg]")) node.textContent = t(node.dataset.msg);
  for (const node of document.querySelectorAll("[data-msg-label]")) {
    node.setAttribute("aria-label", t(node.dataset.msgLabel));
  }
  const picker = document.getElementById("language");
  if (picker) picker.value = i18n.language;
}

function remember(language) {
  try {
    localStorage.setItem(LANGUAGE_COOKIE, language);
  } catch (err) {
    // Storage off (a private window): the cookie still carries the choice.
  }
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${LANGUAGE_COOKIE}=${language}; path=/; max-age=31536000; samesite=lax${secure}`;
}

// byRep: the rep picked it now (the page tells the coach), not a choice kept from before.
async function chooseLanguage(language, byRep) {
  const response = await fetch("/api/page-messages?lang=" + encodeURIComponent(language));
  if (!response.ok) return;
  const answer = await response.json();
  i18n.language = answer.language;
  i18n.messages = answer.messages;
  remember(answer.language);
  applyMessages();
  for (const listener of i18n.listeners) await listener(answer.language, Boolean(byRep));
}

// A choice kept in this browser wins over the one the page was drawn in, unless the
// address asks for a language (?lang=).
function startLanguage() {
  let kept = null;
  try {
    kept = localStorage.getItem(LANGUAGE_COOKIE);
  } catch (err) {
    kept = null;
  }
  const picker = document.getElementById("language");
  if (picker) {
    picker.value = i18n.language;
    picker.addEventListener("change", () => chooseLanguage(picker.value, true));
  }
  const asked = new URLSearchParams(location.search).has("lang");
  if (kept && kept !== i18n.language && !asked) chooseLanguage(kept, false);
}

startLanguage();
