// Builds the step context (./types.ts) of one playbook run from its cluster. The object literal
// is typed as StepContext, so a name the interface declares and this file lacks does not compile.
import { formatWithOptions } from "node:util";
import { expect } from "vitest";
import { limitMs, type Duration } from "../../schema/duration.ts";
import type { Cluster, Etcdctl, Program } from "../etcd/index.ts";
import { PlaybookError } from "../errors/index.ts";
import { runProcess } from "../os/index.ts";
import type { CommandOptions, CommandResult, EtcdVersion, Truthy } from "../types.ts";
import type { StepContext } from "./types.ts";

/** What a context is made from: the playbook's cluster (managed or a user's), and the run's facts. */
export interface ContextSource {
  cluster: Cluster & { readonly etcdctl: Etcdctl; env(): Record<string, string> };
  version: EtcdVersion;
  /** The playbook's scratch dir; sh() runs there. */
  tmpdir: string;
  /** Where log() output goes (the step's recorded output). */
  log: (text: string) => void;
  /** Background go steps' programs by step name, and the variables go steps add for scripts (PORT1…, PROGRAM_PID). */
  programs?: { get(step: string): Program; env(): Record<string, string> };
}

export function createStepContext(source: ContextSource): StepContext {
  const { cluster, tmpdir } = source;
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
  const context: StepContext = {
    etcd,
    cluster,
    etcdctl: cluster.etcdctl,
    expect,
    log: (...values: unknown[]) => source.log(`${formatWithOptions({ colors: false, depth: 6 }, ...values)}\n`),
    etcdVersion: source.version,
    tmpdir,
    sh: (script: string, opts: CommandOptions = {}): Promise<CommandResult> =>
      runProcess("bash", ["--norc", "-euo", "pipefail", "-c", script], {
        env: { ...process.env, ...cluster.env(), ...source.programs?.env(), TMPDIR_PLAYBOOK: tmpdir, ...opts.env },
        cwd: tmpdir,
        ...(opts.input !== undefined ? { input: opts.input } : {}),
        timeoutMs: limitMs(opts.timeout, 10_000),
        group: true,
      }),
    until: async <T>(fn: () => T | Promise<T>, opts: { timeout?: Duration; interval?: Duration; message?: string } = {}): Promise<Truthy<T>> => {
      const limit = limitMs(opts.timeout, 10_000);
      const interval = limitMs(opts.interval, 50);
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
    program: (step: string): Program => {
      if (!source.programs) throw new PlaybookError("PROGRAM_UNKNOWN", `program(${JSON.stringify(step)}): this run has no go steps`);
      return source.programs.get(step);
    },
  };
  return context;
}
