// Loaded on demand by the search components (when the header search opens, when the home box
// gets focus): everything the search needs, so no page pays for it before the reader asks.
import { bindBox } from "./box.ts";
import { SearchEngine, type BoxKind } from "./engine.ts";

const engines = new Map<string, SearchEngine>();

/** Binds a box; both boxes of a page share one engine (one symptom index, one Pagefind). */
export function startBox(kind: BoxKind, base: string, input: HTMLTextAreaElement, out: HTMLElement) {
  let engine = engines.get(base);
  if (!engine) engines.set(base, (engine = new SearchEngine(base)));
  void engine.load();
  return bindBox(engine, kind, input, out);
}
