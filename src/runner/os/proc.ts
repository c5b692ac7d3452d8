// The one reader of /proc. Used for processes that are not our children (a lock's owner, an
// orphaned member, a step's leftover script) and to confirm that a signal took effect.
import { readdirSync, readFileSync } from "node:fs";
import { readFile, readdir, readlink } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";

/** The fields of /proc/<pid>/stat the runner uses. */
export interface ProcStat {
  /** One letter: `R`, `S`, `T` (stopped), `Z` (zombie)… */
  state: string;
  ppid: number;
  /** Process group. */
  pgid: number;
  /** Start time in clock ticks since boot (field 22). */
  startTicks: number;
}

/** Parses the text of /proc/<pid>/stat. The command name (field 2) is in parentheses and may hold spaces or ")". */
export function parseStat(text: string): ProcStat | undefined {
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); field N is fields[N - 3].
  const [state, ppid, pgid, startTicks] = [fields[0], Number(fields[1]), Number(fields[2]), Number(fields[19])];
  if (!state || !Number.isInteger(ppid) || !Number.isInteger(pgid)) return undefined;
  return { state, ppid, pgid, startTicks };
}

export async function procStat(pid: number): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  return text === undefined ? undefined : parseStat(text);
}

/** The same, synchronously: for an "exit" listener, which cannot wait. */
export function procStatSync(pid: number): ProcStat | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}

/** The one-letter state, or undefined when the process is gone. */
export async function procState(pid: number): Promise<string | undefined> {
  return (await procStat(pid))?.state;
}

/** The one-letter state of each thread of a process (from /proc/<pid>/task), empty when it is gone. */
export async function threadStates(pid: number): Promise<string[]> {
  const tids = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const states = await Promise.all(tids.map(async (tid) => parseStat(await readFile(`/proc/${pid}/task/${tid}/stat`, "utf8").catch(() => ""))?.state));
  return states.filter((s): s is string => s !== undefined);
}

/** True while the process exists and is not a zombie (a zombie has exited; only its entry is left). */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const state = await procState(pid);
  return state !== undefined ? state !== "Z" && state !== "X" : true;
}

/** Waits until `pid` is gone (or a zombie); false when `timeoutMs` passed first. */
export async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  // Not our child, so no exit event exists: polling /proc is the signal we have.
  while (await isAlive(pid)) {
    if (performance.now() >= deadline) return false;
    await delay(20);
  }
  return true;
}

const splitNul = (raw: string) => raw.split("\0").filter((part, i, all) => part !== "" || i < all.length - 1);

/** argv of a process, or undefined when it is gone or unreadable. */
export async function cmdline(pid: number): Promise<string[] | undefined> {
  const raw = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => undefined);
  return raw ? splitNul(raw) : undefined;
}

export function cmdlineSync(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return raw ? splitNul(raw) : undefined;
  } catch {
    return undefined;
  }
}

/** The environment of a process (ours to read only for our own user's processes). */
export async function environ(pid: number): Promise<Map<string, string>> {
  const raw = await readFile(`/proc/${pid}/environ`, "utf8").catch(() => "");
  const env = new Map<string, string>();
  for (const entry of raw.split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

/** The same, synchronously (for an "exit" listener). */
export function environSync(pid: number): Map<string, string> {
  let raw = "";
  try {
    raw = readFileSync(`/proc/${pid}/environ`, "utf8");
  } catch {
    /* gone, or not ours to read */
  }
  const env = new Map<string, string>();
  for (const entry of raw.split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

/** Every pid under /proc but our own. */
export async function allPids(): Promise<number[]> {
  const names = await readdir("/proc").catch(() => [] as string[]);
  return names.filter((n) => /^\d+$/.test(n)).map(Number).filter((pid) => pid !== process.pid);
}

export function allPidsSync(): number[] {
  try {
    return readdirSync("/proc").filter((n) => /^\d+$/.test(n)).map(Number).filter((pid) => pid !== process.pid);
  } catch {
    return [];
  }
}

/**
 * When the process started, in ms since the epoch (its start ticks and the boot time); undefined
 * off Linux. Lets an owner check tell a reused pid from the original process.
 */
export async function startedAtMs(pid: number): Promise<number | undefined> {
  const [stat, procStatText] = await Promise.all([procStat(pid), readFile("/proc/stat", "utf8").catch(() => undefined)]);
  const btime = procStatText && /^btime (\d+)$/m.exec(procStatText);
  if (!stat || !btime) return undefined;
  // Clock ticks are 100/s on Linux (USER_HZ is fixed for the /proc ABI).
  return Number(btime[1]) * 1000 + (stat.startTicks / 100) * 1000;
}

/** pids whose parent is `parent`. */
export async function childPids(parent: number): Promise<number[]> {
  const found: number[] = [];
  for (const pid of await allPids()) if ((await procStat(pid))?.ppid === parent) found.push(pid);
  return found;
}

/** `127.0.0.1:port` as /proc/net/tcp writes it (address in host byte order, hex). */
const loopbackHex = (port: number) => `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * The inode of the IPv4 loopback TCP socket whose own end is `local` and whose other end is
 * `remote` (both ports on 127.0.0.1), from /proc/net/tcp; undefined when there is none.
 */
export async function tcpSocketInode(local: number, remote: number): Promise<number | undefined> {
  const table = await readFile("/proc/net/tcp", "utf8").catch(() => "");
  const [l, r] = [loopbackHex(local), loopbackHex(remote)];
  for (const row of table.split("\n")) {
    const f = row.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    if (f[1] === l && f[2] === r) return Number(f[9]);
  }
  return undefined;
}

/** Which of `pids` holds the socket with this inode among its open files. */
export async function pidHoldingSocket(inode: number, pids: readonly number[]): Promise<number | undefined> {
  const link = `socket:[${inode}]`;
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "")) === link) return pid;
  }
  return undefined;
}

/** Mount points at or below `dir` (from /proc/self/mounts), deepest first. */
export function mountsUnderSync(dir: string): string[] {
  let text = "";
  try {
    text = readFileSync("/proc/self/mounts", "utf8");
  } catch {
    return [];
  }
  // Spaces and tabs in a mount point are written as octal escapes.
  const points = text.split("\n").map((row) => (row.split(" ")[1] ?? "").replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
  return points.filter((p) => p === dir || p.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length);
}
