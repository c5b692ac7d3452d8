// The etcd layer's tests alone: `npm exec -- vitest run -c test/runner/etcd/vitest.config.ts`.
// (They also run in the root config's "runner" project.)
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../../..", import.meta.url)),
    include: ["test/runner/etcd/**/*.test.ts"],
    testTimeout: 60_000,
    // The first run may download both series from Debian.
    hookTimeout: 240_000,
  },
});
