// The parts of a log message that differ between two occurrences of the same problem: times,
// addresses, IDs, paths, durations, sizes. They weigh nothing in a search, and a new-entry request
// shows them as placeholders. Runs in the browser and in tests: no Node APIs.

interface Varying {
  re: RegExp;
  /** What a new-entry request shows instead. */
  label: string;
}

// Order matters: whole timestamps before their numbers, URLs before the addresses inside them,
// addresses before bare numbers, hex IDs before words.
const VARYING: Varying[] = [
  { re: /\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?/g, label: "<time>" },
  { re: /\b\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)?/g, label: "<time>" },
  { re: /\b\d\d:\d\d:\d\d(?:\.\d+)?\b/g, label: "<time>" },
  { re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s"',;)\]}]+/gi, label: "<url>" },
  { re: /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, label: "<address>" },
  { re: /\[[0-9a-f]*:[0-9a-f:.]*\](?::\d+)?/gi, label: "<address>" },
  { re: /\b(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:local|internal|svc|cluster|com|org|net|io)):\d+\b/gi, label: "<address>" },
  // Absolute paths, and files of Go source with their line (callers, stack frames).
  { re: /(?<![\w.])\/(?:[\w.@+-]+\/)*[\w.@+-]+/g, label: "<path>" },
  { re: /\b[\w./@-]+\.go:\d+\b/g, label: "<path>" },
  { re: /\b0x[0-9a-f]+\b/gi, label: "<id>" },
  { re: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, label: "<id>" },
  // Member, cluster and lease IDs in hex: at least one digit, so English words stay.
  { re: /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,16}\b/gi, label: "<id>" },
  // Durations and sizes with their unit, and numbers of four digits or more (ports, pids, byte
  // counts, revisions). Short numbers stay: "404 page not found", "11 OUT_OF_RANGE".
  { re: /\b(?:\d+(?:\.\d+)?(?:ns|µs|us|ms|s|m|h|d))+\b/gi, label: "<n>" },
  { re: /\b\d+(?:\.\d+)? ?(?:[kmgtp]i?b|b)\b/gi, label: "<n>" },
  { re: /\b\d+\.\d+\b|\b\d{4,}\b/g, label: "<n>" },
];

/** The text with every varying part replaced: by a space (for words) or by its label (for people). */
export function maskVarying(text: string, how: "blank" | "label" = "blank"): string {
  let t = text;
  for (const { re, label } of VARYING) t = t.replace(re, how === "blank" ? " " : label);
  return t;
}

/** Words of a text with the varying parts removed, lower case, in order. */
export function words(text: string): string[] {
  return maskVarying(text)
    .toLowerCase()
    .split(/[^a-z0-9_]+/)
    .filter((w) => w.length > 1 || /\d/.test(w));
}

/** Words nearly every page has: a full-text query is no better for them. */
export const STOP_WORDS = new Set("a an and are as at be been by for from has have in is it of on or that the this to was were with".split(" "));
