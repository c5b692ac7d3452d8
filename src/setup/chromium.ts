// Debian's chromium for the browser tests and the site benchmark: found at /usr/bin/chromium, or
// installed with apt (CI runs as root on Debian). Never a downloaded browser build.
import { existsSync } from "node:fs";
import { runProcess } from "../runner/os/index.ts";

export const CHROMIUM = "/usr/bin/chromium";

/** Flags for a quiet, reproducible headless run (no network side traffic, no GPU, no sandbox as root). */
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export class ChromiumSetupError extends Error {
  readonly code = "CHROMIUM_MISSING";
}

async function run(command: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  // In a process group of its own, so a time-out stops apt-get and the dpkg it started.
  const r = await runProcess("bash", ["-c", command], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, timeoutMs, group: true });
  const output = r.output.slice(-4000);
  if (r.timedOut) throw new ChromiumSetupError(`installing chromium took longer than ${timeoutMs / 1000} s; last output:\n${output}`);
  return { code: r.code, output };
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
