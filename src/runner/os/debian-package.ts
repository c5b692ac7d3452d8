// Tools the project takes from Debian (chromium for the browser tests, strace for disk faults,
// openssl for TLS material): found where Debian installs them, or installed with apt-get when we
// are root (CI and these machines run as root), so that a fresh machine gets them from `npm test`
// alone. Never a downloaded build. One install at a time across processes: apt holds its own lock
// and fails rather than waits, so ours queues the runner's workers and test files behind it.
import { existsSync } from "node:fs";
import path from "node:path";
import { withDirLock } from "./dir-lock.ts";
import { runProcess } from "./process.ts";
import { runRoot } from "./scratch-root.ts";

export interface DebianTool {
  /** Debian's package, e.g. `strace`. */
  package: string;
  /** Where the package puts the binary, e.g. `/usr/bin/strace`. */
  binary: string;
}

export class DebianToolError extends Error {
  readonly tool: DebianTool;
  constructor(tool: DebianTool, message: string) {
    super(message);
    this.tool = tool;
  }
}

const pending = new Map<string, Promise<string>>();

/** The binary as found on PATH or where Debian installs it, or undefined. */
export function findTool(tool: DebianTool): string | undefined {
  if (existsSync(tool.binary)) return tool.binary;
  const name = path.basename(tool.binary);
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

async function install(tool: DebianTool, timeoutMs: number): Promise<string> {
  if (process.getuid?.() !== 0) {
    throw new DebianToolError(tool, `${tool.binary} is missing. Install Debian's package as root: apt-get update && apt-get install -y ${tool.package}`);
  }
  return withDirLock(path.join(runRoot(), "apt.lock"), { timeoutMs }, async () => {
    if (existsSync(tool.binary)) return tool.binary; // another process installed it meanwhile
    // In a process group of its own, so a time-out stops apt-get and the dpkg it started.
    const command = `apt-get update && apt-get install -y --no-install-recommends ${tool.package}`;
    const r = await runProcess("bash", ["-c", command], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, timeoutMs, group: true });
    const output = r.output.slice(-4000);
    if (r.timedOut) throw new DebianToolError(tool, `installing ${tool.package} took longer than ${timeoutMs / 1000} s; last output:\n${output}`);
    if (r.code !== 0 || !existsSync(tool.binary)) throw new DebianToolError(tool, `apt-get install ${tool.package} failed (exit ${r.code}); last output:\n${output}`);
    return tool.binary;
  });
}

/** The tool's binary, installing Debian's package first when it is missing (root only). */
export function ensureDebianTool(tool: DebianTool, options: { timeoutMs?: number } = {}): Promise<string> {
  const found = findTool(tool);
  if (found) return Promise.resolve(found);
  let p = pending.get(tool.package);
  if (!p) {
    p = install(tool, options.timeoutMs ?? 10 * 60_000);
    pending.set(tool.package, p);
    p.catch(() => pending.delete(tool.package));
  }
  return p;
}
