// What the chaos soak reads from /proc: a process tree, the runner's Vitest workers, its run dirs,
// and step scripts left marked with one of them. Apart from src/runner/os on purpose, like
// ./leaks.ts: a bug there must not hide itself from the check.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

async function pids(): Promise<number[]> {
  return (await readdir("/proc").catch(() => [] as string[])).filter((n) => /^\d+$/.test(n)).map(Number);
}

async function stat(pid: number): Promise<{ state: string; ppid: number } | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  if (!text) return undefined;
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0]!, ppid: Number(fields[1]) };
}

async function argv(pid: number): Promise<string[]> {
  return (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).split("\0").filter(Boolean);
}

/** Exists and is not a zombie. */
export async function isAlive(pid: number): Promise<boolean> {
  const s = await stat(pid);
  return s !== undefined && s.state !== "Z";
}

/** Live processes under `pid`, at any depth. */
export async function descendants(pid: number): Promise<{ pid: number; argv: string[] }[]> {
  const tree = new Map<number, number>();
  for (const p of await pids()) {
    const s = await stat(p);
    if (s && s.state !== "Z") tree.set(p, s.ppid);
  }
  const found: { pid: number; argv: string[] }[] = [];
  for (let parents = [pid]; parents.length > 0; ) {
    const next = [...tree].filter(([, ppid]) => parents.includes(ppid)).map(([p]) => p);
    for (const p of next) found.push({ pid: p, argv: await argv(p) });
    parents = next;
  }
  return found;
}

/** The runner's Vitest workers (forks), not Vitest's own watchdog process. */
export async function workersOf(runner: number): Promise<number[]> {
  return (await descendants(runner)).filter((p) => p.argv.some((a) => /[/\\]vitest[/\\]dist[/\\]workers[/\\](?!watchdog)/.test(a))).map((p) => p.pid);
}

/** Run dirs under `root` whose owner record names `pid`. */
export async function ownedRunDirs(root: string, pid: number): Promise<string[]> {
  const dirs: string[] = [];
  for (const name of (await readdir(root).catch(() => [] as string[])).filter((n) => n.startsWith("run-"))) {
    const owner = await readFile(path.join(root, name, "owner.json"), "utf8").catch(() => "");
    if (owner && (JSON.parse(owner) as { pid?: number }).pid === pid) dirs.push(path.join(root, name));
  }
  return dirs;
}

/** Live processes that name one of `dirs` (etcd by its data dir) or carry a step's mark (TMPDIR_PLAYBOOK) inside one. */
export async function markedWith(dirs: string[]): Promise<string[]> {
  if (dirs.length === 0) return [];
  const left: string[] = [];
  for (const p of await pids()) {
    if (!(await isAlive(p))) continue;
    const env = (await readFile(`/proc/${p}/environ`, "utf8").catch(() => "")).split("\0");
    const mark = env.find((e) => e.startsWith("TMPDIR_PLAYBOOK="))?.slice("TMPDIR_PLAYBOOK=".length);
    const a = await argv(p);
    if (dirs.some((d) => (mark && mark.startsWith(`${d}/`)) || a.some((x) => x.includes(`${d}/`)))) left.push(`pid ${p} (${path.basename(a[0] ?? "?")})`);
  }
  return left;
}
