// What the main process hands every playbook test module (through Vitest's provide/inject).
import type { EtcdBinary } from "../etcd/index.ts";

export interface EndpointsTarget {
  endpoints: string[];
  tls?: { ca?: string; cert?: string; key?: string };
  user?: string;
  password?: string;
}

export interface PlaybookSettings {
  /** The etcd binaries of this project's series. Absent only when --endpoints runs without a local etcdctl. */
  etcd?: EtcdBinary;
  series: string;
  /** Directory this run's members live under; reaped at the end of the run. */
  runDir: string;
  /** Repository root. */
  root: string;
  /** Run against a user's cluster instead of starting members. */
  target?: EndpointsTarget;
  /** Stop after the step with this name (or 1-based number) and keep the cluster up. */
  until?: string;
  /** With --keep: where the kept cluster is described and the CLI's release file appears. */
  controlDir?: string;
  /** Keep members' data dirs after a failure (or always, with keepData: "always"). */
  keepData: "on-failure" | "always";
  /** Step time limit when neither step nor frontmatter sets one. */
  defaultTimeoutMs: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    playbooks: PlaybookSettings;
  }
}
