// Which etcd a binary is: `etcd --version` is the only source we trust, since file names and
// package versions (Debian's `3.5.16-4`) can say otherwise.
import { execFile } from "node:child_process";
import type { EtcdVersion } from "../../context/types.ts";

/** The etcd series the runner knows how to provision and drive. */
export const SUPPORTED_SERIES = ["3.4", "3.5"] as const;
export type EtcdSeries = (typeof SUPPORTED_SERIES)[number];

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
export function probeVersion(etcd: string, timeoutMs = 5_000): Promise<VersionProbe> {
  return new Promise((resolve) => {
    execFile(etcd, ["--version"], { timeout: timeoutMs, encoding: "utf8" }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      const line = /etcd Version:\s*(\S+)/.exec(output);
      const version = line ? parseVersion(line[1]!) : undefined;
      resolve(error ? { output, version, error: error.message } : { output, version });
    });
  });
}
