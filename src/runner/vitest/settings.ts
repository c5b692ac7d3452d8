// The one settings object of a run, handed from the CLI (or vitest.config.ts under `npm test`)
// through each project's `provide` to its global set-up, which completes it, and on to every
// worker (`inject("playbooks")`). One object per etcd series: the series is a Vitest project.
import type { EtcdBinary } from "../etcd/index.ts";

export interface EndpointsTarget {
  endpoints: string[];
  tls?: { ca?: string; cert?: string; key?: string };
  user?: string;
  password?: string;
}

export interface PlaybookSettings {
  /** Repository root. */
  root: string;
  /** The etcd series of this project, e.g. `3.6` (`endpoints` against a user's cluster). */
  series: string;
  /** An exact version asked for on the command line (`--etcd-version 3.6.14`). */
  exact?: string;
  /**
   * The binaries of this project's series, resolved once per run: by the CLI before Vitest starts,
   * or (under `npm test`) by the global set-up. Absent only against --endpoints without a local etcdctl.
   */
  etcd?: EtcdBinary;
  /**
   * Binaries of other series the run's playbooks start members with (their `cluster.versions`),
   * by series, resolved once with the project's own.
   */
  others?: Record<string, EtcdBinary>;
  /** The series those are, before they are resolved (`npm test` resolves them in the global set-up). */
  otherSeries?: string[];
  /** This run's directory for members and scratch; made by the global set-up, reaped at its end. */
  runDir?: string;
  /** Run against a user's cluster instead of starting members. */
  target?: EndpointsTarget;
  /** Stop after the step with this name (or 1-based number) and keep the cluster up. */
  until?: string;
  /** With --keep: where the worker describes the kept cluster and the CLI writes the release file. */
  controlDir?: string;
  /** Keep members' data dirs after a failure (or always). */
  keepData: "on-failure" | "always";
  /** Step time limit when neither step nor frontmatter sets one. */
  defaultTimeoutMs: number;
  /** The cache root (ETCD_PLAYBOOKS_CACHE, read in the main process: workers drop ETCD_*); go steps' binaries go in it. */
  cacheDir?: string;
}

/** What a worker gets: the settings after the global set-up completed them. */
export type WorkerSettings = PlaybookSettings & { runDir: string };

/** --keep's files in the control dir: the worker writes the first, the CLI the second on Ctrl-C. */
export const KEPT_FILE = "kept.txt";
export const RELEASE_FILE = "release";

declare module "vitest" {
  export interface ProvidedContext {
    playbooks: PlaybookSettings;
  }
}
