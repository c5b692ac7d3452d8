// Issue 15, "line endings and encodings": one playbook saved three ways — LF, CRLF, and CRLF with a
// byte-order mark (test/fixtures/faults/line-endings/, kept byte for byte by its .gitattributes) —
// runs alike: the same steps pass, the output block matches, the symptom is seen, and the failing
// step is reported at the same MDX line with the same message. A file that is not UTF-8 is one
// error naming the file and line (bad-playbooks.test.ts, case not-utf8).
import { readFileSync, rmSync } from "node:fs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { FIXTURES, removeResults, runCli, type CliRun, type Exit } from "../helpers/cli.ts";

const DIR = `${FIXTURES}/line-endings`;
const TWINS = ["lf", "crlf", "bom-crlf"];
let run: CliRun & Exit & { out: string };

beforeAll(async () => {
  run = await runCli([], { dir: DIR });
  // The failing step keeps its (memberless) playbook's data dir, as every failure does.
  for (const m of run.out.matchAll(/data dirs kept at (\S+)/g)) rmSync(m[1]!, { recursive: true, force: true });
}, 130_000);
afterAll(() => removeResults(run));

test("the fixtures really are saved three ways", () => {
  const bytes = (name: string) => readFileSync(`${DIR}/${name}.mdx`);
  expect(bytes("lf").includes("\r\n")).toBe(false);
  expect(bytes("crlf").toString("latin1").split("\n").every((l, i, all) => i === all.length - 1 || l.endsWith("\r"))).toBe(true);
  expect([...bytes("bom-crlf").subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes("bom-crlf").subarray(3).equals(bytes("crlf"))).toBe(true);
});

test.each(TWINS)("%s: the same results and the same message at the same line", (twin) => {
  expect(run.code, run.out).toBe(1);
  const file = `${DIR}/${twin}.mdx`;
  const entry = run.readResults().playbooks.find((p) => p.file === file)!;
  expect(entry.steps.map((s) => [s.name, s.line, s.status])).toEqual([
    ["Print", 9, "passed"],
    ["Fail on purpose", 16, "failed"],
  ]);
  expect(entry.steps[0]!.output).toBe("printed by a sh step\n");
  expect(entry.symptoms).toEqual([{ text: "printed by a sh step", seen: true, step: "Print" }]);
  const failed = entry.steps[1]!;
  expect(failed.status === "failed" && failed.error).toMatchObject({ code: "STEP_FAILED", line: 18 });
  expect(run.out).toContain(`${file}:18 step "Fail on purpose": expected 'the same line' to be 'in every twin'`);
  // Vitest's code frame: the same line and column in every twin.
  expect(run.out).toContain(`${file}:18:25`);
});
