// Which etcd a binary is: `etcd --version` is the only source we trust, since file names and
// package versions (Debian's `3.5.16-4`) can say otherwise.
import { runProcess } from "../../os/index.ts";
import type { EtcdVersion } from "../../types.ts";

/** `{ version: "3.5.30", series: "3.5", … }` from `3.5.30` (a Debian suffix like `-2` is ignored). */
export function parseVersion(text: string): EtcdVersion | undefined {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!m) return undefined;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return { version: `${major}.${minor}.${patch}`, series: `${major}.${minor}`, major, minor, patch };
}

/** Orders versions newest first. */
export function compareVersionsDesc(a: EtcdVersion, b: EtcdVersion): number {
  return b.major - a.major || b.minor - a.minor || b.patch - a.patch;
}

export interface VersionProbe {
  /** What `etcd --version` printed (stdout and stderr), trimmed. */
  output: string;
  version: EtcdVersion | undefined;
  error?: string;
}

/** Runs `<etcd> --version` with a short bound; never throws. */
export async function probeVersion(etcd: string, timeoutMs = 5_000): Promise<VersionProbe> {
  const r = await runProcess(etcd, ["--version"], { env: process.env, timeoutMs });
  const output = r.output.trim();
  const line = /etcd Version:\s*(\S+)/.exec(output);
  const version = line ? parseVersion(line[1]!) : undefined;
  const error = r.spawnError?.message ?? (r.timedOut ? `no answer within ${timeoutMs} ms` : r.code !== 0 ? `exit ${r.code ?? r.signal}` : undefined);
  return error ? { output, version, error } : { output, version };
}
