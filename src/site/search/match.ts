// Ranking pages for a paste by their symptoms. A symptom matches one record of the paste by the
// share of its words that record holds, each word weighted by how rare it is among all symptoms:
// "requested lease not found" is telling, "etcdserver" is not. Words no symptom has (IDs, hosts, a
// user's keys, the host's envelope) weigh nothing, and a multi-line paste ranks by the record that
// matches best, so surrounding noise cannot push the right page down.
import { words } from "./noise.ts";
import { rank, type Paste } from "./paste.ts";

/** A symptom as /symptoms.json lists it: its text, and the versions that print it. */
export interface Symptom {
  text: string;
  /** e.g. ">=3.6"; absent when every version prints it. */
  etcd?: string;
}

/** One page of /symptoms.json. Pages without symptoms are listed too: full text may find them. */
export interface SymptomEntry {
  title: string;
  href: string;
  area?: string;
  cause?: string;
  symptoms: Symptom[];
}

export interface Match {
  entry: SymptomEntry;
  /** The symptom that matched best. */
  symptom: Symptom;
  /** 0..1: the share of that symptom's weight found in one record of the paste. */
  score: number;
  /** Which record of the paste it matched. */
  record: number;
  /** The symptom's words appear in that record in order, side by side. */
  whole: boolean;
  /** The symptom's total weight: of two full matches, the longer symptom is the more specific. */
  weight: number;
}

/** Below this share a match is noise (one common word in common). */
export const MIN_SCORE = 0.5;

function contains(haystack: string[], needle: string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const better = (a: Match, b: Match) => b.score - a.score || Number(b.whole) - Number(a.whole) || b.weight - a.weight;

export function createMatcher(entries: SymptomEntry[]) {
  const symptomWords = entries.map((e) => e.symptoms.map((s) => words(s.text)));
  const df = new Map<string, number>();
  let count = 0;
  for (const lists of symptomWords) {
    for (const list of lists) {
      count++;
      for (const w of new Set(list)) df.set(w, (df.get(w) ?? 0) + 1);
    }
  }
  const idf = (w: string) => Math.log(1 + count / (df.get(w) ?? count));

  /** Entries whose symptoms the paste shows, best first; `min` is the least share that counts. */
  return function match(paste: Paste, limit = 5, min = MIN_SCORE): Match[] {
    const records = paste.records.map((r) => ({ list: r.words, set: new Set(r.words), rank: rank(r) }));
    if (records.length === 0) return [];
    const found: Match[] = [];
    entries.forEach((entry, i) => {
      let best: Match | undefined;
      symptomWords[i]!.forEach((list, j) => {
        const unique = [...new Set(list)];
        const all = unique.reduce((sum, w) => sum + idf(w), 0);
        if (all === 0) return;
        for (const [r, record] of records.entries()) {
          const have = unique.reduce((sum, w) => sum + (record.set.has(w) ? idf(w) : 0), 0);
          const candidate: Match = { entry, symptom: entry.symptoms[j]!, score: have / all, record: r, whole: contains(record.list, list), weight: all };
          // Of two records that show it alike, the one of higher level tells more (etcdctl's
          // "Error:" line over its retry warning).
          const order = best ? better(candidate, best) || records[best.record]!.rank - record.rank : -1;
          if (order < 0) best = candidate;
        }
      });
      if (best && best.score >= min) found.push(best);
    });
    return found.sort(better).slice(0, limit);
  };
}

export type Matcher = ReturnType<typeof createMatcher>;
