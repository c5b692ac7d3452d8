// `--etcd-version 3.5` means the newest 3.5 release on every machine that can tell which that is:
// the story of a machine that got Debian's 3.5.16 before it had Go. Real downloads and a real
// build into a throwaway cache; the list of releases is the module proxy's.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { compareVersionsDesc, parseVersion, resolveEtcd } from "../../../../src/runner/etcd/binary/index.ts";
import { SOURCES } from "../../../../src/runner/etcd/binary/sources/index.ts";
import { findGo, moduleVersions } from "../../../../src/runner/go/index.ts";
import { BARE, machineEnv } from "./chains.ts";

const cacheDir = await mkdtemp(path.join(os.tmpdir(), "etcd-newest-test-"));
afterAll(() => rm(cacheDir, { recursive: true, force: true }));

const bare = BARE;

test(
  "Debian's 3.5 without Go, said to be maybe behind; with Go the cache passes it over and the newest is built; offline, the kept list still answers",
  async () => {
    let lines: string[] = [];
    const onProgress = (l: string) => lines.push(l);

    const debian = await resolveEtcd({ series: "3.5", cacheDir, env: bare, onProgress });
    const old = debian.version.version;
    expect(debian.source).toBe("debian");
    expect(lines).toContain(`etcd 3.5: Debian has ${old}, which may not be the newest 3.5 release (the runner reads etcd's list of releases with Go)`);
    // Still without Go, the cache is all it knows: the same binaries answer.
    expect(await resolveEtcd({ series: "3.5", cacheDir, env: bare })).toMatchObject({ source: "cache", version: debian.version });

    const env = machineEnv();
    const listed = await moduleVersions((await findGo(env))!, "go.etcd.io/etcd/server/v3", { env });
    const newest = listed
      .filter((v) => /^v3\.5\.\d+$/.test(v))
      .map((v) => parseVersion(v)!)
      .sort(compareVersionsDesc)[0]!.version;
    expect(compareVersionsDesc(parseVersion(newest)!, debian.version)).toBeLessThan(0);
    lines = [];
    const built = await resolveEtcd({ series: "3.5", cacheDir, env, onProgress });
    expect(built).toMatchObject({ source: "go", version: { version: newest } });
    expect(lines[0]).toBe(`etcd 3.5: not in ETCD_BIN, the cache or PATH; installing ${newest} (go)`);

    // Offline a day later: the list kept in the cache is too old to trust as current and cannot be
    // read again, yet it still says what is newest; a progress line says the answer may be behind.
    const file = path.join(cacheDir, "etcd-versions.json");
    const kept = JSON.parse(await readFile(file, "utf8"));
    await writeFile(file, JSON.stringify({ ...kept, checkedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() }));
    lines = [];
    expect(await resolveEtcd({ series: "3.5", cacheDir, env: bare, onProgress })).toMatchObject({ source: "cache", version: { version: newest } });
    expect(lines).toEqual([expect.stringMatching(/^etcd 3\.5: cannot read etcd's list of releases \(no Go toolchain .*\); using the list of \d{4}-\d\d-\d\d, which may not be the newest release$/)]);

    // PATH is held to the same rule: Debian's older etcd on PATH is passed over for a series.
    const finding = SOURCES.filter((s) => s.kind === "find" && s.name !== "cache");
    const error = await resolveEtcd({ series: "3.5", cacheDir, env: { ...bare, PATH: path.dirname(debian.etcd) }, sources: finding }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ETCD_NOT_FOUND" });
    expect((error as { details: string }).details).toContain(`PATH: ${debian.etcd} is ${old}, not the newest 3.5 release (${newest})`);
    // …but asked for by its exact version, it is used.
    expect(await resolveEtcd({ series: "3.5", exact: old, cacheDir, env: { ...bare, PATH: path.dirname(debian.etcd) }, sources: finding })).toMatchObject({ source: "PATH", etcd: debian.etcd });
  },
  15 * 60_000,
);
