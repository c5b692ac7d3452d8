// The step context: everything a `ts` step can use. A step is the body of an async function
// whose parameters are these names, so `etcd`, `cluster`, `etcdctl`, `expect` and `log` are in
// scope in every step, and `tsc` checks steps against these declarations. The member, cluster and
// etcdctl shapes belong to the etcd layer and the value types to ../types.ts; this file re-exports
// them so that a playbook's whole API is one module.
import type { Etcd3 } from "etcd3";
import type { ExpectStatic } from "vitest";
import type { Duration } from "../../schema/duration.ts";
import type { Cluster, Etcdctl, Program } from "../etcd/index.ts";
import type { CommandOptions, CommandResult, EtcdVersion, Truthy } from "../types.ts";

export type { CommandOptions, CommandResult, EtcdVersion, ExitInfo, MemberState, Truthy } from "../types.ts";
export type { AddMemberOptions, ClientChoice, Cluster, Etcdctl, Member, MemberLog, Program, ProgramState, RestartOptions, StartOptions, WaitForLogOptions } from "../etcd/index.ts";
export type { Authority, Certificate, CertificateOptions, ClusterTls, DiskFaults, MemberTls, NetworkConditions, StallOptions, SyscallFault } from "../etcd/index.ts";

/** Everything in scope in a `ts` step. */
export interface StepContext {
  /** etcd3 client to every endpoint of the cluster. */
  etcd: Etcd3;
  cluster: Cluster;
  etcdctl: Etcdctl;
  /** Vitest's expect. */
  expect: ExpectStatic;
  /** Kept with the step and shown on the page as its output. */
  log: (...values: unknown[]) => void;
  /** The etcd version under test, e.g. `{ version: "3.5.30", series: "3.5", major: 3, minor: 5, patch: 30 }`. */
  etcdVersion: EtcdVersion;
  /** A scratch directory for this playbook, removed afterwards. */
  tmpdir: string;
  /** Runs a bash script with the same environment a `sh` step gets. */
  sh(script: string, options?: CommandOptions): Promise<CommandResult>;
  /** Waits until `fn` returns a truthy value or `timeout` (default 10 s) passes; returns that value. */
  until<T>(fn: () => T | Promise<T>, options?: { timeout?: Duration; interval?: Duration; message?: string }): Promise<Truthy<T>>;
  /**
   * The program a background go step started, by the step's name, e.g.
   * `await program("Start the embedding program").waitFor("ready")`; throws for a name that is no
   * background go step that ran before.
   */
  program(step: string): Program;
}
