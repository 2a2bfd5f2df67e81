// A list of saved entities read a page at a time (GET /api/entities?limit=&offset=&sort=&q=&parent_id=):
// the server orders and filters, the page holds only what it shows. Used by the entity list, the
// children table and each open level of the tree side bar.

import { api } from "./api.js";

export const PAGE_SIZE = 50;
const MAX_LIMIT = 1000; // the server's (web/routes/entities_page.py)

/** Sort keys the server orders by (viktorlite.store.entity_index.SORTS); "-key": descending. */
export const SERVER_SORTS = new Set(["id", "created_at", "name"]);

export class EntityPages {
  /** parentId: undefined for every entity, null for the top level, else an entity id. */
  constructor({ parentId = undefined, pageSize = PAGE_SIZE, onChange = () => {} } = {}) {
    this.parentId = parentId;
    this.pageSize = pageSize;
    this.onChange = onChange;
    this.items = [];
    this.total = 0;
    this.nextOffset = null;
    this.sort = "id";
    this.q = "";
    this.loaded = false;
    this.generation = 0; // a reply to an older query (another sort, filter, a reload since) is dropped
    this.reading = null;
  }

  /** Whether every matching entity is loaded. */
  get complete() {
    return this.loaded && this.nextOffset === null;
  }

  url(offset, limit) {
    const query = new URLSearchParams({ limit: String(limit), offset: String(offset), sort: this.sort });
    if (this.parentId !== undefined) query.set("parent_id", this.parentId === null ? "null" : String(this.parentId));
    if (this.q) query.set("q", this.q);
    return `/api/entities?${query}`;
  }

  async read(offset, limit, append) {
    const generation = this.generation;
    const page = await api("GET", this.url(offset, limit));
    if (generation !== this.generation) return false;
    const known = new Set(append ? this.items.map((e) => e.id) : []);
    const fresh = page.items.filter((e) => !known.has(e.id));
    this.items = append ? this.items.concat(fresh) : fresh;
    this.total = page.total;
    this.nextOffset = page.next_offset ?? null;
    this.loaded = true;
    this.onChange(this);
    return true;
  }

  /** Re-read what is shown (at least the first page) in one request: after a change anywhere. */
  reload() {
    this.generation += 1;
    const limit = Math.min(MAX_LIMIT, Math.max(this.pageSize, this.items.length));
    this.reading = this.read(0, limit, false).finally(() => { this.reading = null; });
    return this.reading;
  }

  /** Load the next page (the "more" button, or the end of the list scrolled into sight). */
  async more() {
    if (this.reading || this.nextOffset === null) return this.reading;
    this.reading = this.read(this.items.length, this.pageSize, true).finally(() => { this.reading = null; });
    return this.reading;
  }

  /** Order by `sort` (a SERVER_SORTS key, "-" for descending): the first page again. */
  setSort(sort) {
    this.sort = sort;
    this.items = [];
    return this.reload();
  }

  /** Only entities whose name holds `q` (case-insensitive, on the server): the first page again. */
  setQuery(q) {
    this.q = q;
    this.items = [];
    return this.reload();
  }
}

/** A "Load more" button under a list, also pressed when it scrolls into sight; hidden once complete. */
export function moreButton(pages, label = "Load more") {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-small more-button";
  button.dataset.loadMore = "";
  button.textContent = label;
  button.hidden = true;
  button.addEventListener("click", () => pages.more());
  if (typeof IntersectionObserver !== "undefined") {
    new IntersectionObserver((seen) => {
      if (seen.some((e) => e.isIntersecting) && !button.hidden) pages.more();
    }).observe(button);
  }
  return {
    button,
    sync() {
      button.hidden = pages.nextOffset === null;
      button.textContent = `${label} (${pages.items.length} of ${pages.total})`;
    },
  };
}
