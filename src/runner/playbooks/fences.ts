// Finds fenced code blocks in Markdown/MDX by CommonMark's rules for fences (``` or ~~~, at most
// three spaces of indent, closed by the same character at least as long), keeping line numbers.
// A full MDX parse is not needed to find fences, and a line scan keeps every line number exact.

export interface Fence {
  /** 1-based line of the opening fence. */
  line: number;
  endLine: number;
  lang: string;
  /** The rest of the info string after the language, e.g. `step="Stop m1" timeout="5s"`. */
  meta: string;
  body: string;
  /** True when the file ended before the fence closed. */
  unclosed: boolean;
}

const OPEN = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;

export function scanFences(source: string, firstLine = 1): Fence[] {
  const lines = source.split("\n");
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]!.replace(/\r$/, ""));
    if (!open) continue;
    const [, indent, marker, lang, meta] = open as unknown as [string, string, string, string, string];
    if (marker[0] === "`" && meta.includes("`")) continue; // not a fence: backticks in a backtick info string
    const close = new RegExp(`^ {0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j]!.replace(/\r$/, ""))) j++;
    const bodyLines = lines.slice(i + 1, j).map((l) => stripIndent(l.replace(/\r$/, ""), indent.length));
    fences.push({
      line: i + firstLine,
      endLine: Math.min(j, lines.length - 1) + firstLine,
      lang,
      meta: meta.trim(),
      body: bodyLines.join("\n"),
      unclosed: j >= lines.length,
    });
    i = j;
  }
  return fences;
}

function stripIndent(line: string, n: number): string {
  let k = 0;
  while (k < n && line[k] === " ") k++;
  return line.slice(k);
}

export type Attributes = Map<string, string | true>;

/** Parses `key="value" key='v' key=value flag` into a map; returns the first syntax problem instead when there is one. */
export function parseAttributes(meta: string): { attributes: Attributes; words: string[] } | { problem: string } {
  const attributes: Attributes = new Map();
  const words: string[] = [];
  const re = /\s*([A-Za-z_][\w-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=]+)))?\s*/y;
  let pos = 0;
  while (pos < meta.length) {
    re.lastIndex = pos;
    const m = re.exec(meta);
    if (!m || m[0].length === 0) return { problem: `cannot read attributes at "${meta.slice(pos)}"` };
    const [, key, dq, sq, bare] = m;
    const value = dq ?? sq ?? bare;
    if (attributes.has(key!)) return { problem: `attribute "${key}" given twice` };
    if (value === undefined) words.push(key!);
    attributes.set(key!, value ?? true);
    pos = re.lastIndex;
  }
  return { attributes, words };
}
