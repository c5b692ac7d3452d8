// What /proc says about a process. Used for processes that are not our children (a lock's owner,
// an orphaned member) and to confirm that a signal took effect (SIGSTOP, SIGKILL).
import { readFile, readdir } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";

/** The one-letter state of /proc/<pid>/stat (`R`, `S`, `T` stopped, `Z` zombie…), or undefined if gone. */
export async function procState(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat === undefined) return undefined;
  // The command name (field 2) is in parentheses and may itself hold spaces or ")".
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
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

/** argv of a process from /proc/<pid>/cmdline, or undefined when it is gone or unreadable. */
export async function cmdline(pid: number): Promise<string[] | undefined> {
  const raw = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => undefined);
  if (!raw) return undefined;
  return raw.split("\0").filter((part, i, all) => part !== "" || i < all.length - 1);
}

/** Every pid under /proc. */
export async function allPids(): Promise<number[]> {
  const names = await readdir("/proc").catch(() => [] as string[]);
  return names.filter((n) => /^\d+$/.test(n)).map(Number);
}

/**
 * When the process started, in ms since the epoch (from /proc/<pid>/stat field 22 and the boot
 * time); undefined off Linux. Lets an owner check tell a reused pid from the original process.
 */
export async function startedAtMs(pid: number): Promise<number | undefined> {
  const [stat, procStat] = await Promise.all([
    readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined),
    readFile("/proc/stat", "utf8").catch(() => undefined),
  ]);
  const btime = procStat && /^btime (\d+)$/m.exec(procStat);
  if (!stat || !btime) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Field 22 overall is index 19 after the state (field 3). Clock ticks are 100/s on Linux
  // (USER_HZ is fixed for the /proc ABI).
  const ticks = Number(fields[19]);
  return Number(btime[1]) * 1000 + (ticks / 100) * 1000;
}
