// Full-text results from Pagefind's own search API (the index Starlight builds), loaded on first
// use. Browser only. Pagefind returns the pages holding every word of a query that it knows, so a
// pasted line is tried as a few queries, the most complete first (see paste.ts `queries`).
import { STOP_WORDS } from "./noise.ts";

/** The part of Pagefind's browser API we use (pagefind.js has no types of its own). */
interface PagefindApi {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(term: string): Promise<{ results: PagefindResult[] }>;
}
interface PagefindResult {
  id: string;
  data(): Promise<PagefindData>;
}
interface PagefindData {
  url: string;
  /** The page's indexed text. */
  content: string;
  excerpt: string;
  meta: { title?: string };
  sub_results?: { url: string; title: string; excerpt: string }[];
}

export interface PageHit {
  href: string;
  title: string;
  /** Pagefind's excerpt: escaped text with <mark> around the words found. */
  excerpt: string;
  /** Sections of the page that hold the words, as Starlight's search shows them. */
  sections: { href: string; title: string; excerpt: string }[];
}

export interface PastedResults {
  /** No Pagefind index here (`astro dev` builds none): symptoms only. */
  unavailable?: boolean;
  /** The queries to show the reader: the one that found pages, else every one tried. */
  searched: string[];
  hits: PageHit[];
  /** The pages hold most of the words searched, not all of them. */
  mostOf: boolean;
}

/** A page's path without its anchor and trailing slash, to compare links. */
export const pagePath = (href: string) => href.replace(/#.*$/, "").replace(/\/+$/, "") || "/";

export class FullText {
  #api: Promise<PagefindApi | undefined> | undefined;
  readonly #base: string;
  constructor(base: string) {
    this.#base = base;
  }

  /** Loads Pagefind and its index; undefined where there is none (`astro dev`). */
  load(): Promise<PagefindApi | undefined> {
    this.#api ??= (async () => {
      try {
        const api = (await import(/* @vite-ignore */ `${this.#base}pagefind/pagefind.js`)) as PagefindApi;
        await api.options({ excerptLength: 16 });
        await api.init();
        return api;
      } catch {
        return undefined;
      }
    })();
    return this.#api;
  }

  /**
   * Pagefind's results for `term` that `keep` accepts. Pagefind drops the words it does not know
   * and searches for the rest, so with `need` (the query's telling words) a page counts only when
   * its text holds at least half of them: a line of unknown words must not match on "at the".
   */
  async #hits(term: string, limit: number, keep: (path: string) => boolean, need: string[] = []): Promise<PageHit[]> {
    const api = await this.load();
    if (!api) return [];
    return this.#pages((await api.search(term)).results.slice(0, limit * 2), limit, keep, need);
  }

  async #pages(results: PagefindResult[], limit: number, keep: (path: string) => boolean, need: string[]): Promise<PageHit[]> {
    const hits: PageHit[] = [];
    // A fragment per result is fetched; the first few are all a reader looks at.
    for (const result of results) {
      const data = await result.data();
      if (need.length > 0) {
        const text = new Set(data.content.toLowerCase().split(/[^a-z0-9_]+/));
        if (need.filter((w) => text.has(w)).length * 2 < need.length) continue;
      }
      if (!keep(pagePath(data.url))) continue;
      // Sub-results with an anchor are the page's sections; the one without is the page itself.
      const title = data.meta.title ?? data.url;
      const sections = (data.sub_results ?? [])
        .filter((s) => s.url.includes("#") && s.title !== title)
        .slice(0, 3)
        .map((s) => ({ href: s.url, title: s.title, excerpt: s.excerpt }));
      hits.push({ href: data.url, title, excerpt: data.excerpt, sections });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  /**
   * Pages holding most of `words`: the fallback when no query finds a page with all its words.
   * Each word is searched alone; Pagefind answers a word it does not know with near spellings
   * ("wibble" finds "-w"), so a page counts only for the words its text really holds, each
   * weighted by how few of the candidate pages hold it (a word none holds weighs most).
   */
  async #mostOf(words: string[], limit: number, keep: (path: string) => boolean): Promise<PageHit[]> {
    const api = await this.load();
    if (!api || words.length === 0) return [];
    const candidates = new Map<string, PagefindResult>();
    for (const { results } of await Promise.all(words.map((w) => api.search(w)))) {
      for (const r of results.slice(0, 10)) candidates.set(r.id, r);
    }
    const pages = await Promise.all([...candidates.values()].slice(0, 40).map(async (result) => {
      const data = await result.data();
      return { result, text: new Set(data.content.toLowerCase().split(/[^a-z0-9_]+/)) };
    }));
    const weight = new Map(words.map((w) => [w, Math.log(1 + (pages.length + 1) / (pages.filter((p) => p.text.has(w)).length || 0.5))]));
    const total = [...weight.values()].reduce((a, b) => a + b, 0);
    const ranked = pages
      .map((p) => ({ result: p.result, share: words.reduce((sum, w) => sum + (p.text.has(w) ? weight.get(w)! : 0), 0) / total }))
      .filter((p) => p.share >= 0.5)
      .sort((a, b) => b.share - a.share);
    return this.#pages(ranked.map((p) => p.result), limit, keep, []);
  }

  /** Typed words, as Starlight's search takes them. */
  words(term: string, limit = 5): Promise<PageHit[]> {
    return this.#hits(term, limit, () => true);
  }

  /**
   * A pasted line's queries in order, until one finds a page among those `keep` accepts: its words
   * are the telling ones. Pages in `shown` (the symptom matches above) count as found but are not
   * repeated. Returns the queries tried and the pages.
   */
  async pasted(queries: string[], limit: number, keep: (path: string) => boolean, shown: Set<string>): Promise<PastedResults> {
    if (!(await this.load())) return { searched: [], hits: [], mostOf: false, unavailable: true };
    const searched: string[] = [];
    for (const query of queries.slice(0, 5)) {
      const need = query.split(" ").filter((w) => !STOP_WORDS.has(w));
      if (need.length === 0) continue;
      searched.push(query);
      let found = false;
      const hits = await this.#hits(query, limit, (p) => {
        if (!keep(p)) return false;
        found = true;
        return !shown.has(p);
      }, need);
      if (found) return { searched: [query], hits, mostOf: false };
    }
    // No page holds all the words of any query: the pages that hold most of the first one's.
    const words = (queries[0] ?? "").split(" ").filter((w) => !STOP_WORDS.has(w));
    let found = false;
    const hits = await this.#mostOf([...new Set(words)], limit, (p) => {
      if (!keep(p)) return false;
      found = true;
      return !shown.has(p);
    });
    return found ? { searched: [words.join(" ")], hits, mostOf: true } : { searched, hits, mostOf: false };
  }
}
