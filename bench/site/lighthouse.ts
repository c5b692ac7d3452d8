// Lighthouse (the npm package, default mobile profile: phone screen, simulated slow 4G and CPU)
// against one page, driving Debian's chromium over its DevTools port.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import lighthouse from "lighthouse";
import { CHROMIUM_ARGS, ensureChromium } from "../../src/setup/chromium.ts";

export interface LighthouseScores {
  performance: number;
  accessibility: number;
  /** Audits below a perfect score, for the report. */
  misses: string[];
}

export async function runLighthouse(url: string): Promise<LighthouseScores> {
  const chromium = await ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), "bench-lh-"));
  const child = spawn(chromium, [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank"], {
    stdio: ["ignore", "ignore", "pipe"],
    // Its own process group: chromium's helpers go down with it.
    detached: true,
  });
  try {
    // Ready when chromium says where DevTools listens.
    const port = await new Promise<number>((resolve, reject) => {
      let err = "";
      const timer = setTimeout(() => reject(new Error(`chromium did not open DevTools in 30 s:\n${err}`)), 30_000);
      child.stderr!.on("data", (d: Buffer) => {
        err += d;
        const m = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.on("exit", (code) => reject(new Error(`chromium exited (${code}):\n${err}`)));
    });
    const result = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] });
    if (!result) throw new Error("lighthouse returned no result");
    const { categories, audits } = result.lhr;
    const misses = Object.values(audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual")
      .map((a) => `${a.id} (${a.score})${a.displayValue ? `: ${a.displayValue}` : ""}`);
    return {
      performance: Math.round((categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
      misses,
    };
  } finally {
    const exited = new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once("exit", r)));
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
    await exited;
    // A helper may still be flushing into the profile for a moment.
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}
