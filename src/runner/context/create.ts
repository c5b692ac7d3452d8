// Builds the step context (./types.ts) of one playbook run from its cluster.
import { formatWithOptions } from "node:util";
import { expect } from "vitest";
import { parseDuration } from "../../schema/duration.ts";
import { PlaybookError } from "../errors.ts";
import type { PlaybookSettings } from "../vitest/settings.ts";
import { runProcess } from "../os/process.ts";
import type { Cluster, CommandOptions, CommandResult, Etcdctl, StepContext, Truthy } from "./types.ts";

/** What the runner needs of a cluster beyond what steps see: managed members or a user's endpoints. */
export interface RunnableCluster extends Cluster {
  /** etcdctl against every endpoint (read-only against --endpoints). */
  readonly etcdctl: Etcdctl;
  /** Failure snapshot: members' states and log tails, member list, endpoint status, alarms. */
  snapshot(): Promise<string>;
  /** The command lines the members ran with, binary shown as `etcd`. */
  memberRuns(): { name: string; args: string[] }[];
  /** Environment for sh steps. */
  env(): Record<string, string>;
  /** Stops and removes everything (keeping the member dirs in `keepDir` when `keep`); never throws. */
  teardown(options: { keep: boolean; keepDir?: string }): Promise<{ kept?: string; errors: string[] }>;
  /** Endpoints, data dirs, pids and an etcdctl environment line, for --keep. */
  describeForKeep(): string;
}

export function createStepContext(options: {
  cluster: RunnableCluster;
  settings: PlaybookSettings;
  tmpdir: string;
  log: (text: string) => void;
}): StepContext {
  const { cluster, settings, tmpdir } = options;
  const version = settings.etcd?.version ?? { version: "unknown", series: settings.series, major: 3, minor: 0, patch: 0 };
  let client: StepContext["etcd"] | undefined;
  // Created on first use, not when the steps' body destructures the context: a playbook that
  // starts with no members adds them first, and the client must see their endpoints.
  const etcd = new Proxy({} as StepContext["etcd"], {
    get(_, prop) {
      client ??= cluster.client();
      const value = Reflect.get(client, prop, client) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
    },
  });
  return {
    etcd,
    cluster,
    etcdctl: cluster.etcdctl,
    expect,
    log: (...values: unknown[]) => options.log(`${formatWithOptions({ colors: false, depth: 6 }, ...values)}\n`),
    etcdVersion: version,
    tmpdir,
    sh: (script: string, opts: CommandOptions = {}): Promise<CommandResult> =>
      runProcess("bash", ["--norc", "-euo", "pipefail", "-c", script], {
        env: { ...process.env, ...cluster.env(), TMPDIR_PLAYBOOK: tmpdir, ...opts.env },
        cwd: tmpdir,
        ...(opts.input !== undefined ? { input: opts.input } : {}),
        timeoutMs: parseDuration(opts.timeout ?? "10s") ?? 10_000,
        group: true,
      }),
    until: async <T>(fn: () => T | Promise<T>, opts: { timeout?: number | string; interval?: number | string; message?: string } = {}): Promise<Truthy<T>> => {
      const limit = parseDuration(opts.timeout ?? "10s") ?? 10_000;
      const interval = parseDuration(opts.interval ?? "50ms") ?? 50;
      const deadline = performance.now() + limit;
      let last: unknown;
      for (;;) {
        try {
          const value = await fn();
          if (value) return value as Truthy<T>;
        } catch (error) {
          last = error;
        }
        if (performance.now() >= deadline) {
          const why = last ? `; last error: ${(last as Error).message ?? String(last)}` : "";
          throw new PlaybookError("STEP_FAILED", `until(): ${opts.message ?? "the condition"} did not hold within ${limit / 1000} s${why}`);
        }
        await new Promise((r) => setTimeout(r, interval));
      }
    },
  } as StepContext;
}
