// Entity changes made anywhere (another tab, a job through viktor.api_v1) pushed over SSE.
// Pages re-read what they show; an event is a hint, never the data itself.

const parse = (event) => {
  try {
    return JSON.parse(event.data);
  } catch {
    return null;
  }
};

/**
 * Call onChange(event) for every entity change ({change, entity_id, entity_type, name,
 * parent_id, revision?, author?, ids?}); onReconnect() after the stream was lost and is back
 * (changes may have been missed: re-read everything). Marks <body data-live="true"> while listening.
 */
export function followEntityChanges(onChange, onReconnect = () => {}) {
  const source = new EventSource("/api/events");
  let wasReady = false;
  source.addEventListener("ready", () => {
    if (wasReady) onReconnect();
    wasReady = true;
    document.body.dataset.live = "true";
  });
  source.addEventListener("entity", (event) => {
    const data = parse(event);
    if (data) onChange(data);
  });
  source.addEventListener("error", () => { document.body.dataset.live = "false"; });
  window.addEventListener("pagehide", () => source.close());
  return source;
}
