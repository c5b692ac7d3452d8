// The releases mirror for real: an archive in etcd's release layout, made from etcd binaries built
// from etcd's Go modules (the user's cache, as the etcd layer's tests get them), served with its
// SHA256SUMS on 127.0.0.1 and installed into throwaway caches; a corrupted archive is refused.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { resolveEtcd, type EtcdBinary } from "../../../../src/runner/etcd/index.ts";
import { binary } from "../helpers.ts";
import { machineEnv } from "./chains.ts";

const root = await mkdtemp(path.join(os.tmpdir(), "etcd-releases-test-"));
afterAll(() => rm(root, { recursive: true, force: true }));

let built: EtcdBinary;
let name: string;
let sum: string;
beforeAll(async () => {
  built = await binary("3.6");
  const v = built.version.version;
  name = `etcd-v${v}-linux-${({ x64: "amd64", arm64: "arm64" } as Record<string, string>)[process.arch]}`;
  const pack = path.join(root, "pack", name);
  await mkdir(pack, { recursive: true });
  for (const tool of ["etcd", "etcdctl", "etcdutl"]) await copyFile(path.join(path.dirname(built.etcd), tool), path.join(pack, tool));
  await writeFile(path.join(pack, "README.md"), "etcd release archive made by a test\n");
  const dir = path.join(root, "mirror", `v${v}`);
  await mkdir(dir, { recursive: true });
  // gzip -1: the test is about the checksum, not the size; level 6 costs ~15 s of CPU on 90 MB.
  execFileSync("tar", ["-I", "gzip -1", "-cf", path.join(dir, `${name}.tar.gz`), "-C", path.join(root, "pack"), name]);
  sum = createHash("sha256")
    .update(await readFile(path.join(dir, `${name}.tar.gz`)))
    .digest("hex");
  // As etcd publishes it: one line per file of the release, sum then two spaces then the name.
  await writeFile(path.join(dir, "SHA256SUMS"), `${"0".repeat(64)}  etcd-v${v}-darwin-arm64.zip\n${sum}  ${name}.tar.gz\n`);
}, 15 * 60_000);

/** Serves the mirror dir on 127.0.0.1; with `corrupt`, flips one byte in the middle of each archive. */
async function serve(corrupt = false): Promise<{ url: string; close: () => void }> {
  const server = http.createServer(async (req, res) => {
    const file = path.join(root, "mirror", path.normalize(decodeURIComponent(req.url ?? "/")));
    const body = await readFile(file).catch(() => undefined);
    if (!body) return void res.writeHead(404).end();
    const middle = body.length >> 1;
    if (corrupt && file.endsWith(".tar.gz")) body[middle] = body[middle]! ^ 0xff;
    res.writeHead(200, { "content-length": body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, close: () => server.close() };
}

describe("the releases source", () => {
  test("installs a release from the mirror, checked against SHA256SUMS", async () => {
    const mirror = await serve();
    const cacheDir = path.join(root, "cache-ok");
    try {
      const lines: string[] = [];
      // The exact version the mirror holds: a fresh cache reads the proxy's list anew, and a patch
      // release published since the shared cache last looked (3.6.17 appeared during a run here)
      // would send the series past the mirror to a Go build.
      const got = await resolveEtcd({ series: "3.6", exact: built.version.version, cacheDir, env: machineEnv({ ETCD_PLAYBOOKS_RELEASES_URL: mirror.url }), onProgress: (l) => lines.push(l) });
      const v = built.version.version;
      const url = `${mirror.url}v${v}/${name}.tar.gz`;
      expect(got).toMatchObject({ source: "releases", version: built.version, provenance: { source: "releases", from: url, sha256: { [`${name}.tar.gz`]: sum } } });
      expect(lines).toContain(`etcd ${v}: downloading ${url}… 100%`);
      expect(execFileSync(got.etcdutl!, ["version"], { encoding: "utf8" })).toContain(`etcdutl version: ${v}`);
      expect(await readdir(path.join(cacheDir, "etcd"))).toEqual([v]);
      expect(await readdir(path.join(cacheDir, "etcd", v))).toEqual(expect.arrayContaining(["etcd", "etcdctl", "etcdutl", "source.json"]));
    } finally {
      mirror.close();
    }
  });

  test("a corrupt archive is refused by its checksum: ETCD_DOWNLOAD_FAILED naming both sums, nothing installed", async () => {
    const mirror = await serve(true);
    const cacheDir = path.join(root, "cache-corrupt");
    try {
      const v = built.version.version;
      const error = await resolveEtcd({ series: "3.6", exact: v, cacheDir, env: machineEnv({ ETCD_PLAYBOOKS_RELEASES_URL: mirror.url }) }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "ETCD_DOWNLOAD_FAILED" });
      const url = `${mirror.url}v${v}`;
      expect((error as Error).message).toMatch(
        new RegExp(`^releases could not provide etcd ${v}: ${url}/${name}\\.tar\\.gz: SHA256 (?!${sum})[0-9a-f]{64} \\(\\d+ bytes\\) does not match ${sum} in ${url}/SHA256SUMS$`),
      );
      expect(await readdir(path.join(cacheDir, "etcd"))).toEqual([]);
    } finally {
      mirror.close();
    }
  });
});
