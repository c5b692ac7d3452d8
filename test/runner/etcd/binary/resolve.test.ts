// Finding and provisioning etcd for real: downloads from Debian's archive into throwaway caches
// (3.4: the smaller pair, ~13 MB), through a local proxy where a test needs tampered bytes. The
// Go build and the releases mirror have their own files; here the machine has no Go (BARE), so
// that Debian is what provides 3.5.
import { execFile, execFileSync } from "node:child_process";
import http from "node:http";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { resolveEtcd, type EtcdBinary } from "../../../../src/runner/etcd/index.ts";
import { binary } from "../helpers.ts";
import { BARE, NO_GO } from "./chains.ts";

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "etcd-cache-test-"));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

/** A loopback URL where nothing listens (fetch refuses well-known ports such as 1). */
async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

/** No ETCD_BIN, a PATH without etcd, and no Go. */
const bare = BARE;

/** A mirror in front of Debian's that flips one byte of every response whose path matches. */
async function tamperingMirror(match: RegExp): Promise<{ url: string; close: () => void }> {
  const server = http.createServer(async (req, res) => {
    const upstream = await fetch(`http://deb.debian.org/debian${req.url}`);
    const body = Buffer.from(await upstream.arrayBuffer());
    const middle = Math.floor(body.length / 2);
    if (match.test(req.url ?? "")) body[middle] = body[middle]! ^ 0xff;
    res.writeHead(upstream.status, { "content-length": body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() };
}

describe("resolveEtcd", () => {
  test("downloads from Debian once for two concurrent callers in two processes, verified, into the cache", async () => {
    const cacheDir = await tempDir();
    // What a download killed half-way leaves behind; the next download clears it.
    await mkdir(path.join(cacheDir, "etcd", ".tmp-3.4-killed", "tree"), { recursive: true });
    // One caller here, one in another process: the lock is a directory, shared across processes.
    const lines: string[][] = [[], []];
    const other = new Promise<{ binary: EtcdBinary; lines: string[] }>((resolve, reject) => {
      execFile(process.execPath, [path.join(import.meta.dirname, "fixtures", "resolve-once.ts"), "3.4", cacheDir], { encoding: "utf8", env: bare }, (error, stdout) =>
        error ? reject(error) : resolve(JSON.parse(stdout)),
      );
    });
    const [a, b] = await Promise.all([resolveEtcd({ series: "3.4", cacheDir, env: bare, onProgress: (l) => lines[0]!.push(l) }), other.then((o) => ((lines[1] = o.lines), o.binary))]);
    expect(a!.etcd).toBe(b!.etcd);
    expect([a!.source, b!.source].sort()).toEqual(["cache", "debian"]);
    const downloader = a!.source === "debian" ? 0 : 1;
    expect(lines[downloader]!.some((l) => /^etcd 3\.4\.\d+: downloading etcd-server \([\d.]+ MB\) from Debian bookworm… \d+%$/.test(l))).toBe(true);
    expect(lines[1 - downloader]!.some((l) => l.includes(": downloading etcd-"))).toBe(false);
    expect(lines[1 - downloader]!.some((l) => l.includes("is installing it; waiting"))).toBe(true);
    expect(lines[downloader]!.some((l) => l.includes("NOT verified"))).toBe(false);
    expect(a!.version.series).toBe("3.4");
    expect(a!.etcd).toBe(path.join(cacheDir, "etcd", a!.version.version, "etcd"));
    expect(execFileSync(a!.etcdctl, ["version"], { encoding: "utf8" })).toContain(`etcdctl version: ${a!.version.version}`);
    // Nothing half-done is left: no lock, no temp dir.
    expect(await readdir(path.join(cacheDir, "etcd"))).toEqual([a!.version.version]);
    const again = await resolveEtcd({ series: "3.4", cacheDir, env: bare });
    expect(again).toMatchObject({ source: "cache", etcd: a!.etcd });
  });

  test("a .deb whose SHA256 does not match Packages: ETCD_DOWNLOAD_FAILED, nothing installed", async () => {
    const cacheDir = await tempDir();
    const mirror = await tamperingMirror(/etcd-server_.*\.deb$/);
    try {
      const error = await resolveEtcd({ series: "3.4", cacheDir, env: { ...bare, ETCD_PLAYBOOKS_DEBIAN_MIRROR: mirror.url } }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "ETCD_DOWNLOAD_FAILED" });
      expect((error as Error).message).toMatch(/etcd-server_3\.4\.\d+.*_(amd64|arm64)\.deb: got \d+ bytes with SHA256 [0-9a-f]{64}; Packages says \d+ bytes, [0-9a-f]{64}/);
      expect(await readdir(path.join(cacheDir, "etcd"))).toEqual([]);
    } finally {
      mirror.close();
    }
  });

  test("a tampered InRelease fails its signature check: ETCD_DOWNLOAD_FAILED", async () => {
    const mirror = await tamperingMirror(/InRelease$/);
    try {
      await expect(resolveEtcd({ series: "3.5", cacheDir: await tempDir(), env: { ...bare, ETCD_PLAYBOOKS_DEBIAN_MIRROR: mirror.url } })).rejects.toMatchObject({
        code: "ETCD_DOWNLOAD_FAILED",
        message: expect.stringContaining("InRelease signature check failed"),
      });
    } finally {
      mirror.close();
    }
  });

  test("no binary, no Go and no network: ETCD_NOT_FOUND saying what was tried and how else to provide etcd", async () => {
    const cacheDir = await tempDir();
    const mirror = await deadUrl();
    const lines: string[] = [];
    const error = await resolveEtcd({ series: "3.5", cacheDir, env: { ...bare, ETCD_PLAYBOOKS_DEBIAN_MIRROR: mirror }, onProgress: (l) => lines.push(l) }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "ETCD_NOT_FOUND", message: "no source could provide etcd 3.5 (its newest patch release)" });
    expect((error as { details: string }).details.split("\n")).toEqual([
      "ETCD_BIN: not set",
      `cache: no 3.5.x in ${path.join(cacheDir, "etcd")}`,
      "PATH: no etcd",
      "releases: ETCD_PLAYBOOKS_RELEASES_URL is not set",
      `go: ${NO_GO}`,
      `debian: ${mirror}/dists/trixie/InRelease: fetch failed (ECONNREFUSED)`,
    ]);
    expect((error as { hint: string }).hint).toMatch(/ETCD_BIN.*ETCD_PLAYBOOKS_RELEASES_URL/);
    // Said once: without a list of releases, what the cache holds may be behind.
    expect(lines).toEqual([`etcd 3.5: cannot read etcd's list of releases (${NO_GO}); the newest 3.5.x in the cache answers, which may not be the newest release`]);
  });

  test("an unwritable cache dir: CACHE_UNWRITABLE naming it", async () => {
    const file = path.join(await tempDir(), "a-file");
    await writeFile(file, "");
    await expect(resolveEtcd({ series: "3.5", cacheDir: path.join(file, "cache"), env: bare })).rejects.toMatchObject({
      code: "CACHE_UNWRITABLE",
      message: expect.stringContaining(`cannot write the etcd cache dir ${path.join(file, "cache", "etcd")}`),
    });
  });

  test("ETCD_BIN wins; of the wrong series it is ETCD_VERSION_MISMATCH quoting etcd --version", async () => {
    const b34 = await binary("3.4");
    const ok = await resolveEtcd({ series: "3.4", cacheDir: await tempDir(), env: { ...bare, ETCD_BIN: b34.etcd } });
    expect(ok).toMatchObject({ source: "ETCD_BIN", etcd: b34.etcd, version: b34.version });
    const error = await resolveEtcd({ series: "3.5", env: { ...bare, ETCD_BIN: b34.etcd } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ETCD_VERSION_MISMATCH", message: `ETCD_BIN=${b34.etcd} is etcd ${b34.version.version}, but this run wants 3.5.x` });
    expect((error as { details: string }).details).toContain(`etcd Version: ${b34.version.version}`);
    await expect(resolveEtcd({ series: "3.5", env: { ETCD_BIN: "/nonexistent/etcd" } })).rejects.toMatchObject({ code: "ETCD_NOT_FOUND" });
  });

  test("PATH: an etcd of the wanted series is used; one of another series is skipped and reported", async () => {
    const [b34, b35] = [await binary("3.4"), await binary("3.5")];
    const env = { ...bare, PATH: [path.dirname(b34.etcd), path.dirname(b35.etcd)].join(":") };
    expect(await resolveEtcd({ series: "3.5", cacheDir: await tempDir(), env })).toMatchObject({ source: "PATH", etcd: b35.etcd, etcdctl: b35.etcdctl });
    const error = await resolveEtcd({ series: "3.5", cacheDir: await tempDir(), env: { ...bare, PATH: path.dirname(b34.etcd), ETCD_PLAYBOOKS_DEBIAN_MIRROR: await deadUrl() } }).catch(
      (e: unknown) => e,
    );
    expect((error as { details: string }).details).toContain(`PATH: ${b34.etcd} is ${b34.version.version}`);
  });
});
