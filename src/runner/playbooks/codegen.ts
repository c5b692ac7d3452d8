// Turns a playbook into a TypeScript test module whose line N is line N of the MDX file.
//
// All steps of a playbook are the body of ONE async function, in document order, so a value
// declared in one step is in scope in later steps (a notebook) and TypeScript follows its type.
// The harness runs that function alongside Vitest's tests: `__s.begin(i)` waits until the test
// for step i starts, `__s.end(i)` tells it the step finished. Prose and frontmatter lines become
// empty lines, the harness calls sit on the fence lines, and a step's code stays on its own lines,
// so a stack trace into this module is already an MDX location: no source map needed.
import type { Playbook, Step } from "./types.ts";

export interface CodegenOptions {
  /** Module specifier of the harness (absolute path). */
  harness: string;
  /** Module specifier of the step-context types (absolute path), for type-checking. */
  contextTypes: string;
  /** The names in scope in every step (the step context's keys, context/names.ts). */
  contextNames: readonly string[];
}

/** Data the harness needs about the playbook; embedded in the module as JSON. */
export type PlaybookModuleMeta = Pick<Playbook, "file" | "frontmatter" | "symptomLines" | "steps">;

export function generateModule(playbook: Playbook, options: CodegenOptions): string {
  const lines = playbook.source.split("\n").map(() => "");
  const meta: PlaybookModuleMeta = {
    file: playbook.file,
    frontmatter: playbook.frontmatter,
    symptomLines: playbook.symptomLines,
    steps: playbook.steps,
  };
  lines[0] =
    `import { runPlaybook as __run } from ${JSON.stringify(options.harness)}; ` +
    `import type { StepContext as __Ctx } from ${JSON.stringify(options.contextTypes)}; ` +
    `__run(${JSON.stringify(meta)}, async (__ctx: __Ctx, __s: { begin(i: number): Promise<boolean>; end(i: number): void; sh(i: number): Promise<void>; go(i: number): Promise<void> }) => { ` +
    `const { ${options.contextNames.join(", ")} } = __ctx; void [${options.contextNames.join(", ")}];`;
  for (const step of playbook.steps) placeStep(lines, step);
  lines[lines.length - 1] += " });";
  return lines.join("\n");
}

function placeStep(lines: string[], step: Step): void {
  const open = step.line - 1;
  const close = step.endLine - 1;
  // A step limited to some versions is skipped by not entering its block; its declarations are
  // then local to it (documented in CONTRIBUTING.md), every other step shares one scope.
  const scoped = step.etcd !== undefined;
  const begin = scoped ? `if (await __s.begin(${step.index})) {` : `await __s.begin(${step.index});`;
  const end = scoped ? `__s.end(${step.index}); }` : `__s.end(${step.index});`;
  if (step.lang !== "ts") {
    // sh and go steps run outside this module: their code is data (the meta's steps), not TypeScript.
    lines[open] = `${begin} await __s.${step.lang}(${step.index});`;
  } else {
    lines[open] = begin;
    const body = step.code.split("\n");
    for (let k = 0; k < body.length; k++) lines[open + 1 + k] = body[k]!;
  }
  lines[close] = end;
}
