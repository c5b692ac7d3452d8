// A step's output blocks against what it printed: each block that applies to this etcd version
// must match, or the step fails with OUTPUT_MISMATCH at the block's line.
import semver from "semver";
import { PlaybookError } from "../../errors/index.ts";
import type { Step } from "../../playbooks/index.ts";
import { matchOutput } from "./output-match.ts";

export function checkStepOutputs(file: string, step: Step, printed: string, version: string | undefined): void {
  for (const block of step.outputs) {
    if (block.etcd && (version === undefined || !semver.satisfies(version, block.etcd))) continue;
    const result = matchOutput(block.text, printed);
    if (!result.ok) {
      throw new PlaybookError("OUTPUT_MISMATCH", `its output does not match this output block: ${JSON.stringify(result.missing)} not found`, {
        file,
        line: block.line,
        hint: "Lines with - are expected, + are what the step printed; `...` stands for any text.",
        details: result.diff,
      });
    }
  }
}
