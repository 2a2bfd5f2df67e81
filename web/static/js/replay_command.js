// The command that replays a job (`viktorlite replay <id> ...`), shown as text with a Copy button.

import { h, toast } from "./dom.js";

async function copy(command) {
  try {
    await navigator.clipboard.writeText(command);
    toast("Replay command copied", "success");
  } catch {
    toast("Cannot reach the clipboard: select the command and copy it", "warning");
  }
}

/** The command as selectable text plus a button copying it; null when there is none. */
export function replayCommand(command) {
  if (!command) return null;
  return h("span", { class: "replay-command" },
    h("code", { class: "mono", dataset: { replayCommand: command } }, command),
    h("button", { class: "btn btn-small", type: "button", title: "Copy the command that replays this job in your terminal",
      on: { click: () => copy(command) } }, "Copy"));
}
