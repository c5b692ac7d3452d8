// Runs a `sh` step: bash with -euo pipefail, so a failing command fails the step, and a status
// other than the step's `exit="…"` is an error that quotes the end of the output.
import { PlaybookError } from "../../errors/index.ts";
import { runProcess } from "../../os/index.ts";
import type { Step } from "../../playbooks/index.ts";

export async function runShStep(options: {
  step: Step;
  file: string;
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  onOutput: (text: string) => void;
}): Promise<void> {
  const { step, file } = options;
  // --norc: Debian's bash sources /etc/bash.bashrc when its stdin is a socket and SHLVL < 2 (its
  // "run by a remote shell" guess), and under -u that file dies on an unset PS1.
  // stdout and stderr through two pipes arrive in no reliable order; a reader's terminal shows
  // them in the order written. `exec 2>&1` on the script's first line (no new line, so bash's
  // line numbers stay the script's) gives the step that order.
  const result = await runProcess("bash", ["--norc", "-euo", "pipefail", "-c", `exec 2>&1; ${step.code}`], {
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    timeoutMs: options.timeoutMs,
    onOutput: options.onOutput,
    group: true,
  });
  if (result.timedOut) {
    throw new PlaybookError("STEP_TIMEOUT", `the script did not finish within ${options.timeoutMs / 1000} s`, {
      file,
      line: step.line,
      details: tail(result.output) ? `output so far:\n${tail(result.output)}` : "(the script printed nothing)",
    });
  }
  const expected = step.exit;
  if (expected === "any" || result.code === expected) return;
  const how = result.code === null ? `was killed by ${result.signal}` : `exited with status ${result.code}`;
  throw new PlaybookError("SH_EXIT", `the script ${how}, expected ${expected}${failingLine(result.output)}`, {
    file,
    line: step.line,
    hint: expected === 0 ? 'If the failure is the point of the step, declare it: exit="1" (or exit="any").' : undefined,
    details: tail(result.output) || "(no output)",
  });
}

function tail(text: string, n = 15): string {
  return text.trimEnd().split("\n").slice(-n).join("\n");
}

/** bash names the script line of an error as `bash: line 3: …`; repeat it in the message. */
function failingLine(output: string): string {
  const m = /bash: line (\d+):/.exec(output);
  return m ? ` (script line ${m[1]})` : "";
}
