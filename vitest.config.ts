// `npm test`: the runner's own tests, the site's browser tests, and every playbook on every
// supported etcd series (the matrix), in one Vitest run.
import { defineConfig } from "vitest/config";
import { SUPPORTED_SERIES } from "./src/runner/etcd/binary/version.ts";
import { NOT_PLAYBOOKS } from "./src/runner/playbooks/discover.ts";
import { ResultsReporter } from "./src/runner/report/results-reporter.ts";
import { CountReporter } from "./src/runner/report/count-reporter.ts";
import { playbookProjects, ROOT } from "./src/runner/vitest/main/projects.ts";

const playbooks = playbookProjects({ series: [...SUPPORTED_SERIES] }).map((p) => ({
  ...p,
  test: { ...p.test, exclude: [...NOT_PLAYBOOKS] },
}));

export default defineConfig({
  test: {
    // Playbooks spend their time waiting on etcd's timers and deadlines, not on the CPU: three
    // files at once on two cores cut the wall time without starving the members (see bench/soak).
    maxWorkers: 3,
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
