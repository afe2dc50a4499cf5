// The reps' practice page. Talks to Rasa's REST channel through /api/message;
// the coach panel, hints, scenario list and scorecard arrive as custom payloads.
// Text from the bot or the rep is only ever set with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const NETWORK_DOWN = "The practice page cannot reach its server. Your message was kept: press Retry.";
const page = {
  sender: "", team: "", name: "", awaitingName: false, pending: null, customer: "", lastRep: null,
  endedByRep: false, card: null,
};

// Each login is a new Rasa conversation, so a stale call in another tab never takes the name as a reply.
function newSender() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return "web-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
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
    const response = await fetch("/api/message", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: page.sender, text, exam: $("exam").checked, team: page.team }),
    });
    answer = await response.json();
  } catch (err) {
    answer = { error: NETWORK_DOWN, retry: true };
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

function addBotText(text) {
  if (page.customer && text.startsWith(page.customer + ": ")) {
    addLine(text.slice(page.customer.length + 2), "customer", page.customer);
  } else if (!$("practice").hidden) {
    addLine(text, "system");
  } else {
    $("login-error").textContent = text;
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
  page.awaitingName = false;
  const list = $("scenarios");
  list.replaceChildren();
  for (const s of scenarios) {
    const button = el("button", undefined, "scenario");
    button.type = "button";
    button.append(el("span", s.title, "title"));
    button.append(el("span", `${s.disc} · ${s.persona} · ${s.difficulty} · ${s.industry}`, "meta"));
    button.addEventListener("click", () => send(s.payload));
    const item = el("li");
    item.append(button);
    list.append(item);
  }
  show("picker");
  list.querySelector("button")?.focus();
}

function startCall(s) {
  page.customer = s.customer.split(",")[0];
  $("call-title").textContent = s.title;
  $("brief-meta").textContent = `${s.customer} · DISC ${s.disc} · ${s.difficulty} · ${s.industry}`;
  $("brief-text").textContent = `You sell: ${s.product} ${s.context}`;
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
  fill("coach-hit", panel.hit.length ? panel.hit : ["nothing this time"]);
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
  $("card-meta").textContent = `${card.turns} replies · ${card.outcome_text}`;
  fill("card-frameworks", card.frameworks.map((f) => `${f.label}: ${f.score === null ? "not used" : f.score + "/100"}`));
  fill("card-work", card.work_on.length ? card.work_on : ["Nothing flagged. Try a harder scenario."]);
  show("card");
  $("again").focus();
}

$("login-form").addEventListener("submit", (event) => {
  event.preventDefault();
  page.name = $("name").value.trim();
  page.team = $("team").value.trim();
  $("login-error").textContent = "";
  $("who").textContent = page.team ? `${page.name} (${page.team})` : page.name;
  if (page.awaitingName) {
    send(page.name);
    return;
  }
  page.sender = newSender();
  page.awaitingName = true;
  send("/start_practice", () => send(page.name));
});

$("say-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("say").value;
  if (!text.trim()) return;
  page.lastRep = addLine(text, "rep", "You");
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
$("again").addEventListener("click", () => send("/start_practice"));
$("retry").addEventListener("click", () => page.pending && send(page.pending.text, page.pending.onAnswer));
$("exam").addEventListener("change", () => {
  const exam = $("exam").checked;
  $("coach-exam").hidden = !exam;
  $("coach-body").hidden = exam || $("coach-score").textContent === "";
  $("coach-empty").hidden = exam || $("coach-score").textContent !== "";
  $("hint").disabled = exam;
});
