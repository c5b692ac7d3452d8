// The Vitest projects that run playbooks: one per etcd series, so `--etcd-version all` is a
// matrix whose test names carry the series (`|etcd-3.4| …`), and filters, reporters and watch
// mode are Vitest's own.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProjectInlineConfiguration } from "vitest/config";
import { playbookPlugin } from "./plugin.ts";
import type { EndpointsTarget, PlaybookSettings } from "../settings.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, "../../../..");
export const GLOBAL_SETUP = path.join(here, "global-setup.ts");
export const PLAYBOOK_GLOB = "playbooks/**/*.mdx";

/** Options the main process passes to each project's global set-up. */
export interface ProjectOptions {
  series: string;
  target?: EndpointsTarget;
  until?: string;
  /** With --keep: where the worker writes what it kept and waits for the release file. */
  controlDir?: string;
  keepData: PlaybookSettings["keepData"];
  defaultTimeoutMs: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    playbookOptions: ProjectOptions;
  }
}

export function playbookProjects(options: {
  series: string[];
  include?: string[];
  target?: EndpointsTarget;
  until?: string;
  controlDir?: string;
  keepData?: PlaybookSettings["keepData"];
  defaultTimeoutMs?: number;
}): TestProjectInlineConfiguration[] {
  const series = options.target ? ["endpoints"] : options.series;
  return series.map((s) => ({
    plugins: [playbookPlugin({ root: ROOT })],
    test: {
      name: s === "endpoints" ? "endpoints" : `etcd-${s}`,
      root: ROOT,
      include: options.include ?? [PLAYBOOK_GLOB],
      globalSetup: [GLOBAL_SETUP],
      // Members spend their time waiting on the network, not the CPU: run more files than cores.
      pool: "forks",
      fileParallelism: options.until === undefined,
      hookTimeout: 120_000,
      teardownTimeout: 30_000,
      provide: {
        playbookOptions: {
          series: s,
          ...(options.target ? { target: options.target } : {}),
          ...(options.until ? { until: options.until } : {}),
          ...(options.controlDir ? { controlDir: options.controlDir } : {}),
          keepData: options.keepData ?? "on-failure",
          defaultTimeoutMs: options.defaultTimeoutMs ?? 30_000,
        },
      },
    },
  }));
}
