// The names in scope in every `ts` step. Declared once, as StepContext's keys (types.ts): this
// record must name exactly those keys or it does not compile, and create.ts builds the context as
// a StepContext literal, so a name added to the interface is missing in both until it is written.
import type { StepContext } from "./types.ts";

const NAMES: Record<keyof StepContext, true> = {
  etcd: true,
  cluster: true,
  etcdctl: true,
  expect: true,
  log: true,
  etcdVersion: true,
  tmpdir: true,
  sh: true,
  until: true,
  program: true,
};

/** The step context's names, in the order the generated module destructures them. */
export const CONTEXT_NAMES = Object.keys(NAMES) as ReadonlyArray<keyof StepContext>;
