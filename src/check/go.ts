// Every go step compiled and vetted against etcd's modules at each release the page claims (the
// newest patch of each series, as a run would use), with the compiler's and vet's messages at the
// MDX line of the Go line. The builds are the runner's own, cached: a checked step then starts at
// once in `npm run playbook`. Without Go, a page with go steps gets a finding, never a pass.
import { buildEtcdProgram, newestRelease } from "../runner/etcd/index.ts";
import { GoBuildError } from "../runner/errors/index.ts";
import { claims, type Playbook, type Step } from "../runner/playbooks/index.ts";
import { RUNNABLE_SERIES, seriesInfo } from "../schema/series.ts";
import type { Finding } from "./finding.ts";

export async function checkGoSteps(playbooks: Playbook[], progress: (line: string) => void = () => {}): Promise<Finding[]> {
  const findings = new Map<string, Finding>(); // one finding per place and message, whatever the series
  const add = (f: Finding, version: string) => {
    const key = `${f.file}:${f.line}\0${f.message}`;
    const seen = findings.get(key);
    if (seen) seen.message = seen.message.replace(/\(etcd ([^)]*)\)$/, `(etcd $1, ${version})`);
    else findings.set(key, { ...f, message: `${f.message} (etcd ${version})` });
  };
  for (const pb of playbooks) {
    // A step with program="…" has no code of its own: its source is checked at its own step.
    const goSteps = pb.steps.filter((s) => s.lang === "go" && s.program === undefined);
    if (goSteps.length === 0) continue;
    for (const series of RUNNABLE_SERIES.filter((s) => claims(pb.frontmatter.etcd, s))) {
      const steps = goSteps.filter((s) => !s.etcd || claims(s.etcd, series));
      if (steps.length === 0) continue;
      if (!seriesInfo(series)?.goModules) {
        for (const s of steps) add({ file: pb.file, line: s.line, check: "go", message: `step "${s.name}" runs on ${series}, which has no Go modules to build against; limit it: etcd=">=3.5"` }, series);
        continue;
      }
      const version = await newestRelease(series, { onProgress: progress });
      if (!version) {
        add({ file: pb.file, line: steps[0]!.line, check: "go", message: `cannot tell which ${series} release to build go steps against (no list of releases, none in the cache)` }, series);
        continue;
      }
      for (const step of steps) {
        const stop = await checkStep(pb, step, step.modules ?? version, add, progress);
        if (stop) break;
      }
    }
  }
  return [...findings.values()];
}

/** Builds and vets one step; true when nothing more can be checked (no Go). */
async function checkStep(pb: Playbook, step: Step, version: string, add: (f: Finding, version: string) => void, progress: (line: string) => void): Promise<boolean> {
  const at = (line: number) => step.line + line;
  try {
    const built = await buildEtcdProgram(step.code, { version, vet: true, onProgress: (l) => progress(`${pb.file}:${step.line} step "${step.name}": ${l}`) });
    for (const d of built.vet ?? []) add({ file: pb.file, line: at(d.line), check: "go", message: `step "${step.name}": go vet: ${d.message}` }, version);
    return false;
  } catch (error) {
    if (!(error instanceof GoBuildError)) throw error;
    if (error.code === "GO_NOT_FOUND") {
      add({ file: pb.file, line: step.line, check: "go", message: `${error.message}; its go steps cannot be checked [GO_NOT_FOUND]` }, version);
      return true;
    }
    if (error.diagnostics.length === 0) add({ file: pb.file, line: step.line, check: "go", message: `step "${step.name}": ${error.message} [${error.code}]` }, version);
    for (const d of error.diagnostics) add({ file: pb.file, line: at(d.line), check: "go", message: `step "${step.name}": ${d.message} [GO_COMPILE]` }, version);
    return false;
  }
}
