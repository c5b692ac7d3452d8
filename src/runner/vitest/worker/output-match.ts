// Matches a step's real output against an expected-output block, where `...` stands for any
// text (across lines, too). Both sides are normalised first: ANSI colours removed, trailing
// spaces dropped, leading and trailing blank lines trimmed, CRLF read as LF.

export function normaliseOutput(text: string): string {
  return text
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, "")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.replace(/\s+$/, ""))
    .join("\n")
    .replace(/^\n+|\n+$/g, "");
}

export type MatchResult = { ok: true } | { ok: false; missing: string; diff: string };

export function matchOutput(expected: string, actual: string): MatchResult {
  const want = normaliseOutput(expected);
  const got = normaliseOutput(actual);
  const parts = want.split("...");
  const pattern = new RegExp(`^${parts.map(escape).join("[\\s\\S]*?")}$`);
  if (pattern.test(got)) return { ok: true };
  // Find the first literal part that cannot follow the ones before it, to say what is missing.
  let missing = parts[0] ?? "";
  for (let n = 1; n <= parts.length; n++) {
    const prefix = new RegExp(`^${parts.slice(0, n).map(escape).join("[\\s\\S]*?")}${n < parts.length ? "" : "$"}`);
    if (!prefix.test(got)) {
      missing = parts[n - 1]!.trim() || (n === parts.length ? "(end of output)" : "");
      break;
    }
  }
  return { ok: false, missing, diff: explain(want, got) };
}

/** Both texts in full, then the line diff: a diff alone hides where a blank line went missing. */
function explain(want: string, got: string): string {
  const show = (t: string) => (t === "" ? "    (nothing)" : t.split("\n").map((l) => `    ${l === "" ? "⏎" : l}`).join("\n"));
  return [`expected (the output block):`, show(want), `printed:`, show(got), `diff (- expected, + printed):`, lineDiff(want, got)].join("\n");
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A unified-style line diff (- expected, + actual); `...` lines are shown as they are. */
export function lineDiff(expected: string, actual: string, maxLines = 60): string {
  const a = expected.split("\n");
  const b = actual.split("\n");
  if (a.length * b.length > 250_000) return [...a.map((l) => `- ${l}`), ...b.map((l) => `+ ${l}`)].slice(0, maxLines).join("\n");
  // Longest common subsequence table, filled from the end.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push(`+ ${b[j]}`);
      j++;
    } else {
      out.push(`- ${a[i]}`);
      i++;
    }
  }
  return out.length > maxLines ? [...out.slice(0, maxLines), `  … ${out.length - maxLines} more lines`].join("\n") : out.join("\n");
}
