// Looking at real processes and directories, as a user checking for leaks would: /proc, not the
// runner's own bookkeeping. Written apart from src/runner/etcd/reaper.ts on purpose, so that a
// bug there cannot hide itself from these checks.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";

function stat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0]!, ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/**
 * Whether a pid is gone: process.kill(pid, 0) says no such process, or the entry is a zombie.
 * A zombie has exited and holds nothing (no port, no file); one is left where its parent died
 * and the machine's init does not reap orphans (pid 1 of this VM does not).
 */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  const s = stat(pid);
  return s === undefined || s.state === "Z" || s.state === "X";
}

function pids(): number[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
}

function argv(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return [];
  }
}

/** Live child processes of `pid`. */
export function childrenOf(pid: number): number[] {
  return pids().filter((p) => stat(p)?.ppid === pid && !isGone(p));
}

/** Live processes under `pid`, at any depth, with their command lines. */
export function descendantsOf(pid: number): { pid: number; argv: string[] }[] {
  const found: { pid: number; argv: string[] }[] = [];
  for (let parents = [pid]; parents.length > 0; ) {
    const next = parents.flatMap(childrenOf);
    found.push(...next.map((p) => ({ pid: p, argv: argv(p) })));
    parents = next;
  }
  return found;
}

/** Live etcd processes whose command line names `text` (a run dir, a data dir). */
export function etcdNaming(text: string): number[] {
  return pids().filter((p) => {
    const a = argv(p);
    return a.length > 0 && path.basename(a[0]!) === "etcd" && a.some((x) => x.includes(text)) && !isGone(p);
  });
}

/** Which of `ports` some socket on this machine listens on (from /proc/net/tcp and tcp6). */
export function listeningOn(ports: number[]): number[] {
  const found = new Set<number>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const row of text.split("\n").slice(1)) {
      const [, local, , state] = row.trim().split(/\s+/);
      const port = local ? parseInt(local.split(":")[1]!, 16) : NaN;
      if (state === "0A" && ports.includes(port)) found.add(port); // 0A = LISTEN
    }
  }
  return [...found];
}

/** Run dirs under `root` whose owner file names `pid`. */
export function runDirsOwnedBy(root: string, pid: number): string[] {
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith("run-"));
  } catch {
    return [];
  }
  return names
    .map((n) => path.join(root, n))
    .filter((dir) => {
      try {
        return (JSON.parse(readFileSync(path.join(dir, "owner.json"), "utf8")) as { pid: number }).pid === pid;
      } catch {
        return false;
      }
    });
}

/** Polls `probe` until it returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined | false): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    await delay(25);
  }
}
