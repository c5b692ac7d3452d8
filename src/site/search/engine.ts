// What both search boxes do with a text: understand it (paste.ts), match it against every page's
// symptoms, and search the pages' full text for its telling words. The header box shows symptom
// matches then full-text results; the home box falls back to full text when no symptom matches.
// Browser only (fetch, Pagefind).
import { FullText, pagePath, type PastedResults } from "./fulltext.ts";
import { newEntryUrl } from "./issue.ts";
import { createMatcher, type Match, type Matcher, type SymptomEntry } from "./match.ts";
import { cleanedText, queries, readPaste, tellingRecord, type Paste } from "./paste.ts";

export type BoxKind = "header" | "home";

export interface Outcome {
  paste: Paste;
  matches: Match[];
  /** Full-text results, once searched: the queries shown to the reader and the pages found. */
  fulltext?: PastedResults & { typed: boolean };
  /** A new-entry request with the paste in it, offered when no symptom matched. */
  issueUrl?: string;
}

interface SymptomIndex {
  match: Matcher;
  /** Paths of the playbook pages: a pasted line's full-text results are among these. */
  playbooks: Set<string>;
}

/** Pages of full-text results under the symptom matches. */
const PAGES = 5;

export class SearchEngine {
  #index: Promise<SymptomIndex> | undefined;
  readonly fulltext: FullText;
  readonly #base: string;

  constructor(base: string) {
    this.#base = base;
    this.fulltext = new FullText(base);
  }

  /** Fetches the symptom index and Pagefind: the box calls it when it opens or gets focus. */
  load(): Promise<SymptomIndex> {
    void this.fulltext.load();
    this.#index ??= fetch(`${this.#base}symptoms.json`)
      .then((r) => r.json() as Promise<SymptomEntry[]>)
      .then((entries) => ({ match: createMatcher(entries.filter((e) => e.symptoms.length > 0)), playbooks: new Set(entries.map((e) => pagePath(e.href))) }));
    return this.#index;
  }

  /**
   * Runs a search; `partial` receives the symptom matches as soon as they are known (before the
   * full text, which needs Pagefind).
   */
  async run(text: string, kind: BoxKind, partial: (o: Outcome) => void): Promise<Outcome> {
    const index = await this.load();
    const paste = readPaste(text);
    // Typed words show an entry only when they hold a whole symptom; the rest is Starlight's search.
    const matches = paste.pasted ? index.match(paste) : index.match(paste, 5, 1).filter((m) => m.whole);
    const outcome: Outcome = { paste, matches };
    if (paste.records.length === 0) return outcome;
    if (kind === "home" && matches.length > 0) return outcome;
    partial({ ...outcome });

    const shown = new Set(matches.map((m) => pagePath(m.entry.href)));
    if (!paste.pasted && kind === "header") {
      const hits = await this.fulltext.words(text.trim(), PAGES + shown.size);
      const unavailable = !(await this.fulltext.load());
      outcome.fulltext = { searched: [text.trim()], hits: hits.filter((h) => !shown.has(pagePath(h.href))).slice(0, PAGES), mostOf: false, typed: true, unavailable };
    } else {
      const record = tellingRecord(paste, matches[0]?.record);
      const keep = (path: string) => index.playbooks.has(path);
      outcome.fulltext = { ...(await this.fulltext.pasted(record ? queries(record) : [], PAGES, keep, shown)), typed: false };
    }
    if (matches.length === 0) outcome.issueUrl = newEntryUrl(cleanedText(paste) || text.trim().slice(0, 500));
    return outcome;
  }
}
