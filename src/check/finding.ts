/** One problem `npm run check` reports: `file:line [check] message`. */
export interface Finding {
  file: string;
  line: number;
  check: "schema" | "types" | "links" | "symptoms" | "versions" | "weak" | "go" | "astro";
  message: string;
}

/** One line per finding; a message's further lines (a diagnostic's chain) are indented under it. */
export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line} [${f.check}] ${f.message.trimEnd().replace(/\n/g, "\n    ")}`;
}
