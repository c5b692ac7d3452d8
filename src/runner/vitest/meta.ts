// What a playbook's tests hand to reporters through Vitest's task meta: data, never text to be
// parsed back (an error's code travels as a field).
import type { Provenance } from "../etcd/index.ts";

/** An error as reporters record it. */
export interface ErrorMeta {
  code: string;
  message: string;
  line?: number;
}

export interface StepMeta {
  index: number;
  line: number;
  lang: "ts" | "sh" | "go";
  output: string;
  error?: ErrorMeta & { line: number };
  snapshot?: string;
}

export interface PlaybookMeta {
  file: string;
  etcdVersion: string;
  series: string;
  target: "managed" | "endpoints";
  members: { name: string; args: string[]; versions?: string[] }[];
  /** Where the binaries came from (source, version, Go version and module sums…). */
  provenance?: Provenance;
  symptoms: string[];
  /** A failure outside any step: the cluster did not start, teardown failed. */
  error?: ErrorMeta;
  /** What the page scopes to some versions (steps, output blocks), so a run can say what it never checked. */
  scoped: { line: number; what: string; etcd: string }[];
  /** Every step, so a reporter can place steps that never ran. */
  steps: { index: number; name: string; line: number; lang: "ts" | "sh" | "go" }[];
}

declare module "vitest" {
  interface TaskMeta {
    step?: StepMeta;
    playbook?: PlaybookMeta;
  }
}
