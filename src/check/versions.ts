// Version claims a page cannot make: a range with no series the runner runs, or one reaching back
// before 3.4 (versions no source here provides); and a step, output block or symptom scoped to
// versions the page never runs on — it would never be checked, so what it says is unverified.
import semver from "semver";
import { claims, type Playbook } from "../runner/playbooks/index.ts";
import { RUNNABLE_SERIES } from "../schema/series.ts";
import type { Finding } from "./finding.ts";

/** The runnable series a range claims. */
const claimed = (range: string) => RUNNABLE_SERIES.filter((s) => claims(range, s));

export function checkVersionClaims(playbooks: Playbook[]): Finding[] {
  const findings: Finding[] = [];
  for (const pb of playbooks) {
    const range = pb.frontmatter.etcd;
    const line = etcdLine(pb);
    const series = claimed(range);
    if (series.length === 0) {
      findings.push({ file: pb.file, line, check: "versions", message: `etcd: "${range}" claims no series the runner runs (${RUNNABLE_SERIES.join(", ")})` });
      continue;
    }
    if (semver.intersects(range, "<3.4")) {
      findings.push({ file: pb.file, line, check: "versions", message: `etcd: "${range}" claims versions before 3.4, which the runner cannot run; start the range at 3.4 or later` });
    }
    const never = (scoped: string) => !series.some((s) => claims(scoped, s));
    const where = `the page claims ${series.join(", ")}`;
    for (const step of pb.steps) {
      if (step.etcd && never(step.etcd)) findings.push({ file: pb.file, line: step.line, check: "versions", message: `step "${step.name}" runs on etcd ${step.etcd}, which this page never runs on (${where})` });
      for (const block of step.outputs) {
        if (block.etcd && never(block.etcd)) findings.push({ file: pb.file, line: block.line, check: "versions", message: `output block for etcd ${block.etcd} is never checked: ${where}` });
      }
    }
    pb.frontmatter.symptoms.forEach((s, i) => {
      if (s.etcd && never(s.etcd)) findings.push({ file: pb.file, line: pb.symptomLines[i] ?? line, check: "versions", message: `symptom ${JSON.stringify(s.text)} for etcd ${s.etcd} is never looked for: ${where}` });
    });
  }
  return findings;
}

/** The line of the frontmatter's `etcd:` field, or 2 when the page takes the default. */
function etcdLine(pb: Playbook): number {
  const at = pb.source.split("\n").findIndex((l, i) => i > 0 && /^etcd:/.test(l));
  return at > 0 ? at + 1 : 2;
}
