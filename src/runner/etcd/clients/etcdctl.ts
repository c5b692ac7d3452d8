// etcdctl as the steps call it: the real binary, endpoints and short timeouts through ETCDCTL_*
// variables. No ETCDCTL_API: v3 is the default since 3.4, and 3.6 removed the variable and warns
// "unrecognized environment variable" on every call that has it (seen on 3.6.16 and 3.7.3). etcdctl (3.4 and 3.5 alike) refuses to run when a flag is given both as a
// variable and on its command line ("conflicting environment variable … is shadowed by
// corresponding command-line flag"), so a flag the step passes itself drops our variable: the
// step's flag wins and nothing extra is printed.
import { limitMs } from "../../../schema/duration.ts";
import { runProcess } from "../../os/index.ts";
import type { CommandOptions, CommandResult } from "../../types.ts";
import type { Etcdctl } from "./types.ts";
import { isReadOnlyEtcdctl, readOnlyError } from "./readonly.ts";

export const DIAL_TIMEOUT = "2s";
/**
 * Set for completeness, but etcdctl 3.4 and 3.5 read it only in some commands: `get`, `put`,
 * `del`, `member list`, `alarm list`… build their deadline from the flag before the environment is
 * applied, so there it stays at etcdctl's default (also 5 s); `endpoint health|status` honour it.
 * Pass `--command-timeout=…` to bound a command for sure.
 */
export const COMMAND_TIMEOUT = "5s";
/** Hard limit on the etcdctl process when the step sets none (CommandOptions' documented default). */
export const PROCESS_TIMEOUT_MS = 10_000;

export interface EtcdctlConfig {
  etcdctl: string;
  /** Evaluated per call: members come and go. */
  endpoints: () => string[];
  /** Extra ETCDCTL_* variables (TLS files, user), or a function giving them per call (a member's TLS can change). */
  env?: Record<string, string> | (() => Record<string, string>);
  /** Refuse anything but read-only commands (a user's cluster). */
  readOnly?: boolean;
}

/**
 * Where etcdctl points when no member is up. An empty ETCDCTL_ENDPOINTS would make etcdctl fall
 * back to 127.0.0.1:2379 — someone's real etcd, perhaps. A socket path that cannot exist fails
 * like a dead cluster ("context deadline exceeded"), and offline commands still work.
 */
export const NO_ENDPOINT = "unix:///nonexistent/etcd-playbooks/no-member-is-running";

/** ETCDCTL_ENDPOINTS for these endpoints, never empty. */
export function endpointsValue(endpoints: readonly string[]): string {
  return endpoints.length > 0 ? endpoints.join(",") : NO_ENDPOINT;
}

/** The variables every etcdctl call (and every sh step) gets. */
export function etcdctlEnv(endpoints: string[], extra: Record<string, string> = {}): Record<string, string> {
  return { ETCDCTL_ENDPOINTS: endpointsValue(endpoints), ETCDCTL_DIAL_TIMEOUT: DIAL_TIMEOUT, ETCDCTL_COMMAND_TIMEOUT: COMMAND_TIMEOUT, ...extra };
}

/** The environment for one call: inherited ETCDCTL_* removed, ours set, and any we set that the args also give dropped. */
export function callEnv(args: readonly string[], ours: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("ETCDCTL_")) env[k] = v;
  Object.assign(env, ours);
  for (const arg of args) {
    if (arg === "--") break;
    const m = /^--([a-z][a-z0-9-]*)(?:=|$)/.exec(arg);
    if (m) delete env[`ETCDCTL_${m[1]!.toUpperCase().replace(/-/g, "_")}`];
  }
  return env;
}

export function createEtcdctl(config: EtcdctlConfig): Etcdctl {
  const call = async (options: CommandOptions & { endpoints?: string[] }, args: string[]): Promise<CommandResult> => {
    const endpoints = options.endpoints ?? config.endpoints();
    if (config.readOnly && !isReadOnlyEtcdctl(args)) throw readOnlyError(`etcdctl ${args.join(" ")}`, endpoints);
    const extra = typeof config.env === "function" ? config.env() : config.env;
    const env = callEnv(args, { ...etcdctlEnv(endpoints, extra), ...options.env });
    const timeoutMs = limitMs(options.timeout, PROCESS_TIMEOUT_MS);
    const { timedOut: _, ...result } = await runProcess(config.etcdctl, args, { env, timeoutMs, ...(options.input !== undefined ? { input: options.input } : {}) });
    return result;
  };
  const etcdctl = ((...args: string[]) => call({}, args)) as Etcdctl;
  etcdctl.with = (options) => (...args: string[]) => call(options, args);
  return etcdctl;
}
