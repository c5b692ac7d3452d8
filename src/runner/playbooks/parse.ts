import { readFile } from "node:fs/promises";
import path from "node:path";
import { PlaybookError } from "../errors/index.ts";
import { checkStepsComplete } from "./complete.ts";
import { parseFrontmatter } from "./frontmatter.ts";
import { decodePlaybook, normalizeSource } from "./source.ts";
import { extractSteps } from "./steps.ts";
import type { Playbook } from "./types.ts";

/** Parses a playbook's text; `file` is the repository-relative name used in messages. */
export function parsePlaybookSource(text: string, file: string, absPath = path.resolve(file)): Playbook {
  const source = normalizeSource(text);
  const { frontmatter, parts, symptomLines } = parseFrontmatter(source, file);
  const body = source.split("\n").slice(parts.bodyLine - 1).join("\n");
  const steps = extractSteps(body, parts.bodyLine, file);
  if (steps.length === 0) {
    throw new PlaybookError("PLAYBOOK_EMPTY", "the playbook has no step", {
      file,
      line: parts.bodyLine,
      hint: 'Add a fence like ```ts step="Write a key" with the first thing to run.',
    });
  }
  checkStepsComplete(steps, file);
  return { file, path: absPath, source, frontmatter, symptomLines, steps };
}

export async function parsePlaybookFile(absPath: string, root: string): Promise<Playbook> {
  const file = path.relative(root, absPath).split(path.sep).join("/");
  return parsePlaybookSource(decodePlaybook(await readFile(absPath), file), file, absPath);
}
