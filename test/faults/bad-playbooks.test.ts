// Issues 5 and 15, "bad input, one clear error each" — broken playbooks (steps that are not
// complete code each, a file that is not UTF-8). One real run over
// test/fixtures/faults/bad-input/ (one folder per case, and one healthy playbook): each case gets
// its own paragraph naming its file and line, snapshotted word for word in the case's folder
// (expected.txt), the run exits non-zero, and the healthy playbook still runs and passes.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FIXTURES, removeResults, runCli, type CliRun, type Exit } from "../helpers/cli.ts";
import { takeKeptDirs } from "../helpers/leftovers.ts";
import { normalize, paragraph } from "./helpers/messages.ts";

const DIR = `${FIXTURES}/bad-input`;

/** Each case: its folder (and playbook) name, the code and the MDX line its error must name. */
const CASES = [
  { name: "yaml-invalid", code: "YAML_INVALID", line: 4 },
  { name: "wrong-type", code: "FRONTMATTER_INVALID", line: 5 },
  { name: "unknown-field", code: "FRONTMATTER_INVALID", line: 4 },
  { name: "impossible-shape", code: "FRONTMATTER_INVALID", line: 5 },
  { name: "member-flags-no-member", code: "FRONTMATTER_INVALID", line: 7 },
  { name: "bad-version-range", code: "FRONTMATTER_INVALID", line: 4 },
  { name: "unknown-step-attribute", code: "STEP_ATTRIBUTE_INVALID", line: 6 },
  { name: "bad-step-timeout", code: "STEP_ATTRIBUTE_INVALID", line: 6 },
  { name: "duplicate-step", code: "STEP_DUPLICATE", line: 10 },
  { name: "step-language", code: "STEP_LANG_UNSUPPORTED", line: 6 },
  { name: "empty-playbook", code: "PLAYBOOK_EMPTY", line: 5 },
  { name: "ts-compile", code: "STEP_COMPILE", line: 12 },
  { name: "block-across-steps", code: "STEP_INCOMPLETE", line: 7 },
  { name: "template-across-steps", code: "STEP_INCOMPLETE", line: 7 },
  { name: "comment-across-steps", code: "STEP_INCOMPLETE", line: 7 },
  { name: "not-utf8", code: "ENCODING_INVALID", line: 7 },
  { name: "sh-exit", code: "SH_EXIT", line: 12 },
  { name: "output-mismatch", code: "OUTPUT_MISMATCH", line: 12 },
  { name: "symptom-not-seen", code: "SYMPTOM_NOT_SEEN", line: 5 },
  { name: "bad-etcd-flag", code: "ETCD_START_FAILED", line: 4 },
];

let run: CliRun & Exit & { out: string };

beforeAll(async () => {
  run = await runCli([], { dir: DIR, timeoutMs: 150_000 });
  takeKeptDirs(run.out); // failed playbooks' member dirs, kept by design; checked and removed
}, 160_000);
afterAll(() => removeResults(run));

describe("broken playbooks, one run", () => {
  test("the run fails, and the healthy playbook beside the broken ones still runs and passes", () => {
    expect(run.code, run.out).toBe(1);
    const results = run.readResults().playbooks;
    expect(results.find((p) => p.file.endsWith("healthy.mdx"))?.status).toBe("passed");
    expect(results.filter((p) => p.status === "failed").map((p) => p.file.split("/").at(-2)).sort()).toEqual(CASES.map((c) => c.name).sort());
  });

  test.each(CASES)("$name: $code at line $line", async ({ name, code, line }) => {
    const file = `${DIR}/${name}/${name}.mdx`;
    const shown = paragraph(sectionAbout(run.out, file), code);
    expect(shown, `no [${code}] paragraph about ${file} in:\n${run.out}`).toBeDefined();
    expect(shown!.startsWith(`${file}:${line} `)).toBe(true);
    await expect(normalize(shown!)).toMatchFileSnapshot(`../fixtures/faults/bad-input/${name}/expected.txt`);
    // The results file names the same place.
    const entry = run.readResults().playbooks.find((p) => p.file === file)!;
    const failedStep = entry.steps.find((s) => s.status === "failed");
    const recorded = failedStep?.status === "failed" ? failedStep.error : entry.error;
    if (code === "SYMPTOM_NOT_SEEN") expect(entry.symptoms).toEqual([{ text: "etcdserver: request timed out", seen: false }]);
    else expect(recorded).toMatchObject({ code, message: expect.stringContaining(`${file}:${line} `) });
  });
});

/** The output from the first report line about `file` on: one case's paragraph, not another's. */
function sectionAbout(out: string, file: string): string {
  const lines = out.split("\n");
  const at = lines.findIndex((l) => /^\S/.test(l) && l.replace(/^(?:PlaybookError|Error): /, "").startsWith(`${file}:`));
  return at < 0 ? "" : lines.slice(at).join("\n");
}
