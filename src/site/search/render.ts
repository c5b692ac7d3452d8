// Writing the matches into the page (browser only). DOM nodes with textContent: pasted text
// never becomes markup.
import type { Match } from "./match.ts";

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

export function renderMatches(out: HTMLElement, matches: Match[], faqHref: string): void {
  if (matches.length === 0) {
    const p = el("p", "No FAQ entry lists this symptom yet. Browse ");
    const a = el("a", "all symptoms by area");
    a.href = faqHref;
    p.append(a, ", or try the search at the top with a few words of the message.");
    out.replaceChildren(p);
    return;
  }
  const list = el("ol", undefined, "pb-search__list");
  for (const { entry, symptom } of matches) {
    const item = el("li");
    const link = el("a", entry.title);
    link.href = entry.href;
    const seen = el("p", "Symptom: ");
    seen.append(el("code", symptom));
    item.append(link, seen);
    if (entry.cause) item.append(el("p", `Cause: ${entry.cause}`));
    list.append(item);
  }
  out.replaceChildren(list);
}
