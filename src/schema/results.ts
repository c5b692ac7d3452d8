// The results file: what `npm run playbook` writes and the site renders.
// Path: `.playbook-results/results.json` at the repository root (git-ignored), or `ETCD_PLAYBOOKS_RESULTS`.
// A run replaces the entries of the (playbook, etcd series) pairs it ran and keeps all others, so
// running one playbook does not erase the verification of the rest.
import { z } from "zod";

export const RESULTS_SCHEMA_VERSION = 1;
export const DEFAULT_RESULTS_PATH = ".playbook-results/results.json";

const stepBase = {
  /** 0-based position among the playbook's steps. */
  index: z.number().int(),
  /** The `step="…"` name. */
  name: z.string(),
  /** 1-based line of the opening fence in the MDX file. */
  line: z.number().int(),
  lang: z.enum(["ts", "sh", "go"]),
  durationMs: z.number(),
  /** What the step printed: a `sh` step's stdout+stderr, a `ts` step's `log(...)` lines. */
  output: z.string(),
};

export const stepResultSchema = z.discriminatedUnion("status", [
  z.object({ ...stepBase, status: z.literal("passed") }),
  z.object({
    ...stepBase,
    status: z.literal("failed"),
    error: z.object({
      /** Stable error code, e.g. `STEP_FAILED`, `STEP_TIMEOUT`, `OUTPUT_MISMATCH`. */
      code: z.string(),
      message: z.string(),
      /** 1-based MDX line of the failing statement, when known. */
      line: z.number().int().optional(),
    }),
    /** Cluster snapshot taken at the failure: log tails, member list, endpoint status, alarms. */
    snapshot: z.string().optional(),
  }),
  z.object({ ...stepBase, status: z.literal("skipped"), reason: z.string() }),
]);

export const memberRunSchema = z.object({
  name: z.string(),
  /** The command line the member really ran with (binary path shortened to `etcd`). */
  args: z.array(z.string()),
  /** Every etcd version it ran, in order, e.g. `["3.5.35", "3.6.16"]` after an upgrade. */
  versions: z.array(z.string()).optional(),
});

export const playbookResultSchema = z.object({
  /** Repository-relative path, e.g. `playbooks/faq/nospace.mdx`. */
  file: z.string(),
  title: z.string(),
  /** The etcd version the run used, e.g. `3.5.30`. */
  etcdVersion: z.string(),
  /** `3.4`, `3.5`: the key a run replaces. */
  etcdSeries: z.string(),
  /** `managed` (members started by the runner) or `endpoints` (a user's cluster). */
  target: z.enum(["managed", "endpoints"]),
  status: z.enum(["passed", "failed", "skipped"]),
  /** ISO date-time the playbook finished. */
  date: z.string(),
  durationMs: z.number(),
  members: z.array(memberRunSchema),
  steps: z.array(stepResultSchema),
  symptoms: z.array(z.object({ text: z.string(), seen: z.boolean(), step: z.string().optional() })),
  /** Where the etcd binaries came from, e.g. `{ source: "go", from: "go.etcd.io/etcd/server/v3@v3.6.16 …", goVersion: "go1.26.8" }`. */
  provenance: z
    .object({
      source: z.string(),
      from: z.string(),
      installedAt: z.string().optional(),
      goVersion: z.string().optional(),
      moduleSums: z.record(z.string(), z.string()).optional(),
      sha256: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  /** A failure outside any step: parse error, cluster start failure, teardown failure. */
  error: z.object({ code: z.string(), message: z.string(), line: z.number().int().optional() }).optional(),
});

export const resultsFileSchema = z.object({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  updatedAt: z.string(),
  playbooks: z.array(playbookResultSchema),
});

export type StepResult = z.output<typeof stepResultSchema>;
export type PlaybookResult = z.output<typeof playbookResultSchema>;
export type ResultsFile = z.output<typeof resultsFileSchema>;
