/** One problem `npm run check` reports: `file:line [check] message`. */
export interface Finding {
  file: string;
  line: number;
  check: "schema" | "types" | "links" | "symptoms" | "astro";
  message: string;
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line} [${f.check}] ${f.message}`;
}
