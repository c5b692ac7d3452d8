// Turns the fences of a playbook body into steps and expected-output blocks, checking every
// attribute, so a typo in a fence is an error at its line rather than a step that silently never runs.
import semver from "semver";
import { parseDuration } from "../../schema/duration.ts";
import { PlaybookError } from "../errors/index.ts";
import { parseAttributes, scanFences, type Attributes, type Fence } from "./fences.ts";
import type { Step } from "./types.ts";

const LANGS: Record<string, "ts" | "sh" | "go"> = { ts: "ts", typescript: "ts", sh: "sh", bash: "sh", shell: "sh", go: "go", golang: "go" };
const STEP_ATTRIBUTES = new Set(["step", "timeout", "destructive", "etcd", "exit", "background", "ready", "modules", "program"]);
const OUTPUT_ATTRIBUTES = new Set(["output", "etcd"]);

export function extractSteps(body: string, bodyLine: number, file: string): Step[] {
  const steps: Step[] = [];
  const names = new Map<string, number>();
  let current: Step | undefined; // the step that output blocks attach to
  for (const fence of scanFences(body, bodyLine)) {
    const fail = (code: ConstructorParameters<typeof PlaybookError>[0], message: string, hint?: string) =>
      new PlaybookError(code, message, { file, line: fence.line, ...(hint ? { hint } : {}) });
    if (fence.unclosed) throw fail("STEP_ATTRIBUTE_INVALID", `the code fence opened here is never closed`);
    const parsed = parseAttributes(fence.meta);
    if ("problem" in parsed) {
      if (/\bstep\s*=/.test(fence.meta) || /\boutput\b/.test(fence.meta)) throw fail("STEP_ATTRIBUTE_INVALID", parsed.problem);
      current = undefined;
      continue; // an illustration with an info string we do not need to understand
    }
    const { attributes, words } = parsed;
    if (attributes.has("step")) {
      const step = makeStep(fence, attributes, steps.length, fail);
      const seen = names.get(step.name);
      if (seen !== undefined) {
        throw fail("STEP_DUPLICATE", `two steps are named "${step.name}" (lines ${seen} and ${fence.line})`, "Give every step of a playbook its own name.");
      }
      names.set(step.name, fence.line);
      if (step.program !== undefined) checkProgramRef(step, steps, fail);
      steps.push(step);
      current = step;
    } else if (words.includes("output")) {
      for (const key of attributes.keys()) {
        if (!OUTPUT_ATTRIBUTES.has(key)) throw fail("STEP_ATTRIBUTE_INVALID", `unknown attribute "${key}" on an output block (known: output, etcd)`);
      }
      if (!current) throw fail("OUTPUT_ORPHAN", "this output block follows no step", 'Put it right after the ```sh step="…" fence whose output it shows.');
      const etcd = versionAttr(attributes, fail);
      current.outputs.push({ line: fence.line, text: fence.body, ...(etcd ? { etcd } : {}) });
    } else {
      current = undefined; // an illustration ends the step an output block could belong to
    }
  }
  return steps;
}

type Fail = (code: ConstructorParameters<typeof PlaybookError>[0], message: string, hint?: string) => PlaybookError;

function makeStep(fence: Fence, attributes: Attributes, index: number, fail: Fail): Step {
  for (const key of attributes.keys()) {
    if (!STEP_ATTRIBUTES.has(key)) {
      throw fail("STEP_ATTRIBUTE_INVALID", `unknown step attribute "${key}" (known: ${[...STEP_ATTRIBUTES].join(", ")})`);
    }
  }
  const name = attributes.get("step");
  if (typeof name !== "string" || name.trim() === "") throw fail("STEP_ATTRIBUTE_INVALID", 'step needs a name: step="What this step shows"');
  const lang = LANGS[fence.lang];
  if (!lang) {
    throw fail("STEP_LANG_UNSUPPORTED", `step "${name}" is a "${fence.lang || "(no language)"}" fence; steps run only as ts, sh or go`, "Write the step as ```ts, ```sh or ```go, or drop step=\"…\" to make it an illustration.");
  }
  const timeout = attributes.get("timeout");
  let timeoutMs: number | undefined;
  if (timeout !== undefined) {
    timeoutMs = parseDuration(timeout);
    if (timeoutMs === undefined) throw fail("STEP_ATTRIBUTE_INVALID", `timeout="${String(timeout)}" is not a duration; write 500ms, 30s or 2m`);
  }
  const destructive = attributes.get("destructive");
  if (destructive !== undefined && destructive !== true && destructive !== "true" && destructive !== "false") {
    throw fail("STEP_ATTRIBUTE_INVALID", `destructive takes no value (or "true"/"false")`);
  }
  const exitAttr = attributes.get("exit");
  let exit: number | "any" = 0;
  if (exitAttr !== undefined) {
    if (lang === "ts") throw fail("STEP_ATTRIBUTE_INVALID", `exit="…" is for sh and go steps; in a ts step, assert on the result instead`);
    if (exitAttr === "any") exit = "any";
    else if (typeof exitAttr === "string" && /^\d{1,3}$/.test(exitAttr)) exit = Number(exitAttr);
    else throw fail("STEP_ATTRIBUTE_INVALID", `exit="${String(exitAttr)}" must be a status number or "any"`);
  }
  const etcd = versionAttr(attributes, fail);
  const go = goAttributes(attributes, lang, fail);
  if (go.program !== undefined && fence.body.trim() !== "") throw fail("STEP_ATTRIBUTE_INVALID", `step "${String(name)}" runs the program of step "${go.program}" again: leave its fence empty`);
  return {
    index,
    name: name.trim(),
    lang,
    line: fence.line,
    endLine: fence.endLine,
    code: fence.body,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    destructive: destructive === true || destructive === "true",
    ...(etcd ? { etcd } : {}),
    exit,
    ...go,
    outputs: [],
  };
}

/** An empty go step runs the program of an earlier go step that has code of its own. */
function checkProgramRef(step: Step, before: Step[], fail: Fail): void {
  const ref = before.find((s) => s.name === step.program);
  if (!ref || ref.lang !== "go" || ref.program !== undefined) {
    throw fail("STEP_ATTRIBUTE_INVALID", `program="${step.program}" names no earlier go step with a program of its own`, "Name a go step above this one, exactly as its step=\"…\" says.");
  }
  if (ref.modules && !step.modules) step.modules = ref.modules;
}

/** `background`, `ready="…"`, `modules="3.6.5"` and `program="…"`: go steps only, and only where they make sense. */
function goAttributes(attributes: Attributes, lang: Step["lang"], fail: Fail): Pick<Step, "background" | "modules" | "program"> {
  const background = attributes.get("background");
  const ready = attributes.get("ready");
  const modules = attributes.get("modules");
  const program = attributes.get("program");
  if (program !== undefined && (typeof program !== "string" || program.trim() === "")) throw fail("STEP_ATTRIBUTE_INVALID", `program="…" needs the name of an earlier go step`);
  for (const [key, value] of [["background", background], ["ready", ready], ["modules", modules], ["program", program]] as const) {
    if (value !== undefined && lang !== "go") throw fail("STEP_ATTRIBUTE_INVALID", `${key} is for go steps; this is a ${lang} step`);
  }
  if (background !== undefined && background !== true) throw fail("STEP_ATTRIBUTE_INVALID", `background takes no value; the line that means "ready" goes in ready="…"`);
  if (ready !== undefined && (typeof ready !== "string" || ready === "")) throw fail("STEP_ATTRIBUTE_INVALID", `ready="…" needs the text of the line that means the program is ready`);
  if (ready !== undefined && background === undefined) throw fail("STEP_ATTRIBUTE_INVALID", `ready="…" is for a background go step: add background`);
  if (background !== undefined && attributes.has("exit")) throw fail("STEP_ATTRIBUTE_INVALID", `exit="…" does not apply to a background step; a later step checks how it ended with program("…").waitExit()`);
  if (modules !== undefined && (typeof modules !== "string" || !/^3\.\d+\.\d+$/.test(modules))) {
    throw fail("STEP_ATTRIBUTE_INVALID", `modules="${String(modules)}" must be an exact etcd release with Go modules, like "3.6.5"`);
  }
  return {
    ...(background === true ? { background: typeof ready === "string" ? { ready } : {} } : {}),
    ...(typeof modules === "string" ? { modules } : {}),
    ...(typeof program === "string" ? { program: program.trim() } : {}),
  };
}

function versionAttr(attributes: Attributes, fail: Fail): string | undefined {
  const v = attributes.get("etcd");
  if (v === undefined) return undefined;
  if (typeof v !== "string" || semver.validRange(v) === null) {
    throw fail("STEP_ATTRIBUTE_INVALID", `etcd="${String(v)}" is not a version range; write it like ">=3.5" or "3.4.x"`);
  }
  return v;
}
