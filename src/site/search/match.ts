// Ranking pages for a pasted line. A page matches by how much of one of its symptoms the line
// contains, each word weighted by how rare it is among all symptoms: "requested lease not found"
// is telling, "etcdserver" is not. Words the line has and no symptom has (IDs, hosts, a user's
// keys) weigh nothing, so surrounding noise cannot push the right page down.
import { tokens } from "./normalize.ts";

/** One entry of /symptoms.json. */
export interface SymptomEntry {
  title: string;
  href: string;
  area?: string;
  cause?: string;
  symptoms: string[];
}

export interface Match {
  entry: SymptomEntry;
  /** The symptom that matched best. */
  symptom: string;
  /** 0..1: the share of that symptom's weight found in the line. */
  score: number;
  /** The symptom's total weight: of two full matches, the longer symptom is the more specific. */
  weight: number;
}

/** Below this share a match is noise (one common word in common). */
export const MIN_SCORE = 0.5;

export function createMatcher(entries: SymptomEntry[]) {
  const symptomTokens = entries.map((e) => e.symptoms.map((s) => new Set(tokens(s))));
  const df = new Map<string, number>();
  let count = 0;
  for (const sets of symptomTokens) {
    for (const set of sets) {
      count++;
      for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
    }
  }
  const idf = (w: string) => Math.log(1 + count / (df.get(w) ?? count));

  return function match(line: string, limit = 5): Match[] {
    const words = new Set(tokens(line));
    if (words.size === 0) return [];
    const found: Match[] = [];
    entries.forEach((entry, i) => {
      let best: Match | undefined;
      symptomTokens[i]!.forEach((set, j) => {
        let have = 0;
        let all = 0;
        for (const w of set) {
          all += idf(w);
          if (words.has(w)) have += idf(w);
        }
        const score = all > 0 ? have / all : 0;
        if (!best || score > best.score || (score === best.score && all > best.weight)) {
          best = { entry, symptom: entry.symptoms[j]!, score, weight: all };
        }
      });
      if (best && best.score >= MIN_SCORE) found.push(best);
    });
    return found.sort((a, b) => b.score - a.score || b.weight - a.weight).slice(0, limit);
  };
}
