// One understanding of pasted text, shared by both search boxes: the log records it holds (host
// envelopes off, stack frames and host-only lines dropped), the words each one says, the most
// telling one, and the text a new-entry request quotes.
import { unwrapLine } from "./envelope.ts";
import { maskVarying, STOP_WORDS, words } from "./noise.ts";
import { readRecord, type Level, type LogRecord } from "./record.ts";

export interface PastedRecord extends LogRecord {
  /** Words of the message, errors and extra values, varying parts removed. */
  words: string[];
}

export interface Paste {
  records: PastedRecord[];
  /** More than a few typed words: a line copied from a log or a terminal. */
  pasted: boolean;
}

// A goroutine dump after a panic: the header, frames ("pkg.fn(0xc000…)" then "\t/path/f.go:12 +0x1d"),
// "created by …", the signal line and `go run`'s exit line say where, not what.
const TRACE = [
  /^goroutine \d+ \[[^\]]*\]:?$/,
  /^\s*[\w./*()@~-]+\(.*\)(?:\s+\+0x[0-9a-f]+)?$/,
  /^\s*\S+\.(?:go|s):\d+(?:\s+\+0x[0-9a-f]+)?$/,
  /^created by \S+/,
  /^\[signal \S+/,
  /^exit status \d+$/,
  /^\.\.\.additional frames elided\.\.\.$/,
];

// gRPC's wrapper around a server's error: the description is the error.
const GRPC_WRAP = /\brpc error: code = \w+ desc = /g;

export function readPaste(text: string): Paste {
  const records: PastedRecord[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || TRACE.some((re) => re.test(line))) continue;
    const unwrapped = unwrapLine(line);
    if (!unwrapped) continue;
    const record = readRecord(unwrapped.text);
    record.level ??= unwrapped.level;
    record.message = record.message.replace(GRPC_WRAP, "");
    record.errors = record.errors.map((e) => e.replace(GRPC_WRAP, ""));
    const all = words([record.message, ...record.errors, ...record.extra].join("\n"));
    if (all.length > 0) records.push({ ...record, words: all });
  }
  const wordCount = records.reduce((n, r) => n + r.words.length, 0);
  return { records, pasted: records.length > 1 || wordCount > 6 || /[{}|\[\]=]|\w: /.test(text) };
}

const RANK: Record<Level, number> = { panic: 6, fatal: 5, error: 4, warn: 3, info: 2, debug: 1 };
/** A line without a level was picked out by the reader: as telling as a warning. */
export const rank = (r: LogRecord) => (r.level ? RANK[r.level] : 3);

/**
 * The record that says most about the problem: the one a symptom matched (`matched`, a record
 * index), else the highest level, then the most words.
 */
export function tellingRecord(paste: Paste, matched?: number): PastedRecord | undefined {
  if (matched !== undefined && paste.records[matched]) return paste.records[matched];
  let best: PastedRecord | undefined;
  for (const r of paste.records) {
    if (!best || rank(r) > rank(best) || (rank(r) === rank(best) && r.words.length > best.words.length)) best = r;
  }
  return best;
}

/** Full-text queries for a record, the most complete first, then the innermost causes alone. */
export function queries(record: PastedRecord): string[] {
  // etcdctl's "Error: " and Go's "panic: " say how it failed, not what: pages rarely repeat them.
  const texts = [...record.errors, record.message].map((t) => t.replace(/^(?:Error|panic|fatal error): /, ""));
  const out: string[] = [];
  const add = (all: string[]) => {
    // Bare numbers (a term, a count) are in a log line but rarely in the page that explains it.
    const ws = [...new Set(all.filter((w) => !STOP_WORDS.has(w) && !/^\d+$/.test(w)))];
    const q = ws.slice(0, 10).join(" ");
    if (ws.length > 0 && !out.includes(q)) out.push(q);
  };
  add(words(texts.join(" ")));
  for (const text of texts) {
    // Go wraps errors as "context: cause": the last parts are the cause itself.
    const parts = maskVarying(text).split(/:\s+/).map((p) => words(p)).filter((w) => w.length > 0);
    for (let i = 1; i < parts.length; i++) {
      const tail = parts.slice(i).flat();
      if (tail.length >= 2) add(tail);
    }
    add(words(text));
  }
  return out;
}

/** The paste as a new-entry request shows it: telling lines only, varying parts as placeholders. */
export function cleanedText(paste: Paste, max = 6): string {
  const lines = paste.records
    .filter((r) => rank(r) >= 3 || paste.records.length === 1)
    .map((r) => maskVarying([r.message, ...r.errors].filter(Boolean).join(": "), "label").replace(/\s+/g, " ").trim());
  return [...new Set(lines)].slice(0, max).join("\n");
}
