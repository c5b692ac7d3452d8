// The Vitest projects that run playbooks: one per etcd series, so `--etcd-version all` is a
// matrix whose test names carry the series (`|etcd-3.6| …`), and filters, reporters and watch
// mode are Vitest's own. Each project hands its settings to its global set-up through `provide`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProjectInlineConfiguration } from "vitest/config";
import type { PlaybookSettings } from "../settings.ts";
import { playbookPlugin } from "./plugin.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, "../../../..");
export const GLOBAL_SETUP = path.join(here, "global-setup.ts");

/** A project per settings object: `etcd-<series>`, or `endpoints` against a user's cluster. */
export function playbookProjects(settings: PlaybookSettings[], include: string[]): TestProjectInlineConfiguration[] {
  return settings.map((s) => ({
    plugins: [playbookPlugin({ root: s.root })],
    test: {
      name: s.target ? "endpoints" : `etcd-${s.series}`,
      root: s.root,
      include,
      globalSetup: [GLOBAL_SETUP],
      // Members spend their time waiting on the network, not the CPU: run more files than cores.
      pool: "forks",
      fileParallelism: s.until === undefined,
      hookTimeout: 120_000,
      teardownTimeout: 30_000,
      provide: { playbooks: s },
    },
  }));
}

/** Settings of a project of a plain `npm test` run (no CLI options); `others`: the series playbooks also start. */
export function defaultSettings(series: string, others: string[] = []): PlaybookSettings {
  return { root: ROOT, series, keepData: "on-failure", defaultTimeoutMs: 30_000, ...(others.length ? { otherSeries: others } : {}) };
}
