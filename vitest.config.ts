// `npm test`: the runner's own tests, the site's browser tests, and every playbook on every etcd
// series a playbook claims (the matrix), in one Vitest run.
import path from "node:path";
import { defineConfig } from "vitest/config";
import LongestFirst from "./test/helpers/sequencer.ts";
import { claimedSeries, discoverPlaybooks, PLAYBOOK_PATTERN, playbooksDir, usedSeries } from "./src/runner/playbooks/index.ts";
import { CountReporter, ResultsReporter } from "./src/runner/report/index.ts";
import { defaultSettings, playbookProjects, ROOT } from "./src/runner/vitest/main/index.ts";

const files = await discoverPlaybooks(ROOT);
const [series, others] = [await claimedSeries(ROOT, files), await usedSeries(ROOT, files)];
const playbooks = playbookProjects(
  series.map((s) => defaultSettings(s, others)),
  [`${path.relative(ROOT, playbooksDir(ROOT))}/${PLAYBOOK_PATTERN}`],
);

export default defineConfig({
  test: {
    // Playbooks spend their time waiting on etcd's timers and deadlines, not on the CPU: all of
    // them on 3.7 at three files at once took 180 s and 162 CPU-seconds. The whole suite at five
    // files at once took 10.3 minutes and 16 CPU-minutes (1.59 of the two cores); at four, before
    // the cuts of 2026-12-03, 13.5 minutes and 21 CPU-minutes.
    maxWorkers: 5,
    sequence: { sequencer: LongestFirst },
    reporters: ["default", new ResultsReporter(ROOT), new CountReporter()],
    projects: [
      {
        test: {
          name: "runner",
          include: ["test/**/*.test.ts"],
          exclude: ["test/site/**", "test/fixtures/**"],
          globalSetup: ["test/helpers/exit-guard-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "site",
          include: ["test/site/**/*.test.ts"],
          globalSetup: ["test/helpers/exit-guard-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
      ...playbooks,
    ],
  },
});
