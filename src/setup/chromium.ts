// Debian's chromium for the browser tests and the site benchmark: found at /usr/bin/chromium, or
// installed with apt (CI runs as root on Debian) by the one Debian-package installer
// (src/runner/os/debian-package.ts). Never a downloaded browser build.
import { ensureDebianTool } from "../runner/os/index.ts";

export const CHROMIUM = "/usr/bin/chromium";

/** Flags for a quiet, reproducible headless run (no network side traffic, no GPU, no sandbox as root). */
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export class ChromiumSetupError extends Error {
  readonly code = "CHROMIUM_MISSING";
}

/** The chromium binary, installing Debian's package first when it is missing. */
export async function ensureChromium(options: { timeoutMs?: number } = {}): Promise<string> {
  try {
    return await ensureDebianTool({ package: "chromium", binary: CHROMIUM }, options);
  } catch (error) {
    throw new ChromiumSetupError((error as Error).message, { cause: error });
  }
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
