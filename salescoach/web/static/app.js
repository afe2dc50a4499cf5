// The reps' practice page. Talks to Rasa's REST channel through /api/message;
// the coach panel, hints, scenario list and scorecard arrive as custom payloads.
// Text from the bot or the rep is only ever set with textContent, never as HTML.
// The page's own wording comes from i18n.js (t and a catalogue key), in the rep's language.
"use strict";

const $ = (id) => document.getElementById(id);
const LANGUAGE_COMMAND = (language) => `/choose_language{"language":"${language}"}`;
// Who the rep is and which conversation they write to are the server's to say (the
// signed-in account); the page only carries the CSRF token it is given.
const page = {
  csrf: "",
  pending: null,
  customer: "",
  lastRep: null,
  endedByRep: false,
  card: null,
  toldLanguage: null,
};

function toSignIn() {
  location.assign("/signin?next=" + encodeURIComponent(location.pathname));
}

async function post(path, body) {
  return fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": page.csrf },
    body: JSON.stringify(body),
  });
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function show(view) {
  for (const id of ["login", "picker", "practice", "card"]) $(id).hidden = id !== view;
}

function busy(on) {
  for (const button of document.querySelectorAll("button")) button.disabled = on;
  $("hint").disabled = on || $("exam").checked;
  document.body.classList.toggle("busy", on);
}

async function send(text, onAnswer) {
  page.pending = { text, onAnswer };
  $("status").hidden = true;
  busy(true);
  let answer;
  try {
    const response = await post("/api/message", { text, exam: $("exam").checked });
    if (response.status === 401) return toSignIn();
    answer = await response.json();
  } catch (err) {
    answer = { error: t("network_down"), retry: true };
  } finally {
    busy(false);
  }
  if (answer.error) {
    $("status-text").textContent = answer.error;
    $("retry").hidden = !answer.retry;
    $("status").hidden = false;
    return;
  }
  page.pending = null;
  (onAnswer || handle)(answer.messages);
}

function handle(messages) {
  for (const message of messages) {
    const custom = message.custom || {};
    if (custom.scenarios) showScenarios(custom.scenarios);
    else if (custom.scenario) startCall(custom.scenario);
    else if (custom.coach) showCoach(custom.coach);
    else if (custom.hint) addLine(custom.hint, "hint");
    else if (custom.scorecard) callOver(custom.scorecard);
    else if (message.text) addBotText(message.text);
  }
}

// "Name: line" in English, "名字：line" in Chinese (the chat's catalogue writes both).
function addBotText(text) {
  const said = page.customer && text.startsWith(page.customer) && /^(: |：)/.exec(text.slice(page.customer.length));
  if (said) {
    addLine(text.slice(page.customer.length + said[0].length), "customer", page.customer);
  } else {
    // From the picker, the bot saying a call from before a reload is still open: the
    // practice view lets the rep go on with it or end it. Beside the scorecard, the
    // chat's "say 'start practice'" is for the terminal: the card has its own button.
    if (!$("picker").hidden) show("practice");
    if (!$("practice").hidden) addLine(text, "system");
  }
}

function addLine(text, kind, speaker) {
  const item = el("li", undefined, "line " + kind);
  if (speaker) item.append(el("b", speaker + ": "));
  const body = el("span", text, "said");
  item.append(body);
  $("log").append(item);
  item.scrollIntoView({ block: "nearest" });
  return body;
}

function showScenarios(scenarios) {
  const list = $("scenarios");
  list.replaceChildren();
  for (const s of scenarios) {
    const button = el("button", undefined, "scenario");
    button.type = "button";
    button.append(el("span", s.title, "title"));
    const meta = { disc: s.disc, persona: named("disc_", s.disc, s.persona), difficulty: named("level_", s.difficulty), industry: s.industry };
    button.append(el("span", t("scenario_meta", meta), "meta"));
    button.addEventListener("click", () => send(s.payload));
    const item = el("li");
    item.append(button);
    list.append(item);
  }
  show("picker");
  list.querySelector("button")?.focus();
}

function startCall(s) {
  page.customer = s.customer.split(/[,，]/)[0];
  $("call-title").textContent = s.title;
  $("brief-meta").textContent = t("brief_meta", { customer: s.customer, disc: s.disc, difficulty: named("level_", s.difficulty), industry: s.industry });
  $("brief-text").textContent = t("you_sell", { product: s.product, context: s.context });
  $("log").replaceChildren();
  $("call-over").hidden = true;
  $("say-form").hidden = false;
  page.endedByRep = false;
  $("coach-body").hidden = true;
  $("coach-empty").hidden = $("exam").checked;
  show("practice");
  $("say").focus();
}

function fill(id, items) {
  $(id).replaceChildren(...items.map((text) => el("li", text)));
}

function showCoach(panel) {
  $("coach-empty").hidden = true;
  $("coach-body").hidden = false;
  $("coach-score").textContent = panel.score;
  fill("coach-hit", panel.hit.length ? panel.hit : [t("hit_none")]);
  fill("coach-missed", panel.missed);
  $("coach-missed-none").hidden = panel.missed.length > 0;
  fill("coach-tips", panel.tips);
  $("coach-evidence").replaceChildren(
    ...panel.evidence.map((e) => {
      const item = el("li");
      item.append(el("mark", e.sentence), el("span", " " + e.note, "muted"));
      return item;
    })
  );
  if (page.lastRep) highlight(page.lastRep, panel.evidence.map((e) => e.sentence));
}

// Marks each evidence sentence inside the rep's own bubble, as text nodes only.
function highlight(bubble, sentences) {
  const text = bubble.textContent;
  const ranges = [];
  for (const sentence of sentences) {
    const at = text.indexOf(sentence);
    if (at >= 0 && !ranges.some(([a, b]) => at < b && at + sentence.length > a)) {
      ranges.push([at, at + sentence.length]);
    }
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const parts = [];
  let cursor = 0;
  for (const [start, end] of ranges) {
    parts.push(document.createTextNode(text.slice(cursor, start)), el("mark", text.slice(start, end)));
    cursor = end;
  }
  parts.push(document.createTextNode(text.slice(cursor)));
  bubble.replaceChildren(...parts);
}

// When the customer ends the call, its last line and the coach panel stay in view;
// the scorecard comes when the rep asks for it.
function callOver(card) {
  page.card = card;
  if (page.endedByRep) {
    showCard(card);
    return;
  }
  $("call-over-text").textContent = card.outcome_text;
  $("call-over").hidden = false;
  $("say-form").hidden = true;
  $("see-card").focus();
}

function showCard(card) {
  $("card-overall").textContent = card.overall;
  $("card-meta").textContent = t("card_meta", { turns: card.turns, outcome: card.outcome_text });
  fill(
    "card-frameworks",
    card.frameworks.map((f) =>
      f.score === null ? t("framework_unused", { label: f.label }) : t("framework_score", f)
    )
  );
  fill("card-work", card.work_on.length ? card.work_on : [t("work_none")]);
  show("card");
  $("again").focus();
}

// A value's name in the rep's language where the catalogue has one (DISC types,
// levels), else the value as the scenario gives it.
function named(prefix, value, otherwise) {
  const key = prefix + value;
  return key in i18n.messages ? t(key) : otherwise ?? value;
}

// The coach (Rasa) keeps the rep's language in a slot: it is told when the rep picks
// one, and before the first call of a page in another language than English. Best
// effort: an answer or a failure changes nothing on the page.
async function tellCoach(language) {
  if (!page.csrf || page.toldLanguage === language) return;
  try {
    const response = await post("/api/message", { text: LANGUAGE_COMMAND(language), exam: $("exam").checked });
    if (response.ok) page.toldLanguage = language;
  } catch (err) {
    // The next call's start tries again.
  }
}

i18n.listeners.push(async (language, byRep) => {
  if (byRep) await tellCoach(language);
  if (!$("picker").hidden) await pickScenario();
});

// The picker comes from the page server: no Rasa round trip before the rep picks.
async function pickScenario() {
  $("status").hidden = true;
  if (i18n.language !== "en") await tellCoach(i18n.language);
  try {
    const response = await fetch("/api/scenarios?lang=" + encodeURIComponent(i18n.language));
    if (response.status === 401) return toSignIn();
    showScenarios((await response.json()).scenarios);
  } catch (err) {
    $("status-text").textContent = t("network_down");
    $("retry").hidden = true;
    $("status").hidden = false;
  }
}

$("start").addEventListener("click", pickScenario);
$("sign-out").addEventListener("click", async () => {
  await post("/api/signout", {});
  location.assign("/signin");
});

async function signedIn() {
  const response = await fetch("/api/me");
  if (response.status === 401) return toSignIn();
  const me = await response.json();
  page.csrf = me.csrf;
  const who = me.account;
  $("who").textContent = who.team ? `${who.name} (${who.team})` : who.name;
  $("dashboard-link").hidden = who.role === "rep";
  $("start").focus();
}

$("say-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("say").value;
  if (!text.trim()) return;
  page.lastRep = addLine(text, "rep", t("you"));
  $("say").value = "";
  send(text);
});

$("say").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $("say-form").requestSubmit();
  }
});

$("hint").addEventListener("click", () => send("/request_hint"));
$("end").addEventListener("click", () => {
  page.endedByRep = true;
  send("/end_practice");
});
$("see-card").addEventListener("click", () => showCard(page.card));
$("again").addEventListener("click", pickScenario);
$("retry").addEventListener("click", () => page.pending && send(page.pending.text, page.pending.onAnswer));
$("exam").addEventListener("change", () => {
  const exam = $("exam").checked;
  $("coach-exam").hidden = !exam;
  $("coach-body").hidden = exam || $("coach-score").textContent === "";
  $("coach-empty").hidden = exam || $("coach-score").textContent !== "";
  $("hint").disabled = exam;
});
signedIn();
