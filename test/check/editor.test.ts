// The editor set-up in .vscode/: the step scratch file sees the same names as a step, with their
// types; the tasks' problem matchers read the lines `npm run check` and the runner print.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type * as TS from "typescript";
import { expect, test } from "vitest";
import { formatFinding } from "../../src/check/finding.ts";
import { CONTEXT_NAMES } from "../../src/runner/context/index.ts";

const ts = createRequire(import.meta.url)("typescript") as typeof TS;
const ROOT = path.resolve(import.meta.dirname, "../..");
const VSCODE = path.join(ROOT, ".vscode");

test("step-context.d.ts declares exactly the names a step has in scope, each as its StepContext type", () => {
  const dts = readFileSync(path.join(VSCODE, "step-context.d.ts"), "utf8");
  const declared = [...dts.matchAll(/^\s*const (\w+): StepContext\["(\w+)"\];$/gm)];
  expect(declared.every((m) => m[1] === m[2])).toBe(true);
  expect(declared.map((m) => m[1]).sort()).toEqual([...CONTEXT_NAMES].sort());
});

/** Type-checks the files of .vscode/tsconfig.json plus one draft held in memory. */
function diagnostics(draft: string): string[] {
  const configFile = path.join(VSCODE, "tsconfig.json");
  const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const draftFile = path.join(VSCODE, "draft.step.ts");
  const host = ts.createCompilerHost(config.options, true);
  const { getSourceFile, fileExists } = host;
  host.fileExists = (f) => f === draftFile || fileExists.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => (f === draftFile ? ts.createSourceFile(f, draft, lang, true) : getSourceFile.call(host, f, lang, ...rest));
  const program = ts.createProgram([...config.fileNames.filter((f) => f !== draftFile), draftFile], config.options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1} ` : "";
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

test("the scratch file type-checks, and a draft gets the step context's types and errors", () => {
  const errors = diagnostics(`export {};\nconst m = cluster.member(0);\nawait m.reboot();\nconst n: number = etcdVersion.series;\n`);
  expect(errors).toEqual([
    "draft.step.ts:3 Property 'reboot' does not exist on type 'Member'.",
    "draft.step.ts:4 Type 'string' is not assignable to type 'number'.",
  ]);
});

test("the tasks' problem matchers read check findings and failed steps at their MDX line", () => {
  const tasks = (JSON.parse(readFileSync(path.join(VSCODE, "tasks.json"), "utf8")) as { tasks: Array<{ label: string; problemMatcher: { pattern?: { regexp: string } } | [] }> }).tasks;
  const matcher = (label: string) => new RegExp((tasks.find((t) => t.label === label)!.problemMatcher as { pattern: { regexp: string } }).pattern.regexp);

  const finding = formatFinding({ file: "playbooks/faq/x.mdx", line: 12, check: "types", message: `step "Fix": Property 'reboot' does not exist on type 'Member'. (TS2339)` });
  expect(matcher("Check this file").exec(finding)?.slice(1)).toEqual(["playbooks/faq/x.mdx", "12", "types", `step "Fix": Property 'reboot' does not exist on type 'Member'. (TS2339)`]);
  expect(matcher("Check this file").test("check: 1 finding")).toBe(false);

  // The line Vitest prints for a failed step (see test/runner/cli.test.ts).
  const failure = `AssertionError: playbooks/faq/x.mdx:13 step "Expect the wrong value": expected 'a' to be 'b'`;
  expect(matcher("Run this playbook").exec(failure)?.slice(1)).toEqual(["playbooks/faq/x.mdx", "13", `step "Expect the wrong value": expected 'a' to be 'b'`]);
});
