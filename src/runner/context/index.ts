// The step API: what a `ts` step sees (types.ts, re-exported for playbooks and editors), its
// names, and how a context is built from a cluster.
export { createStepContext, type ContextSource } from "./create.ts";
export { CONTEXT_NAMES } from "./names.ts";
export type * from "./types.ts";
