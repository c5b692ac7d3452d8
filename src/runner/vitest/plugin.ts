// The Vite plugin that lets Vitest run playbooks: an `.mdx` file under playbooks/ becomes a
// test module (see ../playbooks/codegen.ts). Types are stripped in place (Node's strip-only mode
// replaces them with spaces), so positions in the module are positions in the MDX file and
// Vitest reports failures at the MDX line without a source map.
import { stripTypeScriptTypes } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { generateModule } from "../playbooks/codegen.ts";
import { parsePlaybookSource } from "../playbooks/parse.ts";
import { PlaybookError, isPlaybookError } from "../errors.ts";
import { locateSyntaxError } from "./syntax.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const HARNESS = path.join(here, "harness.ts");
export const CONTEXT_TYPES = path.resolve(here, "../context/types.ts");

export function playbookPlugin(options: { root: string }): Plugin {
  return {
    name: "etcd-playbooks",
    enforce: "pre",
    transform(code, id) {
      const file = id.split("?")[0]!;
      if (!file.endsWith(".mdx")) return null;
      const rel = path.relative(options.root, file).split(path.sep).join("/");
      try {
        const playbook = parsePlaybookSource(code, rel, file);
        const ts = generateModule(playbook, { harness: HARNESS, contextTypes: CONTEXT_TYPES });
        return { code: strip(ts, rel), map: null };
      } catch (error) {
        throw toViteError(error);
      }
    },
  };
}

function strip(ts: string, file: string): string {
  try {
    return withoutExperimentalWarning(() => stripTypeScriptTypes(ts, { mode: "strip" }));
  } catch (error) {
    const where = locateSyntaxError(ts);
    throw new PlaybookError("STEP_COMPILE", `a ts step does not compile: ${where?.message ?? (error as Error).message}`, {
      file,
      line: where?.line ?? 1,
      hint: "Fix the TypeScript syntax at that line; `npm run check` type-checks every step.",
    });
  }
}

/** Vite prints `message` and a frame; our message already names the MDX file and line. */
function toViteError(error: unknown): Error {
  if (!isPlaybookError(error)) return error as Error;
  const e = new Error(error.format()) as Error & { code?: string; loc?: object; plugin?: string };
  e.code = error.code;
  e.stack = e.message; // a stack into the parser helps nobody; the message names the place
  if (error.file) e.loc = { file: error.file, line: error.line ?? 1, column: 1 };
  return e;
}

// stripTypeScriptTypes is still marked experimental in Node 22; its one-time warning would be
// printed in the middle of a run's report, so it is silenced for this call only.
function withoutExperimentalWarning<T>(fn: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (text.includes("stripTypeScriptTypes")) return;
    return (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return fn();
  } finally {
    process.emitWarning = emit;
  }
}
