// What a finished run left behind, found from the outside: its run dirs (owner file names its
// pid), any etcd process whose command line names one of them, and port reservations whose owner
// is dead (a run's workers die with it; its global teardown must have removed theirs).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

async function etcdNaming(dir: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of (await readdir("/proc").catch(() => [] as string[])).filter((n) => /^\d+$/.test(n))) {
    const argv = (await readFile(`/proc/${name}/cmdline`, "utf8").catch(() => "")).split("\0");
    if (path.basename(argv[0] ?? "") === "etcd" && argv.some((a) => a.includes(dir)) && (await alive(Number(name)))) found.push(Number(name));
  }
  return found;
}

/** One line per leftover of the run whose runner had `pid`: `run dir …`, `etcd pid …`. */
export async function leftoversOf(root: string, pid: number): Promise<string[]> {
  const left: string[] = [];
  for (const name of (await readdir(root).catch(() => [] as string[])).filter((n) => n.startsWith("run-"))) {
    const dir = path.join(root, name);
    const owner = await readFile(path.join(dir, "owner.json"), "utf8").catch(() => "");
    if (!owner || (JSON.parse(owner) as { pid?: number }).pid !== pid) continue;
    left.push(`run dir ${dir}`);
    for (const p of await etcdNaming(dir)) left.push(`etcd pid ${p}`);
  }
  for (const name of await readdir(path.join(root, "ports")).catch(() => [] as string[])) {
    const owner = await readFile(path.join(root, "ports", name), "utf8").catch(() => "");
    const ownerPid = owner ? (JSON.parse(owner) as { pid?: number }).pid : undefined;
    if (ownerPid !== undefined && !(await alive(ownerPid))) left.push(`port reservation ${name} of dead pid ${ownerPid}`);
  }
  return left;
}

/** The process exists and is not a zombie (an exited process whose entry is all that is left). */
async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat !== "" && !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
}
