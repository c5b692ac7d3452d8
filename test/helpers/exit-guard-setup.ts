// Global set-up of the `runner` and `site` projects (runs in Vitest's main process): if `npm test`
// is interrupted, the members its test files started go with it (src/runner/etcd/exit-guard.ts).
import { reapOwnRunsOnExit } from "../../src/runner/etcd/runs/exit-guard.ts";

export default function setup(): void {
  reapOwnRunsOnExit();
}
