// The JSON API client. Errors are JSON {"error": message}; they surface as ApiError.

export class ApiError extends Error {
  constructor(message, status, body = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

/** timeoutMs: give up (an ApiError of status 0) when no answer came by then; 0: wait as long as it takes. */
export async function api(method, url, body, { keepalive = false, timeoutMs = 0 } = {}) {
  const init = { method, headers: { Accept: "application/json" }, keepalive };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const abort = timeoutMs > 0 ? new AbortController() : null;
  const timer = abort ? setTimeout(() => abort.abort(), timeoutMs) : 0;
  if (abort) init.signal = abort.signal;
  try {
    return await request(method, url, init);
  } catch (err) {
    if (abort?.signal.aborted) throw new ApiError(`${method} ${url}: no answer in ${Math.round(timeoutMs / 1000)} s`, 0);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

async function request(method, url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    throw new ApiError(`Cannot reach the viktorlite server (${err.message})`, 0);
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const message = (data && typeof data.error === "string" && data.error)
      || `${method} ${url} failed: ${response.status} ${response.statusText}`;
    throw new ApiError(message, response.status, data);
  }
  return data;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The app's manifest. While no worker has published it (503) call onWaiting(message) and
 * retry every second; other failures (and, with timeoutMs, a request left unanswered) are retried too,
 * with their message shown.
 */
export async function waitForManifest(onWaiting, { timeoutMs = 0 } = {}) {
  for (;;) {
    try {
      return await api("GET", "/api/app", undefined, { timeoutMs });
    } catch (err) {
      if (err.status === 503) onWaiting("Waiting for a worker…", err.message);
      else onWaiting("Cannot load the app", err.message);
    }
    await sleep(1000);
  }
}
