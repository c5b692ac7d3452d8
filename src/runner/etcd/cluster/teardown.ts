// Tearing a cluster down, in the reverse order things were made: clients, then members (last
// first) with their stall schedules and tracers, then the faults (partitions healed, proxies
// closed, small filesystems unmounted), then their dirs. Every step runs whatever the others did
// (Promise.allSettled), and every failure is reported; nothing is thrown.
import { cp, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { PlaybookError } from "../../errors/index.ts";
import { isAlive, ownerGone, readOwnerFile, releasePorts, runProcess, writeOwnerFile } from "../../os/index.ts";
import { unmountUnder } from "../faults/index.ts";
import type { ClusterParts } from "./parts.ts";

/** Marks a keep dir as this process's, so that a concurrent run does not overwrite it. */
const KEEP_OWNER = "owner.json";

export interface TeardownOptions {
  /** Keep the members' data dirs and logs, moved to `keepDir`. */
  keep: boolean;
  /** Where kept member dirs go, e.g. `.playbook-results/kept/faq_quota.mdx@3.6`; needed with `keep`. */
  keepDir?: string;
  /**
   * SIGTERM grace before SIGKILL. Default: 2 s when keeping data, 0 (SIGKILL at once) otherwise —
   * measured, a graceful stop of a 3-member cluster takes 1–5 s (a 3.5 follower waits up to 1 s
   * for its peer connections; a leader whose peers stop with it waits 5 s for a leadership
   * transfer), and data about to be deleted gains nothing from it.
   */
  graceMs?: number;
}

export interface TeardownReport {
  /** One line per thing that could not be closed, stopped or removed. */
  errors: string[];
  /** Where the member dirs were moved to (keep: true). */
  kept?: string;
  /** TEARDOWN_FAILED listing every error, when there is one. */
  error?: PlaybookError;
  durationMs: number;
}

/** Moves a dir, copying when it crosses file systems (run dirs live on tmpfs). */
async function move(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    // etcd preallocates each WAL file to 64 MB of zeros; GNU cp keeps those as holes on disk, where
    // fs.cp would write 64 MB per member for every failed playbook.
    const sparse = await runProcess("cp", ["-a", "--sparse=always", from, to], { env: process.env, timeoutMs: 120_000 });
    if (sparse.code !== 0) {
      await rm(to, { recursive: true, force: true });
      await cp(from, to, { recursive: true });
    }
    await rm(from, { recursive: true, force: true });
  }
}

/**
 * The keep dir to use: `base`, unless a live other process (a concurrent run of the same playbook
 * and series) kept its data there, then `base-2`, `base-3`, … A dead run's or our own is replaced:
 * the newest failure is the one worth reading.
 */
async function claimKeepDir(base: string): Promise<string> {
  for (let i = 1; ; i++) {
    const dir = i === 1 ? base : `${base}-${i}`;
    const owner = readOwnerFile(path.join(dir, KEEP_OWNER));
    if (owner && owner.pid !== process.pid && !(await ownerGone(owner))) continue;
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    writeOwnerFile(path.join(dir, KEEP_OWNER));
    return dir;
  }
}

export async function teardownCluster(cluster: ClusterParts, options: TeardownOptions): Promise<TeardownReport> {
  const started = performance.now();
  const errors: string[] = [...cluster.clients.closeAll()];

  const members = [...cluster.members].reverse();
  const pids = members.map((m) => m.pid);
  const tracers = members.flatMap((m) => (m.tracerPid !== undefined ? [{ name: m.name, pid: m.tracerPid }] : []));
  const stops = await Promise.allSettled(members.map((m) => m.dispose({ graceMs: options.graceMs ?? (options.keep ? 2_000 : 0) })));
  stops.forEach((r, i) => {
    if (r.status === "rejected") errors.push(`stopping ${members[i]!.name}: ${(r.reason as Error).message}`);
  });
  // Trust, but verify: a pid that still answers after stop() is a leak. It keeps its ports; their
  // reservation ends with this process.
  for (const [i, m] of members.entries()) {
    const pid = pids[i];
    if (pid !== undefined && (await isAlive(pid))) errors.push(`${m.name} (pid ${pid}) is still running`);
    else releasePorts(m.ports);
  }
  // strace ends when its member does; one that outlived it is a leak like a member.
  for (const t of tracers) if (await isAlive(t.pid)) errors.push(`${t.name}'s strace (pid ${t.pid}) is still running`);
  if (cluster.network) errors.push(...(await cluster.network.close()));
  errors.push(...(await unmountUnder(cluster.dir, { keep: options.keep })));

  let kept: string | undefined;
  if (options.keep && !options.keepDir) errors.push("keeping the data: no keep dir was given");
  const keepBase = options.keep && options.keepDir ? path.resolve(options.keepDir) : undefined;
  if (keepBase) kept = await claimKeepDir(keepBase).catch((error: Error) => void errors.push(`keeping the data in ${keepBase}: ${error.message}`));
  if (kept) {
    const moves = await Promise.allSettled(
      cluster.members.map(async (m) => {
        if (await stat(m.dir).catch(() => undefined)) await move(m.dir, path.join(kept!, m.name));
      }),
    );
    moves.forEach((r, i) => {
      if (r.status === "rejected") errors.push(`keeping ${cluster.members[i]!.name}'s data in ${kept}: ${(r.reason as Error).message}`);
    });
  }
  await rm(cluster.dir, { recursive: true, force: true }).catch((error: Error) => errors.push(`removing ${cluster.dir}: ${error.message}`));

  const report: TeardownReport = { errors, durationMs: Math.round(performance.now() - started), ...(kept ? { kept } : {}) };
  if (errors.length > 0) {
    report.error = new PlaybookError("TEARDOWN_FAILED", `teardown of ${cluster.label} left ${errors.length} thing(s) behind`, {
      details: errors.map((e) => `- ${e}`).join("\n"),
      hint: "The next run's reaper removes leftovers of dead runs; running ones can be stopped by their pid.",
    });
  }
  return report;
}
