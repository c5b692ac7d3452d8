// Turns whatever a step threw into the error a user reads: `file:line step "name": message [CODE]`,
// the hint and the details, with Vitest's code frame on the MDX line.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PlaybookError, isPlaybookError } from "../../errors/index.ts";
import { normalizeSource } from "../../playbooks/index.ts";
import { locateInStack } from "./stack.ts";

export type LocatedError = Error & { line: number };

export function timeoutError(file: string, line: number, limit: number, output: string): PlaybookError {
  const text = output.trimEnd();
  return new PlaybookError("STEP_TIMEOUT", `did not finish within ${limit / 1000} s`, {
    file,
    line,
    hint: 'A wait without an end? Bound it (waitForLog/until take a timeout), or raise the limit with timeout="60s" on the step.',
    // What the step printed before it hung is the best clue to where it hangs.
    details: text ? `output so far:\n${text.split("\n").slice(-15).join("\n")}` : "(the step printed nothing)",
  });
}

/**
 * Prefixes the MDX location to an error. An assertion or a step's own throw keeps its stack
 * (its frames are MDX lines already) and its expected/actual for Vitest's diff. A PlaybookError
 * raised by the runner becomes a plain error whose only frame is the MDX line: its stack into
 * the runner's code would show the reader our internals instead of their playbook, and its
 * fields would be printed again by Vitest as a "Serialized Error" dump.
 */
export function located(error: unknown, root: string, file: string, fenceLine: number, endLine?: number, what?: string): LocatedError {
  const err = (error instanceof Error ? error : new Error(String(error))) as LocatedError;
  const pe = isPlaybookError(err) ? err : undefined;
  // Frames name the module by its absolute path; `file` is relative to the root, with `../`
  // when the playbooks folder lies outside it (ETCD_PLAYBOOKS_DIR).
  const inStack = locateInStack(err.stack, path.resolve(root, file), fenceLine, endLine) ?? locateInStack(err.stack, file, fenceLine, endLine);
  const line = pe?.file === file && pe.line ? pe.line : (inStack ?? fenceLine);
  const where = `${file}:${line} ${what ? `${what}: ` : ""}`;
  if (!pe) {
    err.message = where + err.message;
    err.line = line;
    return err;
  }
  // The message is the head line, where the code goes; anything a layer appended below it
  // (where data was kept…) joins the details.
  const [head, ...more] = pe.message.split("\n");
  const details = [...more, ...(pe.details ? [pe.details] : [])].join("\n") || undefined;
  const text = new PlaybookError(pe.code, head!, { file, line, hint: pe.hint, details }).format();
  const shown = new Error(where + text.slice(`${file}:${line} `.length)) as LocatedError;
  shown.name = "PlaybookError";
  shown.stack = `PlaybookError: ${shown.message}\n    at ${path.resolve(root, file)}:${line}:1`;
  // Only `line`, which Vitest leaves out of its "Serialized Error" dump of an error's fields.
  shown.line = line;
  return shown;
}

/** The line of a top-level frontmatter field (`cluster:`), or 1 when it is absent. */
export function frontmatterLine(root: string, file: string, field: string): number {
  try {
    const lines = normalizeSource(readFileSync(path.resolve(root, file), "utf8")).split("\n");
    const end = lines.indexOf("---", 1);
    const at = lines.slice(0, end > 0 ? end : lines.length).findIndex((l) => l.startsWith(`${field}:`));
    return at > 0 ? at + 1 : 1;
  } catch {
    return 1;
  }
}
