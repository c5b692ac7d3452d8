// Writing a search outcome into a box (browser only). Pasted text only ever becomes text nodes;
// Pagefind's excerpts are rebuilt from their text and <mark>s, never inserted as markup.
// Every result is an `li[data-result]` carrying its page's href, in the order shown.
import type { Outcome } from "./engine.ts";
import type { PageHit } from "./fulltext.ts";

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function link(href: string, text: string, cls?: string): HTMLAnchorElement {
  const a = el("a", text, cls);
  a.href = href;
  return a;
}

/** An excerpt's text with its <mark>s: Pagefind escapes the page text and marks the words found. */
function excerpt(html: string): HTMLParagraphElement {
  const p = el("p", undefined, "pb-result__excerpt");
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  for (const node of doc.body.firstChild?.childNodes ?? []) {
    p.append(node.nodeName === "MARK" ? el("mark", node.textContent ?? "") : (node.textContent ?? ""));
  }
  return p;
}

function pageItem(hit: PageHit): HTMLLIElement {
  const item = el("li", undefined, "pb-result pb-result--page");
  item.dataset.result = hit.href;
  item.append(link(hit.href, hit.title, "pb-result__title"), excerpt(hit.excerpt));
  if (hit.sections.length > 0) {
    const list = el("ul", undefined, "pb-result__sections");
    for (const s of hit.sections) {
      const li = el("li");
      li.append(link(s.href, s.title), excerpt(s.excerpt));
      list.append(li);
    }
    item.append(list);
  }
  return item;
}

function searchedFor(searched: string[], mostOf: boolean): HTMLParagraphElement {
  const p = el("p", mostOf ? "Searched the pages for most of " : "Searched the pages for ", "pb-results__searched");
  searched.forEach((q, i) => p.append(i === 0 ? "" : i === searched.length - 1 ? " and " : ", ", el("q", q)));
  p.append(".");
  return p;
}

/** Renders `o` into `out`; `done` says whether the full text is in (or not to come). */
export function renderOutcome(out: HTMLElement, o: Outcome, done: boolean): void {
  const nodes: Node[] = [];
  const list = el("ol", undefined, "pb-results");
  for (const { entry, symptom } of o.matches) {
    const item = el("li", undefined, "pb-result pb-result--symptom");
    item.dataset.result = entry.href;
    const seen = el("p", "Matched symptom: ", "pb-result__symptom");
    seen.append(el("code", symptom.text));
    if (symptom.etcd) seen.append(` (etcd ${symptom.etcd})`);
    item.append(link(entry.href, entry.title, "pb-result__title"), seen);
    if (entry.cause) item.append(el("p", entry.cause, "pb-result__cause"));
    list.append(item);
  }
  const ft = o.fulltext;
  if (ft && ft.hits.length > 0) {
    if (!ft.typed && o.matches.length === 0) nodes.push(el("p", "No entry lists this line as a symptom. These pages mention its words:", "pb-results__note"));
    for (const hit of ft.hits) list.append(pageItem(hit));
  }
  if (list.childElementCount > 0) nodes.push(list);
  if (ft && !ft.typed && ft.searched.length > 0) nodes.push(searchedFor(ft.searched, ft.mostOf));
  if (!done) nodes.push(el("p", "Searching the pages…", "pb-results__pending"));
  if (ft?.unavailable) nodes.push(el("p", "Full-text search needs a built site (npm run build, then npm run preview); symptoms are matched here all the same.", "pb-results__note"));
  if (done && list.childElementCount === 0 && o.paste.records.length > 0 && !ft?.unavailable) {
    nodes.unshift(el("p", ft?.typed ? "No page mentions these words." : "Nothing on this site matches this line yet.", "pb-results__none"));
  }
  if (done && o.issueUrl) {
    const p = el("p", list.childElementCount === 0 ? "" : "Not explained here? ", "pb-results__new");
    p.append(
      link(o.issueUrl, list.childElementCount === 0 ? "Ask for a new entry about this line" : "ask for a new entry about this line", "pb-results__new-entry"),
      ": the issue tracker opens with the line filled in, its times, IDs, addresses and paths left out.",
    );
    nodes.push(p);
  }
  out.replaceChildren(...nodes);
}
