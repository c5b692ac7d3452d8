// One line of etcd's (or a Go program's) own output, read for what it says: the message and error
// of a zap JSON line (etcd >= 3.5, and 3.4 with --logger=zap), etcd 3.4's capnslog line
// ("2026-12-03 08:36:23.873433 W | etcdserver: alarm NOSPACE raised by peer …"), raft's own logger
// ("raft2026/12/03 08:35:48 INFO: … became leader at term 2"), gRPC's and Go's log package, zap's
// console encoder, etcdctl's "Error: …" and a panic's first line. JSON that is no log line
// ({"health":"false","reason":"RAFT NO LEADER"}) is read as "key: value" text.

export type Level = "debug" | "info" | "warn" | "error" | "fatal" | "panic";

export interface LogRecord {
  /** What the line says: a zap line's msg, else the whole text without its log prefix. */
  message: string;
  /** Error texts (zap's error field), innermost cause last. */
  errors: string[];
  /** Other values that may carry the telling word ({"alarm":"NOSPACE"}). */
  extra: string[];
  level?: Level;
}

/** zap fields that never tell one problem from another. */
const NOISE_KEYS = new Set([
  "level", "ts", "time", "timestamp", "caller", "logger", "stacktrace", "took", "attempt", "target", "peer", "method",
  "local-member-id", "remote-peer-id", "from", "to", "address", "path", "data-dir", "name", "member-id", "cluster-id",
  "local-member-attributes", "etcd-version", "git-sha", "go-version", "go-os", "go-arch", "args", "v", "x-trace-id",
  "request", "response", "expected-duration",
]);
const ERROR_KEY = /(?:^|[-_])(?:error|err|errors)$/i;
const LEVELS: Record<string, Level> = {
  debug: "debug", info: "info", notice: "info", warn: "warn", warning: "warn", error: "error",
  dpanic: "panic", panic: "panic", fatal: "fatal", critical: "fatal",
  d: "debug", i: "info", n: "info", w: "warn", e: "error", c: "fatal",
};
const level = (s: unknown): Level | undefined => (typeof s === "string" ? LEVELS[s.toLowerCase()] : undefined);

const CAPNSLOG = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? ([CEWNID]) \| (.*)$/;
const RAFT = /^raft\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? (DEBUG|INFO|WARN|WARNING|ERROR|FATAL|PANIC): (.*)$/;
const GRPCLOG = /^(INFO|WARNING|ERROR|FATAL): \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? (.*)$/;
const GOLOG = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? (.*)$/;
const ZAP_CONSOLE = /^\d{4}-\d\d-\d\dT\S+\t(DEBUG|INFO|WARN|ERROR|DPANIC|PANIC|FATAL)\t(.*)$/;

function fromFields(fields: Record<string, unknown>, read: (text: string) => LogRecord): LogRecord {
  // journald's JSON output and docker's json-file driver carry the program's line in one field.
  if (typeof fields.MESSAGE === "string") return read(fields.MESSAGE);
  if (typeof fields.log === "string" && ("stream" in fields || "time" in fields)) return read(fields.log);
  const msg = fields.msg ?? fields.message;
  if (typeof msg === "string") {
    const record: LogRecord = { message: msg, errors: [], extra: [], level: level(fields.level) };
    for (const [key, value] of Object.entries(fields)) {
      if (key === "msg" || key === "message" || NOISE_KEYS.has(key) || typeof value !== "string") continue;
      (ERROR_KEY.test(key) ? record.errors : record.extra).push(value);
    }
    return record;
  }
  const text = Object.entries(fields)
    .filter(([, v]) => v === null || typeof v !== "object")
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(", ");
  return { message: text, errors: [], extra: [] };
}

/** The end of the JSON object starting at `from`, or -1 (strings and nesting respected). */
function objectEnd(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/** Reads one line (its host envelope already off). */
export function readRecord(text: string): LogRecord {
  const t = text.trim();
  const brace = t.indexOf("{");
  // A JSON object that starts the line (or follows a short prefix such as "etcd-0 | ").
  if (brace >= 0 && brace < 40 && !/[a-z]{3,}\S* [a-z]/i.test(t.slice(0, brace))) {
    const end = objectEnd(t, brace);
    if (end > 0) {
      try {
        const parsed: unknown = JSON.parse(t.slice(brace, end + 1));
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
          const record = fromFields(parsed as Record<string, unknown>, readRecord);
          const rest = t.slice(end + 1).trim();
          if (rest) record.extra.push(rest);
          return record;
        }
      } catch {
        // not JSON after all: read it as text
      }
    }
  }
  let m = CAPNSLOG.exec(t);
  if (m) return { message: m[2]!, errors: [], extra: [], level: level(m[1]) };
  m = RAFT.exec(t) ?? GRPCLOG.exec(t);
  if (m) return { message: m[2]!, errors: [], extra: [], level: level(m[1]) };
  m = ZAP_CONSOLE.exec(t);
  if (m) {
    // time, LEVEL, caller, message, then the fields as JSON
    const [caller, ...rest] = m[2]!.split("\t");
    const message = /\.go:\d+$/.test(caller!) ? rest.join("\t") : m[2]!;
    const tab = message.indexOf("\t{");
    const record = tab >= 0 ? readRecord(`{"msg":${JSON.stringify(message.slice(0, tab))},${message.slice(tab + 2)}`) : undefined;
    return { ...(record ?? { message, errors: [], extra: [] }), level: level(m[1]) };
  }
  m = GOLOG.exec(t);
  if (m) return { message: m[1]!, errors: [], extra: [] };
  if (/^panic: /.test(t)) return { message: t.replace(/ \[recovered\]$/, ""), errors: [], extra: [], level: "panic" };
  if (/^fatal error: /.test(t)) return { message: t, errors: [], extra: [], level: "fatal" };
  if (/^Error: /.test(t)) return { message: t, errors: [], extra: [], level: "error" };
  return { message: t, errors: [], extra: [] };
}
