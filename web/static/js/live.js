// Entity changes made anywhere (another tab, a job through viktor.api_v1) and reloads of the app's
// code, pushed over SSE. Pages re-read what they show; an event is a hint, never the data itself.

const parse = (event) => {
  try {
    return JSON.parse(event.data);
  } catch {
    return null;
  }
};

let source = null;

/** The page's one EventSource; marks <body data-live="true"> while listening. */
function stream() {
  if (!source) {
    source = new EventSource("/api/events");
    source.addEventListener("ready", () => { document.body.dataset.live = "true"; });
    source.addEventListener("error", () => { document.body.dataset.live = "false"; });
    window.addEventListener("pagehide", () => source.close());
  }
  return source;
}

/**
 * Call onChange(event) for every entity change ({change, entity_id, entity_type, name,
 * parent_id, revision?, author?, ids?}); onReconnect() after the stream was lost and is back, or
 * the server dropped events for a page that read too slowly (changes may have been missed: re-read
 * everything).
 */
export function followEntityChanges(onChange, onReconnect = () => {}) {
  const events = stream();
  let wasReady = false;
  events.addEventListener("ready", () => {
    if (wasReady) onReconnect();
    wasReady = true;
  });
  events.addEventListener("resync", () => onReconnect()); // the server dropped events for this page
  events.addEventListener("entity", (event) => {
    const data = parse(event);
    if (data) onChange(data);
  });
  return events;
}

/**
 * Call onReload(version) when the workers publish a manifest of another version than the page
 * knows (a hot reload in dev mode), also one published while the stream was not connected.
 */
export function followAppReloads(version, onReload) {
  const events = stream();
  let known = version ?? null;
  const check = (event) => {
    const seen = parse(event)?.manifest_version;
    if (seen && seen !== known) {
      known = seen;
      onReload(seen);
    }
  };
  events.addEventListener("ready", check);
  events.addEventListener("app", check);
  events.addEventListener("resync", check);
  return events;
}
