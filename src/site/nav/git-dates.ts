// Last commit dates of the playbooks. Starlight's build-time lookup only covers
// src/content/docs/, so for content in playbooks/ one `git log` gives every file's date.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const cache = new Map<string, Map<string, Date>>();

/** Absolute file path → date of the newest commit touching it, for files under `dir`. */
export function commitDates(dir: string): Map<string, Date> {
  const cached = cache.get(dir);
  if (cached) return cached;
  const dates = new Map<string, Date>();
  const top = spawnSync("git", ["rev-parse", "--show-toplevel"], { cwd: dir, encoding: "utf8" });
  const log = top.status === 0
    ? spawnSync("git", ["log", "--format=t:%ct", "--name-only", "--", "."], { cwd: dir, encoding: "utf8", maxBuffer: 64 << 20 })
    : undefined;
  let when = 0;
  for (const line of log?.status === 0 ? log.stdout.split("\n") : []) {
    if (line.startsWith("t:")) when = Number(line.slice(2)) * 1000;
    else if (line.trim()) {
      const file = resolve(top.stdout.trim(), line.trim());
      // `git log` lists newest first: the first date seen for a file is its latest.
      if (!dates.has(file)) dates.set(file, new Date(when));
    }
  }
  cache.set(dir, dates);
  return dates;
}
