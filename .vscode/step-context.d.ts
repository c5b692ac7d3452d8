// The names a ts step sees, declared as globals for the step scratch file next to this one
// (step-scratch.ts). Only .vscode/tsconfig.json includes this file, so the rest of the repository
// does not get these globals. The runner's truth is src/runner/context/types.ts; this only
// re-declares its StepContext members one by one (test/check/editor.test.ts keeps them equal).
import type { StepContext } from "../src/runner/context/types.ts";

declare global {
  const etcd: StepContext["etcd"];
  const cluster: StepContext["cluster"];
  const etcdctl: StepContext["etcdctl"];
  const expect: StepContext["expect"];
  const log: StepContext["log"];
  const etcdVersion: StepContext["etcdVersion"];
  const tmpdir: StepContext["tmpdir"];
  const sh: StepContext["sh"];
  const until: StepContext["until"];
  const program: StepContext["program"];
}
