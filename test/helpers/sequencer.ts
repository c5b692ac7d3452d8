// npm test's order: the longest files first, across all projects. Vitest's own sequencer sorts by
// project name first, so every playbook started before any runner test and the site's Astro
// builds came last, running alone for a minute and a half at the end. Playbooks mostly wait on
// etcd's timers, the runner's nested runs and the site's builds mostly use the CPU: mixed, they
// share the two cores. Durations come from Vitest's cache of the last run; a file it has not
// timed yet runs first, the site's files (each builds a site) before the others, then by size.
import { stat } from "node:fs/promises";
import { BaseSequencer, type TestSpecification } from "vitest/node";

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const timed = new Map(files.map((f) => [f, this.ctx.cache.getTestSpecificationResult(f)?.duration]));
    const sizes = new Map(
      await Promise.all(files.map(async (f) => [f.moduleId, (await stat(f.moduleId).catch(() => undefined))?.size ?? 0] as const)),
    );
    const rank = (f: TestSpecification): [number, number] => {
      const ms = timed.get(f);
      if (ms === undefined) return [f.project.name === "site" ? 0 : 1, -(sizes.get(f.moduleId) ?? 0)];
      return [2, -ms];
    };
    return [...files].sort((a, b) => {
      const [ra, rb] = [rank(a), rank(b)];
      return ra[0] - rb[0] || ra[1] - rb[1];
    });
  }
}
