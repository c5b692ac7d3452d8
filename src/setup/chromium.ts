// Debian's chromium for the browser tests and the site benchmark: found at /usr/bin/chromium, or
// installed with apt (CI runs as root on Debian). Never a downloaded browser build.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = "/usr/bin/chromium";

/** Flags for a quiet, reproducible headless run (no network side traffic, no GPU, no sandbox as root). */
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export class ChromiumSetupError extends Error {
  readonly code = "CHROMIUM_MISSING";
}

function run(command: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", command], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output = (output + d).slice(-4000)));
    child.stderr.on("data", (d: Buffer) => (output = (output + d).slice(-4000)));
    const timer = setTimeout(() => {
      // The whole group: apt-get starts dpkg and its helpers.
      try { process.kill(-child.pid!, "SIGKILL"); } catch { /* already gone */ }
      reject(new ChromiumSetupError(`installing chromium took longer than ${timeoutMs / 1000} s; last output:\n${output}`));
    }, timeoutMs);
    child.on("error", (e) => { clearTimeout(timer); reject(e); });
    child.on("close", (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

let pending: Promise<string> | undefined;

/** The chromium binary, installing Debian's package first when it is missing. */
export function ensureChromium(options: { timeoutMs?: number } = {}): Promise<string> {
  pending ??= (async () => {
    if (existsSync(CHROMIUM)) return CHROMIUM;
    if (process.getuid?.() !== 0) {
      throw new ChromiumSetupError(`${CHROMIUM} is missing. Install Debian's package as root: apt-get update && apt-get install -y chromium`);
    }
    const { code, output } = await run("apt-get update && apt-get install -y --no-install-recommends chromium", options.timeoutMs ?? 10 * 60_000);
    if (code !== 0 || !existsSync(CHROMIUM)) {
      throw new ChromiumSetupError(`apt-get install chromium failed (exit ${code}); last output:\n${output}`);
    }
    return CHROMIUM;
  })();
  return pending;
}

if (process.argv[1]?.endsWith("chromium.ts")) {
  ensureChromium().then(
    (path) => console.log(path),
    (error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
