// A small, safe Markdown renderer for `Text` items.
// It never produces HTML strings: it builds DOM nodes, and all text ends up in text nodes,
// so markup in the source shows as literal text. Supported: headings, paragraphs, bold, italic,
// inline code, fenced code blocks, bullet and numbered lists, links (http/https/mailto/relative),
// horizontal rules and hard line breaks (two trailing spaces or a trailing backslash).

import { h } from "./dom.js";

const SAFE_URL = /^(https?:|mailto:|\/|#|\.{0,2}\/)/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function safeHref(url) {
  const trimmed = url.trim();
  if (SAFE_URL.test(trimmed)) return trimmed;
  if (!HAS_SCHEME.test(trimmed)) return trimmed; // relative link without a scheme
  return null; // javascript:, data:, vbscript: ...
}

// Inline patterns, tried at every position; the earliest match wins (ties: list order).
const INLINE = [
  { kind: "code", re: /`([^`]+)`/ },
  { kind: "link", re: /\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/ },
  { kind: "strong", re: /\*\*(?=\S)([\s\S]*?\S)\*\*/ },
  { kind: "strong", re: /__(?=\S)([\s\S]*?\S)__(?![A-Za-z0-9])/ },
  { kind: "em", re: /\*(?=[^\s*])([^*]*?[^\s*])\*/ },
  { kind: "em", re: /(?<![A-Za-z0-9])_(?=[^\s_])([^_]*?[^\s_])_(?![A-Za-z0-9])/ },
  { kind: "br", re: / {2,}\n|\\\n/ },
];

export function renderInline(text) {
  const out = [];
  let rest = text;
  while (rest) {
    let best = null;
    for (const pattern of INLINE) {
      const m = pattern.re.exec(rest);
      if (m && (best === null || m.index < best.m.index)) best = { kind: pattern.kind, m };
    }
    if (!best) {
      out.push(document.createTextNode(rest.replace(/\n/g, " ")));
      break;
    }
    const { kind, m } = best;
    if (m.index > 0) out.push(document.createTextNode(rest.slice(0, m.index).replace(/\n/g, " ")));
    if (kind === "code") out.push(h("code", null, m[1]));
    else if (kind === "strong") out.push(h("strong", null, renderInline(m[1])));
    else if (kind === "em") out.push(h("em", null, renderInline(m[1])));
    else if (kind === "br") out.push(h("br"));
    else if (kind === "link") {
      const href = safeHref(m[2]);
      if (href === null) out.push(document.createTextNode(m[1]));
      else {
        const external = /^(https?:)?\/\//i.test(href);
        out.push(h("a", {
          href,
          target: external ? "_blank" : null,
          rel: external ? "noopener noreferrer" : null,
        }, renderInline(m[1])));
      }
    }
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^([-*_])(\s*\1){2,}\s*$/;
const BULLET = /^[-*+]\s+(.*)$/;
const ORDERED = /^(\d{1,9})[.)]\s+(.*)$/;
const FENCE = /^(```|~~~)/;

/** Markdown source -> DocumentFragment. */
export function renderMarkdown(source) {
  const frag = document.createDocumentFragment();
  const lines = String(source ?? "").replace(/\r\n?/g, "\n").split("\n");
  // Strip the common indentation (app texts are often indented triple-quoted strings).
  const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  const rows = lines.map((l) => l.slice(common));

  let para = [];
  let list = null; // {el, ordered}
  const flushPara = () => {
    if (para.length) frag.appendChild(h("p", null, renderInline(para.join("\n"))));
    para = [];
  };
  const flushList = () => {
    if (list) frag.appendChild(list.el);
    list = null;
  };

  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i];
    const line = raw.trim();
    if (FENCE.test(line)) {
      flushPara();
      flushList();
      const fence = line.slice(0, 3);
      const code = [];
      for (i += 1; i < rows.length && !rows[i].trim().startsWith(fence); i++) code.push(rows[i]);
      frag.appendChild(h("pre", null, h("code", null, code.join("\n"))));
      continue;
    }
    if (!line) {
      flushPara();
      flushList();
      continue;
    }
    let m;
    if ((m = HEADING.exec(line))) {
      flushPara();
      flushList();
      frag.appendChild(h(`h${m[1].length}`, null, renderInline(m[2])));
    } else if (RULE.test(line) && !para.length) {
      flushList();
      frag.appendChild(h("hr"));
    } else if ((m = BULLET.exec(line)) || (m = ORDERED.exec(line))) {
      flushPara();
      const ordered = !BULLET.test(line);
      if (!list || list.ordered !== ordered) {
        flushList();
        list = { ordered, el: h(ordered ? "ol" : "ul") };
        if (ordered && m[1] !== "1") list.el.setAttribute("start", String(parseInt(m[1], 10)));
      }
      list.last = h("li", null, renderInline(ordered ? m[2] : m[1]));
      list.el.appendChild(list.last);
    } else if (list && /^\s+/.test(raw)) {
      // continuation of the last list item
      list.last.append(" ", ...renderInline(line));
    } else {
      flushList();
      // keep the hard-break markers (two trailing spaces / backslash) for renderInline
      para.push(raw.replace(/^\s+/, ""));
    }
  }
  flushPara();
  flushList();
  return frag;
}
