// The editor page's one inline script. editor.js, the loader, watches that the editor's code arrives and
// starts; this watches the loader itself, whose request can be lost too (a run under load once left the
// editor blank: editor.js never ran). It comes with the page, so it runs whatever the network did. When
// the loader failed to load, or has not run (data-start) within 20 s, it loads the page again, twice at
// most (the loader's own count), then says so. The page's CSP allows this script by its hash only.
(() => {
  const key = `viktorlite.editor-reloads.${location.pathname}`;
  let timer = 0;
  const check = () => {
    if (document.getElementById("editor")?.dataset.start) return; // the loader runs and watches the rest
    clearTimeout(timer);
    let count = 2;
    try {
      count = Number(sessionStorage.getItem(key)) || 0;
      if (count < 2) sessionStorage.setItem(key, String(count + 1));
    } catch {
      count = 2; // no storage: never reload by itself (it could not stop)
    }
    if (count < 2) {
      location.reload();
      return;
    }
    const status = document.getElementById("editor-status");
    if (!status) return;
    const again = document.createElement("button");
    again.type = "button";
    again.className = "btn";
    again.textContent = "Load the page again";
    again.addEventListener("click", () => location.reload());
    const text = document.createElement("p");
    text.textContent = "The editor could not load: its code did not arrive.";
    status.hidden = false;
    status.replaceChildren(text, again);
  };
  timer = setTimeout(check, 20_000);
  addEventListener("error", (event) => event.target instanceof HTMLScriptElement && check(), true);
})();
