// Reads the YAML frontmatter of a playbook and validates it with the shared schema; every problem
// names the line of the field it is about.
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { playbookFrontmatterSchema, type PlaybookFrontmatter } from "../../schema/frontmatter.ts";
import { formatIssues, friendlyIssues } from "../../schema/friendly.ts";
import { FrontmatterError, PlaybookError } from "../errors/index.ts";

export interface FrontmatterParts {
  /** The YAML text between the `---` lines. */
  yaml: string;
  /** 1-based line of the first YAML line. */
  firstLine: number;
  /** 1-based line where the body starts (after the closing `---`). */
  bodyLine: number;
}

export function splitFrontmatter(source: string, file: string): FrontmatterParts {
  const lines = source.split("\n");
  if (lines[0]?.replace(/\r$/, "") !== "---") {
    throw new PlaybookError("FRONTMATTER_INVALID", "no frontmatter: the file must start with a --- line", {
      file,
      line: 1,
      hint: "Start the playbook with ---, the title and description fields, and another ---.",
    });
  }
  const end = lines.findIndex((l, i) => i > 0 && l.replace(/\r$/, "") === "---");
  if (end < 0) {
    throw new PlaybookError("FRONTMATTER_INVALID", "the frontmatter is never closed by a --- line", { file, line: 1 });
  }
  return { yaml: lines.slice(1, end).join("\n"), firstLine: 2, bodyLine: end + 2 };
}

export function parseFrontmatter(
  source: string,
  file: string,
): { frontmatter: PlaybookFrontmatter; parts: FrontmatterParts; symptomLines: number[] } {
  const parts = splitFrontmatter(source, file);
  const counter = new LineCounter();
  const doc = parseDocument(parts.yaml, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number) => counter.linePos(offset).line + parts.firstLine - 1;
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new PlaybookError("YAML_INVALID", `frontmatter is not valid YAML: ${e.message.split("\n")[0]}`, {
      file,
      line: lineOf(e.pos[0]),
    });
  }
  const data = doc.toJS() ?? {};
  const locate = (path: ReadonlyArray<PropertyKey>): number | undefined => {
    // Walk down as far as the path exists: a missing field points at its parent.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true) as Node | undefined;
      const key = n > 0 ? keyNode(doc.getIn(path.slice(0, n - 1) as unknown[], true) as Node | undefined, path[n - 1]!) : undefined;
      const range = key?.range ?? node?.range;
      if (range) return lineOf(range[0]);
    }
    return undefined;
  };
  const parsed = playbookFrontmatterSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const issues = friendlyIssues(parsed.error, locate);
    throw new FrontmatterError(`frontmatter: ${issues[0]!.path ? `${issues[0]!.path}: ` : ""}${issues[0]!.message}`, issues, {
      file,
      line: issues[0]!.line ?? 1,
      details: issues.length > 1 ? formatIssues(file, issues) : undefined,
    });
  }
  const symptoms = doc.getIn(["symptoms"], true) as Node | undefined;
  const symptomLines = isSeq(symptoms) ? symptoms.items.map((n) => lineOf((n as Node).range?.[0] ?? 0)) : [];
  return { frontmatter: parsed.data, parts, symptomLines };
}

/** The key node of `key` in a YAML map node, so an error points at `members:` rather than its value. */
function keyNode(parent: Node | undefined, key: PropertyKey): Node | undefined {
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
  return pair?.key as Node | undefined;
}
