// Which etcd series the playbooks claim: `--etcd-version all` and `npm test` run exactly these,
// so a page never names a series that did not run, and no series runs that no page claims.
import path from "node:path";
import semver from "semver";
import { RUNNABLE_SERIES } from "../../schema/series.ts";
import { parsePlaybookFile } from "./parse.ts";

/** Whether a frontmatter range includes any version of `series`. */
export function claims(range: string, series: string): boolean {
  return semver.intersects(range, `${series}.x`);
}

async function frontmatters(root: string, files: string[]) {
  const out = [];
  for (const file of files) {
    const pb = await parsePlaybookFile(path.resolve(root, file), root).catch(() => undefined);
    if (pb) out.push(pb.frontmatter);
  }
  return out;
}

/** The runnable series at least one of `files` claims, oldest first. A playbook that does not parse claims none. */
export async function claimedSeries(root: string, files: string[]): Promise<string[]> {
  const ranges = (await frontmatters(root, files)).map((f) => f.etcd);
  return RUNNABLE_SERIES.filter((s) => ranges.some((r) => claims(r, s)));
}

/** The other series `files` start members with (their `cluster.versions`), oldest first. */
export async function usedSeries(root: string, files: string[]): Promise<string[]> {
  const used = new Set((await frontmatters(root, files)).flatMap((f) => f.cluster.versions));
  return RUNNABLE_SERIES.filter((s) => used.has(s));
}
