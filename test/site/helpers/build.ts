// Building a site with the project's Astro (under Node 22, as `npm run build` does).
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";

export const REPO = resolve(import.meta.dirname, "../../..");
export const NODE = join(REPO, "node_modules/node/bin/node");
export const ASTRO = join(REPO, "node_modules/astro/bin/astro.mjs");

export interface BuildResult {
  code: number | null;
  /** stdout and stderr, colours removed. */
  log: string;
  dist: string;
  ms: number;
}

/**
 * `astro build --root <root>` (into `outDir`, default `<root>/dist`); never throws on a failed
 * build (tests look at the log).
 */
export function buildSite(root: string, env: Record<string, string> = {}, timeoutMs = 5 * 60_000, outDir = join(root, "dist")): Promise<BuildResult> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(NODE, [ASTRO, "build", "--root", root, "--outDir", outDir], {
      cwd: REPO,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", NO_COLOR: "1", FORCE_COLOR: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout.on("data", (d: Buffer) => (log += d));
    child.stderr.on("data", (d: Buffer) => (log += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      // eslint-disable-next-line no-control-regex
      done({ code, log: log.replace(/\x1b\[[0-9;]*m/g, ""), dist: outDir, ms: performance.now() - started });
    });
  });
}
