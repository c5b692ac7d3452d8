// Turning a pasted log line into the words that tell one problem from another. Runs in the
// browser (home page) and in tests, so: no Node APIs, small.

/** JSON log keys that never carry the telling words. */
const NOISE_KEYS = new Set(["level", "ts", "time", "timestamp", "caller", "logger", "stacktrace", "took", "attempt", "target", "peer", "local-member-id", "remote-peer-id", "from", "to"]);

/** The text a line says: for a JSON log line its message and error fields, else the line. */
export function messageText(line: string): string {
  const parts: string[] = [];
  for (const chunk of line.split(/\r?\n/)) {
    const json = chunk.indexOf("{");
    if (json >= 0) {
      try {
        const fields = JSON.parse(chunk.slice(json)) as Record<string, unknown>;
        for (const [key, value] of Object.entries(fields)) {
          if (!NOISE_KEYS.has(key) && typeof value === "string") parts.push(value);
        }
        continue;
      } catch {
        // not JSON after all: keep the text
      }
    }
    parts.push(chunk);
  }
  return parts.join("\n");
}

// Patterns that vary between two occurrences of the same problem. Order matters: URLs before
// addresses, addresses before bare numbers.
const VARYING: RegExp[] = [
  /\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?/g, // ISO timestamps
  /\b\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)?/g, // Go log timestamps
  /\b[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+/g, // glog timestamps
  /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, // URLs
  /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?/g, // IPv4 with port
  /\[[0-9a-f:]+\](?::\d+)?/gi, // IPv6 with port
  /\b0x[0-9a-f]+\b/gi, // pointers
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, // UUIDs
  /\b(?=[0-9a-f]*\d)[0-9a-f]{8,16}\b/gi, // member, cluster and lease IDs in hex
  /\b\d+(?:\.\d+)?(?:ms|µs|us|ns|s|m|h|[kmg]i?b)?\b/gi, // numbers, durations, sizes
];

/** Words of a line with the varying parts removed, lower case. */
export function tokens(text: string): string[] {
  let t = messageText(text);
  for (const re of VARYING) t = t.replace(re, " ");
  return t.toLowerCase().split(/[^a-z0-9_]+/).filter((w) => w.length > 1);
}
