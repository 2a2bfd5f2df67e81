// The entity editor's page script: it loads the editor (editor_app.js and the modules it imports) and
// watches that its start-up completes. It imports nothing statically, so it runs even when one of the
// editor's modules is slow to arrive, or never does (a request the server or the connection lost):
// the page then says so and loads itself again instead of staying blank for good.

/** Milliseconds the editor's code may take to arrive before the page is loaded again. */
const LOAD_MS = 20_000;
/** How often a page loads itself again for that (sessionStorage counts it) before it only says so. */
const RELOADS = 2;

const root = document.getElementById("editor");
const status = document.getElementById("editor-status");
const reloadsKey = `viktorlite.editor-reloads.${location.pathname}`;

function reloads() {
  try {
    return Number(sessionStorage.getItem(reloadsKey)) || 0;
  } catch {
    return RELOADS; // no storage: never reload by itself (it could not stop)
  }
}

function setReloads(count) {
  try {
    if (count) sessionStorage.setItem(reloadsKey, String(count));
    else sessionStorage.removeItem(reloadsKey);
  } catch {
    // no storage
  }
}

/** Milliseconds the start-up may take once the code is here before the page says it is slow (and where). */
const START_MS = 60_000;

/** In the editor's status: a title, a detail and a button that loads the page again (`hide`: the editor too). */
function showProblem(title, detail, { hide = true } = {}) {
  const box = document.createElement("div");
  box.className = "fatal";
  box.setAttribute("role", "alert");
  box.dataset.startProblem = "";
  const heading = document.createElement("h2");
  heading.textContent = title;
  const text = document.createElement("p");
  text.textContent = detail;
  const again = document.createElement("button");
  again.type = "button";
  again.className = "btn";
  again.textContent = "Load the page again";
  again.addEventListener("click", () => location.reload());
  box.append(heading, text, again);
  status.hidden = false;
  status.replaceChildren(box);
  for (const id of hide ? ["editor-main", "page-bar"] : []) {
    const part = document.getElementById(id);
    if (part) part.hidden = true;
  }
}

/** The code has not arrived in time (or failed to): load the page again, a few times, else say so. */
function stalled(detail) {
  const count = reloads();
  if (count < RELOADS) {
    setReloads(count + 1);
    location.reload();
    return;
  }
  showProblem("The editor could not load", detail);
}

if (!status.childElementCount) { // the page's own "Loading…", until editor_app.js shows its own
  const title = document.createElement("div");
  title.className = "status-title";
  title.textContent = "Loading…";
  const spinner = document.createElement("div");
  spinner.className = "spinner";
  spinner.setAttribute("aria-hidden", "true");
  const text = document.createElement("div");
  text.append(title);
  status.replaceChildren(spinner, text);
}
root.dataset.start = "loading";

const watchdog = setTimeout(
  () => stalled(`The editor's code did not arrive within ${LOAD_MS / 1000} s.`), LOAD_MS);

import("./editor_app.js").then(
  (editor) => {
    clearTimeout(watchdog);
    setReloads(0);
    root.dataset.start = "started";
    const slow = setTimeout(() => {
      const title = status.querySelector(".status-title")?.textContent;
      if (root.dataset.ready === "true" || (!status.hidden && title !== "Loading…")) return; // it says why itself
      console.warn("the editor's start-up is slow, at:", root.dataset.startStage);
      showProblem("The editor is slow to start", `Still ${root.dataset.startStage || "starting"} after `
        + `${START_MS / 1000} s.`, { hide: false });
    }, START_MS);
    return editor.start().finally(() => clearTimeout(slow));
  },
  (err) => {
    clearTimeout(watchdog);
    console.error(err);
    stalled(`The editor's code did not load (${err.message || err}).`);
  },
).catch((err) => {
  console.error(err);
  showProblem("The editor failed", String(err.message || err));
}).finally(() => {
  if (root.dataset.start === "started") root.dataset.start = root.dataset.ready === "true" ? "ready" : "ended";
});
