// Building etcd from its official Go modules for real, into throwaway caches, with this machine's
// Go toolchain, module proxy and Go caches (a warm build takes 10–30 s; the first on a machine,
// minutes): one build for two processes asking at once, a build that fails, no Go toolchain, and
// a version that no source has.
import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { compareVersionsDesc, parseVersion, resolveEtcd, type EtcdBinary } from "../../../../src/runner/etcd/binary/index.ts";
import { findGo, moduleVersions } from "../../../../src/runner/go/index.ts";
import { BARE, machineEnv, NO_GO } from "./chains.ts";

const BUILD_MS = 15 * 60_000;
const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "etcd-go-test-"));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

const env = machineEnv();

/** The newest release of `series` on the module proxy, read here without the runner's record. */
async function newestOnProxy(series: string): Promise<string> {
  const listed = await moduleVersions((await findGo(env))!, "go.etcd.io/etcd/server/v3", { env });
  const releases = listed.filter((v) => new RegExp(`^v${series.replace(".", "\\.")}\\.\\d+$`).test(v)).map((v) => parseVersion(v)!);
  return releases.sort(compareVersionsDesc)[0]!.version;
}

/** An HTTP server on 127.0.0.1 that has nothing: every path is 404. */
async function emptyMirror(): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() };
}

describe("the go source", () => {
  test(
    "builds the newest 3.6 once for two processes asking at once, and records how",
    async () => {
      const cacheDir = await tempDir();
      const lines: string[][] = [[], []];
      const other = new Promise<{ binary: EtcdBinary; lines: string[] }>((resolve, reject) => {
        execFile(process.execPath, [path.join(import.meta.dirname, "fixtures", "resolve-once.ts"), "3.6", cacheDir], { encoding: "utf8", env }, (error, stdout) =>
          error ? reject(error) : resolve(JSON.parse(stdout)),
        );
      });
      const [a, b] = await Promise.all([resolveEtcd({ series: "3.6", cacheDir, env, onProgress: (l) => lines[0]!.push(l) }), other.then((o) => ((lines[1] = o.lines), o.binary))]);
      expect([a.source, b.source].sort()).toEqual(["cache", "go"]);
      expect(a.etcd).toBe(b.etcd);
      const version = await newestOnProxy("3.6");
      expect(a.version.version).toBe(version);
      const builder = a.source === "go" ? 0 : 1;
      expect(lines[builder]).toContainEqual(expect.stringMatching(new RegExp(`^etcd ${version}: building etcd, etcdctl and etcdutl with go1\\.`)));
      expect(lines[1 - builder]!.some((l) => l.includes(": building etcd"))).toBe(false);
      expect(lines[1 - builder]!.some((l) => l.includes("is installing it; waiting"))).toBe(true);

      const go = (await findGo(env))!;
      const recorded = JSON.parse(await readFile(path.join(cacheDir, "etcd", version, "source.json"), "utf8"));
      expect(recorded).toMatchObject({ source: "go", goVersion: go.versionLine, from: expect.stringContaining(`go.etcd.io/etcd/{server,etcdctl,etcdutl}/v3@v${version} built with ${go.version}`) });
      for (const m of ["server", "etcdctl", "etcdutl", "api", "client"]) {
        const key = `go.etcd.io/etcd/${m}/v3@v${version}`;
        expect(recorded.moduleSums[key], key).toMatch(/^h1:[A-Za-z0-9+/]{43}=$/);
      }
      expect(a.provenance).toEqual(b.provenance);
      expect(execFileSync(a.etcdctl, ["version"], { encoding: "utf8" })).toContain(`etcdctl version: ${version}`);
      expect(execFileSync(a.etcdutl!, ["version"], { encoding: "utf8" })).toContain(`etcdutl version: ${version}`);
      // Nothing half-done is left; beside the binaries, the kept list of releases.
      expect(await readdir(path.join(cacheDir, "etcd"))).toEqual([version]);
      expect((await readdir(cacheDir)).sort()).toEqual(["etcd", "etcd-versions.json"]);
      expect(await resolveEtcd({ series: "3.6", cacheDir, env })).toMatchObject({ source: "cache", etcd: a.etcd, provenance: { source: "go" } });
    },
    BUILD_MS,
  );

  test(
    "a build that fails: ETCD_BUILD_FAILED with the compiler's last lines, nothing in the cache",
    async () => {
      const cacheDir = await tempDir();
      // A C compiler that is not there: cgo's own package fails, as on a machine with a broken one.
      const broken = { ...env, CGO_ENABLED: "1", CC: "/nonexistent/cc" };
      const error = await resolveEtcd({ series: "3.7", cacheDir, env: broken }).catch((e: unknown) => e);
      const version = await newestOnProxy("3.7");
      expect(error).toMatchObject({ code: "ETCD_BUILD_FAILED", message: `go could not provide etcd 3.7 (its newest patch release): building etcd ${version}: go build exited with 1` });
      const details = (error as { details: string }).details;
      expect(details).toContain("# runtime/cgo");
      expect(details).toContain('cgo: C compiler "/nonexistent/cc" not found');
      expect(await readdir(path.join(cacheDir, "etcd"))).toEqual([]);
    },
    BUILD_MS,
  );

  test("no Go toolchain: ETCD_NOT_FOUND says how else to provide etcd", async () => {
    const cacheDir = await tempDir();
    const error = await resolveEtcd({ series: "3.7", cacheDir, env: BARE }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ETCD_NOT_FOUND", message: "no source could provide etcd 3.7 (its newest patch release)" });
    expect((error as { details: string }).details.split("\n")).toEqual([
      "ETCD_BIN: not set",
      `cache: no 3.7.x in ${path.join(cacheDir, "etcd")}`,
      "PATH: no etcd",
      "releases: ETCD_PLAYBOOKS_RELEASES_URL is not set",
      `go: ${NO_GO}`,
      "debian: Debian packages no etcd 3.7",
    ]);
  });

  test("a version no source has: ETCD_NOT_FOUND names it and what each source answered", async () => {
    const cacheDir = await tempDir();
    const mirror = await emptyMirror();
    try {
      const error = await resolveEtcd({ series: "3.6", exact: "3.6.99", cacheDir, env: { ...env, ETCD_PLAYBOOKS_RELEASES_URL: mirror.url } }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "ETCD_NOT_FOUND", message: "no source could provide etcd 3.6.99" });
      expect((error as { details: string }).details.split("\n")).toEqual([
        "ETCD_BIN: not set",
        `cache: no 3.6.99 in ${path.join(cacheDir, "etcd")}`,
        "PATH: no etcd",
        `releases: ${mirror.url}/v3.6.99/SHA256SUMS: HTTP 404 Not Found`,
        `go: the module proxy lists no go.etcd.io/etcd/server/v3 v3.6.99 (newest 3.6 release: ${await newestOnProxy("3.6")})`,
        "debian: Debian packages no etcd 3.6",
      ]);
    } finally {
      mirror.close();
    }
  });
});
